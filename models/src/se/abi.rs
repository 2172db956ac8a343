//! The guest's Linux ABI: errno values, flag encodings and structure layouts.
//!
//! Everything the guest sees is written here explicitly, field by field at byte
//! offsets, so the guest layout never depends on the host's C structures. The
//! supported ISAs (RISC-V 64, AArch64, x86-64) share the asm-generic errno values
//! and most flag values; where they differ ([`GuestAbi`]) the difference is a table.

use super::addr_space::MemFault;

/// A Linux error number as the guest sees it (positive; syscalls return `-errno`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

#[allow(missing_docs)]
impl Errno {
    pub const EPERM: Errno = Errno(1);
    pub const ENOENT: Errno = Errno(2);
    pub const ESRCH: Errno = Errno(3);
    pub const EINTR: Errno = Errno(4);
    pub const EIO: Errno = Errno(5);
    pub const E2BIG: Errno = Errno(7);
    pub const ENOEXEC: Errno = Errno(8);
    pub const ECHILD: Errno = Errno(10);
    pub const ELOOP: Errno = Errno(40);
    pub const EBADF: Errno = Errno(9);
    pub const EAGAIN: Errno = Errno(11);
    pub const ENOMEM: Errno = Errno(12);
    pub const EACCES: Errno = Errno(13);
    pub const EFAULT: Errno = Errno(14);
    pub const EEXIST: Errno = Errno(17);
    pub const ENODEV: Errno = Errno(19);
    pub const ENOTDIR: Errno = Errno(20);
    pub const EINVAL: Errno = Errno(22);
    pub const EMFILE: Errno = Errno(24);
    pub const ENOTTY: Errno = Errno(25);
    pub const EPIPE: Errno = Errno(32);
    pub const ERANGE: Errno = Errno(34);
    pub const ENAMETOOLONG: Errno = Errno(36);
    pub const ENOSYS: Errno = Errno(38);
    pub const ETIMEDOUT: Errno = Errno(110);

    /// The host's `errno` after a failed libc call.
    ///
    /// The host is Linux, whose errno numbers are the asm-generic ones every
    /// supported guest uses, so the value passes through unchanged.
    pub fn last_host() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(5))
    }

    /// The value a syscall returns for this error: `-errno` in two's complement.
    pub fn to_ret(self) -> u64 {
        (-(self.0 as i64)) as u64
    }
}

impl From<MemFault> for Errno {
    fn from(f: MemFault) -> Errno {
        match f {
            MemFault::TooLong { .. } => Errno::ENAMETOOLONG,
            _ => Errno::EFAULT,
        }
    }
}

impl From<std::io::Error> for Errno {
    fn from(e: std::io::Error) -> Errno {
        Errno(e.raw_os_error().unwrap_or(Errno::EIO.0))
    }
}

/// ELF machine numbers of the ISAs whose ABI differences are known.
pub const EM_X86_64: u16 = 62;
/// ELF machine number of AArch64.
pub const EM_AARCH64: u16 = 183;
/// ELF machine number of RISC-V.
pub const EM_RISCV: u16 = 243;

/// `dirfd` value meaning "the current directory".
pub const AT_FDCWD: i32 = -100;
/// `*at` flag: operate on the fd itself when the path is empty.
pub const AT_EMPTY_PATH: i32 = 0x1000;

/// Per-ISA differences in the Linux user ABI, chosen from the ELF machine.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GuestAbi {
    /// asm-generic layouts (RISC-V 64 and unknown machines).
    Generic,
    /// asm-generic layouts with AArch64's own `O_DIRECTORY`/`O_NOFOLLOW`/`O_DIRECT`.
    Aarch64,
    /// x86-64's own `struct stat`.
    X86_64,
}

/// `(generic guest bit, host bit)` pairs for open flags (besides `O_ACCMODE`).
const OPEN_FLAGS_GENERIC: &[(u32, i32)] = &[
    (0o100, libc::O_CREAT),
    (0o200, libc::O_EXCL),
    (0o400, libc::O_NOCTTY),
    (0o1000, libc::O_TRUNC),
    (0o2000, libc::O_APPEND),
    (0o4000, libc::O_NONBLOCK),
    (0o10000, libc::O_DSYNC),
    (0o20000, libc::O_ASYNC),
    (0o40000, libc::O_DIRECT),
    (0o200000, libc::O_DIRECTORY),
    (0o400000, libc::O_NOFOLLOW),
    (0o1000000, libc::O_NOATIME),
    (0o2000000, libc::O_CLOEXEC),
    (0o4000000, libc::O_SYNC & !libc::O_DSYNC),
    (0o10000000, libc::O_PATH),
    (0o20000000, libc::O_TMPFILE & !libc::O_DIRECTORY),
];

/// AArch64 moves four bits; the rest match the generic table.
const OPEN_FLAGS_AARCH64: &[(u32, i32)] = &[
    (0o40000, libc::O_DIRECTORY),
    (0o100000, libc::O_NOFOLLOW),
    (0o200000, libc::O_DIRECT),
];

/// Guest `O_CLOEXEC` (identical on every supported ISA).
pub const O_CLOEXEC: u32 = 0o2000000;
/// Guest `O_NONBLOCK` (identical on every supported ISA).
pub const O_NONBLOCK: u32 = 0o4000;

impl GuestAbi {
    /// The ABI of the ISA with ELF machine `machine`.
    pub fn for_machine(machine: u16) -> GuestAbi {
        match machine {
            EM_AARCH64 => GuestAbi::Aarch64,
            EM_X86_64 => GuestAbi::X86_64,
            _ => GuestAbi::Generic,
        }
    }

    /// `utsname.machine` for this ISA.
    pub fn uname_machine(machine: u16) -> &'static str {
        match machine {
            EM_RISCV => "riscv64",
            EM_AARCH64 => "aarch64",
            EM_X86_64 => "x86_64",
            _ => "unknown",
        }
    }

    /// Which `clone` argument registers hold `(tls, child_tid)`: x86-64 swaps the
    /// last two of `clone(flags, stack, parent_tid, child_tid, tls)`.
    pub fn clone_tls_ctid_args(self) -> (usize, usize) {
        match self {
            GuestAbi::X86_64 => (4, 3),
            GuestAbi::Generic | GuestAbi::Aarch64 => (3, 4),
        }
    }

    /// Size of the kernel `struct sigaction` (RISC-V has no `sa_restorer`).
    pub fn sigaction_size(self) -> usize {
        match self {
            GuestAbi::Generic => 24,
            GuestAbi::Aarch64 | GuestAbi::X86_64 => 32,
        }
    }

    fn open_table(self) -> impl Iterator<Item = (u32, i32)> {
        let arm = self == GuestAbi::Aarch64;
        let moved = [
            libc::O_DIRECTORY,
            libc::O_NOFOLLOW,
            libc::O_DIRECT,
            libc::O_LARGEFILE,
        ];
        OPEN_FLAGS_GENERIC
            .iter()
            .copied()
            .filter(move |(_, h)| !arm || !moved.contains(h))
            .chain(OPEN_FLAGS_AARCH64.iter().copied().filter(move |_| arm))
    }

    /// Guest open flags to host open flags. Unknown bits (and `O_LARGEFILE`,
    /// implied on a 64-bit host) are dropped.
    pub fn open_flags_to_host(self, guest: u32) -> i32 {
        let mut host = (guest & 3) as i32;
        for (g, h) in self.open_table() {
            if guest & g != 0 {
                host |= h;
            }
        }
        host
    }

    /// Host file status flags back to guest encoding (for `F_GETFL`).
    pub fn open_flags_from_host(self, host: i32) -> u32 {
        let mut guest = (host & 3) as u32;
        for (g, h) in self.open_table() {
            if h != 0 && host & h == h {
                guest |= g;
            }
        }
        guest
    }

    /// Encode a file status as this ISA's `struct stat`.
    pub fn encode_stat(self, st: &GuestStat) -> Vec<u8> {
        let mut b = Bytes::new(if self == GuestAbi::X86_64 { 144 } else { 128 });
        b.u64(0, st.dev);
        b.u64(8, st.ino);
        if self == GuestAbi::X86_64 {
            b.u64(16, st.nlink);
            b.u32(24, st.mode);
            b.u32(28, st.uid);
            b.u32(32, st.gid);
            b.u64(40, st.rdev);
            b.u64(48, st.size as u64);
            b.u64(56, st.blksize);
            b.u64(64, st.blocks);
        } else {
            b.u32(16, st.mode);
            b.u32(20, st.nlink as u32);
            b.u32(24, st.uid);
            b.u32(28, st.gid);
            b.u64(32, st.rdev);
            b.u64(48, st.size as u64);
            b.u32(56, st.blksize as u32);
            b.u64(64, st.blocks);
        }
        for (i, t) in [st.atime, st.mtime, st.ctime].iter().enumerate() {
            b.u64(72 + 16 * i, t.0 as u64);
            b.u64(80 + 16 * i, t.1);
        }
        b.0
    }
}

/// A file status in ISA-neutral form, filled from the host's `stat`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct GuestStat {
    pub dev: u64,
    pub ino: u64,
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u64,
    pub size: i64,
    pub blksize: u64,
    pub blocks: u64,
    /// (seconds, nanoseconds)
    pub atime: (i64, u64),
    pub mtime: (i64, u64),
    pub ctime: (i64, u64),
}

impl GuestStat {
    /// Convert the host's `stat` by field name (field widths vary by host).
    #[allow(clippy::unnecessary_cast)]
    pub fn from_host(s: &libc::stat) -> GuestStat {
        GuestStat {
            dev: s.st_dev,
            ino: s.st_ino,
            mode: s.st_mode,
            nlink: s.st_nlink as u64,
            uid: s.st_uid,
            gid: s.st_gid,
            rdev: s.st_rdev,
            size: s.st_size,
            blksize: s.st_blksize as u64,
            blocks: s.st_blocks as u64,
            atime: (s.st_atime, s.st_atime_nsec as u64),
            mtime: (s.st_mtime, s.st_mtime_nsec as u64),
            ctime: (s.st_ctime, s.st_ctime_nsec as u64),
        }
    }

    /// Encode as `struct statx` (the same layout on every ISA, 256 bytes).
    pub fn encode_statx(&self) -> Vec<u8> {
        const STATX_BASIC_STATS: u32 = 0x7ff;
        let mut b = Bytes::new(256);
        b.u32(0, STATX_BASIC_STATS);
        b.u32(4, self.blksize as u32);
        b.u32(16, self.nlink as u32);
        b.u32(20, self.uid);
        b.u32(24, self.gid);
        b.u16(28, self.mode as u16);
        b.u64(32, self.ino);
        b.u64(40, self.size as u64);
        b.u64(48, self.blocks);
        // stx_atime at 64, stx_btime at 80 (not provided), stx_ctime at 96, stx_mtime at 112.
        for (off, t) in [(64, self.atime), (96, self.ctime), (112, self.mtime)] {
            b.u64(off, t.0 as u64);
            b.u32(off + 8, t.1 as u32);
        }
        let (rmaj, rmin) = (libc::major(self.rdev), libc::minor(self.rdev));
        let (dmaj, dmin) = (libc::major(self.dev), libc::minor(self.dev));
        b.u32(128, rmaj);
        b.u32(132, rmin);
        b.u32(136, dmaj);
        b.u32(140, dmin);
        b.0
    }
}

/// A little-endian byte buffer written at explicit offsets.
pub struct Bytes(pub Vec<u8>);

#[allow(missing_docs)]
impl Bytes {
    pub fn new(len: usize) -> Bytes {
        Bytes(vec![0; len])
    }
    pub fn u16(&mut self, off: usize, v: u16) {
        self.0[off..off + 2].copy_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, off: usize, v: u32) {
        self.0[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, off: usize, v: u64) {
        self.0[off..off + 8].copy_from_slice(&v.to_le_bytes());
    }
    /// A NUL-padded string field of `len` bytes (truncated to keep the NUL).
    pub fn str(&mut self, off: usize, len: usize, s: &str) {
        let n = s.len().min(len - 1);
        self.0[off..off + n].copy_from_slice(&s.as_bytes()[..n]);
    }
}

/// A `struct timespec` (16 bytes on every 64-bit ISA) for `ns` nanoseconds.
pub fn timespec(ns: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(ns / 1_000_000_000).to_le_bytes());
    b[8..].copy_from_slice(&(ns % 1_000_000_000).to_le_bytes());
    b
}

/// Auxiliary-vector keys used by the loader.
#[allow(missing_docs)]
pub mod auxv {
    pub const AT_NULL: u64 = 0;
    pub const AT_PHDR: u64 = 3;
    pub const AT_PHENT: u64 = 4;
    pub const AT_PHNUM: u64 = 5;
    pub const AT_PAGESZ: u64 = 6;
    pub const AT_BASE: u64 = 7;
    pub const AT_FLAGS: u64 = 8;
    pub const AT_ENTRY: u64 = 9;
    pub const AT_UID: u64 = 11;
    pub const AT_EUID: u64 = 12;
    pub const AT_GID: u64 = 13;
    pub const AT_EGID: u64 = 14;
    pub const AT_PLATFORM: u64 = 15;
    pub const AT_HWCAP: u64 = 16;
    pub const AT_CLKTCK: u64 = 17;
    pub const AT_SECURE: u64 = 23;
    pub const AT_RANDOM: u64 = 25;
    pub const AT_EXECFN: u64 = 31;
}
