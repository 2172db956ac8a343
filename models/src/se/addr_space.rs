//! A process's virtual address space: mappings (VMAs), the page table and the
//! demand paging behind them (the guest-memory copy helpers are in `uaccess`).
//!
//! Mappings are demand-paged: a VMA promises memory with some permissions, and
//! the first access to a page (a CPU TLB miss through [`AddrSpace::translate`] or a
//! syscall copying data) takes a zeroed frame from the shared [`FrameAllocator`].
//!
//! When no frame is left, the access fails with [`MemFault::OutOfMemory`]: the
//! CPU's page fault and a syscall's copy both end the process as Linux's OOM
//! killer would (see `syscalls/mem.rs` for the checks that make `mmap` and `brk`
//! fail with `ENOMEM` before it comes to that).
//!
//! Layout (47-bit user space, as x86-64 and RISC-V Sv48 Linux without ASLR):
//!
//! ```text
//!   STACK_TOP  0x7fff_ffff_f000  ┐ stack, STACK_SIZE (8 MiB) reserved, grows down
//!                                ┘
//!   MMAP_BASE  STACK_TOP - 128 MiB: mmap area grows down from here
//!      ...
//!   brk        page after the highest loaded segment, grows up
//!   image      ET_EXEC at its link address; ET_DYN (PIE) at PIE_BASE
//! ```

use super::frames::{page_down, page_up, FrameAllocator, PAGE_SHIFT, PAGE_SIZE};
use sim_core::arch::MemAccess;
use sim_core::Addr;
use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;

mod beyond_eof;
mod cow;
mod shared_io;

/// One past the highest stack address.
pub const STACK_TOP: u64 = 0x7fff_ffff_f000;
/// Bytes reserved for the stack below [`STACK_TOP`] (the default `RLIMIT_STACK`).
pub const STACK_SIZE: u64 = 8 << 20;
/// Top of the mmap area: Linux leaves at least 128 MiB below the stack top.
pub const MMAP_BASE: u64 = STACK_TOP - (128 << 20);
/// Load base of `ET_DYN` executables (PIE): riscv64 Linux's `ELF_ET_DYN_BASE`,
/// `(DEFAULT_MAP_WINDOW / 3) * 2` of its 47-bit window, page-aligned (no ASLR).
pub const PIE_BASE: u64 = 0x5555_5555_5000;
/// Lowest address `mmap` hands out without `MAP_FIXED` (Linux `mmap_min_addr`).
pub const MMAP_MIN: u64 = 0x1_0000;
/// One past the highest user address (47-bit user space).
pub const USER_END: u64 = 1 << 47;

/// Page permissions.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Perms(u8);

impl Perms {
    /// No access.
    pub const NONE: Perms = Perms(0);
    /// Readable.
    pub const R: Perms = Perms(1);
    /// Writable.
    pub const W: Perms = Perms(2);
    /// Executable.
    pub const X: Perms = Perms(4);
    /// Readable and writable.
    pub const RW: Perms = Perms(3);

    /// From Linux `PROT_*` bits (`PROT_WRITE` implies read, as on every Linux MMU).
    pub fn from_prot(prot: u64) -> Perms {
        let mut p = Perms((prot & 7) as u8);
        if p.has(Perms::W) {
            p = p | Perms::R;
        }
        p
    }
    /// From ELF `p_flags` (PF_X = 1, PF_W = 2, PF_R = 4).
    pub fn from_elf(flags: u32) -> Perms {
        let mut p = Perms::NONE;
        if flags & 4 != 0 {
            p = p | Perms::R;
        }
        if flags & 2 != 0 {
            p = p | Perms::RW;
        }
        if flags & 1 != 0 {
            p = p | Perms::X;
        }
        p
    }
    /// True if all of `other` is allowed.
    pub fn has(self, other: Perms) -> bool {
        self.0 & other.0 == other.0
    }
    /// True if an access of kind `access` is allowed.
    pub fn allows(self, access: MemAccess) -> bool {
        self.has(match access {
            MemAccess::Load => Perms::R,
            MemAccess::Store => Perms::W,
            MemAccess::Fetch => Perms::X,
        })
    }
}

impl std::ops::BitOr for Perms {
    type Output = Perms;
    fn bitor(self, o: Perms) -> Perms {
        Perms(self.0 | o.0)
    }
}

/// What a mapping holds (for `/proc/self/maps`-style dumps and `madvise`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum VmaKind {
    /// A PT_LOAD segment of the executable.
    Image,
    /// The brk heap.
    Heap,
    /// The main thread's stack.
    Stack,
    /// Anonymous `mmap`.
    Anon,
    /// Anonymous `MAP_SHARED` `mmap`: a fork shares its frames with the child
    /// instead of copying them on write (see `cow.rs`).
    SharedAnon,
    /// A file mapping (`mmap` with an fd): a private copy of the file's bytes,
    /// or, when `MAP_SHARED`, the file's pages in the machine's page cache (see
    /// [`AddrSpace::share_file`]).
    File,
    /// The vDSO page (`[vdso]`): the signal-return trampoline.
    Vdso,
}

/// The file behind part of a `MAP_SHARED` file mapping `[start, end)`: its
/// pages are the file's pages in the machine's
/// [`PageCache`](super::page_cache::PageCache).
#[derive(Debug)]
struct SharedFile {
    /// One past the last byte.
    end: u64,
    /// The host file (a duplicate; split parts of one mapping share it).
    fd: Arc<OwnedFd>,
    /// File offset of the part's first byte (page-aligned).
    off: u64,
    /// The host file's `(device, inode)`: the page cache's key.
    key: (u64, u64),
}

/// One mapping `[start, end)`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Vma {
    /// One past the last byte.
    pub end: u64,
    /// Permissions of every page in it.
    pub perms: Perms,
    /// What it holds.
    pub kind: VmaKind,
}

#[derive(Copy, Clone, Debug)]
struct Pte {
    frame: u64,
    perms: Perms,
    /// The frame may be shared with a forked address space: a write copies
    /// it first (see `cow.rs`).
    cow: bool,
}

/// A guest access the address space refused.
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MemFault {
    /// Unmapped or not permitted.
    #[error("bad guest {access} at {addr:#x}")]
    Bad {
        /// Faulting virtual address.
        addr: u64,
        /// Access kind.
        access: MemAccess,
    },
    /// Mapped and permitted, but no free frame is left to back the page.
    #[error("no free page frame for the guest {access} at {addr:#x}")]
    OutOfMemory {
        /// Faulting virtual address.
        addr: u64,
        /// Access kind.
        access: MemAccess,
    },
    /// A file mapping's page lies wholly past the end of the file (Linux
    /// raises `SIGBUS` with `BUS_ADRERR`).
    #[error("guest {access} at {addr:#x} past the end of the mapped file")]
    Bus {
        /// Faulting virtual address.
        addr: u64,
        /// Access kind.
        access: MemAccess,
    },
    /// A NUL-terminated string longer than its cap.
    #[error("guest string at {addr:#x} longer than {max} bytes")]
    TooLong {
        /// Start of the string.
        addr: u64,
        /// The cap.
        max: usize,
    },
}

/// What the CPU must drop after a change to the address space.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Flush {
    /// Translations may be stale: flush the TLB (and host-pointer caches).
    pub tlb: bool,
    /// Code may have changed or moved: flush decoded instructions.
    pub icache: bool,
}

impl std::ops::BitOrAssign for Flush {
    fn bitor_assign(&mut self, o: Flush) {
        self.tlb |= o.tlb;
        self.icache |= o.icache;
    }
}

/// A virtual address space: VMAs plus the page table, over shared frames.
pub struct AddrSpace {
    frames: Arc<FrameAllocator>,
    vmas: BTreeMap<u64, Vma>,
    pages: BTreeMap<u64, Pte>,
    shared: BTreeMap<u64, SharedFile>,
    /// Parts of private file mappings past the end of their file: `start -> end`.
    beyond_eof: BTreeMap<u64, u64>,
    /// Start of the brk heap (page after the executable's highest segment).
    pub brk_start: u64,
    /// Current program break (`brk_start <= brk`).
    pub brk: u64,
    /// The first copy on behalf of a syscall that found no free frame, until
    /// [`AddrSpace::take_out_of_memory`] collects it.
    exhausted: Option<MemFault>,
    /// A copy-on-write page got its own frame since
    /// [`AddrSpace::take_cow_copied`] was last asked.
    cow_copied: bool,
}

impl AddrSpace {
    /// An empty address space taking frames from `frames`.
    pub fn new(frames: Arc<FrameAllocator>) -> AddrSpace {
        AddrSpace {
            frames,
            vmas: BTreeMap::new(),
            pages: BTreeMap::new(),
            shared: BTreeMap::new(),
            beyond_eof: BTreeMap::new(),
            brk_start: 0,
            brk: 0,
            exhausted: None,
            cow_copied: false,
        }
    }

    /// The frame allocator (shared with other processes on the same store).
    pub fn frames(&self) -> &Arc<FrameAllocator> {
        &self.frames
    }

    /// Translate `vaddr` for `access`, allocating the page on first touch.
    ///
    /// [`MemFault::Bad`] is a segmentation fault (unmapped or not permitted);
    /// [`MemFault::OutOfMemory`] means the page is valid but no frame is left.
    /// This is the CPU's TLB-miss path.
    pub fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, MemFault> {
        self.translate_as(vaddr.0, Some(access))
    }

    /// Translate, checking permissions unless `access` is `None` (loader writes).
    pub(super) fn translate_as(
        &mut self,
        va: u64,
        access: Option<MemAccess>,
    ) -> Result<Addr, MemFault> {
        let vpn = va >> PAGE_SHIFT;
        let off = va & (PAGE_SIZE - 1);
        let acc = access.unwrap_or(MemAccess::Store);
        let bad = MemFault::Bad {
            addr: va,
            access: acc,
        };
        if let Some(p) = self.pages.get(&vpn) {
            if p.cow && acc == MemAccess::Store && access.is_none_or(|a| p.perms.allows(a)) {
                return self.break_cow(vpn, off, acc);
            }
            return access
                .is_none_or(|a| p.perms.allows(a))
                .then_some(Addr(p.frame + off))
                .ok_or(bad);
        }
        let vma = *self.vma_at(va).ok_or(bad)?;
        if !access.is_none_or(|a| vma.perms.allows(a)) {
            return Err(bad);
        }
        if vma.kind == VmaKind::File {
            if !self.shared.is_empty() {
                if let Some(pa) = self.map_shared_file_page(va, acc, vma.perms)? {
                    return Ok(pa);
                }
            }
            self.check_beyond_eof(va, acc)?;
        }
        let frame = self.frames.alloc().ok_or(MemFault::OutOfMemory {
            addr: va,
            access: acc,
        })?;
        self.pages.insert(
            vpn,
            Pte {
                frame: frame.0,
                perms: vma.perms,
                cow: false,
            },
        );
        Ok(Addr(frame.0 + off))
    }

    /// Remember that a copy on behalf of a syscall found no frame (the first such
    /// fault counts: the process is killed for it when the call returns).
    pub(super) fn note_out_of_memory(&mut self, fault: MemFault) {
        if matches!(fault, MemFault::OutOfMemory { .. }) {
            self.exhausted.get_or_insert(fault);
        }
    }

    /// The first out-of-memory fault a syscall's copy met since the last call
    /// (clearing it).
    pub fn take_out_of_memory(&mut self) -> Option<MemFault> {
        self.exhausted.take()
    }

    /// Pages of `[start, end)` already backed by a frame.
    pub fn resident_in(&self, start: u64, end: u64) -> u64 {
        if start >= end {
            return 0;
        }
        self.pages
            .range(start >> PAGE_SHIFT..end >> PAGE_SHIFT)
            .count() as u64
    }

    /// Whether `bytes` more of memory (page-aligned) could all be backed by the
    /// frames free now: the test `mmap`, `brk`, `mremap` and `mprotect` apply
    /// before promising memory the guest may write.
    pub fn can_back(&self, bytes: u64) -> bool {
        bytes / PAGE_SIZE <= self.frames.free_frames()
    }

    /// The mapping containing `va`.
    pub fn vma_at(&self, va: u64) -> Option<&Vma> {
        let (&start, v) = self.vmas.range(..=va).next_back()?;
        (va >= start && va < v.end).then_some(v)
    }

    /// All mappings as `(start, vma)`, in address order.
    pub fn vmas(&self) -> impl Iterator<Item = (u64, &Vma)> {
        self.vmas.iter().map(|(s, v)| (*s, v))
    }

    /// Pages currently backed by a frame.
    pub fn resident_pages(&self) -> usize {
        self.pages.len()
    }

    /// True if no mapping overlaps `[start, end)`.
    pub fn is_free(&self, start: u64, end: u64) -> bool {
        if start >= end || end > USER_END {
            return start == end;
        }
        match self.vmas.range(..end).next_back() {
            Some((_, v)) => v.end <= start,
            None => true,
        }
    }

    /// Highest free page-aligned range of `len` bytes ending at or below `below`.
    pub fn find_free(&self, len: u64, below: u64) -> Option<u64> {
        let mut cand = below.checked_sub(len)?;
        for (&s, v) in self.vmas.range(..below).rev() {
            if v.end <= cand {
                break;
            }
            cand = s.checked_sub(len)?;
        }
        (cand >= MMAP_MIN).then_some(cand)
    }

    /// Make `a` a VMA boundary if it falls inside one.
    fn split_at(&mut self, a: u64) {
        let Some((&s, v)) = self.vmas.range(..a).next_back() else {
            return;
        };
        if v.end > a {
            let tail = Vma { end: v.end, ..*v };
            self.vmas.get_mut(&s).expect("present").end = a;
            self.vmas.insert(a, tail);
        }
    }

    fn keys_in(&self, start: u64, end: u64) -> Vec<u64> {
        self.vmas.range(start..end).map(|(s, _)| *s).collect()
    }

    /// Map `[start, end)` (page-aligned). Parts already mapped keep their contents
    /// and gain `perms` (used for ELF segments sharing a page); gaps become new VMAs.
    pub fn map(&mut self, start: u64, end: u64, perms: Perms, kind: VmaKind) {
        self.split_at(start);
        self.split_at(end);
        let mut cur = start;
        for s in self.keys_in(start, end) {
            if s > cur {
                self.vmas.insert(
                    cur,
                    Vma {
                        end: s,
                        perms,
                        kind,
                    },
                );
            }
            let v = self.vmas.get_mut(&s).expect("present");
            v.perms = v.perms | perms;
            cur = v.end;
            let vp = v.perms;
            self.set_pte_perms(s, cur, vp);
        }
        if cur < end {
            self.vmas.insert(cur, Vma { end, perms, kind });
        }
    }

    fn set_pte_perms(&mut self, start: u64, end: u64, perms: Perms) {
        for (_, p) in self.pages.range_mut(start >> PAGE_SHIFT..end >> PAGE_SHIFT) {
            p.perms = perms;
        }
    }

    /// Remove every mapping in `[start, end)` (page-aligned) and free its frames.
    /// Shared file mappings in the range are written back first.
    pub fn unmap(&mut self, start: u64, end: u64) -> Flush {
        self.split_shared_at(start);
        self.split_shared_at(end);
        self.clear_beyond_eof(start, end);
        let shared_files = self.shared_keys_in(start, end);
        for s in &shared_files {
            self.shared.remove(s);
        }
        self.split_at(start);
        self.split_at(end);
        let mut flush = Flush::default();
        for s in self.keys_in(start, end) {
            let v = self.vmas.remove(&s).expect("present");
            flush.tlb = true;
            flush.icache |= v.perms.has(Perms::X);
        }
        let vpns: Vec<u64> = self
            .pages
            .range(start >> PAGE_SHIFT..end >> PAGE_SHIFT)
            .map(|(k, _)| *k)
            .collect();
        for vpn in vpns {
            let p = self.pages.remove(&vpn).expect("present");
            self.frames.free(Addr(p.frame));
            flush.tlb = true;
        }
        if !shared_files.is_empty() {
            self.frames.page_cache().release_unmapped(&self.frames);
        }
        flush
    }

    /// Drop the frames of `[start, end)` but keep the mappings: the pages read as
    /// zero again on next touch (`MADV_DONTNEED` on anonymous memory).
    pub fn discard(&mut self, start: u64, end: u64) -> Flush {
        let vpns: Vec<u64> = self
            .pages
            .range(start >> PAGE_SHIFT..end >> PAGE_SHIFT)
            .map(|(k, _)| *k)
            .collect();
        let flush = Flush {
            tlb: !vpns.is_empty(),
            icache: false,
        };
        for vpn in vpns {
            let p = self.pages.remove(&vpn).expect("present");
            self.frames.free(Addr(p.frame));
        }
        flush
    }

    /// True if `[start, end)` is covered by mappings with no hole.
    pub fn is_mapped(&self, start: u64, end: u64) -> bool {
        let mut cur = start;
        while cur < end {
            match self.vma_at(cur) {
                Some(v) => cur = v.end,
                None => return false,
            }
        }
        true
    }

    /// Set the permissions of `[start, end)`; `None` if part of it is unmapped.
    pub fn protect(&mut self, start: u64, end: u64, perms: Perms) -> Option<Flush> {
        if !self.is_mapped(start, end) {
            return None;
        }
        self.split_at(start);
        self.split_at(end);
        let mut flush = Flush {
            tlb: true,
            icache: perms.has(Perms::X),
        };
        for s in self.keys_in(start, end) {
            let v = self.vmas.get_mut(&s).expect("present");
            flush.icache |= v.perms.has(Perms::X);
            v.perms = perms;
        }
        self.set_pte_perms(start, end, perms);
        Some(flush)
    }

    /// Move the mappings and pages of `[old, old + len)` to `new` (the target must
    /// be free). Frames move with their pages; nothing is copied.
    pub fn relocate(&mut self, old: u64, len: u64, new: u64) -> Flush {
        self.move_beyond_eof(old, len, new);
        self.split_shared_at(old);
        self.split_shared_at(old + len);
        for s in self.shared_keys_in(old, old + len) {
            let f = self.shared.remove(&s).expect("present");
            let end = f.end - old + new;
            self.shared.insert(s - old + new, SharedFile { end, ..f });
        }
        self.split_at(old);
        self.split_at(old + len);
        let mut flush = Flush {
            tlb: true,
            icache: false,
        };
        for s in self.keys_in(old, old + len) {
            let v = self.vmas.remove(&s).expect("present");
            flush.icache |= v.perms.has(Perms::X);
            self.vmas.insert(
                s - old + new,
                Vma {
                    end: v.end - old + new,
                    ..v
                },
            );
        }
        let (ov, nv) = (old >> PAGE_SHIFT, new >> PAGE_SHIFT);
        let moved: Vec<(u64, Pte)> = self
            .pages
            .range(ov..(old + len) >> PAGE_SHIFT)
            .map(|(k, p)| (*k, *p))
            .collect();
        for (k, _) in &moved {
            self.pages.remove(k);
        }
        for (k, p) in moved {
            self.pages.insert(k - ov + nv, p);
        }
        flush
    }

    /// Make the mapping `[start, start + len)` (already mapped as
    /// [`VmaKind::File`], no page touched yet) show `fd`'s file from offset `off`
    /// through the machine's page cache: the `MAP_SHARED` file mapping.
    pub fn share_file(&mut self, start: u64, len: u64, fd: OwnedFd, off: u64) {
        let key = super::page_cache::file_key(fd.as_raw_fd()).unwrap_or((u64::MAX, u64::MAX));
        self.shared.insert(
            start,
            SharedFile {
                key,
                end: start + len,
                fd: Arc::new(fd),
                off,
            },
        );
    }

    /// Write the bytes the guest stored into shared file mappings in
    /// `[start, end)` to their files (`msync`; the whole of each file's cached
    /// pages is written). The file never grows. Host I/O errors are ignored, as
    /// the kernel's writeback does.
    pub fn sync(&mut self, start: u64, end: u64) {
        let mut keys: Vec<(u64, u64)> = self
            .shared
            .range(..end)
            .filter(|(_, f)| f.end > start)
            .map(|(_, f)| f.key)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            self.frames.page_cache().sync(&self.frames, key);
        }
    }

    /// Make `a` a boundary of the shared file mappings if it falls inside one.
    fn split_shared_at(&mut self, a: u64) {
        let Some((&s, f)) = self.shared.range_mut(..a).next_back() else {
            return;
        };
        if f.end > a {
            let tail = SharedFile {
                key: f.key,
                end: f.end,
                fd: Arc::clone(&f.fd),
                off: f.off + (a - s),
            };
            f.end = a;
            self.shared.insert(a, tail);
        }
    }

    fn shared_keys_in(&self, start: u64, end: u64) -> Vec<u64> {
        self.shared.range(start..end).map(|(s, _)| *s).collect()
    }

    /// Round a length to pages, rejecting zero and overflow.
    pub fn page_len(len: u64) -> Option<u64> {
        page_up(len).filter(|&l| l != 0)
    }

    /// True if `a` is page-aligned.
    pub fn aligned(a: u64) -> bool {
        page_down(a) == a
    }
}

impl Drop for AddrSpace {
    fn drop(&mut self) {
        for p in self.pages.values() {
            self.frames.free(Addr(p.frame));
        }
        if !self.shared.is_empty() {
            self.frames.page_cache().release_unmapped(&self.frames);
        }
    }
}
