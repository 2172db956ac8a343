//! The tree nodes of a branch predictor with gem5's defaults (se.py's
//! `--bp-type` and the detailed CPUs' default `TournamentBP`), built from the
//! same default parameter values the predictor's Rust side uses.

use crate::boards::spec::Unsupported;
use crate::cpu::bpred::btb::BtbParams;
use crate::cpu::bpred::indirect::IndirectParams;
use crate::cpu::bpred::tage_params::{LoopParams, TageParams};
use serde_json::{json, Value};

/// The predictor types `--bp-type` accepts (gem5's class names).
pub const BP_TYPES: &[&str] = &["LocalBP", "BiModeBP", "TournamentBP", "TAGE", "LTAGE"];

/// Check a `--bp-type` value.
pub fn check_bp_type(name: &str, value: &str) -> Result<(), Unsupported> {
    if BP_TYPES.contains(&value) {
        Ok(())
    } else {
        Err(Unsupported {
            name: name.into(),
            value: value.into(),
            allowed: BP_TYPES.join(", "),
        })
    }
}

fn tage_node(t: &TageParams) -> Value {
    json!({"nHistoryTables": t.n_history_tables, "minHist": t.min_hist, "maxHist": t.max_hist,
           "tagTableTagWidths": t.tag_table_tag_widths, "logTagTableSizes": t.log_tag_table_sizes,
           "logRatioBiModalHystEntries": t.log_ratio_bimodal_hyst_entries,
           "tagTableCounterBits": t.tag_table_counter_bits, "tagTableUBits": t.tag_table_u_bits,
           "histBufferSize": t.hist_buffer_size, "pathHistBits": t.path_hist_bits,
           "logUResetPeriod": t.log_u_reset_period, "numUseAltOnNa": t.num_use_alt_on_na,
           "initialTCounterValue": t.initial_t_counter_value,
           "useAltOnNaBits": t.use_alt_on_na_bits, "maxNumAlloc": t.max_num_alloc,
           "noSkip": t.no_skip, "speculativeHistUpdate": t.speculative_hist_update,
           "instShiftAmt": t.inst_shift_amt, "numThreads": 1})
}

fn loop_node(l: &LoopParams) -> Value {
    json!({"logSizeLoopPred": l.log_size_loop_pred, "withLoopBits": l.with_loop_bits,
           "loopTableAgeBits": l.loop_table_age_bits,
           "loopTableConfidenceBits": l.loop_table_confidence_bits,
           "loopTableTagBits": l.loop_table_tag_bits, "loopTableIterBits": l.loop_table_iter_bits,
           "logLoopTableAssoc": l.log_loop_table_assoc, "useSpeculation": l.use_speculation,
           "useHashing": l.use_hashing, "useDirectionBit": l.use_direction_bit,
           "restrictAllocation": l.restrict_allocation, "initialLoopIter": l.initial_loop_iter,
           "initialLoopAge": l.initial_loop_age, "optionalAgeReset": l.optional_age_reset})
}

/// The nodes (path, type, parameters) of a branch predictor of type `ty` (one
/// of [`BP_TYPES`]) with gem5's defaults at `path`, and of its children.
pub fn predictor_nodes(path: &str, ty: &str) -> Vec<(String, &'static str, Value)> {
    let btb = BtbParams::default();
    let ind = IndirectParams::default();
    let mut nodes = vec![
        (
            format!("{path}.btb"),
            "SimpleBTB",
            json!({"numEntries": btb.num_entries, "tagBits": btb.tag_bits,
                   "instShiftAmt": btb.inst_shift_amt, "numThreads": 1}),
        ),
        (
            format!("{path}.ras"),
            "ReturnAddrStack",
            json!({"numEntries": 16, "numThreads": 1}),
        ),
        (
            format!("{path}.indirectBranchPred"),
            "SimpleIndirectPredictor",
            json!({"indirectHashGHR": ind.indirect_hash_ghr,
                   "indirectHashTargets": ind.indirect_hash_targets,
                   "indirectSets": ind.indirect_sets, "indirectWays": ind.indirect_ways,
                   "indirectTagSize": ind.indirect_tag_size,
                   "indirectPathLength": ind.indirect_path_length,
                   "speculativePathLength": ind.speculative_path_length,
                   "indirectGHRBits": ind.indirect_ghr_bits, "instShiftAmt": ind.inst_shift_amt,
                   "numThreads": 1}),
        ),
    ];
    let mut own = json!({"instShiftAmt": 2, "numThreads": 1, "requiresBTBHit": false,
                         "btb": format!("{path}.btb"), "ras": format!("{path}.ras"),
                         "indirectBranchPred": format!("{path}.indirectBranchPred")});
    let (ty, extra): (&'static str, Value) = match ty {
        "LocalBP" => (
            "LocalBP",
            json!({"localPredictorSize": 2048, "localCtrBits": 2}),
        ),
        "BiModeBP" => (
            "BiModeBP",
            json!({"globalPredictorSize": 8192, "globalCtrBits": 2,
                   "choicePredictorSize": 8192, "choiceCtrBits": 2}),
        ),
        "TAGE" => {
            nodes.push((
                format!("{path}.tage"),
                "TAGEBase",
                tage_node(&TageParams::tage()),
            ));
            ("TAGE", json!({"tage": format!("{path}.tage")}))
        }
        "LTAGE" => {
            nodes.push((
                format!("{path}.tage"),
                "TAGEBase",
                tage_node(&TageParams::ltage()),
            ));
            nodes.push((
                format!("{path}.loop_predictor"),
                "LoopPredictor",
                loop_node(&LoopParams::default()),
            ));
            (
                "LTAGE",
                json!({"tage": format!("{path}.tage"),
                       "loop_predictor": format!("{path}.loop_predictor")}),
            )
        }
        _ => (
            "TournamentBP",
            json!({"localPredictorSize": 2048, "localCtrBits": 2,
                   "localHistoryTableSize": 2048, "globalPredictorSize": 8192,
                   "globalCtrBits": 2, "choicePredictorSize": 8192, "choiceCtrBits": 2}),
        ),
    };
    if let (Value::Object(o), Value::Object(e)) = (&mut own, extra) {
        o.extend(e);
    }
    nodes.insert(0, (path.to_string(), ty, own));
    nodes
}
