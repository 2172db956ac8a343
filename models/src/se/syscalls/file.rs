//! Syscalls on file descriptors: I/O, duplication, pipes, status, directory reads.
//!
//! Data moves between the host fd and guest memory through a bounce buffer, so a
//! guest buffer spanning pages (or partly unmapped) is handled by the address
//! space's copy helpers. Transfers are capped at [`MAX_IO`] bytes per call
//! (a short count, which callers already handle). A write that fails with
//! `EPIPE` (a pipe with no reader, the simulator's stdout closed by `head`)
//! raises `SIGPIPE` as on Linux ([`misc::raise_sigpipe`]).

use super::{locks, mem_coherence, misc, small, Call, SysResult};
use crate::se::abi::{Errno, GuestStat, O_CLOEXEC, O_NONBLOCK};
use crate::se::blocking::{
    host_nonblocking, host_ready, mark_internal, nonblocking, Block, POLLIN, POLLOUT,
};
use crate::se::fd::HostFd;
use crate::se::process::Process;
use std::os::fd::FromRawFd;

/// Most bytes one read/write call moves.
pub const MAX_IO: usize = 16 << 20;
/// Most entries in an iovec array (`IOV_MAX`).
const IOV_MAX: u64 = 1024;

/// A libc return value as a syscall result.
pub(crate) fn host_ret(r: isize) -> SysResult {
    if r < 0 {
        Err(Errno::last_host())
    } else {
        Ok(r as u64)
    }
}

/// The result of a host write for the guest: an `EPIPE` also raises `SIGPIPE`.
fn written(p: &mut Process, c: &mut Call, r: isize) -> SysResult {
    let ret = host_ret(r);
    if ret == Err(Errno::EPIPE) {
        misc::raise_sigpipe(p, c);
    }
    ret
}

fn io_len(n: u64) -> usize {
    n.min(MAX_IO as u64) as usize
}

/// A bounce buffer for a host read into guest `[addr, addr + len)`, after
/// checking the guest buffer can take the data (so none is lost to `EFAULT`).
pub(crate) fn read_buf(p: &mut Process, addr: u64, len: u64) -> Result<Vec<u8>, Errno> {
    let len = io_len(len);
    p.space.check(addr, len, sim_core::arch::MemAccess::Store)?;
    Ok(vec![0u8; len])
}

/// Whether a call on host fd `host` must wait for `events` (the fd is not ready
/// and the guest's fd is blocking); if so the call's [`Block`] is set.
pub(crate) fn must_wait(c: &mut Call, host: i32, events: i16) -> bool {
    if !c.may_block || host_ready(host, events) || host_nonblocking(host) {
        return false;
    }
    let mut block = Block::on_fd(host, events, c.args);
    block.done = c.done;
    c.block = Some(block);
    true
}

/// Write `buf` to guest fd `fd`'s host fd without blocking the host: a blocking
/// guest fd waits (descheduled) for room, resuming after the bytes already
/// written, until all of `buf` is written, as Linux's blocking pipe and socket
/// writes do. The simulator's own stdio is written as before (the host may
/// block on it: its reader is outside the simulation).
fn write_all(p: &mut Process, c: &mut Call, fd: u64, buf: &[u8]) -> SysResult {
    let entry = p.fds.entry(fd)?;
    let host = entry.host.raw();
    let owned = matches!(entry.host, HostFd::Owned(_));
    let rest = &buf[(c.done as usize).min(buf.len())..];
    // A zero-length write never waits (Linux returns 0 at once).
    if !rest.is_empty() && must_wait(c, host, POLLOUT) {
        return Err(Errno::EAGAIN);
    }
    // SAFETY: `rest` is valid for its length.
    let write = || unsafe { libc::write(host, rest.as_ptr().cast(), rest.len()) };
    let (r, toggled) = if c.may_block && owned {
        nonblocking(host, write)
    } else {
        (write(), false)
    };
    let n = r.max(0) as u64;
    let stalled = r < 0 && Errno::last_host() == Errno::EAGAIN;
    if toggled && (stalled || (r >= 0 && n < rest.len() as u64)) {
        let mut block = Block::on_fd(host, POLLOUT, c.args);
        block.done = c.done + n;
        c.block = Some(block);
        return Err(Errno::EAGAIN);
    }
    let ret = written(p, c, r);
    match ret {
        Ok(n) => Ok(c.done + n),
        Err(_) if c.done > 0 => Ok(c.done),
        Err(e) => Err(e),
    }
}

pub(super) fn read(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    if c.args[2] != 0 && must_wait(c, host, POLLIN) {
        return Err(Errno::EAGAIN);
    }
    mem_coherence::before_io(p, host);
    let mut buf = read_buf(p, c.args[1], c.args[2])?;
    // SAFETY: `buf` is valid for its length.
    let n = host_ret(unsafe { libc::read(host, buf.as_mut_ptr().cast(), buf.len()) })?;
    p.space.write_bytes(c.args[1], &buf[..n as usize])?;
    Ok(n)
}

pub(super) fn write(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let buf = p.space.read_vec(c.args[1], io_len(c.args[2]))?;
    mem_coherence::before_io(p, host);
    let r = write_all(p, c, c.args[0], &buf);
    mem_coherence::file_written(p, host, *r.as_ref().unwrap_or(&0));
    r
}

pub(super) fn pread64(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let mut buf = read_buf(p, c.args[1], c.args[2])?;
    mem_coherence::before_io(p, host);
    // SAFETY: `buf` is valid for its length.
    let n = host_ret(unsafe {
        libc::pread(host, buf.as_mut_ptr().cast(), buf.len(), c.args[3] as i64)
    })?;
    p.space.write_bytes(c.args[1], &buf[..n as usize])?;
    Ok(n)
}

pub(super) fn pwrite64(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let buf = p.space.read_vec(c.args[1], io_len(c.args[2]))?;
    mem_coherence::before_io(p, host);
    // SAFETY: `buf` is valid for its length.
    let r = unsafe { libc::pwrite(host, buf.as_ptr().cast(), buf.len(), c.args[3] as i64) };
    let r = written(p, c, r);
    mem_coherence::file_written(p, host, *r.as_ref().unwrap_or(&0));
    r
}

/// The guest's iovec array `(base, len)`.
fn iovecs(p: &mut Process, addr: u64, count: u64) -> Result<Vec<(u64, u64)>, Errno> {
    if count > IOV_MAX {
        return Err(Errno::EINVAL);
    }
    let raw = p.space.read_vec(addr, count as usize * 16)?;
    Ok(raw
        .chunks(16)
        .map(|c| {
            (
                u64::from_le_bytes(c[..8].try_into().unwrap()),
                u64::from_le_bytes(c[8..].try_into().unwrap()),
            )
        })
        .collect())
}

pub(super) fn writev(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let mut buf = Vec::new();
    for (base, len) in iovecs(p, c.args[1], c.args[2])? {
        let n = io_len(len).min(MAX_IO - buf.len());
        buf.extend_from_slice(&p.space.read_vec(base, n)?);
    }
    mem_coherence::before_io(p, host);
    let r = write_all(p, c, c.args[0], &buf);
    mem_coherence::file_written(p, host, *r.as_ref().unwrap_or(&0));
    r
}

pub(super) fn readv(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let iov = iovecs(p, c.args[1], c.args[2])?;
    if must_wait(c, host, POLLIN) {
        return Err(Errno::EAGAIN);
    }
    let mut total = 0u64;
    for &(base, len) in &iov {
        p.space
            .check(base, io_len(len), sim_core::arch::MemAccess::Store)?;
        total = total.saturating_add(len);
    }
    let mut buf = vec![0u8; io_len(total)];
    mem_coherence::before_io(p, host);
    // SAFETY: `buf` is valid for its length.
    let n = host_ret(unsafe { libc::read(host, buf.as_mut_ptr().cast(), buf.len()) })? as usize;
    let mut done = 0;
    for (base, len) in iov {
        let k = (len as usize).min(n - done);
        p.space.write_bytes(base, &buf[done..done + k])?;
        done += k;
    }
    Ok(n as u64)
}

pub(super) fn close(p: &mut Process, c: &mut Call) -> SysResult {
    locks::release_on_close(p, c, c.args[0]);
    p.fds.close(c.args[0]).map(|_| 0)
}

/// `close_range(first, last, flags)`: close (or with `CLOSE_RANGE_CLOEXEC` mark
/// close-on-exec) every open fd in the range. `CLOSE_RANGE_UNSHARE` needs nothing
/// more: a process's fd table is its own. glibc's `closefrom` and Python's
/// subprocess use it before falling back to scanning `/proc/self/fd`.
pub(super) fn close_range(p: &mut Process, c: &mut Call) -> SysResult {
    const UNSHARE: u64 = 1 << 1;
    const CLOEXEC: u64 = 1 << 2;
    let (first, last, flags) = (c.args[0] as u32 as u64, c.args[1] as u32 as u64, c.args[2]);
    if flags & !(UNSHARE | CLOEXEC) != 0 || first > last {
        return Err(Errno::EINVAL);
    }
    for fd in p.fds.open_in(first, last) {
        if flags & CLOEXEC != 0 {
            p.fds.set_cloexec(fd, true)?;
        } else {
            locks::release_on_close(p, c, fd);
            p.fds.close(fd)?;
        }
    }
    Ok(0)
}

pub(super) fn lseek(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    // SAFETY: plain lseek on a valid fd.
    let r = unsafe { libc::lseek(host, c.args[1] as i64, c.int(2)) };
    host_ret(r as isize)
}

/// Host `fstat` of a raw fd.
pub(crate) fn host_fstat(fd: i32) -> Result<GuestStat, Errno> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is valid for writing.
    if unsafe { libc::fstat(fd, &mut st) } < 0 {
        return Err(Errno::last_host());
    }
    Ok(GuestStat::from_host(&st))
}

pub(super) fn fstat(p: &mut Process, c: &mut Call) -> SysResult {
    let st = host_fstat(p.fds.host(c.args[0])?)?;
    p.space.write_bytes(c.args[1], &p.abi.encode_stat(&st))?;
    Ok(0)
}

pub(super) fn ftruncate(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    mem_coherence::before_io(p, host);
    // SAFETY: plain call on a valid fd.
    host_ret(unsafe { libc::ftruncate(host, c.args[1] as i64) } as isize)?;
    mem_coherence::file_written(p, host, 1);
    Ok(0)
}

pub(super) fn fsync(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    // SAFETY: plain call on a valid fd.
    host_ret(unsafe { libc::fsync(host) } as isize)
}

pub(super) fn fcntl(p: &mut Process, c: &mut Call) -> SysResult {
    const F_DUPFD_CLOEXEC: i32 = 1030;
    let (fd, arg) = (c.args[0], c.args[2]);
    let host = p.fds.host(fd)?;
    if locks::is_lock_cmd(c.int(1)) {
        return locks::fcntl_lock(p, c);
    }
    if let Some(r) = small::fcntl_seals(p, c) {
        return r;
    }
    match c.int(1) {
        libc::F_DUPFD | F_DUPFD_CLOEXEC => {
            let h = p.fds.dup_host(fd)?;
            p.fds.insert(h, c.int(1) == F_DUPFD_CLOEXEC, arg)
        }
        libc::F_GETFD => Ok(p.fds.entry(fd)?.cloexec as u64),
        libc::F_SETFD => {
            p.fds.entry_mut(fd)?.cloexec = arg & 1 != 0;
            Ok(0)
        }
        libc::F_GETFL => {
            // SAFETY: plain fcntl on a valid fd.
            let fl = host_ret(unsafe { libc::fcntl(host, libc::F_GETFL) } as isize)?;
            Ok(p.abi.open_flags_from_host(fl as i32) as u64)
        }
        libc::F_SETFL => {
            let fl = p.abi.open_flags_to_host(arg as u32);
            // SAFETY: plain fcntl on a valid fd.
            host_ret(unsafe { libc::fcntl(host, libc::F_SETFL, fl) } as isize)
        }
        // A pipe's capacity is the host pipe's.
        libc::F_GETPIPE_SZ | libc::F_SETPIPE_SZ => {
            // SAFETY: plain fcntl on a valid fd.
            host_ret(unsafe { libc::fcntl(host, c.int(1), arg as i32) } as isize)
        }
        _ => Err(Errno::EINVAL),
    }
}

pub(super) fn dup(p: &mut Process, c: &mut Call) -> SysResult {
    let h = p.fds.dup_host(c.args[0])?;
    p.fds.insert(h, false, 0)
}

fn dup_to(p: &mut Process, old: u64, new: u64, cloexec: bool) -> SysResult {
    let h = p.fds.dup_host(old)?;
    p.fds.insert_at(new, h, cloexec)?;
    Ok(new)
}

pub(super) fn dup2(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[0] == c.args[1] {
        return p.fds.host(c.args[0]).map(|_| c.args[1]);
    }
    dup_to(p, c.args[0], c.args[1], false)
}

pub(super) fn dup3(p: &mut Process, c: &mut Call) -> SysResult {
    let flags = c.args[2] as u32;
    if c.args[0] == c.args[1] || flags & !O_CLOEXEC != 0 {
        return Err(Errno::EINVAL);
    }
    dup_to(p, c.args[0], c.args[1], flags & O_CLOEXEC != 0)
}

fn make_pipe(p: &mut Process, ptr: u64, flags: u32) -> SysResult {
    let mut fds = [0i32; 2];
    let host_flags = libc::O_CLOEXEC
        | if flags & O_NONBLOCK != 0 {
            libc::O_NONBLOCK
        } else {
            0
        };
    // SAFETY: `fds` has room for two fds.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), host_flags) } < 0 {
        return Err(Errno::last_host());
    }
    mark_internal(fds[0]);
    // SAFETY: both fds are fresh and owned by nobody else.
    let (r, w) = unsafe {
        (
            HostFd::Owned(FromRawFd::from_raw_fd(fds[0])),
            HostFd::Owned(FromRawFd::from_raw_fd(fds[1])),
        )
    };
    let cloexec = flags & O_CLOEXEC != 0;
    let gr = p.fds.insert(r, cloexec, 0)?;
    let gw = match p.fds.insert(w, cloexec, 0) {
        Ok(fd) => fd,
        Err(e) => {
            let _ = p.fds.close(gr);
            return Err(e);
        }
    };
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&(gr as u32).to_le_bytes());
    out[4..].copy_from_slice(&(gw as u32).to_le_bytes());
    if let Err(e) = p.space.write_bytes(ptr, &out) {
        let _ = p.fds.close(gr);
        let _ = p.fds.close(gw);
        return Err(e.into());
    }
    Ok(0)
}

pub(super) fn pipe2(p: &mut Process, c: &mut Call) -> SysResult {
    make_pipe(p, c.args[0], c.args[1] as u32)
}

pub(super) fn pipe(p: &mut Process, c: &mut Call) -> SysResult {
    make_pipe(p, c.args[0], 0)
}

pub(super) fn ioctl(p: &mut Process, c: &mut Call) -> SysResult {
    const TCGETS: u64 = 0x5401;
    const TIOCGWINSZ: u64 = 0x5413;
    /// Kernel `struct termios` (asm-generic and x86-64 alike) and `struct winsize`.
    const TERMIOS_LEN: usize = 36;
    const WINSIZE_LEN: usize = 8;
    if let Some(r) = small::fio_ioctl(p, c) {
        return r;
    }
    let host = p.fds.host(c.args[0])?;
    let len = match c.args[1] {
        TCGETS => TERMIOS_LEN,
        TIOCGWINSZ => WINSIZE_LEN,
        _ => return Err(Errno::ENOTTY),
    };
    // SAFETY: isatty has no preconditions.
    if unsafe { libc::isatty(host) } != 1 {
        return Err(Errno::ENOTTY);
    }
    let mut buf = [0u8; 64];
    // SAFETY: both requests write at most `len` (< 64) bytes to the buffer.
    if unsafe { libc::ioctl(host, c.args[1] as _, buf.as_mut_ptr()) } < 0 {
        return Err(Errno::last_host());
    }
    p.space.write_bytes(c.args[2], &buf[..len])?;
    Ok(0)
}

pub(super) fn getdents64(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let mut buf = read_buf(p, c.args[1], c.args[2])?;
    // `struct linux_dirent64` has the same layout on every ISA: copy it verbatim.
    // SAFETY: `buf` is valid for its length.
    let n = unsafe { libc::syscall(libc::SYS_getdents64, host, buf.as_mut_ptr(), buf.len()) };
    let n = host_ret(n as isize)?;
    p.space.write_bytes(c.args[1], &buf[..n as usize])?;
    Ok(n)
}
