//! A built SE system that a driver steps through exit events: the `sim se` loop
//! ([`super::se::run_se`]) and the Python `Simulator` both drive one. Building checks
//! every parameter and writes the config files; [`SeSession::run`] simulates to the
//! next exit event; stats are dumped and reset only when the driver says so.

use super::limits;
use super::se::{SeError, SeOptions, SeOutcome};
use super::spec::{CpuKind, MemoryKind};
use crate::cpu::{AtomicCpu, TimingCpu};
use crate::se::{killed_by_signal, PathMap};
use sim_core::arch::{Fault, Isa};
use sim_core::component::ComponentId;
use sim_core::config::ConfigNode;
use sim_core::exit::ExitCause;
use sim_core::units::{parse_frequency, parse_mem_size, UnitError};
use sim_core::{Frequency, Simulation, Tick};
use std::path::Path;

/// Simulated ticks between two asks of [`SeSession::run_polling`]'s `stop` (1 ms of
/// simulated time: a few milliseconds of host time on the slowest CPU model).
pub const POLL_SLICE: u64 = 1_000_000_000;

/// Where a run stands, handed to [`SeSession::run_polling`]'s `stop` between slices
/// (for a progress display).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RunProgress {
    /// Current tick.
    pub tick: Tick,
    /// Instructions committed over all cores since the last stats reset.
    pub insts: u64,
}

/// Signal numbers used when the guest dies of a fault.
const SIGILL: i32 = 4;
const SIGTRAP: i32 = 5;
const SIGBUS: i32 = 7;
const SIGKILL: i32 = 9;
pub(super) const SIGSEGV: i32 = 11;

/// The signal Linux would deliver for a fault (the guest has no handler in SE mode).
fn signal_for(f: Fault) -> i32 {
    match f {
        Fault::Decode { .. } | Fault::IllegalInst { .. } => SIGILL,
        Fault::Breakpoint { .. } => SIGTRAP,
        Fault::Misaligned { .. } => SIGBUS,
        // Linux's OOM killer.
        Fault::OutOfMemory { .. } => SIGKILL,
        _ => SIGSEGV,
    }
}

/// Parse and check clock `name` (see [`limits::check_clock`]).
fn clock(name: &'static str, text: &str) -> Result<Frequency, SeError> {
    let freq =
        parse_frequency(text).map_err(|source| param_error(name, text, source, limits::CLOCK))?;
    Ok(limits::check_clock(name, freq, text)?)
}

/// A value that does not parse; one too large (or small) to represent at all is
/// reported with `limit`'s range, as any other value outside it.
fn param_error(name: &'static str, text: &str, source: UnitError, limit: limits::Limit) -> SeError {
    match source {
        UnitError::OutOfRange { .. } => SeError::Range(limits::OutOfRange {
            path: name.into(),
            value: text.trim().into(),
            allowed: limit.allowed(),
        }),
        source => SeError::Param { name, source },
    }
}

/// Finds the fault that stopped a CPU; chosen per ISA when the session is built, so
/// the session itself is not generic (the Python binding holds one).
type FaultOf = fn(&Simulation, ComponentId) -> Option<Fault>;

/// A built SE system, stepped one exit event at a time.
pub struct SeSession {
    sim: Simulation,
    cpus: Vec<ComponentId>,
    fault_of: FaultOf,
    /// The last cause that ended the guest (exit, fail, fault), once there is one.
    finished: Option<ExitCause>,
    /// A full-system session: no exit cause ends the guest for good (an `m5 exit`
    /// is an event the run may go on from, as in gem5).
    full_system: bool,
    /// Files the guests' standard streams were redirected to (gem5's `Process`
    /// `input`/`output`/`errout`), open as long as the session.
    _stdio_files: Vec<std::fs::File>,
}

impl SeSession {
    /// A session over a built simulation whose CPUs are `cpus`.
    pub(crate) fn from_parts(
        sim: Simulation,
        cpus: Vec<ComponentId>,
        fault_of: FaultOf,
        stdio_files: Vec<std::fs::File>,
    ) -> SeSession {
        SeSession {
            sim,
            cpus,
            fault_of,
            finished: None,
            full_system: false,
            _stdio_files: stdio_files,
        }
    }

    /// The same session, running a full system (see [`SeSession::run`]).
    pub(crate) fn full_system(mut self) -> SeSession {
        self.full_system = true;
        self
    }

    /// Write config.ini, config.json and config.dot made from the simulation's own
    /// tree (the Rust front end's; Python writes its own with
    /// [`write_config_files`](Self::write_config_files)).
    pub fn write_own_config(&mut self) -> Result<(), SeError> {
        Ok(self.sim.write_config()?)
    }

    /// Write config.ini, config.json and config.dot as a front end made them from
    /// the object tree (the Python `m5.instantiate()`), each file whole.
    pub fn write_config_files(&mut self, ini: &str, json: &str, dot: &str) -> Result<(), SeError> {
        self.sim.write_output("config.ini", ini.as_bytes())?;
        self.sim.write_output("config.json", json.as_bytes())?;
        self.sim.write_output("config.dot", dot.as_bytes())?;
        Ok(())
    }

    /// Start the traffic generator at `path` on `phases` (a JSON list of gem5's
    /// linear, random, idle and exit phases, as `PyTrafficGen.start` sends them).
    pub fn start_traffic(&mut self, path: &str, phases: &str) -> Result<(), SeError> {
        use crate::mem::traffic_gen::{TrafficGen, TrafficPhase};
        let phases: Vec<TrafficPhase> = serde_json::from_str(phases)
            .map_err(|e| SeError::Config(format!("{path}.start: bad phases: {e}")))?;
        let now = self.sim.now();
        let system = self.sim.system_mut();
        let gen = system
            .find(path)
            .and_then(|id| {
                system
                    .component_mut(id)
                    .as_any_mut()
                    .downcast_mut::<TrafficGen>()
            })
            .ok_or_else(|| SeError::Config(format!("{path}: is not a traffic generator")))?;
        gen.start(phases, now)
            .map_err(|e| SeError::Config(e.to_string()))
    }

    /// Check the options, load the binaries, build the system for ISA `I` and write
    /// config.ini/config.json/config.dot.
    pub fn build<I: Isa>(opts: &SeOptions) -> Result<SeSession, SeError> {
        let cpu_kind = CpuKind::parse("cpu_type", &opts.cpu_type)?;
        if let Some(t) = &opts.bp_type {
            crate::build::bpred_nodes::check_bp_type("bp_type", t)?;
            if matches!(cpu_kind, CpuKind::Atomic | CpuKind::Timing) {
                return Err(crate::boards::spec::Unsupported {
                    name: "bp_type".into(),
                    value: t.clone(),
                    allowed: "a predictor of a detailed CPU (--cpu-type minor); the simple CPUs have none".into(),
                }
                .into());
            }
        }
        let mem_kind = MemoryKind::parse("mem_type", &opts.mem_type)?;
        let cpu_clock = clock("cpu_clock", &opts.cpu_clock)?;
        let sys_clock = clock("sys_clock", &opts.sys_clock)?;
        let mem_size = parse_mem_size(&opts.mem_size)
            .map_err(|e| param_error("mem_size", &opts.mem_size, e, limits::MEM_SIZE))?
            .0;
        limits::MEM_SIZE.check_shown("mem_size", mem_size, || opts.mem_size.trim().into())?;
        let n = opts.num_cores;
        limits::check_num_cores("num_cores", n as u64, opts.hierarchy.kind)?;
        limits::check_hierarchy(&opts.hierarchy, n as u64)?;
        if let Some(max) = opts.max_insts {
            limits::MAX_INSTS.check("max_insts", max)?;
        }
        if let Some(max) = opts.max_tick {
            limits::MAX_TICK.check("abs_max_tick", max)?;
        }
        if opts.workloads.len() > n {
            return Err(SeError::Config(format!(
                "{} processes need {} cores, but num_cores is {n} (each process starts on its own core)",
                opts.workloads.len(),
                opts.workloads.len()
            )));
        }
        let tree = crate::build::se_tree::se_tree(
            opts,
            cpu_kind,
            mem_kind,
            (cpu_clock, sys_clock),
            mem_size,
        );
        let tree = sim_core::config::object_tree::ObjectTree::from_value(&tree)
            .map_err(|e| SeError::Config(e.to_string()))?;
        let run = crate::build::TreeRunOptions {
            outdir: opts.outdir.clone(),
            trace_exec: opts.trace_exec,
            // The redirects are in the tree (`system.redirect_paths`).
            paths: PathMap {
                redirects: Vec::new(),
                ..opts.paths.clone()
            },
        };
        let mut session = crate::build::env::build::<I>(&tree, &run)?;
        let workload: Vec<String> = opts
            .workloads
            .iter()
            .map(|w| w.binary.to_string_lossy().into_owned())
            .collect();
        let sim = &mut session.sim;
        sim.add_container(
            ConfigNode::new("system", "System")
                .param("mem_mode", cpu_kind.mem_mode())
                .param("mem_ranges", format!("{}:{}", 0, mem_size - 1))
                .param("cache_line_size", 64)
                .param("workload", workload.join(";")),
        );
        sim.write_config()?;
        Ok(session)
    }

    /// Simulate to the next exit event or to absolute tick `limit`. After the guest
    /// has ended (exit, fail, fault) there is nothing left to run: an error says so.
    pub fn run(&mut self, limit: Option<Tick>) -> Result<ExitCause, SeError> {
        if let Some(done) = &self.finished {
            return Err(SeError::Config(format!(
                "the simulation has ended ({done}); there is nothing left to run"
            )));
        }
        let cause = self.sim.run(limit)?;
        if cause.is_terminal() && !self.full_system {
            self.finished = Some(cause.clone());
        }
        Ok(cause)
    }

    /// [`run`](Self::run), in slices of [`POLL_SLICE`] simulated ticks with `stop`
    /// asked between them. When it answers true the run ends with
    /// [`ExitCause::UserInterrupt`], as gem5 does on Ctrl-C; the simulation can go on
    /// from there. The output directory is checked between slices too: an error if it
    /// became unwritable, rewritten if it was removed. Stopping at a slice boundary and going on changes nothing in the
    /// simulation (the stats are byte-identical to an unsliced run).
    pub fn run_polling(
        &mut self,
        limit: Option<Tick>,
        mut stop: impl FnMut(RunProgress) -> bool,
    ) -> Result<ExitCause, SeError> {
        loop {
            let now = self.now().0;
            if limit.is_some_and(|t| t.0 <= now) {
                return Ok(ExitCause::MaxTick);
            }
            let slice_end = now.saturating_add(POLL_SLICE);
            let slice_limit = limit.map_or(slice_end, |t| t.0.min(slice_end));
            let cause = self.run(Some(Tick(slice_limit)))?;
            if cause != ExitCause::MaxTick || limit == Some(Tick(slice_limit)) {
                return Ok(cause);
            }
            let progress = RunProgress {
                tick: self.now(),
                insts: self.committed().0,
            };
            if stop(progress) {
                return Ok(ExitCause::UserInterrupt);
            }
            // A removed or unwritable output directory is noticed within a slice,
            // not after the whole run (see `Simulation::check_outdir`).
            self.sim.check_outdir()?;
        }
    }

    /// How the guest ended, once it has: its exit status or the signal that killed it.
    pub fn outcome(&self) -> Option<SeOutcome> {
        match self.finished.as_ref()? {
            ExitCause::Exit { code, message } => Some(match killed_by_signal(message) {
                Some(sig) => SeOutcome::Signaled(sig),
                None => SeOutcome::Exited(*code as i32),
            }),
            ExitCause::Fail { code } => Some(SeOutcome::Exited(*code as i32)),
            ExitCause::GuestFault { .. } => {
                let fault = self
                    .cpus
                    .iter()
                    .find_map(|&id| (self.fault_of)(&self.sim, id));
                Some(SeOutcome::Signaled(fault.map_or(SIGSEGV, signal_for)))
            }
            _ => None,
        }
    }

    /// Current tick.
    pub fn now(&self) -> Tick {
        self.sim.now()
    }

    /// Instructions and ops committed since the last stats reset, over all cores.
    pub fn committed(&self) -> (u64, u64) {
        self.sim.committed()
    }

    /// Append a block to stats.txt (and rewrite stats.json).
    pub fn dump_stats(&mut self) -> Result<(), SeError> {
        Ok(self.sim.dump_stats()?)
    }

    /// Zero every statistic.
    pub fn reset_stats(&mut self) {
        self.sim.reset_stats();
    }

    /// The output directory.
    pub fn outdir(&self) -> &Path {
        self.sim.outdir()
    }
}

/// The guest fault that stopped CPU `id`, whichever model it is.
pub(crate) fn cpu_fault<I: Isa>(sim: &Simulation, id: ComponentId) -> Option<Fault> {
    let c = sim.system().component(id).as_any();
    if let Some(cpu) = c.downcast_ref::<AtomicCpu<I>>() {
        return cpu.fault();
    }
    c.downcast_ref::<TimingCpu<I>>().and_then(|cpu| cpu.fault())
}
