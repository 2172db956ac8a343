//! Placing firmware, kernels and initial RAM disks in the board's memory: ELF
//! files by their segments' physical addresses, anything else as a raw image at
//! the address the board gives it (QEMU's `virt` loader does the same).

use super::FsError;
use goblin::elf::program_header::PT_LOAD;
use goblin::elf::Elf;
use sim_core::mem::BackingStore;
use sim_core::Addr;
use std::path::Path;

/// What loading a file placed where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Entry point (the ELF's, or the raw image's load address).
    pub entry: u64,
    /// First byte past the image.
    pub end: u64,
    /// The ELF's `tohost` symbol (HTIF), if it has one.
    pub tohost: Option<u64>,
    /// The ELF's `fromhost` symbol.
    pub fromhost: Option<u64>,
    /// True for an ELF file.
    pub elf: bool,
}

fn write(
    store: &BackingStore,
    what: &str,
    path: &Path,
    at: u64,
    bytes: &[u8],
) -> Result<(), FsError> {
    store
        .write(Addr(at), bytes)
        .map_err(|_| FsError::Placement {
            what: what.to_string(),
            path: path.to_path_buf(),
            start: at,
            end: at + bytes.len() as u64,
            ram: (store.range().start.0, store.range().end.0),
        })
}

/// Load `path` (`what` names it in errors: "kernel", "bootloader", "initrd") into
/// `store`: an ELF by its program headers, otherwise the raw bytes at `raw_at`.
pub fn load_file(
    store: &BackingStore,
    what: &str,
    path: &Path,
    raw_at: u64,
) -> Result<Loaded, FsError> {
    let bytes = std::fs::read(path).map_err(|source| FsError::Read {
        what: what.to_string(),
        path: path.to_path_buf(),
        source,
    })?;
    if !bytes.starts_with(b"\x7fELF") {
        write(store, what, path, raw_at, &bytes)?;
        return Ok(Loaded {
            entry: raw_at,
            end: raw_at + bytes.len() as u64,
            ..Loaded::default()
        });
    }
    let elf = Elf::parse(&bytes).map_err(|e| FsError::BadElf {
        what: what.to_string(),
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut end = 0;
    for ph in elf
        .program_headers
        .iter()
        .filter(|p| p.p_type == PT_LOAD && p.p_memsz > 0)
    {
        let file = ph.p_offset as usize..(ph.p_offset + ph.p_filesz) as usize;
        let data = bytes.get(file).ok_or_else(|| FsError::BadElf {
            what: what.to_string(),
            path: path.to_path_buf(),
            reason: format!("segment at {:#x} lies past the end of the file", ph.p_paddr),
        })?;
        write(store, what, path, ph.p_paddr, data)?;
        let zeros = vec![0u8; (ph.p_memsz - ph.p_filesz) as usize];
        write(store, what, path, ph.p_paddr + ph.p_filesz, &zeros)?;
        end = end.max(ph.p_paddr + ph.p_memsz);
    }
    let symbol = |name: &str| {
        elf.syms
            .iter()
            .find(|s| elf.strtab.get_at(s.st_name) == Some(name))
            .map(|s| s.st_value)
    };
    Ok(Loaded {
        entry: elf.entry,
        end,
        tohost: symbol("tohost"),
        fromhost: symbol("fromhost"),
        elf: true,
    })
}
