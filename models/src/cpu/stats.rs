//! Statistics every CPU model keeps about committed instructions (gem5's
//! `commitStats0.*` and friends). Fields are plain counters so the hot loop only
//! adds; names, descriptions and units are attached when the stats are visited.

use sim_core::arch::{OpClass, StaticInst};
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};

/// gem5's whole `OpClass` set in its order (`src/cpu/FuncUnit.py`): op-class
/// vectors list every one of these, as gem5 does, whichever the ISA uses.
pub const GEM5_OP_CLASSES: [&str; 74] = [
    "No_OpClass",
    "IntAlu",
    "IntMult",
    "IntDiv",
    "FloatAdd",
    "FloatCmp",
    "FloatCvt",
    "FloatMult",
    "FloatMultAcc",
    "FloatDiv",
    "FloatMisc",
    "FloatSqrt",
    "SimdAdd",
    "SimdAddAcc",
    "SimdAlu",
    "SimdCmp",
    "SimdCvt",
    "SimdMisc",
    "SimdMult",
    "SimdMultAcc",
    "SimdMatMultAcc",
    "SimdShift",
    "SimdShiftAcc",
    "SimdDiv",
    "SimdSqrt",
    "SimdFloatAdd",
    "SimdFloatAlu",
    "SimdFloatCmp",
    "SimdFloatCvt",
    "SimdFloatDiv",
    "SimdFloatMisc",
    "SimdFloatMult",
    "SimdFloatMultAcc",
    "SimdFloatMatMultAcc",
    "SimdFloatSqrt",
    "SimdReduceAdd",
    "SimdReduceAlu",
    "SimdReduceCmp",
    "SimdFloatReduceAdd",
    "SimdFloatReduceCmp",
    "SimdAes",
    "SimdAesMix",
    "SimdSha1Hash",
    "SimdSha1Hash2",
    "SimdSha256Hash",
    "SimdSha256Hash2",
    "SimdShaSigma2",
    "SimdShaSigma3",
    "SimdPredAlu",
    "Matrix",
    "MatrixMov",
    "MatrixOP",
    "MemRead",
    "MemWrite",
    "FloatMemRead",
    "FloatMemWrite",
    "IprAccess",
    "InstPrefetch",
    "SimdUnitStrideLoad",
    "SimdUnitStrideStore",
    "SimdUnitStrideMaskLoad",
    "SimdUnitStrideMaskStore",
    "SimdStridedLoad",
    "SimdStridedStore",
    "SimdIndexedLoad",
    "SimdIndexedStore",
    "SimdWholeRegisterLoad",
    "SimdWholeRegisterStore",
    "SimdUnitStrideFaultOnlyFirstLoad",
    "SimdUnitStrideSegmentedLoad",
    "SimdUnitStrideSegmentedStore",
    "SimdExt",
    "SimdFloatExt",
    "SimdConfig",
];

/// Position of `class` in [`GEM5_OP_CLASSES`].
fn gem5_op_class_index(class: OpClass) -> usize {
    GEM5_OP_CLASSES
        .iter()
        .position(|&n| n == class.name())
        .expect("every OpClass name is one of gem5's")
}

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
    /// System calls made by the thread (gem5's `workload.numSyscalls`, kept by
    /// the `Process`).
    pub syscalls: u64,
}

impl Default for CpuStats {
    fn default() -> Self {
        CpuStats {
            num_cycles: 0,
            num_insts: 0,
            by_op_class: [0; OpClass::ALL.len()],
            work_items_started: 0,
            work_items_completed: 0,
            syscalls: 0,
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

    /// Report the stats in gem5's layout for its simple CPUs: the core-level stats,
    /// then the `fetchStats0`, `executeStats0`, `commitStats0`, `thread_0` and
    /// `exec_context.thread_0` groups. Load/store counts are derived from the
    /// op-class histogram so the hot loop does one increment per instruction.
    ///
    /// Stats gem5's simple CPUs register but never update print as gem5 prints
    /// them (`commitStats0.numMemRefs`, `numInstsNotNOP`, `thread_0.*` are 0;
    /// `executeStats0.numStoreInsts` is its formula `numMemRefs - numLoadInsts`
    /// over an unupdated `numLoadInsts`).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let oc = |c: OpClass| self.by_op_class[c as usize];
        let loads = oc(OpClass::MemRead) + oc(OpClass::FloatMemRead);
        let stores = oc(OpClass::MemWrite) + oc(OpClass::FloatMemWrite);
        let insts = self.num_insts as f64;
        let cycles = self.num_cycles as f64;
        let count = Unit::Count;
        v.scalar(
            "numCycles",
            cycles,
            "Number of cpu cycles simulated",
            Unit::Cycle,
        );
        v.formula(
            "cpi",
            cycles / insts,
            Some(6),
            "CPI: cycles per instruction (core level)",
            Unit::CYCLE_PER_COUNT,
        );
        v.formula(
            "ipc",
            insts / cycles,
            Some(6),
            "IPC: instructions per cycle (core level)",
            Unit::COUNT_PER_CYCLE,
        );
        v.scalar(
            "numWorkItemsStarted",
            self.work_items_started as f64,
            "Number of work items this cpu started",
            count,
        );
        v.scalar(
            "numWorkItemsCompleted",
            self.work_items_completed as f64,
            "Number of work items this cpu completed",
            count,
        );

        v.begin_group("fetchStats0");
        v.scalar(
            "numInsts",
            insts,
            "Number of instructions fetched (thread level)",
            count,
        );
        v.scalar(
            "numOps",
            insts,
            "Number of ops (including micro ops) fetched (thread level)",
            count,
        );
        v.formula_flagged(
            "fetchRate",
            insts / cycles,
            None,
            StatFlags::TOTAL,
            "Number of inst fetches per cycle",
            Unit::COUNT_PER_CYCLE,
        );
        v.scalar(
            "numFetchSuspends",
            0.0,
            "Number of times Execute suspended instruction fetching",
            count,
        );
        v.end_group();

        v.begin_group("executeStats0");
        let mem_refs = (loads + stores) as f64;
        v.scalar("numInsts", 0.0, "Number of executed instructions", count);
        v.scalar("numNop", 0.0, "Number of nop insts executed", count);
        v.scalar("numBranches", 0.0, "Number of branches executed", count);
        v.scalar(
            "numLoadInsts",
            0.0,
            "Number of load instructions executed",
            count,
        );
        v.formula(
            "numStoreInsts",
            mem_refs,
            None,
            "Number of stores executed",
            count,
        );
        v.formula(
            "instRate",
            0.0 / cycles,
            None,
            "Inst execution rate",
            Unit::COUNT_PER_CYCLE,
        );
        v.scalar("numMemRefs", mem_refs, "Number of memory refs", count);
        v.scalar(
            "numDiscardedOps",
            0.0,
            "Number of ops (including micro ops) which were discarded before commit",
            count,
        );
        v.end_group();

        v.begin_group("commitStats0");
        v.scalar_flagged(
            "numInsts",
            insts,
            StatFlags::NOZERO,
            "Number of instructions committed (thread level)",
            count,
        );
        v.scalar(
            "numOps",
            insts,
            "Number of ops (including micro ops) committed (thread level)",
            count,
        );
        v.scalar(
            "numInstsNotNOP",
            0.0,
            "Number of instructions committed excluding NOPs or prefetches",
            count,
        );
        v.scalar(
            "numOpsNotNOP",
            0.0,
            "Number of Ops (including micro ops) Simulated",
            count,
        );
        v.formula(
            "cpi",
            cycles / insts,
            Some(6),
            "CPI: cycles per instruction (thread level)",
            Unit::CYCLE_PER_COUNT,
        );
        v.formula(
            "ipc",
            insts / cycles,
            Some(6),
            "IPC: instructions per cycle (thread level)",
            Unit::COUNT_PER_CYCLE,
        );
        v.scalar(
            "numMemRefs",
            0.0,
            "Number of memory references committed",
            count,
        );
        v.scalar(
            "numLoadInsts",
            loads as f64,
            "Number of load instructions",
            count,
        );
        v.scalar(
            "numStoreInsts",
            stores as f64,
            "Number of store instructions",
            count,
        );
        let vector: u64 = OpClass::ALL
            .iter()
            .filter(|c| c.name().starts_with("Simd"))
            .map(|&c| oc(c))
            .sum();
        v.scalar(
            "numVecInsts",
            vector as f64,
            "Number of vector instructions",
            count,
        );
        let mut values = [0.0; GEM5_OP_CLASSES.len()];
        for (&class, &n) in OpClass::ALL.iter().zip(&self.by_op_class) {
            values[gem5_op_class_index(class)] = n as f64;
        }
        v.vector_stat(
            "committedInstType",
            VectorStat::new(&values)
                .subnames(&GEM5_OP_CLASSES)
                .flags(StatFlags::TOTAL | StatFlags::PDF | StatFlags::DIST),
            "Class of committed instruction.",
            count,
        );
        v.end_group();

        // gem5's `ThreadState` stats: registered for every CPU, updated only by the
        // out-of-order and minor CPUs.
        v.begin_group("thread_0");
        v.scalar("numInsts", 0.0, "Number of Instructions committed", count);
        v.scalar("numOps", 0.0, "Number of Ops committed", count);
        v.scalar("numMemRefs", 0.0, "Number of Memory References", count);
        v.end_group();

        v.begin_group("exec_context.thread_0");
        v.scalar(
            "numMatAluAccesses",
            0.0,
            "Number of matrix alu accesses",
            count,
        );
        v.scalar("numMatInsts", 0.0, "Number of matrix instructions", count);
        v.end_group();

        // The `Process` child (`cpu.workload`) in gem5's SE mode.
        v.begin_group("workload");
        v.scalar(
            "numSyscalls",
            self.syscalls as f64,
            "Number of system calls",
            count,
        );
        v.end_group();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::stats::{StatValue, StatsSnapshot};

    #[test]
    fn op_class_names_are_gem5s_and_cover_every_class() {
        assert_eq!(GEM5_OP_CLASSES.len(), 74);
        assert_eq!(GEM5_OP_CLASSES[0], "No_OpClass");
        assert_eq!(GEM5_OP_CLASSES[73], "SimdConfig");
        let mut seen: Vec<usize> = OpClass::ALL
            .iter()
            .map(|&c| gem5_op_class_index(c))
            .collect();
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n, "distinct classes map to distinct names");
    }

    #[test]
    fn core_and_thread_level_rates_are_formulas_over_the_counts() {
        let mut s = CpuStats {
            num_cycles: 40,
            num_insts: 10,
            syscalls: 3,
            ..CpuStats::default()
        };
        s.by_op_class[OpClass::MemRead as usize] = 3;
        s.by_op_class[OpClass::MemWrite as usize] = 2;
        s.by_op_class[OpClass::IntAlu as usize] = 5;
        let mut snap = StatsSnapshot::new();
        s.visit(&mut snap);
        for name in ["ipc", "commitStats0.ipc", "fetchStats0.fetchRate"] {
            assert_eq!(snap.scalar_value(name), Some(0.25), "{name}");
        }
        assert_eq!(snap.scalar_value("cpi"), Some(4.0));
        assert_eq!(snap.scalar_value("executeStats0.numMemRefs"), Some(5.0));
        assert_eq!(snap.scalar_value("commitStats0.numLoadInsts"), Some(3.0));
        assert_eq!(snap.scalar_value("thread_0.numInsts"), Some(0.0));
        assert_eq!(snap.scalar_value("workload.numSyscalls"), Some(3.0));
        let Some(StatValue::Vector {
            values, subnames, ..
        }) = snap.get("commitStats0.committedInstType").map(|e| &e.value)
        else {
            panic!("committedInstType is a vector");
        };
        let names = subnames.as_ref().unwrap();
        assert_eq!(values.len(), 74);
        let at = |n: &str| values[names.iter().position(|x| x == n).unwrap()];
        assert_eq!(
            (at("IntAlu"), at("MemRead"), at("SimdConfig")),
            (5.0, 3.0, 0.0)
        );
    }
}
