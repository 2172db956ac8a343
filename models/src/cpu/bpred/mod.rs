//! Branch prediction shared by the detailed CPUs (gem5's `BPredUnit`): a direction
//! predictor ([`direction`], [`tage`]), a branch target buffer (gem5's
//! `SimpleBTB`), a return address stack and an indirect target predictor
//! ([`indirect`]), with gem5's `branchPred.*` statistics.
//!
//! Two interfaces: [`BranchPredictor::predict`] predicts and trains at once (an
//! in-order pipeline that resolves each branch before predicting the next), and
//! [`unit`]'s `predict_spec` / `squash_mispredict` / `squash` / `update` for a
//! core with many branches in flight. TAGE-class predictors always go through
//! the second (their global history covers every branch), as does a predictor
//! made with [`BranchPredictor::new_speculative`].

pub mod btb;
pub mod direction;
pub mod indirect;
pub mod loop_pred;
mod stats_v24;
pub mod tage;
pub mod tage_base;
mod tage_history;
pub mod tage_params;
mod tage_stats;
pub mod unit;

use btb::{BtbParams, Ras, SimpleBtb};
use direction::{Direction, DirectionParams};
use indirect::{IndirectParams, IndirectPredictor};
use sim_core::arch::InstFlags;
use sim_core::stats::{StatVisitor, Unit};
use std::collections::VecDeque;

/// Parameters of a branch predictor (gem5's `BranchPredictor` and subclasses).
#[derive(Clone, Debug, PartialEq)]
pub struct BranchPredParams {
    /// The direction predictor and its sizes.
    pub direction: DirectionParams,
    /// `btb` (a `SimpleBTB`).
    pub btb: BtbParams,
    /// `ras.numEntries`; 0 when `ras` is NULL (no return address stack).
    pub ras_entries: u32,
    /// `indirectBranchPred` (a `SimpleIndirectPredictor`); `None` when NULL.
    pub indirect: Option<IndirectParams>,
    /// `requiresBTBHit`.
    pub requires_btb_hit: bool,
    /// `instShiftAmt`: PC bits dropped before indexing.
    pub inst_shift_amt: u32,
}

impl Default for BranchPredParams {
    fn default() -> Self {
        BranchPredParams {
            direction: DirectionParams::tournament(),
            btb: BtbParams::default(),
            ras_entries: 16,
            indirect: Some(IndirectParams::default()),
            requires_btb_hit: false,
            inst_shift_amt: 2,
        }
    }
}

impl BranchPredParams {
    /// Every size check of the predictor and its parts.
    pub fn check(&self) -> Result<(), String> {
        self.direction.check()?;
        self.btb.check()?;
        if let Some(ind) = &self.indirect {
            ind.check()?;
        }
        Ok(())
    }
}

/// What the predictor said about one control instruction, and whether it was right.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// Predicted next PC.
    pub target: u64,
    /// True if the prediction was taken (Fetch2 redirects Fetch1).
    pub taken: bool,
    /// True if the predicted next PC was the actual one.
    pub correct: bool,
}

/// `branchPred.*` counters.
#[derive(Clone, Debug, Default)]
struct BpStats {
    lookups: u64,
    cond_predicted: u64,
    cond_predicted_taken: u64,
    cond_incorrect: u64,
    pred_taken_btb_miss: u64,
    btb_lookups: u64,
    btb_updates: u64,
    btb_hits: u64,
    ras_used: u64,
    ras_incorrect: u64,
    indirect_lookups: u64,
    indirect_hits: u64,
    indirect_misses: u64,
    indirect_mispredicted: u64,
    mispredicted: u64,
}

/// A branch predictor unit.
#[derive(Clone, Debug)]
pub struct BranchPredictor {
    params: BranchPredParams,
    direction: Direction,
    /// gem5's `SimpleBTB` (partial tags; the out-of-order interface).
    btb: SimpleBtb,
    /// The in-order interface's BTB: direct-mapped like `btb`, but tagged with
    /// the whole PC (2-byte instructions sharing a 4-byte slot do not alias),
    /// as this interface has always predicted.
    exact_btb: Vec<(u64, u64)>,
    /// The in-order interface's stack (drops the oldest entry when full).
    ras: Vec<u64>,
    stats: BpStats,
    /// True when predictions go through [`unit`] (and stats print gem5 v24's
    /// per-type tables).
    speculative: bool,
    /// The out-of-order interface's circular RAS.
    spec_ras: Option<Ras>,
    indirect: Option<IndirectPredictor>,
    in_flight: VecDeque<unit::InFlight>,
    spec_stats: unit::SpecStats,
    /// Sequence numbers the in-order interface gives TAGE-class predictions.
    next_seq: u64,
}

impl BranchPredictor {
    /// A predictor in its reset state for an in-order pipeline (`predict`).
    pub fn new(params: BranchPredParams) -> Self {
        let speculative = params.direction.is_tage();
        Self::build(params, speculative)
    }

    /// A predictor for an out-of-order core ([`unit`]'s interface).
    pub fn new_speculative(params: BranchPredParams) -> Self {
        Self::build(params, true)
    }

    fn build(params: BranchPredParams, speculative: bool) -> Self {
        let direction = Direction::with_shift(&params.direction, params.inst_shift_amt);
        BranchPredictor {
            direction,
            btb: SimpleBtb::new(&params.btb),
            exact_btb: vec![
                (u64::MAX, 0);
                params.btb.num_entries.max(1).next_power_of_two() as usize
            ],
            ras: Vec::with_capacity(params.ras_entries as usize),
            stats: BpStats::default(),
            speculative,
            spec_ras: (params.ras_entries > 0).then(|| Ras::new(params.ras_entries)),
            indirect: params.indirect.as_ref().map(IndirectPredictor::new),
            in_flight: VecDeque::new(),
            spec_stats: unit::SpecStats::default(),
            next_seq: 0,
            params,
        }
    }

    fn exact_btb_index(&self, pc: u64) -> usize {
        ((pc >> self.params.inst_shift_amt) as usize) & (self.exact_btb.len() - 1)
    }

    fn btb_lookup(&mut self, pc: u64) -> Option<u64> {
        self.stats.btb_lookups += 1;
        let (tag, target) = self.exact_btb[self.exact_btb_index(pc)];
        let hit = (tag == pc).then_some(target);
        self.stats.btb_hits += hit.is_some() as u64;
        hit
    }

    fn btb_update(&mut self, pc: u64, target: u64) {
        self.stats.btb_updates += 1;
        let i = self.exact_btb_index(pc);
        self.exact_btb[i] = (pc, target);
    }

    /// Predict the control instruction at `pc` (flags `flags`, `size` bytes) whose
    /// actual next PC is `actual`, and train the predictor with the outcome.
    pub fn predict(&mut self, pc: u64, size: u8, flags: InstFlags, actual: u64) -> Prediction {
        if self.speculative {
            return self.predict_in_order(pc, size, flags, actual);
        }
        let s = &mut self.stats;
        s.lookups += 1;
        let fallthrough = pc + size as u64;
        let taken_actual = actual != fallthrough;
        let conditional = flags.has(InstFlags::CONDITIONAL);
        let taken = if conditional {
            s.cond_predicted += 1;
            let idx = pc >> self.params.inst_shift_amt;
            let t = self.direction.predict_and_train(idx, taken_actual);
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
                if target != actual {
                    self.stats.ras_incorrect += 1;
                }
            } else {
                if flags.has(InstFlags::INDIRECT) {
                    self.stats.indirect_lookups += 1;
                }
                match self.btb_lookup(pc) {
                    Some(t) => {
                        target = t;
                        if flags.has(InstFlags::INDIRECT) {
                            self.stats.indirect_hits += 1;
                        }
                    }
                    None => {
                        self.stats.pred_taken_btb_miss += 1;
                        if flags.has(InstFlags::INDIRECT) {
                            self.stats.indirect_misses += 1;
                        }
                    }
                }
            }
        }
        if flags.has(InstFlags::CALL) {
            let entries = self.params.ras_entries as usize;
            if self.ras.len() == entries && !self.ras.is_empty() {
                self.ras.remove(0);
            }
            if entries > 0 {
                self.ras.push(fallthrough);
            }
        }
        // A BTB miss on a predicted-taken branch falls through (nothing to redirect to).
        let taken = taken && target != fallthrough;
        let correct = target == actual;
        if !correct {
            self.stats.mispredicted += 1;
            if conditional {
                self.stats.cond_incorrect += 1;
            }
            if flags.has(InstFlags::INDIRECT) && !flags.has(InstFlags::RETURN) {
                self.stats.indirect_mispredicted += 1;
            }
        }
        if taken_actual && !flags.has(InstFlags::RETURN) {
            self.btb_update(pc, actual);
        }
        Prediction {
            target,
            taken,
            correct,
        }
    }

    /// The in-order interface through the out-of-order one: predict, correct
    /// at once if wrong, commit.
    fn predict_in_order(&mut self, pc: u64, size: u8, flags: InstFlags, actual: u64) -> Prediction {
        let seq = self.next_seq;
        self.next_seq += 1;
        let p = self.predict_spec(seq, pc, size, flags);
        let correct = p.target == actual;
        if !correct {
            let taken_actual = actual != pc + size as u64;
            self.squash_mispredict(seq, actual, taken_actual, true);
        }
        self.update(seq);
        Prediction {
            target: p.target,
            taken: p.taken,
            correct,
        }
    }

    /// Zero the statistics (the tables keep what they learnt).
    pub fn reset_stats(&mut self) {
        self.stats = BpStats::default();
        self.spec_stats = unit::SpecStats::default();
        self.direction.reset_stats();
        if let Some(r) = &mut self.spec_ras {
            r.reset_stats();
        }
        if let Some(i) = &mut self.indirect {
            i.reset_stats();
        }
    }

    /// Mispredicted control instructions since the last reset (committed
    /// ones, for the out-of-order interface).
    pub fn mispredicted(&self) -> u64 {
        if self.speculative {
            self.spec_stats.mispredicted.iter().sum()
        } else {
            self.stats.mispredicted
        }
    }

    /// Report the `branchPred` group (gem5 names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        if self.speculative {
            return self.visit_v24(v);
        }
        let s = &self.stats;
        let count = Unit::Count;
        v.begin_group("branchPred");
        v.scalar("lookups_0", s.lookups as f64, "Number of BP lookups", count);
        v.scalar(
            "condPredicted",
            s.cond_predicted as f64,
            "Number of conditional branches predicted",
            count,
        );
        v.scalar(
            "condPredictedTaken",
            s.cond_predicted_taken as f64,
            "Number of conditional branches predicted as taken",
            count,
        );
        v.scalar(
            "condIncorrect",
            s.cond_incorrect as f64,
            "Number of conditional branches incorrect",
            count,
        );
        v.scalar(
            "predTakenBTBMiss",
            s.pred_taken_btb_miss as f64,
            "Number of branches predicted taken but missed in BTB",
            count,
        );
        v.scalar(
            "mispredicted_0",
            s.mispredicted as f64,
            "Number of committed branches mispredicted",
            count,
        );
        v.scalar(
            "BTBLookups",
            s.btb_lookups as f64,
            "Number of BTB lookups",
            count,
        );
        v.scalar(
            "BTBUpdates",
            s.btb_updates as f64,
            "Number of BTB updates",
            count,
        );
        v.scalar("BTBHits", s.btb_hits as f64, "Number of BTB hits", count);
        v.formula(
            "BTBHitRatio",
            s.btb_hits as f64 / s.btb_lookups as f64,
            Some(6),
            "BTB Hit Ratio",
            Unit::Ratio,
        );
        v.scalar(
            "RASUsed",
            s.ras_used as f64,
            "Number of times the RAS is used to get a target.",
            count,
        );
        v.scalar(
            "RASIncorrect",
            s.ras_incorrect as f64,
            "Number of incorrect RAS predictions.",
            count,
        );
        v.scalar(
            "indirectLookups",
            s.indirect_lookups as f64,
            "Number of indirect predictor lookups.",
            count,
        );
        v.scalar(
            "indirectHits",
            s.indirect_hits as f64,
            "Number of indirect target hits.",
            count,
        );
        v.scalar(
            "indirectMisses",
            s.indirect_misses as f64,
            "Number of indirect misses.",
            count,
        );
        v.scalar(
            "indirectMispredicted",
            s.indirect_mispredicted as f64,
            "Number of mispredicted indirect branches.",
            count,
        );
        v.end_group();
    }
}

#[cfg(test)]
mod tests_tage;
#[cfg(test)]
mod tests_targets;
