//! Choosing the ISA of a run from its binaries' ELF headers (as `sim se` does and
//! gem5's `SEWorkload.init_compatible` does from Python).

use super::env::processes_of;
use crate::boards::se::SeError;
use sim_core::config::object_tree::ObjectTree;
use std::io::Read;
use std::path::Path;

/// ELF `e_machine` values recognised.
pub const EM_X86_64: u16 = 62;
/// AArch64.
pub const EM_AARCH64: u16 = 183;
/// RISC-V.
pub const EM_RISCV: u16 = 243;

/// The ISAs a system can be built for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IsaChoice {
    /// RV64GC.
    Riscv,
}

/// The ELF machine of a binary, or an error saying why it is not a usable ELF.
pub fn elf_machine(path: &Path) -> Result<u16, SeError> {
    let err = |what: String| SeError::Config(what);
    let meta = std::fs::metadata(path).map_err(|source| {
        SeError::Load(crate::se::ProcessError::Io {
            path: path.to_path_buf(),
            source,
        })
    })?;
    if meta.is_dir() {
        return Err(err(format!(
            "guest binary {} is a directory",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(err(format!(
            "guest binary {} is not a regular file",
            path.display()
        )));
    }
    let mut head = vec![0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| err(format!("cannot read guest binary {}: {e}", path.display())))?;
    head.truncate(n);
    if head.len() < 20 || &head[..4] != b"\x7fELF" {
        return Err(err(format!(
            "{} is not an ELF file (it does not start with the ELF magic bytes)",
            path.display()
        )));
    }
    if head[4] != 2 {
        return Err(err(format!(
            "{} is a 32-bit ELF file; only 64-bit binaries are supported",
            path.display()
        )));
    }
    Ok(u16::from_le_bytes([head[18], head[19]]))
}

/// The ISA for ELF machine `machine` of `path`, or why it cannot be simulated.
pub fn isa_for_machine(path: &Path, machine: u16) -> Result<IsaChoice, SeError> {
    let p = path.display();
    match machine {
        EM_RISCV => Ok(IsaChoice::Riscv),
        EM_AARCH64 => Err(SeError::Config(format!(
            "{p} is an AArch64 binary; AArch64 is not supported yet (RISC-V is)"
        ))),
        EM_X86_64 => Err(SeError::Config(format!(
            "{p} is an x86-64 binary; x86-64 is not supported yet (RISC-V is)"
        ))),
        other => Err(SeError::Config(format!(
            "{p} is for ELF machine {other}, which this simulator does not support"
        ))),
    }
}

/// The one ISA of every binary of the processes in `tree` (one run simulates one ISA).
pub fn isa_of_tree(tree: &ObjectTree) -> Result<IsaChoice, SeError> {
    let procs = processes_of(tree)?;
    let has_cpus = tree
        .nodes()
        .iter()
        .any(|n| super::cpu_objects::CPU_TYPES.contains(&n.type_name.as_str()));
    if procs.is_empty() && !has_cpus {
        // A system without CPUs (traffic generators driving memory) runs no
        // instructions: any ISA builds it.
        return Ok(IsaChoice::Riscv);
    }
    let Some(first) = procs.first() else {
        return Err(SeError::Config(
            "no CPU has a workload: give a CPU a Process (cpu.workload = process) to run".into(),
        ));
    };
    let named = |p: &super::env::ProcessSpec, e: SeError| match e {
        SeError::Config(what) => SeError::Config(format!("{}.cmd: {what}", p.path)),
        SeError::Load(source) => SeError::Process {
            path: p.path.clone(),
            source,
        },
        other => other,
    };
    let machine = elf_machine(&first.executable).map_err(|e| named(first, e))?;
    for p in &procs[1..] {
        if elf_machine(&p.executable).map_err(|e| named(p, e))? != machine {
            return Err(SeError::Config(format!(
                "{} and {} are for different ISAs; one run simulates one ISA",
                first.executable.display(),
                p.executable.display()
            )));
        }
    }
    isa_for_machine(&first.executable, machine).map_err(|e| named(first, e))
}
