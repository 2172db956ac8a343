//! Statistics of the out-of-order CPU with gem5 v24's names (`fetch.*`,
//! `decode.*`, `rename.*`, `iew.*`, `iq.*`, `lsq0.*`, `commit.*`, `rob.*`),
//! besides the per-instruction ones every CPU model prints
//! ([`CpuStats`](crate::cpu::stats::CpuStats)) and `branchPred.*`.

use sim_core::arch::{InstFlags, OpClass};
use sim_core::stats::{StatVisitor, Unit};

const CLASSES: usize = OpClass::ALL.len();

/// Counters of one out-of-order CPU.
#[derive(Clone, Debug, Default)]
#[allow(missing_docs)]
pub struct O3Stats {
    pub fetch_insts: u64,
    pub fetch_cycles: u64,
    pub fetch_squash_cycles: u64,
    pub fetch_idle_cycles: u64,
    pub fetch_blocked_cycles: u64,
    pub fetch_icache_stall_cycles: u64,
    pub fetch_predicted_branches: u64,
    pub fetch_cache_lines: u64,
    pub fetch_icache_squashes: u64,
    pub decode_insts: u64,
    pub decode_branch_mispred: u64,
    pub decode_idle_cycles: u64,
    pub decode_run_cycles: u64,
    pub decode_squashed_insts: u64,
    pub rename_insts: u64,
    pub rename_squashed_insts: u64,
    pub rename_rob_full: u64,
    pub rename_iq_full: u64,
    pub rename_lq_full: u64,
    pub rename_sq_full: u64,
    pub rename_full_registers: u64,
    pub rename_serializing: u64,
    pub rename_serialize_stall_cycles: u64,
    pub rename_lookups: u64,
    pub rename_operands: u64,
    pub rename_undone_maps: u64,
    pub rename_idle_cycles: u64,
    pub rename_run_cycles: u64,
    pub iew_dispatched: u64,
    pub iew_disp_loads: u64,
    pub iew_disp_stores: u64,
    pub iew_disp_non_spec: u64,
    pub iew_iq_full: u64,
    pub iew_mem_order_violations: u64,
    pub iew_pred_taken_incorrect: u64,
    pub iew_pred_not_taken_incorrect: u64,
    pub iew_branch_mispredicts: u64,
    pub iew_writebacks: u64,
    pub iew_squashed_insts: u64,
    pub iq_insts_added: u64,
    pub iq_issued: u64,
    pub iq_int_issued: u64,
    pub iq_float_issued: u64,
    pub iq_branch_issued: u64,
    pub iq_mem_issued: u64,
    pub iq_fu_busy: u64,
    pub iq_fu_busy_by_class: [u64; CLASSES],
    pub iq_issued_by_class: [u64; CLASSES],
    pub lsq_forw_loads: u64,
    pub lsq_squashed_loads: u64,
    pub lsq_squashed_stores: u64,
    pub lsq_mem_order_violations: u64,
    pub lsq_rescheduled_loads: u64,
    pub commit_squashed_insts: u64,
    pub commit_non_spec_stalls: u64,
    pub commit_branch_mispredicts: u64,
    pub commit_amos: u64,
    pub commit_membars: u64,
    pub commit_function_calls: u64,
    pub commit_by_class: [u64; CLASSES],
    pub rob_reads: u64,
    pub rob_writes: u64,
    pub times_idled: u64,
}

impl O3Stats {
    /// Count an issued instruction by kind.
    #[inline]
    pub fn count_issued(&mut self, flags: InstFlags) {
        self.iq_issued += 1;
        if flags.0 & (InstFlags::LOAD.0 | InstFlags::STORE.0) != 0 {
            self.iq_mem_issued += 1;
        } else if flags.has(InstFlags::CONTROL) {
            self.iq_branch_issued += 1;
        } else if flags.has(InstFlags::FLOAT) {
            self.iq_float_issued += 1;
        } else {
            self.iq_int_issued += 1;
        }
    }

    /// Report the groups; `cycles` is the CPU's cycle count.
    pub fn visit(&self, v: &mut dyn StatVisitor, cycles: u64) {
        let c = Unit::Count;
        let cy = Unit::Cycle;
        let group = |v: &mut dyn StatVisitor, name: &str, items: &[(&str, u64, Unit, &str)]| {
            v.begin_group(name);
            for &(n, x, u, d) in items {
                v.scalar(n, x as f64, d, u);
            }
            v.end_group();
        };
        group(
            v,
            "fetch",
            &[
                (
                    "predictedBranches",
                    self.fetch_predicted_branches,
                    c,
                    "Number of branches that fetch has predicted taken",
                ),
                (
                    "cycles",
                    self.fetch_cycles,
                    cy,
                    "Number of cycles fetch has run and was not squashing or blocked",
                ),
                (
                    "squashCycles",
                    self.fetch_squash_cycles,
                    cy,
                    "Number of cycles fetch has spent squashing",
                ),
                (
                    "idleCycles",
                    self.fetch_idle_cycles,
                    cy,
                    "Number of cycles fetch was idle",
                ),
                (
                    "blockedCycles",
                    self.fetch_blocked_cycles,
                    cy,
                    "Number of cycles fetch has spent blocked",
                ),
                (
                    "icacheWaitCycles",
                    self.fetch_icache_stall_cycles,
                    cy,
                    "Number of cycles fetch waited for the instruction cache",
                ),
                (
                    "cacheLines",
                    self.fetch_cache_lines,
                    c,
                    "Number of cache lines fetched",
                ),
                (
                    "icacheSquashes",
                    self.fetch_icache_squashes,
                    c,
                    "Number of outstanding Icache misses that were squashed",
                ),
                (
                    "insts",
                    self.fetch_insts,
                    c,
                    "Number of instructions fetch has processed",
                ),
            ],
        );
        v.begin_group("fetch");
        v.formula(
            "rate",
            self.fetch_insts as f64 / cycles as f64,
            None,
            "Number of inst fetches per cycle",
            Unit::Ratio,
        );
        v.end_group();
        group(
            v,
            "decode",
            &[
                (
                    "idleCycles",
                    self.decode_idle_cycles,
                    cy,
                    "Number of cycles decode is idle",
                ),
                (
                    "runCycles",
                    self.decode_run_cycles,
                    cy,
                    "Number of cycles decode is running",
                ),
                (
                    "branchMispred",
                    self.decode_branch_mispred,
                    c,
                    "Number of times decode detected a branch misprediction",
                ),
                (
                    "decodedInsts",
                    self.decode_insts,
                    c,
                    "Number of instructions handled by decode",
                ),
                (
                    "squashedInsts",
                    self.decode_squashed_insts,
                    c,
                    "Number of squashed instructions handled by decode",
                ),
            ],
        );
        group(
            v,
            "rename",
            &[
                (
                    "idleCycles",
                    self.rename_idle_cycles,
                    cy,
                    "Number of cycles rename is idle",
                ),
                (
                    "runCycles",
                    self.rename_run_cycles,
                    cy,
                    "Number of cycles rename is running",
                ),
                (
                    "serializeStallCycles",
                    self.rename_serialize_stall_cycles,
                    cy,
                    "Count of cycles rename stalled for serializing inst",
                ),
                (
                    "renamedInsts",
                    self.rename_insts,
                    c,
                    "Number of instructions processed by rename",
                ),
                (
                    "squashedInsts",
                    self.rename_squashed_insts,
                    c,
                    "Number of squashed instructions processed by rename",
                ),
                (
                    "ROBFullEvents",
                    self.rename_rob_full,
                    c,
                    "Number of times rename has blocked due to ROB full",
                ),
                (
                    "IQFullEvents",
                    self.rename_iq_full,
                    c,
                    "Number of times rename has blocked due to IQ full",
                ),
                (
                    "LQFullEvents",
                    self.rename_lq_full,
                    c,
                    "Number of times rename has blocked due to LQ full",
                ),
                (
                    "SQFullEvents",
                    self.rename_sq_full,
                    c,
                    "Number of times rename has blocked due to SQ full",
                ),
                (
                    "fullRegistersEvents",
                    self.rename_full_registers,
                    c,
                    "Number of times there has been no free registers",
                ),
                (
                    "renamedOperands",
                    self.rename_operands,
                    c,
                    "Number of destination operands rename has renamed",
                ),
                (
                    "lookups",
                    self.rename_lookups,
                    c,
                    "Number of register rename lookups that rename has made",
                ),
                (
                    "committedMaps",
                    self.rename_operands.saturating_sub(self.rename_undone_maps),
                    c,
                    "Number of HB maps that are committed",
                ),
                (
                    "undoneMaps",
                    self.rename_undone_maps,
                    c,
                    "Number of HB maps that are undone due to squashing",
                ),
                (
                    "serializing",
                    self.rename_serializing,
                    c,
                    "count of serializing insts renamed",
                ),
            ],
        );
        group(
            v,
            "iew",
            &[
                (
                    "dispatchedInsts",
                    self.iew_dispatched,
                    c,
                    "Number of instructions dispatched to IQ",
                ),
                (
                    "dispLoadInsts",
                    self.iew_disp_loads,
                    c,
                    "Number of dispatched load instructions",
                ),
                (
                    "dispStoreInsts",
                    self.iew_disp_stores,
                    c,
                    "Number of dispatched store instructions",
                ),
                (
                    "dispNonSpecInsts",
                    self.iew_disp_non_spec,
                    c,
                    "Number of dispatched non-speculative instructions",
                ),
                (
                    "iqFullEvents",
                    self.iew_iq_full + self.rename_iq_full,
                    c,
                    "Number of times the IQ has become full, causing a stall",
                ),
                (
                    "lsqFullEvents",
                    self.rename_lq_full + self.rename_sq_full,
                    c,
                    "Number of times the LSQ has become full, causing a stall",
                ),
                (
                    "memOrderViolationEvents",
                    self.iew_mem_order_violations,
                    c,
                    "Number of memory order violations",
                ),
                (
                    "predictedTakenIncorrect",
                    self.iew_pred_taken_incorrect,
                    c,
                    "Number of branches that were predicted taken incorrectly",
                ),
                (
                    "predictedNotTakenIncorrect",
                    self.iew_pred_not_taken_incorrect,
                    c,
                    "Number of branches that were predicted not taken incorrectly",
                ),
                (
                    "branchMispredicts",
                    self.iew_branch_mispredicts,
                    c,
                    "Number of branch mispredicts detected at execute",
                ),
                (
                    "writebackCount",
                    self.iew_writebacks,
                    c,
                    "Insts written-back",
                ),
                (
                    "numSquashedInsts",
                    self.iew_squashed_insts,
                    c,
                    "Number of squashed instructions skipped in execute",
                ),
            ],
        );
        group(
            v,
            "iq",
            &[
                (
                    "instsAdded",
                    self.iq_insts_added,
                    c,
                    "Number of instructions added to the IQ (excludes non-spec)",
                ),
                (
                    "instsIssued",
                    self.iq_issued,
                    c,
                    "Number of instructions issued",
                ),
                (
                    "intInstsIssued",
                    self.iq_int_issued,
                    c,
                    "Number of integer instructions issued",
                ),
                (
                    "floatInstsIssued",
                    self.iq_float_issued,
                    c,
                    "Number of float instructions issued",
                ),
                (
                    "branchInstsIssued",
                    self.iq_branch_issued,
                    c,
                    "Number of branch instructions issued",
                ),
                (
                    "memInstsIssued",
                    self.iq_mem_issued,
                    c,
                    "Number of memory instructions issued",
                ),
                ("fuBusy", self.iq_fu_busy, c, "FU busy when requested"),
            ],
        );
        let names: Vec<&str> = OpClass::ALL.iter().map(|c| c.name()).collect();
        let as_f = |a: &[u64; CLASSES]| a.iter().map(|&x| x as f64).collect::<Vec<f64>>();
        v.begin_group("iq");
        v.formula(
            "issueRate",
            self.iq_issued as f64 / cycles as f64,
            None,
            "Inst issue rate",
            Unit::Ratio,
        );
        v.formula(
            "fuBusyRate",
            self.iq_fu_busy as f64 / self.iq_issued as f64,
            None,
            "FU busy rate (busy events/executed inst)",
            Unit::Ratio,
        );
        v.vector(
            "statFuBusy",
            &as_f(&self.iq_fu_busy_by_class),
            Some(&names),
            "attempts to use FU when none available",
            c,
        );
        v.vector(
            "statIssuedInstType_0",
            &as_f(&self.iq_issued_by_class),
            Some(&names),
            "Number of instructions issued per FU type, per thread",
            c,
        );
        v.end_group();
        group(
            v,
            "lsq0",
            &[
                (
                    "forwLoads",
                    self.lsq_forw_loads,
                    c,
                    "Number of loads that had data forwarded from stores",
                ),
                (
                    "squashedLoads",
                    self.lsq_squashed_loads,
                    c,
                    "Number of loads squashed",
                ),
                (
                    "squashedStores",
                    self.lsq_squashed_stores,
                    c,
                    "Number of stores squashed",
                ),
                (
                    "memOrderViolation",
                    self.lsq_mem_order_violations,
                    c,
                    "Number of memory ordering violations",
                ),
                (
                    "rescheduledLoads",
                    self.lsq_rescheduled_loads,
                    c,
                    "Number of loads that were rescheduled",
                ),
            ],
        );
        group(
            v,
            "commit",
            &[
                (
                    "commitSquashedInsts",
                    self.commit_squashed_insts,
                    c,
                    "The number of squashed insts skipped by commit",
                ),
                (
                    "commitNonSpecStalls",
                    self.commit_non_spec_stalls,
                    c,
                    "The number of times commit has been forced to stall to communicate backwards",
                ),
                (
                    "branchMispredicts",
                    self.commit_branch_mispredicts,
                    c,
                    "The number of times a branch was mispredicted",
                ),
                (
                    "amos",
                    self.commit_amos,
                    c,
                    "Number of atomic instructions committed",
                ),
                (
                    "membars",
                    self.commit_membars,
                    c,
                    "Number of memory barriers committed",
                ),
                (
                    "functionCalls",
                    self.commit_function_calls,
                    c,
                    "Number of function calls committed.",
                ),
            ],
        );
        v.begin_group("commit");
        v.vector(
            "committedInstType_0",
            &as_f(&self.commit_by_class),
            Some(&names),
            "Class of committed instruction",
            c,
        );
        v.end_group();
        group(
            v,
            "rob",
            &[
                ("reads", self.rob_reads, c, "The number of ROB reads"),
                ("writes", self.rob_writes, c, "The number of ROB writes"),
            ],
        );
        v.scalar(
            "timesIdled",
            self.times_idled as f64,
            "Number of times that the entire CPU went into an idle state and unscheduled itself",
            c,
        );
    }
}
