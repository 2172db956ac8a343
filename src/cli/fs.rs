//! `sim fs`: boot a RISC-V full system (gem5's `fs.py` for the `virt`-like board
//! of [`models::boards::fs`]), with the CPU, cache and memory options of `sim se`.

use super::{finish, hierarchy, init_tracing, signal_name, SeArgs};
use crate::debug_output::eprint_line;
use crate::interrupt::Interrupts;
use crate::progress::{ProgressLine, ProgressMode};
use anyhow::{bail, Context, Result};
use clap::Args;
use models::boards::fs::{run_fs, FsOptions};
use models::boards::se::{SeOptions, SeOutcome};
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub(super) struct FsArgs {
    /// The kernel: a Linux Image (loaded at 0x80200000) or an ELF; without
    /// --bootloader, a bare-metal machine-mode ELF (HTIF `tohost` ends the run).
    #[arg(long = "kernel")]
    kernel: PathBuf,
    /// Firmware loaded at 0x80000000 (OpenSBI fw_jump.bin, or an ELF).
    #[arg(long = "bootloader")]
    bootloader: Option<PathBuf>,
    /// Initial RAM disk (loaded at 0x88200000).
    #[arg(long = "initrd")]
    initrd: Option<PathBuf>,
    /// A raw disk image for the virtio block device (copy-on-write: never written).
    #[arg(long = "disk", alias = "disk-image")]
    disk: Option<PathBuf>,
    /// A device tree blob to hand to the firmware in a1 (default: generated).
    #[arg(long = "dtb")]
    dtb: Option<PathBuf>,
    /// The file `m5 readfile` returns to the guest.
    #[arg(long = "readfile")]
    readfile: Option<PathBuf>,
    /// End the run at the Nth `m5 exit` (default 1, as gem5's fs.py and stdlib
    /// Simulator; 0: never, the run goes on to a poweroff or a limit). The
    /// project's disk image exits when init starts, when the after-boot script
    /// starts and when the readfile script is done: 3 runs it through.
    #[arg(long = "m5-exits", default_value_t = 1)]
    m5_exits: u32,
    /// The kernel command line.
    #[arg(
        long = "kernel-args",
        default_value = "console=ttyS0 earlycon=sbi root=/dev/vda rw"
    )]
    kernel_args: String,
    /// Listen for terminal connections (`sim term PORT`) on port 3456 or the next
    /// free one, as gem5's --listener-mode; auto: when standard input is a terminal.
    #[arg(long = "listener-mode", value_enum, default_value = "auto")]
    listener_mode: super::term::ListenerMode,
    #[command(flatten)]
    system: SeArgs,
}

/// Console bytes go to the terminal file gem5 writes and to standard output.
struct Terminal(std::fs::File);

impl Write for Terminal {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        let _ = std::io::stdout().write_all(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stdout().flush();
        self.0.flush()
    }
}

pub(super) fn fs(args: FsArgs) -> Result<i32> {
    let a = &args.system;
    if a.binary.is_some() || a.cmd.is_some() || a.options.is_some() {
        bail!("sim fs runs --kernel (and --bootloader); it takes no binary, --cmd or --options");
    }
    let trace = init_tracing(
        &a.debug_flags,
        a.debug_file.as_ref(),
        (a.debug_start, a.debug_end),
    )?;
    let exec_trace = a.debug_flags.iter().any(|f| f == "Exec" || f == "ExecAll");
    let system = SeOptions {
        workloads: Vec::new(),
        env: Vec::new(),
        outdir: a.outdir.clone(),
        cpu_type: a.cpu_type.clone(),
        bp_type: a.bp_type.clone(),
        num_cores: a.num_cores,
        hierarchy: hierarchy(a)?,
        mem_type: a.mem_type.clone(),
        cpu_clock: a.cpu_clock.clone(),
        sys_clock: a.sys_clock.clone(),
        mem_size: a.mem_size.clone(),
        max_insts: a.max_insts,
        max_tick: a.max_tick,
        trace_exec: exec_trace,
        verbose: a.verbose,
        paths: Default::default(),
    };
    let opts = FsOptions {
        kernel: args.kernel.clone(),
        bootloader: args.bootloader.clone(),
        initrd: args.initrd.clone(),
        disk: args.disk.clone(),
        dtb: args.dtb.clone(),
        kernel_args: args.kernel_args.clone(),
        readfile: args.readfile.clone(),
        m5_exits: args.m5_exits,
        system,
    };
    std::fs::create_dir_all(&a.outdir)
        .with_context(|| format!("cannot create output directory {}", a.outdir.display()))?;
    let term_path = a.outdir.join("system.platform.terminal");
    let term = std::fs::File::create(&term_path)
        .with_context(|| format!("cannot create {}", term_path.display()))?;
    super::term::configure_terminals(args.listener_mode);
    let interrupts = Interrupts::install().context("cannot install the Ctrl-C handler")?;
    let mut progress = ProgressLine::new(match (a.progress, a.no_progress) {
        (true, _) => ProgressMode::Always,
        (_, true) => ProgressMode::Never,
        _ => ProgressMode::Auto,
    });
    let result = run_fs(&opts, Box::new(Terminal(term)), |at| {
        progress.update(at);
        interrupts.received().is_some() || trace.failed()
    });
    progress.clear();
    sim_core::warnings::report_repeats();
    let traced = trace.finish();
    let outcome = result?;
    if let Err(message) = traced {
        bail!("{message}");
    }
    let stats = a.outdir.join("stats.txt");
    match outcome.cause {
        sim_core::exit::ExitCause::UserInterrupt => {
            let sig = interrupts.received().unwrap_or(libc::SIGINT);
            eprint_line(format_args!(
                "sim: interrupted by {}; the stats so far are in {}",
                signal_name(sig),
                stats.display()
            ));
            Ok(finish(SeOutcome::Signaled(sig)))
        }
        sim_core::exit::ExitCause::GuestFault { message } => {
            eprint_line(format_args!("sim: guest fault: {message}"));
            Ok(1)
        }
        sim_core::exit::ExitCause::KernelPanic { message } => {
            eprint_line(format_args!("sim: kernel panic: {message}"));
            Ok(1)
        }
        _ => Ok(outcome.status & 0xff),
    }
}
