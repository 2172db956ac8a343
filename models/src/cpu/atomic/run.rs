//! The atomic CPU's execution loop: one event runs a batch of instructions.

use super::{AtomicCpu, Priority, EV_TICK, EV_WAKE};
use crate::cpu::exec_context::{exit_for_fault, Xc};
use crate::cpu::os_fault::FaultTaken;
use crate::cpu::threads::AfterKick;
use crate::cpu::trace;
use sim_core::arch::{Fault, Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::Tick;

/// Most instructions one event executes before yielding to the event loop.
const BATCH: u64 = 1 << 16;

/// Full system: cycles a hart may run past the next event before yielding.
///
/// Without it, harts that are all running wake at the same ticks and each batch
/// ends at the next hart's event: one instruction per event, lock-step, about
/// three times the host cost per instruction of a single hart. With it, harts
/// take turns of up to this many cycles (QEMU's single-threaded round robin
/// does the same); a device event or another hart's store is seen up to that
/// much later in simulated time (0.5 us at 2 GHz), which an atomic CPU's timing
/// can afford. Each hart's own clock (`time`, `cycle`) still only moves forward,
/// and the order stays deterministic.
pub(super) const FS_RUN_AHEAD: u64 = 1000;

impl<I: Isa> AtomicCpu<I> {
    /// Run one batch, then schedule the next (unless the CPU halted or went idle).
    pub(super) fn run(&mut self, ctx: &mut Ctx) {
        let period = self.core.domain.period().0;
        let start = ctx.now();
        if self.core.kicked && self.core.honour_kick(start) == AfterKick::Idle {
            self.idle = true;
            self.core.arm_wake(ctx, EV_WAKE);
            return;
        }
        self.core.sync_mappings();
        // Execute until the next event anyone else scheduled (it must see the state
        // the CPU had at that tick), or a batch, a time slice, or an instruction limit.
        let horizon = ctx.next_event_tick().map_or(u64::MAX, |t| t.0);
        let mut budget = if horizon == u64::MAX {
            BATCH
        } else {
            (horizon.saturating_sub(start.0))
                .div_ceil(period)
                .clamp(1, BATCH)
        };
        if self.core.fs.is_some() {
            budget = budget.max(FS_RUN_AHEAD);
        }
        if self.core.os.is_some() {
            budget = budget.min(self.core.quantum_left());
        }
        if let Some(max) = self.params.max_insts {
            budget = budget.min(max.saturating_sub(self.core.insts_total));
        }
        let executed = match (
            self.params.trace_exec,
            self.core.present_atomic,
            self.core.fs.is_some(),
        ) {
            (false, false, false) => self.batch::<false, false>(budget, ctx),
            (true, false, false) => self.batch::<true, false>(budget, ctx),
            (false, true, false) => self.batch::<false, true>(budget, ctx),
            (true, true, false) => self.batch::<true, true>(budget, ctx),
            (false, false, true) => self.batch_fs::<false, false>(budget, ctx),
            (true, false, true) => self.batch_fs::<true, false>(budget, ctx),
            (false, true, true) => self.batch_fs::<false, true>(budget, ctx),
            (true, true, true) => self.batch_fs::<true, true>(budget, ctx),
        };
        let when = Tick(start.0 + executed.max(1) * period);
        self.fs_reached = when;
        self.core.stats.num_cycles += executed.max(1);
        if let Some(max) = self.params.max_insts {
            if self.core.insts_total >= max && !ctx.exit_requested() {
                ctx.exit(ExitCause::MaxInsts);
            }
        }
        let os_actions = self.core.os_actions.any();
        if ctx.stop_pending() || self.halted || os_actions {
            // Whatever stopped the batch happened at the last instruction's tick,
            // which lies before any other pending event (a batch never passes one).
            let last = Tick(start.0 + executed.saturating_sub(1) * period);
            let advanced = ctx.advance_to(last);
            debug_assert!(
                advanced || self.core.fs.is_some(),
                "a batch never runs past another event (full system: up to FS_RUN_AHEAD)"
            );
        }
        let mut running = !self.halted;
        if running && os_actions {
            running = self.core.finish_os_actions(ctx);
        }
        if running && self.core.os.is_some() {
            running = self.core.time_slice(executed, when);
        }
        if running && self.core.fs.as_ref().is_some_and(|fs| fs.waiting) {
            self.fs_sleep(when, ctx);
        } else if running {
            ctx.schedule(when, Priority::CPU_TICK, EV_TICK);
        } else if !self.halted {
            self.idle = true;
            self.core.arm_wake(ctx, EV_WAKE);
        }
    }

    /// Execute up to `budget` instructions; returns how many cycles passed.
    /// `PRESENT`: show every fetch and access to the caches (see the module docs).
    fn batch<const TRACE: bool, const PRESENT: bool>(&mut self, budget: u64, ctx: &mut Ctx) -> u64 {
        let start_tick = ctx.now().0;
        let period = self.core.domain.period().0;
        let mut n = 0;
        while n < budget {
            let pc = self.core.pc;
            let inst = match self.core.decoded.get(pc) {
                Some(i) => i,
                None => match self.core.fetch_decode(pc, ctx) {
                    Ok(i) => i,
                    Err(f) => {
                        self.guest_fault(f, ctx);
                        return n;
                    }
                },
            };
            if PRESENT {
                self.core.cycle_base = n;
                if let Err(f) = self.core.present_fetch(pc, inst.size(), ctx) {
                    self.guest_fault(f, ctx);
                    return n;
                }
            }
            self.core.cycle_base = n;
            let mut xc = Xc::new(&mut self.core, ctx, pc, inst.size());
            let r = inst.execute(&mut xc);
            let (next_pc, stop, result) = (xc.next_pc, xc.stop, xc.result);
            n += 1;
            if TRACE {
                let tick = Tick(start_tick + (n - 1) * period);
                trace::exec_line::<I>(ctx, tick, pc, &inst, result, &r);
            }
            match r {
                Ok(()) => {
                    self.core.pc = next_pc;
                    self.core.stats.count(&inst);
                    self.core.insts_total += 1;
                    if stop || ctx.stop_pending() {
                        return n;
                    }
                }
                Err(Fault::Stop) => {
                    self.core.pc = next_pc;
                    self.core.stats.count(&inst);
                    self.core.insts_total += 1;
                    return n;
                }
                Err(f) => {
                    self.guest_fault(f, ctx);
                    return n;
                }
            }
        }
        n
    }

    fn guest_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        match self.core.offer_fault(f, ctx) {
            // `run` acts on the OS's wake-ups and switch after the batch.
            FaultTaken::Resumed => return,
            FaultTaken::Ended => {
                self.halted = true;
                return;
            }
            FaultTaken::Refused => {}
        }
        self.halted = true;
        self.fault = Some(f);
        exit_for_fault::<I>(f, self.core.pc, ctx);
    }
}
