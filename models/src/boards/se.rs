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

use super::limits::OutOfRange;
use super::session::{RunProgress, SeSession, SIGSEGV};
use super::spec::{HierarchySpec, Unsupported};
use crate::se::{PathMap, ProcessError};
use sim_core::arch::Isa;
use sim_core::exit::ExitCause;
use sim_core::mem::MapError;
use sim_core::system::BuildError;
use sim_core::units::UnitError;
use sim_core::Tick;
use std::io::Write;
use std::path::PathBuf;
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
    /// The detailed CPUs' branch predictor (se.py's `--bp-type`: a gem5 class
    /// name); `None` keeps gem5's default (`TournamentBP`).
    pub bp_type: Option<String>,
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
    /// Where the guest's absolute paths live: `-L`/`--sysroot`, se.py's
    /// `--redirects` (written to `system.redirect_paths`) and `--interp-dir`.
    pub paths: PathMap,
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
            bp_type: None,
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
            paths: PathMap::default(),
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
    /// The driver stopped the run before the guest ended (Ctrl-C on `sim se`).
    Interrupted,
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
    /// A number is outside its allowed range ([`super::limits`]).
    #[error(transparent)]
    Range(#[from] OutOfRange),
    /// The host would not map the simulated memory.
    #[error("mem_size: {0}")]
    Memory(#[from] MapError),
    /// The cores and processes do not fit together.
    #[error("{0}")]
    Config(String),
    /// The binary could not be loaded.
    #[error(transparent)]
    Load(#[from] ProcessError),
    /// The program of the `Process` object at `path` could not be loaded (the
    /// `source` says why; error chains print it after the path).
    #[error("{path}.cmd")]
    Process {
        /// Path of the `Process` object.
        path: String,
        /// Why.
        source: ProcessError,
    },
    /// The system could not be built.
    #[error("building the system")]
    Build(#[from] BuildError),
    /// Output could not be written (the source names the file).
    #[error("output")]
    Io(#[from] std::io::Error),
}

/// Build the SE system for ISA `I`, run it to completion and write `m5out`.
///
/// Work items (`m5 workbegin`/`workend`), CPU switches and checkpoints do not stop
/// the run, as in gem5's `se.py`; stats are dumped once at the end. `stop` is asked
/// every millisecond of simulated time, with where the run stands; when it answers true the run ends
/// ([`SeOutcome::Interrupted`]) with the stats dumped, as gem5 does on Ctrl-C.
pub fn run_se<I: Isa>(
    opts: &SeOptions,
    mut stop: impl FnMut(RunProgress) -> bool,
) -> Result<SeOutcome, SeError> {
    let mut session = SeSession::build::<I>(opts)?;
    let limit = opts.max_tick.map(Tick);
    let outcome = loop {
        let cause = session.run_polling(limit, &mut stop)?;
        if opts.verbose {
            // Not eprintln!, which panics when standard error is a closed pipe.
            let _ = writeln!(
                std::io::stderr(),
                "Exiting @ tick {} because {}",
                session.now().0,
                cause
            );
        }
        match cause {
            ExitCause::WorkBegin { .. } | ExitCause::WorkEnd { .. } | ExitCause::SwitchCpu => {
                continue
            }
            ExitCause::Checkpoint => {
                sim_core::warn_counted!(
                    0,
                    "m5 checkpoint: checkpoints are not supported yet; continuing"
                );
                continue;
            }
            ExitCause::UserInterrupt => break SeOutcome::Interrupted,
            ExitCause::GuestFault { ref message } => {
                let _ = writeln!(std::io::stderr(), "sim: guest fault: {message}");
                break session.outcome().unwrap_or(SeOutcome::Signaled(SIGSEGV));
            }
            _ => break session.outcome().unwrap_or(SeOutcome::Exited(0)),
        }
    };
    session.dump_stats()?;
    Ok(outcome)
}
