//! The decoded-instruction interface and its classification.

use super::{ExecContext, Fault, RegClass, RegId};
use crate::Addr;

/// Functional-unit class of an operation (gem5's `OpClass`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum OpClass {
    No,
    IntAlu,
    IntMult,
    IntDiv,
    FloatAdd,
    FloatCmp,
    FloatCvt,
    FloatMult,
    FloatMultAcc,
    FloatDiv,
    FloatMisc,
    FloatSqrt,
    SimdAdd,
    SimdAlu,
    SimdMult,
    SimdMisc,
    SimdFloatAdd,
    SimdFloatMult,
    MemRead,
    MemWrite,
    FloatMemRead,
    FloatMemWrite,
    IprAccess,
    InstPrefetch,
}

impl OpClass {
    /// gem5's name for the class, as used in stats (`statFuClass`, `committedInstType`).
    pub fn name(self) -> &'static str {
        match self {
            OpClass::No => "No_OpClass",
            OpClass::IntAlu => "IntAlu",
            OpClass::IntMult => "IntMult",
            OpClass::IntDiv => "IntDiv",
            OpClass::FloatAdd => "FloatAdd",
            OpClass::FloatCmp => "FloatCmp",
            OpClass::FloatCvt => "FloatCvt",
            OpClass::FloatMult => "FloatMult",
            OpClass::FloatMultAcc => "FloatMultAcc",
            OpClass::FloatDiv => "FloatDiv",
            OpClass::FloatMisc => "FloatMisc",
            OpClass::FloatSqrt => "FloatSqrt",
            OpClass::SimdAdd => "SimdAdd",
            OpClass::SimdAlu => "SimdAlu",
            OpClass::SimdMult => "SimdMult",
            OpClass::SimdMisc => "SimdMisc",
            OpClass::SimdFloatAdd => "SimdFloatAdd",
            OpClass::SimdFloatMult => "SimdFloatMult",
            OpClass::MemRead => "MemRead",
            OpClass::MemWrite => "MemWrite",
            OpClass::FloatMemRead => "FloatMemRead",
            OpClass::FloatMemWrite => "FloatMemWrite",
            OpClass::IprAccess => "IprAccess",
            OpClass::InstPrefetch => "InstPrefetch",
        }
    }
    /// Every class, in stats order.
    pub const ALL: [OpClass; 24] = [
        OpClass::No,
        OpClass::IntAlu,
        OpClass::IntMult,
        OpClass::IntDiv,
        OpClass::FloatAdd,
        OpClass::FloatCmp,
        OpClass::FloatCvt,
        OpClass::FloatMult,
        OpClass::FloatMultAcc,
        OpClass::FloatDiv,
        OpClass::FloatMisc,
        OpClass::FloatSqrt,
        OpClass::SimdAdd,
        OpClass::SimdAlu,
        OpClass::SimdMult,
        OpClass::SimdMisc,
        OpClass::SimdFloatAdd,
        OpClass::SimdFloatMult,
        OpClass::MemRead,
        OpClass::MemWrite,
        OpClass::FloatMemRead,
        OpClass::FloatMemWrite,
        OpClass::IprAccess,
        OpClass::InstPrefetch,
    ];
}

/// What kind of instruction this is, for pipelines and statistics.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct InstFlags(pub u32);

#[allow(missing_docs)]
impl InstFlags {
    pub const NONE: InstFlags = InstFlags(0);
    pub const CONTROL: InstFlags = InstFlags(1 << 0);
    pub const CALL: InstFlags = InstFlags(1 << 1);
    pub const RETURN: InstFlags = InstFlags(1 << 2);
    pub const DIRECT: InstFlags = InstFlags(1 << 3);
    pub const INDIRECT: InstFlags = InstFlags(1 << 4);
    pub const CONDITIONAL: InstFlags = InstFlags(1 << 5);
    pub const LOAD: InstFlags = InstFlags(1 << 6);
    pub const STORE: InstFlags = InstFlags(1 << 7);
    pub const ATOMIC: InstFlags = InstFlags(1 << 8);
    pub const SERIALIZING: InstFlags = InstFlags(1 << 9);
    pub const NON_SPECULATIVE: InstFlags = InstFlags(1 << 10);
    pub const SYSCALL: InstFlags = InstFlags(1 << 11);
    pub const M5OP: InstFlags = InstFlags(1 << 12);
    pub const FLOAT: InstFlags = InstFlags(1 << 13);
    pub const VECTOR: InstFlags = InstFlags(1 << 14);
    pub const MEM_BARRIER: InstFlags = InstFlags(1 << 15);
    pub const WRITE_BARRIER: InstFlags = InstFlags(1 << 16);
    pub const MICRO_OP: InstFlags = InstFlags(1 << 17);
    pub const LAST_MICRO_OP: InstFlags = InstFlags(1 << 18);
    pub const NOP: InstFlags = InstFlags(1 << 19);
    pub const INST_FENCE: InstFlags = InstFlags(1 << 20);

    /// True if every bit of `other` is set.
    #[inline]
    pub const fn has(self, other: InstFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for InstFlags {
    type Output = InstFlags;
    fn bitor(self, rhs: InstFlags) -> InstFlags {
        InstFlags(self.0 | rhs.0)
    }
}

/// Register reads and writes of one instruction per [`RegClass`] (indexed by
/// `RegClass as usize`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct OperandCounts {
    /// Source operands per class.
    pub reads: [u8; RegClass::COUNT],
    /// Destination operands per class.
    pub writes: [u8; RegClass::COUNT],
}

/// A decoded instruction (or micro-op): classification plus semantics.
///
/// Implementations are small `Copy` values; the hot path never allocates.
pub trait StaticInst: Copy + Send + Sync + std::fmt::Debug + 'static {
    /// Length in bytes of the encoding.
    fn size(&self) -> u8;
    /// Raw encoding bits (up to 8 bytes; for traces and error messages).
    fn raw(&self) -> u64;
    /// Functional-unit class.
    fn op_class(&self) -> OpClass;
    /// Classification flags.
    fn flags(&self) -> InstFlags;
    /// Source registers, written into `out`; returns how many.
    fn srcs(&self, out: &mut [RegId; 8]) -> usize;
    /// Destination registers, written into `out`; returns how many.
    fn dests(&self, out: &mut [RegId; 8]) -> usize;
    /// Target of a direct control transfer at `pc`, if the instruction is one.
    fn direct_target(&self, pc: Addr) -> Option<Addr>;
    /// Number of micro-ops (1 for ISAs that do not crack instructions).
    fn num_micro_ops(&self) -> usize {
        1
    }
    /// Micro-op `i` of a cracked instruction (ISAs without micro-ops return `self`).
    fn micro_op(&self, _i: usize) -> Self {
        *self
    }
    /// Assembly text, for traces when no external disassembler knows the instruction.
    fn mnemonic(&self) -> &'static str;

    /// A key for per-instruction statistics: instructions with equal keys have
    /// equal [`op_class`](Self::op_class), [`flags`](Self::flags) and
    /// [`operand_counts`](Self::operand_counts). CPUs count committed instructions
    /// per key (one increment) and derive gem5's per-class and per-kind counts at
    /// dump time, so the key should be a field the decoder filled in, not computed.
    fn stat_key(&self) -> u16;
    /// Register operands per class as gem5's execution context counts them
    /// (`numIntRegReads` and friends): every source and destination operand the
    /// instruction names, hard-wired zero registers included. Defaults to
    /// [`srcs`](Self::srcs) and [`dests`](Self::dests).
    fn operand_counts(&self) -> OperandCounts {
        let mut regs = [RegId::int(0); 8];
        let mut counts = OperandCounts::default();
        let n = self.srcs(&mut regs);
        for r in &regs[..n] {
            counts.reads[r.class as usize] += 1;
        }
        let n = self.dests(&mut regs);
        for r in &regs[..n] {
            counts.writes[r.class as usize] += 1;
        }
        counts
    }

    /// Execute completely, using immediate memory accesses.
    fn execute<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault>;
    /// First half of a memory instruction: compute the address and initiate the access.
    /// Non-memory instructions are never given to this method.
    fn initiate_acc<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault>;
    /// Second half of a memory instruction: `data` is the loaded (or old, for AMOs) value,
    /// or for store-conditionals 0 on success and 1 on failure.
    fn complete_acc<X: ExecContext>(&self, xc: &mut X, data: u64) -> Result<(), Fault>;
}
