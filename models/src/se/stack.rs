//! The initial process stack, laid out exactly as Linux's `create_elf_tables`.
//!
//! From the top of the stack down:
//!
//! ```text
//!   STACK_TOP - 8       NULL word (end marker)
//!                       execfn string, envp strings, argv strings
//!                       AT_PLATFORM string (if any), 16 AT_RANDOM bytes,
//!                       program headers (only if no segment maps them)
//!   sp (aligned) ─────▶ argc, argv[0..argc], NULL, envp[..], NULL,
//!                       auxv (key, value) pairs ending with AT_NULL
//! ```

use super::abi::auxv::*;
use super::addr_space::{AddrSpace, MemFault, Perms, VmaKind, STACK_SIZE, STACK_TOP};
use super::frames::PAGE_SIZE;
use super::loader::LoadedImage;
use sim_core::arch::LinuxProcessInfo;

/// Everything the initial stack describes.
pub struct StackParams<'a> {
    /// Program arguments (`argv[0]` first).
    pub argv: &'a [Vec<u8>],
    /// Environment strings (`NAME=value`).
    pub envp: &'a [Vec<u8>],
    /// `AT_EXECFN`: the path the program was started with.
    pub execfn: &'a [u8],
    /// Where the image landed.
    pub image: LoadedImage,
    /// The program-header table (copied onto the stack if `image.phdr` is `None`).
    pub phdr_bytes: &'a [u8],
    /// Number of program headers.
    pub phnum: u64,
    /// `AT_BASE`: the ELF interpreter's load bias (0 without one).
    pub interp_base: u64,
    /// The 16 `AT_RANDOM` bytes.
    pub random: [u8; 16],
    /// `(uid, euid, gid, egid)`.
    pub ids: (u32, u32, u32, u32),
}

/// Where the stack's interesting pieces landed (for tests and debuggers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialStack {
    /// The initial stack pointer (points at `argc`).
    pub sp: u64,
    /// Address of the 16 random bytes.
    pub random: u64,
    /// `AT_PHDR`.
    pub phdr: u64,
    /// The auxiliary vector as written (without `AT_NULL`).
    pub auxv: Vec<(u64, u64)>,
}

/// Bytes of strings and tables above which we refuse to build the stack
/// (Linux allows a quarter of `RLIMIT_STACK`).
pub const MAX_ARG_BYTES: u64 = STACK_SIZE / 4;

struct Down<'s> {
    space: &'s mut AddrSpace,
    p: u64,
}

impl Down<'_> {
    fn push(&mut self, data: &[u8]) -> Result<u64, MemFault> {
        self.p -= data.len() as u64;
        self.space.poke(self.p, data)?;
        Ok(self.p)
    }
    fn push_str(&mut self, s: &[u8]) -> Result<u64, MemFault> {
        let mut v = s.to_vec();
        v.push(0);
        self.push(&v)
    }
}

/// Map the stack and write the initial contents. Returns `None` if the
/// strings are too long ([`MAX_ARG_BYTES`]) or memory runs out.
pub fn build(
    space: &mut AddrSpace,
    info: &LinuxProcessInfo,
    p: &StackParams,
) -> Option<InitialStack> {
    let strings: u64 = p
        .argv
        .iter()
        .chain(p.envp)
        .map(|s| s.len() as u64 + 1)
        .sum::<u64>()
        + p.execfn.len() as u64
        + p.phdr_bytes.len() as u64
        + 64;
    if strings > MAX_ARG_BYTES {
        return None;
    }
    space.map(STACK_TOP - STACK_SIZE, STACK_TOP, Perms::RW, VmaKind::Stack);
    let mut d = Down {
        space,
        p: STACK_TOP - 8,
    };
    let execfn = d.push_str(p.execfn).ok()?;
    let mut envp = Vec::with_capacity(p.envp.len());
    for s in p.envp.iter().rev() {
        envp.push(d.push_str(s).ok()?);
    }
    envp.reverse();
    let mut argv = Vec::with_capacity(p.argv.len());
    for s in p.argv.iter().rev() {
        argv.push(d.push_str(s).ok()?);
    }
    argv.reverse();
    d.p &= !15;
    let platform = match info.platform {
        Some(s) => Some(d.push_str(s.as_bytes()).ok()?),
        None => None,
    };
    let random = d.push(&p.random).ok()?;
    let phdr = match p.image.phdr {
        Some(a) => a,
        None => {
            d.p &= !7;
            d.push(p.phdr_bytes).ok()?
        }
    };
    let (uid, euid, gid, egid) = p.ids;
    let mut auxv = vec![
        (AT_HWCAP, info.hwcap),
        (AT_PAGESZ, PAGE_SIZE),
        (AT_CLKTCK, 100),
        (AT_PHDR, phdr),
        (AT_PHENT, 56),
        (AT_PHNUM, p.phnum),
        (AT_BASE, p.interp_base),
        (AT_FLAGS, 0),
        (AT_ENTRY, p.image.entry),
        (AT_UID, uid as u64),
        (AT_EUID, euid as u64),
        (AT_GID, gid as u64),
        (AT_EGID, egid as u64),
        (AT_SECURE, 0),
        (AT_RANDOM, random),
        (AT_EXECFN, execfn),
    ];
    if let Some(a) = platform {
        auxv.push((AT_PLATFORM, a));
    }
    let words = 1 + argv.len() + 1 + envp.len() + 1 + 2 * (auxv.len() + 1);
    let align = info.stack_align.max(16);
    let sp = (d.p - 8 * words as u64) & !(align - 1);
    let mut table = Vec::with_capacity(words * 8);
    let mut put = |v: u64| table.extend_from_slice(&v.to_le_bytes());
    put(argv.len() as u64);
    argv.iter().for_each(|&a| put(a));
    put(0);
    envp.iter().for_each(|&a| put(a));
    put(0);
    for &(k, v) in auxv.iter().chain(&[(AT_NULL, 0)]) {
        put(k);
        put(v);
    }
    d.space.poke(sp, &table).ok()?;
    Some(InitialStack {
        sp,
        random,
        phdr,
        auxv,
    })
}
