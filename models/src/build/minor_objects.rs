//! The in-order CPU as a tree node: `MinorCPU` (config type `BaseMinorCPU`), its
//! pipeline parameters, and its `branchPred` child (`LocalBP`, `BiModeBP` or
//! `TournamentBP`, read as a part) and its `executeFuncUnits` pool
//! (`minor_fu_objects.rs`).

use super::cpu_objects::{check_mem_mode, os_of, simple_params, CPU_PARAMS};
use super::env::SeEnv;
use super::Built;
use crate::cpu::bpred::direction::DirectionParams;
use crate::cpu::bpred::BranchPredParams;
use crate::cpu::{MinorCpu, MinorCpuParams};
use sim_core::arch::Isa;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// The pipeline parameters a `BaseMinorCPU` node carries (besides [`CPU_PARAMS`]).
pub const MINOR_PIPELINE_PARAMS: &[&str] = &[
    "fetch1FetchLimit",
    "fetch1LineSnapWidth",
    "fetch1LineWidth",
    "fetch1ToFetch2ForwardDelay",
    "fetch1ToFetch2BackwardDelay",
    "fetch2InputBufferSize",
    "fetch2ToDecodeForwardDelay",
    "decodeInputBufferSize",
    "decodeToExecuteForwardDelay",
    "decodeInputWidth",
    "executeInputWidth",
    "executeIssueLimit",
    "executeMemoryIssueLimit",
    "executeCommitLimit",
    "executeMemoryCommitLimit",
    "executeInputBufferSize",
    "executeMaxAccessesInMemory",
    "executeLSQRequestsQueueSize",
    "executeLSQTransfersQueueSize",
    "executeLSQStoreBufferSize",
    "executeLSQMaxStoreBufferStoresPerCycle",
    "executeBranchDelay",
    "executeFuncUnits",
    "branchPred",
];

/// Branch predictor types and the parameters read from them.
pub const BRANCH_PREDICTORS: &[(&str, &[&str])] = &[
    (
        "LocalBP",
        &["localPredictorSize", "localCtrBits", "instShiftAmt"],
    ),
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
            "instShiftAmt",
        ],
    ),
    (
        "BiModeBP",
        &[
            "globalPredictorSize",
            "globalCtrBits",
            "choicePredictorSize",
            "choiceCtrBits",
            "instShiftAmt",
        ],
    ),
];

/// Every parameter a `BaseMinorCPU` constructor reads.
pub fn minor_params() -> Vec<&'static str> {
    CPU_PARAMS
        .iter()
        .chain(MINOR_PIPELINE_PARAMS)
        .copied()
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

/// The branch predictor named by the CPU's `branchPred` child.
fn branch_pred(node: &ObjectNode, ctx: &BuildCtx) -> Result<BranchPredParams, BuildError> {
    let allowed = "LocalBP, BiModeBP, TournamentBP";
    let Some(path) = node.object_ref("branchPred")? else {
        return Err(super::invalid_at(
            &node.path,
            format!("branchPred: is NULL; allowed values: {allowed}"),
        ));
    };
    let bp = ctx.node(&path)?;
    let u = |name: &str| u32_param(bp, name);
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
        other => {
            return Err(super::invalid_at(
                &node.path,
                format!("branchPred: is {other}; allowed values: {allowed}"),
            ))
        }
    };
    Ok(BranchPredParams {
        direction,
        inst_shift_amt: u("instShiftAmt")?,
        ..BranchPredParams::default()
    })
}

/// A `MinorCPU`.
pub fn minor_cpu<I: Isa>(
    node: &ObjectNode,
    ctx: &BuildCtx,
    env: &SeEnv<I>,
) -> Result<Built, BuildError> {
    check_mem_mode(node, ctx, "timing")?;
    let (base, index) = simple_params(node, ctx, env)?;
    let u = |name: &str| u32_param(node, name);
    let c = |name: &str| node.u64(name);
    let (func_units, func_unit_timings) = super::minor_fu_objects::func_units(node, ctx)?;
    let params = MinorCpuParams {
        base,
        fetch1_fetch_limit: u("fetch1FetchLimit")?,
        fetch1_line_snap_width: u("fetch1LineSnapWidth")?,
        fetch1_line_width: u("fetch1LineWidth")?,
        fetch1_to_fetch2_forward_delay: c("fetch1ToFetch2ForwardDelay")?,
        fetch1_to_fetch2_backward_delay: c("fetch1ToFetch2BackwardDelay")?,
        fetch2_input_buffer_size: u("fetch2InputBufferSize")?,
        fetch2_to_decode_forward_delay: c("fetch2ToDecodeForwardDelay")?,
        decode_input_buffer_size: u("decodeInputBufferSize")?,
        decode_to_execute_forward_delay: c("decodeToExecuteForwardDelay")?,
        decode_input_width: u("decodeInputWidth")?,
        execute_input_width: u("executeInputWidth")?,
        execute_issue_limit: u("executeIssueLimit")?,
        execute_memory_issue_limit: u("executeMemoryIssueLimit")?,
        execute_commit_limit: u("executeCommitLimit")?,
        execute_memory_commit_limit: u("executeMemoryCommitLimit")?,
        execute_input_buffer_size: u("executeInputBufferSize")?,
        execute_max_accesses_in_memory: u("executeMaxAccessesInMemory")?,
        execute_lsq_requests_queue_size: u("executeLSQRequestsQueueSize")?,
        execute_lsq_transfers_queue_size: u("executeLSQTransfersQueueSize")?,
        execute_lsq_store_buffer_size: u("executeLSQStoreBufferSize")?,
        execute_lsq_max_store_buffer_stores_per_cycle: u("executeLSQMaxStoreBufferStoresPerCycle")?,
        execute_branch_delay: c("executeBranchDelay")?,
        branch_pred: branch_pred(node, ctx)?,
        func_units,
        func_unit_timings,
    };
    params
        .check()
        .map_err(|what| super::invalid_at(&node.path, what))?;
    Ok(Built::Component(Box::new(MinorCpu::<I>::new(
        params,
        I::Regs::default(),
        0,
        os_of(env, index),
    ))))
}
