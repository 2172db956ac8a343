//! The syscall-emulation board behind `sim se` (gem5's `configs/deprecated/example/se.py`):
//! one CPU, a memory bus and a memory, running one static Linux binary.
//!
//! ```text
//!   system.cpu (icache_port, dcache_port)
//!        │            │
//!   system.membus (cpu_side_ports[0..1]) ── mem_side_ports[0] ── system.mem_ctrl.port
//! ```

use crate::cpu::{AtomicCpu, AtomicCpuParams};
use crate::mem::{SimpleMemory, SimpleMemoryParams, XBar, XBarParams};
use crate::se::{Process, ProcessError, SeThreadOs};
use sim_core::arch::{Fault, Isa};
use sim_core::config::ConfigNode;
use sim_core::exit::ExitCause;
use sim_core::mem::BackingStore;
use sim_core::system::BuildError;
use sim_core::units::{parse_frequency, parse_mem_size, UnitError};
use sim_core::{AddrRange, Simulation, SystemBuilder, Tick};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use thiserror::Error;

/// Options of an SE run (the `sim se` command line).
#[derive(Clone, Debug)]
pub struct SeOptions {
    /// Guest binary.
    pub binary: PathBuf,
    /// Guest arguments (argv[1..]).
    pub args: Vec<String>,
    /// Guest environment (`VAR=value`).
    pub env: Vec<String>,
    /// Output directory.
    pub outdir: PathBuf,
    /// CPU model name.
    pub cpu_type: String,
    /// CPU clock ("2GHz").
    pub cpu_clock: String,
    /// System clock ("1GHz").
    pub sys_clock: String,
    /// Memory size ("512MiB").
    pub mem_size: String,
    /// Instruction limit.
    pub max_insts: Option<u64>,
    /// Absolute tick limit.
    pub max_tick: Option<u64>,
    /// Trace every instruction (`--debug-flags=Exec`).
    pub trace_exec: bool,
    /// Print gem5-style exit messages on standard error.
    pub verbose: bool,
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
    #[error("parameter '{name}': {source}")]
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
    /// The binary could not be loaded.
    #[error(transparent)]
    Load(#[from] ProcessError),
    /// The system could not be built.
    #[error("building the system: {0}")]
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
    if opts.cpu_type != "atomic" {
        return Err(SeError::Unsupported {
            name: "cpu_type",
            value: opts.cpu_type.clone(),
            allowed: "atomic",
        });
    }
    let cpu_clock = parse_frequency(&opts.cpu_clock).map_err(|source| SeError::Param {
        name: "cpu_clock",
        source,
    })?;
    let sys_clock = parse_frequency(&opts.sys_clock).map_err(|source| SeError::Param {
        name: "sys_clock",
        source,
    })?;
    let mem_size = parse_mem_size(&opts.mem_size)
        .map_err(|source| SeError::Param {
            name: "mem_size",
            source,
        })?
        .0;
    let range = AddrRange::new(0, mem_size);
    let store = Arc::new(BackingStore::new(range));

    let elf = std::fs::read(&opts.binary).map_err(|e| ProcessError::Io {
        path: opts.binary.clone(),
        source: e,
    })?;
    let mut argv = vec![opts.binary.to_string_lossy().into_owned()];
    argv.extend(opts.args.iter().cloned());
    let (process, start) = Process::load(
        &elf,
        &opts.binary,
        &argv,
        &opts.env,
        I::linux(),
        store.clone(),
    )?;
    let mut regs = I::Regs::default();
    start.apply(&mut regs, I::linux());
    let os = SeThreadOs::new(Arc::new(Mutex::new(process)), I::linux());

    let params = AtomicCpuParams {
        clock: cpu_clock,
        cpu_id: 0,
        max_insts: opts.max_insts,
        trace_exec: opts.trace_exec,
    };
    let cpu = AtomicCpu::<I>::new(params, regs, start.pc, Some(Box::new(os)));
    let mut b = SystemBuilder::new();
    let cpu = b.add("system.cpu", Box::new(cpu))?;
    let membus = b.add(
        "system.membus",
        Box::new(XBar::new(XBarParams::system(2, vec![range], sys_clock))),
    )?;
    let mem = b.add(
        "system.mem_ctrl",
        Box::new(SimpleMemory::new(SimpleMemoryParams::new(range), store)),
    )?;
    b.connect_named(cpu, "icache_port", membus, "cpu_side_ports[0]")?;
    b.connect_named(cpu, "dcache_port", membus, "cpu_side_ports[1]")?;
    b.connect_named(membus, "mem_side_ports[0]", mem, "port")?;
    let system = b.build()?;

    let mut sim = Simulation::new(system, &opts.outdir)?;
    sim.add_container(
        ConfigNode::new("system", "System")
            .param("mem_mode", "atomic")
            .param(
                "mem_ranges",
                format!("{}:{}", range.start.0, range.end.0 - 1),
            )
            .param("cache_line_size", 64)
            .param("workload", opts.binary.to_string_lossy().into_owned()),
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
                let fault = sim
                    .system()
                    .component(cpu)
                    .as_any()
                    .downcast_ref::<AtomicCpu<I>>()
                    .and_then(|c| c.fault());
                break SeOutcome::Signaled(fault.map_or(SIGSEGV, signal_for));
            }
            _ => break SeOutcome::Exited(0),
        }
    };
    sim.dump_stats()?;
    Ok(outcome)
}
