//! Loading a program and, when it is dynamically linked, its ELF interpreter, as
//! Linux's `load_elf_binary` does with address-space randomization off.
//!
//! The program's segments go to their link addresses (`ET_EXEC`) or to
//! [`PIE_BASE`](super::addr_space::PIE_BASE) (`ET_DYN`); the initial break follows
//! them. The interpreter named by `PT_INTERP` (`/lib/ld-linux-riscv64-lp64d.so.1`)
//! is read through the [`PathMap`] (sysroot, redirects, interpreter directory) and,
//! being position independent, placed where `mmap(NULL, size)` would put it: the
//! highest free range below the mmap base. Execution then starts at the
//! interpreter's entry, which finds the program through `AT_PHDR`, `AT_ENTRY` and
//! `AT_BASE` and maps its libraries with `openat`/`mmap` like any other process.

use super::addr_space::{AddrSpace, MMAP_BASE};
use super::loader::{ElfImage, LoadError, LoadedImage};
use super::sysroot::PathMap;
use sim_core::units::MemSize;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Where a program and its interpreter landed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LoadedProgram {
    /// The program itself (its entry is `AT_ENTRY`, its end the initial break).
    pub main: LoadedImage,
    /// The interpreter's load bias (`AT_BASE`), 0 for a static program.
    pub interp_base: u64,
    /// Where execution starts: the interpreter's entry, else the program's.
    pub start: u64,
}

/// Load the program `img` (read from host file `path`) into `space`, and its ELF
/// interpreter if it names one.
pub fn load_program(
    img: &ElfImage,
    path: &Path,
    paths: &PathMap,
    space: &mut AddrSpace,
) -> Result<LoadedProgram, LoadError> {
    let oom = |space: &AddrSpace| LoadError::OutOfMemory {
        path: path.to_path_buf(),
        mem_size: MemSize(space.frames().store().range().size()),
    };
    let main = img.load(space).ok_or_else(|| oom(space))?;
    let Some(interp) = img.interp() else {
        return Ok(LoadedProgram {
            main,
            interp_base: 0,
            start: main.entry,
        });
    };
    let host = paths.interpreter(interp);
    let shown = || Path::new(OsStr::from_bytes(interp)).to_path_buf();
    let bytes = std::fs::read(&host).map_err(|source| LoadError::InterpIo {
        path: path.to_path_buf(),
        interp: if host.as_os_str().as_bytes() == interp {
            shown()
        } else {
            host.clone()
        },
        source,
    })?;
    let ld =
        ElfImage::parse(&bytes, img.header.e_machine).map_err(|source| LoadError::InterpElf {
            path: path.to_path_buf(),
            interp: host.clone(),
            source,
        })?;
    let bias = if ld.is_pie() {
        let base = space
            .find_free(ld.span(), MMAP_BASE)
            .ok_or_else(|| oom(space))?;
        base - ld.first_page()
    } else {
        0
    };
    let loaded = ld.load_at(space, bias).ok_or_else(|| oom(space))?;
    Ok(LoadedProgram {
        main,
        interp_base: bias,
        start: loaded.entry,
    })
}
