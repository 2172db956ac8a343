//! The out-of-order interface of [`BranchPredictor`] (gem5 v24's `BPredUnit`):
//! [`BranchPredictor::predict_spec`] predicts a control instruction at fetch
//! and keeps its record (the handle is the instruction's sequence number),
//! speculatively updating the histories; [`BranchPredictor::squash_mispredict`]
//! corrects them when execution finds it wrong; [`BranchPredictor::squash`]
//! drops the records of squashed younger instructions, restoring the
//! histories; [`BranchPredictor::update`] trains the tables at commit.

use super::btb::RasHist;
use super::direction::speculative::DirHist;
use super::indirect::IndHist;
use super::BranchPredictor;
use sim_core::arch::InstFlags;

/// gem5's `BranchType`, the index of the per-type statistics.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BranchType {
    NoBranch,
    Return,
    CallDirect,
    CallIndirect,
    DirectCond,
    DirectUncond,
    IndirectCond,
    IndirectUncond,
}

/// gem5's names of the branch types (statistics subnames).
pub const BRANCH_TYPE_NAMES: [&str; 8] = [
    "NoBranch",
    "Return",
    "CallDirect",
    "CallIndirect",
    "DirectCond",
    "DirectUncond",
    "IndirectCond",
    "IndirectUncond",
];

/// gem5's names of the target providers.
pub const TARGET_PROVIDER_NAMES: [&str; 4] = ["NoTarget", "BTB", "RAS", "Indirect"];

impl BranchType {
    /// The type of a control instruction with `flags`.
    pub fn of(flags: InstFlags) -> Self {
        let cond = flags.has(InstFlags::CONDITIONAL);
        if !flags.has(InstFlags::CONTROL) {
            BranchType::NoBranch
        } else if flags.has(InstFlags::RETURN) {
            BranchType::Return
        } else if flags.has(InstFlags::CALL) {
            if flags.has(InstFlags::INDIRECT) {
                BranchType::CallIndirect
            } else {
                BranchType::CallDirect
            }
        } else if flags.has(InstFlags::INDIRECT) {
            if cond {
                BranchType::IndirectCond
            } else {
                BranchType::IndirectUncond
            }
        } else if cond {
            BranchType::DirectCond
        } else {
            BranchType::DirectUncond
        }
    }
}

/// Where a prediction's target came from (gem5's `TargetProvider`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Provider {
    NoTarget = 0,
    Btb = 1,
    Ras = 2,
    Indirect = 3,
}

/// A prediction made at fetch.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SpecPrediction {
    /// Predicted taken (with a target to redirect fetch to).
    pub taken: bool,
    /// The predicted next PC (the fall-through when not taken).
    pub target: u64,
}

/// One in-flight control instruction (gem5's `PredictorHistory`).
#[derive(Clone, Debug)]
pub(super) struct InFlight {
    seq: u64,
    pc: u64,
    size: u8,
    flags: InstFlags,
    ty: BranchType,
    cond_pred: bool,
    actually_taken: bool,
    btb_hit: bool,
    target: u64,
    provider: Provider,
    mispredict: bool,
    dir: DirHist,
    ras: Option<RasHist>,
    ind: Option<IndHist>,
}

/// gem5 v24's `BPredUnit` statistics (one thread).
#[derive(Clone, Debug, Default)]
pub(super) struct SpecStats {
    pub lookups: [u64; 8],
    pub squashes: [u64; 8],
    pub corrected: [u64; 8],
    pub early_resteers: [u64; 8],
    pub committed: [u64; 8],
    pub mispredicted: [u64; 8],
    pub target_provider: [u64; 4],
    pub target_wrong: [u64; 8],
    pub cond_predicted: u64,
    pub cond_predicted_taken: u64,
    pub cond_incorrect: u64,
    pub pred_taken_btb_miss: u64,
    pub not_taken_mispredicted: u64,
    pub taken_mispredicted: u64,
    pub btb_lookups: u64,
    pub btb_updates: u64,
    pub btb_hits: u64,
    pub btb_mispredicted: u64,
    pub indirect_lookups: u64,
    pub indirect_hits: u64,
    pub indirect_misses: u64,
    pub indirect_mispredicted: u64,
}

impl BranchPredictor {
    fn dir_index(&self, pc: u64) -> u64 {
        pc >> self.params.inst_shift_amt
    }

    /// Predict the control instruction `seq` at `pc` (`size` bytes, `flags`)
    /// and update the histories as if the prediction were right. Sequence
    /// numbers must increase; the record stays until [`Self::update`] commits
    /// it or [`Self::squash`] drops it.
    pub fn predict_spec(
        &mut self,
        seq: u64,
        pc: u64,
        size: u8,
        flags: InstFlags,
    ) -> SpecPrediction {
        let ty = BranchType::of(flags);
        let fallthrough = pc + size as u64;
        self.spec_stats.lookups[ty as usize] += 1;
        let uncond = !flags.has(InstFlags::CONDITIONAL);
        let idx = self.dir_index(pc);
        let (cond_pred, mut dir) = self.direction.lookup(pc, idx, !uncond);
        if !uncond {
            self.spec_stats.cond_predicted += 1;
            self.spec_stats.cond_predicted_taken += cond_pred as u64;
        }
        let mut pred_taken = cond_pred;
        let mut provider = Provider::NoTarget;
        let mut target = fallthrough;
        self.spec_stats.btb_lookups += 1;
        let btb = self.btb.lookup(pc);
        if let Some(t) = btb {
            self.spec_stats.btb_hits += 1;
            if pred_taken {
                provider = Provider::Btb;
                target = t;
            }
        }
        let detected = btb.is_some() || !self.params.requires_btb_hit;
        let mut ras_hist = None;
        if let (Some(ras), true) = (&mut self.spec_ras, detected) {
            let mut h = RasHist::default();
            if flags.has(InstFlags::CALL) {
                ras.push(fallthrough, &mut h);
                ras_hist = Some(h);
            } else if flags.has(InstFlags::RETURN) {
                if let Some(t) = ras.pop(&mut h) {
                    target = t;
                    provider = Provider::Ras;
                }
                ras_hist = Some(h);
            }
        }
        let mut ind_hist = None;
        let indirect_no_return = flags.has(InstFlags::INDIRECT) && !flags.has(InstFlags::RETURN);
        if let Some(ip) = &mut self.indirect {
            if pred_taken && detected && indirect_no_return {
                self.spec_stats.indirect_lookups += 1;
                let (t, h) = ip.lookup(pc);
                ind_hist = Some(h);
                match t {
                    Some(t) => {
                        self.spec_stats.indirect_hits += 1;
                        provider = Provider::Indirect;
                        target = t;
                    }
                    None => self.spec_stats.indirect_misses += 1,
                }
            }
        }
        if provider == Provider::NoTarget {
            target = fallthrough;
            pred_taken = false;
        }
        self.spec_stats.target_provider[provider as usize] += 1;
        self.direction.update_histories(pc, pred_taken, &mut dir);
        if let Some(ip) = &mut self.indirect {
            let mut h = ind_hist.unwrap_or_else(|| ip.record(pc));
            ip.update(false, pred_taken, target, indirect_no_return, &mut h);
            ind_hist = Some(h);
        }
        self.in_flight.push_back(InFlight {
            seq,
            pc,
            size,
            flags,
            ty,
            cond_pred,
            actually_taken: pred_taken,
            btb_hit: btb.is_some(),
            target,
            provider,
            mispredict: false,
            dir,
            ras: ras_hist,
            ind: ind_hist,
        });
        SpecPrediction {
            taken: pred_taken,
            target,
        }
    }

    /// Commit every record up to and including `done_seq`: train the tables
    /// with the outcomes.
    pub fn update(&mut self, done_seq: u64) {
        while self.in_flight.front().is_some_and(|h| h.seq <= done_seq) {
            let h = self.in_flight.pop_front().expect("checked non-empty");
            let t = h.ty as usize;
            self.spec_stats.committed[t] += 1;
            if h.mispredict {
                self.spec_stats.mispredicted[t] += 1;
            }
            let idx = self.dir_index(h.pc);
            self.direction.commit(h.pc, idx, h.actually_taken, h.dir);
            if let Some(ip) = &mut self.indirect {
                ip.commit();
            }
            if let (Some(ras), Some(rh)) = (&mut self.spec_ras, &h.ras) {
                ras.commit(h.mispredict, rh);
            }
        }
    }

    /// Drop the records younger than `squashed_seq` (a squash for any
    /// reason), youngest first, undoing their history updates.
    pub fn squash(&mut self, squashed_seq: u64) {
        while self.in_flight.back().is_some_and(|h| h.seq > squashed_seq) {
            let mut h = self.in_flight.pop_back().expect("checked non-empty");
            self.spec_stats.squashes[h.ty as usize] += 1;
            if let (Some(ras), Some(rh)) = (&mut self.spec_ras, &mut h.ras) {
                ras.squash(rh);
            }
            if let (Some(ip), Some(ih)) = (&mut self.indirect, &h.ind) {
                ip.squash(ih);
            }
            self.direction.discard(&h.dir);
        }
    }

    /// The control instruction `seq` was mispredicted: it really goes to
    /// `corr_target` (`actually_taken`). Drops the younger records and fixes
    /// the histories, RAS and BTB (`from_commit` false counts an early
    /// resteer, as from decode).
    pub fn squash_mispredict(
        &mut self,
        seq: u64,
        corr_target: u64,
        actually_taken: bool,
        from_commit: bool,
    ) {
        self.spec_stats.cond_incorrect += 1;
        self.squash(seq);
        let Some(h) = self.in_flight.back_mut().filter(|h| h.seq == seq) else {
            return;
        };
        let s = &mut self.spec_stats;
        let t = h.ty as usize;
        s.corrected[t] += 1;
        if h.target != corr_target {
            s.target_wrong[h.provider as usize] += 1;
        }
        if !from_commit {
            s.early_resteers[t] += 1;
        }
        if actually_taken {
            s.not_taken_mispredicted += 1;
        } else {
            s.taken_mispredicted += 1;
        }
        let indirect_no_return =
            h.flags.has(InstFlags::INDIRECT) && !h.flags.has(InstFlags::RETURN);
        if indirect_no_return {
            s.indirect_mispredicted += 1;
        }
        h.mispredict = true;
        h.actually_taken = actually_taken;
        h.target = corr_target;
        self.direction.squash_fix(actually_taken, &h.dir);
        if let Some(ip) = &mut self.indirect {
            let mut ih = h.ind.unwrap_or_else(|| ip.record(h.pc));
            ip.update(
                true,
                actually_taken,
                corr_target,
                indirect_no_return,
                &mut ih,
            );
            h.ind = Some(ih);
        }
        if let Some(ras) = &mut self.spec_ras {
            let ras_touched = h.ras.is_some_and(|r| r.pushed_or_popped());
            if actually_taken && !ras_touched {
                let mut rh = h.ras.unwrap_or_default();
                if h.flags.has(InstFlags::RETURN) {
                    ras.pop(&mut rh);
                }
                if h.flags.has(InstFlags::CALL) {
                    ras.push(h.pc + h.size as u64, &mut rh);
                }
                h.ras = Some(rh);
            } else if !actually_taken && ras_touched {
                if let Some(rh) = &mut h.ras {
                    ras.squash(rh);
                }
            }
        }
        let direct = h.flags.has(InstFlags::DIRECT) || !h.flags.has(InstFlags::INDIRECT);
        if actually_taken
            && (self.params.requires_btb_hit
                || direct
                || (self.indirect.is_none() && !h.flags.has(InstFlags::RETURN)))
        {
            if !h.btb_hit {
                self.spec_stats.btb_mispredicted += 1;
                if h.cond_pred {
                    self.spec_stats.pred_taken_btb_miss += 1;
                }
            }
            self.spec_stats.btb_updates += 1;
            self.btb.update(h.pc, corr_target);
        }
    }

    /// Control instructions predicted and not yet committed or squashed.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }
}
