//! The boundary between a CPU's hardware thread and the operating system it runs
//! under: syscall emulation today, a full-system MMU later.
//!
//! # Threads and scheduling (SE mode)
//!
//! A CPU runs at most one software thread at a time. The OS side owns every thread's
//! saved state; the CPU only holds the running thread's registers and PC:
//!
//! ```text
//!   startup / wakeup ──▶ switch_in(now) ── Some((regs, pc)) ──▶ run
//!                                      └─ None ──▶ idle until Ctx::wake, or until
//!                                          wake_at(now) (one event at that tick,
//!                                          then switch_in again)
//!   syscall(regs, next_pc, now) ─▶ OsOutcome { deschedule, wake, exit, flush_* }
//!        wake: for id in wake { ctx.wake(id) }       (other CPUs with new work)
//!        deschedule: switch_out(regs, next_pc); then switch_in(now) as above
//!   every quantum (see QUANTUM_INSTS): if should_yield(now) { switch_out; switch_in }
//!   woken while running (its thread may have been killed by another CPU's
//!   exit_group): before the next instruction, if should_yield(now) { switch_out; switch_in }
//! ```
//!
//! A CPU clears its LR/SC reservation on every switch.

use sim_core::arch::{ArchRegs, Fault, MemAccess};
use sim_core::component::ComponentId;
use sim_core::exit::ExitCause;
use sim_core::{Addr, Tick};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A counter the OS bumps whenever a mapping or code page may have changed in any
/// address space (mmap, munmap, mprotect, brk, icache flushes). Every CPU compares
/// it with the value its TLB and decoded instructions were filled under and drops
/// them when it moved: a TLB shootdown, so a page another core unmapped faults
/// here too. Reading it is one load, cheap enough for every translation.
#[derive(Clone, Debug, Default)]
pub struct MappingEpoch(Arc<AtomicU64>);

impl MappingEpoch {
    /// The current value.
    #[inline(always)]
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Mark every CPU's cached translations and decoded instructions stale.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// A CPU asks [`ThreadOs::should_yield`] at least once every this many instructions
/// it commits (and at least at every batch boundary, for the atomic CPU).
pub const QUANTUM_INSTS: u64 = 1 << 14;

/// What the CPU must do after a system call.
#[derive(Debug, Default)]
pub struct OsOutcome {
    /// Stop simulating: the last process exited (or was killed).
    pub exit: Option<ExitCause>,
    /// Drop the software TLB (mappings changed).
    pub flush_tlb: bool,
    /// Drop the decoded-instruction cache (code may have changed).
    pub flush_decode: bool,
    /// The calling thread cannot go on now (it blocked on a futex, or it exited while
    /// other threads live): the CPU calls [`ThreadOs::switch_out`] with its registers
    /// and next PC, then [`ThreadOs::switch_in`].
    pub deschedule: bool,
    /// CPUs (by component id) that now have a thread to run, or whose running
    /// thread was just killed: the CPU calls `ctx.wake(id)` for each, so idle CPUs
    /// pick the work up and running ones ask [`ThreadOs::should_yield`] before
    /// their next instruction.
    pub wake: Vec<ComponentId>,
}

/// The operating-system side of one CPU (one hardware thread context).
pub trait ThreadOs<R: ArchRegs>: Send {
    /// Translate a virtual address of the running thread for an access, or report the fault.
    fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, Fault>;
    /// Emulate the system call the running thread just made (registers per the ISA's
    /// ABI; `next_pc` is where the thread resumes, and where a `clone` child starts).
    fn syscall(&mut self, regs: &mut R, next_pc: u64, now: Tick) -> OsOutcome;
    /// Give the running thread back to the scheduler with the state to resume it from
    /// (ignored for a thread that has exited).
    fn switch_out(&mut self, _regs: &R, _pc: u64) {}
    /// A thread for this CPU to run (its registers and PC), or `None` to stay idle
    /// until another CPU wakes this one. When the new thread's [`space_id`](Self::space_id)
    /// differs from the previous one's, the CPU flushes its TLB and decode cache.
    fn switch_in(&mut self, _now: Tick) -> Option<(R, u64)> {
        None
    }
    /// After [`switch_in`](Self::switch_in) returned `None`: the tick at which to
    /// call `switch_in` again even if nothing wakes this CPU (a sleeping thread's
    /// wake-up, a time-out), or `None` to wait for a wake only. The idle CPU
    /// schedules one event at that tick, so while every thread sleeps simulated
    /// time jumps to the next wake-up.
    fn wake_at(&mut self, _now: Tick) -> Option<Tick> {
        None
    }
    /// Which address space the running thread uses: threads of one process share
    /// one, so switching between them keeps the CPU's TLB and decoded instructions.
    fn space_id(&mut self) -> u64 {
        0
    }
    /// The OS's mapping epoch, when mappings can change behind this CPU's back
    /// (another CPU's syscall); `None` when only this CPU's own syscalls change
    /// them (their [`OsOutcome`] flush flags suffice).
    fn mapping_epoch(&self) -> Option<MappingEpoch> {
        None
    }
    /// True if the running thread must leave the CPU: it was killed, or another
    /// thread waits for a CPU and it has had its time slice (round-robin time
    /// slicing). The CPU switches out and in.
    fn should_yield(&mut self, _now: Tick) -> bool {
        false
    }
}
