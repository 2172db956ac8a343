//! Syscalls on paths: open, stat, links, directories, the working directory.
//!
//! Guest paths name host files. Absolute paths pass through unchanged; relative
//! paths with `AT_FDCWD` resolve against the guest's working directory (which
//! starts as the simulator's and is changed by `chdir` without touching the
//! simulator's own); relative paths with a dirfd use the host fd behind it.
//! `/proc/self/exe` names the executable.

use super::file::{host_fstat, host_ret};
use super::{small, Call, SysResult};
use crate::se::abi::{Errno, GuestStat, AT_EMPTY_PATH, AT_FDCWD, O_CLOEXEC};
use crate::se::fd::HostFd;
use crate::se::process::Process;
use std::ffi::{CString, OsStr};
use std::os::fd::FromRawFd;
use std::os::unix::ffi::OsStrExt;

/// Longest path accepted (`PATH_MAX`).
const PATH_MAX: usize = 4096;
const AT_SYMLINK_NOFOLLOW: i32 = 0x100;
const AT_REMOVEDIR: i32 = 0x200;
const AT_EACCESS: i32 = 0x200;
const AT_SYMLINK_FOLLOW: i32 = 0x400;

/// Read a guest path argument.
pub(super) fn path_arg(p: &mut Process, addr: u64) -> Result<Vec<u8>, Errno> {
    Ok(p.space.read_cstr(addr, PATH_MAX)?)
}

fn is_self_exe(p: &Process, path: &[u8]) -> bool {
    path == b"/proc/self/exe" || path == format!("/proc/{}/exe", p.pid).as_bytes()
}

/// A guest path resolved for a host `*at` call: `(host dirfd, host path)`.
pub(crate) fn resolve(p: &Process, dirfd: i32, path: &[u8]) -> Result<(i32, CString), Errno> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    if let Some(host) = super::procfs::redirect(p, path)? {
        return Ok((AT_FDCWD, host));
    }
    let c = |b: &[u8]| CString::new(b).map_err(|_| Errno::EINVAL);
    if is_self_exe(p, path) {
        return Ok((AT_FDCWD, c(p.exe.as_os_str().as_bytes())?));
    }
    if path[0] == b'/' {
        return Ok((AT_FDCWD, c(path)?));
    }
    if dirfd == AT_FDCWD {
        let full = p.cwd.join(OsStr::from_bytes(path));
        if let Some(host) = super::procfs::redirect(p, full.as_os_str().as_bytes())? {
            return Ok((AT_FDCWD, host)); // relative to a cwd inside /proc
        }
        return Ok((AT_FDCWD, c(full.as_os_str().as_bytes())?));
    }
    Ok((p.fds.host(dirfd as u32 as u64)?, c(path)?))
}

/// `c` with `AT_FDCWD` inserted as argument 0 (legacy path calls → `*at`).
fn at_cwd(c: &Call) -> Call {
    let a = c.args;
    Call {
        args: [AT_FDCWD as i64 as u64, a[0], a[1], a[2], a[3], a[4]],
        ..c.clone()
    }
}

pub(super) fn openat(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[1])?;
    let (dir, host_path) = resolve(p, c.int(0), &path)?;
    let flags = c.args[2] as u32;
    let host_flags = p.abi.open_flags_to_host(flags) | libc::O_CLOEXEC;
    let created = small::creates(flags) && !small::exists(dir, &host_path);
    // SAFETY: valid NUL-terminated path.
    let fd = unsafe {
        libc::openat(
            dir,
            host_path.as_ptr(),
            host_flags,
            c.args[3] as libc::c_uint,
        )
    };
    let fd = host_ret(fd as isize)? as i32;
    if created {
        small::apply_umask_fd(p, fd, c.args[3]);
    }
    // SAFETY: `fd` is fresh and owned by nobody else.
    let host = HostFd::Owned(unsafe { FromRawFd::from_raw_fd(fd) });
    p.fds.insert(host, flags & O_CLOEXEC != 0, 0)
}

pub(super) fn open(p: &mut Process, c: &mut Call) -> SysResult {
    openat(p, &mut at_cwd(c))
}

/// `fstatat` semantics shared by `newfstatat` and `statx`.
fn stat_at(p: &mut Process, dirfd: i32, path_addr: u64, flags: i32) -> Result<GuestStat, Errno> {
    let path = path_arg(p, path_addr)?;
    if path.is_empty() && flags & AT_EMPTY_PATH != 0 {
        if dirfd != AT_FDCWD {
            return host_fstat(p.fds.host(dirfd as u32 as u64)?);
        }
        return stat_at_path(p, AT_FDCWD, b".", 0);
    }
    stat_at_path(p, dirfd, &path, flags)
}

fn stat_at_path(p: &Process, dirfd: i32, path: &[u8], flags: i32) -> Result<GuestStat, Errno> {
    let (dir, host_path) = resolve(p, dirfd, path)?;
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid path and output struct.
    let r = unsafe {
        libc::fstatat(
            dir,
            host_path.as_ptr(),
            &mut st,
            flags & AT_SYMLINK_NOFOLLOW,
        )
    };
    host_ret(r as isize)?;
    Ok(GuestStat::from_host(&st))
}

pub(super) fn newfstatat(p: &mut Process, c: &mut Call) -> SysResult {
    let st = stat_at(p, c.int(0), c.args[1], c.int(3))?;
    p.space.write_bytes(c.args[2], &p.abi.encode_stat(&st))?;
    Ok(0)
}

pub(super) fn stat(p: &mut Process, c: &mut Call) -> SysResult {
    newfstatat(p, &mut at_cwd(c))
}

pub(super) fn lstat(p: &mut Process, c: &mut Call) -> SysResult {
    let mut c = at_cwd(c);
    c.args[3] = AT_SYMLINK_NOFOLLOW as u64;
    newfstatat(p, &mut c)
}

pub(super) fn statx(p: &mut Process, c: &mut Call) -> SysResult {
    let st = stat_at(p, c.int(0), c.args[1], c.int(2))?;
    p.space.write_bytes(c.args[4], &st.encode_statx())?;
    Ok(0)
}

pub(super) fn readlinkat(p: &mut Process, c: &mut Call) -> SysResult {
    let bufsiz = c.int(3);
    if bufsiz <= 0 {
        return Err(Errno::EINVAL);
    }
    let path = path_arg(p, c.args[1])?;
    let target = if is_self_exe(p, &path) {
        p.exe.as_os_str().as_bytes().to_vec()
    } else {
        let (dir, host_path) = resolve(p, c.int(0), &path)?;
        let mut buf = vec![0u8; PATH_MAX];
        // SAFETY: valid path; `buf` is valid for its length.
        let n = unsafe {
            libc::readlinkat(dir, host_path.as_ptr(), buf.as_mut_ptr().cast(), buf.len())
        };
        buf.truncate(host_ret(n)? as usize);
        buf
    };
    let n = target.len().min(bufsiz as usize);
    p.space.write_bytes(c.args[2], &target[..n])?;
    Ok(n as u64)
}

pub(super) fn readlink(p: &mut Process, c: &mut Call) -> SysResult {
    readlinkat(p, &mut at_cwd(c))
}

fn access_at(p: &mut Process, dirfd: i32, path_addr: u64, mode: i32, flags: i32) -> SysResult {
    let path = path_arg(p, path_addr)?;
    let (dir, host_path) = resolve(p, dirfd, &path)?;
    // SAFETY: valid path.
    let r = unsafe {
        libc::faccessat(
            dir,
            host_path.as_ptr(),
            mode,
            flags & (AT_EACCESS | AT_SYMLINK_NOFOLLOW),
        )
    };
    host_ret(r as isize)
}

/// `faccessat` has no flags argument.
pub(super) fn faccessat(p: &mut Process, c: &mut Call) -> SysResult {
    access_at(p, c.int(0), c.args[1], c.int(2), 0)
}

pub(super) fn faccessat2(p: &mut Process, c: &mut Call) -> SysResult {
    access_at(p, c.int(0), c.args[1], c.int(2), c.int(3))
}

pub(super) fn access(p: &mut Process, c: &mut Call) -> SysResult {
    access_at(p, AT_FDCWD, c.args[0], c.int(1), 0)
}

pub(super) fn unlinkat(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[1])?;
    let (dir, host_path) = resolve(p, c.int(0), &path)?;
    // SAFETY: valid path.
    host_ret(unsafe { libc::unlinkat(dir, host_path.as_ptr(), c.int(2) & AT_REMOVEDIR) } as isize)
}

pub(super) fn unlink(p: &mut Process, c: &mut Call) -> SysResult {
    let mut c = at_cwd(c);
    c.args[2] = 0;
    unlinkat(p, &mut c)
}

pub(super) fn mkdirat(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[1])?;
    let (dir, host_path) = resolve(p, c.int(0), &path)?;
    // SAFETY: valid path.
    host_ret(
        unsafe { libc::mkdirat(dir, host_path.as_ptr(), c.args[2] as libc::mode_t) } as isize,
    )?;
    small::apply_umask_path(p, dir, &host_path, c.args[2] & 0o1777);
    Ok(0)
}

pub(super) fn mkdir(p: &mut Process, c: &mut Call) -> SysResult {
    mkdirat(p, &mut at_cwd(c))
}

/// Like [`resolve`], but an empty path with `AT_EMPTY_PATH` in `flags` names
/// `dirfd` itself (the host call then gets `AT_EMPTY_PATH` too).
fn resolve_empty(
    p: &Process,
    dirfd: i32,
    path: &[u8],
    flags: i32,
) -> Result<(i32, CString), Errno> {
    if path.is_empty() && flags & AT_EMPTY_PATH != 0 {
        let dir = if dirfd == AT_FDCWD {
            AT_FDCWD
        } else {
            p.fds.host(dirfd as u32 as u64)?
        };
        return Ok((dir, CString::default()));
    }
    resolve(p, dirfd, path)
}

/// `symlinkat(target, newdirfd, linkpath)`: the target is stored as given.
pub(super) fn symlinkat(p: &mut Process, c: &mut Call) -> SysResult {
    let target = path_arg(p, c.args[0])?;
    let link = path_arg(p, c.args[2])?;
    if target.is_empty() {
        return Err(Errno::ENOENT);
    }
    let target = CString::new(target).map_err(|_| Errno::EINVAL)?;
    let (dir, host_path) = resolve(p, c.int(1), &link)?;
    // SAFETY: valid NUL-terminated strings.
    host_ret(unsafe { libc::symlinkat(target.as_ptr(), dir, host_path.as_ptr()) } as isize)
}

pub(super) fn symlink(p: &mut Process, c: &mut Call) -> SysResult {
    let mut c = c.clone();
    c.args = [c.args[0], AT_FDCWD as i64 as u64, c.args[1], 0, 0, 0];
    symlinkat(p, &mut c)
}

/// `linkat(olddirfd, oldpath, newdirfd, newpath, flags)`.
pub(super) fn linkat(p: &mut Process, c: &mut Call) -> SysResult {
    let flags = c.int(4);
    if flags & !(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH) != 0 {
        return Err(Errno::EINVAL);
    }
    let (old, new) = (path_arg(p, c.args[1])?, path_arg(p, c.args[3])?);
    let (od, op) = resolve_empty(p, c.int(0), &old, flags)?;
    let (nd, np) = resolve(p, c.int(2), &new)?;
    // SAFETY: valid paths.
    host_ret(unsafe { libc::linkat(od, op.as_ptr(), nd, np.as_ptr(), flags) } as isize)
}

pub(super) fn link(p: &mut Process, c: &mut Call) -> SysResult {
    let cwd = AT_FDCWD as i64 as u64;
    let mut c = c.clone();
    c.args = [cwd, c.args[0], cwd, c.args[1], 0, 0];
    linkat(p, &mut c)
}

fn chmod_at(p: &mut Process, dirfd: i32, path_addr: u64, mode: u64, flags: i32) -> SysResult {
    if flags & !AT_SYMLINK_NOFOLLOW != 0 {
        return Err(Errno::EINVAL);
    }
    let path = path_arg(p, path_addr)?;
    let (dir, host_path) = resolve(p, dirfd, &path)?;
    // SAFETY: valid path.
    let r = unsafe {
        libc::fchmodat(
            dir,
            host_path.as_ptr(),
            mode as libc::mode_t & 0o7777,
            flags,
        )
    };
    host_ret(r as isize)
}

/// `fchmodat` has no flags argument.
pub(super) fn fchmodat(p: &mut Process, c: &mut Call) -> SysResult {
    chmod_at(p, c.int(0), c.args[1], c.args[2], 0)
}

pub(super) fn fchmodat2(p: &mut Process, c: &mut Call) -> SysResult {
    chmod_at(p, c.int(0), c.args[1], c.args[2], c.int(3))
}

pub(super) fn chmod(p: &mut Process, c: &mut Call) -> SysResult {
    chmod_at(p, AT_FDCWD, c.args[0], c.args[1], 0)
}

pub(super) fn fchmod(p: &mut Process, c: &mut Call) -> SysResult {
    let fd = p.fds.host(c.args[0])?;
    // SAFETY: plain call on a host fd.
    host_ret(unsafe { libc::fchmod(fd, c.args[1] as libc::mode_t & 0o7777) } as isize)
}

/// `fchownat(dirfd, path, owner, group, flags)`; the guest's ids are the host's.
pub(super) fn fchownat(p: &mut Process, c: &mut Call) -> SysResult {
    let flags = c.int(4);
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return Err(Errno::EINVAL);
    }
    let path = path_arg(p, c.args[1])?;
    let (dir, host_path) = resolve_empty(p, c.int(0), &path, flags)?;
    let (uid, gid) = (c.args[2] as libc::uid_t, c.args[3] as libc::gid_t);
    // SAFETY: valid path.
    host_ret(unsafe { libc::fchownat(dir, host_path.as_ptr(), uid, gid, flags) } as isize)
}

pub(super) fn chown(p: &mut Process, c: &mut Call) -> SysResult {
    let mut c = at_cwd(c);
    c.args[4] = 0;
    fchownat(p, &mut c)
}

pub(super) fn lchown(p: &mut Process, c: &mut Call) -> SysResult {
    let mut c = at_cwd(c);
    c.args[4] = AT_SYMLINK_NOFOLLOW as u64;
    fchownat(p, &mut c)
}

pub(super) fn fchown(p: &mut Process, c: &mut Call) -> SysResult {
    let fd = p.fds.host(c.args[0])?;
    let (uid, gid) = (c.args[1] as libc::uid_t, c.args[2] as libc::gid_t);
    // SAFETY: plain call on a host fd.
    host_ret(unsafe { libc::fchown(fd, uid, gid) } as isize)
}

/// `utimensat(dirfd, path, times, flags)`; a null path names `dirfd` itself and
/// null `times` means now (host time, as every file time stamp).
pub(super) fn utimensat(p: &mut Process, c: &mut Call) -> SysResult {
    let [dirfd, path_addr, times_addr, flags, ..] = c.args;
    let flags = flags as i32;
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return Err(Errno::EINVAL);
    }
    let times = if times_addr == 0 {
        None
    } else {
        let mut ts = [libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        }; 2];
        for (i, t) in ts.iter_mut().enumerate() {
            let at = times_addr + 16 * i as u64;
            t.tv_sec = p.space.read_u64(at)? as i64 as libc::time_t;
            t.tv_nsec = p.space.read_u64(at + 8)? as i64 as libc::c_long;
        }
        Some(ts)
    };
    let times_ptr = times.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    let (dir, host_path) = if path_addr == 0 {
        let dirfd = dirfd as i32;
        if dirfd == AT_FDCWD {
            return Err(Errno::EFAULT);
        }
        (p.fds.host(dirfd as u32 as u64)?, None)
    } else {
        let path = path_arg(p, path_addr)?;
        let (d, hp) = resolve_empty(p, dirfd as i32, &path, flags)?;
        (d, Some(hp))
    };
    let path_ptr = host_path.as_ref().map_or(std::ptr::null(), |h| h.as_ptr());
    // SAFETY: the path is null or NUL-terminated; `times` is null or two timespecs.
    let r = unsafe { libc::syscall(libc::SYS_utimensat, dir, path_ptr, times_ptr, flags) };
    host_ret(r as isize)
}

fn rename_at(p: &mut Process, args: [u64; 4], flags: u64) -> SysResult {
    let (old, new) = (path_arg(p, args[1])?, path_arg(p, args[3])?);
    let (od, op) = resolve(p, args[0] as i32, &old)?;
    let (nd, np) = resolve(p, args[2] as i32, &new)?;
    // SAFETY: valid paths.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            od,
            op.as_ptr(),
            nd,
            np.as_ptr(),
            flags as libc::c_uint,
        )
    };
    host_ret(r as isize)
}

pub(super) fn renameat(p: &mut Process, c: &mut Call) -> SysResult {
    rename_at(p, [c.args[0], c.args[1], c.args[2], c.args[3]], 0)
}

pub(super) fn renameat2(p: &mut Process, c: &mut Call) -> SysResult {
    rename_at(p, [c.args[0], c.args[1], c.args[2], c.args[3]], c.args[4])
}

pub(super) fn rename(p: &mut Process, c: &mut Call) -> SysResult {
    let cwd = AT_FDCWD as i64 as u64;
    rename_at(p, [cwd, c.args[0], cwd, c.args[1]], 0)
}

pub(super) fn getcwd(p: &mut Process, c: &mut Call) -> SysResult {
    let mut bytes = p.cwd.as_os_str().as_bytes().to_vec();
    bytes.push(0);
    if (c.args[1] as usize) < bytes.len() {
        return Err(Errno::ERANGE);
    }
    p.space.write_bytes(c.args[0], &bytes)?;
    Ok(bytes.len() as u64)
}

pub(super) fn chdir(p: &mut Process, c: &mut Call) -> SysResult {
    let path = path_arg(p, c.args[0])?;
    let (_, host_path) = resolve(p, AT_FDCWD, &path)?;
    let target = std::fs::canonicalize(OsStr::from_bytes(host_path.as_bytes()))?;
    if !target.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    p.cwd = super::procfs::guest_path(p, &target);
    Ok(0)
}

pub(super) fn umask(p: &mut Process, c: &mut Call) -> SysResult {
    let old = p.umask;
    p.umask = c.args[0] as u32 & 0o777;
    Ok(old as u64)
}
