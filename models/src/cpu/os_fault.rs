//! A guest fault offered to the OS before a CPU stops on it (shared by the CPU
//! models): in SE mode it becomes a signal (`SIGSEGV`, `SIGILL`, `SIGTRAP`, ...)
//! whose handler runs or whose default action ends the process.

use super::core::Core;
use sim_core::arch::{Fault, Isa};
use sim_core::component::Ctx;
use sim_core::Tick;

/// What became of a fault offered to the OS.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum FaultTaken {
    /// The OS did not take it: the CPU stops the run with the fault.
    Refused,
    /// The thread goes on at `core.pc` (a handler, or after the OS acted on the
    /// process); wake-ups and a switch wait in `core.os_actions`.
    Resumed,
    /// The simulation exit was raised (the last process died of the signal).
    Ended,
}

impl<I: Isa> Core<I> {
    /// Offer `fault`, raised by the instruction at `self.pc`, to the OS. Only
    /// faults take this path, so it costs nothing per instruction.
    #[cold]
    #[inline(never)]
    pub(crate) fn offer_fault(&mut self, fault: Fault, ctx: &mut Ctx) -> FaultTaken {
        let now = Tick(ctx.now().0 + self.cycle_base * self.domain.period().0);
        let Some(os) = self.os.as_mut() else {
            return FaultTaken::Refused;
        };
        let Some(out) = os.fault(&mut self.regs, self.pc, fault, now) else {
            return FaultTaken::Refused;
        };
        if out.flush_tlb || out.flush_decode {
            self.flush_translations();
        }
        if let Some(cause) = out.exit {
            ctx.exit(cause);
            return FaultTaken::Ended;
        }
        if let Some(pc) = out.resume_at {
            self.pc = pc;
        }
        self.monitor.clear();
        self.os_actions.wake.extend_from_slice(&out.wake);
        self.os_actions.deschedule |= out.deschedule;
        FaultTaken::Resumed
    }
}
