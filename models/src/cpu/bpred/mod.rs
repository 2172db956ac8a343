//! Branch prediction shared by the detailed CPUs (gem5's `BPredUnit`): a direction
//! predictor ([`direction`]), a branch target buffer (gem5's `SimpleBTB`, 4096
//! entries) and a return address stack (16 entries), with gem5 v24's
//! `branchPred.*` statistics.

pub mod direction;
mod speculative;

pub use speculative::RasCheckpoint;

use direction::{Direction, DirectionParams};
use sim_core::arch::InstFlags;
use sim_core::stats::{StatVisitor, Unit};

/// Parameters of a branch predictor (gem5's `BranchPredictor` and subclasses).
#[derive(Clone, Debug, PartialEq)]
pub struct BranchPredParams {
    /// The direction predictor and its sizes.
    pub direction: DirectionParams,
    /// `btb.numEntries`.
    pub btb_entries: u32,
    /// `ras.numEntries`.
    pub ras_entries: u32,
    /// `instShiftAmt`: PC bits dropped before indexing.
    pub inst_shift_amt: u32,
}

impl Default for BranchPredParams {
    fn default() -> Self {
        BranchPredParams {
            direction: DirectionParams::tournament(),
            btb_entries: 4096,
            ras_entries: 16,
            inst_shift_amt: 2,
        }
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
    /// Direct-mapped BTB: (tag PC, target) per entry; tag 0 is empty.
    btb: Vec<(u64, u64)>,
    ras: Vec<u64>,
    stats: BpStats,
}

impl BranchPredictor {
    /// A predictor in its reset state.
    pub fn new(params: BranchPredParams) -> Self {
        let direction = Direction::new(&params.direction);
        let btb = vec![(u64::MAX, 0); params.btb_entries.max(1).next_power_of_two() as usize];
        BranchPredictor {
            direction,
            btb,
            ras: Vec::with_capacity(params.ras_entries as usize),
            params,
            stats: BpStats::default(),
        }
    }

    fn btb_index(&self, pc: u64) -> usize {
        ((pc >> self.params.inst_shift_amt) as usize) & (self.btb.len() - 1)
    }

    fn btb_lookup(&mut self, pc: u64) -> Option<u64> {
        self.stats.btb_lookups += 1;
        let (tag, target) = self.btb[self.btb_index(pc)];
        (tag == pc).then(|| {
            self.stats.btb_hits += 1;
            target
        })
    }

    fn btb_update(&mut self, pc: u64, target: u64) {
        self.stats.btb_updates += 1;
        let i = self.btb_index(pc);
        self.btb[i] = (pc, target);
    }

    /// Predict the control instruction at `pc` (flags `flags`, `size` bytes) whose
    /// actual next PC is `actual`, and train the predictor with the outcome.
    pub fn predict(&mut self, pc: u64, size: u8, flags: InstFlags, actual: u64) -> Prediction {
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
            if self.ras.len() == self.params.ras_entries as usize && !self.ras.is_empty() {
                self.ras.remove(0);
            }
            if self.params.ras_entries > 0 {
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

    /// Zero the statistics (the tables keep what they learnt).
    pub fn reset_stats(&mut self) {
        self.stats = BpStats::default();
    }

    /// Mispredicted control instructions since the last reset.
    pub fn mispredicted(&self) -> u64 {
        self.stats.mispredicted
    }

    /// Report the `branchPred` group (gem5 v24 names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
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
