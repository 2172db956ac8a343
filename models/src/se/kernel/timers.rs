//! Timers in simulated time: interval timers (`setitimer`, `getitimer`,
//! `alarm`), POSIX timers (`timer_create` and friends) and timer fds.
//!
//! Every armed timer has an expiry tick; [`Kernel::next_deadline`] includes
//! the earliest, so idle CPUs wake at it, and [`Kernel::fire_timers`] (run
//! wherever deadlines are checked) fires the due ones: a signal timer posts
//! its signal through [`Kernel::post_timer_signal`]; a timer fd adds its
//! expirations to the counter of the host eventfd that stands for it, so
//! `read` returns the count and `poll`/`epoll` see it readable like any other
//! host descriptor.

use super::Kernel;
use crate::se::abi::Errno;
use crate::se::blocking::{host_ready, mark_internal, POLLIN};
use crate::se::fd::HostFd;
use crate::se::syscalls::time::{clock_deadline, read_timespec, TICKS_PER_NS};
use crate::se::syscalls::Call;
use sim_core::Tick;
use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

const NS: u64 = 1_000_000_000;
const SIGALRM: i32 = 14;
const SIGVTALRM: i32 = 26;
const SIGPROF: i32 = 27;
const SIGEV_SIGNAL: i32 = 0;
const SIGEV_NONE: i32 = 1;
const SIGEV_THREAD_ID: i32 = 4;
/// `si_code` of a POSIX timer's signal.
const SI_TIMER: i32 = -2;
/// `si_code` of an interval timer's signal.
const SI_KERNEL: i32 = 0x80;
const TIMER_ABSTIME: u64 = 1;
/// `TFD_NONBLOCK | TFD_CLOEXEC` (the `O_` values on every supported ISA).
const TFD_FLAGS: u64 = 0o4000 | 0o2000000;

/// Which timer of a process.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TimerKey {
    /// `ITIMER_REAL` (0), `ITIMER_VIRTUAL` (1), `ITIMER_PROF` (2).
    Interval(u64),
    /// A POSIX timer by id.
    Posix(u64),
    /// A timer fd, by its host eventfd's inode.
    Fd(u64),
}

/// What a timer does when it expires.
pub(crate) enum Notify {
    /// Nothing (`SIGEV_NONE`): only its times can be read.
    Nothing,
    /// Post `signo` with `value` to the process, or to thread `tid`.
    Signal {
        signo: i32,
        value: u64,
        tid: Option<u64>,
        code: i32,
    },
    /// Add expirations to the counter of this host eventfd.
    Counter(OwnedFd),
}

/// One timer.
pub(crate) struct Timer {
    /// Next expiry (`None`: disarmed).
    pub next: Option<Tick>,
    /// Period in ticks (0: one-shot).
    pub interval: u64,
    /// Expirations not delivered as separate signals (`timer_getoverrun`).
    pub overrun: u64,
    /// The clock it was created on (absolute settings read it).
    pub clock: i32,
    /// What expiry does.
    pub notify: Notify,
}

impl Timer {
    /// Advance past `now`: how many expirations happened.
    fn expire(&mut self, now: Tick) -> u64 {
        let Some(next) = self.next else {
            return 0;
        };
        if next > now {
            return 0;
        }
        if self.interval == 0 {
            self.next = None;
            return 1;
        }
        let n = 1 + (now.0 - next.0) / self.interval;
        self.next = Some(Tick(next.0 + n * self.interval));
        n
    }

    /// `(interval, remaining)` in nanoseconds at `now`.
    fn times(&mut self, now: Tick) -> (u64, u64) {
        if matches!(self.notify, Notify::Nothing) {
            self.expire(now);
        }
        let left = self.next.map_or(0, |n| n.0.saturating_sub(now.0));
        (self.interval / TICKS_PER_NS, left.div_ceil(TICKS_PER_NS))
    }
}

/// Every timer, by process and key.
#[derive(Default)]
pub(crate) struct Timers {
    pub by_key: BTreeMap<(u64, TimerKey), Timer>,
    /// Next POSIX timer id per process.
    pub next_id: BTreeMap<u64, u64>,
}

/// Names of the calls this module handles.
pub(crate) const TIMER_CALLS: &[&str] = &[
    "setitimer",
    "getitimer",
    "alarm",
    "timer_create",
    "timer_settime",
    "timer_gettime",
    "timer_getoverrun",
    "timer_delete",
    "timerfd_create",
    "timerfd_settime",
    "timerfd_gettime",
];

fn timeval_ns(sec: u64, usec: u64) -> Result<u64, Errno> {
    if sec as i64 <= -1 || usec >= 1_000_000 {
        return Err(Errno::EINVAL);
    }
    Ok(sec.saturating_mul(NS).saturating_add(usec * 1000))
}

fn encode_pair(interval_ns: u64, value_ns: u64, micro: bool) -> [u8; 32] {
    let mut b = [0u8; 32];
    let div = if micro { 1000 } else { 1 };
    for (i, ns) in [interval_ns, value_ns].into_iter().enumerate() {
        b[i * 16..i * 16 + 8].copy_from_slice(&(ns / NS).to_le_bytes());
        b[i * 16 + 8..i * 16 + 16].copy_from_slice(&((ns % NS) / div).to_le_bytes());
    }
    b
}

/// The host inode of `fd` (a timer fd's key).
fn inode(fd: RawFd) -> Result<u64, Errno> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is valid for writing.
    if unsafe { libc::fstat(fd, &mut st) } < 0 {
        return Err(Errno::last_host());
    }
    Ok(st.st_ino)
}

impl Kernel {
    /// The earliest expiry of a timer that does something when it expires.
    pub(crate) fn next_timer(&self) -> Option<Tick> {
        self.timers
            .by_key
            .values()
            .filter(|t| !matches!(t.notify, Notify::Nothing))
            .filter_map(|t| t.next)
            .min()
    }

    /// Fire every timer due at `now`.
    pub(crate) fn fire_timers(&mut self, now: Tick) {
        if self.next_timer().is_none_or(|t| t > now) {
            return;
        }
        let mut signals = Vec::new();
        for (&(pid, key), t) in self.timers.by_key.iter_mut() {
            if matches!(t.notify, Notify::Nothing) {
                continue;
            }
            let n = t.expire(now);
            if n == 0 {
                continue;
            }
            match &t.notify {
                Notify::Nothing => {}
                Notify::Signal {
                    signo,
                    value,
                    tid,
                    code,
                } => {
                    t.overrun = n - 1;
                    let timer = match key {
                        TimerKey::Posix(id) => Some((id, n - 1)),
                        _ => None,
                    };
                    signals.push((pid, *tid, *signo, timer, *value, *code));
                }
                Notify::Counter(fd) => {
                    let b = n.to_le_bytes();
                    // SAFETY: writing 8 bytes from a valid buffer to our eventfd.
                    unsafe { libc::write(fd.as_raw_fd(), b.as_ptr().cast(), 8) };
                }
            }
        }
        for (pid, tid, signo, timer, value, code) in signals {
            self.post_timer_signal(pid, tid, signo, timer, value, code);
        }
    }

    /// A timer of process `pid` expired: post `signo` (to thread `tid` if
    /// given) with a `siginfo` as Linux fills it (`si_code`, and for a POSIX
    /// timer its id, overrun count and `sigev_value`), through the signal
    /// delivery of [`super::signal`].
    pub(crate) fn post_timer_signal(
        &mut self,
        pid: u64,
        tid: Option<u64>,
        signo: i32,
        timer: Option<(u64, u64)>,
        value: u64,
        code: i32,
    ) {
        let mut b = [0u8; 128];
        b[0..4].copy_from_slice(&signo.to_le_bytes());
        b[8..12].copy_from_slice(&code.to_le_bytes());
        if let Some((id, overrun)) = timer {
            b[16..20].copy_from_slice(&(id as u32).to_le_bytes());
            b[20..24].copy_from_slice(&(overrun.min(i32::MAX as u64) as u32).to_le_bytes());
            b[24..32].copy_from_slice(&value.to_le_bytes());
        }
        let info = super::signal::SigInfo(b);
        match tid {
            Some(t) if self.threads.get(&t).is_some_and(|th| th.alive()) => {
                self.send_to_thread(t, info)
            }
            _ => self.send_to_process(pid, info, None),
        }
    }

    /// Handle timer call `name` by thread `tid`.
    pub(crate) fn timer_call(&mut self, tid: u64, name: &str, c: &Call) -> Result<u64, Errno> {
        let pid = self.threads[&tid].pid;
        self.fire_timers(c.now);
        match name {
            "setitimer" => self.setitimer(pid, c),
            "getitimer" => {
                let which = c.args[0];
                if which > 2 {
                    return Err(Errno::EINVAL);
                }
                let (i, v) = self.interval_times(pid, which, c.now);
                self.proc_mut(pid)
                    .space
                    .write_bytes(c.args[1], &encode_pair(i, v, true))?;
                Ok(0)
            }
            "alarm" => {
                let (_, old) = self.interval_times(pid, 0, c.now);
                let secs = c.args[0] as u32 as u64;
                self.arm(pid, TimerKey::Interval(0), c.now, secs * NS, 0, None);
                // Linux rounds the old remainder to the nearest second, at least 1.
                let mut old_secs = old / NS;
                if old % NS >= NS / 2 || (old > 0 && old_secs == 0) {
                    old_secs += 1;
                }
                Ok(old_secs)
            }
            "timer_create" => self.timer_create(pid, tid, c),
            "timer_settime" => {
                if c.args[1] & !TIMER_ABSTIME != 0 {
                    return Err(Errno::EINVAL);
                }
                let key = TimerKey::Posix(c.args[0] as u32 as u64);
                self.settime(pid, pid, key, c, 1, 2, 3)
            }
            "timer_gettime" => {
                let key = TimerKey::Posix(c.args[0] as u32 as u64);
                self.gettime(pid, pid, key, c)
            }
            "timer_getoverrun" => {
                let t = self
                    .timers
                    .by_key
                    .get(&(pid, TimerKey::Posix(c.args[0] as u32 as u64)))
                    .ok_or(Errno::EINVAL)?;
                Ok(t.overrun.min(i32::MAX as u64))
            }
            "timer_delete" => {
                let key = (pid, TimerKey::Posix(c.args[0] as u32 as u64));
                self.timers.by_key.remove(&key).ok_or(Errno::EINVAL)?;
                Ok(0)
            }
            "timerfd_create" => self.timerfd_create(pid, c),
            "timerfd_settime" => {
                let key = self.timerfd_key(pid, c.args[0])?;
                if let Some(Timer {
                    notify: Notify::Counter(fd),
                    ..
                }) = self.timers.by_key.get(&(0, key))
                {
                    // Re-arming resets the expiration count (read only when
                    // non-zero: the description may be blocking).
                    if host_ready(fd.as_raw_fd(), POLLIN) {
                        let mut b = [0u8; 8];
                        // SAFETY: reading 8 bytes into a valid buffer.
                        unsafe { libc::read(fd.as_raw_fd(), b.as_mut_ptr().cast(), 8) };
                    }
                }
                self.settime(pid, 0, key, c, 1, 2, 3)
            }
            "timerfd_gettime" => {
                let key = self.timerfd_key(pid, c.args[0])?;
                self.gettime(pid, 0, key, c)
            }
            _ => Err(Errno::ENOSYS),
        }
    }

    /// Interval timer `which` of `pid`: `(interval, remaining)` in ns.
    fn interval_times(&mut self, pid: u64, which: u64, now: Tick) -> (u64, u64) {
        self.timers
            .by_key
            .get_mut(&(pid, TimerKey::Interval(which)))
            .map_or((0, 0), |t| t.times(now))
    }

    /// Arm (`value_ns` > 0) or disarm timer `key` of `pid`, relative to `now`.
    fn arm(
        &mut self,
        pid: u64,
        key: TimerKey,
        now: Tick,
        value_ns: u64,
        interval_ns: u64,
        notify: Option<Notify>,
    ) {
        let next = (value_ns > 0).then(|| Tick(now.0 + value_ns.saturating_mul(TICKS_PER_NS)));
        let t = self
            .timers
            .by_key
            .entry((pid, key))
            .or_insert_with(|| Timer {
                next: None,
                interval: 0,
                overrun: 0,
                clock: 0,
                notify: Notify::Nothing,
            });
        t.next = next;
        t.interval = interval_ns.saturating_mul(TICKS_PER_NS);
        t.overrun = 0;
        if let Some(n) = notify {
            t.notify = n;
        }
    }

    fn setitimer(&mut self, pid: u64, c: &Call) -> Result<u64, Errno> {
        let which = c.args[0];
        let signo = match which {
            0 => SIGALRM,
            1 => SIGVTALRM,
            2 => SIGPROF,
            _ => return Err(Errno::EINVAL),
        };
        let (interval, value) = if c.args[1] == 0 {
            (0, 0)
        } else {
            let raw = self.proc_mut(pid).space.read_vec(c.args[1], 32)?;
            let w = |i: usize| u64::from_le_bytes(raw[i * 8..i * 8 + 8].try_into().unwrap());
            (timeval_ns(w(0), w(1))?, timeval_ns(w(2), w(3))?)
        };
        let (oi, ov) = self.interval_times(pid, which, c.now);
        if c.args[2] != 0 {
            self.proc_mut(pid)
                .space
                .write_bytes(c.args[2], &encode_pair(oi, ov, true))?;
        }
        let notify = Notify::Signal {
            signo,
            value: 0,
            tid: None,
            code: SI_KERNEL,
        };
        self.arm(
            pid,
            TimerKey::Interval(which),
            c.now,
            value,
            interval,
            Some(notify),
        );
        Ok(0)
    }

    fn timer_create(&mut self, pid: u64, _tid: u64, c: &Call) -> Result<u64, Errno> {
        let clock = c.int(0);
        if !matches!(clock, 0..=2 | 7..=9 | 11) && clock >= 0 {
            return Err(Errno::EINVAL);
        }
        let id = *self.timers.next_id.get(&pid).unwrap_or(&0);
        let notify = if c.args[1] == 0 {
            Notify::Signal {
                signo: SIGALRM,
                value: id,
                tid: None,
                code: SI_TIMER,
            }
        } else {
            let raw = self.proc_mut(pid).space.read_vec(c.args[1], 20)?;
            let value = u64::from_le_bytes(raw[0..8].try_into().unwrap());
            let signo = i32::from_le_bytes(raw[8..12].try_into().unwrap());
            let how = i32::from_le_bytes(raw[12..16].try_into().unwrap());
            let target = i32::from_le_bytes(raw[16..20].try_into().unwrap()) as u64;
            let valid_sig = (1..=64).contains(&signo);
            match how {
                SIGEV_NONE => Notify::Nothing,
                SIGEV_SIGNAL if valid_sig => Notify::Signal {
                    signo,
                    value,
                    tid: None,
                    code: SI_TIMER,
                },
                SIGEV_THREAD_ID
                    if valid_sig
                        && self
                            .threads
                            .get(&target)
                            .is_some_and(|t| t.pid == pid && t.alive()) =>
                {
                    Notify::Signal {
                        signo,
                        value,
                        tid: Some(target),
                        code: SI_TIMER,
                    }
                }
                _ => return Err(Errno::EINVAL),
            }
        };
        self.proc_mut(pid).space.write_u32(c.args[2], id as u32)?;
        self.timers.next_id.insert(pid, id + 1);
        self.timers.by_key.insert(
            (pid, TimerKey::Posix(id)),
            Timer {
                next: None,
                interval: 0,
                overrun: 0,
                clock,
                notify,
            },
        );
        Ok(0)
    }

    /// `timer_settime`/`timerfd_settime`: flags in arg `fa`, new value at arg
    /// `na`, old value out at arg `oa`. Process `pid`'s memory holds the
    /// structures; timer fds are kept under pid 0 (shared across processes).
    #[allow(clippy::too_many_arguments)]
    fn settime(
        &mut self,
        caller: u64,
        owner: u64,
        key: TimerKey,
        c: &Call,
        fa: usize,
        na: usize,
        oa: usize,
    ) -> Result<u64, Errno> {
        let flags = c.args[fa];
        let (interval, value) = {
            let p = self.proc_mut(caller);
            (
                read_timespec(p, c.args[na])?,
                read_timespec(p, c.args[na] + 16)?,
            )
        };
        let t = self
            .timers
            .by_key
            .get_mut(&(owner, key))
            .ok_or(Errno::EINVAL)?;
        let (oi, ov) = t.times(c.now);
        let next = if value == 0 {
            None
        } else if flags & TIMER_ABSTIME != 0 {
            Some(clock_deadline(t.clock, value).max(c.now))
        } else {
            Some(Tick(c.now.0 + value.saturating_mul(TICKS_PER_NS)))
        };
        t.next = next;
        t.interval = interval.saturating_mul(TICKS_PER_NS);
        t.overrun = 0;
        if c.args[oa] != 0 {
            self.proc_mut(caller)
                .space
                .write_bytes(c.args[oa], &encode_pair(oi, ov, false))?;
        }
        // An absolute time already passed fires at once.
        self.fire_timers(c.now);
        Ok(0)
    }

    fn gettime(&mut self, caller: u64, owner: u64, key: TimerKey, c: &Call) -> Result<u64, Errno> {
        let t = self
            .timers
            .by_key
            .get_mut(&(owner, key))
            .ok_or(Errno::EINVAL)?;
        let (i, v) = t.times(c.now);
        self.proc_mut(caller)
            .space
            .write_bytes(c.args[1], &encode_pair(i, v, false))?;
        Ok(0)
    }

    fn timerfd_create(&mut self, pid: u64, c: &Call) -> Result<u64, Errno> {
        let clock = c.int(0);
        let flags = c.args[1];
        if !matches!(clock, 0 | 1 | 7 | 8 | 9) || flags & !TFD_FLAGS != 0 {
            return Err(Errno::EINVAL);
        }
        let nonblock = if flags & 0o4000 != 0 {
            libc::EFD_NONBLOCK
        } else {
            0
        };
        // SAFETY: plain eventfd creation.
        let guest = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | nonblock) };
        if guest < 0 {
            return Err(Errno::last_host());
        }
        // SAFETY: `guest` is a fresh fd nobody else owns.
        let guest = unsafe { OwnedFd::from_raw_fd(guest) };
        mark_internal(guest.as_raw_fd());
        let ino = inode(guest.as_raw_fd())?;
        // The kernel's own handle, to add expirations.
        let own = guest.try_clone().map_err(Errno::from)?;
        let fd = self
            .proc_mut(pid)
            .fds
            .insert(HostFd::Owned(guest), flags & 0o2000000 != 0, 0)?;
        self.timers.by_key.insert(
            (0, TimerKey::Fd(ino)),
            Timer {
                next: None,
                interval: 0,
                overrun: 0,
                clock,
                notify: Notify::Counter(own),
            },
        );
        Ok(fd)
    }

    /// The key of guest fd `fd` of `pid` if it is a timer fd, else `EINVAL`
    /// (`EBADF` if not open).
    fn timerfd_key(&mut self, pid: u64, fd: u64) -> Result<TimerKey, Errno> {
        let host = self.proc_mut(pid).fds.host(fd)?;
        let key = TimerKey::Fd(inode(host)?);
        if self.timers.by_key.contains_key(&(0, key)) {
            Ok(key)
        } else {
            Err(Errno::EINVAL)
        }
    }
}
