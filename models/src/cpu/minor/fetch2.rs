//! Fetch2 and Decode: the next instruction is taken from the fetched line (a
//! line fetch is started when it is not all there), and given the cycles it
//! leaves Fetch2 and Decode and reaches Execute under `decodeInputWidth`,
//! `executeInputWidth` and the forward delays between the stages. Also the loop
//! that advances the pipeline.

use super::{MinorCpu, Status, Wait};
use crate::cpu::threads::AfterKick;
use sim_core::arch::{Isa, StaticInst};
use sim_core::component::Ctx;

impl<I: Isa> MinorCpu<I> {
    /// Move instructions through the pipeline until the CPU has to wait for a
    /// cycle, a response or a thread.
    pub(super) fn advance(&mut self, ctx: &mut Ctx) {
        while self.status == Status::Running && self.wait == Wait::Nothing {
            if self.planned.is_none() && !self.plan_next(ctx) {
                return;
            }
            if !self.issue_planned(ctx) {
                return;
            }
        }
    }

    /// Take the next instruction into Execute: decode it, fetch its line if it
    /// is not all fetched, and plan its issue. False if the CPU must wait (or
    /// stopped).
    fn plan_next(&mut self, ctx: &mut Ctx) -> bool {
        if self.core.kicked && !self.keep_thread_after_kick(ctx) {
            return false;
        }
        let pc = self.core.pc;
        let (inst, flags) = match self.core.decoded.get_flagged(pc) {
            Some(known) => known,
            None => match self.core.fetch_decode(pc, ctx) {
                Ok(inst) => (inst, inst.flags()),
                Err(f) => {
                    self.guest_fault(f, ctx);
                    return false;
                }
            },
        };
        let end = pc + inst.size() as u64;
        let (lo, hi) = (self.front.lo, self.front.hi);
        if pc < lo || end > hi {
            // Straddling the end of the fetched bytes: fetch the next line too.
            let straddles = pc >= lo && pc < hi;
            if straddles {
                self.fetch_line(hi, true, ctx);
            } else {
                self.fetch_line(pc, false, ctx);
            }
            return false;
        }
        let p = &self.params;
        let f = &mut self.front;
        let fetch2 = f.fetch2.take(
            f.arrived + p.fetch1_to_fetch2_forward_delay,
            p.decode_input_width,
        );
        let decode = f.decode.take(
            fetch2 + p.fetch2_to_decode_forward_delay,
            p.decode_input_width,
        );
        let execute = f.execute_in.take(
            decode + p.decode_to_execute_forward_delay,
            p.execute_input_width,
        );
        self.minor_stats.decoded(flags);
        self.plan_issue(inst, flags, pc, fetch2, execute);
        true
    }

    /// Woken while running: the OS may have killed the thread. True to go on
    /// with it; otherwise another thread was switched in (the pipeline starts
    /// again) or the CPU is idle.
    #[cold]
    fn keep_thread_after_kick(&mut self, ctx: &mut Ctx) -> bool {
        match self.core.honour_kick(ctx.now()) {
            AfterKick::Kept => true,
            AfterKick::Switched => {
                let now = self.cycle_of(ctx.now());
                self.squash_front(now);
                true
            }
            AfterKick::Idle => {
                self.go_idle(ctx);
                false
            }
        }
    }

    /// No thread left: wait for a wake-up.
    pub(super) fn go_idle(&mut self, ctx: &mut Ctx) {
        self.status = Status::Idle;
        self.wait = Wait::Nothing;
        self.planned = None;
        self.core.arm_wake(ctx, super::EV_WAKE);
    }

    /// Squash the front end (misprediction, change of thread): Fetch1 starts
    /// again at cycle `at`.
    pub(super) fn squash_front(&mut self, at: u64) {
        self.minor_stats.squashes += 1;
        self.front.redirect(at);
    }
}
