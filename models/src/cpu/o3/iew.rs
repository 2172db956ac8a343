//! Issue, execute and writeback: each cycle up to `issueWidth` ready
//! instructions leave the issue queue oldest first, each taking a unit of
//! the functional-unit pool (`iq.fuBusy` counts those that found none).
//! An ordinary instruction executes as it issues, its destinations ready
//! `opLat` cycles later (its dependents issue then); a memory instruction
//! computes its address and goes to the LSQ. A control instruction whose
//! next PC differs from the prediction squashes everything younger and
//! redirects fetch.

use super::dyn_inst::{ExecKind, NO_PHYS};
use super::fu_pool::FuGrant;
use super::xc::O3Xc;
use super::{bp_seq, O3Cpu};
use sim_core::arch::{Isa, OpClass, StaticInst};
use sim_core::component::Ctx;

impl<I: Isa> O3Cpu<I> {
    /// The issue stage of this cycle.
    pub(super) fn issue_stage(&mut self, ctx: &mut Ctx) {
        let now = self.cycle;
        let words = self.ready.len();
        let start = self.slot(self.head);
        let mut issued = 0;
        let width = self.params.issue_width;
        // Oldest first: from the head's slot around the ring.
        let (w0, b0) = (start / 64, start % 64);
        for k in 0..=words {
            let w = (w0 + k) % words;
            let mut bits = self.ready[w];
            if k == 0 {
                bits &= !0u64 << b0;
            } else if k == words {
                bits &= (1u64 << b0).wrapping_sub(1);
            }
            while bits != 0 {
                if issued >= width {
                    return;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let slot = w * 64 + b;
                if self.ready[w] & (1 << b) == 0 {
                    continue; // squashed meanwhile
                }
                let class = self.ring[slot].inst.map_or(OpClass::No, |i| i.op_class());
                match self.fus.issue(class, now) {
                    FuGrant::Busy => {
                        self.stats.iq_fu_busy += 1;
                        self.stats.iq_fu_busy_by_class[class as usize] += 1;
                    }
                    FuGrant::Issued(lat) => {
                        self.ready[w] &= !(1 << b);
                        issued += 1;
                        self.stats.iq_issued_by_class[class as usize] += 1;
                        self.issue_one(slot, lat, ctx);
                    }
                }
            }
        }
        let _ = issued;
    }

    /// Issue the instruction in `slot`, its result `lat` cycles from now.
    fn issue_one(&mut self, slot: usize, lat: u64, ctx: &mut Ctx) {
        let extra = self.execute_delay();
        let now = self.cycle + extra;
        let issue_tick = self.cycle * self.period;
        self.iq_count -= 1;
        let d = &mut self.ring[slot];
        d.in_iq = false;
        d.issued = true;
        d.ticks.issue = issue_tick;
        let seq = d.seq;
        let inst = d.inst.expect("issued instructions are decoded");
        let flags = d.flags;
        self.stats.count_issued(flags);
        if d.kind == ExecKind::Memory {
            let r = {
                let mut xc = O3Xc {
                    core: &mut self.core,
                    ctx,
                    rf: &mut self.rf,
                    di: &mut self.ring[slot],
                    at_commit: false,
                    result: None,
                };
                inst.initiate_acc(&mut xc)
            };
            let d = &mut self.ring[slot];
            if let Err(f) = r {
                d.fault = Some(f);
                d.access = None;
                self.finish(slot, now + lat);
                return;
            }
            if self.core.fs.is_some() && self.fs_device_access(slot) {
                return; // a device load waits to be the head
            }
            let d = &mut self.ring[slot];
            if extra > 0 {
                let uid = d.uid;
                self.delay_mem(now, slot, uid, lat);
            } else if d.is_store() {
                self.store_executed(slot, seq, now + lat);
            } else {
                self.load_executed(slot, seq, ctx);
            }
            return;
        }
        let r = {
            let mut xc = O3Xc {
                core: &mut self.core,
                ctx,
                rf: &mut self.rf,
                di: &mut self.ring[slot],
                at_commit: false,
                result: None,
            };
            inst.execute(&mut xc)
        };
        if let Err(f) = r {
            self.ring[slot].fault = Some(f);
        }
        self.finish(slot, now + lat);
        let d = &self.ring[slot];
        if d.fault.is_none() && d.next_pc != d.pred_next {
            let (target, pred, pc, size) = (d.next_pc, d.pred_next, d.pc, d.size);
            self.stats.iew_branch_mispredicts += 1;
            let taken = target != pc + size as u64;
            self.bp.squash_mispredict(bp_seq(seq), target, taken, true);
            if pred != pc + size as u64 {
                self.stats.iew_pred_taken_incorrect += 1;
            } else {
                self.stats.iew_pred_not_taken_incorrect += 1;
            }
            let at = now + self.params.iew_to_fetch_delay;
            self.squash_after(seq, target, at);
        }
    }

    /// The instruction in `slot` completes at cycle `at`: its destinations
    /// are ready then and its dependents wake.
    pub(super) fn finish(&mut self, slot: usize, at: u64) {
        let at = self.writeback_cycle(at);
        let d = &mut self.ring[slot];
        d.done_cycle = at;
        d.ticks.complete = at * self.period;
        let n = d.ndst as usize;
        let phys = d.dst_phys;
        self.stats.iew_writebacks += n as u64;
        for &p in &phys[..n] {
            if p != NO_PHYS {
                self.produce(p, at);
            }
        }
    }

    /// Squash every instruction younger than `keep` and restart fetch at
    /// `pc` from cycle `at`: renames are undone youngest first, issue-queue
    /// and LSQ entries dropped, the branch predictor's younger records (and
    /// their history and RAS updates) undone.
    pub(super) fn squash_after(&mut self, keep: u64, pc: u64, at: u64) {
        let mut oldest_uid = None;
        let first = keep.wrapping_add(1).max(self.head);
        let in_rob = self.dispatch_next.saturating_sub(first);
        let mut seq = self.tail;
        while seq > first {
            seq -= 1;
            let slot = self.slot(seq);
            let d = &mut self.ring[slot];
            if seq < self.rename_next {
                for i in (0..d.ndst as usize).rev() {
                    self.rf.undo(d.dst[i], d.dst_phys[i], d.dst_prev[i]);
                }
                if d.kind == ExecKind::AtHead {
                    self.serial_block = false;
                }
                self.stats.rename_undone_maps += d.ndst as u64;
                self.stats.iew_squashed_insts += 1;
            } else if seq < self.decode_next {
                self.stats.rename_squashed_insts += 1;
            } else {
                self.stats.decode_squashed_insts += 1;
            }
            if d.in_iq {
                d.in_iq = false;
                self.iq_count -= 1;
                self.ready[slot / 64] &= !(1 << (slot % 64));
            }
            if d.is_load() && d.mem == super::dyn_inst::MemState::Blocked {
                self.blocked_loads -= 1;
            }
            oldest_uid = Some(d.uid);
            d.seq = u64::MAX;
            d.uid = u64::MAX;
            self.stats.commit_squashed_insts += (seq < self.rename_next) as u64;
        }
        while self.lq.back().is_some_and(|s| s >= first) {
            self.lq.pop_back();
            self.stats.lsq_squashed_loads += 1;
        }
        while self.sq.back().is_some_and(|s| s >= first) {
            self.sq.pop_back();
            self.stats.lsq_squashed_stores += 1;
        }
        if let Some(u) = oldest_uid {
            self.store_sets.squash(u - 1);
        }
        self.bp.squash(bp_seq(keep));
        if self.tail > first {
            self.rob_squashing(in_rob);
        }
        let new_tail = first.min(self.tail);
        self.tail = new_tail;
        self.decode_next = self.decode_next.min(new_tail);
        self.rename_next = self.rename_next.min(new_tail);
        self.dispatch_next = self.dispatch_next.min(new_tail);
        self.fetch.redirect(pc, at);
    }
}
