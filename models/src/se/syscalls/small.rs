//! The smaller file calls real programs make: `fchdir`, `statfs`, `truncate`,
//! `mknodat`, vectored positional I/O, in-kernel copies (`copy_file_range`,
//! `sendfile`, `splice`), `memfd_create` and its seals, the `FIO*` ioctls, and
//! the guest's `umask` applied to the files it creates.
//!
//! Guest fds are host fds, so most of these are the host's call on the host fd
//! with the guest's arguments copied in and out; the guest's own state (its
//! working directory, `FD_CLOEXEC`, `umask`) is kept here. The host process's
//! umask is the simulator's: a file the guest creates gets its mode from the
//! guest's umask by an explicit `fchmod` after creation.

use super::file::{host_ret, must_wait};
use super::fs::{path_arg, resolve};
use super::{procfs, Call, SysResult};
use crate::se::abi::{Errno, AT_FDCWD};
use crate::se::blocking::{POLLIN, POLLOUT};
use crate::se::fd::HostFd;
use crate::se::process::Process;
use std::ffi::CString;
use std::os::fd::FromRawFd;

/// Most bytes one vectored call moves (as `file::MAX_IO`).
const MAX_IO: usize = super::file::MAX_IO;
const S_IFMT: u32 = 0o170000;
const S_IFREG: u32 = 0o100000;
const S_IFIFO: u32 = 0o010000;

/// `fchdir(fd)`: the directory behind the fd becomes the working directory.
pub(super) fn fchdir(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let st = super::file::host_fstat(host)?;
    if st.mode & S_IFMT != 0o040000 {
        return Err(Errno::ENOTDIR);
    }
    let path = procfs::host_fd_path(host).ok_or(Errno::ENOENT)?;
    p.cwd = procfs::guest_path(p, &path);
    Ok(0)
}

/// `struct statfs` of the file behind host fd `fd`, in the guest's layout: the
/// 64-bit generic one (ten longs, the fsid's two ints, spares), which RISC-V,
/// AArch64 and x86-64 hosts and guests share, so the host's bytes pass through.
fn statfs_bytes(fd: i32) -> Result<[u8; 120], Errno> {
    let mut buf = [0u8; 120];
    // SAFETY: the kernel writes one `struct statfs` (120 bytes) into `buf`.
    let r = unsafe { libc::syscall(libc::SYS_fstatfs, fd, buf.as_mut_ptr()) };
    host_ret(r as isize)?;
    Ok(buf)
}

pub(super) fn statfs(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[0])?;
    let (dir, host_path) = resolve(p, AT_FDCWD, &path)?;
    let fd = open_path(dir, &host_path)?;
    let st = statfs_bytes(fd.raw())?;
    p.space.write_bytes(c.args[1], &st)?;
    Ok(0)
}

pub(super) fn fstatfs(p: &mut Process, c: &mut Call) -> SysResult {
    let st = statfs_bytes(p.fds.host(c.args[0])?)?;
    p.space.write_bytes(c.args[1], &st)?;
    Ok(0)
}

/// An `O_PATH` host fd for a resolved path (closed when dropped).
fn open_path(dir: i32, path: &CString) -> Result<HostFd, Errno> {
    // SAFETY: valid NUL-terminated path.
    let fd = unsafe { libc::openat(dir, path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC) };
    let fd = host_ret(fd as isize)? as i32;
    // SAFETY: `fd` is fresh and owned by nobody else.
    Ok(HostFd::Owned(unsafe { FromRawFd::from_raw_fd(fd) }))
}

pub(super) fn truncate(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[0])?;
    let (dir, host_path) = resolve(p, AT_FDCWD, &path)?;
    if (c.args[1] as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: valid NUL-terminated path.
    let fd = unsafe {
        libc::openat(
            dir,
            host_path.as_ptr(),
            libc::O_WRONLY | libc::O_CLOEXEC | libc::O_NONBLOCK | libc::O_NOCTTY,
        )
    };
    let fd = host_ret(fd as isize)? as i32;
    // SAFETY: `fd` is fresh and owned by nobody else.
    let fd = HostFd::Owned(unsafe { FromRawFd::from_raw_fd(fd) });
    super::mem_coherence::before_io(p, fd.raw());
    // SAFETY: plain call on a valid host fd.
    host_ret(unsafe { libc::ftruncate(fd.raw(), c.args[1] as i64) } as isize)?;
    super::mem_coherence::file_written(p, fd.raw(), 1);
    Ok(0)
}

/// Give a file the guest just created the mode `mode` less the guest's umask.
pub(super) fn apply_umask_fd(p: &Process, host: i32, mode: u64) {
    let m = (mode as u32 & 0o7777 & !p.umask) as libc::mode_t;
    // SAFETY: plain call on a valid host fd.
    unsafe { libc::fchmod(host, m) };
}

/// [`apply_umask_fd`] for a path (directories and nodes made by path).
pub(super) fn apply_umask_path(p: &Process, dir: i32, path: &CString, mode: u64) {
    let m = (mode as u32 & 0o7777 & !p.umask) as libc::mode_t;
    // SAFETY: valid NUL-terminated path.
    unsafe { libc::fchmodat(dir, path.as_ptr(), m, 0) };
}

/// Whether a resolved path exists (not following a final symlink).
pub(super) fn exists(dir: i32, path: &CString) -> bool {
    // SAFETY: valid NUL-terminated path.
    unsafe { libc::faccessat(dir, path.as_ptr(), libc::F_OK, libc::AT_SYMLINK_NOFOLLOW) == 0 }
}

/// `mknodat(dirfd, path, mode, dev)`: FIFOs and regular files. Device nodes
/// would be real nodes on the host: refused with `EPERM`, as for a user
/// without `CAP_MKNOD`.
pub(super) fn mknodat(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[1])?;
    let (dir, host_path) = resolve(p, c.int(0), &path)?;
    let mode = c.args[2] as u32;
    let kind = match mode & S_IFMT {
        0 | S_IFREG => S_IFREG,
        S_IFIFO => S_IFIFO,
        0o020000 | 0o060000 => return Err(Errno::EPERM),
        0o140000 => S_IFMT, // sockets: bound by bind(), not made here
        _ => return Err(Errno::EINVAL),
    };
    if kind == S_IFMT {
        return Err(Errno::EPERM);
    }
    let perm = mode & 0o7777;
    // SAFETY: valid NUL-terminated path.
    let r = unsafe { libc::mknodat(dir, host_path.as_ptr(), kind | perm, 0) };
    host_ret(r as isize)?;
    apply_umask_path(p, dir, &host_path, perm as u64);
    Ok(0)
}

pub(super) fn mknod(p: &mut Process, c: &mut Call) -> SysResult {
    let a = c.args;
    let mut c = Call {
        args: [AT_FDCWD as i64 as u64, a[0], a[1], a[2], 0, 0],
        ..c.clone()
    };
    mknodat(p, &mut c)
}

/// The guest's iovec array as `(base, len)` pairs.
fn iovecs(p: &mut Process, addr: u64, count: u64) -> Result<Vec<(u64, u64)>, Errno> {
    if count > 1024 {
        return Err(Errno::EINVAL);
    }
    let raw = p.space.read_vec(addr, count as usize * 16)?;
    Ok(raw
        .chunks(16)
        .map(|c| {
            let w = |o: usize| u64::from_le_bytes(c[o..o + 8].try_into().expect("8 bytes"));
            (w(0), w(8))
        })
        .collect())
}

/// `RWF_*` flags `preadv2`/`pwritev2` accept: HIPRI, DSYNC, SYNC, NOWAIT, APPEND.
const RWF_ALL: u64 = 0x1f;

/// `preadv2(fd, iov, count, offset, _, flags)`; offset -1: at the file position.
fn preadv_at(p: &mut Process, c: &mut Call, off: i64, flags: u64) -> SysResult {
    if flags & !RWF_ALL != 0 {
        return Err(Errno(95)); // EOPNOTSUPP
    }
    let host = p.fds.host(c.args[0])?;
    let iov = iovecs(p, c.args[1], c.args[2])?;
    let mut total = 0usize;
    for &(base, len) in &iov {
        let len = (len as usize).min(MAX_IO - total);
        p.space.check(base, len, sim_core::arch::MemAccess::Store)?;
        total += len;
    }
    let mut buf = vec![0u8; total];
    super::mem_coherence::before_io(p, host);
    // SAFETY: `buf` is valid for its length.
    let n = unsafe {
        if off == -1 {
            libc::read(host, buf.as_mut_ptr().cast(), buf.len())
        } else if off < 0 {
            return Err(Errno::EINVAL);
        } else {
            libc::pread(host, buf.as_mut_ptr().cast(), buf.len(), off)
        }
    };
    let n = host_ret(n)? as usize;
    let mut done = 0;
    for (base, len) in iov {
        let k = (len as usize).min(n - done);
        p.space.write_bytes(base, &buf[done..done + k])?;
        done += k;
    }
    Ok(n as u64)
}

fn pwritev_at(p: &mut Process, c: &mut Call, off: i64, flags: u64) -> SysResult {
    const RWF_APPEND: u64 = 0x10;
    if flags & !RWF_ALL != 0 {
        return Err(Errno(95)); // EOPNOTSUPP
    }
    let host = p.fds.host(c.args[0])?;
    let mut buf = Vec::new();
    for (base, len) in iovecs(p, c.args[1], c.args[2])? {
        let n = (len as usize).min(MAX_IO - buf.len());
        buf.extend_from_slice(&p.space.read_vec(base, n)?);
    }
    super::mem_coherence::before_io(p, host);
    // SAFETY: `buf` is valid for its length.
    let n = unsafe {
        if off == -1 || flags & RWF_APPEND != 0 {
            libc::write(host, buf.as_ptr().cast(), buf.len())
        } else if off < 0 {
            return Err(Errno::EINVAL);
        } else {
            libc::pwrite(host, buf.as_ptr().cast(), buf.len(), off)
        }
    };
    let r = host_ret(n);
    if r == Err(Errno::EPIPE) {
        super::misc::raise_sigpipe(p, c);
    }
    if let Ok(k) = r {
        super::mem_coherence::file_written(p, host, k);
    }
    r
}

pub(super) fn preadv(p: &mut Process, c: &mut Call) -> SysResult {
    if (c.args[3] as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    preadv_at(p, c, c.args[3] as i64, 0)
}

pub(super) fn pwritev(p: &mut Process, c: &mut Call) -> SysResult {
    if (c.args[3] as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    pwritev_at(p, c, c.args[3] as i64, 0)
}

pub(super) fn preadv2(p: &mut Process, c: &mut Call) -> SysResult {
    preadv_at(p, c, c.args[3] as i64, c.args[5])
}

pub(super) fn pwritev2(p: &mut Process, c: &mut Call) -> SysResult {
    pwritev_at(p, c, c.args[3] as i64, c.args[5])
}

/// Read an optional `loff_t *` argument.
fn read_off(p: &mut Process, addr: u64) -> Result<Option<i64>, Errno> {
    if addr == 0 {
        return Ok(None);
    }
    Ok(Some(p.space.read_u64(addr)? as i64))
}

fn host_off_ptr(v: &mut Option<i64>) -> *mut i64 {
    v.as_mut().map_or(std::ptr::null_mut(), |o| o as *mut i64)
}

/// `copy_file_range(fd_in, off_in, fd_out, off_out, len, flags)`.
pub(super) fn copy_file_range(p: &mut Process, c: &mut Call) -> SysResult {
    let [fin, offin, fout, offout, len, flags] = c.args;
    if flags != 0 {
        return Err(Errno::EINVAL);
    }
    let (hin, hout) = (p.fds.host(fin)?, p.fds.host(fout)?);
    let (mut oin, mut oout) = (read_off(p, offin)?, read_off(p, offout)?);
    let len = len.min(MAX_IO as u64) as usize;
    super::mem_coherence::before_io(p, hin);
    super::mem_coherence::before_io(p, hout);
    // SAFETY: the offset pointers are null or point at live locals.
    let n = unsafe {
        libc::copy_file_range(
            hin,
            host_off_ptr(&mut oin),
            hout,
            host_off_ptr(&mut oout),
            len,
            0,
        )
    };
    let n = host_ret(n)?;
    if let Some(o) = oin {
        p.space.write_u64(offin, o as u64)?;
    }
    if let Some(o) = oout {
        p.space.write_u64(offout, o as u64)?;
    }
    super::mem_coherence::file_written(p, hout, n);
    Ok(n)
}

/// `sendfile(out_fd, in_fd, offset, count)` (waits as `splice` does).
pub(super) fn sendfile(p: &mut Process, c: &mut Call) -> SysResult {
    let [fout, fin, offp, count, ..] = c.args;
    let (hout, hin) = (p.fds.host(fout)?, p.fds.host(fin)?);
    if must_wait(c, hin, POLLIN) || must_wait(c, hout, POLLOUT) {
        return Err(Errno::EAGAIN);
    }
    let mut off = read_off(p, offp)?;
    if off.is_some_and(|o| o < 0) {
        return Err(Errno::EINVAL);
    }
    let count = count.min(MAX_IO as u64) as usize;
    super::mem_coherence::before_io(p, hin);
    super::mem_coherence::before_io(p, hout);
    // SAFETY: the offset pointer is null or points at a live local.
    let n = unsafe { libc::sendfile(hout, hin, host_off_ptr(&mut off), count) };
    let r = host_ret(n);
    if r == Err(Errno::EPIPE) {
        super::misc::raise_sigpipe(p, c);
    }
    let n = r?;
    if let Some(o) = off {
        p.space.write_u64(offp, o as u64)?;
    }
    super::mem_coherence::file_written(p, hout, n);
    Ok(n)
}

/// `splice(fd_in, off_in, fd_out, off_out, len, flags)` between host fds
/// (one side a pipe, as Linux requires). A blocking splice from an empty pipe
/// or into a full one waits as `read` and `write` do; `SPLICE_F_NONBLOCK`
/// makes it fail with `EAGAIN` instead.
pub(super) fn splice(p: &mut Process, c: &mut Call) -> SysResult {
    const SPLICE_F_NONBLOCK: u64 = 2;
    let [fin, offin, fout, offout, len, flags] = c.args;
    let (hin, hout) = (p.fds.host(fin)?, p.fds.host(fout)?);
    if flags & SPLICE_F_NONBLOCK == 0 && (must_wait(c, hin, POLLIN) || must_wait(c, hout, POLLOUT))
    {
        return Err(Errno::EAGAIN);
    }
    let (mut oin, mut oout) = (read_off(p, offin)?, read_off(p, offout)?);
    // SPLICE_F_NONBLOCK is 2 on every ISA; the host must never wait.
    let host_flags = (flags as u32 & 0xf) | libc::SPLICE_F_NONBLOCK;
    let len = len.min(MAX_IO as u64) as usize;
    super::mem_coherence::before_io(p, hin);
    super::mem_coherence::before_io(p, hout);
    // SAFETY: the offset pointers are null or point at live locals.
    let n = unsafe {
        libc::splice(
            hin,
            host_off_ptr(&mut oin),
            hout,
            host_off_ptr(&mut oout),
            len,
            host_flags,
        )
    };
    let r = host_ret(n);
    if r == Err(Errno::EPIPE) {
        super::misc::raise_sigpipe(p, c);
    }
    let n = r?;
    if let Some(o) = oin {
        p.space.write_u64(offin, o as u64)?;
    }
    if let Some(o) = oout {
        p.space.write_u64(offout, o as u64)?;
    }
    super::mem_coherence::file_written(p, hout, n);
    Ok(n)
}

/// `memfd_create(name, flags)`: a host memfd (a file in host memory that can
/// be read, written, truncated and mapped like any file).
pub(super) fn memfd_create(p: &mut Process, c: &mut Call) -> SysResult {
    const MFD_CLOEXEC: u64 = 1;
    const MFD_ALLOW_SEALING: u64 = 2;
    const MFD_NOEXEC_SEAL: u64 = 8;
    const MFD_EXEC: u64 = 0x10;
    /// `NAME_MAX` less the `memfd:` prefix.
    const MFD_NAME_MAX: usize = 249;
    let flags = c.args[1];
    if flags & !(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC) != 0
        || flags & (MFD_NOEXEC_SEAL | MFD_EXEC) == MFD_NOEXEC_SEAL | MFD_EXEC
    {
        return Err(Errno::EINVAL);
    }
    let name = p
        .space
        .read_cstr(c.args[0], MFD_NAME_MAX + 1)
        .map_err(|e| match e {
            crate::se::MemFault::TooLong { .. } => Errno::EINVAL,
            e => e.into(),
        })?;
    let name = CString::new(name).map_err(|_| Errno::EINVAL)?;
    let host_flags =
        (flags & (MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC)) as u32 | libc::MFD_CLOEXEC;
    // SAFETY: valid NUL-terminated name.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), host_flags) };
    let fd = host_ret(fd as isize)? as i32;
    // SAFETY: `fd` is fresh and owned by nobody else.
    let host = HostFd::Owned(unsafe { FromRawFd::from_raw_fd(fd) });
    p.fds.insert(host, flags & MFD_CLOEXEC != 0, 0)
}

/// The `FIO*` ioctls on any fd; `None` for other requests.
pub(super) fn fio_ioctl(p: &mut Process, c: &mut Call) -> Option<SysResult> {
    const FIONREAD: u64 = 0x541b;
    const FIONBIO: u64 = 0x5421;
    const FIONCLEX: u64 = 0x5450;
    const FIOCLEX: u64 = 0x5451;
    let (fd, req, arg) = (c.args[0], c.args[1] & 0xffff_ffff, c.args[2]);
    let r = (|| match req {
        FIOCLEX | FIONCLEX => {
            p.fds.entry_mut(fd)?.cloexec = req == FIOCLEX;
            Ok(0)
        }
        FIONBIO => {
            let host = p.fds.host(fd)?;
            let mut on = p.space.read_u32(arg)? as libc::c_int;
            // SAFETY: FIONBIO reads one int.
            host_ret(unsafe { libc::ioctl(host, libc::FIONBIO, &mut on) } as isize)
        }
        FIONREAD => {
            let host = p.fds.host(fd)?;
            let mut n: libc::c_int = 0;
            // SAFETY: FIONREAD writes one int.
            host_ret(unsafe { libc::ioctl(host, libc::FIONREAD, &mut n) } as isize)?;
            p.space.write_u32(arg, n as u32)?;
            Ok(0)
        }
        _ => Err(Errno::ENOTTY),
    })();
    (req == FIONREAD || req == FIONBIO || req == FIOCLEX || req == FIONCLEX).then_some(r)
}

/// `fcntl` file seals (`F_ADD_SEALS`/`F_GET_SEALS`, of memfds): the host
/// fd's; `None` for other commands.
pub(super) fn fcntl_seals(p: &mut Process, c: &mut Call) -> Option<SysResult> {
    const F_ADD_SEALS: i32 = 1033;
    const F_GET_SEALS: i32 = 1034;
    let cmd = c.int(1);
    if !matches!(cmd, F_ADD_SEALS | F_GET_SEALS) {
        return None;
    }
    Some(p.fds.host(c.args[0]).and_then(|host| {
        // SAFETY: these commands take an int argument (or none).
        host_ret(unsafe { libc::fcntl(host, cmd, c.args[2] as libc::c_int) } as isize)
    }))
}

/// Whether `O_CREAT` open flags (guest encoding) may create a file.
pub(super) fn creates(flags: u32) -> bool {
    const O_CREAT: u32 = 0o100;
    flags & O_CREAT != 0
}
