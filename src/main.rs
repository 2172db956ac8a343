//! `sim`: the command-line front end. It parses options, picks the ISA from the
//! binary and hands everything to the library (`models::boards::se`, `sim_core`).

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use models::boards::se::{SeOptions, SeOutcome};
use std::path::PathBuf;
use std::process::ExitCode;

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

#[derive(Subcommand)]
enum Command {
    /// Run a static Linux binary under syscall emulation (like gem5's se.py).
    Se(SeArgs),
}

#[derive(Args)]
struct SeArgs {
    /// Output directory for stats.txt, config.ini and friends.
    #[arg(short = 'd', long = "outdir", default_value = "m5out")]
    outdir: PathBuf,
    /// Comma-separated debug flags (Exec: one trace line per instruction).
    #[arg(long = "debug-flags", value_delimiter = ',')]
    debug_flags: Vec<String>,
    /// Write debug output to this file instead of standard output.
    #[arg(long = "debug-file")]
    debug_file: Option<PathBuf>,
    /// CPU model.
    #[arg(long = "cpu-type", alias = "cpu", default_value = "atomic", value_parser = ["atomic"])]
    cpu_type: String,
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
    /// The guest binary (static ELF; its ISA selects the simulated CPU's ISA).
    binary: PathBuf,
    /// Arguments passed to the guest.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

fn init_tracing(flags: &[String], file: Option<&PathBuf>) -> Result<()> {
    let known = ["Exec", "ExecAll", "Syscall"];
    for f in flags {
        if !known.contains(&f.as_str()) {
            bail!(
                "unknown debug flag '{f}' (known flags: {})",
                known.join(", ")
            );
        }
    }
    let mut directives = vec!["warn".to_string()];
    directives.extend(
        flags
            .iter()
            .map(|f| format!("{}=info", if f == "ExecAll" { "Exec" } else { f })),
    );
    let filter = tracing_subscriber::EnvFilter::new(directives.join(","));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .without_time()
        .with_level(false)
        .with_target(false)
        .with_ansi(false);
    match file {
        Some(path) => {
            let f = std::fs::File::create(path)
                .with_context(|| format!("cannot create debug file {}", path.display()))?;
            builder.with_writer(std::sync::Mutex::new(f)).init();
        }
        None if flags.is_empty() => builder.with_writer(std::io::stderr).init(),
        None => builder.with_writer(std::io::stdout).init(),
    }
    Ok(())
}

fn guest_env(file: Option<&PathBuf>) -> Result<Vec<String>> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read environment file {}", path.display()))?;
            Ok(text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect())
        }
        None => Ok(std::env::vars().map(|(k, v)| format!("{k}={v}")).collect()),
    }
}

fn se(args: SeArgs) -> Result<ExitCode> {
    init_tracing(&args.debug_flags, args.debug_file.as_ref())?;
    let exec_trace = args
        .debug_flags
        .iter()
        .any(|f| f == "Exec" || f == "ExecAll");
    let opts = SeOptions {
        binary: args.binary.clone(),
        args: args.args.clone(),
        env: guest_env(args.env_file.as_ref())?,
        outdir: args.outdir.clone(),
        cpu_type: args.cpu_type.clone(),
        cpu_clock: args.cpu_clock.clone(),
        sys_clock: args.sys_clock.clone(),
        mem_size: args.mem_size.clone(),
        max_insts: args.max_insts,
        max_tick: args.max_tick,
        trace_exec: exec_trace,
        verbose: args.verbose,
    };
    let outcome = sim::run_se_for_elf(&opts)?;
    Ok(finish(outcome))
}

/// Turn the guest's fate into ours: its exit status, or death by its signal.
fn finish(outcome: SeOutcome) -> ExitCode {
    match outcome {
        SeOutcome::Exited(code) => ExitCode::from((code & 0xff) as u8),
        SeOutcome::Signaled(sig) => {
            sim::die_by_signal(sig);
            ExitCode::from(128 + sig as u8)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Se(a) => se(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sim: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
