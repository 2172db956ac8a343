//! The atomic CPU in full system: the batch loop with an interrupt check at every
//! instruction boundary, faults turned into traps, and sleeping in a
//! wait-for-interrupt (no events while asleep; a device changing an interrupt line
//! wakes the CPU, or an event at the ISA's timer deadline does).
//!
//! Kept apart from the syscall-emulation loop so SE pays nothing for it.

use super::{AtomicCpu, Priority, EV_TICK};
use crate::cpu::exec_context::Xc;
use crate::cpu::trace;
use sim_core::arch::{Fault, Isa, StaticInst, Trap};
use sim_core::component::Ctx;
use sim_core::Tick;

/// The ISA's timer deadline (a sleeping hart's wake-up) may have passed.
pub(super) const EV_FS_TIMER: u64 = 2;

impl<I: Isa> AtomicCpu<I> {
    /// Execute up to `budget` instructions of a full-system hart; returns how many
    /// cycles passed (a trap entry takes one).
    pub(super) fn batch_fs<const TRACE: bool, const PRESENT: bool>(
        &mut self,
        budget: u64,
        ctx: &mut Ctx,
    ) -> u64 {
        let start_tick = ctx.now().0;
        let period = self.core.domain.period().0;
        let mut n = 0;
        while n < budget {
            self.core.cycle_base = n;
            self.core.fs_sync_epochs();
            let fs = self.core.fs.as_mut().expect("a full-system CPU");
            let time = fs.timebase.count_at(Tick(start_tick + n * period));
            if let Some(irq) = fs.sys.pending_interrupt(time) {
                self.core.pc = self.core.fs_take_trap(Trap::Interrupt(irq), self.core.pc);
                n += 1;
                continue;
            }
            let pc = self.core.pc;
            let inst = match self.core.decoded.get(pc) {
                Some(i) => i,
                None => match self.core.fetch_decode(pc, ctx) {
                    Ok(i) => i,
                    Err(f) => {
                        self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
                        n += 1;
                        continue;
                    }
                },
            };
            if PRESENT {
                if let Err(f) = self.core.present_fetch(pc, inst.size(), ctx) {
                    self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
                    n += 1;
                    continue;
                }
            }
            let mut xc = Xc::<I, true> {
                core: &mut self.core,
                ctx,
                pc,
                next_pc: pc.wrapping_add(inst.size() as u64),
                stop: false,
                result: None,
            };
            let r = inst.execute(&mut xc);
            let (next_pc, stop, result) = (xc.next_pc, xc.stop, xc.result);
            n += 1;
            if TRACE {
                let tick = Tick(start_tick + (n - 1) * period);
                trace::exec_line::<I>(ctx, tick, pc, &inst, result, &r);
            }
            match r {
                Ok(()) | Err(Fault::Stop) => {
                    self.core.pc = next_pc;
                    self.core.stats.count(&inst);
                    self.core.insts_total += 1;
                    if stop || ctx.stop_pending() || r.is_err() {
                        return n;
                    }
                }
                Err(f) => self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc),
            }
        }
        n
    }

    /// After a batch that ended in a wait-for-interrupt: sleep until a line
    /// changes ([`Self::fs_wakeup`]) or the ISA's timer deadline (an event then;
    /// a deadline already passed whose interrupt is disabled wakes nothing).
    ///
    /// The deadline may have come between the WFI and `now`, the end of its
    /// batch (the timer compare is a level, not a line change that would wake
    /// the hart): then the hart goes on at once instead of sleeping forever.
    pub(super) fn fs_sleep(&mut self, now: Tick, ctx: &mut Ctx) {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        if fs.sys.wake_from_wait(fs.timebase.count_at(now)) {
            fs.waiting = false;
            let at = self.core.domain.next_edge(now).max(self.fs_reached);
            ctx.schedule(at, Priority::CPU_TICK, EV_TICK);
            return;
        }
        if let Some(deadline) = fs.sys.timer_deadline() {
            let at = fs.timebase.tick_of(now, deadline);
            if at != Tick::MAX && at > now {
                ctx.schedule(at, Priority::CPU_TICK, EV_FS_TIMER);
            }
        }
    }

    /// A device changed a line, or the timer deadline came (`timer`): resume if
    /// the ISA says an interrupt is pending and enabled, else keep sleeping.
    pub(super) fn fs_wakeup(&mut self, timer: bool, ctx: &mut Ctx) {
        if self.halted {
            return;
        }
        let now = ctx.now();
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        if !fs.waiting {
            return;
        }
        if fs.sys.wake_from_wait(fs.timebase.count_at(now)) {
            fs.waiting = false;
            let at = self.core.domain.next_edge(now).max(self.fs_reached);
            ctx.schedule(at, Priority::CPU_TICK, EV_TICK);
        } else if timer {
            // `stimecmp` moved while asleep: wait for the new deadline.
            self.fs_sleep(now, ctx);
        }
    }
}
