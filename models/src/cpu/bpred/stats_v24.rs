//! gem5 v24's `branchPred.*` statistics of the out-of-order interface: the
//! per-branch-type tables (`lookups_0::DirectCond`, ...), the BTB and indirect
//! counters, and the groups of the RAS, indirect and TAGE parts.

use super::unit::{BRANCH_TYPE_NAMES, TARGET_PROVIDER_NAMES};
use super::BranchPredictor;
use sim_core::stats::{StatVisitor, Unit};

impl BranchPredictor {
    pub(super) fn visit_v24(&self, v: &mut dyn StatVisitor) {
        let s = &self.spec_stats;
        let c = Unit::Count;
        v.begin_group("branchPred");
        let types = Some(&BRANCH_TYPE_NAMES[..]);
        let per_type: [(&str, &[u64; 8], &str); 7] = [
            ("lookups_0", &s.lookups, "Number of BP lookups"),
            ("squashes_0", &s.squashes, "Number of branches that got squashed (completely removed) as an earlier branch was mispredicted."),
            ("corrected_0", &s.corrected, "Number of branches that got corrected but not yet commited. Branches get corrected by decode or after execute. Also a branch misprediction can be detected out-of-order. Therefore, a corrected branch might not end up beeing committed in case an even earlier branch was mispredicted"),
            ("earlyResteers_0", &s.early_resteers, "Number of branches that got redirected after decode."),
            ("committed_0", &s.committed, "Number of branches finally committed "),
            ("mispredicted_0", &s.mispredicted, "Number of committed branches mispredicted."),
            ("targetWrong_0", &s.target_wrong, "Number of branches where the target was wrong (gem5 files it by target provider under the branch-type names)"),
        ];
        for (name, values, desc) in per_type.iter().take(6) {
            v.vector_u64(name, &values[..], types, desc, c);
        }
        v.vector_u64(
            "targetProvider_0",
            &s.target_provider,
            Some(&TARGET_PROVIDER_NAMES[..]),
            "The component providing the target for taken branches",
            c,
        );
        let (name, values, desc) = per_type[6];
        v.vector_u64(name, &values[..], types, desc, c);
        let scalars = [
            (
                "condPredicted",
                s.cond_predicted,
                "Number of conditional branches predicted",
            ),
            (
                "condPredictedTaken",
                s.cond_predicted_taken,
                "Number of conditional branches predicted as taken",
            ),
            (
                "condIncorrect",
                s.cond_incorrect,
                "Number of conditional branches incorrect",
            ),
            (
                "predTakenBTBMiss",
                s.pred_taken_btb_miss,
                "Number of branches predicted taken but missed in BTB",
            ),
            (
                "NotTakenMispredicted",
                s.not_taken_mispredicted,
                "Number branches predicted 'not taken' but turned out to be taken",
            ),
            (
                "TakenMispredicted",
                s.taken_mispredicted,
                "Number branches predicted taken but are actually not taken",
            ),
            ("BTBLookups", s.btb_lookups, "Number of BTB lookups"),
            ("BTBUpdates", s.btb_updates, "Number of BTB updates"),
            ("BTBHits", s.btb_hits, "Number of BTB hits"),
        ];
        for (name, value, desc) in scalars {
            v.scalar(name, value as f64, desc, c);
        }
        v.formula(
            "BTBHitRatio",
            s.btb_hits as f64 / s.btb_lookups as f64,
            Some(6),
            "BTB Hit Ratio",
            Unit::Ratio,
        );
        let scalars = [
            (
                "BTBMispredicted",
                s.btb_mispredicted,
                "Number BTB mispredictions. No target found or target wrong",
            ),
            (
                "indirectLookups",
                s.indirect_lookups,
                "Number of indirect predictor lookups.",
            ),
            (
                "indirectHits",
                s.indirect_hits,
                "Number of indirect target hits.",
            ),
            (
                "indirectMisses",
                s.indirect_misses,
                "Number of indirect misses.",
            ),
            (
                "indirectMispredicted",
                s.indirect_mispredicted,
                "Number of mispredicted indirect branches.",
            ),
        ];
        for (name, value, desc) in scalars {
            v.scalar(name, value as f64, desc, c);
        }
        if let Some(ras) = &self.spec_ras {
            ras.visit(v);
        }
        if let Some(ind) = &self.indirect {
            ind.visit(v);
        }
        self.direction.visit(v);
        v.end_group();
    }
}
