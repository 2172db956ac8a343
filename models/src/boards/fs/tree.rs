//! The object tree of a `sim fs` command line: `sim se`'s system (CPUs, caches,
//! memory at RAM's address) plus the platform devices and the workload node,
//! the same shape the Python `RiscvBoard` writes.

use super::platform;
use super::workload::{BARE_METAL_TYPE, BOOTLOADER_KERNEL_TYPE};
use super::{FsError, FsOptions, DRAM_BASE, INITRD_ADDR, KERNEL_ADDR};
use crate::boards::limits;
use crate::boards::se::SeError;
use crate::boards::spec::{CpuKind, MemoryKind};
use crate::build::se_tree::se_tree_at;
use serde_json::{json, Value};
use sim_core::config::object_tree::ObjectTree;
use sim_core::units::{parse_frequency, parse_mem_size};
use sim_core::AddrRange;

fn param(name: &'static str, e: sim_core::units::UnitError) -> FsError {
    FsError::System(SeError::Param { name, source: e })
}

fn path_text(p: &Option<std::path::PathBuf>) -> String {
    p.as_ref()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The workload node for `opts`: firmware and kernel, or (no bootloader) a
/// bare-metal program.
fn workload_node(opts: &FsOptions) -> Value {
    let kernel = opts.kernel.to_string_lossy();
    match &opts.bootloader {
        None => json!({
            "type": BARE_METAL_TYPE, "name": "workload", "path": "system.workload",
            "bootloader": kernel, "bare_metal": true, "reset_vect": 0,
        }),
        Some(fw) => json!({
            "type": BOOTLOADER_KERNEL_TYPE, "name": "workload", "path": "system.workload",
            "bootloader_filename": fw.to_string_lossy(), "bootloader_addr": DRAM_BASE,
            "object_file": kernel, "kernel_addr": KERNEL_ADDR, "entry_point": 0,
            "dtb_filename": path_text(&opts.dtb), "dtb_addr": 0,
            "command_line": opts.kernel_args,
            "initrd_filename": path_text(&opts.initrd), "initrd_addr": INITRD_ADDR,
        }),
    }
}

/// Check the system options of `opts` and make its tree.
pub fn fs_tree(opts: &FsOptions) -> Result<ObjectTree, FsError> {
    let so = &opts.system;
    let cpu_kind = CpuKind::parse("cpu_type", &so.cpu_type).map_err(SeError::from)?;
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
    let system = &mut tree["system"];
    system["readfile"] = path_text(&opts.readfile).into();
    system["workload"] = workload_node(opts);
    ObjectTree::from_value(&tree).map_err(|e| FsError::System(SeError::Config(e.to_string())))
}
