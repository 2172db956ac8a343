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

mod harts;
pub mod htif;
pub mod load;
mod platform;

use super::limits;
use super::se::{SeError, SeOptions};
use super::spec::{CpuKind, MemoryKind};
use crate::build::fs_env::build_fs;
use crate::build::se_tree::se_tree_at;
use crate::build::TreeRunOptions;
use crate::cpu::fs::FsHart;
use isa_riscv::privileged::{RvSystem, RvSystemParams};
use isa_riscv::{Riscv64, RvRegs};
use sim_core::arch::ArchRegs;
use sim_core::config::object_tree::ObjectTree;
use sim_core::exit::ExitCause;
use sim_core::mem::BackingStore;
use sim_core::units::{parse_frequency, parse_mem_size};
use sim_core::{Addr, AddrRange, Tick};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use thiserror::Error;

/// Start of RAM (QEMU `virt`).
pub const DRAM_BASE: u64 = 0x8000_0000;
/// Where a raw kernel Image goes (OpenSBI `fw_jump`'s `FW_JUMP_ADDR`).
pub const KERNEL_ADDR: u64 = 0x8020_0000;
/// Where the initial RAM disk goes (as QEMU placed it in the reference boot).
pub const INITRD_ADDR: u64 = 0x8820_0000;
/// What the harts implement, for the device tree's `riscv,isa`.
pub const HART_ISA: &str = "rv64imafdc_zicsr_zifencei_zba_zbb_zbs_sstc";

/// The device tree of the board: QEMU `virt`'s layout for `harts` harts.
fn device_tree(
    harts: usize,
    mem_size: u64,
    opts: &FsOptions,
    initrd: Option<(u64, u64)>,
) -> Result<Vec<u8>, FsError> {
    use crate::dev::fdt::{generate, HartDesc, PlatformDesc};
    let hart = HartDesc {
        isa: HART_ISA.into(),
        mmu_type: "riscv,sv57".into(),
    };
    let mut p = PlatformDesc::virt(harts, hart, mem_size, opts.disk.is_some() as u32);
    p.bootargs = Some(opts.kernel_args.clone());
    p.initrd = initrd;
    generate(&p).map_err(|e| FsError::Unsupported(format!("device tree: {e}")))
}

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

fn param(name: &'static str, e: sim_core::units::UnitError) -> FsError {
    FsError::System(SeError::Param { name, source: e })
}

/// Build the board of `opts`, run it to the end and write `m5out`. `stop` is asked
/// between slices of simulated time; when it answers true the run ends with the
/// stats so far (Ctrl-C). `console` receives HTIF console output.
pub fn run_fs(
    opts: &FsOptions,
    console: Box<dyn Write + Send>,
    mut stop: impl FnMut(super::session::RunProgress) -> bool,
) -> Result<FsOutcome, FsError> {
    let so = &opts.system;
    let cpu_kind = CpuKind::parse("cpu_type", &so.cpu_type).map_err(SeError::from)?;
    harts::check_cpu_kind(cpu_kind, &so.cpu_type)?;
    let mem_kind = MemoryKind::parse("mem_type", &so.mem_type).map_err(SeError::from)?;
    let cpu_clock = parse_frequency(&so.cpu_clock).map_err(|e| param("cpu_clock", e))?;
    let sys_clock = parse_frequency(&so.sys_clock).map_err(|e| param("sys_clock", e))?;
    let mem_size = parse_mem_size(&so.mem_size)
        .map_err(|e| param("mem_size", e))?
        .0;
    limits::MEM_SIZE
        .check("mem_size", mem_size)
        .map_err(SeError::from)?;
    let n = so.num_cores;
    limits::check_num_cores("num_cores", n as u64, so.hierarchy.kind).map_err(SeError::from)?;
    limits::check_hierarchy(&so.hierarchy, n as u64).map_err(SeError::from)?;
    let ram = AddrRange::new(DRAM_BASE, DRAM_BASE + mem_size);
    let mut tree_opts = so.clone();
    tree_opts.workloads.clear();
    let disk = opts.disk.clone();
    let mut tree = se_tree_at(
        &tree_opts,
        cpu_kind,
        mem_kind,
        (cpu_clock, sys_clock),
        ram,
        &|f| platform::add_platform(f, n, disk.as_deref()),
    );
    tree["full_system"] = true.into();
    let tree = ObjectTree::from_value(&tree).map_err(|e| SeError::Config(e.to_string()))?;
    let run = TreeRunOptions {
        outdir: so.outdir.clone(),
        trace_exec: so.trace_exec,
        paths: Default::default(),
    };
    // The store starts at 0 (it is mapped lazily); only RAM's range is served.
    let store = Arc::new(BackingStore::new(AddrRange::new(0, ram.end.0)).map_err(SeError::from)?);
    let mut htif = None;
    // Images.
    let entry = match &opts.bootloader {
        Some(fw) => {
            let fw = load::load_file(&store, "bootloader", fw, DRAM_BASE)?;
            load::load_file(&store, "kernel", &opts.kernel, KERNEL_ADDR)?;
            fw.entry
        }
        None => {
            let k = load::load_file(&store, "kernel", &opts.kernel, DRAM_BASE)?;
            if let Some(t) = k.tohost {
                htif = Some((t, k.fromhost));
            }
            k.entry
        }
    };
    let initrd = match &opts.initrd {
        Some(path) => {
            let l = load::load_file(&store, "initrd", path, INITRD_ADDR)?;
            Some((INITRD_ADDR, l.end))
        }
        None => None,
    };
    let dtb_addr = {
        let blob = match &opts.dtb {
            Some(path) => std::fs::read(path).map_err(|source| FsError::Read {
                what: "dtb".into(),
                path: path.clone(),
                source,
            })?,
            None => device_tree(n, mem_size, opts, initrd)?,
        };
        let path = opts.dtb.clone().unwrap_or_else(|| "(generated)".into());
        // As QEMU: below the end of RAM (at most 3 GiB), 2 MiB aligned.
        let top = ram.end.0.min(0xc000_0000);
        let at = top.saturating_sub(blob.len() as u64) & !((2 << 20) - 1);
        store
            .write(Addr(at), &blob)
            .map_err(|_| FsError::Placement {
                what: "dtb".into(),
                path,
                start: at,
                end: at + blob.len() as u64,
                ram: (ram.start.0, ram.end.0),
            })?;
        at
    };
    let mut built = build_fs::<Riscv64>(&tree, &run, store.clone(), |b, _| {
        if let Some((tohost, fromhost)) = htif {
            let h = htif::Htif::new(store.clone(), Addr(tohost), fromhost.map(Addr), console);
            b.add("system.htif", Box::new(h))?;
        }
        Ok(())
    })?;
    // Harts: their interrupt lines and timebase are the devices'.
    let wiring = built
        .wiring
        .clone()
        .expect("the registry makes the device wiring");
    let timebase = wiring.timebase.clone();
    let readfile = match &opts.readfile {
        Some(p) => Some(Arc::new(std::fs::read(p).map_err(|source| {
            FsError::Read {
                what: "readfile".into(),
                path: p.clone(),
                source,
            }
        })?)),
        None => None,
    };
    let system = built.sim.system_mut();
    for (hart, &id) in built.cpus.iter().enumerate() {
        let pins = wiring.lines.pins(hart).expect("a line per hart");
        pins.attach_cpu(id);
        let params = RvSystemParams {
            hart_id: hart as u64,
            ..RvSystemParams::default()
        };
        let sys = RvSystem::new(params, pins);
        let mut regs = RvRegs::default();
        regs.set_int(10, hart as u64);
        regs.set_int(11, dtb_addr);
        let mut fs = FsHart::new(Box::new(sys), timebase.clone());
        fs.readfile = readfile.clone();
        harts::start_hart(system, id, cpu_kind, fs, regs, entry)?;
    }
    built.sim.write_config().map_err(SeError::from)?;
    let limit = so.max_tick.map(Tick);
    let cause = loop {
        let now = built.sim.now().0;
        if limit.is_some_and(|t| t.0 <= now) {
            break ExitCause::MaxTick;
        }
        let slice = now.saturating_add(super::session::POLL_SLICE);
        let slice = limit.map_or(slice, |t| t.0.min(slice));
        let cause = built.sim.run(Some(Tick(slice))).map_err(SeError::from)?;
        if so.verbose && cause != ExitCause::MaxTick {
            let _ = writeln!(
                std::io::stderr(),
                "Exiting @ tick {} because {}",
                built.sim.now().0,
                cause
            );
        }
        match cause {
            ExitCause::MaxTick if limit != Some(Tick(slice)) => {
                let progress = super::session::RunProgress {
                    tick: built.sim.now(),
                    insts: built.sim.committed().0,
                };
                if stop(progress) {
                    break ExitCause::UserInterrupt;
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
    built.sim.dump_stats().map_err(SeError::from)?;
    let status = match &cause {
        ExitCause::Exit { code, .. } | ExitCause::Fail { code } => *code as i32,
        ExitCause::GuestFault { .. } => 1,
        _ => 0,
    };
    Ok(FsOutcome {
        status,
        tick: built.sim.now(),
        insts: built.sim.committed().0,
        cause,
    })
}
