//! Time syscalls, answered from SIMULATED time so runs are reproducible.
//!
//! The monotonic and CPU-time clocks read the current tick (1 tick = 1 ps,
//! reported at nanosecond resolution); the wall clock adds [`EPOCH_BASE_SECS`].
//! A sleep blocks the thread until its wake-up tick (a lone process outside
//! the [`SeKernel`](crate::se::SeKernel), which cannot wait, returns at once).

use super::{Call, SysResult};
use crate::se::abi::{timespec, Bytes, Errno};
use crate::se::blocking::Block;
use crate::se::frames::PAGE_SIZE;
use crate::se::process::Process;
use sim_core::Tick;

/// Wall-clock time at tick 0: 2023-11-14T22:13:20Z.
pub const EPOCH_BASE_SECS: u64 = 1_700_000_000;
const NS: u64 = 1_000_000_000;
/// `AT_CLKTCK`/`times` tick rate.
const CLK_TCK: u64 = 100;

fn sim_ns(now: Tick) -> u64 {
    now.0 / 1000
}

fn realtime_ns(now: Tick) -> u64 {
    EPOCH_BASE_SECS * NS + sim_ns(now)
}

/// Nanoseconds on clock `clk` at `now`, or `EINVAL` for an unknown clock.
fn clock_ns(clk: i32, now: Tick) -> Result<u64, Errno> {
    match clk {
        // REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI.
        0 | 5 | 8 | 11 => Ok(realtime_ns(now)),
        // MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE, BOOTTIME, BOOTTIME_ALARM.
        1 | 4 | 6 | 7 | 9 => Ok(sim_ns(now)),
        // PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID, and per-pid/tid CPU clocks (< 0).
        2 | 3 => Ok(sim_ns(now)),
        c if c < 0 => Ok(sim_ns(now)),
        _ => Err(Errno::EINVAL),
    }
}

pub(super) fn clock_gettime(p: &mut Process, c: &mut Call) -> SysResult {
    let ns = clock_ns(c.int(0), c.now)?;
    p.space.write_bytes(c.args[1], &timespec(ns))?;
    Ok(0)
}

pub(super) fn clock_getres(p: &mut Process, c: &mut Call) -> SysResult {
    clock_ns(c.int(0), c.now)?;
    if c.args[1] != 0 {
        p.space.write_bytes(c.args[1], &timespec(1))?;
    }
    Ok(0)
}

pub(super) fn gettimeofday(p: &mut Process, c: &mut Call) -> SysResult {
    let ns = realtime_ns(c.now);
    if c.args[0] != 0 {
        let mut b = Bytes::new(16);
        b.u64(0, ns / NS);
        b.u64(8, ns % NS / 1000);
        p.space.write_bytes(c.args[0], &b.0)?;
    }
    if c.args[1] != 0 {
        p.space.write_bytes(c.args[1], &[0; 8])?;
    }
    Ok(0)
}

pub(super) fn time(p: &mut Process, c: &mut Call) -> SysResult {
    let secs = realtime_ns(c.now) / NS;
    if c.args[0] != 0 {
        p.space.write_u64(c.args[0], secs)?;
    }
    Ok(secs)
}

pub(super) fn times(p: &mut Process, c: &mut Call) -> SysResult {
    let ticks = sim_ns(c.now) / (NS / CLK_TCK);
    if c.args[0] != 0 {
        let mut b = Bytes::new(32);
        b.u64(0, ticks); // tms_utime; stime and children's times stay 0
        p.space.write_bytes(c.args[0], &b.0)?;
    }
    Ok(ticks)
}

pub(super) fn getrusage(p: &mut Process, c: &mut Call) -> SysResult {
    const RUSAGE_CHILDREN: i32 = -1;
    let who = c.int(0);
    if !matches!(who, 0 | 1 | RUSAGE_CHILDREN) {
        return Err(Errno::EINVAL);
    }
    let mut b = Bytes::new(144);
    if who != RUSAGE_CHILDREN {
        let ns = sim_ns(c.now);
        b.u64(0, ns / NS); // ru_utime.tv_sec
        b.u64(8, ns % NS / 1000); // ru_utime.tv_usec
        b.u64(32, p.space.resident_pages() as u64 * PAGE_SIZE / 1024); // ru_maxrss (KiB)
    }
    p.space.write_bytes(c.args[1], &b.0)?;
    Ok(0)
}

pub(super) fn sysinfo(p: &mut Process, c: &mut Call) -> SysResult {
    let frames = p.space.frames().clone();
    let mut b = Bytes::new(112);
    b.u64(0, sim_ns(c.now) / NS); // uptime
    b.u64(32, frames.total_frames() * PAGE_SIZE); // totalram
    b.u64(40, frames.free_frames() * PAGE_SIZE); // freeram
    b.u16(80, 1); // procs
    b.u32(104, 1); // mem_unit
    p.space.write_bytes(c.args[0], &b.0)?;
    Ok(0)
}

/// Ticks (picoseconds) per nanosecond.
pub(crate) const TICKS_PER_NS: u64 = 1000;
const TIMER_ABSTIME: u64 = 1;

/// A guest `timespec` at `addr` in nanoseconds: `EFAULT` if unreadable,
/// `EINVAL` if negative or `tv_nsec` is out of range (as Linux checks).
pub(crate) fn read_timespec(p: &mut Process, addr: u64) -> Result<u64, Errno> {
    let sec = p.space.read_u64(addr)? as i64;
    let nsec = p.space.read_u64(addr + 8)? as i64;
    if sec < 0 || !(0..NS as i64).contains(&nsec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64).saturating_mul(NS).saturating_add(nsec as u64))
}

/// The tick at which clock `clk` reads `ns` (for absolute sleeps and timers).
pub(crate) fn clock_deadline(clk: i32, ns: u64) -> Tick {
    let base = if matches!(clk, 0 | 5 | 8 | 11) {
        EPOCH_BASE_SECS * NS
    } else {
        0
    };
    Tick(ns.saturating_sub(base).saturating_mul(TICKS_PER_NS))
}

/// Sleep until `deadline`: block (first attempt) or complete (woken at it).
fn sleep_until(c: &mut Call, deadline: Tick) -> SysResult {
    if c.may_block && !c.timed_out && deadline > c.now {
        c.block = Some(Block::until(deadline, c.args));
    }
    Ok(0)
}

pub(super) fn nanosleep(p: &mut Process, c: &mut Call) -> SysResult {
    let ns = read_timespec(p, c.args[0])?;
    let deadline = Tick(c.now.0.saturating_add(ns.saturating_mul(TICKS_PER_NS)));
    sleep_until(c, deadline)
}

/// Whether `clock_nanosleep` accepts clock `clk`: `Ok` for the clocks Linux can
/// sleep on, `EINVAL` for unknown ones and the calling thread's CPU clock,
/// `EOPNOTSUPP` for those it cannot sleep on (raw and coarse clocks).
fn sleep_clock(clk: i32) -> Result<(), Errno> {
    const EOPNOTSUPP: Errno = Errno(95);
    match clk {
        0 | 1 | 7 | 8 | 9 | 11 | 2 => Ok(()),
        4..=6 => Err(EOPNOTSUPP),
        c if c < 0 && c & 7 == 6 => Err(Errno::EINVAL), // a thread's CPU clock
        c if c < 0 => Ok(()),
        _ => Err(Errno::EINVAL),
    }
}

pub(super) fn clock_nanosleep(p: &mut Process, c: &mut Call) -> SysResult {
    let clk = c.int(0);
    sleep_clock(clk)?;
    let ns = read_timespec(p, c.args[2])?;
    let deadline = if c.args[1] & TIMER_ABSTIME != 0 {
        clock_deadline(clk, ns)
    } else {
        Tick(c.now.0.saturating_add(ns.saturating_mul(TICKS_PER_NS)))
    };
    sleep_until(c, deadline)
}

/// `pause`: wait until a signal (delivered by the kernel's one cancel point).
pub(super) fn pause(_: &mut Process, c: &mut Call) -> SysResult {
    if !c.may_block {
        return Err(Errno::EINTR);
    }
    c.block = Some(Block {
        on: Vec::new(),
        deadline: None,
        args: c.args,
        done: 0,
        result: None,
    });
    Err(Errno::EINTR)
}
