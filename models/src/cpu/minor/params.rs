//! Parameters of the in-order CPU, with gem5's `BaseMinorCPU` names and defaults.

use super::fu_pool::FuDesc;
use super::fu_timing::FuTiming;
use crate::cpu::bpred::BranchPredParams;
use crate::cpu::params::SimpleCpuParams;

/// Parameters of a `MinorCPU`.
#[derive(Clone, Debug)]
pub struct MinorCpuParams {
    /// What every CPU model has (clock, id, instruction limit, OS start mode).
    pub base: SimpleCpuParams,
    /// `fetch1FetchLimit`: line fetches in flight at once.
    pub fetch1_fetch_limit: u32,
    /// `fetch1LineSnapWidth` in bytes (0: the cache line size).
    pub fetch1_line_snap_width: u32,
    /// `fetch1LineWidth` in bytes (0: the cache line size).
    pub fetch1_line_width: u32,
    /// `fetch1ToFetch2ForwardDelay` in cycles.
    pub fetch1_to_fetch2_forward_delay: u64,
    /// `fetch1ToFetch2BackwardDelay` in cycles (predicted-taken redirect).
    pub fetch1_to_fetch2_backward_delay: u64,
    /// `fetch2InputBufferSize` in lines.
    pub fetch2_input_buffer_size: u32,
    /// `fetch2ToDecodeForwardDelay` in cycles.
    pub fetch2_to_decode_forward_delay: u64,
    /// `decodeInputBufferSize`.
    pub decode_input_buffer_size: u32,
    /// `decodeToExecuteForwardDelay` in cycles.
    pub decode_to_execute_forward_delay: u64,
    /// `decodeInputWidth`: instructions per cycle into (and out of) Decode.
    pub decode_input_width: u32,
    /// `executeInputWidth`: instructions per cycle into Execute.
    pub execute_input_width: u32,
    /// `executeIssueLimit`: instructions issued per cycle.
    pub execute_issue_limit: u32,
    /// `executeMemoryIssueLimit`: memory instructions issued per cycle.
    pub execute_memory_issue_limit: u32,
    /// `executeCommitLimit`: instructions committed per cycle.
    pub execute_commit_limit: u32,
    /// `executeMemoryCommitLimit`: memory instructions committed per cycle.
    pub execute_memory_commit_limit: u32,
    /// `executeInputBufferSize`.
    pub execute_input_buffer_size: u32,
    /// `executeMaxAccessesInMemory`.
    pub execute_max_accesses_in_memory: u32,
    /// `executeLSQRequestsQueueSize`.
    pub execute_lsq_requests_queue_size: u32,
    /// `executeLSQTransfersQueueSize`.
    pub execute_lsq_transfers_queue_size: u32,
    /// `executeLSQStoreBufferSize`.
    pub execute_lsq_store_buffer_size: u32,
    /// `executeLSQMaxStoreBufferStoresPerCycle`: stores the store buffer sends a cycle.
    pub execute_lsq_max_store_buffer_stores_per_cycle: u32,
    /// `executeBranchDelay` in cycles: Execute deciding to branch to Fetch1 reacting.
    pub execute_branch_delay: u64,
    /// `executeFuncUnits`: the functional-unit pool.
    pub func_units: Vec<FuDesc>,
    /// Each unit's timing rules (`MinorFU.timings`), parallel to `func_units`.
    pub func_unit_timings: Vec<Vec<FuTiming>>,
    /// `branchPred`.
    pub branch_pred: BranchPredParams,
}

impl Default for MinorCpuParams {
    fn default() -> Self {
        MinorCpuParams {
            base: SimpleCpuParams::default(),
            fetch1_fetch_limit: 1,
            fetch1_line_snap_width: 0,
            fetch1_line_width: 0,
            fetch1_to_fetch2_forward_delay: 1,
            fetch1_to_fetch2_backward_delay: 1,
            fetch2_input_buffer_size: 2,
            fetch2_to_decode_forward_delay: 1,
            decode_input_buffer_size: 3,
            decode_to_execute_forward_delay: 1,
            decode_input_width: 2,
            execute_input_width: 2,
            execute_issue_limit: 2,
            execute_memory_issue_limit: 1,
            execute_commit_limit: 2,
            execute_memory_commit_limit: 1,
            execute_input_buffer_size: 7,
            execute_max_accesses_in_memory: 2,
            execute_lsq_requests_queue_size: 1,
            execute_lsq_transfers_queue_size: 2,
            execute_lsq_store_buffer_size: 5,
            execute_lsq_max_store_buffer_stores_per_cycle: 2,
            execute_branch_delay: 1,
            func_units: FuDesc::minor_default_pool(),
            func_unit_timings: FuTiming::minor_default_timings(),
            branch_pred: BranchPredParams::default(),
        }
    }
}

impl MinorCpuParams {
    /// Check what the pipeline relies on; the message names the parameter, its
    /// value and what is allowed.
    pub fn check(&self) -> Result<(), String> {
        let widths = [
            ("decodeInputWidth", self.decode_input_width),
            ("executeInputWidth", self.execute_input_width),
            ("executeIssueLimit", self.execute_issue_limit),
            ("executeMemoryIssueLimit", self.execute_memory_issue_limit),
            ("executeCommitLimit", self.execute_commit_limit),
            ("executeMemoryCommitLimit", self.execute_memory_commit_limit),
            ("fetch1FetchLimit", self.fetch1_fetch_limit),
            ("fetch2InputBufferSize", self.fetch2_input_buffer_size),
            ("decodeInputBufferSize", self.decode_input_buffer_size),
            ("executeInputBufferSize", self.execute_input_buffer_size),
            (
                "executeMaxAccessesInMemory",
                self.execute_max_accesses_in_memory,
            ),
            (
                "executeLSQTransfersQueueSize",
                self.execute_lsq_transfers_queue_size,
            ),
            (
                "executeLSQStoreBufferSize",
                self.execute_lsq_store_buffer_size,
            ),
            (
                "executeLSQMaxStoreBufferStoresPerCycle",
                self.execute_lsq_max_store_buffer_stores_per_cycle,
            ),
        ];
        for (name, v) in widths {
            if v == 0 {
                return Err(format!("{name}: is 0; allowed values: 1 or more"));
            }
        }
        for (name, v) in [
            ("fetch1LineSnapWidth", self.fetch1_line_snap_width),
            ("fetch1LineWidth", self.fetch1_line_width),
        ] {
            if v != 0 && (!v.is_power_of_two() || !(4..=64).contains(&v)) {
                return Err(format!(
                    "{name}: is {v}; allowed values: 0 (the cache line size) or a power of two from 4 to 64"
                ));
            }
        }
        if self.line_width() > self.line_snap() {
            return Err(format!(
                "fetch1LineWidth: is {}; allowed values: at most fetch1LineSnapWidth ({})",
                self.line_width(),
                self.line_snap()
            ));
        }
        if self.func_units.is_empty() {
            return Err("executeFuncUnits: is empty; allowed values: at least one unit".into());
        }
        self.branch_pred.check()
    }

    /// Fetch line alignment in bytes.
    pub fn line_snap(&self) -> u64 {
        match self.fetch1_line_snap_width {
            0 => crate::cpu::LINE_BYTES,
            w => w as u64,
        }
    }

    /// Bytes per line fetch.
    pub fn line_width(&self) -> u64 {
        match self.fetch1_line_width {
            0 => crate::cpu::LINE_BYTES,
            w => w as u64,
        }
    }
}
