//! Commit: up to `commitWidth` completed instructions a cycle leave the ROB
//! head in program order, `iewToCommitDelay` cycles after they completed.
//! Committing writes the destinations to the architectural registers, frees
//! the physical registers they replaced, applies buffered misc-register
//! writes, hands stores to the store queue's write-back, trains the branch
//! predictor and counts the instruction. A recorded fault is taken here,
//! precisely: everything in flight is squashed and the fault offered to the
//! OS (a signal handler runs, or the CPU stops). At-head instructions
//! execute here on the architectural state.
//!
//! # Full system
//!
//! Interrupts are taken in [`O3Cpu::commit_stage`] before the head
//! instruction commits: with the ROB head not yet committed,
//! `core.regs`/`core.pc` are the precise state, so taking one is
//! `restart_from_arch` after the ISA has redirected `core.pc` to the handler
//! (gem5 likewise checks for interrupts in commit). Faults become the guest's
//! traps, at-head instructions run with the full-system paths (`fs.rs`).

use super::dyn_inst::{ExecKind, MemState, NEVER};
use super::xc::O3Xc;
use super::{bp_seq, O3Cpu, Status};
use crate::cpu::os_fault::FaultTaken;
use crate::cpu::threads::AfterKick;
use crate::cpu::{trace, DCACHE_PORT};
use sim_core::arch::{ArchRegs, Fault, InstFlags, Isa, RegClass, StaticInst};
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::mem::Packet;

impl<I: Isa> O3Cpu<I> {
    /// The commit stage of this cycle.
    pub(super) fn commit_stage(&mut self, ctx: &mut Ctx) {
        let now = self.cycle;
        if now < self.limits.commit_from {
            return; // the ROB is squashing
        }
        if self.core.fs.is_some() && self.fs_interrupt(ctx) {
            return;
        }
        let delay = self.params.iew_to_commit_delay;
        let mut n = 0;
        while n < self.params.commit_width && self.head < self.dispatch_next {
            let seq = self.head;
            let slot = self.slot(seq);
            self.stats.rob_reads += 1;
            if self.ring[slot].kind == ExecKind::AtHead && !self.ring[slot].issued {
                self.start_at_head(slot, ctx);
            }
            let d = &self.ring[slot];
            if d.done_cycle == NEVER || d.done_cycle + delay > now {
                if d.mem == MemState::Uncached {
                    self.fs_send_device_load(slot, ctx);
                }
                break;
            }
            if let Some(f) = d.fault {
                self.take_fault(f, ctx);
                return;
            }
            let at_head = d.kind == ExecKind::AtHead;
            let ended = d.process_ended;
            if !self.commit_one(slot, ctx) {
                return;
            }
            n += 1;
            if ended {
                self.go_idle(ctx);
                return;
            }
            if !self.after_commit(at_head, ctx) {
                return;
            }
            if ctx.exit_requested() || ctx.stop_pending() {
                return;
            }
        }
    }

    /// Commit the head instruction in `slot`. False if the CPU stopped.
    fn commit_one(&mut self, slot: usize, ctx: &mut Ctx) -> bool {
        let d = &self.ring[slot];
        let inst = d.inst.expect("committed instructions are decoded");
        if d.n_misc_writes > 0 || d.n_misc_reads > 0 {
            self.apply_misc(slot, ctx);
        }
        let d = &self.ring[slot];
        let mut result = None;
        for i in 0..d.ndst as usize {
            let (r, p, prev) = (d.dst[i], d.dst_phys[i], d.dst_prev[i]);
            if p == super::dyn_inst::NO_PHYS {
                continue;
            }
            let v = self.rf.values[p as usize];
            result = Some(v);
            match r.class {
                RegClass::Int => self.core.regs.set_int(r.index, v),
                RegClass::Float => self.core.regs.set_float(r.index, v),
                RegClass::CondCode => self.core.regs.set_cc(r.index, v),
                _ => {}
            }
            self.rf.release(r, prev);
        }
        let (flags, pc, next_pc, pred) = (d.flags, d.pc, d.next_pc, d.pred_next);
        if self.params.base.trace_exec {
            trace::exec_line::<I>(ctx, ctx.now(), pc, &inst, result, &Ok(()));
        }
        if d.is_store() {
            self.ring[slot].committed = true;
        } else if d.is_load() {
            self.lq.pop_front();
        }
        if flags.has(InstFlags::CONTROL) {
            self.bp.update(bp_seq(self.ring[slot].seq));
            if flags.has(InstFlags::CALL) {
                self.stats.commit_function_calls += 1;
            }
            if next_pc != pred {
                self.stats.commit_branch_mispredicts += 1;
            }
        }
        if flags.has(InstFlags::ATOMIC) && flags.has(InstFlags::STORE) {
            self.stats.commit_amos += 1;
        }
        if flags.has(InstFlags::MEM_BARRIER) {
            self.stats.commit_membars += 1;
        }
        if self.pipeview {
            self.pipeview_line(slot);
        }
        self.core.stats.count(&inst);
        self.stats.commit_by_class[inst.op_class() as usize] += 1;
        self.core.insts_total += 1;
        self.core.pc = next_pc;
        self.head += 1;
        if let Some(max) = self.params.base.max_insts {
            if self.core.insts_total >= max && !ctx.exit_requested() {
                ctx.exit(ExitCause::MaxInsts);
            }
        }
        true
    }

    /// Apply an ordinary instruction's misc-register writes. If a register it
    /// read has changed since (an older instruction's write committed after
    /// it executed), execute it again on the committed state instead; its
    /// register results do not depend on those registers.
    #[cold]
    fn apply_misc(&mut self, slot: usize, ctx: &mut Ctx) {
        let d = &self.ring[slot];
        let stale = d.misc_reads[..d.n_misc_reads as usize]
            .iter()
            .any(|&(i, v)| self.core.regs.read_misc(i).ok() != Some(v));
        if !stale || d.kind != ExecKind::Ordinary {
            let writes = d.misc_writes;
            for &(i, v) in &writes[..d.n_misc_writes as usize] {
                // The ISA accepted the write when the instruction executed.
                let _ = self.core.regs.set_misc(i, v);
            }
            return;
        }
        let inst = d.inst.expect("decoded");
        // The writes buffered by the first execution came from the stale values:
        // the new execution must not read them back (FP flags accrued by two
        // instructions in flight would lose the older one's).
        self.ring[slot].n_misc_writes = 0;
        let mut xc = O3Xc {
            core: &mut self.core,
            ctx,
            rf: &mut self.rf,
            di: &mut self.ring[slot],
            at_commit: true,
            result: None,
        };
        let _ = inst.execute(&mut xc);
    }

    /// After a commit: OS requests, time slices and kicks, and the restart
    /// after an at-head instruction. False if the CPU stopped or switched.
    fn after_commit(&mut self, at_head: bool, ctx: &mut Ctx) -> bool {
        let now = ctx.now();
        let next = self.cycle + 1;
        let mut running = true;
        if self.core.os_actions.any() {
            running = self.core.finish_os_actions(ctx);
            if running {
                self.restart_from_arch(next);
                return false;
            }
        }
        if running && self.core.os.is_some() {
            let pc = self.core.pc;
            running = self.core.time_slice(1, now);
            if running && (self.core.pc != pc) {
                self.restart_from_arch(next);
                return false;
            }
        }
        if running && self.core.kicked {
            match self.core.honour_kick(now) {
                AfterKick::Kept => {}
                AfterKick::Switched => {
                    self.restart_from_arch(next);
                    return false;
                }
                AfterKick::Idle => running = false,
            }
        }
        if !running {
            self.go_idle(ctx);
            return false;
        }
        if at_head {
            // Serialize-after: start again behind it on the committed state.
            self.restart_from_arch(next);
            if self.core.fs.is_some() {
                self.fs_after_at_head(ctx);
            }
            return false;
        }
        true
    }

    /// Execute the at-head instruction in `slot` once the store queue has
    /// drained (everything older has committed: it is the head).
    fn start_at_head(&mut self, slot: usize, ctx: &mut Ctx) {
        if self.sq.len() > 0 {
            self.stats.commit_non_spec_stalls += 1;
            return;
        }
        let now = self.cycle;
        let d = &mut self.ring[slot];
        d.issued = true;
        d.ticks.issue = now * self.period;
        let inst = d.inst.expect("decoded");
        let (pc, flags) = (d.pc, d.flags);
        let memory = flags.0 & (InstFlags::LOAD.0 | InstFlags::STORE.0) != 0;
        let (r, next_pc) = super::fs::exec_at_head(&mut self.core, ctx, pc, inst, memory);
        let d = &mut self.ring[slot];
        d.next_pc = next_pc;
        match r {
            Ok(()) => {}
            Err(Fault::Stop) => d.process_ended = true,
            Err(f) => d.fault = Some(f),
        }
        let mut access = self.core.pending_access.take();
        if let (Some(a), true) = (access.as_mut(), self.core.fs.is_some()) {
            super::fs::mark_device(a);
        }
        match access {
            Some(a) if r.is_ok() => {
                d.access = Some(a);
                if a.sc_already_failed(&self.core.monitor) {
                    return self.at_head_data(slot, ctx);
                }
                d.mem = MemState::InFlight;
                d.outstanding = a.nfrags;
                d.resp = [0; 8];
                let requestor = self.core.requestor;
                let uid = d.uid;
                for i in 0..a.nfrags as usize {
                    let mut pkt: Packet = a.packet(i, requestor, pc);
                    pkt.tag = super::lsq::data_tag(uid, slot, i);
                    self.send(DCACHE_PORT, pkt, ctx);
                }
            }
            _ => {
                d.mem = MemState::Done;
                d.done_cycle = now;
                d.ticks.complete = now * self.period;
                if d.process_ended || ctx.exit_requested() || ctx.stop_pending() {
                    // Commit at once: the simulation stops after this event.
                    d.done_cycle = now.saturating_sub(self.params.iew_to_commit_delay);
                }
            }
        }
    }

    /// The at-head memory instruction in `slot` has its responses: perform
    /// the access and complete it on the architectural state.
    pub(super) fn at_head_data(&mut self, slot: usize, ctx: &mut Ctx) {
        let now = self.cycle;
        let d = &mut self.ring[slot];
        let value = d
            .access
            .as_ref()
            .map_or(0, |a| a.perform(&self.core.monitor, &d.resp));
        let (pc, inst, next_pc) = (d.pc, d.inst.expect("decoded"), d.next_pc);
        let (r, next_pc) =
            super::fs::complete_at_head(&mut self.core, ctx, pc, inst, next_pc, value);
        let d = &mut self.ring[slot];
        d.next_pc = next_pc;
        if let Err(f) = r {
            d.fault = Some(f);
        }
        d.mem = MemState::Done;
        d.done_cycle = now;
        d.ticks.complete = now * self.period;
    }

    /// Take the fault of the head instruction: squash everything, then offer
    /// it to the OS (a signal handler runs from the next cycle on) or stop.
    fn take_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        if self.core.fs.is_some() && f != Fault::Stop {
            return self.fs_take_fault(f, ctx);
        }
        let next = self.cycle + self.params.trap_latency.max(1);
        self.squash_after(self.head.wrapping_sub(1), self.core.pc, next);
        match self.core.offer_fault(f, ctx) {
            FaultTaken::Resumed => {
                let running = !self.core.os_actions.any() || self.core.finish_os_actions(ctx);
                if !running {
                    self.go_idle(ctx);
                    return;
                }
                self.restart_from_arch(next);
            }
            FaultTaken::Ended => self.status = Status::Halted,
            FaultTaken::Refused => {
                self.status = Status::Halted;
                self.fault = Some(f);
                crate::cpu::exec_context::exit_for_fault::<I>(f, self.core.pc, ctx);
            }
        }
    }
}
