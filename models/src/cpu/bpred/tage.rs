//! gem5's `TAGE` and `LTAGE` direction predictors: the TAGE tables
//! ([`TageBase`]) alone, or with the loop predictor ([`LoopPredictor`]) that
//! overrides them on loops with a constant trip count.

use super::loop_pred::{LoopInfo, LoopPredictor};
use super::tage_base::{TageBase, TageInfo};
use super::tage_params::{LoopParams, TageParams};
use sim_core::stats::StatVisitor;

/// A prediction's record (gem5's `TageBranchInfo` / `LTageBranchInfo`).
#[derive(Clone, Debug)]
pub struct TageHist {
    tage: TageInfo,
    lp: Option<LoopInfo>,
}

/// A `TAGE` or (with a loop predictor) `LTAGE` predictor.
#[derive(Clone, Debug)]
pub struct Tage {
    base: TageBase,
    lp: Option<LoopPredictor>,
    /// The predictor's `instShiftAmt` (the loop predictor uses it).
    shift: u32,
    /// State of the allocation choices' pseudo-random sequence (deterministic).
    rng: u64,
}

impl Tage {
    /// A predictor in its reset state; `loop_params` makes it an `LTAGE`.
    pub fn new(tage: &TageParams, loop_params: Option<&LoopParams>, inst_shift_amt: u32) -> Self {
        Tage {
            base: TageBase::new(tage),
            lp: loop_params.map(LoopPredictor::new),
            shift: inst_shift_amt,
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn next_rand(rng: &mut u64) -> u32 {
        // xorshift64*
        let mut x = *rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *rng = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32
    }

    /// Predict the branch at `pc` (conditional or not): the direction and the
    /// record later calls need.
    pub fn lookup(&mut self, pc: u64, cond: bool) -> (bool, TageHist) {
        let (pred, tage) = self.base.predict(pc, cond);
        match &mut self.lp {
            None => (pred, TageHist { tage, lp: None }),
            Some(lp) => {
                let (pred, info) = lp.predict(pc, cond, pred, self.shift);
                (
                    pred,
                    TageHist {
                        tage,
                        lp: Some(info),
                    },
                )
            }
        }
    }

    /// Shift the predicted direction into the histories (at prediction).
    pub fn update_histories(&mut self, pc: u64, taken: bool, h: &mut TageHist) {
        self.base.update_histories(pc, taken, &mut h.tage, true);
    }

    /// The branch of `h` was mispredicted: rebuild the histories as if it had
    /// been predicted `taken` (gem5's `update` with `squashed`).
    pub fn squash_fix(&mut self, taken: bool, h: &TageHist) {
        self.base.squash(taken, &h.tage);
        if let (Some(lp), Some(info)) = (&mut self.lp, &h.lp) {
            if h.tage.cond_branch {
                lp.squash(info);
            }
        }
    }

    /// The branch of `h` was on a wrong path: put the histories back to
    /// before it (called youngest first).
    pub fn discard(&mut self, h: &TageHist) {
        if let (Some(lp), Some(info)) = (&mut self.lp, &h.lp) {
            if h.tage.cond_branch {
                lp.squash(info);
            }
        }
        self.base.restore_before(&h.tage);
    }

    /// Train the tables with the committed branch's outcome.
    pub fn commit(&mut self, pc: u64, taken: bool, mut h: TageHist) {
        if h.tage.cond_branch {
            let nrand = Self::next_rand(&mut self.rng) & 3;
            self.base.update_stats(taken, &h.tage);
            if let (Some(lp), Some(info)) = (&mut self.lp, &mut h.lp) {
                lp.update_stats(taken, info);
                let rng = &mut self.rng;
                let mut rand = || Self::next_rand(rng);
                lp.update(pc, taken, h.tage.tage_pred, info, self.shift, &mut rand);
            }
            self.base.cond_branch_update(taken, &h.tage, nrand);
        }
        self.base.update_histories(pc, taken, &mut h.tage, false);
    }

    /// Predict the conditional branch at `idx` (its PC shifted by
    /// `instShiftAmt`) and train on its outcome at once, histories included
    /// (an in-order pipeline that resolves each branch before the next).
    pub fn predict_and_train(&mut self, idx: u64, taken: bool) -> bool {
        let pc = idx << self.shift;
        let (p, mut h) = self.lookup(pc, true);
        self.update_histories(pc, p, &mut h);
        if p != taken {
            self.squash_fix(taken, &h);
        }
        self.commit(pc, taken, h);
        p
    }

    /// The prediction for the conditional branch at `idx` from the current
    /// histories, changing nothing.
    pub fn peek(&self, idx: u64) -> bool {
        let pc = idx << self.shift;
        let (pred, _) = self.base.predict(pc, true);
        match &self.lp {
            Some(lp) => lp.peek(pc, pred, self.shift),
            None => pred,
        }
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        self.base.reset_stats();
        if let Some(lp) = &mut self.lp {
            lp.reset_stats();
        }
    }

    /// Report the `tage` and (LTAGE) `loop_predictor` groups.
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        self.base.visit(v);
        if let Some(lp) = &self.lp {
            lp.visit(v);
        }
    }
}
