//! Linux ELF executables: checking them and loading their segments.
//!
//! Only 64-bit little-endian executables are accepted: `ET_EXEC` loads at its
//! link addresses, `ET_DYN` (PIE, static-pie) is shifted to [`PIE_BASE`] (aligned
//! to the largest segment alignment), as Linux's `load_elf_binary` does with
//! randomization off. A dynamically linked program names its ELF interpreter in
//! `PT_INTERP` ([`ElfImage::interp`]); [`super::interp`] loads both.

use super::addr_space::{AddrSpace, Perms, VmaKind, PIE_BASE, USER_END};
use super::frames::{page_down, page_up, PAGE_SIZE};
use goblin::container::{Container, Ctx, Endian};
use goblin::elf::header::{
    machine_to_str, Header, EI_CLASS, EI_DATA, ELFCLASS32, ELFCLASS64, ET_DYN, ET_EXEC,
};
use goblin::elf::program_header::{ProgramHeader, PT_INTERP, PT_LOAD, PT_PHDR};
use sim_core::units::MemSize;
use std::path::PathBuf;

/// Size of an ELF64 header.
const EHDR64: usize = 64;
/// Size of an ELF64 program header.
const PHDR64: u64 = 56;

/// Why bytes are not a loadable executable for this ISA.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElfError {
    /// The ELF magic number is missing.
    #[error("not an ELF file (bad magic number)")]
    NotElf,
    /// The file ends before a header or table it declares.
    #[error("truncated ELF: {what} needs {need} bytes but the file has {len}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed from the start of the file.
        need: u64,
        /// File length.
        len: u64,
    },
    /// A 32-bit (or unknown-class) ELF; only 64-bit programs are supported.
    #[error("ELF class {class} ({}) is not supported: only 64-bit (ELFCLASS64) executables run in SE mode", if *class == ELFCLASS32 { "32-bit" } else { "unknown" })]
    WrongClass {
        /// `e_ident[EI_CLASS]`.
        class: u8,
    },
    /// Headers that cannot be parsed or are inconsistent.
    #[error("malformed ELF: {0}")]
    Malformed(String),
    /// Built for another ISA.
    #[error("ELF is for machine {found} ({found_name}) but this ISA runs machine {expected} ({expected_name})")]
    WrongMachine {
        /// `e_machine` of the file.
        found: u16,
        /// Its name.
        found_name: &'static str,
        /// The machine the ISA expects.
        expected: u16,
        /// Its name.
        expected_name: &'static str,
    },
    /// A `PT_INTERP` segment that is not a NUL-terminated path inside the file.
    #[error("PT_INTERP at {offset:#x}+{filesz:#x} is not a NUL-terminated path of 2 to 4096 bytes inside the {file_len}-byte file")]
    BadInterp {
        /// `p_offset`.
        offset: u64,
        /// `p_filesz`.
        filesz: u64,
        /// File length.
        file_len: u64,
    },
    /// Not `ET_EXEC` or `ET_DYN`.
    #[error("ELF type {e_type} is not an executable (ET_EXEC or ET_DYN)")]
    NotExecutable {
        /// `e_type`.
        e_type: u16,
    },
    /// A segment's file bytes lie outside the file.
    #[error(
        "segment {index}: file bytes {offset:#x}+{filesz:#x} lie outside the {file_len}-byte file"
    )]
    SegmentOutsideFile {
        /// Program header index.
        index: usize,
        /// `p_offset`.
        offset: u64,
        /// `p_filesz`.
        filesz: u64,
        /// File length.
        file_len: u64,
    },
    /// A segment that cannot be placed in the user address space.
    #[error("segment {index}: {reason}")]
    BadSegment {
        /// Program header index.
        index: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// No `PT_LOAD` segment.
    #[error("no loadable (PT_LOAD) segments")]
    NoLoadableSegments,
}

/// Why a process could not be created.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The executable could not be read (the host error is the `source`, shown by
    /// whoever prints the error chain).
    #[error("cannot read {path}")]
    Io {
        /// The executable.
        path: PathBuf,
        /// The host error.
        source: std::io::Error,
    },
    /// The executable is not loadable (what is wrong is the `source`).
    #[error("{path}")]
    Elf {
        /// The executable.
        path: PathBuf,
        /// What is wrong with it.
        source: ElfError,
    },
    /// Simulated memory ran out while loading the image or building the stack.
    #[error(
        "out of simulated memory while loading {path}: its image and initial stack \
         need more than the {mem_size} of simulated memory (--mem-size, mem_size)"
    )]
    OutOfMemory {
        /// The executable.
        path: PathBuf,
        /// The size of the simulated memory.
        mem_size: MemSize,
    },
    /// The ELF interpreter a dynamically linked program names could not be read.
    #[error("{path}: cannot read its ELF interpreter {interp} (give the guest's root with -L/--sysroot, --redirects or --interp-dir)")]
    InterpIo {
        /// The executable.
        path: PathBuf,
        /// The host file tried for the interpreter.
        interp: PathBuf,
        /// The host error.
        source: std::io::Error,
    },
    /// The ELF interpreter is not loadable (what is wrong is the `source`).
    #[error("{path}: ELF interpreter {interp}")]
    InterpElf {
        /// The executable.
        path: PathBuf,
        /// The host file of the interpreter.
        interp: PathBuf,
        /// What is wrong with it.
        source: ElfError,
    },
    /// Arguments and environment do not fit in the stack.
    #[error("arguments and environment too long ({bytes} bytes)")]
    ArgsTooLong {
        /// Bytes needed.
        bytes: u64,
    },
}

/// A checked executable, borrowed from its file bytes.
pub struct ElfImage<'a> {
    bytes: &'a [u8],
    /// The ELF header.
    pub header: Header,
    /// Program headers.
    pub phdrs: Vec<ProgramHeader>,
}

/// Where an image landed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LoadedImage {
    /// Load bias added to every link address (0 for `ET_EXEC`).
    pub bias: u64,
    /// Entry point.
    pub entry: u64,
    /// Address of the program headers in the image, if a segment holds them.
    pub phdr: Option<u64>,
    /// First byte after the highest segment, page-aligned: the initial brk.
    pub brk: u64,
}

fn truncated(what: &'static str, need: u64, len: usize) -> ElfError {
    ElfError::Truncated {
        what,
        need,
        len: len as u64,
    }
}

impl<'a> ElfImage<'a> {
    /// Check `bytes` as a static 64-bit little-endian executable for `machine`.
    pub fn parse(bytes: &'a [u8], machine: u16) -> Result<ElfImage<'a>, ElfError> {
        if bytes.len() < 4 || &bytes[..4] != b"\x7fELF" {
            return Err(ElfError::NotElf);
        }
        let class =
            *bytes
                .get(EI_CLASS)
                .ok_or(truncated("the ELF header", EHDR64 as u64, bytes.len()))?;
        if class != ELFCLASS64 {
            return Err(ElfError::WrongClass { class });
        }
        if bytes.len() < EHDR64 {
            return Err(truncated("the ELF header", EHDR64 as u64, bytes.len()));
        }
        if bytes[EI_DATA] != 1 {
            return Err(ElfError::Malformed(
                "big-endian ELF: only little-endian is supported".into(),
            ));
        }
        let header = goblin::elf::Elf::parse_header(bytes)
            .map_err(|e| ElfError::Malformed(e.to_string()))?;
        if header.e_machine != machine {
            return Err(ElfError::WrongMachine {
                found: header.e_machine,
                found_name: machine_to_str(header.e_machine),
                expected: machine,
                expected_name: machine_to_str(machine),
            });
        }
        if header.e_type != ET_EXEC && header.e_type != ET_DYN {
            return Err(ElfError::NotExecutable {
                e_type: header.e_type,
            });
        }
        let phnum = header.e_phnum as u64;
        if phnum > 0 && header.e_phentsize as u64 != PHDR64 {
            return Err(ElfError::Malformed(format!(
                "e_phentsize {} (expected {PHDR64})",
                header.e_phentsize
            )));
        }
        let need = header.e_phoff.checked_add(phnum * PHDR64).ok_or(truncated(
            "program headers",
            u64::MAX,
            bytes.len(),
        ))?;
        if need > bytes.len() as u64 {
            return Err(truncated("program headers", need, bytes.len()));
        }
        let ctx = Ctx::new(Container::Big, Endian::Little);
        let phdrs = ProgramHeader::parse(bytes, header.e_phoff as usize, phnum as usize, ctx)
            .map_err(|e| ElfError::Malformed(e.to_string()))?;
        let img = ElfImage {
            bytes,
            header,
            phdrs,
        };
        img.check_segments()?;
        Ok(img)
    }

    fn check_segments(&self) -> Result<(), ElfError> {
        let len = self.bytes.len() as u64;
        let mut loads = 0;
        for (index, ph) in self.phdrs.iter().enumerate() {
            if ph.p_type == PT_INTERP && self.interp_of(ph).is_none() {
                return Err(ElfError::BadInterp {
                    offset: ph.p_offset,
                    filesz: ph.p_filesz,
                    file_len: len,
                });
            }
            if ph.p_type != PT_LOAD {
                continue;
            }
            loads += 1;
            if ph.p_offset.checked_add(ph.p_filesz).is_none_or(|e| e > len) {
                return Err(ElfError::SegmentOutsideFile {
                    index,
                    offset: ph.p_offset,
                    filesz: ph.p_filesz,
                    file_len: len,
                });
            }
            if ph.p_filesz > ph.p_memsz {
                return Err(ElfError::BadSegment {
                    index,
                    reason: "p_filesz is larger than p_memsz",
                });
            }
            if ph
                .p_vaddr
                .checked_add(ph.p_memsz)
                .is_none_or(|e| e > USER_END)
            {
                return Err(ElfError::BadSegment {
                    index,
                    reason: "segment lies outside the 47-bit user address space",
                });
            }
        }
        if loads == 0 {
            return Err(ElfError::NoLoadableSegments);
        }
        Ok(())
    }

    /// The path in `ph` (a `PT_INTERP`) without its NUL, if well formed (Linux
    /// wants 2 to `PATH_MAX` bytes ending in NUL).
    fn interp_of(&self, ph: &ProgramHeader) -> Option<&'a [u8]> {
        let end = ph.p_offset.checked_add(ph.p_filesz)?;
        if end > self.bytes.len() as u64 || !(2..=4096).contains(&ph.p_filesz) {
            return None;
        }
        let b = &self.bytes[ph.p_offset as usize..end as usize];
        let (last, path) = b.split_last()?;
        (*last == 0 && !path.contains(&0)).then_some(path)
    }

    /// The ELF interpreter a dynamically linked program asks for (`PT_INTERP`).
    pub fn interp(&self) -> Option<&'a [u8]> {
        let ph = self.phdrs.iter().find(|p| p.p_type == PT_INTERP)?;
        self.interp_of(ph)
    }

    /// Bytes from the lowest to the end of the highest loadable segment, in whole
    /// pages: the room an image loaded anywhere needs (Linux's `total_mapping_size`).
    pub fn span(&self) -> u64 {
        let lo = self
            .loads()
            .map(|p| page_down(p.p_vaddr))
            .min()
            .unwrap_or(0);
        let hi = self
            .loads()
            .map(|p| p.p_vaddr + p.p_memsz)
            .max()
            .unwrap_or(0);
        page_up(hi).unwrap_or(USER_END).saturating_sub(lo)
    }

    /// The lowest page of the loadable segments (link address).
    pub fn first_page(&self) -> u64 {
        self.loads()
            .map(|p| page_down(p.p_vaddr))
            .min()
            .unwrap_or(0)
    }

    /// True for static-pie (`ET_DYN`) images, which are relocated at load time.
    pub fn is_pie(&self) -> bool {
        self.header.e_type == ET_DYN
    }

    fn loads(&self) -> impl Iterator<Item = &ProgramHeader> {
        self.phdrs
            .iter()
            .filter(|p| p.p_type == PT_LOAD && p.p_memsz > 0)
    }

    /// The load bias: 0 for `ET_EXEC`; for `ET_DYN`, [`PIE_BASE`] aligned to the
    /// largest `p_align`, minus the first segment's page.
    pub fn bias(&self) -> u64 {
        if !self.is_pie() {
            return 0;
        }
        let align = self
            .loads()
            .map(|p| p.p_align)
            .filter(|a| a.is_power_of_two())
            .max()
            .unwrap_or(PAGE_SIZE)
            .max(PAGE_SIZE);
        let first = self
            .loads()
            .map(|p| page_down(p.p_vaddr))
            .min()
            .unwrap_or(0);
        PIE_BASE.saturating_sub(first) & !(align - 1)
    }

    /// Link-time address of the program headers, if a segment holds them.
    fn phdr_vaddr(&self) -> Option<u64> {
        if let Some(p) = self.phdrs.iter().find(|p| p.p_type == PT_PHDR) {
            return Some(p.p_vaddr);
        }
        let (off, size) = (self.header.e_phoff, self.header.e_phnum as u64 * PHDR64);
        self.loads()
            .find(|p| off >= p.p_offset && off + size <= p.p_offset + p.p_filesz)
            .map(|p| p.p_vaddr + (off - p.p_offset))
    }

    /// The raw program-header table (for a copy when no segment maps it).
    pub fn phdr_bytes(&self) -> &'a [u8] {
        let off = self.header.e_phoff as usize;
        &self.bytes[off..off + self.header.e_phnum as usize * PHDR64 as usize]
    }

    /// Map every `PT_LOAD` segment into `space`: file bytes copied, the rest zero,
    /// page permissions from `p_flags`. Returns `None` if memory runs out.
    pub fn load(&self, space: &mut AddrSpace) -> Option<LoadedImage> {
        self.load_at(space, self.bias())
    }

    /// [`ElfImage::load`] with the load bias chosen by the caller (an interpreter
    /// goes where `mmap` would put it).
    pub fn load_at(&self, space: &mut AddrSpace, bias: u64) -> Option<LoadedImage> {
        let mut brk = 0;
        for ph in self.loads() {
            let va = bias + ph.p_vaddr;
            let end = va + ph.p_memsz;
            let map_end = page_up(end)?;
            space.map(
                page_down(va),
                map_end,
                Perms::from_elf(ph.p_flags),
                VmaKind::Image,
            );
            let file = &self.bytes[ph.p_offset as usize..(ph.p_offset + ph.p_filesz) as usize];
            space.poke(va, file).ok()?;
            // Zero the rest of the last file page; later pages are demand-zero.
            let file_end = va + ph.p_filesz;
            let zero_end = page_up(file_end)?.min(end);
            if zero_end > file_end {
                space
                    .poke(file_end, &vec![0; (zero_end - file_end) as usize])
                    .ok()?;
            }
            brk = brk.max(map_end);
        }
        Some(LoadedImage {
            bias,
            entry: bias.wrapping_add(self.header.e_entry),
            phdr: self.phdr_vaddr().map(|v| bias + v),
            brk,
        })
    }
}
