//! The syscall-emulation board behind `sim se` (gem5's `configs/deprecated/example/se.py`):
//! N cores of one CPU model, a cache hierarchy ([`super::hierarchy`]), a memory bus and
//! a memory ([`super::memory`]), running one or more static Linux binaries under the
//! SE kernel ([`SeKernel`]: threads, futexes, one process per `--cmd` entry).
//!
//! ```text
//!   system.cpu[N] (icache_port, dcache_port)      named system.cpu with one core
//!        │ caches per HierarchySpec
//!   system.membus ── mem_side_ports[0] ── system.mem_ctrls.port
//! ```

use super::hierarchy::{build_hierarchy, HierarchyClocks, HierarchyError};
use super::memory::build_memory;
use super::spec::{CpuKind, HierarchySpec, MemoryKind, Unsupported};
use crate::cpu::{
    AtomicCpu, AtomicCpuParams, ReservationMonitor, ThreadOs, TimingCpu, TimingCpuParams,
};
use crate::se::{ProcessError, SeKernel};
use sim_core::arch::{Fault, Isa};
use sim_core::component::{Component, ComponentId};
use sim_core::config::ConfigNode;
use sim_core::exit::ExitCause;
use sim_core::mem::BackingStore;
use sim_core::system::BuildError;
use sim_core::units::{parse_frequency, parse_mem_size, UnitError};
use sim_core::{AddrRange, Simulation, SystemBuilder, Tick};
use std::path::PathBuf;
use std::sync::Arc;
use thiserror::Error;

/// One process to run: a static binary and its arguments.
#[derive(Clone, Debug)]
pub struct SeWorkload {
    /// Guest binary.
    pub binary: PathBuf,
    /// Guest arguments (argv[1..]).
    pub args: Vec<String>,
}

/// Options of an SE run (the `sim se` command line, gem5 se.py's options).
#[derive(Clone, Debug)]
pub struct SeOptions {
    /// The processes; process `i` starts on core `i`.
    pub workloads: Vec<SeWorkload>,
    /// Guest environment (`VAR=value`), shared by every process.
    pub env: Vec<String>,
    /// Output directory.
    pub outdir: PathBuf,
    /// CPU model name (see [`CpuKind::parse`]).
    pub cpu_type: String,
    /// Number of cores (at least the number of processes).
    pub num_cores: usize,
    /// Caches between the cores and memory.
    pub hierarchy: HierarchySpec,
    /// Memory type (see [`MemoryKind::parse`]).
    pub mem_type: String,
    /// CPU clock ("2GHz").
    pub cpu_clock: String,
    /// System clock ("1GHz").
    pub sys_clock: String,
    /// Memory size ("512MiB").
    pub mem_size: String,
    /// Instruction limit (any core).
    pub max_insts: Option<u64>,
    /// Absolute tick limit.
    pub max_tick: Option<u64>,
    /// Trace every instruction (`--debug-flags=Exec`).
    pub trace_exec: bool,
    /// Print gem5-style exit messages on standard error.
    pub verbose: bool,
}

impl SeOptions {
    /// One binary on one atomic core without caches, gem5's defaults otherwise.
    pub fn new(binary: impl Into<PathBuf>, args: Vec<String>) -> SeOptions {
        SeOptions {
            workloads: vec![SeWorkload {
                binary: binary.into(),
                args,
            }],
            env: Vec::new(),
            outdir: PathBuf::from("m5out"),
            cpu_type: "atomic".into(),
            num_cores: 1,
            hierarchy: HierarchySpec::default(),
            mem_type: "SimpleMemory".into(),
            cpu_clock: "2GHz".into(),
            sys_clock: "1GHz".into(),
            mem_size: "512MiB".into(),
            max_insts: None,
            max_tick: None,
            trace_exec: false,
            verbose: false,
        }
    }
}

/// How the guest ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SeOutcome {
    /// Exited with this status (or the simulation stopped; status 0).
    Exited(i32),
    /// Killed by this signal (a fault the guest had no handler for, `abort()`).
    Signaled(i32),
}

/// Why an SE run could not start or continue.
#[derive(Debug, Error)]
pub enum SeError {
    /// A parameter has a bad value.
    #[error("parameter '{name}'")]
    Param {
        /// Parameter path.
        name: &'static str,
        /// What is wrong and what is allowed.
        source: UnitError,
    },
    /// A parameter names something unsupported.
    #[error("parameter '{name}' is '{value}'; allowed values: {allowed}")]
    Unsupported {
        /// Parameter path.
        name: &'static str,
        /// Given value.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// A parameter names something unsupported.
    #[error(transparent)]
    Spec(#[from] Unsupported),
    /// The cores and processes do not fit together.
    #[error("{0}")]
    Config(String),
    /// The binary could not be loaded.
    #[error(transparent)]
    Load(#[from] ProcessError),
    /// The cache hierarchy could not be built.
    #[error("building the cache hierarchy")]
    Hierarchy(#[from] HierarchyError),
    /// The system could not be built.
    #[error("building the system")]
    Build(#[from] BuildError),
    /// Output could not be written.
    #[error("output: {0}")]
    Io(#[from] std::io::Error),
}

/// Signal numbers used when the guest dies of a fault.
const SIGILL: i32 = 4;
const SIGTRAP: i32 = 5;
const SIGBUS: i32 = 7;
const SIGSEGV: i32 = 11;

/// The signal Linux would deliver for a fault (the guest has no handler in SE mode).
fn signal_for(f: Fault) -> i32 {
    match f {
        Fault::Decode { .. } | Fault::IllegalInst { .. } => SIGILL,
        Fault::Breakpoint { .. } => SIGTRAP,
        Fault::Misaligned { .. } => SIGBUS,
        _ => SIGSEGV,
    }
}

/// Build the SE system for ISA `I`, run it to completion and write `m5out`.
pub fn run_se<I: Isa>(opts: &SeOptions) -> Result<SeOutcome, SeError> {
    let cpu_kind = CpuKind::parse("cpu_type", &opts.cpu_type)?;
    let mem_kind = MemoryKind::parse("mem_type", &opts.mem_type)?;
    let clocks = HierarchyClocks {
        cpu: parse_frequency(&opts.cpu_clock).map_err(|source| SeError::Param {
            name: "cpu_clock",
            source,
        })?,
        system: parse_frequency(&opts.sys_clock).map_err(|source| SeError::Param {
            name: "sys_clock",
            source,
        })?,
    };
    let mem_size = parse_mem_size(&opts.mem_size)
        .map_err(|source| SeError::Param {
            name: "mem_size",
            source,
        })?
        .0;
    let n = opts.num_cores;
    if n == 0 || n > 256 {
        return Err(SeError::Config(format!(
            "parameter 'num_cores' is {n}; allowed values: 1 to 256"
        )));
    }
    if opts.workloads.len() > n {
        return Err(SeError::Config(format!(
            "{} processes need {} cores, but num_cores is {n} (each process starts on its own core)",
            opts.workloads.len(),
            opts.workloads.len()
        )));
    }
    let range = AddrRange::new(0, mem_size);
    let store = Arc::new(BackingStore::new(range));
    let kernel = SeKernel::new(I::linux(), store.clone());
    for w in &opts.workloads {
        let elf = std::fs::read(&w.binary).map_err(|e| ProcessError::Io {
            path: w.binary.clone(),
            source: e,
        })?;
        let mut argv = vec![w.binary.to_string_lossy().into_owned()];
        argv.extend(w.args.iter().cloned());
        kernel.spawn(&elf, &w.binary, &argv, &opts.env)?;
    }

    let monitor = ReservationMonitor::new();
    let mut b = SystemBuilder::new();
    let mut cpus = Vec::with_capacity(n);
    for i in 0..n {
        let path = if n == 1 {
            "system.cpu".to_string()
        } else {
            format!("system.cpu{i}")
        };
        let os: Box<dyn ThreadOs<I::Regs>> = Box::new(kernel.cpu_os(i));
        let cpu: Box<dyn Component> = match cpu_kind {
            CpuKind::Atomic => Box::new(AtomicCpu::<I>::new(
                AtomicCpuParams {
                    clock: clocks.cpu,
                    cpu_id: i as u32,
                    max_insts: opts.max_insts,
                    trace_exec: opts.trace_exec,
                    monitor: Some(monitor.clone()),
                    start_idle: true,
                },
                I::Regs::default(),
                0,
                Some(os),
            )),
            CpuKind::Timing => Box::new(TimingCpu::<I>::new(
                TimingCpuParams {
                    clock: clocks.cpu,
                    cpu_id: i as u32,
                    max_insts: opts.max_insts,
                    trace_exec: opts.trace_exec,
                    monitor: Some(monitor.clone()),
                    start_idle: true,
                },
                I::Regs::default(),
                0,
                Some(os),
            )),
        };
        let id = b.add(&path, cpu)?;
        kernel.set_cpu_component(i, id);
        cpus.push((id, path));
    }
    let bus_port = build_hierarchy(&mut b, &cpus, &opts.hierarchy, clocks, range)?;
    build_memory(&mut b, mem_kind, range, store, bus_port)?;
    let system = b.build()?;

    let mut sim = Simulation::new(system, &opts.outdir)?;
    let workload: Vec<String> = opts
        .workloads
        .iter()
        .map(|w| w.binary.to_string_lossy().into_owned())
        .collect();
    sim.add_container(
        ConfigNode::new("system", "System")
            .param("mem_mode", cpu_kind.mem_mode())
            .param(
                "mem_ranges",
                format!("{}:{}", range.start.0, range.end.0 - 1),
            )
            .param("cache_line_size", 64)
            .param("workload", workload.join(";")),
    );
    sim.write_config()?;
    let limit = opts.max_tick.map(Tick);
    let outcome = loop {
        let cause = sim.run(limit)?;
        if opts.verbose {
            eprintln!("Exiting @ tick {} because {}", sim.now().0, cause);
        }
        match cause {
            ExitCause::WorkBegin { .. } | ExitCause::WorkEnd { .. } | ExitCause::SwitchCpu => {
                continue
            }
            ExitCause::Checkpoint => {
                tracing::warn!("m5 checkpoint: checkpoints are not supported yet; continuing");
                continue;
            }
            ExitCause::Exit { code, ref message } => {
                break match crate::se::killed_by_signal(message) {
                    Some(sig) => SeOutcome::Signaled(sig),
                    None => SeOutcome::Exited(code as i32),
                }
            }
            ExitCause::Fail { code } => break SeOutcome::Exited(code as i32),
            ExitCause::GuestFault { message } => {
                eprintln!("sim: guest fault: {message}");
                let fault = cpus.iter().find_map(|(id, _)| cpu_fault::<I>(&sim, *id));
                break SeOutcome::Signaled(fault.map_or(SIGSEGV, signal_for));
            }
            _ => break SeOutcome::Exited(0),
        }
    };
    sim.dump_stats()?;
    Ok(outcome)
}

/// The guest fault that stopped CPU `id`, whichever model it is.
fn cpu_fault<I: Isa>(sim: &Simulation, id: ComponentId) -> Option<Fault> {
    let c = sim.system().component(id).as_any();
    if let Some(cpu) = c.downcast_ref::<AtomicCpu<I>>() {
        return cpu.fault();
    }
    c.downcast_ref::<TimingCpu<I>>().and_then(|cpu| cpu.fault())
}
