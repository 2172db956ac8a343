//! Futexes: wait queues keyed as Linux keys them, and the `futex` syscall
//! operations glibc uses (WAIT, WAKE, their BITSET forms, REQUEUE, CMP_REQUEUE,
//! WAKE_OP). PI futexes are not supported (`ENOSYS`).
//!
//! # Keys
//!
//! Linux's `get_futex_key`: a futex used with `FUTEX_PRIVATE_FLAG`, or one in
//! memory private to its address space, is keyed by (address space, virtual
//! address); a futex without the flag in memory several address spaces map
//! (`MAP_SHARED` anonymous memory kept across `fork`, a shared file mapping) is
//! keyed by what backs it, so two processes that map the same page at
//! different addresses meet on the same queue. Here such pages are one
//! physical frame for every space mapping them, so the frame's address and the
//! offset in it are the key ([`Key::Shared`]). Process-shared `pthread`
//! mutexes, condition variables and semaphores rely on this.

use super::thread::Run;
use super::Kernel;
use crate::se::abi::Errno;
use crate::se::syscalls::time::EPOCH_BASE_SECS;
use crate::se::syscalls::Call;
use sim_core::Tick;
use std::collections::{BTreeMap, VecDeque};

const FUTEX_WAIT: u64 = 0;
const FUTEX_WAKE: u64 = 1;
const FUTEX_REQUEUE: u64 = 3;
const FUTEX_CMP_REQUEUE: u64 = 4;
const FUTEX_WAKE_OP: u64 = 5;
const FUTEX_WAIT_BITSET: u64 = 9;
const FUTEX_WAKE_BITSET: u64 = 10;
const FUTEX_PRIVATE_FLAG: u64 = 128;
const FUTEX_CLOCK_REALTIME: u64 = 256;
/// The bitset plain WAIT/WAKE use.
pub(super) const MATCH_ANY: u32 = u32::MAX;
const NS_PER_SEC: u64 = 1_000_000_000;
const TICKS_PER_NS: u64 = 1000;

/// A futex queue's key.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    /// A futex in one address space: the process (its address space) and the
    /// virtual address of the 32-bit word.
    Private(u64, u64),
    /// A futex in memory shared between address spaces: the physical address of
    /// the word.
    Shared(u64),
}

/// One waiting thread.
#[derive(Copy, Clone, Debug)]
struct Waiter {
    tid: u64,
    bitset: u32,
}

/// Every futex wait queue (FIFO per futex, so wake order is deterministic).
#[derive(Default)]
pub(crate) struct Futexes {
    queues: BTreeMap<Key, VecDeque<Waiter>>,
}

impl Futexes {
    fn push(&mut self, key: Key, w: Waiter) {
        self.queues.entry(key).or_default().push_back(w);
    }

    /// Remove up to `n` waiters of `key` whose bitset meets `mask`, oldest first.
    fn take(&mut self, key: Key, n: u64, mask: u32) -> Vec<u64> {
        let Some(q) = self.queues.get_mut(&key) else {
            return Vec::new();
        };
        let mut taken = Vec::new();
        q.retain(|w| {
            let take = (taken.len() as u64) < n && w.bitset & mask != 0;
            if take {
                taken.push(w.tid);
            }
            !take
        });
        if q.is_empty() {
            self.queues.remove(&key);
        }
        taken
    }

    /// Move up to `n` waiters from `from` to the back of `to`.
    fn requeue(&mut self, from: Key, to: Key, n: u64) -> u64 {
        let moved: Vec<Waiter> = match self.queues.get_mut(&from) {
            Some(q) => {
                let k = (n.min(q.len() as u64)) as usize;
                q.drain(..k).collect()
            }
            None => return 0,
        };
        if self.queues.get(&from).is_some_and(|q| q.is_empty()) {
            self.queues.remove(&from);
        }
        let count = moved.len() as u64;
        for w in moved {
            self.push(to, w);
        }
        count
    }

    /// Forget `tid` wherever it waits (it timed out or died).
    pub(crate) fn remove(&mut self, tid: u64) {
        self.queues.retain(|_, q| {
            q.retain(|w| w.tid != tid);
            !q.is_empty()
        });
    }
}

/// What a futex call did to its caller.
pub(crate) enum FutexResult {
    /// Returns at once with this value.
    Done(Result<u64, Errno>),
    /// The caller now waits (blocked; its return value comes with the wake-up).
    Blocked,
}

impl Kernel {
    /// `futex(uaddr, op, val, timeout_or_val2, uaddr2, val3)` by thread `tid`.
    pub(crate) fn futex(&mut self, tid: u64, c: &Call) -> FutexResult {
        let [uaddr, op, val, timeout, uaddr2, val3] = c.args;
        let pid = self.threads[&tid].pid;
        if uaddr % 4 != 0 {
            return FutexResult::Done(Err(Errno::EINVAL));
        }
        let realtime = op & FUTEX_CLOCK_REALTIME != 0;
        let private = op & FUTEX_PRIVATE_FLAG != 0;
        let cmd = op & !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        let done = FutexResult::Done;
        let key = match self.futex_key(pid, uaddr, private) {
            Ok(k) => k,
            Err(e) => return done(Err(e)),
        };
        match cmd {
            FUTEX_WAIT => self.wait(
                tid,
                (pid, uaddr, key),
                val as u32,
                MATCH_ANY,
                timeout,
                None,
                c.now,
            ),
            FUTEX_WAIT_BITSET if val3 as u32 == 0 => done(Err(Errno::EINVAL)),
            FUTEX_WAIT_BITSET => {
                let base = if realtime {
                    EPOCH_BASE_SECS * NS_PER_SEC
                } else {
                    0
                };
                self.wait(
                    tid,
                    (pid, uaddr, key),
                    val as u32,
                    val3 as u32,
                    timeout,
                    Some(base),
                    c.now,
                )
            }
            FUTEX_WAKE => done(Ok(self.wake(key, val, MATCH_ANY))),
            FUTEX_WAKE_BITSET if val3 as u32 == 0 => done(Err(Errno::EINVAL)),
            FUTEX_WAKE_BITSET => done(Ok(self.wake(key, val, val3 as u32))),
            FUTEX_REQUEUE | FUTEX_CMP_REQUEUE => {
                if cmd == FUTEX_CMP_REQUEUE {
                    match self.read_futex(pid, uaddr) {
                        Ok(v) if v == val3 as u32 => {}
                        Ok(_) => return done(Err(Errno::EAGAIN)),
                        Err(e) => return done(Err(e)),
                    }
                }
                if uaddr2 % 4 != 0 {
                    return done(Err(Errno::EINVAL));
                }
                let key2 = match self.futex_key(pid, uaddr2, private) {
                    Ok(k) => k,
                    Err(e) => return done(Err(e)),
                };
                let woken = self.wake(key, val, MATCH_ANY);
                let moved = self.futexes.requeue(key, key2, timeout);
                done(Ok(woken + moved))
            }
            FUTEX_WAKE_OP => done(self.wake_op(pid, key, private, c)),
            _ => done(Err(Errno::ENOSYS)),
        }
    }

    /// The key of the futex word at `uaddr` of process `pid` (`private`: used
    /// with `FUTEX_PRIVATE_FLAG`). A shared page is given its frame now if it has
    /// none, so every space agrees on it.
    pub(crate) fn futex_key(&mut self, pid: u64, uaddr: u64, private: bool) -> Result<Key, Errno> {
        if private {
            return Ok(Key::Private(pid, uaddr));
        }
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        match p.space.shared_phys(uaddr) {
            Some(Ok(pa)) => Ok(Key::Shared(pa)),
            Some(Err(e)) => Err(e.into()),
            None => Ok(Key::Private(pid, uaddr)),
        }
    }

    fn read_futex(&mut self, pid: u64, uaddr: u64) -> Result<u32, Errno> {
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        Ok(p.space.read_u32(uaddr)?)
    }

    /// Block `tid` on the futex at `(pid, uaddr, key)` if its word still holds
    /// `expected`.
    /// `timeout` points at a timespec (0: none); `abs_base` is `None` for a
    /// relative time-out, else the clock value at tick 0 of an absolute one.
    #[allow(clippy::too_many_arguments)]
    fn wait(
        &mut self,
        tid: u64,
        (pid, uaddr, key): (u64, u64, Key),
        expected: u32,
        bitset: u32,
        timeout: u64,
        abs_base: Option<u64>,
        now: Tick,
    ) -> FutexResult {
        match self.read_futex(pid, uaddr) {
            Ok(v) if v == expected => {}
            Ok(_) => return FutexResult::Done(Err(Errno::EAGAIN)),
            Err(e) => return FutexResult::Done(Err(e)),
        }
        let deadline = if timeout == 0 {
            None
        } else {
            let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
            let ts = match (p.space.read_u64(timeout), p.space.read_u64(timeout + 8)) {
                (Ok(s), Ok(ns)) if ns < NS_PER_SEC => {
                    s.saturating_mul(NS_PER_SEC).saturating_add(ns)
                }
                (Ok(_), Ok(_)) => return FutexResult::Done(Err(Errno::EINVAL)),
                _ => return FutexResult::Done(Err(Errno::EFAULT)),
            };
            let at = match abs_base {
                None => now.0.saturating_add(ts.saturating_mul(TICKS_PER_NS)),
                Some(base) => ts.saturating_sub(base).saturating_mul(TICKS_PER_NS),
            };
            if at <= now.0 {
                return FutexResult::Done(Err(Errno::ETIMEDOUT));
            }
            Some(Tick(at))
        };
        self.futexes.push(key, Waiter { tid, bitset });
        let t = self.threads.get_mut(&tid).expect("caller exists");
        t.run = Run::Blocked { deadline };
        FutexResult::Blocked
    }

    /// Wake up to `n` waiters of `key` matching `mask`; returns how many woke.
    pub(crate) fn wake(&mut self, key: Key, n: u64, mask: u32) -> u64 {
        let tids = self.futexes.take(key, n, mask);
        for &t in &tids {
            self.make_ready(t, Some(0));
        }
        tids.len() as u64
    }

    /// `FUTEX_WAKE_OP`: update `*uaddr2`, wake `val` on `uaddr`, and `val2` more on
    /// `uaddr2` if the old value passes the encoded comparison.
    fn wake_op(&mut self, pid: u64, key: Key, private: bool, c: &Call) -> Result<u64, Errno> {
        let [_, _, val, val2, uaddr2, val3] = c.args;
        let enc = val3 as u32;
        let (op, cmp) = ((enc >> 28) & 7, (enc >> 24) & 15);
        let sext12 = |v: u32| ((v << 20) as i32) >> 20;
        let mut oparg = sext12((enc >> 12) & 0xfff) as u32;
        let cmparg = sext12(enc & 0xfff);
        if enc >> 31 != 0 {
            oparg = 1u32.checked_shl(oparg).unwrap_or(0);
        }
        if uaddr2 % 4 != 0 {
            return Err(Errno::EINVAL);
        }
        let key2 = self.futex_key(pid, uaddr2, private)?;
        let old = self.read_futex(pid, uaddr2)?;
        let new = match op {
            0 => oparg,
            1 => old.wrapping_add(oparg),
            2 => old | oparg,
            3 => old & !oparg,
            4 => old ^ oparg,
            _ => return Err(Errno::ENOSYS),
        };
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        p.space.write_u32(uaddr2, new)?;
        let o = old as i32;
        let pass = match cmp {
            0 => o == cmparg,
            1 => o != cmparg,
            2 => o < cmparg,
            3 => o <= cmparg,
            4 => o > cmparg,
            5 => o >= cmparg,
            _ => return Err(Errno::ENOSYS),
        };
        let mut woken = self.wake(key, val, MATCH_ANY);
        if pass {
            woken += self.wake(key2, val2, MATCH_ANY);
        }
        Ok(woken)
    }
}
