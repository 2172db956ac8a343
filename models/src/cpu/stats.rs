//! Statistics every CPU model keeps about committed instructions (gem5's
//! `commitStats0.*` and friends). Fields are plain counters so the hot loop only
//! adds; names, descriptions and units are attached when the stats are visited.

use sim_core::arch::{InstFlags, OpClass, OperandCounts, RegClass, StaticInst};
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};
use sim_core::Tick;
use std::collections::BTreeMap;

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

/// gem5's `StaticInstFlags` in its order: the subnames of `committedControl`.
pub const GEM5_INST_FLAGS: [&str; 39] = [
    "IsNop",
    "IsInteger",
    "IsFloating",
    "IsVector",
    "IsVectorElem",
    "IsMatrix",
    "IsLoad",
    "IsStore",
    "IsAtomic",
    "IsStoreConditional",
    "IsInstPrefetch",
    "IsDataPrefetch",
    "IsControl",
    "IsDirectControl",
    "IsIndirectControl",
    "IsCondControl",
    "IsUncondControl",
    "IsCall",
    "IsReturn",
    "IsSerializing",
    "IsSerializeBefore",
    "IsSerializeAfter",
    "IsWriteBarrier",
    "IsReadBarrier",
    "IsNonSpeculative",
    "IsQuiesce",
    "IsUnverifiable",
    "IsPseudo",
    "IsSyscall",
    "IsMacroop",
    "IsMicroop",
    "IsDelayedCommit",
    "IsLastMicroop",
    "IsFirstMicroop",
    "IsSquashAfter",
    "IsHtmStart",
    "IsHtmStop",
    "IsHtmCancel",
    "IsInvalid",
];

/// Position of a flag name in [`GEM5_INST_FLAGS`].
fn gem5_flag_index(name: &str) -> usize {
    GEM5_INST_FLAGS
        .iter()
        .position(|&n| n == name)
        .expect("a gem5 flag name")
}

/// Number of distinct [`StaticInst::stat_key`] values.
const STAT_KEYS: usize = 1 << 16;

/// What the statistics need to know about the instructions of one stat key.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct InstProfile {
    op_class: OpClass,
    flags: InstFlags,
    operands: OperandCounts,
}

impl InstProfile {
    /// The profile of `inst`.
    pub fn of<T: StaticInst>(inst: &T) -> InstProfile {
        InstProfile {
            op_class: inst.op_class(),
            flags: inst.flags(),
            operands: inst.operand_counts(),
        }
    }

    /// gem5's `isInteger`: the instruction names an integer register.
    fn is_integer(&self) -> bool {
        let int = RegClass::Int as usize;
        self.operands.reads[int] + self.operands.writes[int] > 0
    }

    /// gem5's `isFloating`.
    fn is_floating(&self) -> bool {
        let fp = RegClass::Float as usize;
        self.flags.has(InstFlags::FLOAT) || self.operands.reads[fp] + self.operands.writes[fp] > 0
    }
}

/// Committed-instruction totals derived from the per-key counts at dump time.
struct Totals {
    by_op_class: [u64; OpClass::ALL.len()],
    control: [u64; GEM5_INST_FLAGS.len()],
    loads: u64,
    stores_or_atomics: u64,
    mem_refs: u64,
    int_insts: u64,
    fp_insts: u64,
    vec_insts: u64,
    calls_returns: u64,
    reads: [u64; RegClass::COUNT],
    writes: [u64; RegClass::COUNT],
}

impl Default for Totals {
    fn default() -> Self {
        Totals {
            by_op_class: [0; OpClass::ALL.len()],
            control: [0; GEM5_INST_FLAGS.len()],
            loads: 0,
            stores_or_atomics: 0,
            mem_refs: 0,
            int_insts: 0,
            fp_insts: 0,
            vec_insts: 0,
            calls_returns: 0,
            reads: [0; RegClass::COUNT],
            writes: [0; RegClass::COUNT],
        }
    }
}

impl Totals {
    fn add(&mut self, p: &InstProfile, n: u64) {
        let f = p.flags;
        self.by_op_class[p.op_class as usize] += n;
        let (load, store, atomic) = (
            f.has(InstFlags::LOAD),
            f.has(InstFlags::STORE),
            f.has(InstFlags::ATOMIC),
        );
        self.loads += load as u64 * n;
        self.stores_or_atomics += (store || atomic) as u64 * n;
        self.mem_refs += (load || store || atomic) as u64 * n;
        self.int_insts += p.is_integer() as u64 * n;
        self.fp_insts += p.is_floating() as u64 * n;
        self.vec_insts += f.has(InstFlags::VECTOR) as u64 * n;
        if f.has(InstFlags::CALL) || f.has(InstFlags::RETURN) {
            self.calls_returns += n;
        }
        for k in 0..RegClass::COUNT {
            self.reads[k] += p.operands.reads[k] as u64 * n;
            self.writes[k] += p.operands.writes[k] as u64 * n;
        }
        if f.has(InstFlags::CONTROL) {
            let conditional = f.has(InstFlags::CONDITIONAL);
            let kinds = [
                ("IsReturn", f.has(InstFlags::RETURN)),
                ("IsCall", f.has(InstFlags::CALL)),
                ("IsDirectControl", f.has(InstFlags::DIRECT)),
                ("IsIndirectControl", f.has(InstFlags::INDIRECT)),
                ("IsCondControl", conditional),
                ("IsUncondControl", !conditional),
                ("IsControl", true),
            ];
            for (name, is) in kinds {
                if is {
                    self.control[gem5_flag_index(name)] += n;
                }
            }
        }
    }
}

/// Counters of one CPU.
#[derive(Debug)]
pub struct CpuStats {
    /// Cycles simulated since the last reset.
    pub num_cycles: u64,
    /// Committed instructions per [`StaticInst::stat_key`]: one increment per
    /// instruction; every per-class and per-kind count is derived from it.
    by_key: Box<[u64; STAT_KEYS]>,
    /// The profile of every key decoded so far (kept across resets: the decoded
    /// instructions stay cached).
    profiles: BTreeMap<u16, InstProfile>,
    /// `m5 workbegin` seen.
    pub work_items_started: u64,
    /// `m5 workend` seen.
    pub work_items_completed: u64,
    /// System calls made by the thread (gem5's `workload.numSyscalls`, kept by
    /// the `Process`).
    pub syscalls: u64,
    /// When the stats were last reset (for `notIdleFraction`).
    pub reset_tick: Tick,
}

impl Default for CpuStats {
    fn default() -> Self {
        let by_key = vec![0u64; STAT_KEYS]
            .into_boxed_slice()
            .try_into()
            .expect("the vector has STAT_KEYS slots");
        CpuStats {
            num_cycles: 0,
            by_key,
            profiles: BTreeMap::new(),
            work_items_started: 0,
            work_items_completed: 0,
            syscalls: 0,
            reset_tick: Tick(0),
        }
    }
}

impl CpuStats {
    /// Count one committed instruction.
    #[inline(always)]
    pub fn count<T: StaticInst>(&mut self, inst: &T) {
        self.by_key[inst.stat_key() as usize] += 1;
    }

    /// Remember the profile of a newly decoded instruction (off the hot path:
    /// called when an instruction enters the decode cache).
    pub fn note_decoded<T: StaticInst>(&mut self, inst: &T) {
        let profile = self
            .profiles
            .entry(inst.stat_key())
            .or_insert_with(|| InstProfile::of(inst));
        debug_assert_eq!(*profile, InstProfile::of(inst), "{inst:?}");
    }

    /// Zero every counter at `now`, keeping the decoded instructions' profiles.
    pub fn reset(&mut self, now: Tick) {
        self.num_cycles = 0;
        self.by_key.fill(0);
        self.work_items_started = 0;
        self.work_items_completed = 0;
        self.syscalls = 0;
        self.reset_tick = now;
    }

    /// Instructions committed since the last reset (the sum of the per-key
    /// counts, so the hot loop keeps one counter).
    pub fn num_insts(&self) -> u64 {
        self.by_key.iter().sum()
    }

    fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for (&key, p) in &self.profiles {
            let n = self.by_key[key as usize];
            if n != 0 {
                t.add(p, n);
            }
        }
        t
    }
    /// Report the stats in gem5's layout for its simple CPUs: the core-level stats,
    /// then the `fetchStats0`, `executeStats0`, `commitStats0`, `thread_0` and
    /// `exec_context.thread_0` groups, with what gem5's `BaseSimpleCPU` updates
    /// (per-class and per-kind counts, register operand and ALU accesses,
    /// control-instruction kinds). `cycles` is the CPU's `numCycles` and `period`
    /// its clock period in ticks (for the idle fractions).
    ///
    /// Stats gem5's simple CPUs register but never update print as gem5 prints
    /// them (`commitStats0.numMemRefs`, `numInstsNotNOP`, `thread_0.*` are 0;
    /// `executeStats0.numStoreInsts` is its formula `numMemRefs - numLoadInsts`
    /// over an unupdated `numLoadInsts`); those gem5 prints only when non-zero
    /// (`prereq` on themselves) are left out.
    pub fn visit(&self, v: &mut dyn StatVisitor, cycles: u64, period: u64) {
        let t = self.totals();
        let insts = self.num_insts() as f64;
        let cycles_f = cycles as f64;
        self.visit_core(v, insts, cycles_f);
        self.visit_fetch(v, &t, insts, cycles_f);
        Self::visit_execute(v, &t, cycles_f);
        self.visit_commit(v, &t, insts, cycles_f);
        // gem5's `ThreadState` stats: registered for every CPU, updated only by the
        // out-of-order and minor CPUs.
        let count = Unit::Count;
        v.begin_group("thread_0");
        v.scalar("numInsts", 0.0, "Number of Instructions committed", count);
        v.scalar("numOps", 0.0, "Number of Ops committed", count);
        v.scalar("numMemRefs", 0.0, "Number of Memory References", count);
        v.end_group();
        self.visit_exec_context(v, &t, cycles, period);
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

    fn visit_core(&self, v: &mut dyn StatVisitor, insts: f64, cycles: f64) {
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
    }

    fn visit_fetch(&self, v: &mut dyn StatVisitor, t: &Totals, insts: f64, cycles: f64) {
        let count = Unit::Count;
        let branches = t.control[gem5_flag_index("IsControl")] as f64;
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
        v.scalar_flagged(
            "numBranches",
            branches,
            StatFlags::NOZERO,
            "Number of branches fetched",
            count,
        );
        v.formula_flagged(
            "branchRate",
            branches / cycles,
            None,
            StatFlags::TOTAL,
            "Number of branch fetches per cycle",
            Unit::Ratio,
        );
        v.scalar(
            "numFetchSuspends",
            0.0,
            "Number of times Execute suspended instruction fetching",
            count,
        );
        v.end_group();
    }

    fn visit_execute(v: &mut dyn StatVisitor, t: &Totals, cycles: f64) {
        let count = Unit::Count;
        let nz = StatFlags::NOZERO;
        let regs = |a: &[u64; RegClass::COUNT], c: RegClass| a[c as usize] as f64;
        let mem_refs = t.mem_refs as f64;
        v.begin_group("executeStats0");
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
        let per_class: [(&str, f64, bool, &str); 16] = [
            (
                "numCCRegReads",
                regs(&t.reads, RegClass::CondCode),
                true,
                "Number of times the CC registers were read",
            ),
            (
                "numCCRegWrites",
                regs(&t.writes, RegClass::CondCode),
                true,
                "Number of times the CC registers were written",
            ),
            (
                "numFpAluAccesses",
                t.fp_insts as f64,
                true,
                "Number of float alu accesses",
            ),
            (
                "numFpRegReads",
                regs(&t.reads, RegClass::Float),
                true,
                "Number of times the floating registers were read",
            ),
            (
                "numFpRegWrites",
                regs(&t.writes, RegClass::Float),
                false,
                "Number of times the floating registers were written",
            ),
            (
                "numIntAluAccesses",
                t.int_insts as f64,
                true,
                "Number of integer alu accesses",
            ),
            (
                "numIntRegReads",
                regs(&t.reads, RegClass::Int),
                true,
                "Number of times the integer registers were read",
            ),
            (
                "numIntRegWrites",
                regs(&t.writes, RegClass::Int),
                true,
                "Number of times the integer registers were written",
            ),
            ("numMemRefs", mem_refs, false, "Number of memory refs"),
            (
                "numMiscRegReads",
                regs(&t.reads, RegClass::Misc),
                true,
                "Number of times the Misc registers were read",
            ),
            (
                "numMiscRegWrites",
                regs(&t.writes, RegClass::Misc),
                true,
                "Number of times the Misc registers were written",
            ),
            (
                "numVecAluAccesses",
                t.vec_insts as f64,
                false,
                "Number of vector alu accesses",
            ),
            (
                "numVecPredRegReads",
                regs(&t.reads, RegClass::VecPred),
                true,
                "Number of times the predicate registers were read",
            ),
            (
                "numVecPredRegWrites",
                regs(&t.writes, RegClass::VecPred),
                true,
                "Number of times the predicate registers were written",
            ),
            (
                "numVecRegReads",
                regs(&t.reads, RegClass::Vec),
                true,
                "Number of times the vector registers were read",
            ),
            (
                "numVecRegWrites",
                regs(&t.writes, RegClass::Vec),
                true,
                "Number of times the vector registers were written",
            ),
        ];
        for (name, value, nozero, desc) in per_class {
            let flags = if nozero { nz } else { StatFlags::NONE };
            v.scalar_flagged(name, value, flags, desc, count);
        }
        v.scalar(
            "numDiscardedOps",
            0.0,
            "Number of ops (including micro ops) which were discarded before commit",
            count,
        );
        v.end_group();
    }

    fn visit_commit(&self, v: &mut dyn StatVisitor, t: &Totals, insts: f64, cycles: f64) {
        let count = Unit::Count;
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
        let counts = [
            ("numMemRefs", 0, "Number of memory references committed"),
            ("numFpInsts", t.fp_insts, "Number of float instructions"),
            ("numIntInsts", t.int_insts, "Number of integer instructions"),
            ("numLoadInsts", t.loads, "Number of load instructions"),
            (
                "numStoreInsts",
                t.stores_or_atomics,
                "Number of store instructions",
            ),
            ("numVecInsts", t.vec_insts, "Number of vector instructions"),
        ];
        for (name, n, desc) in counts {
            v.scalar(name, n as f64, desc, count);
        }
        let mut values = [0.0; GEM5_OP_CLASSES.len()];
        for (&class, &n) in OpClass::ALL.iter().zip(&t.by_op_class) {
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
        let control: Vec<f64> = t.control.iter().map(|&n| n as f64).collect();
        v.vector_stat(
            "committedControl",
            VectorStat::new(&control)
                .subnames(&GEM5_INST_FLAGS)
                .flags(StatFlags::NOZERO),
            "Class of control type instructions committed",
            count,
        );
        v.end_group();
    }

    /// gem5's `SimpleExecContext` stats. `notIdleFraction` is gem5's time
    /// average of "the CPU is active" since the last reset:
    /// `(active ticks + 1) / (elapsed ticks + 1)`.
    fn visit_exec_context(&self, v: &mut dyn StatVisitor, t: &Totals, cycles: u64, period: u64) {
        let count = Unit::Count;
        let elapsed = v
            .now()
            .map_or(0, |now| now.0.saturating_sub(self.reset_tick.0));
        let active = cycles.saturating_mul(period).min(elapsed);
        let not_idle = (active as f64 + 1.0) / (elapsed as f64 + 1.0);
        let cycles = cycles as f64;
        v.begin_group("exec_context.thread_0");
        v.scalar(
            "numMatAluAccesses",
            0.0,
            "Number of matrix alu accesses",
            count,
        );
        v.scalar(
            "numCallsReturns",
            t.calls_returns as f64,
            "Number of times a function call or return occured",
            count,
        );
        v.scalar("numMatInsts", 0.0, "Number of matrix instructions", count);
        v.formula(
            "numIdleCycles",
            (1.0 - not_idle) * cycles,
            None,
            "Number of idle cycles",
            Unit::Cycle,
        );
        v.formula(
            "numBusyCycles",
            not_idle * cycles,
            None,
            "Number of busy cycles",
            Unit::Cycle,
        );
        v.scalar(
            "notIdleFraction",
            not_idle,
            "Percentage of non-idle cycles",
            Unit::Ratio,
        );
        v.formula(
            "idleFraction",
            1.0 - not_idle,
            None,
            "Percentage of idle cycles",
            Unit::Ratio,
        );
        v.scalar(
            "numBranchMispred",
            0.0,
            "Number of branch mispredictions",
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

    /// Decode one 32-bit RISC-V encoding.
    fn rv(raw: u32) -> isa_riscv::RvInst {
        isa_riscv::decode(&raw.to_le_bytes()).expect("a valid encoding")
    }

    /// `(encoding, times committed)`: a small mix of every kind the stats tell apart.
    const MIX: [(u32, u64); 9] = [
        (0x0050_0513, 3), // addi a0, zero, 5
        (0x0080_00ef, 2), // jal ra, 8 (a call)
        (0x0000_8067, 2), // jalr zero, 0(ra) (a return)
        (0x00b5_0463, 4), // beq a0, a1, 8
        (0x0001_3503, 5), // ld a0, 0(sp)
        (0x00a1_3023, 1), // sd a0, 0(sp)
        (0x02b5_7553, 2), // fadd.d fa0, fa0, fa1 (dynamic rounding: reads frm)
        (0x00b6_252f, 1), // amoadd.w a0, a1, (a2)
        (0x0010_2573, 1), // csrrs a0, fflags, zero
    ];

    fn snapshot_of_mix(cycles: u64) -> StatsSnapshot {
        let mut s = CpuStats::default();
        for (raw, times) in MIX {
            let inst = rv(raw);
            s.note_decoded(&inst);
            for _ in 0..times {
                s.count(&inst);
            }
        }
        s.syscalls = 3;
        let mut snap = StatsSnapshot::new();
        s.visit(&mut snap, cycles, 1000);
        snap
    }

    #[test]
    fn per_kind_counts_are_derived_from_the_per_key_counts() {
        let snap = snapshot_of_mix(84);
        let get = |name: &str| snap.scalar_value(name).unwrap_or(f64::NAN);
        let expect = [
            ("commitStats0.numInsts", 21.0),
            ("commitStats0.numLoadInsts", 6.0),  // 5 ld + the AMO
            ("commitStats0.numStoreInsts", 2.0), // sd + the AMO
            ("commitStats0.numIntInsts", 19.0),  // all but fadd.d
            ("commitStats0.numFpInsts", 2.0),
            ("commitStats0.numVecInsts", 0.0),
            ("executeStats0.numMemRefs", 7.0),
            ("executeStats0.numIntAluAccesses", 19.0),
            ("executeStats0.numFpAluAccesses", 2.0),
            // x0 operands count, as in gem5: addi 3, jalr 2, beq 8, ld 5, sd 2,
            // amoadd 2, csrrs 1.
            ("executeStats0.numIntRegReads", 23.0),
            // addi 3, jal 2, jalr 2, ld 5, amoadd 1, csrrs 1.
            ("executeStats0.numIntRegWrites", 14.0),
            ("executeStats0.numFpRegReads", 4.0),
            ("executeStats0.numFpRegWrites", 2.0),
            ("executeStats0.numMiscRegReads", 3.0), // frm twice, fflags once
            ("executeStats0.numMiscRegWrites", 2.0), // fflags by fadd.d
            ("fetchStats0.numBranches", 8.0),
            ("fetchStats0.branchRate", 8.0 / 84.0),
            ("exec_context.thread_0.numCallsReturns", 4.0),
            ("workload.numSyscalls", 3.0),
        ];
        for (name, want) in expect {
            assert_eq!(get(name), want, "{name}");
        }
        let Some(StatValue::Vector {
            values, subnames, ..
        }) = snap.get("commitStats0.committedControl").map(|e| &e.value)
        else {
            panic!("committedControl is a vector");
        };
        let names = subnames.as_ref().unwrap();
        let at = |n: &str| values[names.iter().position(|x| x == n).unwrap()];
        let kinds = [
            ("IsControl", 8.0),
            ("IsDirectControl", 6.0),
            ("IsIndirectControl", 2.0),
            ("IsCondControl", 4.0),
            ("IsUncondControl", 4.0),
            ("IsCall", 2.0),
            ("IsReturn", 2.0),
            ("IsLoad", 0.0),
        ];
        for (kind, want) in kinds {
            assert_eq!(at(kind), want, "committedControl::{kind}");
        }
    }

    #[test]
    fn core_and_thread_level_rates_are_formulas_over_the_counts() {
        let snap = snapshot_of_mix(84);
        for name in ["ipc", "commitStats0.ipc", "fetchStats0.fetchRate"] {
            assert_eq!(snap.scalar_value(name), Some(0.25), "{name}");
        }
        assert_eq!(snap.scalar_value("cpi"), Some(4.0));
        assert_eq!(snap.scalar_value("thread_0.numInsts"), Some(0.0));
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
            (
                at("IntAlu"),
                at("MemRead"),
                at("FloatAdd"),
                at("SimdConfig")
            ),
            (11.0, 5.0, 2.0, 0.0)
        );
    }

    #[test]
    fn a_reset_zeroes_the_counts_but_keeps_the_profiles() {
        let mut s = CpuStats::default();
        let inst = rv(0x0001_3503);
        s.note_decoded(&inst);
        s.count(&inst);
        s.reset(Tick(500));
        assert_eq!((s.num_insts(), s.reset_tick), (0, Tick(500)));
        s.count(&inst); // still cached: no new note_decoded
        let mut snap = StatsSnapshot::new();
        s.visit(&mut snap, 1, 1000);
        assert_eq!(snap.scalar_value("commitStats0.numLoadInsts"), Some(1.0));
    }
}
