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
        if self.core.fs.is_some() && !self.fs_boundary(ctx) {
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
        if self.lsq.loads_pending() && self.waits_for_load(&inst) {
            self.wait = Wait::Data;
            return false;
        }
        let end = pc + inst.size() as u64;
        let Some(arrived) = self.fetched(pc, end, ctx) else {
            if let Some(f) = self.fetch_fault.take() {
                self.guest_fault(f, ctx);
                return false;
            }
            self.wait = Wait::Line;
            return false;
        };
        let p = &self.params;
        let f = &mut self.front;
        let (fetch2, f2_bundle) = f.fetch2.push(
            arrived + p.fetch1_to_fetch2_forward_delay,
            p.decode_input_width,
        );
        let (decode, d_bundle) = f.decode.push(
            fetch2 + p.fetch2_to_decode_forward_delay,
            p.execute_input_width,
        );
        f.fetch2.taken(f2_bundle, decode);
        if let Some(line) = self.fetch1.lines.front_mut() {
            line.last_use = line.last_use.max(fetch2);
        }
        let execute = f.execute_in.take(
            decode + p.decode_to_execute_forward_delay,
            p.execute_input_width,
        );
        self.minor_stats.decoded(flags);
        self.plan_issue(inst, flags, pc, fetch2, (execute, d_bundle));
        true
    }

    /// The cycle the bytes `[pc, end)` of the next instruction reached
    /// Fetch2, the line holding `end - 1` at the head of Fetch2's input buffer
    /// (lines before it finished). None if they have not arrived yet: Fetch1
    /// is on its way to them (a line in flight or a change of stream).
    fn fetched(&mut self, pc: u64, end: u64, ctx: &mut Ctx) -> Option<u64> {
        let (mut from, mut arrived) = match self.front.partial {
            Some((at, when, rest)) if at == pc => (rest, when),
            _ => (pc, 0),
        };
        if self.fetch1.redirect_pending() {
            let now = self.cycle_of(ctx.now());
            self.fetch1_apply_redirects(now);
        }
        if self.fetch1.redirect_pending() {
            // The next instruction is on a stream Fetch1 has not started.
            return None;
        }
        loop {
            let f = &mut self.fetch1;
            match f.lines.front_mut() {
                Some(h) if from >= h.start && from < h.end => {
                    if h.arrived == u64::MAX {
                        return None;
                    }
                    arrived = arrived.max(h.arrived);
                    if end <= h.end {
                        self.front.partial = None;
                        return Some(arrived);
                    }
                    // Straddling into the next line: Fetch2 keeps these bytes.
                    h.last_use = h.last_use.max(h.arrived + 1);
                    from = h.end;
                    self.front.partial = Some((pc, arrived, from));
                    f.pop_line();
                }
                Some(_) => f.pop_line(),
                None => {
                    let now = self.cycle_of(ctx.now());
                    if self.core.fs.is_some() && self.fetch1.stopped_at() == Some(from) {
                        // Full system: the stream stopped where Execute goes next.
                        self.fs_translate_stopped(from, now, ctx);
                        return None;
                    }
                    let f = &mut self.fetch1;
                    if !f.heads_for(from) {
                        // A change of stream nobody announced (the start).
                        self.fetch1_restart(from, now, ctx);
                    } else if f.event_at.is_none() {
                        // Fetch1 has nothing scheduled: let it act now.
                        self.fetch1_step(ctx);
                    }
                    return None;
                }
            }
        }
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
                self.squash_all(now, ctx);
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
        let now = self.cycle_of(ctx.now());
        self.forget_pending_loads(now);
        self.status = Status::Idle;
        self.wait = Wait::Nothing;
        self.planned = None;
        self.fetch1_halt();
        self.core.arm_wake(ctx, super::EV_WAKE);
    }

    /// Squash the front end on a misprediction: Fetch1 changes to the stream
    /// at `addr` when the branch reaches it at cycle `at`.
    pub(super) fn squash_front(&mut self, addr: u64, at: u64, ctx: &mut Ctx) {
        self.minor_stats.squashes += 1;
        self.front.partial = None;
        self.front.fetch2.flush(at);
        self.front.decode.flush(at);
        self.fetch1_redirect(addr, at, ctx);
    }

    /// Squash everything in the front end (a change of thread, a signal
    /// handler): Fetch1 starts again at the PC at cycle `at`.
    pub(super) fn squash_all(&mut self, at: u64, ctx: &mut Ctx) {
        self.minor_stats.squashes += 1;
        self.forget_pending_loads(at);
        self.front.partial = None;
        self.front.fetch2.flush(at);
        self.front.decode.flush(at);
        self.fetch1_restart(self.core.pc, at, ctx);
    }
}
