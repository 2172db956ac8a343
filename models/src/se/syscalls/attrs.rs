//! Process attributes the guest sets and reads back: resource limits, `prctl`,
//! nice values and the scheduler queries.
//!
//! Limits start at Linux's defaults for a machine of the simulated memory size
//! (`RLIMIT_NPROC` and `RLIMIT_SIGPENDING` are half of Linux's `max_threads`,
//! which `fork_init` derives from the RAM) and are enforced where they matter:
//! `RLIMIT_NOFILE` bounds the fd table (`EMFILE`), `RLIMIT_AS` makes `mmap`,
//! `mremap` and `brk` refuse to grow the address space past it, `RLIMIT_STACK`
//! sizes the main thread's stack reservation. Raising a hard
//! limit needs root (`CAP_SYS_RESOURCE`), as on Linux; the guest's ids are the host's.
//!
//! `sched_setaffinity` checks and records the mask (read back by
//! `sched_getaffinity`); the scheduler runs the thread only on those CPUs.
//! Nice values are recorded, not used by the scheduler.

use super::{Call, SysResult};
use crate::se::abi::{timespec, Bytes, Errno};
use crate::se::addr_space::{Perms, VmaKind, MMAP_BASE, STACK_SIZE, STACK_TOP};
use crate::se::fd::MAX_FDS;
use crate::se::frames::PAGE_SIZE;
use crate::se::process::Process;

/// `RLIM_INFINITY`.
pub const RLIM_INFINITY: u64 = u64::MAX;
/// Number of resources (`RLIM_NLIMITS`).
const RLIM_NLIMITS: usize = 16;
const RLIMIT_STACK: usize = 3;
const RLIMIT_CORE: usize = 4;
/// The most stack [`resize_stack`] reserves: up to the top of the mmap area.
const MMAP_GAP: u64 = STACK_TOP - MMAP_BASE;
const RLIMIT_NPROC: usize = 6;
const RLIMIT_NOFILE: usize = 7;
const RLIMIT_MEMLOCK: usize = 8;
/// `RLIMIT_AS`.
pub const RLIMIT_AS: usize = 9;
const RLIMIT_SIGPENDING: usize = 11;
const RLIMIT_MSGQUEUE: usize = 12;
const RLIMIT_NICE: usize = 13;
const RLIMIT_RTPRIO: usize = 14;
/// Linux's `nr_open`: the highest `RLIMIT_NOFILE` anyone may set.
const NR_OPEN: u64 = 1 << 20;
/// Linux's default hard `RLIMIT_NOFILE` (`INR_OPEN_MAX`).
const NOFILE_HARD: u64 = 4096;
/// Bytes of kernel stack per thread Linux assumes when sizing `max_threads`.
const THREAD_SIZE: u64 = 16 << 10;

/// Per-process attributes (inherited by a forked child, except `pdeathsig`).
#[derive(Clone, Debug)]
pub struct ProcAttrs {
    /// `(soft, hard)` of each resource.
    pub rlimits: [(u64, u64); RLIM_NLIMITS],
    /// `PR_SET_PDEATHSIG`'s signal (0: none).
    pub pdeathsig: u32,
    /// `PR_SET_DUMPABLE`'s flag.
    pub dumpable: u32,
    /// `PR_SET_NO_NEW_PRIVS`'s flag.
    pub no_new_privs: u32,
    /// `PR_SET_CHILD_SUBREAPER`'s flag.
    pub subreaper: u32,
    /// The nice value (-20..=19).
    pub nice: i32,
}

impl ProcAttrs {
    /// Linux's initial attributes on a machine of `mem_bytes` of memory.
    pub fn new(mem_bytes: u64) -> ProcAttrs {
        let inf = (RLIM_INFINITY, RLIM_INFINITY);
        let mut rlimits = [inf; RLIM_NLIMITS];
        // fork_init: max_threads = pages / (8 * THREAD_SIZE / PAGE_SIZE), >= 20.
        let max_threads = (mem_bytes / PAGE_SIZE / (8 * THREAD_SIZE / PAGE_SIZE)).max(20);
        let half = max_threads / 2;
        rlimits[RLIMIT_STACK] = (STACK_SIZE, RLIM_INFINITY);
        rlimits[RLIMIT_CORE] = (0, RLIM_INFINITY);
        rlimits[RLIMIT_NPROC] = (half, half);
        rlimits[RLIMIT_NOFILE] = (MAX_FDS as u64, NOFILE_HARD);
        rlimits[RLIMIT_MEMLOCK] = (8 << 20, 8 << 20);
        rlimits[RLIMIT_SIGPENDING] = (half, half);
        rlimits[RLIMIT_MSGQUEUE] = (819_200, 819_200);
        rlimits[RLIMIT_NICE] = (0, 0);
        rlimits[RLIMIT_RTPRIO] = (0, 0);
        ProcAttrs {
            rlimits,
            pdeathsig: 0,
            dumpable: 1,
            no_new_privs: 0,
            subreaper: 0,
            nice: 0,
        }
    }

    /// The soft limit of `resource`.
    pub fn soft(&self, resource: usize) -> u64 {
        self.rlimits[resource].0
    }
}

/// The simulator's own umask, which a guest process starts with (as a program
/// started from the same shell would; qemu-user's guests share it too). Read
/// from `/proc/self/status`, since `umask(2)` can only read it by changing it;
/// Linux's default 022 if the host does not say.
pub fn host_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        })
        .unwrap_or(0o022)
        & 0o777
}

fn is_root(p: &Process) -> bool {
    p.ids.1 == 0
}

/// `prlimit64(pid, resource, new, old)`: read the old limits, then set the new ones.
fn prlimit(p: &mut Process, pid: u64, resource: u64, new: u64, old: u64) -> SysResult {
    if pid != 0 && pid != p.pid && pid != p.thread.tid {
        return Err(Errno::ESRCH);
    }
    let r = usize::try_from(resource)
        .ok()
        .filter(|&r| r < RLIM_NLIMITS)
        .ok_or(Errno::EINVAL)?;
    let wanted = if new != 0 {
        let raw = p.space.read_vec(new, 16)?;
        let w = |o: usize| u64::from_le_bytes(raw[o..o + 8].try_into().expect("8 bytes"));
        let (cur, max) = (w(0), w(8));
        if cur > max {
            return Err(Errno::EINVAL);
        }
        let hard = p.attrs.rlimits[r].1;
        if max > hard && !is_root(p) {
            return Err(Errno::EPERM);
        }
        if r == RLIMIT_NOFILE && max > NR_OPEN {
            return Err(Errno::EPERM);
        }
        Some((cur, max))
    } else {
        None
    };
    if old != 0 {
        let (cur, max) = p.attrs.rlimits[r];
        let mut b = Bytes::new(16);
        b.u64(0, cur);
        b.u64(8, max);
        p.space.write_bytes(old, &b.0)?;
    }
    if let Some(lim) = wanted {
        p.attrs.rlimits[r] = lim;
        if r == RLIMIT_NOFILE {
            p.fds.set_limit(lim.0.min(NR_OPEN) as usize);
        }
        if r == RLIMIT_STACK {
            resize_stack(p, lim.0);
        }
    }
    Ok(0)
}

/// Make the main thread's stack reservation `limit` bytes (Linux grows the
/// stack on demand up to `RLIMIT_STACK`; here the reservation is the limit):
/// it grows down while the pages below are free, never into the mmap area, and
/// shrinks only over pages the stack never touched (which no CPU can have
/// translations of, so nothing needs flushing).
fn resize_stack(p: &mut Process, limit: u64) {
    let s = &mut p.space;
    let Some(bottom) = s
        .vmas()
        .find(|(_, v)| v.kind == VmaKind::Stack && v.end == STACK_TOP)
        .map(|(b, _)| b)
    else {
        return;
    };
    // Contiguous stack pieces below the top piece (an earlier growth).
    let mut low = bottom;
    while let Some((b, _)) = s
        .vmas()
        .find(|(_, v)| v.kind == VmaKind::Stack && v.end == low)
    {
        low = b;
    }
    let want = (STACK_TOP - limit.clamp(PAGE_SIZE, MMAP_GAP)) & !(PAGE_SIZE - 1);
    if want < low && s.is_free(want, low) {
        s.map(want, low, Perms::RW, VmaKind::Stack);
    } else if want > low && s.resident_in(low, want) == 0 {
        let _ = s.unmap(low, want);
    }
}

pub(super) fn prlimit64(p: &mut Process, c: &mut Call) -> SysResult {
    let [pid, res, new, old, ..] = c.args;
    prlimit(p, pid, res, new, old)
}

pub(super) fn getrlimit(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[1] == 0 {
        return Err(Errno::EFAULT);
    }
    prlimit(p, 0, c.args[0], 0, c.args[1])
}

pub(super) fn setrlimit(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[1] == 0 {
        return Err(Errno::EFAULT);
    }
    prlimit(p, 0, c.args[0], c.args[1], 0)
}

/// `ENOMEM` if mapping `[start, start + len)` (replacing what is mapped there)
/// would grow the address space past `RLIMIT_AS`.
pub(crate) fn check_as(p: &Process, start: u64, len: u64) -> Result<(), Errno> {
    let limit = p.attrs.soft(RLIMIT_AS);
    if limit == RLIM_INFINITY {
        return Ok(());
    }
    let end = start.saturating_add(len);
    let (mut mapped, mut replaced) = (0u64, 0u64);
    for (s, v) in p.space.vmas() {
        mapped += v.end - s;
        if s < end && v.end > start {
            replaced += v.end.min(end) - s.max(start);
        }
    }
    if (mapped - replaced).saturating_add(len) > limit {
        Err(Errno::ENOMEM)
    } else {
        Ok(())
    }
}

/// Longest thread name (`TASK_COMM_LEN` with its NUL).
pub const TASK_COMM_LEN: usize = 16;

pub(super) fn prctl(p: &mut Process, c: &mut Call) -> SysResult {
    const PR_SET_PDEATHSIG: i32 = 1;
    const PR_GET_PDEATHSIG: i32 = 2;
    const PR_GET_DUMPABLE: i32 = 3;
    const PR_SET_DUMPABLE: i32 = 4;
    const PR_GET_KEEPCAPS: i32 = 7;
    const PR_SET_NAME: i32 = 15;
    const PR_GET_NAME: i32 = 16;
    const PR_GET_SECCOMP: i32 = 21;
    const PR_SET_CHILD_SUBREAPER: i32 = 36;
    const PR_GET_CHILD_SUBREAPER: i32 = 37;
    const PR_SET_NO_NEW_PRIVS: i32 = 38;
    const PR_GET_NO_NEW_PRIVS: i32 = 39;
    let arg = c.args[1];
    match c.int(0) {
        PR_SET_PDEATHSIG => {
            if arg > 64 {
                return Err(Errno::EINVAL);
            }
            p.attrs.pdeathsig = arg as u32;
        }
        PR_GET_PDEATHSIG => p.space.write_u32(arg, p.attrs.pdeathsig)?,
        PR_GET_DUMPABLE => return Ok(p.attrs.dumpable as u64),
        PR_SET_DUMPABLE => {
            if arg > 1 {
                return Err(Errno::EINVAL);
            }
            p.attrs.dumpable = arg as u32;
        }
        PR_GET_KEEPCAPS | PR_GET_SECCOMP => return Ok(0),
        PR_SET_NAME => {
            let mut name = [0u8; TASK_COMM_LEN];
            let raw = p.space.read_cstr(arg, TASK_COMM_LEN).or_else(|e| match e {
                crate::se::MemFault::TooLong { .. } => p.space.read_vec(arg, TASK_COMM_LEN - 1),
                e => Err(e),
            })?;
            let n = raw.len().min(TASK_COMM_LEN - 1);
            name[..n].copy_from_slice(&raw[..n]);
            p.thread.comm = name;
        }
        PR_GET_NAME => p.space.write_bytes(arg, &p.thread.comm)?,
        PR_SET_CHILD_SUBREAPER => p.attrs.subreaper = (arg != 0) as u32,
        PR_GET_CHILD_SUBREAPER => p.space.write_u32(arg, p.attrs.subreaper)?,
        PR_SET_NO_NEW_PRIVS => {
            if arg != 1 || c.args[2..5].iter().any(|&a| a != 0) {
                return Err(Errno::EINVAL);
            }
            p.attrs.no_new_privs = 1;
        }
        PR_GET_NO_NEW_PRIVS => return Ok(p.attrs.no_new_privs as u64),
        _ => return Err(Errno::EINVAL),
    }
    Ok(0)
}

/// `which`/`who` of the priority calls name this process (or `ESRCH`).
fn priority_target(p: &Process, c: &Call) -> Result<(), Errno> {
    const PRIO_PROCESS: u64 = 0;
    const PRIO_PGRP: u64 = 1;
    const PRIO_USER: u64 = 2;
    let who = c.args[1] as u32 as u64;
    let me = match c.args[0] {
        PRIO_PROCESS => who == 0 || who == p.pid || who == p.thread.tid,
        PRIO_PGRP => who == 0 || who == p.pid,
        PRIO_USER => who == 0 || who == p.ids.1 as u64,
        _ => return Err(Errno::EINVAL),
    };
    me.then_some(()).ok_or(Errno::ESRCH)
}

/// `getpriority`: the kernel returns `20 - nice` (libc converts it back).
pub(super) fn getpriority(p: &mut Process, c: &mut Call) -> SysResult {
    priority_target(p, c)?;
    Ok((20 - p.attrs.nice) as u64)
}

pub(super) fn setpriority(p: &mut Process, c: &mut Call) -> SysResult {
    priority_target(p, c)?;
    let nice = (c.int(2)).clamp(-20, 19);
    if nice < p.attrs.nice && !is_root(p) {
        return Err(Errno::EACCES);
    }
    p.attrs.nice = nice;
    Ok(0)
}

/// `pid` of the `sched_*` queries names the caller (0, its pid or its tid).
fn sched_target(p: &Process, pid: u64) -> Result<(), Errno> {
    if (pid as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    if pid == 0 || pid == p.pid || pid == p.thread.tid {
        Ok(())
    } else {
        Err(Errno::ESRCH)
    }
}

/// Every thread runs under `SCHED_OTHER`.
pub(super) fn sched_getscheduler(p: &mut Process, c: &mut Call) -> SysResult {
    sched_target(p, c.args[0])?;
    Ok(0)
}

pub(super) fn sched_getparam(p: &mut Process, c: &mut Call) -> SysResult {
    sched_target(p, c.args[0])?;
    if c.args[1] == 0 {
        return Err(Errno::EINVAL);
    }
    p.space.write_u32(c.args[1], 0)?;
    Ok(0)
}

/// The priority range of each policy: 1..=99 for the real-time ones, 0 else.
fn priority_range(policy: u64) -> Result<(u64, u64), Errno> {
    match policy {
        1 | 2 => Ok((1, 99)),        // SCHED_FIFO, SCHED_RR
        0 | 3 | 5 | 6 => Ok((0, 0)), // OTHER, BATCH, IDLE, DEADLINE
        _ => Err(Errno::EINVAL),
    }
}

pub(super) fn sched_get_priority_max(_: &mut Process, c: &mut Call) -> SysResult {
    priority_range(c.args[0] as u32 as u64).map(|r| r.1)
}

pub(super) fn sched_get_priority_min(_: &mut Process, c: &mut Call) -> SysResult {
    priority_range(c.args[0] as u32 as u64).map(|r| r.0)
}

/// The time slice: the SE scheduler's quantum.
pub(super) fn sched_rr_get_interval(p: &mut Process, c: &mut Call) -> SysResult {
    sched_target(p, c.args[0])?;
    let ns = crate::se::DEFAULT_QUANTUM.0 / 1000;
    p.space.write_bytes(c.args[1], &timespec(ns))?;
    Ok(0)
}

/// `sched_setaffinity(pid, len, mask)`: the mask must name a simulated CPU;
/// it is recorded for the thread (see the module doc).
pub(super) fn sched_setaffinity(p: &mut Process, c: &mut Call) -> SysResult {
    sched_target(p, c.args[0])?;
    let len = (c.args[1] as usize).min(128);
    let raw = p.space.read_vec(c.args[2], len)?;
    let mut mask = 0u64;
    for (i, b) in raw.iter().take(8).enumerate() {
        mask |= (*b as u64) << (8 * i);
    }
    let n = p.sys.num_cpus().min(64);
    let online = if n == 64 { u64::MAX } else { (1 << n) - 1 };
    if mask & online == 0 {
        return Err(Errno::EINVAL);
    }
    p.thread.affinity = mask & online;
    Ok(0)
}
