//! Statistics every CPU model keeps about committed instructions (gem5's
//! `commitStats0.*` and friends). Fields are plain counters so the hot loop only
//! adds; names, descriptions and units are attached when the stats are visited.

use sim_core::arch::{OpClass, StaticInst};
use sim_core::stats::{StatVisitor, Unit};

/// Counters of one CPU.
#[derive(Clone, Debug)]
pub struct CpuStats {
    /// Cycles simulated since the last reset.
    pub num_cycles: u64,
    /// Instructions committed.
    pub num_insts: u64,
    /// Committed instructions per op class, indexed by `OpClass as usize`.
    pub by_op_class: [u64; OpClass::ALL.len()],
    /// `m5 workbegin` seen.
    pub work_items_started: u64,
    /// `m5 workend` seen.
    pub work_items_completed: u64,
}

impl Default for CpuStats {
    fn default() -> Self {
        CpuStats {
            num_cycles: 0,
            num_insts: 0,
            by_op_class: [0; OpClass::ALL.len()],
            work_items_started: 0,
            work_items_completed: 0,
        }
    }
}

impl CpuStats {
    /// Count one committed instruction.
    #[inline(always)]
    pub fn count<T: StaticInst>(&mut self, inst: &T) {
        self.num_insts += 1;
        self.by_op_class[inst.op_class() as usize] += 1;
    }

    /// Report the stats. Per-flag counts are derived from the op-class histogram so
    /// the hot loop does one increment per instruction.
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let oc = |c: OpClass| self.by_op_class[c as usize];
        let loads = oc(OpClass::MemRead) + oc(OpClass::FloatMemRead);
        let stores = oc(OpClass::MemWrite) + oc(OpClass::FloatMemWrite);
        v.scalar(
            "numCycles",
            self.num_cycles as f64,
            "Number of cpu cycles simulated",
            Unit::Cycle,
        );
        v.scalar(
            "numWorkItemsStarted",
            self.work_items_started as f64,
            "Number of work items this cpu started",
            Unit::Count,
        );
        v.scalar(
            "numWorkItemsCompleted",
            self.work_items_completed as f64,
            "Number of work items this cpu completed",
            Unit::Count,
        );
        v.begin_group("commitStats0");
        v.scalar(
            "numInsts",
            self.num_insts as f64,
            "Number of instructions committed (thread level)",
            Unit::Count,
        );
        v.scalar(
            "numOps",
            self.num_insts as f64,
            "Number of ops (including micro ops) committed (thread level)",
            Unit::Count,
        );
        v.scalar(
            "numMemRefs",
            (loads + stores) as f64,
            "Number of memory references committed",
            Unit::Count,
        );
        v.scalar(
            "numLoadInsts",
            loads as f64,
            "Number of load instructions committed",
            Unit::Count,
        );
        v.scalar(
            "numStoreInsts",
            stores as f64,
            "Number of store instructions committed",
            Unit::Count,
        );
        let ratio = |a: u64, b: u64| {
            if b == 0 {
                f64::NAN
            } else {
                a as f64 / b as f64
            }
        };
        v.scalar(
            "cpi",
            ratio(self.num_cycles, self.num_insts),
            "CPI: cycles per instruction (thread level)",
            Unit::CYCLE_PER_COUNT,
        );
        v.scalar(
            "ipc",
            ratio(self.num_insts, self.num_cycles),
            "IPC: instructions per cycle (thread level)",
            Unit::COUNT_PER_CYCLE,
        );
        let names: Vec<&str> = OpClass::ALL.iter().map(|c| c.name()).collect();
        let values: Vec<f64> = self.by_op_class.iter().map(|&n| n as f64).collect();
        v.vector(
            "committedInstType",
            &values,
            Some(&names),
            "Class of committed instruction.",
            Unit::Count,
        );
        v.end_group();
    }
}
