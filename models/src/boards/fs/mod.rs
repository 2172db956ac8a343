//! The RISC-V full-system board behind `sim fs`, laid out as QEMU's `virt`: RAM
//! at 0x8000_0000, firmware at its start, the kernel 2 MiB above, every hart
//! started together at the firmware's entry with `a0` = hart id and `a1` = the
//! device tree (OpenSBI's `fw_jump` convention; its HSM extension parks the
//! secondaries until Linux starts them).
//!
//! ```text
//!   system.cpu[N] ── caches per HierarchySpec ── system.membus ── system.mem_ctrls (RAM)
//!   each hart: RvSystem (privileged state) + IrqPins + the shared Timebase
//! ```
//!
//! A bare-metal ELF given as the kernel without a bootloader runs in M-mode from
//! its entry; when it has a `tohost` symbol the host side of HTIF ([`htif`])
//! serves it, so machine-mode test programs end the run with their status.

mod dtb_places;
mod harts;
pub mod htif;
pub mod load;
mod platform;
pub mod session;
pub mod tree;
pub mod workload;

use super::se::{SeError, SeOptions};
use crate::build::TreeRunOptions;
use sim_core::exit::ExitCause;
use sim_core::Tick;
use std::io::Write;
use std::path::PathBuf;
use thiserror::Error;

/// Start of RAM (QEMU `virt`).
pub const DRAM_BASE: u64 = 0x8000_0000;
/// Where a raw kernel Image goes (OpenSBI `fw_jump`'s `FW_JUMP_ADDR`).
pub const KERNEL_ADDR: u64 = 0x8020_0000;
/// Where the initial RAM disk goes (as QEMU placed it in the reference boot).
pub const INITRD_ADDR: u64 = 0x8820_0000;
/// What the harts implement, for the device tree's `riscv,isa`.
pub const HART_ISA: &str = "rv64imafdc_zicsr_zifencei_zba_zbb_zbs_sstc";

/// Options of a full-system run (the `sim fs` command line).
#[derive(Clone, Debug)]
pub struct FsOptions {
    /// The kernel (a Linux `Image` or an ELF; a bare-metal ELF without a bootloader).
    pub kernel: PathBuf,
    /// Firmware placed at the start of RAM (`fw_jump.bin` or an ELF).
    pub bootloader: Option<PathBuf>,
    /// Initial RAM disk.
    pub initrd: Option<PathBuf>,
    /// A raw disk image for the virtio block device (copy-on-write: never written).
    pub disk: Option<PathBuf>,
    /// A device tree blob to hand over instead of the generated one.
    pub dtb: Option<PathBuf>,
    /// Kernel command line.
    pub kernel_args: String,
    /// The file `m5 readfile` returns to the guest.
    pub readfile: Option<PathBuf>,
    /// End the run at this `m5 exit` (1: the first, as gem5's `fs.py` and its
    /// stdlib `Simulator`; 0: none, the run goes on to a poweroff or a limit).
    /// A disk image in gem5's style exits when init starts, when its after-boot
    /// script starts and when the readfile script is done: 3 runs it through.
    pub m5_exits: u32,
    /// Everything `sim se` shares: CPU model, cores, caches, memory, clocks,
    /// limits, output directory (its workloads are ignored).
    pub system: SeOptions,
}

/// Why a full-system run could not start.
#[derive(Debug, Error)]
pub enum FsError {
    /// The system part of the options (CPU, caches, memory) is invalid.
    #[error(transparent)]
    System(#[from] SeError),
    /// A file could not be read.
    #[error("{what} {path}: {source}")]
    Read {
        /// Which file ("kernel", "bootloader", ...).
        what: String,
        /// Its path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An ELF file is malformed.
    #[error("{what} {path}: not a loadable ELF: {reason}")]
    BadElf {
        /// Which file.
        what: String,
        /// Its path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// An image does not fit in RAM where it must go.
    #[error("{what} {path}: needs [{start:#x}, {end:#x}), outside RAM [{:#x}, {:#x}); raise --mem-size", ram.0, ram.1)]
    Placement {
        /// Which file.
        what: String,
        /// Its path.
        path: PathBuf,
        /// First byte.
        start: u64,
        /// Past the last byte.
        end: u64,
        /// RAM's range.
        ram: (u64, u64),
    },
    /// Something the board does not offer yet.
    #[error("{0}")]
    Unsupported(String),
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsOutcome {
    /// The exit cause that ended it.
    pub cause: ExitCause,
    /// The exit status `sim fs` returns (the guest's HTIF or `m5 exit` code).
    pub status: i32,
    /// The tick it ended at.
    pub tick: Tick,
    /// Instructions committed since the last stats reset, over all harts.
    pub insts: u64,
}

/// Build the board of `opts`, run it to the end and write `m5out`. `stop` is asked
/// between slices of simulated time; when it answers true the run ends with the
/// stats so far (Ctrl-C). `console` receives HTIF console output. `m5 exit`s
/// before the [`FsOptions::m5_exits`]th are events the run goes on from (each
/// reported on standard error with `verbose`).
pub fn run_fs(
    opts: &FsOptions,
    console: Box<dyn Write + Send>,
    mut stop: impl FnMut(super::session::RunProgress) -> bool,
) -> Result<FsOutcome, FsError> {
    let so = &opts.system;
    let tree = tree::fs_tree(opts)?;
    let run = TreeRunOptions {
        outdir: so.outdir.clone(),
        trace_exec: so.trace_exec,
        paths: Default::default(),
    };
    let mut session = session::build_fs_session(&tree, &run, console)?;
    session.write_own_config().map_err(FsError::from)?;
    let limit = so.max_tick.map(Tick);
    let mut exits = 0;
    let cause = loop {
        let cause = session.run_polling(limit, &mut stop)?;
        if so.verbose && cause != ExitCause::MaxTick {
            let _ = writeln!(
                std::io::stderr(),
                "Exiting @ tick {} because {}",
                session.now().0,
                cause
            );
        }
        match cause {
            ExitCause::Exit { ref message, .. } if message == ExitCause::M5_EXIT_MESSAGE => {
                exits += 1;
                if exits == opts.m5_exits {
                    break cause;
                }
            }
            ExitCause::WorkBegin { .. } | ExitCause::WorkEnd { .. } | ExitCause::SwitchCpu => {}
            ExitCause::Checkpoint => sim_core::warn_counted!(
                0,
                "m5 checkpoint: checkpoints are not supported yet; continuing"
            ),
            other => break other,
        }
    };
    session.dump_stats().map_err(FsError::from)?;
    Ok(FsOutcome {
        status: cause.code() as i32,
        tick: session.now(),
        insts: session.committed().0,
        cause,
    })
}
