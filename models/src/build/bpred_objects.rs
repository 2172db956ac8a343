//! A detailed CPU's `branchPred` child as a tree node: `LocalBP`, `BiModeBP`,
//! `TournamentBP`, `TAGE` or `LTAGE`, with its `btb` (`SimpleBTB`), `ras`
//! (`ReturnAddrStack`, may be NULL), `indirectBranchPred`
//! (`SimpleIndirectPredictor`, may be NULL) and, for the TAGE family, its
//! `tage` (`TAGEBase`) and `loop_predictor` (`LoopPredictor`) children. All are
//! parts read by the CPU's constructor.

use crate::cpu::bpred::btb::BtbParams;
use crate::cpu::bpred::direction::DirectionParams;
use crate::cpu::bpred::indirect::IndirectParams;
use crate::cpu::bpred::tage_params::{LoopParams, TageParams};
use crate::cpu::bpred::BranchPredParams;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// Parameters every predictor type reads.
const COMMON: &[&str] = &[
    "instShiftAmt",
    "btb",
    "ras",
    "indirectBranchPred",
    "requiresBTBHit",
];

/// Predictor types and their own parameters (besides [`COMMON`]).
const OWN: &[(&str, &[&str])] = &[
    ("LocalBP", &["localPredictorSize", "localCtrBits"]),
    (
        "TournamentBP",
        &[
            "localPredictorSize",
            "localCtrBits",
            "localHistoryTableSize",
            "globalPredictorSize",
            "globalCtrBits",
            "choicePredictorSize",
            "choiceCtrBits",
        ],
    ),
    (
        "BiModeBP",
        &[
            "globalPredictorSize",
            "globalCtrBits",
            "choicePredictorSize",
            "choiceCtrBits",
        ],
    ),
    ("TAGE", &["tage"]),
    ("LTAGE", &["tage", "loop_predictor"]),
];

/// The parts a predictor refers to, with the parameters read from them.
pub const PREDICTOR_PARTS: &[(&str, &[&str])] = &[
    ("SimpleBTB", &["numEntries", "tagBits", "instShiftAmt"]),
    ("ReturnAddrStack", &["numEntries"]),
    (
        "SimpleIndirectPredictor",
        &[
            "indirectHashGHR",
            "indirectHashTargets",
            "indirectSets",
            "indirectWays",
            "indirectTagSize",
            "indirectPathLength",
            "speculativePathLength",
            "indirectGHRBits",
            "instShiftAmt",
        ],
    ),
    (
        "TAGEBase",
        &[
            "nHistoryTables",
            "minHist",
            "maxHist",
            "tagTableTagWidths",
            "logTagTableSizes",
            "logRatioBiModalHystEntries",
            "tagTableCounterBits",
            "tagTableUBits",
            "histBufferSize",
            "pathHistBits",
            "logUResetPeriod",
            "numUseAltOnNa",
            "initialTCounterValue",
            "useAltOnNaBits",
            "maxNumAlloc",
            "noSkip",
            "speculativeHistUpdate",
            "instShiftAmt",
        ],
    ),
    (
        "LoopPredictor",
        &[
            "logSizeLoopPred",
            "withLoopBits",
            "loopTableAgeBits",
            "loopTableConfidenceBits",
            "loopTableTagBits",
            "loopTableIterBits",
            "logLoopTableAssoc",
            "useSpeculation",
            "useHashing",
            "useDirectionBit",
            "restrictAllocation",
            "initialLoopIter",
            "initialLoopAge",
            "optionalAgeReset",
        ],
    ),
];

/// Every predictor type with every parameter it reads (for the registry).
pub fn branch_predictors() -> Vec<(&'static str, Vec<&'static str>)> {
    OWN.iter()
        .map(|(name, own)| (*name, COMMON.iter().chain(own.iter()).copied().collect()))
        .collect()
}

fn u32_param(node: &ObjectNode, name: &str) -> Result<u32, BuildError> {
    let v = node.u64(name)?;
    u32::try_from(v).map_err(|_| {
        super::invalid_at(
            &node.path,
            format!("{name}: is {v}; allowed values: 0 to {}", u32::MAX),
        )
    })
}

fn u32_vec(node: &ObjectNode, name: &str) -> Result<Vec<u32>, BuildError> {
    let v = node.u64_vec(name)?;
    v.iter()
        .map(|&x| {
            u32::try_from(x).map_err(|_| {
                super::invalid_at(
                    &node.path,
                    format!("{name}: is {x}; allowed values: 0 to {}", u32::MAX),
                )
            })
        })
        .collect()
}

fn bool_vec(node: &ObjectNode, name: &str) -> Result<Vec<bool>, BuildError> {
    let v = node.param(name)?;
    let bad = || {
        super::invalid_at(
            &node.path,
            format!("{name}: is {v}; allowed values: a list of booleans"),
        )
    };
    let items = v.as_array().ok_or_else(bad)?;
    items
        .iter()
        .map(|x| match x {
            serde_json::Value::Bool(b) => Ok(*b),
            serde_json::Value::Number(n) if n.as_u64() == Some(0) || n.as_u64() == Some(1) => {
                Ok(n.as_u64() == Some(1))
            }
            _ => Err(bad()),
        })
        .collect()
}

/// The child `name` of `node` of type `ty`: `None` if the reference is NULL.
fn child<'a>(
    node: &ObjectNode,
    ctx: &'a BuildCtx,
    name: &str,
    ty: &str,
) -> Result<Option<&'a ObjectNode>, BuildError> {
    let Some(path) = node.object_ref(name)? else {
        return Ok(None);
    };
    let c = ctx.node(&path)?;
    if c.type_name != ty {
        return Err(super::invalid_at(
            &node.path,
            format!("{name}: is {}; allowed values: {ty}", c.type_name),
        ));
    }
    Ok(Some(c))
}

fn tage_params(n: &ObjectNode) -> Result<TageParams, BuildError> {
    let u = |name: &str| u32_param(n, name);
    let p = TageParams {
        n_history_tables: u("nHistoryTables")?,
        min_hist: u("minHist")?,
        max_hist: u("maxHist")?,
        tag_table_tag_widths: u32_vec(n, "tagTableTagWidths")?,
        log_tag_table_sizes: u32_vec(n, "logTagTableSizes")?,
        log_ratio_bimodal_hyst_entries: u("logRatioBiModalHystEntries")?,
        tag_table_counter_bits: u("tagTableCounterBits")?,
        tag_table_u_bits: u("tagTableUBits")?,
        hist_buffer_size: u("histBufferSize")?,
        path_hist_bits: u("pathHistBits")?,
        log_u_reset_period: u("logUResetPeriod")?,
        num_use_alt_on_na: u("numUseAltOnNa")?,
        initial_t_counter_value: n.i64("initialTCounterValue")?,
        use_alt_on_na_bits: u("useAltOnNaBits")?,
        max_num_alloc: u("maxNumAlloc")?,
        no_skip: bool_vec(n, "noSkip")?,
        speculative_hist_update: n.bool("speculativeHistUpdate")?,
        inst_shift_amt: u("instShiftAmt")?,
    };
    p.check().map_err(|what| super::invalid_at(&n.path, what))?;
    Ok(p)
}

fn loop_params(n: &ObjectNode) -> Result<LoopParams, BuildError> {
    let u = |name: &str| u32_param(n, name);
    let b = |name: &str| n.bool(name);
    let p = LoopParams {
        log_size_loop_pred: u("logSizeLoopPred")?,
        with_loop_bits: u("withLoopBits")?,
        loop_table_age_bits: u("loopTableAgeBits")?,
        loop_table_confidence_bits: u("loopTableConfidenceBits")?,
        loop_table_tag_bits: u("loopTableTagBits")?,
        loop_table_iter_bits: u("loopTableIterBits")?,
        log_loop_table_assoc: u("logLoopTableAssoc")?,
        use_speculation: b("useSpeculation")?,
        use_hashing: b("useHashing")?,
        use_direction_bit: b("useDirectionBit")?,
        restrict_allocation: b("restrictAllocation")?,
        initial_loop_iter: u("initialLoopIter")?,
        initial_loop_age: u("initialLoopAge")?,
        optional_age_reset: b("optionalAgeReset")?,
    };
    p.check().map_err(|what| super::invalid_at(&n.path, what))?;
    Ok(p)
}

/// The branch predictor named by the CPU `node`'s `branchPred` child.
pub fn branch_pred(node: &ObjectNode, ctx: &BuildCtx) -> Result<BranchPredParams, BuildError> {
    let allowed = "LocalBP, BiModeBP, TournamentBP, TAGE, LTAGE";
    let Some(path) = node.object_ref("branchPred")? else {
        return Err(super::invalid_at(
            &node.path,
            format!("branchPred: is NULL; allowed values: {allowed}"),
        ));
    };
    let bp = ctx.node(&path)?;
    let u = |name: &str| u32_param(bp, name);
    let need = |name: &str, ty: &str| -> Result<&ObjectNode, BuildError> {
        child(bp, ctx, name, ty)?.ok_or_else(|| {
            super::invalid_at(&bp.path, format!("{name}: is NULL; allowed values: a {ty}"))
        })
    };
    let direction = match bp.type_name.as_str() {
        "LocalBP" => DirectionParams::Local {
            local_predictor_size: u("localPredictorSize")?,
            local_ctr_bits: u("localCtrBits")?,
        },
        "TournamentBP" => DirectionParams::Tournament {
            local_predictor_size: u("localPredictorSize")?,
            local_ctr_bits: u("localCtrBits")?,
            local_history_table_size: u("localHistoryTableSize")?,
            global_predictor_size: u("globalPredictorSize")?,
            global_ctr_bits: u("globalCtrBits")?,
            choice_predictor_size: u("choicePredictorSize")?,
            choice_ctr_bits: u("choiceCtrBits")?,
        },
        "BiModeBP" => DirectionParams::BiMode {
            global_predictor_size: u("globalPredictorSize")?,
            global_ctr_bits: u("globalCtrBits")?,
            choice_predictor_size: u("choicePredictorSize")?,
            choice_ctr_bits: u("choiceCtrBits")?,
        },
        "TAGE" => DirectionParams::Tage {
            tage: tage_params(need("tage", "TAGEBase")?)?,
        },
        "LTAGE" => DirectionParams::LTage {
            tage: tage_params(need("tage", "TAGEBase")?)?,
            loop_predictor: loop_params(need("loop_predictor", "LoopPredictor")?)?,
        },
        other => {
            return Err(super::invalid_at(
                &node.path,
                format!("branchPred: is {other}; allowed values: {allowed}"),
            ))
        }
    };
    let mut p = BranchPredParams {
        direction,
        inst_shift_amt: u("instShiftAmt")?,
        ..BranchPredParams::default()
    };
    // Trees written before these parts existed keep gem5's defaults.
    if bp.params.contains_key("requiresBTBHit") {
        p.requires_btb_hit = bp.bool("requiresBTBHit")?;
    }
    if bp.params.contains_key("btb") {
        let b = need("btb", "SimpleBTB")?;
        p.btb = BtbParams {
            num_entries: u32_param(b, "numEntries")?,
            tag_bits: u32_param(b, "tagBits")?,
            inst_shift_amt: u32_param(b, "instShiftAmt")?,
        };
    }
    if bp.params.contains_key("ras") {
        p.ras_entries = match child(bp, ctx, "ras", "ReturnAddrStack")? {
            Some(r) => u32_param(r, "numEntries")?,
            None => 0,
        };
    }
    if bp.params.contains_key("indirectBranchPred") {
        p.indirect = match child(bp, ctx, "indirectBranchPred", "SimpleIndirectPredictor")? {
            Some(i) => {
                let u = |name: &str| u32_param(i, name);
                Some(IndirectParams {
                    indirect_hash_ghr: i.bool("indirectHashGHR")?,
                    indirect_hash_targets: i.bool("indirectHashTargets")?,
                    indirect_sets: u("indirectSets")?,
                    indirect_ways: u("indirectWays")?,
                    indirect_tag_size: u("indirectTagSize")?,
                    indirect_path_length: u("indirectPathLength")?,
                    speculative_path_length: u("speculativePathLength")?,
                    indirect_ghr_bits: u("indirectGHRBits")?,
                    inst_shift_amt: u("instShiftAmt")?,
                })
            }
            None => None,
        };
    }
    p.check()
        .map_err(|what| super::invalid_at(&bp.path, what))?;
    Ok(p)
}
