//! Building a full-system session from an object tree, whichever front end made
//! the tree (`sim fs` through [`super::tree::fs_tree`], or Python's `RiscvBoard`):
//! build the components, place the workload's images and the device tree in RAM,
//! and start every hart at the entry with `a0` = hart id and `a1` = the device
//! tree. The result is stepped one exit event at a time like an SE session.

use super::harts::start_hart;
use super::htif::Htif;
use super::workload::{place, place_dtb, FsWorkload};
use super::{FsError, DRAM_BASE, HART_ISA};
use crate::boards::se::SeError;
use crate::boards::session::{cpu_fault, SeSession};
use crate::build::fs_env::build_fs;
use crate::build::TreeRunOptions;
use crate::cpu::fs::FsHart;
use isa_riscv::privileged::{RvSystem, RvSystemParams};
use isa_riscv::{Riscv64, RvRegs};
use sim_core::arch::ArchRegs;
use sim_core::config::object_tree::ObjectTree;
use sim_core::mem::BackingStore;
use sim_core::{Addr, AddrRange};
use std::io::Write;
use std::sync::Arc;

/// RAM as the tree's `System.mem_ranges` give it: one range starting at
/// [`DRAM_BASE`], as on QEMU's `virt`.
fn ram_of(tree: &ObjectTree) -> Result<AddrRange, FsError> {
    let system = tree
        .nodes()
        .iter()
        .find(|n| n.type_name == "System")
        .ok_or_else(|| FsError::Unsupported("the tree has no System".into()))?;
    let ranges = system
        .addr_ranges("mem_ranges")
        .map_err(|e| FsError::Unsupported(e.to_string()))?;
    match ranges.as_slice() {
        [r] if r.start.0 == DRAM_BASE => Ok(*r),
        _ => Err(FsError::Unsupported(format!(
            "{}.mem_ranges: is {ranges:?}; allowed values: one range starting at {DRAM_BASE:#x} \
             (RAM on the virt board)",
            system.path
        ))),
    }
}

/// The device tree for `harts` harts over `ram`, with the workload's command line
/// and initial RAM disk and a virtio disk per virtio-mmio node of the tree.
fn device_tree(
    tree: &ObjectTree,
    harts: usize,
    ram: AddrRange,
    w: &FsWorkload,
    initrd: Option<(u64, u64)>,
) -> Result<Vec<u8>, FsError> {
    use crate::dev::fdt::{generate, HartDesc, PlatformDesc};
    if let Some(path) = &w.dtb {
        return std::fs::read(path).map_err(|source| FsError::Read {
            what: "dtb".into(),
            path: path.clone(),
            source,
        });
    }
    let disks = tree
        .nodes()
        .iter()
        .filter(|n| n.type_name == "RiscvMmioVirtIO")
        .count();
    let hart = HartDesc {
        isa: HART_ISA.into(),
        mmu_type: "riscv,sv57".into(),
    };
    let mut p = PlatformDesc::virt(harts, hart, ram.end.0 - ram.start.0, disks as u32);
    super::dtb_places::devices_where_the_tree_puts_them(tree, &mut p)?;
    p.bootargs = Some(w.command_line.clone());
    p.initrd = initrd;
    generate(&p).map_err(|e| FsError::Unsupported(format!("device tree: {e}")))
}

/// Build the full-system `tree` and start its harts; `console` receives a
/// bare-metal program's HTIF console output. Config files are the caller's.
pub fn build_fs_session(
    tree: &ObjectTree,
    run: &TreeRunOptions,
    console: Box<dyn Write + Send>,
) -> Result<SeSession, FsError> {
    let workload = FsWorkload::from_tree(tree)?;
    let ram = ram_of(tree)?;
    // The store starts at 0 (it is mapped lazily); only RAM's range is served.
    let store = Arc::new(BackingStore::new(AddrRange::new(0, ram.end.0)).map_err(SeError::from)?);
    let placed = place(&workload, &store)?;
    let htif = placed.htif;
    let mut built = build_fs::<Riscv64>(tree, run, store.clone(), |b, _| {
        if let Some((tohost, fromhost)) = htif {
            let h = Htif::new(store.clone(), Addr(tohost), fromhost.map(Addr), console);
            b.add(&format!("{}.htif", workload.board_path), Box::new(h))?;
        }
        Ok(())
    })?;
    let harts = built.cpus.len();
    let blob = device_tree(tree, harts, ram, &workload, placed.initrd)?;
    let dtb_addr = place_dtb(&workload, &blob, &store, ram)?;
    let wiring = built.wiring.clone().ok_or_else(|| {
        FsError::Unsupported("the tree has no platform devices (Clint, Plic)".into())
    })?;
    let readfile = match &workload.readfile {
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
        let pins = wiring.lines.pins(hart).ok_or_else(|| {
            FsError::Unsupported(format!(
                "{} harts but the interrupt controllers serve {}: set Clint.num_threads and \
                 Plic.n_contexts for every hart",
                harts, hart
            ))
        })?;
        pins.attach_cpu(id);
        let params = RvSystemParams {
            hart_id: hart as u64,
            ..RvSystemParams::default()
        };
        let mut regs = RvRegs::default();
        regs.set_int(10, hart as u64);
        regs.set_int(11, dtb_addr);
        let mut fs = FsHart::new(
            Box::new(RvSystem::new(params, pins)),
            wiring.timebase.clone(),
        );
        fs.readfile = readfile.clone();
        start_hart(system, id, fs, regs, placed.entry)?;
    }
    Ok(
        SeSession::from_parts(built.sim, built.cpus, cpu_fault::<Riscv64>, Vec::new())
            .full_system(),
    )
}
