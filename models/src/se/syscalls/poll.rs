//! Waiting on several descriptors: `poll`, `ppoll`, `select`, `pselect6`, the
//! `epoll_*` calls, and `eventfd`.
//!
//! Guest fds translate to host fds and readiness is asked of the host with
//! time-out 0; when nothing is ready and the guest allows waiting, the call
//! blocks on all of the host fds at once, with its time-out as the deadline
//! (see [`crate::se::blocking`]), and runs again when one is ready. An epoll
//! instance is a host epoll whose interest list holds the host fds, so
//! level- and edge-triggered modes, `EPOLLONESHOT` and `EPOLLEXCLUSIVE` are
//! the host's; an eventfd is a host eventfd (`EFD_SEMAPHORE` included).

use super::time::{read_timespec, TICKS_PER_NS};
use super::{Call, SysResult};
use crate::se::abi::{Errno, GuestAbi, O_CLOEXEC};
use crate::se::blocking::{host_poll_now, mark_internal, Block, WaitOn, POLLIN};
use crate::se::fd::{HostFd, MAX_FDS};
use crate::se::process::Process;
use sim_core::Tick;
use std::os::fd::{FromRawFd, RawFd};

const POLLPRI: i16 = 0x2;
const POLLOUT: i16 = 0x4;
const POLLERR: i16 = 0x8;
const POLLHUP: i16 = 0x10;
const POLLNVAL: i16 = 0x20;
/// What makes an fd readable, writable or exceptional for `select` (Linux's
/// `POLLIN_SET`, `POLLOUT_SET`, `POLLEX_SET`).
const SELECT_IN: i16 = 0x1 | 0x40 | 0x80 | POLLHUP | POLLERR;
const SELECT_OUT: i16 = POLLOUT | 0x100 | 0x200 | POLLERR;
const SELECT_EX: i16 = POLLPRI;
const NS_PER_MS: u64 = 1_000_000;

/// A time-out: `None` waits forever; `Some(0)` polls.
type Timeout = Option<u64>;

/// The deadline of a wait of `timeout` ns from `now`.
fn deadline(now: Tick, timeout_ns: Timeout) -> Option<Tick> {
    timeout_ns.map(|ns| Tick(now.0.saturating_add(ns.saturating_mul(TICKS_PER_NS))))
}

/// Whether the call must wait now (nothing ready): sets its block on `fds`.
fn wait_on(c: &mut Call, fds: &[(RawFd, i16)], timeout: Timeout) -> bool {
    if !c.may_block || c.timed_out || timeout == Some(0) {
        return false;
    }
    c.block = Some(Block {
        on: fds
            .iter()
            .map(|&(fd, events)| WaitOn::Fd { fd, events })
            .collect(),
        deadline: deadline(c.now, timeout),
        args: c.args,
        done: 0,
        result: None,
    });
    true
}

/// `poll` on guest `pollfd`s at `addr`: `(host fds, results)`; entries with a
/// negative fd are skipped, closed fds report `POLLNVAL`.
fn do_poll(p: &mut Process, c: &mut Call, addr: u64, nfds: u64, timeout: Timeout) -> SysResult {
    if nfds > MAX_FDS as u64 {
        return Err(Errno::EINVAL);
    }
    let raw = p.space.read_vec(addr, nfds as usize * 8)?;
    let mut host = Vec::with_capacity(nfds as usize);
    for e in raw.chunks(8) {
        let fd = i32::from_le_bytes(e[0..4].try_into().unwrap());
        let events = i16::from_le_bytes(e[4..6].try_into().unwrap());
        let hfd = if fd < 0 {
            -1
        } else {
            p.fds.host(fd as u64).unwrap_or(-2)
        };
        host.push(libc::pollfd {
            fd: hfd.max(-1),
            events: events | POLLERR | POLLHUP,
            revents: if hfd == -2 { POLLNVAL } else { 0 },
        });
    }
    let mut polled = host.clone();
    for h in polled.iter_mut().filter(|h| h.revents == POLLNVAL) {
        h.fd = -1;
    }
    host_poll_now(&mut polled);
    let mut ready = 0u64;
    let mut out = raw.clone();
    for (i, (h, orig)) in polled.iter().zip(&host).enumerate() {
        let want = i16::from_le_bytes(raw[i * 8 + 4..i * 8 + 6].try_into().unwrap());
        let rev = if orig.revents == POLLNVAL {
            POLLNVAL
        } else {
            h.revents & (want | POLLERR | POLLHUP | POLLNVAL)
        };
        if rev != 0 {
            ready += 1;
        }
        out[i * 8 + 6..i * 8 + 8].copy_from_slice(&rev.to_le_bytes());
    }
    if ready == 0 {
        let fds: Vec<(RawFd, i16)> = host
            .iter()
            .filter(|h| h.fd >= 0)
            .map(|h| (h.fd, h.events))
            .collect();
        if wait_on(c, &fds, timeout) {
            return Err(Errno::EINTR);
        }
    }
    p.space.write_bytes(addr, &out)?;
    Ok(ready)
}

pub(super) fn poll(p: &mut Process, c: &mut Call) -> SysResult {
    let ms = c.int(2);
    let timeout = (ms >= 0).then(|| ms as u64 * NS_PER_MS);
    do_poll(p, c, c.args[0], c.args[1], timeout)
}

pub(super) fn ppoll(p: &mut Process, c: &mut Call) -> SysResult {
    let timeout = if c.args[2] == 0 {
        None
    } else {
        Some(read_timespec(p, c.args[2])?)
    };
    let r = do_poll(p, c, c.args[0], c.args[1], timeout);
    if r == Ok(0) && c.args[2] != 0 {
        // Linux writes back the time left: none.
        p.space.write_bytes(c.args[2], &[0; 16])?;
    }
    r
}

/// `select` over fd sets at `sets` (read, write, except; 0 = none).
fn do_select(
    p: &mut Process,
    c: &mut Call,
    nfds: u64,
    sets: [u64; 3],
    timeout: Timeout,
) -> SysResult {
    if nfds > MAX_FDS as u64 {
        return Err(Errno::EINVAL);
    }
    let words = nfds.div_ceil(64) as usize;
    let mut bits = [vec![0u64; words], vec![0u64; words], vec![0u64; words]];
    for (k, &addr) in sets.iter().enumerate() {
        if addr != 0 && words > 0 {
            let raw = p.space.read_vec(addr, words * 8)?;
            for (w, b) in raw.chunks(8).enumerate() {
                bits[k][w] = u64::from_le_bytes(b.try_into().unwrap());
            }
        }
    }
    let masks = [SELECT_IN, SELECT_OUT, SELECT_EX];
    let events = [POLLIN, POLLOUT, POLLPRI];
    let mut polled: Vec<(u64, libc::pollfd)> = Vec::new();
    for fd in 0..nfds {
        let (w, b) = ((fd / 64) as usize, fd % 64);
        let mut ev = 0;
        for k in 0..3 {
            if bits[k][w] >> b & 1 != 0 {
                ev |= events[k];
            }
        }
        if ev != 0 {
            let host = p.fds.host(fd)?;
            polled.push((
                fd,
                libc::pollfd {
                    fd: host,
                    events: ev,
                    revents: 0,
                },
            ));
        }
    }
    let mut pfds: Vec<libc::pollfd> = polled.iter().map(|&(_, h)| h).collect();
    host_poll_now(&mut pfds);
    let mut out = [vec![0u64; words], vec![0u64; words], vec![0u64; words]];
    let mut count = 0;
    for ((fd, _), h) in polled.iter().zip(&pfds) {
        let (w, b) = ((fd / 64) as usize, fd % 64);
        for k in 0..3 {
            if bits[k][w] >> b & 1 != 0 && h.revents & masks[k] != 0 {
                out[k][w] |= 1 << b;
                count += 1;
            }
        }
    }
    if count == 0 {
        let fds: Vec<(RawFd, i16)> = pfds.iter().map(|h| (h.fd, h.events)).collect();
        if wait_on(c, &fds, timeout) {
            return Err(Errno::EINTR);
        }
    }
    for (k, &addr) in sets.iter().enumerate() {
        if addr != 0 && words > 0 {
            let bytes: Vec<u8> = out[k].iter().flat_map(|w| w.to_le_bytes()).collect();
            p.space.write_bytes(addr, &bytes)?;
        }
    }
    Ok(count)
}

pub(super) fn pselect6(p: &mut Process, c: &mut Call) -> SysResult {
    let timeout = if c.args[4] == 0 {
        None
    } else {
        Some(read_timespec(p, c.args[4])?)
    };
    let r = do_select(p, c, c.args[0], [c.args[1], c.args[2], c.args[3]], timeout);
    if r == Ok(0) && c.args[4] != 0 {
        p.space.write_bytes(c.args[4], &[0; 16])?;
    }
    r
}

pub(super) fn select(p: &mut Process, c: &mut Call) -> SysResult {
    let timeout = if c.args[4] == 0 {
        None
    } else {
        let sec = p.space.read_u64(c.args[4])? as i64;
        let usec = p.space.read_u64(c.args[4] + 8)? as i64;
        if sec < 0 || !(0..1_000_000).contains(&usec) {
            return Err(Errno::EINVAL);
        }
        Some(sec as u64 * 1_000_000_000 + usec as u64 * 1000)
    };
    let r = do_select(p, c, c.args[0], [c.args[1], c.args[2], c.args[3]], timeout);
    if r == Ok(0) && c.args[4] != 0 {
        p.space.write_bytes(c.args[4], &[0; 16])?;
    }
    r
}

/// Install a fresh host fd `fd` as a guest fd (close-on-exec per `cloexec`).
fn install(p: &mut Process, fd: RawFd, cloexec: bool) -> SysResult {
    if fd < 0 {
        return Err(Errno::last_host());
    }
    // SAFETY: `fd` is a fresh host fd nobody else owns.
    let host = HostFd::Owned(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) });
    p.fds.insert(host, cloexec, 0)
}

pub(super) fn epoll_create1(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[0] as u32 & !O_CLOEXEC != 0 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: plain call.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    install(p, fd, c.args[0] as u32 & O_CLOEXEC != 0)
}

pub(super) fn epoll_create(p: &mut Process, c: &mut Call) -> SysResult {
    if c.int(0) <= 0 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: plain call.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    install(p, fd, false)
}

/// Bytes of a guest `struct epoll_event` (packed on x86-64 only) and the
/// offset of its `data`.
fn event_layout(p: &Process) -> (usize, usize) {
    if matches!(p.abi, GuestAbi::X86_64) {
        (12, 4)
    } else {
        (16, 8)
    }
}

pub(super) fn epoll_ctl(p: &mut Process, c: &mut Call) -> SysResult {
    const EPOLL_CTL_DEL: i32 = 2;
    let epfd = p.fds.host(c.args[0])?;
    let fd = p.fds.host(c.args[2])?;
    let op = c.int(1);
    let mut ev = libc::epoll_event { events: 0, u64: 0 };
    if op != EPOLL_CTL_DEL {
        let (size, data) = event_layout(p);
        let raw = p.space.read_vec(c.args[3], size)?;
        ev.events = u32::from_le_bytes(raw[0..4].try_into().unwrap());
        ev.u64 = u64::from_le_bytes(raw[data..data + 8].try_into().unwrap());
    }
    if epfd == fd {
        return Err(Errno::EINVAL);
    }
    // SAFETY: `ev` is a valid epoll_event.
    let r = unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) };
    if r < 0 {
        return Err(Errno::last_host());
    }
    Ok(0)
}

/// `epoll_wait` on guest `epfd` for at most `max` events into `out`.
fn do_epoll_wait(p: &mut Process, c: &mut Call, max: i32, timeout: Timeout) -> SysResult {
    let epfd = p.fds.host(c.args[0])?;
    let (size, data) = event_layout(p);
    if max <= 0 || max as usize > i32::MAX as usize / size {
        return Err(Errno::EINVAL);
    }
    let max = (max as usize).min(4096);
    p.space
        .check(c.args[1], max * size, sim_core::arch::MemAccess::Store)?;
    let mut evs = vec![libc::epoll_event { events: 0, u64: 0 }; max];
    // SAFETY: `evs` has room for `max` events.
    let n = unsafe { libc::epoll_wait(epfd, evs.as_mut_ptr(), max as i32, 0) };
    if n < 0 {
        return Err(Errno::last_host());
    }
    if n == 0 && wait_on(c, &[(epfd, POLLIN)], timeout) {
        return Err(Errno::EINTR);
    }
    let mut out = vec![0u8; n as usize * size];
    for (i, e) in evs[..n as usize].iter().enumerate() {
        let (events, value) = (e.events, e.u64);
        out[i * size..i * size + 4].copy_from_slice(&events.to_le_bytes());
        out[i * size + data..i * size + data + 8].copy_from_slice(&value.to_le_bytes());
    }
    p.space.write_bytes(c.args[1], &out)?;
    Ok(n as u64)
}

fn ms_timeout(ms: i32) -> Timeout {
    (ms >= 0).then(|| ms as u64 * NS_PER_MS)
}

pub(super) fn epoll_wait(p: &mut Process, c: &mut Call) -> SysResult {
    do_epoll_wait(p, c, c.int(2), ms_timeout(c.int(3)))
}

pub(super) fn epoll_pwait(p: &mut Process, c: &mut Call) -> SysResult {
    do_epoll_wait(p, c, c.int(2), ms_timeout(c.int(3)))
}

pub(super) fn epoll_pwait2(p: &mut Process, c: &mut Call) -> SysResult {
    let timeout = if c.args[3] == 0 {
        None
    } else {
        Some(read_timespec(p, c.args[3])?)
    };
    do_epoll_wait(p, c, c.int(2), timeout)
}

/// `EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC` (host values equal the guest's).
const EFD_FLAGS: u32 = 1 | 0o4000 | 0o2000000;

pub(super) fn eventfd2(p: &mut Process, c: &mut Call) -> SysResult {
    let flags = c.args[1] as u32;
    if flags & !EFD_FLAGS != 0 {
        return Err(Errno::EINVAL);
    }
    let host_flags = (flags & (1 | 0o4000)) as i32 | libc::EFD_CLOEXEC;
    // SAFETY: plain call.
    let fd = unsafe { libc::eventfd(c.args[0] as u32, host_flags) };
    if fd >= 0 {
        mark_internal(fd);
    }
    install(p, fd, flags & O_CLOEXEC != 0)
}

pub(super) fn eventfd(p: &mut Process, c: &mut Call) -> SysResult {
    c.args[1] = 0;
    eventfd2(p, c)
}
