//! A software thread as the SE kernel keeps it: its kernel state, where it is in
//! the scheduler, and the registers to resume it from while no CPU runs it.

use crate::se::process::ThreadState;
use sim_core::arch::{ArchRegs, LinuxProcessInfo};
use sim_core::Tick;
use std::any::Any;

/// Where a thread stands with the scheduler.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Run {
    /// Can run: on a CPU (`on_cpu` set) or in the run queue.
    Ready,
    /// Waits on a futex until woken, or until `deadline` (simulated time) passes.
    Blocked {
        /// When the wait times out (`None`: never).
        deadline: Option<Tick>,
    },
    /// Exited or killed; removed from the kernel once no CPU holds it.
    Dead,
}

/// The registers and PC a thread resumes from while no CPU runs it.
pub(crate) enum SavedCtx {
    /// A process's first thread before it ever ran: every register zero but `sp`.
    Initial {
        /// Entry point.
        pc: u64,
        /// Initial stack pointer.
        sp: u64,
    },
    /// A register file of the CPU's `ArchRegs` type (the kernel serves any ISA's
    /// register type; a thread is always resumed with the type it was saved with).
    Regs {
        /// The saved `R: ArchRegs`.
        regs: Box<dyn Any + Send>,
        /// Where to resume.
        pc: u64,
    },
}

impl SavedCtx {
    /// Saved state holding a copy of `regs`.
    pub(crate) fn from_regs<R: ArchRegs>(regs: &R, pc: u64) -> SavedCtx {
        SavedCtx::Regs {
            regs: Box::new(regs.clone()),
            pc,
        }
    }

    /// The register file and PC to resume with.
    pub(crate) fn into_regs<R: ArchRegs>(self, info: &LinuxProcessInfo) -> (R, u64) {
        match self {
            SavedCtx::Initial { pc, sp } => {
                let mut r = R::default();
                r.set_int(info.sp_reg, sp);
                (r, pc)
            }
            SavedCtx::Regs { regs, pc } => {
                let r = regs
                    .downcast::<R>()
                    .expect("a thread resumes with the register type it was saved with");
                (*r, pc)
            }
        }
    }
}

/// One thread of a guest process.
pub(crate) struct Thread {
    /// The process it belongs to.
    pub pid: u64,
    /// Kernel per-thread state (tid, clear-child-tid, robust list, signal mask).
    pub state: ThreadState,
    /// Scheduler state.
    pub run: Run,
    /// The CPU running it, if any.
    pub on_cpu: Option<usize>,
    /// Its registers while no CPU runs it.
    pub ctx: Option<SavedCtx>,
    /// A syscall result to put in the return register when it next runs (the result
    /// of the futex wait it blocked in).
    pub pending_ret: Option<u64>,
}

impl Thread {
    /// A thread that may be scheduled, resuming from `ctx`.
    pub(crate) fn new(pid: u64, state: ThreadState, ctx: SavedCtx) -> Thread {
        Thread {
            pid,
            state,
            run: Run::Ready,
            on_cpu: None,
            ctx: Some(ctx),
            pending_ret: None,
        }
    }

    /// Ready or blocked (not exited).
    pub(crate) fn alive(&self) -> bool {
        self.run != Run::Dead
    }
}
