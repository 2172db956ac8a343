//! The in-order CPU as a tree node: `MinorCPU` (config type `BaseMinorCPU`), its
//! pipeline parameters, its `branchPred` child (read as a part, see
//! [`super::bpred_objects`]) and its `executeFuncUnits` pool
//! (`minor_fu_objects.rs`).

use super::bpred_objects::branch_pred;
use super::cpu_objects::{check_mem_mode, os_of, simple_params, CPU_PARAMS};
use super::env::SeEnv;
use super::Built;
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
