//! Statistics the in-order CPU keeps besides the per-instruction ones every CPU
//! model prints ([`CpuStats`](crate::cpu::stats::CpuStats)): gem5 v24's
//! `MinorCPU` names (`fetch2.*` decoded-instruction counts, `numFetchSuspends`)
//! and `execute.*` stall counters this model keeps to explain its IPC.

use sim_core::arch::InstFlags;
use sim_core::stats::{StatVisitor, Unit};

/// Counters of one in-order CPU.
#[derive(Clone, Debug, Default)]
pub struct MinorStats {
    /// Fetch2: integer instructions decoded.
    pub int_insts: u64,
    /// Fetch2: floating-point instructions decoded.
    pub fp_insts: u64,
    /// Fetch2: vector instructions decoded.
    pub vec_insts: u64,
    /// Fetch2: loads decoded.
    pub loads: u64,
    /// Fetch2: stores decoded.
    pub stores: u64,
    /// Fetch2: atomic memory operations decoded.
    pub amos: u64,
    /// Line fetches sent by Fetch1.
    pub line_fetches: u64,
    /// Line fetches discarded unused (wrong-path and past-a-taken-branch lines).
    pub discarded_line_fetches: u64,
    /// Fetch1 restarts after a misprediction or a change of thread.
    pub squashes: u64,
    /// Fetch2 redirects to a predicted-taken target.
    pub predicted_taken_redirects: u64,
    /// Cycles issue waited for a source register (scoreboard).
    pub scoreboard_stall_cycles: u64,
    /// Cycles issue waited for a busy functional unit.
    pub fu_busy_stall_cycles: u64,
    /// Cycles issue waited for older instructions to commit (serializing).
    pub serializing_stall_cycles: u64,
    /// Loads forwarded from the store buffer.
    pub forwarded_loads: u64,
    /// Times a load waited for a store-buffer entry it overlaps in part.
    pub partial_coverage_stalls: u64,
    /// Times a memory instruction waited for a full transfers queue or store buffer.
    pub lsq_full_stall_events: u64,
}

impl MinorStats {
    /// Count an instruction Fetch2 decoded.
    #[inline]
    pub fn decoded(&mut self, flags: InstFlags) {
        if flags.has(InstFlags::ATOMIC) {
            self.amos += 1;
        } else if flags.has(InstFlags::LOAD) {
            self.loads += 1;
        } else if flags.has(InstFlags::STORE) {
            self.stores += 1;
        }
        if flags.has(InstFlags::VECTOR) {
            self.vec_insts += 1;
        } else if flags.has(InstFlags::FLOAT) {
            self.fp_insts += 1;
        } else {
            self.int_insts += 1;
        }
    }

    /// Report the `fetch2` and `execute` groups.
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let c = Unit::Count;
        v.begin_group("fetch2");
        v.scalar(
            "intInstructions",
            self.int_insts as f64,
            "Number of integer instructions successfully decoded",
            c,
        );
        v.scalar(
            "fpInstructions",
            self.fp_insts as f64,
            "Number of floating point instructions successfully decoded",
            c,
        );
        v.scalar(
            "vecInstructions",
            self.vec_insts as f64,
            "Number of SIMD instructions successfully decoded",
            c,
        );
        v.scalar(
            "loadInstructions",
            self.loads as f64,
            "Number of memory load instructions successfully decoded",
            c,
        );
        v.scalar(
            "storeInstructions",
            self.stores as f64,
            "Number of memory store instructions successfully decoded",
            c,
        );
        v.scalar(
            "amoInstructions",
            self.amos as f64,
            "Number of memory atomic instructions successfully decoded",
            c,
        );
        v.end_group();
        v.begin_group("fetch1");
        v.scalar(
            "lineFetches",
            self.line_fetches as f64,
            "Number of line fetches sent to the instruction cache",
            c,
        );
        v.scalar(
            "discardedLineFetches",
            self.discarded_line_fetches as f64,
            "Number of line fetches discarded before Fetch2 used them (wrong path)",
            c,
        );
        v.scalar(
            "squashes",
            self.squashes as f64,
            "Number of fetch restarts after a misprediction or a thread change",
            c,
        );
        v.scalar(
            "predictedTakenRedirects",
            self.predicted_taken_redirects as f64,
            "Number of redirects by Fetch2 to a predicted-taken target",
            c,
        );
        v.end_group();
        v.begin_group("execute");
        v.scalar(
            "scoreboardStallCycles",
            self.scoreboard_stall_cycles as f64,
            "Cycles issue waited for a source register",
            Unit::Cycle,
        );
        v.scalar(
            "fuBusyStallCycles",
            self.fu_busy_stall_cycles as f64,
            "Cycles issue waited for a busy functional unit",
            Unit::Cycle,
        );
        v.scalar(
            "serializingStallCycles",
            self.serializing_stall_cycles as f64,
            "Cycles issue waited for older instructions to commit",
            Unit::Cycle,
        );
        v.scalar(
            "forwardedLoads",
            self.forwarded_loads as f64,
            "Number of loads forwarded from the store buffer",
            c,
        );
        v.scalar(
            "partialCoverageStalls",
            self.partial_coverage_stalls as f64,
            "Number of times a load waited for a store it overlaps in part to drain",
            c,
        );
        v.scalar(
            "lsqFullStallEvents",
            self.lsq_full_stall_events as f64,
            "Number of times a memory instruction waited for a full transfers queue or store buffer",
            c,
        );
        v.end_group();
    }
}
