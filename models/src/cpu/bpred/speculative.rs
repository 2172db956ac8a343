//! The branch predictor as the out-of-order CPU uses it: a prediction at
//! fetch (direction from the committed history, target from the BTB or the
//! return address stack, which is updated speculatively and repaired on a
//! squash), training and the outcome statistics at commit. Lookups are
//! counted at fetch, wrong path included, as gem5 counts them at prediction;
//! mispredictions at commit.

use super::BranchPredictor;
use sim_core::arch::InstFlags;

/// The return address stack before a prediction: its depth and top entry.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct RasCheckpoint {
    depth: u8,
    top: u64,
}

impl BranchPredictor {
    /// Predict the next PC of the control instruction at `pc` (`size` bytes,
    /// `flags`), updating the return address stack. Returns the predicted
    /// next PC and the stack as it was before.
    pub fn fetch_predict(&mut self, pc: u64, size: u8, flags: InstFlags) -> (u64, RasCheckpoint) {
        let ck = RasCheckpoint {
            depth: self.ras.len() as u8,
            top: self.ras.last().copied().unwrap_or(0),
        };
        let s = &mut self.stats;
        s.lookups += 1;
        let fallthrough = pc + size as u64;
        let taken = if flags.has(InstFlags::CONDITIONAL) {
            s.cond_predicted += 1;
            let t = self.direction.peek(pc >> self.params.inst_shift_amt);
            s.cond_predicted_taken += t as u64;
            t
        } else {
            true
        };
        let mut target = fallthrough;
        if taken {
            if flags.has(InstFlags::RETURN) {
                self.stats.ras_used += 1;
                target = self.ras.pop().unwrap_or(fallthrough);
            } else {
                let indirect = flags.has(InstFlags::INDIRECT);
                if indirect {
                    self.stats.indirect_lookups += 1;
                }
                match self.btb_lookup(pc) {
                    Some(t) => {
                        target = t;
                        self.stats.indirect_hits += indirect as u64;
                    }
                    None => {
                        self.stats.pred_taken_btb_miss += 1;
                        self.stats.indirect_misses += indirect as u64;
                    }
                }
            }
        }
        if flags.has(InstFlags::CALL) && self.params.ras_entries > 0 {
            if self.ras.len() == self.params.ras_entries as usize {
                self.ras.remove(0);
            }
            self.ras.push(fallthrough);
        }
        (target, ck)
    }

    /// Put the return address stack back as it was before a squashed
    /// prediction (the top entry is restored; deeper ones a squashed path
    /// popped are not).
    pub fn restore_ras(&mut self, ck: RasCheckpoint) {
        let depth = ck.depth as usize;
        self.ras.truncate(depth);
        if depth > 0 {
            while self.ras.len() < depth {
                self.ras.push(ck.top);
            }
            self.ras[depth - 1] = ck.top;
        }
    }

    /// A control instruction committed: it went to `actual` and fetch had
    /// predicted `predicted`. Trains the direction predictor (in commit
    /// order, so its history is the committed one) and the BTB.
    pub fn commit_update(
        &mut self,
        pc: u64,
        size: u8,
        flags: InstFlags,
        actual: u64,
        predicted: u64,
    ) {
        let fallthrough = pc + size as u64;
        let taken_actual = actual != fallthrough;
        let conditional = flags.has(InstFlags::CONDITIONAL);
        if conditional {
            self.direction
                .predict_and_train(pc >> self.params.inst_shift_amt, taken_actual);
        }
        if predicted != actual {
            let s = &mut self.stats;
            s.mispredicted += 1;
            s.cond_incorrect += conditional as u64;
            if flags.has(InstFlags::RETURN) {
                s.ras_incorrect += 1;
            } else if flags.has(InstFlags::INDIRECT) {
                s.indirect_mispredicted += 1;
            }
        }
        if taken_actual && !flags.has(InstFlags::RETURN) {
            self.btb_update(pc, actual);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::bpred::BranchPredParams;

    #[test]
    fn a_loop_branch_is_learnt_at_commit_and_predicted_at_fetch() {
        let mut bp = BranchPredictor::new(BranchPredParams::default());
        let f = InstFlags::CONTROL | InstFlags::CONDITIONAL | InstFlags::DIRECT;
        let (mut wrong, mut late) = (0, 0);
        for i in 0..100 {
            let (pred, _) = bp.fetch_predict(0x1000, 4, f);
            wrong += (pred != 0x800) as u32;
            late += (i >= 50 && pred != 0x800) as u32;
            bp.commit_update(0x1000, 4, f, 0x800, pred);
        }
        assert_eq!(late, 0, "learnt after its warm-up ({wrong} wrong in all)");
        assert_eq!(bp.mispredicted(), wrong as u64);
    }

    #[test]
    fn the_return_stack_is_repaired_after_a_squash() {
        let mut bp = BranchPredictor::new(BranchPredParams::default());
        let call = InstFlags::CONTROL | InstFlags::CALL | InstFlags::DIRECT;
        let ret = InstFlags::CONTROL | InstFlags::RETURN | InstFlags::INDIRECT;
        bp.fetch_predict(0x100, 4, call);
        let (t, ck) = bp.fetch_predict(0x200, 4, ret);
        assert_eq!(t, 0x104);
        bp.restore_ras(ck);
        assert_eq!(bp.fetch_predict(0x200, 4, ret).0, 0x104);
    }
}
