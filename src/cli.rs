//! The `sim` command line: parses options, picks the ISA from the binary and hands
//! everything to the library (`models::boards::se`, `sim_core`). The same entry point
//! serves the `sim` binary and the Python package's `sim` command ([`main_with_args`]).

use crate::debug_output::{self, eprint_line, TraceOutput};
use crate::interrupt::Interrupts;
use crate::progress::{ProgressLine, ProgressMode};
use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use models::boards::limits;
use models::boards::se::{SeOptions, SeOutcome, SeWorkload};
use models::boards::spec::{
    parse_stride_prefetcher, CacheSpec, HierarchyKind, HierarchySpec, Replacement,
};
use models::se::{PathMap, RedirectPath};
use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::sync::Arc;

mod fs;
mod term;

#[derive(Parser)]
#[command(
    name = "sim",
    version,
    about = "A cycle-level computer-architecture simulator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once at startup: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run a static Linux binary under syscall emulation (like gem5's se.py).
    Se(SeArgs),
    /// Boot a RISC-V full system: firmware, kernel, initrd (like gem5's fs.py).
    Fs(fs::FsArgs),
    /// Attach to a simulated system's terminal: `sim term PORT [HOST]` (gem5's m5term;
    /// `~.` at the start of a line leaves).
    Term(term::TermArgs),
    /// Read a stats.txt: `sim stats FILE [--grep PATTERN] [--diff OTHER] [--block N] [--host]`.
    ///
    /// The analysis lives in the Python package (`sim.stats`); this runs it with
    /// `python3`, finding the package in the source tree when it is not installed.
    #[command(disable_help_flag = true)]
    Stats {
        /// Arguments for `sim.stats.cli` (`--help` lists them).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run a Python config script: `sim run [-d OUTDIR] SCRIPT.py [ARGS...]`.
    ///
    /// The config API is the Python package `sim` with its Rust extension; install it
    /// as the README says (`.venv`). The script sees `sys.argv = [SCRIPT.py, ARGS...]`.
    #[command(disable_help_flag = true)]
    Run {
        /// Options, the script and its arguments (`sim run --help` lists the options).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

/// `sim stats ...`: run the Python stats command.
fn stats(args: &[String]) -> Result<i32> {
    python_module("sim.stats.cli", args, "sim stats")
}

/// `sim run ...`: run a Python config script with the Python package's `sim run`.
fn run(args: &[String]) -> Result<i32> {
    let mut all = vec!["run".to_string()];
    all.extend(args.iter().cloned());
    python_module("sim", &all, "sim run")
}

/// Run `python -m module args...` with the repository's Python package on the path,
/// as if it were this process: stop signals are passed on to it, and its exit
/// status or killing signal becomes ours (see [`crate::child`]).
///
/// The interpreter is `$SIM_PYTHON`, else the repository's `.venv` (where the README
/// installs the package and its Rust extension), else `python3`.
fn python_module(module: &str, args: &[String], what: &str) -> Result<i32> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join(".venv/bin/python");
    let python = match std::env::var_os("SIM_PYTHON") {
        Some(p) => PathBuf::from(p),
        None if venv.exists() => venv,
        None => PathBuf::from("python3"),
    };
    let tree = root.join("python");
    let mut path = std::env::var_os("PYTHONPATH").unwrap_or_default();
    if tree.is_dir() {
        let mut p = tree.into_os_string();
        if !path.is_empty() {
            p.push(":");
            p.push(&path);
        }
        path = p;
    }
    let mut child = std::process::Command::new(&python);
    child
        .args(["-m", module])
        .args(args)
        .env("PYTHONPATH", path);
    let status = crate::child::run_as_one(&mut child).with_context(|| {
        format!(
            "cannot run {} for `{what}` (install Python 3)",
            python.display()
        )
    })?;
    // Die as the child died, so that a shell sees `sim` killed by that signal.
    if let Some(sig) = status.signal() {
        crate::die_by_signal(sig);
        return Ok(128 + sig);
    }
    Ok(status.code().unwrap_or(1))
}

#[derive(Args)]
struct SeArgs {
    /// Output directory for stats.txt, config.ini and friends.
    #[arg(short = 'd', long = "outdir", default_value = "m5out")]
    outdir: PathBuf,
    /// Comma-separated debug flags (Exec: one trace line per instruction;
    /// O3PipeView: gem5's pipeline trace of the o3 CPU).
    #[arg(long = "debug-flags", value_delimiter = ',')]
    debug_flags: Vec<String>,
    /// Write debug output to this file instead of standard output.
    #[arg(long = "debug-file")]
    debug_file: Option<PathBuf>,
    /// Trace from this tick on (gem5's --debug-start).
    #[arg(long = "debug-start", default_value_t = 0)]
    debug_start: u64,
    /// Stop tracing at this tick (gem5's --debug-end).
    #[arg(long = "debug-end")]
    debug_end: Option<u64>,
    /// CPU model: atomic, timing or minor (gem5's AtomicSimpleCPU, TimingSimpleCPU, MinorCPU).
    #[arg(long = "cpu-type", alias = "cpu", default_value = "atomic")]
    cpu_type: String,
    /// Branch predictor of the detailed CPUs: LocalBP, BiModeBP, TournamentBP (the
    /// default), TAGE or LTAGE (se.py's --bp-type).
    #[arg(long = "bp-type")]
    bp_type: Option<String>,
    /// Number of cores.
    #[arg(
        short = 'n',
        long = "num-cores",
        alias = "num-cpus",
        default_value_t = 1
    )]
    num_cores: usize,
    /// Private L1 instruction and data caches per core.
    #[arg(long = "caches")]
    caches: bool,
    /// An L2 cache shared by all cores (as se.py); needs --caches.
    #[arg(long = "l2cache")]
    l2cache: bool,
    /// Make the L2 private to each core instead of shared (with --l2cache).
    #[arg(long = "private-l2")]
    private_l2: bool,
    /// L1 data cache size.
    #[arg(long = "l1d-size", alias = "l1d_size", default_value = "64KiB")]
    l1d_size: String,
    /// L1 instruction cache size.
    #[arg(long = "l1i-size", alias = "l1i_size", default_value = "32KiB")]
    l1i_size: String,
    /// L2 cache size.
    #[arg(long = "l2-size", alias = "l2_size", default_value = "2MiB")]
    l2_size: String,
    /// L1 data cache associativity.
    #[arg(long = "l1d-assoc", alias = "l1d_assoc", default_value_t = 2)]
    l1d_assoc: usize,
    /// L1 instruction cache associativity.
    #[arg(long = "l1i-assoc", alias = "l1i_assoc", default_value_t = 2)]
    l1i_assoc: usize,
    /// L2 cache associativity.
    #[arg(long = "l2-assoc", alias = "l2_assoc", default_value_t = 8)]
    l2_assoc: usize,
    /// Cache line size in bytes (only 64 is supported).
    #[arg(
        long = "cacheline-size",
        alias = "cacheline_size",
        default_value_t = 64
    )]
    cacheline_size: u64,
    /// Replacement policy of every cache: LRU, Random, TreePLRU or BRRIP.
    #[arg(long = "replacement-policy", default_value = "LRU")]
    replacement_policy: String,
    /// Hardware prefetcher of the L1 data caches (StridePrefetcher).
    #[arg(long = "l1d-hwp-type", alias = "l1d_hwp_type")]
    l1d_hwp_type: Option<String>,
    /// Hardware prefetcher of the L1 instruction caches (StridePrefetcher).
    #[arg(long = "l1i-hwp-type", alias = "l1i_hwp_type")]
    l1i_hwp_type: Option<String>,
    /// Hardware prefetcher of the L2 caches (StridePrefetcher).
    #[arg(long = "l2-hwp-type", alias = "l2_hwp_type")]
    l2_hwp_type: Option<String>,
    /// Memory: SimpleMemory, DDR3_1600_8x8 or DDR4_2400_8x8.
    #[arg(long = "mem-type", alias = "mem_type", default_value = "SimpleMemory")]
    mem_type: String,
    /// Programs to run, one process per core, separated by ';' (gem5's --cmd).
    #[arg(short = 'c', long = "cmd")]
    cmd: Option<String>,
    /// Arguments of the --cmd programs, ';'-separated per program (gem5's --options).
    #[arg(short = 'o', long = "options")]
    options: Option<String>,
    /// CPU clock frequency.
    #[arg(long = "cpu-clock", default_value = "2GHz")]
    cpu_clock: String,
    /// System (memory bus) clock frequency.
    #[arg(long = "sys-clock", default_value = "1GHz")]
    sys_clock: String,
    /// Physical memory size.
    #[arg(long = "mem-size", default_value = "512MiB")]
    mem_size: String,
    /// Stop after this many instructions.
    #[arg(short = 'I', long = "maxinsts")]
    max_insts: Option<u64>,
    /// Stop at this absolute tick.
    #[arg(short = 'm', long = "abs-max-tick")]
    max_tick: Option<u64>,
    /// File of VAR=value lines to use as the guest environment (default: the host's).
    #[arg(short = 'e', long = "env")]
    env_file: Option<PathBuf>,
    /// Print gem5-style progress and exit messages on standard error.
    #[arg(short = 'v', long = "verbose")]
    verbose: bool,
    /// Show a progress line (simulated time, instructions, MIPS) on a terminal, even
    /// when the guest's output goes to the same terminal.
    #[arg(long = "progress", conflicts_with = "no_progress")]
    progress: bool,
    /// Never show the progress line (by default it shows on a terminal when the
    /// guest's standard output is redirected).
    #[arg(long = "no-progress")]
    no_progress: bool,
    /// The guest's root directory (qemu-user's -L): absolute paths the guest opens,
    /// stats or executes, and the ELF interpreter, are looked up under DIR first.
    #[arg(short = 'L', long = "sysroot", value_name = "DIR")]
    sysroot: Option<PathBuf>,
    /// Redirect guest paths starting with /from to the host's /to (gem5 se.py's
    /// --redirects; repeatable).
    #[arg(long = "redirects", value_name = "/from=/to")]
    redirects: Vec<String>,
    /// Load the ELF interpreter from DIR followed by its path (gem5 se.py's --interp-dir).
    #[arg(long = "interp-dir", value_name = "DIR")]
    interp_dir: Option<PathBuf>,
    /// The guest binary (static ELF; its ISA selects the simulated CPU's ISA).
    /// Leave it out when --cmd names the programs.
    binary: Option<PathBuf>,
    /// Arguments passed to the guest.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// Check the debug flags and send their trace to standard output or `file`, and
/// warnings to standard error (see [`crate::debug_output`]).
fn init_tracing(
    flags: &[String],
    file: Option<&PathBuf>,
    window: (u64, Option<u64>),
) -> Result<Arc<TraceOutput>> {
    models::cpu::trace::set_window(window.0, window.1.unwrap_or(u64::MAX));
    let known = ["Exec", "ExecAll", "Syscall", "O3PipeView"];
    for f in flags {
        if !known.contains(&f.as_str()) {
            bail!(
                "unknown debug flag '{f}' (known flags: {})",
                known.join(", ")
            );
        }
    }
    let targets: Vec<&str> = flags
        .iter()
        .map(|f| if f == "ExecAll" { "Exec" } else { f.as_str() })
        .collect();
    let trace = match file {
        Some(path) => TraceOutput::create_file(path)
            .with_context(|| format!("cannot create debug file {}", path.display()))?,
        None => TraceOutput::stdout(),
    };
    debug_output::install(&targets, trace.clone());
    Ok(trace)
}

fn guest_env(file: Option<&PathBuf>) -> Result<Vec<String>> {
    match file {
        Some(path) => {
            let text = crate::input::read_bounded_text(
                path,
                "environment file",
                crate::input::ENV_FILE_MAX,
            )?;
            Ok(text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect())
        }
        None => Ok(std::env::vars().map(|(k, v)| format!("{k}={v}")).collect()),
    }
}

fn se(args: SeArgs) -> Result<i32> {
    let trace = init_tracing(
        &args.debug_flags,
        args.debug_file.as_ref(),
        (args.debug_start, args.debug_end),
    )?;
    let exec_trace = args
        .debug_flags
        .iter()
        .any(|f| f == "Exec" || f == "ExecAll");
    let opts = SeOptions {
        workloads: workloads(&args)?,
        env: guest_env(args.env_file.as_ref())?,
        outdir: args.outdir.clone(),
        cpu_type: args.cpu_type.clone(),
        bp_type: args.bp_type.clone(),
        num_cores: args.num_cores,
        hierarchy: hierarchy(&args)?,
        mem_type: args.mem_type.clone(),
        cpu_clock: args.cpu_clock.clone(),
        sys_clock: args.sys_clock.clone(),
        mem_size: args.mem_size.clone(),
        max_insts: args.max_insts,
        max_tick: args.max_tick,
        trace_exec: exec_trace,
        verbose: args.verbose,
        paths: path_map(&args)?,
    };
    let interrupts = Interrupts::install().context("cannot install the Ctrl-C handler")?;
    let mut progress = ProgressLine::new(match (args.progress, args.no_progress) {
        (true, _) => ProgressMode::Always,
        (_, true) => ProgressMode::Never,
        _ => ProgressMode::Auto,
    });
    // A failed trace stops the run at its next poll, like Ctrl-C.
    let result = crate::run_se_for_elf(&opts, |at| {
        progress.update(at);
        interrupts.received().is_some() || trace.failed()
    });
    progress.clear();
    sim_core::warnings::report_repeats();
    let traced = trace.finish();
    let outcome = result?;
    let stats = opts.outdir.join("stats.txt");
    if let Err(message) = traced {
        if outcome == SeOutcome::Interrupted {
            bail!(
                "{message}; stopped the run (the stats so far are in {})",
                stats.display()
            );
        }
        bail!("{message}");
    }
    if outcome == SeOutcome::Interrupted {
        let sig = interrupts.received().unwrap_or(libc::SIGINT);
        eprint_line(format_args!(
            "sim: interrupted by {}; the stats so far are in {}",
            signal_name(sig),
            stats.display()
        ));
        return Ok(finish(SeOutcome::Signaled(sig)));
    }
    Ok(finish(outcome))
}

/// The name of a stop signal, for messages.
fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGINT => "SIGINT (Ctrl-C)",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// The processes to run: the positional binary and its arguments, or gem5-style
/// `--cmd "a;b" --options "x y;z"` (one process per core).
fn workloads(args: &SeArgs) -> Result<Vec<SeWorkload>> {
    match (&args.cmd, &args.binary) {
        (Some(_), Some(b)) => bail!(
            "give the program either as --cmd or as the positional binary ({}), not both",
            b.display()
        ),
        (None, None) => bail!("no guest program: give a binary (or --cmd \"prog1;prog2\")"),
        (None, Some(b)) => {
            if args.options.is_some() {
                bail!("--options goes with --cmd; put the arguments after the binary instead");
            }
            Ok(vec![SeWorkload {
                binary: b.clone(),
                args: args.args.clone(),
            }])
        }
        (Some(cmd), None) => {
            let opts: Vec<&str> = args
                .options
                .as_deref()
                .map_or(vec![], |o| o.split(';').collect());
            let progs: Vec<&str> = cmd.split(';').map(str::trim).collect();
            if opts.len() > progs.len() {
                bail!(
                    "--options has {} ';'-separated entries but --cmd names only {} programs",
                    opts.len(),
                    progs.len()
                );
            }
            Ok(progs
                .iter()
                .enumerate()
                .map(|(i, p)| SeWorkload {
                    binary: PathBuf::from(p),
                    args: opts
                        .get(i)
                        .map_or(vec![], |o| o.split_whitespace().map(String::from).collect()),
                })
                .collect())
        }
    }
}

/// Where the guest's paths live, from `-L`, `--redirects` and `--interp-dir`.
fn path_map(args: &SeArgs) -> Result<PathMap> {
    let mut map = PathMap::default();
    if let Some(dir) = &args.sysroot {
        if !dir.is_dir() {
            bail!(
                "--sysroot {}: is not a directory; allowed values: a directory holding the guest's files",
                dir.display()
            );
        }
        map = PathMap::with_sysroot(dir);
    }
    for spec in &args.redirects {
        match RedirectPath::parse(spec) {
            Some(r) => map.redirects.push(r),
            None => bail!("--redirects {spec:?}: allowed values: /guest/path=/host/path"),
        }
    }
    map.interp_dir = args.interp_dir.clone();
    Ok(map)
}

/// The cache hierarchy from se.py-style options.
fn hierarchy(args: &SeArgs) -> Result<HierarchySpec> {
    limits::CACHE_LINE_SIZE.check("cacheline_size", args.cacheline_size)?;
    if args.l2cache && !args.caches {
        bail!("--l2cache needs --caches (an L2 below no L1s is not a hierarchy this simulator builds)");
    }
    if args.private_l2 && !args.l2cache {
        bail!("--private-l2 needs --l2cache");
    }
    let kind = match (args.caches, args.l2cache, args.private_l2) {
        (false, _, _) => HierarchyKind::NoCache,
        (true, false, _) => HierarchyKind::PrivateL1,
        (true, true, false) => HierarchyKind::PrivateL1SharedL2,
        (true, true, true) => HierarchyKind::PrivateL1PrivateL2,
    };
    let mut spec = HierarchySpec {
        kind,
        replacement: Replacement::parse("replacement_policy", &args.replacement_policy)?,
        ..HierarchySpec::se()
    };
    spec.l1i.size = CacheSpec::parse_size("l1i_size", &args.l1i_size)?;
    spec.l1i.assoc = args.l1i_assoc;
    spec.l1d.size = CacheSpec::parse_size("l1d_size", &args.l1d_size)?;
    spec.l1d.assoc = args.l1d_assoc;
    spec.l2.size = CacheSpec::parse_size("l2_size", &args.l2_size)?;
    spec.l2.assoc = args.l2_assoc;
    spec.l1i.stride_prefetcher = hwp("l1i_hwp_type", &args.l1i_hwp_type)?;
    spec.l1d.stride_prefetcher = hwp("l1d_hwp_type", &args.l1d_hwp_type)?;
    spec.l2.stride_prefetcher = hwp("l2_hwp_type", &args.l2_hwp_type)?;
    Ok(spec)
}

/// Whether an `--*-hwp-type` option asks for a stride prefetcher.
fn hwp(name: &str, value: &Option<String>) -> Result<bool> {
    match value.as_deref() {
        None => Ok(false),
        Some(v) => Ok(parse_stride_prefetcher(name, v)?),
    }
}

/// Turn the guest's fate into ours: its exit status, or death by its signal.
fn finish(outcome: SeOutcome) -> i32 {
    match outcome {
        SeOutcome::Exited(code) => code & 0xff,
        SeOutcome::Signaled(sig) => {
            crate::die_by_signal(sig);
            128 + sig
        }
        SeOutcome::Interrupted => 128 + libc::SIGINT,
    }
}

/// Run the command line `args` (`args[0]` is the program name) and return the exit
/// status. A guest killed by a signal kills this process the same way.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::Se(a) => se(a),
        Command::Fs(a) => fs::fs(a),
        Command::Term(a) => term::term(a),
        Command::Stats { args } => stats(&args),
        Command::Run { args } => run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprint_line(format_args!("sim: error: {e:#}"));
            1
        }
    }
}
