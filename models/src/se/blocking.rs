//! Blocking system calls as a handler sees them.
//!
//! A handler runs inside the kernel's lock and must never block the host. When
//! a call cannot complete yet (a read of an empty pipe, a sleep, a `poll` with
//! nothing ready) and the guest asked to wait, the handler describes what it
//! waits for in a [`Block`] (stored in [`Call::block`](super::syscalls::Call))
//! and returns; the [`SeKernel`](super::SeKernel) deschedules the calling
//! thread and runs the call again with the arguments the `Block` holds when
//! one of the awaited things happens, or with
//! [`Call::timed_out`](super::syscalls::Call) set once its deadline passes.
//!
//! Descriptors are host fds (pipes, socket pairs, eventfds, sockets), so their
//! readiness is the host's: the kernel polls the awaited host fds (time-out 0)
//! after every system call, which is exactly when guest activity can change
//! them, and blocks in a host `poll` only when every guest thread waits.
//!
//! Objects the guest created for itself (pipes, socket pairs, eventfds, timer
//! fds) are *internal*: only a guest thread can make them ready. When every
//! thread waits on internal objects only, with no deadline, nothing can ever
//! wake them: the run ends in deadlock instead of hanging the host.

use super::abi::Errno;
use sim_core::Tick;
use std::collections::BTreeSet;
use std::os::fd::RawFd;
use std::sync::Mutex;

/// `poll` event bits (the same on every Linux ISA and on the host).
pub(crate) const POLLIN: i16 = 0x1;
/// Writable.
pub(crate) const POLLOUT: i16 = 0x4;

/// One thing a blocked call waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WaitOn {
    /// Host fd `fd` becomes ready for any of `events` (or hangs up, or errs).
    Fd {
        /// The host fd.
        fd: RawFd,
        /// `POLLIN`, `POLLOUT`, ... as `poll` takes them.
        events: i16,
    },
    /// The kernel event `key` is posted (see [`Call::notify`](super::syscalls::Call)).
    Event(u64),
}

/// What a call that cannot complete now waits for, and how to resume it.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// Any of these makes the call worth running again.
    pub on: Vec<WaitOn>,
    /// Simulated time at which the call is run again with `timed_out` set.
    /// On a re-run the kernel keeps the first attempt's deadline.
    pub deadline: Option<Tick>,
    /// Arguments of the next attempt (a partial transfer advances its buffer).
    pub args: [u64; 6],
    /// Bytes already moved by this attempt (added to the final result).
    pub done: u64,
}

impl Block {
    /// Wait for host fd `fd` to be ready for `events`, then run with `args`.
    pub(crate) fn on_fd(fd: RawFd, events: i16, args: [u64; 6]) -> Block {
        Block {
            on: vec![WaitOn::Fd { fd, events }],
            deadline: None,
            args,
            done: 0,
        }
    }

    /// Wait until `deadline` only.
    pub(crate) fn until(deadline: Tick, args: [u64; 6]) -> Block {
        Block {
            on: Vec::new(),
            deadline: Some(deadline),
            args,
            done: 0,
        }
    }
}

/// Host `poll` with time-out 0: the events of `fds` that are ready now
/// (`revents`, including `POLLHUP`/`POLLERR`/`POLLNVAL`).
pub(crate) fn host_poll_now(fds: &mut [libc::pollfd]) -> usize {
    host_poll(fds, 0)
}

/// Host `poll` waiting up to `timeout_ms` (-1: forever), retried on `EINTR`.
/// Returns how many fds have events.
pub(crate) fn host_poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> usize {
    loop {
        // SAFETY: `fds` is a valid array of its length.
        let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
        if r >= 0 {
            return r as usize;
        }
        if Errno::last_host() != Errno::EINTR {
            return 0;
        }
    }
}

/// Whether host fd `fd` is ready for `events` now (hang-up and errors count:
/// the call then completes with EOF or the error).
pub(crate) fn host_ready(fd: RawFd, events: i16) -> bool {
    let mut p = [libc::pollfd {
        fd,
        events,
        revents: 0,
    }];
    host_poll_now(&mut p) > 0
}

/// Whether host fd `fd` is in non-blocking mode (the guest's `O_NONBLOCK`
/// lives in the host open file description, shared by dups and forks).
pub(crate) fn host_nonblocking(fd: RawFd) -> bool {
    // SAFETY: plain fcntl on a host fd.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    fl >= 0 && fl & libc::O_NONBLOCK != 0
}

/// Run `op` with host fd `fd` in non-blocking mode, restoring its flags after
/// (the kernel lock serializes every guest use of the description). Also says
/// whether the mode was switched (false: the fd was non-blocking already, the
/// guest's choice). `op`'s result and errno are kept.
pub(crate) fn nonblocking<T>(fd: RawFd, op: impl FnOnce() -> T) -> (T, bool) {
    // SAFETY: plain fcntl calls on a host fd.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 || fl & libc::O_NONBLOCK != 0 {
        return (op(), false);
    }
    // SAFETY: as above.
    unsafe { libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK) };
    let r = op();
    let err = std::io::Error::last_os_error();
    // SAFETY: as above.
    unsafe { libc::fcntl(fd, libc::F_SETFL, fl) };
    if let Some(e) = err.raw_os_error() {
        // SAFETY: errno is thread-local.
        unsafe { *libc::__errno_location() = e };
    }
    (r, true)
}

/// Host objects (device, inode) the guest created for itself: pipes, socket
/// pairs, eventfds, timer fds. Inode numbers of these anonymous objects are
/// not reused while the host runs, so the set only grows.
static INTERNAL: Mutex<BTreeSet<(u64, u64)>> = Mutex::new(BTreeSet::new());

fn identity(fd: RawFd) -> Option<(u64, u64)> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is valid for writing.
    if unsafe { libc::fstat(fd, &mut st) } < 0 {
        return None;
    }
    Some((st.st_dev, st.st_ino))
}

/// Record host fd `fd` as a guest-internal object.
pub(crate) fn mark_internal(fd: RawFd) {
    if let Some(id) = identity(fd) {
        INTERNAL
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id);
    }
}

/// Whether host fd `fd` is a guest-internal object (only guest threads can
/// make it ready).
pub(crate) fn is_internal(fd: RawFd) -> bool {
    identity(fd).is_some_and(|id| {
        INTERNAL
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&id)
    })
}
