//! The out-of-order CPU as a tree node: `O3CPU` (config type `BaseO3CPU`),
//! its pipeline parameters with gem5's names, and its `branchPred` child
//! (read as a part, as for the minor CPU) and its `fuPool` (gem5's
//! `DefaultFUPool` unless the tree gives one; `o3_fu_objects.rs`).

use super::bpred_objects::branch_pred;
use super::cpu_objects::{check_mem_mode, os_of, simple_params, CPU_PARAMS};
use super::env::SeEnv;
use super::minor_objects::u32_param;
use super::Built;
use crate::cpu::{O3Cpu, O3CpuParams};
use sim_core::arch::{ArchRegs, Isa};
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// Cycle-valued parameters of a `BaseO3CPU` node.
const DELAYS: &[&str] = &[
    "decodeToFetchDelay",
    "renameToFetchDelay",
    "iewToFetchDelay",
    "commitToFetchDelay",
    "renameToDecodeDelay",
    "iewToDecodeDelay",
    "commitToDecodeDelay",
    "fetchToDecodeDelay",
    "iewToRenameDelay",
    "commitToRenameDelay",
    "decodeToRenameDelay",
    "commitToIEWDelay",
    "renameToIEWDelay",
    "issueToExecuteDelay",
    "iewToCommitDelay",
    "renameToROBDelay",
    "trapLatency",
    "fetchTrapLatency",
];

/// Count-valued parameters of a `BaseO3CPU` node.
const COUNTS: &[&str] = &[
    "fetchWidth",
    "fetchBufferSize",
    "fetchQueueSize",
    "decodeWidth",
    "renameWidth",
    "dispatchWidth",
    "issueWidth",
    "wbWidth",
    "commitWidth",
    "squashWidth",
    "cacheStorePorts",
    "cacheLoadPorts",
    "LQEntries",
    "SQEntries",
    "LSQDepCheckShift",
    "LFSTSize",
    "SSITSize",
    "numPhysIntRegs",
    "numPhysFloatRegs",
    "numPhysVecRegs",
    "numPhysVecPredRegs",
    "numPhysCCRegs",
    "numIQEntries",
    "numROBEntries",
];

/// Every parameter a `BaseO3CPU` constructor reads.
pub fn o3_params() -> Vec<&'static str> {
    CPU_PARAMS
        .iter()
        .chain(DELAYS)
        .chain(COUNTS)
        .chain(&[
            "LSQCheckLoads",
            "store_set_clear_period",
            "branchPred",
            "fuPool",
        ])
        .copied()
        .collect()
}

/// An `O3CPU`.
pub fn o3_cpu<I: Isa>(
    node: &ObjectNode,
    ctx: &BuildCtx,
    env: &SeEnv<I>,
) -> Result<Built, BuildError> {
    check_mem_mode(node, ctx, "timing")?;
    let (base, index) = simple_params(node, ctx, env)?;
    let u = |name: &str| u32_param(node, name);
    let c = |name: &str| node.u64(name);
    let params = O3CpuParams {
        base,
        decode_to_fetch_delay: c("decodeToFetchDelay")?,
        rename_to_fetch_delay: c("renameToFetchDelay")?,
        iew_to_fetch_delay: c("iewToFetchDelay")?,
        commit_to_fetch_delay: c("commitToFetchDelay")?,
        fetch_width: u("fetchWidth")?,
        fetch_buffer_size: u("fetchBufferSize")?,
        fetch_queue_size: u("fetchQueueSize")?,
        rename_to_decode_delay: c("renameToDecodeDelay")?,
        iew_to_decode_delay: c("iewToDecodeDelay")?,
        commit_to_decode_delay: c("commitToDecodeDelay")?,
        fetch_to_decode_delay: c("fetchToDecodeDelay")?,
        decode_width: u("decodeWidth")?,
        iew_to_rename_delay: c("iewToRenameDelay")?,
        commit_to_rename_delay: c("commitToRenameDelay")?,
        decode_to_rename_delay: c("decodeToRenameDelay")?,
        rename_width: u("renameWidth")?,
        commit_to_iew_delay: c("commitToIEWDelay")?,
        rename_to_iew_delay: c("renameToIEWDelay")?,
        issue_to_execute_delay: c("issueToExecuteDelay")?,
        dispatch_width: u("dispatchWidth")?,
        issue_width: u("issueWidth")?,
        wb_width: u("wbWidth")?,
        iew_to_commit_delay: c("iewToCommitDelay")?,
        rename_to_rob_delay: c("renameToROBDelay")?,
        commit_width: u("commitWidth")?,
        squash_width: u("squashWidth")?,
        trap_latency: c("trapLatency")?,
        fetch_trap_latency: c("fetchTrapLatency")?,
        cache_store_ports: u("cacheStorePorts")?,
        cache_load_ports: u("cacheLoadPorts")?,
        lq_entries: u("LQEntries")?,
        sq_entries: u("SQEntries")?,
        lsq_dep_check_shift: u("LSQDepCheckShift")?,
        lsq_check_loads: node.bool("LSQCheckLoads")?,
        store_set_clear_period: c("store_set_clear_period")?,
        lfst_size: u("LFSTSize")?,
        ssit_size: u("SSITSize")?,
        num_phys_int_regs: u("numPhysIntRegs")?,
        num_phys_float_regs: u("numPhysFloatRegs")?,
        num_phys_vec_regs: u("numPhysVecRegs")?,
        num_phys_vec_pred_regs: u("numPhysVecPredRegs")?,
        num_phys_cc_regs: u("numPhysCCRegs")?,
        num_iq_entries: u("numIQEntries")?,
        num_rob_entries: u("numROBEntries")?,
        branch_pred: branch_pred(node, ctx)?,
        fu_pool: super::o3_fu_objects::fu_pool(node, ctx)?,
    };
    params
        .check(I::Regs::NUM_INT, I::Regs::NUM_FLOAT, I::Regs::NUM_CC)
        .map_err(|what| super::invalid_at(&node.path, what))?;
    Ok(Built::Component(Box::new(O3Cpu::<I>::new(
        params,
        I::Regs::default(),
        0,
        os_of(env, index),
    ))))
}

/// gem5's `BaseO3CPU` defaults, as JSON for a config tree node.
pub fn o3_defaults_json() -> serde_json::Value {
    use serde_json::json;
    let p = O3CpuParams::default();
    let delays = [
        p.decode_to_fetch_delay,
        p.rename_to_fetch_delay,
        p.iew_to_fetch_delay,
        p.commit_to_fetch_delay,
        p.rename_to_decode_delay,
        p.iew_to_decode_delay,
        p.commit_to_decode_delay,
        p.fetch_to_decode_delay,
        p.iew_to_rename_delay,
        p.commit_to_rename_delay,
        p.decode_to_rename_delay,
        p.commit_to_iew_delay,
        p.rename_to_iew_delay,
        p.issue_to_execute_delay,
        p.iew_to_commit_delay,
        p.rename_to_rob_delay,
        p.trap_latency,
        p.fetch_trap_latency,
    ];
    let counts = [
        p.fetch_width,
        p.fetch_buffer_size,
        p.fetch_queue_size,
        p.decode_width,
        p.rename_width,
        p.dispatch_width,
        p.issue_width,
        p.wb_width,
        p.commit_width,
        p.squash_width,
        p.cache_store_ports,
        p.cache_load_ports,
        p.lq_entries,
        p.sq_entries,
        p.lsq_dep_check_shift,
        p.lfst_size,
        p.ssit_size,
        p.num_phys_int_regs,
        p.num_phys_float_regs,
        p.num_phys_vec_regs,
        p.num_phys_vec_pred_regs,
        p.num_phys_cc_regs,
        p.num_iq_entries,
        p.num_rob_entries,
    ];
    let mut m = serde_json::Map::new();
    for (name, v) in DELAYS.iter().zip(delays) {
        m.insert((*name).into(), json!(v));
    }
    for (name, v) in COUNTS.iter().zip(counts) {
        m.insert((*name).into(), json!(v));
    }
    m.insert("LSQCheckLoads".into(), json!(p.lsq_check_loads));
    m.insert(
        "store_set_clear_period".into(),
        json!(p.store_set_clear_period),
    );
    serde_json::Value::Object(m)
}
