//! The full-system workload as the object tree describes it: gem5's
//! `RiscvBootloaderKernelWorkload` (firmware, kernel, device tree, command line,
//! plus an initial RAM disk, an extension of ours) or `RiscvBareMetal` (one
//! machine-mode ELF), and `System.readfile` (what `m5 readfile` returns).
//!
//! Both front ends describe the workload this way: `sim fs` writes these nodes
//! from its command line ([`super::tree`]) and the Python `RiscvBoard` from
//! `set_kernel_disk_workload`; [`place`] then puts the images in memory.

use super::load::load_file;
use super::{FsError, DRAM_BASE, INITRD_ADDR, KERNEL_ADDR};
use sim_core::config::object_tree::{ObjectNode, ObjectTree, ParamError};
use sim_core::mem::BackingStore;
use sim_core::{Addr, AddrRange};
use std::path::PathBuf;

/// The parameters of `RiscvBootloaderKernelWorkload` the board reads (gem5's
/// names; `initrd_filename` and `initrd_addr` are ours).
pub const BOOTLOADER_KERNEL_PARAMS: &[&str] = &[
    "bootloader_filename",
    "bootloader_addr",
    "object_file",
    "kernel_addr",
    "entry_point",
    "dtb_filename",
    "dtb_addr",
    "command_line",
    "initrd_filename",
    "initrd_addr",
];

/// The parameters of `RiscvBareMetal` the board reads.
pub const BARE_METAL_PARAMS: &[&str] = &["bootloader", "reset_vect", "bare_metal"];

/// gem5's `RiscvBootloaderKernelWorkload` type name.
pub const BOOTLOADER_KERNEL_TYPE: &str = "RiscvBootloaderKernelWorkload";
/// gem5's `RiscvBareMetal` type name.
pub const BARE_METAL_TYPE: &str = "RiscvBareMetal";

/// What to load and how to start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FsWorkload {
    /// Firmware (raw at `bootloader_addr`, or an ELF by its segments).
    pub bootloader: Option<PathBuf>,
    /// Where a raw firmware image goes (0: the start of RAM).
    pub bootloader_addr: u64,
    /// The kernel (raw `Image` at `kernel_addr`, or an ELF); for a bare-metal
    /// workload the program itself.
    pub kernel: Option<PathBuf>,
    /// Where a raw kernel image goes.
    pub kernel_addr: u64,
    /// Where the harts start (0: the firmware's entry, else the kernel's).
    pub entry_point: u64,
    /// A device tree blob to hand over instead of the generated one.
    pub dtb: Option<PathBuf>,
    /// Where the device tree goes (0: below the end of RAM, as QEMU places it).
    pub dtb_addr: u64,
    /// The kernel command line (the device tree's `bootargs`).
    pub command_line: String,
    /// Initial RAM disk.
    pub initrd: Option<PathBuf>,
    /// Where the initial RAM disk goes.
    pub initrd_addr: u64,
    /// The file `m5 readfile` returns.
    pub readfile: Option<PathBuf>,
    /// A bare-metal program: the kernel runs in machine mode from its entry and
    /// may end the run through HTIF.
    pub bare_metal: bool,
    /// Path of the board (the workload's parent: `system` from `sim fs`,
    /// `board` from a stdlib script), where components the run adds go.
    pub board_path: String,
}

/// A parameter that may be left out (then `None`); a value of the wrong kind is
/// an error naming it.
fn optional<T>(r: Result<T, ParamError>) -> Result<Option<T>, FsError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(ParamError::Missing { .. }) => Ok(None),
        Err(e) => Err(FsError::Unsupported(e.to_string())),
    }
}

/// A file path; empty or left out means none.
fn path_param(node: &ObjectNode, name: &str) -> Result<Option<PathBuf>, FsError> {
    Ok(optional(node.string(name))?
        .filter(|s| !s.is_empty())
        .map(PathBuf::from))
}

fn addr_param(node: &ObjectNode, name: &str, default: u64) -> Result<u64, FsError> {
    Ok(optional(node.u64(name))?.unwrap_or(default))
}

impl FsWorkload {
    /// The workload of `tree`: its one workload node and its `System.readfile`.
    pub fn from_tree(tree: &ObjectTree) -> Result<FsWorkload, FsError> {
        let kinds = [BOOTLOADER_KERNEL_TYPE, BARE_METAL_TYPE];
        let mut nodes = tree
            .nodes()
            .iter()
            .filter(|n| kinds.contains(&n.type_name.as_str()));
        let node = nodes.next().ok_or_else(|| {
            FsError::Unsupported(format!(
                "system.workload: a full-system tree needs a {BOOTLOADER_KERNEL_TYPE} or \
                 {BARE_METAL_TYPE} workload"
            ))
        })?;
        if let Some(other) = nodes.next() {
            return Err(FsError::Unsupported(format!(
                "{}: a second workload ({} is one already); a board runs one",
                other.path, node.path
            )));
        }
        let readfile = match tree.nodes().iter().find(|n| n.type_name == "System") {
            Some(system) => path_param(system, "readfile")?,
            None => None,
        };
        let w = if node.type_name == BARE_METAL_TYPE {
            let program = path_param(node, "bootloader")?.ok_or_else(|| {
                FsError::Unsupported(format!(
                    "{}.bootloader: is empty; allowed values: the path of a bare-metal ELF",
                    node.path
                ))
            })?;
            FsWorkload {
                kernel: Some(program),
                kernel_addr: DRAM_BASE,
                entry_point: addr_param(node, "reset_vect", 0)?,
                bare_metal: true,
                readfile,
                ..FsWorkload::default()
            }
        } else {
            FsWorkload {
                bootloader: path_param(node, "bootloader_filename")?,
                bootloader_addr: addr_param(node, "bootloader_addr", 0)?,
                kernel: path_param(node, "object_file")?,
                kernel_addr: addr_param(node, "kernel_addr", KERNEL_ADDR)?,
                entry_point: addr_param(node, "entry_point", 0)?,
                dtb: path_param(node, "dtb_filename")?,
                dtb_addr: addr_param(node, "dtb_addr", 0)?,
                command_line: optional(node.string("command_line"))?.unwrap_or_default(),
                initrd: path_param(node, "initrd_filename")?,
                initrd_addr: addr_param(node, "initrd_addr", INITRD_ADDR)?,
                readfile,
                bare_metal: false,
                board_path: String::new(),
            }
        };
        let mut w = w;
        w.board_path = match node.path.rsplit_once('.') {
            Some((parent, _)) => parent.to_string(),
            None => "system".to_string(),
        };
        if w.kernel.is_none() && w.bootloader.is_none() {
            return Err(FsError::Unsupported(format!(
                "{}: has neither a bootloader_filename nor an object_file; allowed values: \
                 the paths of the firmware and the kernel",
                node.path
            )));
        }
        Ok(w)
    }
}

/// Where the images went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Where the harts start.
    pub entry: u64,
    /// The initial RAM disk's `[start, end)`, for the device tree.
    pub initrd: Option<(u64, u64)>,
    /// The HTIF `tohost`/`fromhost` words of a bare-metal program.
    pub htif: Option<(u64, Option<u64>)>,
}

/// Load the firmware, kernel and initial RAM disk of `w` into `store`.
pub fn place(w: &FsWorkload, store: &BackingStore) -> Result<Placed, FsError> {
    let mut htif = None;
    let mut entry = None;
    if let Some(fw) = &w.bootloader {
        let at = if w.bootloader_addr == 0 {
            DRAM_BASE
        } else {
            w.bootloader_addr
        };
        entry = Some(load_file(store, "bootloader", fw, at)?.entry);
    }
    if let Some(kernel) = &w.kernel {
        let k = load_file(store, "kernel", kernel, w.kernel_addr)?;
        if w.bare_metal {
            if let Some(t) = k.tohost {
                htif = Some((t, k.fromhost));
            }
        }
        entry = entry.or(Some(k.entry));
    }
    let initrd = match &w.initrd {
        Some(path) => {
            let l = load_file(store, "initrd", path, w.initrd_addr)?;
            Some((w.initrd_addr, l.end))
        }
        None => None,
    };
    let entry = match w.entry_point {
        0 => entry.unwrap_or(DRAM_BASE),
        e => e,
    };
    Ok(Placed {
        entry,
        initrd,
        htif,
    })
}

/// Put the device tree `blob` in RAM: at `w.dtb_addr`, or (0) as QEMU does,
/// below the end of RAM (at most 3 GiB), 2 MiB aligned. Returns its address.
pub fn place_dtb(
    w: &FsWorkload,
    blob: &[u8],
    store: &BackingStore,
    ram: AddrRange,
) -> Result<u64, FsError> {
    let at = match w.dtb_addr {
        0 => {
            let top = ram.end.0.min(0xc000_0000);
            top.saturating_sub(blob.len() as u64) & !((2 << 20) - 1)
        }
        a => a,
    };
    store
        .write(Addr(at), blob)
        .map_err(|_| FsError::Placement {
            what: "dtb".into(),
            path: w.dtb.clone().unwrap_or_else(|| "(generated)".into()),
            start: at,
            end: at + blob.len() as u64,
            ram: (ram.start.0, ram.end.0),
        })?;
    Ok(at)
}
