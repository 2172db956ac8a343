//! Opening a FIFO as Linux does, without ever blocking the host.
//!
//! On Linux a blocking `open` of a FIFO for reading waits for a writer, and
//! one for writing waits for a reader; `O_NONBLOCK` readers return at once
//! and `O_NONBLOCK` writers fail with `ENXIO` when no reader exists; `O_RDWR`
//! never waits. The host FIFO is always opened non-blocking here (the guest's
//! mode is restored after), and the waiting happens in the guest thread:
//!
//! * a writer that finds no reader (the host says `ENXIO`) waits for a reader
//!   to open the FIFO (a kernel event), then opens again;
//! * a reader, once open, looks for an open write end among the simulator's
//!   own fds (every guest fd is one); with none it waits for a writer's open
//!   (a kernel event) or for data (an outside writer), keeping its fd.

use super::file::host_ret;
use super::{Call, SysResult};
use crate::se::abi::{Errno, O_CLOEXEC, O_NONBLOCK};
use crate::se::blocking::{Block, WaitOn, POLLIN};
use crate::se::fd::HostFd;
use crate::se::process::Process;
use std::ffi::CStr;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

const ENXIO: Errno = Errno(6);

/// The kernel event posted when FIFO `(dev, ino)` is opened for reading
/// (`writing` false) or for writing.
fn event(dev: u64, ino: u64, writing: bool) -> u64 {
    (ino ^ dev.rotate_left(40)) << 1 | writing as u64
}

/// Whether a descriptor of this process other than `except` has FIFO
/// `(dev, ino)` open for writing.
fn writer_open(dev: u64, ino: u64, except: RawFd) -> bool {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return false;
    };
    dir.flatten().any(|e| {
        let Some(fd) = e.file_name().to_str().and_then(|n| n.parse::<RawFd>().ok()) else {
            return false;
        };
        if fd == except {
            return false;
        }
        // SAFETY: `st` is a plain C struct the call fills.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `st` is valid for writing; a stale fd just fails.
        if unsafe { libc::fstat(fd, &mut st) } < 0 || st.st_dev != dev || st.st_ino != ino {
            return false;
        }
        // SAFETY: plain fcntl.
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        fl >= 0 && matches!(fl & libc::O_ACCMODE, libc::O_WRONLY | libc::O_RDWR)
    })
}

/// `openat` of `path` (resolved against host `dir`) if it names a FIFO:
/// `None` for anything else, which opens as before.
pub(super) fn open(
    p: &mut Process,
    c: &mut Call,
    dir: RawFd,
    path: &CStr,
    flags: u32,
) -> Option<SysResult> {
    if !c.may_block {
        return None;
    }
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid path and buffer.
    if unsafe { libc::fstatat(dir, path.as_ptr(), &mut st, 0) } < 0
        || st.st_mode & libc::S_IFMT != libc::S_IFIFO
    {
        return None;
    }
    Some(open_fifo(p, c, dir, path, flags, (st.st_dev, st.st_ino)))
}

fn open_fifo(
    p: &mut Process,
    c: &mut Call,
    dir: RawFd,
    path: &CStr,
    flags: u32,
    (dev, ino): (u64, u64),
) -> SysResult {
    let guest_nonblock = flags & O_NONBLOCK != 0;
    let host_flags = p.abi.open_flags_to_host(flags) | libc::O_CLOEXEC | libc::O_NONBLOCK;
    let mode = c.args[3] as libc::c_uint;
    // SAFETY: valid NUL-terminated path.
    let fd = unsafe { libc::openat(dir, path.as_ptr(), host_flags, mode) };
    let acc = host_flags & libc::O_ACCMODE;
    if fd < 0 {
        let e = Errno::last_host();
        if e == ENXIO && acc == libc::O_WRONLY && !guest_nonblock {
            c.block = Some(Block {
                on: vec![WaitOn::Event(event(dev, ino, false))],
                deadline: None,
                args: c.args,
                done: 0,
                result: None,
            });
        }
        return Err(e);
    }
    if !guest_nonblock {
        // SAFETY: plain fcntl on our fresh fd.
        host_ret(
            unsafe { libc::fcntl(fd, libc::F_SETFL, host_flags & !libc::O_NONBLOCK) } as isize,
        )?;
    }
    // SAFETY: `fd` is fresh and owned by nobody else.
    let host = HostFd::Owned(unsafe { OwnedFd::from_raw_fd(fd) });
    let guest = p.fds.insert(host, flags & O_CLOEXEC != 0, 0)?;
    if acc != libc::O_WRONLY {
        c.notify.push(event(dev, ino, false));
    }
    if acc != libc::O_RDONLY {
        c.notify.push(event(dev, ino, true));
    }
    if acc == libc::O_RDONLY && !guest_nonblock && !writer_open(dev, ino, fd) {
        c.block = Some(Block {
            on: vec![
                WaitOn::Event(event(dev, ino, true)),
                WaitOn::Fd { fd, events: POLLIN },
            ],
            deadline: None,
            args: c.args,
            done: 0,
            result: Some(guest),
        });
        return Err(Errno::EAGAIN);
    }
    Ok(guest)
}
