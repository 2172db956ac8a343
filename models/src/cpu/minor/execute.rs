//! Execute: in-order issue (register scoreboard, functional-unit pool,
//! `executeIssueLimit`), execution, in-order commit (`executeCommitLimit`),
//! branch resolution against the prediction, and what a commit hands to the OS.

use super::fs::Step;
use super::store_buffer::PENDING;
use super::{MinorCpu, Planned, Wait};
use crate::cpu::trace;
use sim_core::arch::{Fault, InstFlags, Isa, RegId, StaticInst};
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;

/// Instructions that access data memory through `initiate_acc`/`complete_acc`.
pub(super) const MEMORY: u32 = InstFlags::LOAD.0 | InstFlags::STORE.0 | InstFlags::ATOMIC.0;

/// Instructions that issue only once everything older has committed and act
/// at their issue tick: serializing and non-speculative ones, system calls, m5
/// operations, fences and atomics (LR/SC, AMOs).
const SERIAL: u32 = InstFlags::SERIALIZING.0
    | InstFlags::NON_SPECULATIVE.0
    | InstFlags::SYSCALL.0
    | InstFlags::M5OP.0
    | InstFlags::MEM_BARRIER.0
    | InstFlags::WRITE_BARRIER.0
    | InstFlags::INST_FENCE.0
    | InstFlags::ATOMIC.0;

/// The scoreboard slot of a register.
#[inline]
pub(super) fn slot(r: &RegId) -> usize {
    (r.class as usize) * 4096 + (r.index as usize & 4095)
}

impl<I: Isa> MinorCpu<I> {
    /// True if `inst` must wait for a load in flight: it reads or writes a
    /// register the load has not delivered, or as many younger instructions
    /// as Execute's functional units hold have issued behind the load.
    #[cold]
    pub(super) fn waits_for_load(&self, inst: &I::Inst) -> bool {
        if self.lsq.younger >= self.exec.in_flight_capacity {
            return true;
        }
        let mut regs = [RegId::int(0); 8];
        let n = inst.srcs(&mut regs);
        if regs[..n]
            .iter()
            .any(|r| self.exec.ready[slot(r)] == PENDING)
        {
            return true;
        }
        let n = inst.dests(&mut regs);
        regs[..n]
            .iter()
            .any(|r| self.exec.ready[slot(r)] == PENDING)
    }

    /// Plan the issue of `inst` (reaching Execute at cycle `execute.0` in the
    /// input-buffer entry `execute.1`): the
    /// first cycle its sources are ready, a unit of its class is free, issue
    /// bandwidth is left and, if it serializes, everything older has committed.
    pub(super) fn plan_issue(
        &mut self,
        inst: I::Inst,
        flags: InstFlags,
        pc: u64,
        fetch2: u64,
        (execute, bundle): (u64, u64),
    ) {
        let mut srcs = [RegId::int(0); 8];
        let n = inst.srcs(&mut srcs);
        let timing = &self.exec.class_timing[inst.op_class() as usize];
        // A unit may take a source up to its relative latency after issue.
        let ready = srcs[..n]
            .iter()
            .enumerate()
            .map(|(i, r)| self.exec.ready[slot(r)].saturating_sub(timing.src_relative(i)))
            .max()
            .unwrap_or(0);
        let (extra_assumed, extra_commit) = (timing.extra_assumed, timing.extra_commit);
        let s = &mut self.minor_stats;
        let mut earliest = execute.max(self.exec.issue.last());
        if flags.0 & SERIAL != 0 {
            let drained = self.exec.last_commit + 1;
            if drained > earliest.max(ready) {
                s.serializing_stall_cycles += drained - earliest.max(ready);
            }
            earliest = earliest.max(drained);
        }
        if ready > earliest {
            s.scoreboard_stall_cycles += ready - earliest;
            earliest = ready;
        }
        let fu = self.exec.fus.issue(inst.op_class(), earliest);
        if fu.waited {
            s.fu_busy_stall_cycles += fu.cycle - earliest;
        }
        let p = &self.params;
        let mut issue = self.exec.issue.take(fu.cycle, p.execute_issue_limit);
        if flags.0 & MEMORY != 0 {
            issue = self
                .exec
                .mem_issue
                .take(issue, p.execute_memory_issue_limit);
        }
        self.front.decode.taken(bundle, issue);
        self.planned = Some(Planned {
            inst,
            flags,
            pc,
            fetch2,
            issue,
            op_lat: fu.op_lat,
            extra_assumed,
            extra_commit,
            next_pc: pc + inst.size() as u64,
        });
    }

    /// Issue the planned instruction: memory instructions and serializing ones
    /// at their issue tick, others at once. True if the pipeline goes on now.
    pub(super) fn issue_planned(&mut self, ctx: &mut Ctx) -> bool {
        let (flags, issue) = match &self.planned {
            Some(p) => (p.flags, p.issue),
            None => unreachable!("an instruction is planned"),
        };
        let memory = flags.0 & MEMORY != 0;
        let serial = flags.0 & SERIAL != 0;
        if (memory || serial) && self.wait_for_cycle(issue, Wait::IssueCycle, ctx) {
            return false;
        }
        if serial && !self.lsq.is_empty() {
            // Everything older has left the load/store queue first.
            self.wait = Wait::Data;
            return false;
        }
        if memory || serial {
            // Held back (by the queue) past its planned cycle: issue now.
            let now = self.cycle_of(ctx.now());
            if let Some(pl) = self.planned.as_mut() {
                pl.issue = pl.issue.max(now);
            }
        }
        if memory {
            return self.start_memory(ctx);
        }
        let (inst, pc, done) = match &self.planned {
            Some(p) => (p.inst, p.pc, p.issue + p.op_lat),
            None => unreachable!("an instruction is planned"),
        };
        let fall = pc + inst.size() as u64;
        let s = self.step(&inst, pc, fall, Step::Execute, ctx);
        self.commit(s.next_pc, s.result, &s.r, done, ctx)
    }

    /// Commit the planned instruction, whose result is ready at cycle `done`
    /// (or fault), then resolve its branch and act on what it asked of the OS.
    /// True if the pipeline goes on now.
    pub(super) fn commit(
        &mut self,
        next_pc: u64,
        result: Option<u64>,
        r: &Result<(), Fault>,
        done: u64,
        ctx: &mut Ctx,
    ) -> bool {
        let p = self.planned.take().expect("an instruction is planned");
        if self.params.base.trace_exec {
            trace::exec_line::<I>(ctx, ctx.now(), p.pc, &p.inst, result, r);
        }
        let process_ended = match *r {
            Ok(()) => false,
            Err(Fault::Stop) => true,
            Err(f) => {
                self.guest_fault(f, ctx);
                return false;
            }
        };
        let mut dests = [RegId::int(0); 8];
        let n = p.inst.dests(&mut dests);
        let ready = done + p.extra_assumed;
        for d in &dests[..n] {
            let r = &mut self.exec.ready[slot(d)];
            // A load in flight delivers its own result.
            if *r != PENDING {
                *r = ready;
            }
        }
        if self.lsq.loads_pending() {
            self.lsq.younger += 1;
        }
        let params = &self.params;
        let mut c = (done + p.extra_commit).max(self.exec.last_commit);
        if p.flags.0 & MEMORY != 0 {
            c = self
                .exec
                .mem_commit
                .take(c, params.execute_memory_commit_limit);
        }
        let commit = self.exec.commit.take(c, params.execute_commit_limit);
        self.exec.last_commit = commit;
        self.resolve_branch(&p, next_pc, done, ctx);
        self.core.pc = next_pc;
        self.core.stats.count(&p.inst);
        self.core.insts_total += 1;
        self.counted_to = self.counted_to.max(self.tick_of(commit));
        if let Some(max) = self.params.base.max_insts {
            if self.core.insts_total >= max && !ctx.exit_requested() {
                ctx.exit(ExitCause::MaxInsts);
            }
        }
        let now = ctx.now();
        let mut running = !process_ended;
        if running && self.core.os_actions.any() {
            running = self.core.finish_os_actions(ctx);
        }
        if running && self.core.os.is_some() {
            running = self.core.time_slice(1, now);
        }
        if !running {
            self.go_idle(ctx);
            return false;
        }
        if self.core.pc != next_pc {
            // Another thread was switched in.
            self.squash_all(commit + 1, ctx);
        }
        if ctx.exit_requested() || ctx.stop_pending() {
            // Stop here so nothing runs past the exit or stats dump; a later
            // simulate call resumes at the next cycle.
            let at = self.cycle_of(now) + 1;
            self.wait_for_cycle(at, Wait::FetchCycle, ctx);
            return false;
        }
        true
    }

    /// Check the prediction Fetch2 made for the instruction (`next_pc` is where
    /// it went, `done` the cycle Execute knew). A predicted-taken branch had
    /// Fetch2 send Fetch1 to the predicted target `fetch1ToFetch2BackwardDelay`
    /// cycles after predicting it; a misprediction sends Fetch1 to `next_pc`
    /// `executeBranchDelay` cycles after Execute resolved it, Fetch1 fetching
    /// the predicted path until then.
    fn resolve_branch(&mut self, p: &Planned<I::Inst>, next_pc: u64, done: u64, ctx: &mut Ctx) {
        let size = p.inst.size();
        let fallthrough = p.pc + size as u64;
        let squash_at = done + self.params.execute_branch_delay;
        if p.flags.has(InstFlags::CONTROL) {
            let pred = self.bp.predict(p.pc, size, p.flags, next_pc);
            if pred.taken {
                self.minor_stats.predicted_taken_redirects += 1;
                let at = p.fetch2 + self.params.fetch1_to_fetch2_backward_delay;
                self.fetch1_redirect(pred.target, at, ctx);
            }
            if !pred.correct {
                self.squash_front(next_pc, squash_at, ctx);
            }
        } else if next_pc != fallthrough {
            self.squash_front(next_pc, squash_at, ctx);
        }
    }
}
