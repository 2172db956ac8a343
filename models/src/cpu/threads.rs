//! The CPU side of thread scheduling (see [`super::os`] for the contract): switching
//! software threads in and out, acting on what a syscall asked, and time slicing.

use super::core::Core;
use super::os::QUANTUM_INSTS;
use sim_core::arch::Isa;
use sim_core::component::{ComponentId, Ctx};
use sim_core::event::Priority;
use sim_core::Tick;

/// What the last syscall asked the CPU to do once the instruction has committed.
#[derive(Debug, Default)]
pub(crate) struct OsActions {
    /// CPUs to wake (they have new work).
    pub wake: Vec<ComponentId>,
    /// The running thread cannot continue: switch it out.
    pub deschedule: bool,
}

impl OsActions {
    /// True if anything is pending.
    pub fn any(&self) -> bool {
        self.deschedule || !self.wake.is_empty()
    }
}

/// What [`Core::honour_kick`] did.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum AfterKick {
    /// The thread stays: go on with its next instruction.
    Kept,
    /// Another thread (registers and PC) was switched in.
    Switched,
    /// No thread left to run: the CPU is idle.
    Idle,
}

impl<I: Isa> Core<I> {
    /// Ask the OS for a thread to run. True if one was switched in; false if the CPU
    /// has nothing to do (it stays idle until woken). A switch drops the LR
    /// reservation, and the TLB and decoded instructions if the new thread lives in
    /// another address space.
    pub fn switch_in(&mut self, now: Tick) -> bool {
        self.insts_since_yield = 0;
        let Some(os) = self.os.as_mut() else {
            return false;
        };
        let Some((regs, pc)) = os.switch_in(now) else {
            self.wake_at = os.wake_at(now);
            return false;
        };
        let space = os.space_id();
        self.regs = regs;
        self.pc = pc;
        if self.space != Some(space) {
            self.space = Some(space);
            self.flush_translations();
        }
        self.monitor.clear();
        true
    }

    /// The CPU is idle: schedule event `code` at the tick the OS asked to be
    /// asked again at (see [`ThreadOs::wake_at`](super::os::ThreadOs::wake_at)),
    /// unless an event at or before it is pending already (it asks again then).
    pub fn arm_wake(&mut self, ctx: &mut Ctx, code: u64) {
        let Some(at) = self.wake_at.take() else {
            return;
        };
        let now = ctx.now();
        if self.wake_armed.is_some_and(|t| t >= now && t <= at) {
            return;
        }
        let at = at.max(now);
        self.wake_armed = Some(at);
        ctx.schedule(at, Priority::CPU_TICK, code);
    }

    /// The wake-up event scheduled by [`Core::arm_wake`] fired at `now`.
    pub fn wake_fired(&mut self, now: Tick) {
        if self.wake_armed.is_some_and(|t| t <= now) {
            self.wake_armed = None;
        }
    }

    /// Hand the running thread back to the OS (resuming at `self.pc`).
    fn switch_out(&mut self) {
        if let Some(os) = self.os.as_mut() {
            os.switch_out(&self.regs, self.pc);
        }
        self.monitor.clear();
    }

    /// Perform what the last syscall asked, at `ctx.now()` (the instruction's tick):
    /// wake other CPUs, and switch threads if this one must stop. False if the CPU
    /// is left without a thread.
    pub fn finish_os_actions(&mut self, ctx: &mut Ctx) -> bool {
        for id in self.os_actions.wake.drain(..) {
            ctx.wake(id);
        }
        if !std::mem::take(&mut self.os_actions.deschedule) {
            return true;
        }
        self.switch_out();
        self.switch_in(ctx.now())
    }

    /// Count `n` committed instructions; once a quantum is full, ask the OS whether
    /// another thread should run and switch if so. False if the CPU is left idle.
    #[inline]
    pub fn time_slice(&mut self, n: u64, now: Tick) -> bool {
        self.insts_since_yield += n;
        self.insts_since_yield < QUANTUM_INSTS || self.end_of_quantum(now)
    }

    /// A quantum is full: switch threads if the OS says so.
    #[inline(never)]
    fn end_of_quantum(&mut self, now: Tick) -> bool {
        self.insts_since_yield = 0;
        self.yield_if_asked(now) != AfterKick::Idle
    }

    /// Ask the OS whether the running thread must leave the CPU now (its time
    /// slice is up and another waits, or it was killed) and switch if so.
    fn yield_if_asked(&mut self, now: Tick) -> AfterKick {
        let yield_now = self.os.as_mut().is_some_and(|os| os.should_yield(now));
        if !yield_now {
            return AfterKick::Kept;
        }
        self.switch_out();
        if self.switch_in(now) {
            AfterKick::Switched
        } else {
            AfterKick::Idle
        }
    }

    /// The CPU was woken while running a thread: the OS may have killed that
    /// thread (another thread's `exit_group`), so it is asked before the next
    /// instruction rather than at the end of the quantum.
    pub fn kick(&mut self) {
        self.kicked = true;
    }

    /// Act on a kick before executing the next instruction: switch threads if
    /// the OS says the running one must go.
    #[cold]
    #[inline(never)]
    pub fn honour_kick(&mut self, now: Tick) -> AfterKick {
        self.kicked = false;
        self.yield_if_asked(now)
    }

    /// Instructions left before the OS must be asked again (batch limit).
    pub fn quantum_left(&self) -> u64 {
        QUANTUM_INSTS.saturating_sub(self.insts_since_yield).max(1)
    }
}
