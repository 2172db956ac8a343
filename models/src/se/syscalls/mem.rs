//! Memory-management syscalls: brk, mmap and friends.
//!
//! Private file mappings are copies: the file's bytes are copied in at `mmap`
//! time. A `MAP_SHARED` file mapping shows the file's pages in the machine's
//! [`PageCache`](crate::se::page_cache::PageCache), the same frames in every
//! process mapping the file, loaded on first touch (a page wholly past the
//! file's end is `SIGBUS`); the bytes the guest changed reach the file on
//! `msync`, before any I/O call on the file, when no mapping is left, and at
//! process exit; the file is never extended. Every change that can leave stale
//! translations or decoded code sets the matching flush flag.
//!
//! # When memory runs out
//!
//! Frames are taken at first touch, so a mapping is a promise. Promises the guest
//! may write to (Linux's accounted mappings: private writable ones, shared
//! anonymous ones, unless `MAP_NORESERVE`) are refused with `ENOMEM` when they
//! are larger than the simulated memory still free: `mmap` returns `-ENOMEM`,
//! `brk` keeps the old break, `mremap` growth and an `mprotect` that makes pages
//! writable fail with `ENOMEM`, so glibc's `malloc` returns `NULL` and thread
//! creation `EAGAIN`. Like Linux's heuristic overcommit, each request is checked
//! on its own and nothing is reserved: pages promised earlier and touched later
//! can still find memory gone, and that page fault kills the process with
//! `SIGKILL` (see [`AddrSpace`]), as Linux's OOM killer would. Read-only and
//! `PROT_NONE` reservations cost nothing until written. File mappings are copies,
//! so the file's bytes must fit in free memory at `mmap` time.

use super::{attrs, locks, procfs, Call, SysResult};
use crate::se::abi::Errno;
use crate::se::addr_space::{AddrSpace, Perms, VmaKind, MMAP_BASE, MMAP_MIN, USER_END};
use crate::se::fd::HostFd;
use crate::se::frames::{page_down, page_up, PAGE_SIZE};
use crate::se::process::Process;

const MAP_SHARED: u64 = 0x01;
const MAP_PRIVATE: u64 = 0x02;
const MAP_FIXED: u64 = 0x10;
const MAP_ANONYMOUS: u64 = 0x20;
const MAP_NORESERVE: u64 = 0x4000;
const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;
const PROT_WRITE: u64 = 2;
const MREMAP_MAYMOVE: u64 = 1;
const MREMAP_FIXED: u64 = 2;
const MADV_DONTNEED: u64 = 4;
const MS_ASYNC: u64 = 1;
const MS_INVALIDATE: u64 = 2;
const MS_SYNC: u64 = 4;

/// `len` rounded to pages (`EINVAL` for zero, `ENOMEM` on overflow).
fn pages(len: u64) -> Result<u64, Errno> {
    if len == 0 {
        return Err(Errno::EINVAL);
    }
    AddrSpace::page_len(len).ok_or(Errno::ENOMEM)
}

/// `ENOMEM` unless `bytes` (page-aligned) of new memory could all be backed by
/// the frames free now, counting `reclaimed` bytes the call frees first.
fn backable(s: &AddrSpace, bytes: u64, reclaimed: u64) -> Result<(), Errno> {
    if s.can_back(bytes.saturating_sub(reclaimed)) {
        Ok(())
    } else {
        Err(Errno::ENOMEM)
    }
}

/// Whether Linux accounts a mapping with these flags against free memory: the
/// guest may write it privately (private writable, or shared anonymous), and
/// it did not ask for `MAP_NORESERVE`.
fn accounted(flags: u64, perms: Perms) -> bool {
    let anon = flags & MAP_ANONYMOUS != 0;
    let private = flags & MAP_PRIVATE != 0 && flags & MAP_SHARED == 0;
    flags & MAP_NORESERVE == 0 && ((private && perms.has(Perms::W)) || (anon && !private))
}

/// How many bytes of the file behind `host` a mapping of `len` bytes at offset `off`
/// shows: what the file holds there (the rest of the mapping reads as zeros), never
/// more than exists, so a huge length asks the host for no memory. As Linux, only
/// regular files and `/dev/zero` (which maps as zeros) can be mapped; other files
/// give `ENODEV`.
fn file_bytes_to_map(host: i32, len: u64, off: u64) -> Result<u64, Errno> {
    // SAFETY: fstat writes into the zeroed struct it is given.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(host, &mut st) } != 0 {
        return Err(Errno::last_host());
    }
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => Ok(len.min((st.st_size as u64).saturating_sub(off))),
        libc::S_IFCHR if (libc::major(st.st_rdev), libc::minor(st.st_rdev)) == (1, 5) => Ok(0),
        _ => Err(Errno::ENODEV),
    }
}

/// Whether host fd `host` is `/dev/zero` (character device 1:5).
fn is_dev_zero(host: i32) -> bool {
    // SAFETY: fstat writes into the zeroed struct it is given.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::fstat(host, &mut st) } == 0;
    ok && st.st_mode & libc::S_IFMT == libc::S_IFCHR
        && (libc::major(st.st_rdev), libc::minor(st.st_rdev)) == (1, 5)
}

pub(super) fn brk(p: &mut Process, c: &mut Call) -> SysResult {
    let new = c.args[0];
    if new < p.space.brk_start {
        return Ok(p.space.brk);
    }
    let (Some(old_end), Some(new_end)) = (page_up(p.space.brk), page_up(new)) else {
        return Ok(p.space.brk);
    };
    let over_limit = new_end > old_end && attrs::check_as(p, old_end, new_end - old_end).is_err();
    let s = &mut p.space;
    if new_end > old_end {
        if new_end > MMAP_BASE
            || over_limit
            || !s.is_free(old_end, new_end)
            || backable(s, new_end - old_end, 0).is_err()
        {
            return Ok(s.brk);
        }
        s.map(old_end, new_end, Perms::RW, VmaKind::Heap);
    } else if new_end < old_end {
        c.flush |= s.unmap(new_end, old_end);
    }
    s.brk = new;
    Ok(new)
}

pub(super) fn mmap(p: &mut Process, c: &mut Call) -> SysResult {
    let [addr, len, prot, flags, fd, off] = c.args;
    let len = pages(len)?;
    if flags & (MAP_SHARED | MAP_PRIVATE) == 0 || !AddrSpace::aligned(off) {
        return Err(Errno::EINVAL);
    }
    let perms = Perms::from_prot(prot);
    let shared = flags & MAP_SHARED != 0 && flags & MAP_ANONYMOUS == 0;
    let fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0;
    attrs::check_as(p, if fixed { addr } else { 0 }, len)?;
    let file_map = if flags & MAP_ANONYMOUS == 0 {
        let host = p.fds.host(fd)?;
        let path = procfs::host_fd_path(host).map(|h| procfs::guest_path(p, &h));
        Some((
            path.unwrap_or_default(),
            locks::file_key(host).unwrap_or((0, 0)),
        ))
    } else {
        None
    };
    // A shared mapping of a regular file shows the file's pages through the
    // page cache; `/dev/zero` mapped shared is shared anonymous memory, as in
    // Linux; a shared mapping of a borrowed stdio fd stays a private copy.
    let mut flags = flags;
    let mut backing = None;
    if shared {
        let host = p.fds.host(fd)?;
        if file_bytes_to_map(host, 0, 0)? == 0 && is_dev_zero(host) {
            flags |= MAP_ANONYMOUS;
        } else if let HostFd::Owned(f) = p.fds.dup_host(fd)? {
            backing = Some(f);
        }
    }
    // A private mapping of a regular file: the file's size now.
    let private_file_size = if flags & MAP_ANONYMOUS == 0 && backing.is_none() {
        crate::se::page_cache::file_size(p.fds.host(fd)?).and_then(|(n, reg)| reg.then_some(n))
    } else {
        None
    };
    let data = if flags & MAP_ANONYMOUS != 0 {
        None
    } else {
        let host = p.fds.host(fd)?;
        if shared && prot & PROT_WRITE != 0 {
            // SAFETY: plain fcntl on a valid host fd.
            let mode = unsafe { libc::fcntl(host, libc::F_GETFL) };
            if mode >= 0 && mode & libc::O_ACCMODE != libc::O_RDWR {
                return Err(Errno::EACCES);
            }
        }
        let want = if backing.is_some() {
            file_bytes_to_map(host, 0, 0)?
        } else {
            file_bytes_to_map(host, len, off)?
        };
        let reclaimed = if fixed && addr.checked_add(len).is_some() {
            p.space.resident_in(addr, addr + len) * PAGE_SIZE
        } else {
            0
        };
        backable(&p.space, page_up(want).unwrap_or(u64::MAX), reclaimed)?;
        let mut buf = vec![0u8; want as usize];
        // SAFETY: `buf` is valid for its length.
        let n = unsafe { libc::pread(host, buf.as_mut_ptr().cast(), buf.len(), off as i64) };
        if n < 0 {
            let e = Errno::last_host();
            return Err(if e == Errno::EBADF { Errno::EACCES } else { e });
        }
        buf.truncate(n as usize);
        Some(buf)
    };
    let s = &mut p.space;
    // The frames this mapping may need: all of it when accounted, else the
    // file's bytes it copies in now.
    let need = if accounted(flags, perms) {
        len
    } else {
        data.as_ref()
            .map_or(0, |d| page_up(d.len() as u64).unwrap_or(u64::MAX))
    };
    let start = if fixed {
        if !AddrSpace::aligned(addr) {
            return Err(Errno::EINVAL);
        }
        if addr.checked_add(len).is_none_or(|e| e > USER_END) {
            return Err(Errno::ENOMEM);
        }
        if flags & MAP_FIXED == 0 && !s.is_free(addr, addr + len) {
            return Err(Errno::EEXIST);
        }
        backable(s, need, s.resident_in(addr, addr + len) * PAGE_SIZE)?;
        c.flush |= s.unmap(addr, addr + len);
        addr
    } else {
        let hint = page_down(addr);
        let start = if hint >= MMAP_MIN
            && hint.checked_add(len).is_some_and(|e| e <= USER_END)
            && s.is_free(hint, hint + len)
        {
            hint
        } else {
            s.find_free(len, MMAP_BASE).ok_or(Errno::ENOMEM)?
        };
        backable(s, need, 0)?;
        start
    };
    let kind = if data.is_some() {
        VmaKind::File
    } else if flags & MAP_SHARED != 0 {
        VmaKind::SharedAnon
    } else {
        VmaKind::Anon
    };
    s.map(start, start + len, perms, kind);
    if let Some(d) = data {
        if s.poke(start, &d).is_err() {
            // The call fails instead of the process being killed for it.
            let _ = s.take_out_of_memory();
            c.flush |= s.unmap(start, start + len);
            return Err(Errno::ENOMEM);
        }
        if let Some(f) = backing {
            s.share_file(start, len, f, off);
        } else if let Some(size) = private_file_size {
            // Pages wholly past the file's end: SIGBUS on touch, as Linux.
            let in_file = page_up(size.saturating_sub(off)).unwrap_or(u64::MAX);
            s.mark_beyond_eof(start.saturating_add(in_file).min(start + len), start + len);
        }
    }
    if let Some((path, dev_ino)) = file_map {
        // Records of mappings since unmapped go (they name no file mapping now).
        let space = &p.space;
        p.facts.file_maps.retain(|m| {
            space
                .vma_at(m.start)
                .is_some_and(|v| matches!(v.kind, VmaKind::File | VmaKind::Image))
        });
        p.facts.add_file_map(procfs::FileMap {
            start,
            end: start + len,
            off,
            path,
            dev_ino,
        });
    }
    c.flush.icache |= perms.has(Perms::X);
    Ok(start)
}

pub(super) fn munmap(p: &mut Process, c: &mut Call) -> SysResult {
    let addr = c.args[0];
    let len = pages(c.args[1])?;
    if !AddrSpace::aligned(addr) || addr.checked_add(len).is_none_or(|e| e > USER_END) {
        return Err(Errno::EINVAL);
    }
    c.flush |= p.space.unmap(addr, addr + len);
    Ok(0)
}

/// `msync`: write back the changed bytes of shared file mappings in the range
/// now, whether `MS_SYNC` or `MS_ASYNC`. Private and anonymous mappings have
/// nothing to write; a hole in the range is `ENOMEM` (after syncing the rest).
pub(super) fn msync(p: &mut Process, c: &mut Call) -> SysResult {
    let [addr, len, flags, ..] = c.args;
    if !AddrSpace::aligned(addr)
        || flags & !(MS_ASYNC | MS_INVALIDATE | MS_SYNC) != 0
        || flags & (MS_ASYNC | MS_SYNC) == MS_ASYNC | MS_SYNC
    {
        return Err(Errno::EINVAL);
    }
    let len = page_up(len).ok_or(Errno::ENOMEM)?;
    if len == 0 {
        return Ok(0);
    }
    let end = addr.checked_add(len).ok_or(Errno::ENOMEM)?;
    p.space.sync(addr, end);
    if p.space.is_mapped(addr, end) {
        Ok(0)
    } else {
        Err(Errno::ENOMEM)
    }
}

pub(super) fn mprotect(p: &mut Process, c: &mut Call) -> SysResult {
    let addr = c.args[0];
    if !AddrSpace::aligned(addr) {
        return Err(Errno::EINVAL);
    }
    if c.args[1] == 0 {
        return Ok(0);
    }
    let len = pages(c.args[1])?;
    let end = addr.checked_add(len).ok_or(Errno::ENOMEM)?;
    let perms = Perms::from_prot(c.args[2]);
    if !p.space.is_mapped(addr, end) {
        return Err(Errno::ENOMEM);
    }
    if perms.has(Perms::W) {
        // Pages made writable now are promised as a new private mapping is
        // (Linux charges them in mprotect_fixup): how glibc commits thread
        // stacks and the malloc arenas of threads it reserved as PROT_NONE.
        // Linux skips MAP_NORESERVE mappings here (the arenas are); charging
        // them makes a thread's malloc return NULL rather than die later.
        let newly_writable: u64 = p
            .space
            .vmas()
            .filter(|(s, v)| *s < end && v.end > addr && !v.perms.has(Perms::W))
            .map(|(s, v)| {
                let (a, b) = (s.max(addr), v.end.min(end));
                (b - a) - p.space.resident_in(a, b) * PAGE_SIZE
            })
            .sum();
        backable(&p.space, newly_writable, 0)?;
    }
    c.flush |= p.space.protect(addr, end, perms).ok_or(Errno::ENOMEM)?;
    Ok(0)
}

/// `mremap(old, old_size, new_size, flags, new_addr)`: shrink in place, grow in
/// place when the pages after are free, else move (`MREMAP_MAYMOVE`), or move to
/// `new_addr` replacing what is there (`MREMAP_FIXED`). Frames move with their
/// pages. `MREMAP_DONTUNMAP` is not supported (`EINVAL`, with a warning).
pub(super) fn mremap(p: &mut Process, c: &mut Call) -> SysResult {
    let [old, old_size, new_size, flags, new_addr, ..] = c.args;
    if flags & !(MREMAP_MAYMOVE | MREMAP_FIXED) != 0 {
        sim_core::warn_counted!(
            0,
            "mremap flags other than MREMAP_MAYMOVE and MREMAP_FIXED are not \
             supported (flags {flags:#x}); returning -EINVAL"
        );
        return Err(Errno::EINVAL);
    }
    if !AddrSpace::aligned(old) || (flags & MREMAP_FIXED != 0 && flags & MREMAP_MAYMOVE == 0) {
        return Err(Errno::EINVAL);
    }
    let old_len = pages(old_size)?;
    let new_len = pages(new_size)?;
    let old_end = old.checked_add(old_len).ok_or(Errno::EFAULT)?;
    if !p.space.is_mapped(old, old_end) {
        return Err(Errno::EFAULT);
    }
    let vma = *p.space.vma_at(old).ok_or(Errno::EFAULT)?;
    let growth = new_len.saturating_sub(old_len);
    if flags & MREMAP_FIXED != 0 {
        let new_end = new_addr
            .checked_add(new_len)
            .filter(|&e| e <= USER_END && AddrSpace::aligned(new_addr))
            .ok_or(Errno::EINVAL)?;
        if new_addr < old_end && old < new_end {
            return Err(Errno::EINVAL);
        }
        attrs::check_as(p, new_addr, new_len.min(old_len) + growth)?;
        if vma.perms.has(Perms::W) {
            backable(&p.space, growth, 0)?;
        }
        let s = &mut p.space;
        c.flush |= s.unmap(new_addr, new_end);
        if new_len < old_len {
            c.flush |= s.unmap(old + new_len, old_end);
        }
        let moved = new_len.min(old_len);
        c.flush |= s.relocate(old, moved, new_addr);
        if growth > 0 {
            s.map(new_addr + old_len, new_end, vma.perms, vma.kind);
        }
        p.facts.move_file_maps(old, moved, new_addr);
        return Ok(new_addr);
    }
    if new_len <= old_len {
        c.flush |= p.space.unmap(old + new_len, old_end);
        return Ok(old);
    }
    let grow_end = old.checked_add(new_len).ok_or(Errno::ENOMEM)?;
    attrs::check_as(p, old_end, growth)?;
    let s = &mut p.space;
    if vma.perms.has(Perms::W) {
        backable(s, growth, 0)?;
    }
    if grow_end <= USER_END && s.is_free(old_end, grow_end) {
        s.map(old_end, grow_end, vma.perms, vma.kind);
        return Ok(old);
    }
    if flags & MREMAP_MAYMOVE == 0 {
        return Err(Errno::ENOMEM);
    }
    let new = s.find_free(new_len, MMAP_BASE).ok_or(Errno::ENOMEM)?;
    c.flush |= s.relocate(old, old_len, new);
    s.map(new + old_len, new + new_len, vma.perms, vma.kind);
    p.facts.move_file_maps(old, old_len, new);
    Ok(new)
}

pub(super) fn madvise(p: &mut Process, c: &mut Call) -> SysResult {
    let [addr, len, advice, ..] = c.args;
    if !AddrSpace::aligned(addr) {
        return Err(Errno::EINVAL);
    }
    if advice != MADV_DONTNEED || len == 0 {
        return Ok(0);
    }
    let end = addr.checked_add(pages(len)?).ok_or(Errno::EINVAL)?;
    // Anonymous memory reads as zero again; file copies keep their contents
    // (Linux would re-read the file, which gives the same bytes).
    let ranges: Vec<(u64, u64)> = p
        .space
        .vmas()
        .filter(|(s, v)| {
            *s < end
                && v.end > addr
                && matches!(v.kind, VmaKind::Anon | VmaKind::Heap | VmaKind::Stack)
        })
        .map(|(s, v)| (s.max(addr), v.end.min(end)))
        .collect();
    for (s, e) in ranges {
        c.flush |= p.space.discard(s, e);
    }
    Ok(0)
}

pub(super) fn riscv_flush_icache(_: &mut Process, c: &mut Call) -> SysResult {
    c.flush.icache = true;
    Ok(0)
}
