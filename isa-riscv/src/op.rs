//! The flat list of operations the decoder produces, with each operation's
//! classification (functional unit, behaviour kind, register operands and
//! assembly syntax) as one table line.
//!
//! Compressed encodings decode to the same operation as their 32-bit form, so this
//! list has exactly one entry per distinct semantics.

use sim_core::arch::OpClass;

/// How an operation behaves, for flags, register lists and the split memory path.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Integer computation (including multiply/divide and bit manipulation).
    Alu,
    /// Conditional direct branch.
    Branch,
    /// Direct jump and link.
    Jal,
    /// Indirect jump and link.
    Jalr,
    /// Integer load.
    Load,
    /// Integer store.
    Store,
    /// Load-reserved.
    Lr,
    /// Store-conditional.
    Sc,
    /// Atomic memory operation.
    Amo,
    /// Memory fence.
    Fence,
    /// Instruction-stream fence.
    FenceI,
    /// Environment call (system call).
    Ecall,
    /// Breakpoint.
    Ebreak,
    /// CSR access.
    Csr,
    /// gem5 pseudo-instruction.
    M5,
    /// Trap return (`mret`, `sret`).
    Xret,
    /// Other privileged operation (`wfi`, `sfence.vma`).
    SysOp,
    /// Floating-point load.
    FpLoad,
    /// Floating-point store.
    FpStore,
    /// FP operation with neither rounding mode nor exception flags.
    FpMisc,
    /// FP operation that may raise flags but has no rounding-mode field.
    FpFlags,
    /// FP operation with a rounding-mode field that may raise flags.
    FpRm,
    /// Placeholder for encodings the decoder reports as unimplemented.
    None,
}

/// Register class of one operand slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum R {
    /// Slot not used.
    N,
    /// Integer register.
    X,
    /// Floating-point register.
    F,
}

/// Operand syntax for assembly text (GNU objdump `-M no-aliases` style).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Syn {
    /// `rd,rs1,rs2`
    R,
    /// `rd,rs1,rs2[,rm]`
    RRm,
    /// `rd,rs1,rs2,rs3[,rm]`
    R4Rm,
    /// `rd,rs1`
    R1,
    /// `rd,rs1[,rm]`
    R1Rm,
    /// `rd,rs1[,rm]` where the default rounding mode is `rne` (exact conversions).
    R1RmExact,
    /// `rd,rs1,imm`
    I,
    /// `rd,rs1,0xshamt`
    Sh,
    /// `rd,imm(rs1)`
    Load,
    /// `rs2,imm(rs1)`
    Store,
    /// `rs1,rs2,target`
    B,
    /// `rd,0ximm20`
    U,
    /// `rd,target`
    J,
    /// `rd,csr,rs1`
    Csr,
    /// `rd,csr,uimm`
    CsrI,
    /// `rd,rs2,(rs1)`
    Amo,
    /// `rd,(rs1)`
    Lr,
    /// `pred,succ`
    Fence,
    /// no operands
    None,
    /// `rs1,rs2` (`sfence.vma`)
    Sfence,
    /// `func`
    M5,
}

/// Static facts about one operation.
#[derive(Copy, Clone, Debug)]
pub(crate) struct OpInfo {
    /// Mnemonic of the 32-bit form.
    pub name: &'static str,
    /// Functional-unit class.
    pub class: OpClass,
    /// Behaviour kind.
    pub kind: Kind,
    /// Register classes of rd, rs1, rs2, rs3.
    pub regs: [R; 4],
    /// Assembly syntax.
    pub syn: Syn,
}

macro_rules! ops {
    ($($v:ident = $name:literal, $class:ident, $kind:ident, $rd:ident $rs1:ident $rs2:ident $rs3:ident, $syn:ident;)*) => {
        /// A decoded operation; the variant's documentation is its mnemonic.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op {
            $(#[doc = $name] $v,)*
        }
        /// Facts about every operation, indexed by `Op as usize`.
        pub(crate) const OP_INFO: &[OpInfo] = &[
            $(OpInfo {
                name: $name,
                class: OpClass::$class,
                kind: Kind::$kind,
                regs: [R::$rd, R::$rs1, R::$rs2, R::$rs3],
                syn: Syn::$syn,
            },)*
        ];
    };
}

impl Op {
    /// Static facts about this operation.
    #[inline]
    pub(crate) fn info(self) -> &'static OpInfo {
        &OP_INFO[self as usize]
    }
    /// The mnemonic of the operation's 32-bit form.
    pub fn name(self) -> &'static str {
        self.info().name
    }
}

ops! {
    // ---- RV64I
    Lui = "lui", IntAlu, Alu, X N N N, U;
    Auipc = "auipc", IntAlu, Alu, X N N N, U;
    Jal = "jal", IntAlu, Jal, X N N N, J;
    Jalr = "jalr", IntAlu, Jalr, X X N N, Load;
    Beq = "beq", IntAlu, Branch, N X X N, B;
    Bne = "bne", IntAlu, Branch, N X X N, B;
    Blt = "blt", IntAlu, Branch, N X X N, B;
    Bge = "bge", IntAlu, Branch, N X X N, B;
    Bltu = "bltu", IntAlu, Branch, N X X N, B;
    Bgeu = "bgeu", IntAlu, Branch, N X X N, B;
    Lb = "lb", MemRead, Load, X X N N, Load;
    Lh = "lh", MemRead, Load, X X N N, Load;
    Lw = "lw", MemRead, Load, X X N N, Load;
    Ld = "ld", MemRead, Load, X X N N, Load;
    Lbu = "lbu", MemRead, Load, X X N N, Load;
    Lhu = "lhu", MemRead, Load, X X N N, Load;
    Lwu = "lwu", MemRead, Load, X X N N, Load;
    Sb = "sb", MemWrite, Store, N X X N, Store;
    Sh = "sh", MemWrite, Store, N X X N, Store;
    Sw = "sw", MemWrite, Store, N X X N, Store;
    Sd = "sd", MemWrite, Store, N X X N, Store;
    Addi = "addi", IntAlu, Alu, X X N N, I;
    Slti = "slti", IntAlu, Alu, X X N N, I;
    Sltiu = "sltiu", IntAlu, Alu, X X N N, I;
    Xori = "xori", IntAlu, Alu, X X N N, I;
    Ori = "ori", IntAlu, Alu, X X N N, I;
    Andi = "andi", IntAlu, Alu, X X N N, I;
    Slli = "slli", IntAlu, Alu, X X N N, Sh;
    Srli = "srli", IntAlu, Alu, X X N N, Sh;
    Srai = "srai", IntAlu, Alu, X X N N, Sh;
    Add = "add", IntAlu, Alu, X X X N, R;
    Sub = "sub", IntAlu, Alu, X X X N, R;
    Sll = "sll", IntAlu, Alu, X X X N, R;
    Slt = "slt", IntAlu, Alu, X X X N, R;
    Sltu = "sltu", IntAlu, Alu, X X X N, R;
    Xor = "xor", IntAlu, Alu, X X X N, R;
    Srl = "srl", IntAlu, Alu, X X X N, R;
    Sra = "sra", IntAlu, Alu, X X X N, R;
    Or = "or", IntAlu, Alu, X X X N, R;
    And = "and", IntAlu, Alu, X X X N, R;
    Addiw = "addiw", IntAlu, Alu, X X N N, I;
    Slliw = "slliw", IntAlu, Alu, X X N N, Sh;
    Srliw = "srliw", IntAlu, Alu, X X N N, Sh;
    Sraiw = "sraiw", IntAlu, Alu, X X N N, Sh;
    Addw = "addw", IntAlu, Alu, X X X N, R;
    Subw = "subw", IntAlu, Alu, X X X N, R;
    Sllw = "sllw", IntAlu, Alu, X X X N, R;
    Srlw = "srlw", IntAlu, Alu, X X X N, R;
    Sraw = "sraw", IntAlu, Alu, X X X N, R;
    Fence = "fence", No, Fence, N N N N, Fence;
    FenceI = "fence.i", No, FenceI, N N N N, None;
    Ecall = "ecall", No, Ecall, N N N N, None;
    Ebreak = "ebreak", No, Ebreak, N N N N, None;
    // ---- M
    Mul = "mul", IntMult, Alu, X X X N, R;
    Mulh = "mulh", IntMult, Alu, X X X N, R;
    Mulhsu = "mulhsu", IntMult, Alu, X X X N, R;
    Mulhu = "mulhu", IntMult, Alu, X X X N, R;
    Div = "div", IntDiv, Alu, X X X N, R;
    Divu = "divu", IntDiv, Alu, X X X N, R;
    Rem = "rem", IntDiv, Alu, X X X N, R;
    Remu = "remu", IntDiv, Alu, X X X N, R;
    Mulw = "mulw", IntMult, Alu, X X X N, R;
    Divw = "divw", IntDiv, Alu, X X X N, R;
    Divuw = "divuw", IntDiv, Alu, X X X N, R;
    Remw = "remw", IntDiv, Alu, X X X N, R;
    Remuw = "remuw", IntDiv, Alu, X X X N, R;
    // ---- A
    LrW = "lr.w", MemRead, Lr, X X N N, Lr;
    ScW = "sc.w", MemWrite, Sc, X X X N, Amo;
    AmoswapW = "amoswap.w", MemWrite, Amo, X X X N, Amo;
    AmoaddW = "amoadd.w", MemWrite, Amo, X X X N, Amo;
    AmoxorW = "amoxor.w", MemWrite, Amo, X X X N, Amo;
    AmoandW = "amoand.w", MemWrite, Amo, X X X N, Amo;
    AmoorW = "amoor.w", MemWrite, Amo, X X X N, Amo;
    AmominW = "amomin.w", MemWrite, Amo, X X X N, Amo;
    AmomaxW = "amomax.w", MemWrite, Amo, X X X N, Amo;
    AmominuW = "amominu.w", MemWrite, Amo, X X X N, Amo;
    AmomaxuW = "amomaxu.w", MemWrite, Amo, X X X N, Amo;
    LrD = "lr.d", MemRead, Lr, X X N N, Lr;
    ScD = "sc.d", MemWrite, Sc, X X X N, Amo;
    AmoswapD = "amoswap.d", MemWrite, Amo, X X X N, Amo;
    AmoaddD = "amoadd.d", MemWrite, Amo, X X X N, Amo;
    AmoxorD = "amoxor.d", MemWrite, Amo, X X X N, Amo;
    AmoandD = "amoand.d", MemWrite, Amo, X X X N, Amo;
    AmoorD = "amoor.d", MemWrite, Amo, X X X N, Amo;
    AmominD = "amomin.d", MemWrite, Amo, X X X N, Amo;
    AmomaxD = "amomax.d", MemWrite, Amo, X X X N, Amo;
    AmominuD = "amominu.d", MemWrite, Amo, X X X N, Amo;
    AmomaxuD = "amomaxu.d", MemWrite, Amo, X X X N, Amo;
    // ---- F
    Flw = "flw", FloatMemRead, FpLoad, F X N N, Load;
    Fsw = "fsw", FloatMemWrite, FpStore, N X F N, Store;
    FmaddS = "fmadd.s", FloatMultAcc, FpRm, F F F F, R4Rm;
    FmsubS = "fmsub.s", FloatMultAcc, FpRm, F F F F, R4Rm;
    FnmsubS = "fnmsub.s", FloatMultAcc, FpRm, F F F F, R4Rm;
    FnmaddS = "fnmadd.s", FloatMultAcc, FpRm, F F F F, R4Rm;
    FaddS = "fadd.s", FloatAdd, FpRm, F F F N, RRm;
    FsubS = "fsub.s", FloatAdd, FpRm, F F F N, RRm;
    FmulS = "fmul.s", FloatMult, FpRm, F F F N, RRm;
    FdivS = "fdiv.s", FloatDiv, FpRm, F F F N, RRm;
    FsqrtS = "fsqrt.s", FloatSqrt, FpRm, F F N N, R1Rm;
    FsgnjS = "fsgnj.s", FloatMisc, FpMisc, F F F N, R;
    FsgnjnS = "fsgnjn.s", FloatMisc, FpMisc, F F F N, R;
    FsgnjxS = "fsgnjx.s", FloatMisc, FpMisc, F F F N, R;
    FminS = "fmin.s", FloatCmp, FpFlags, F F F N, R;
    FmaxS = "fmax.s", FloatCmp, FpFlags, F F F N, R;
    FcvtSD = "fcvt.s.d", FloatCvt, FpRm, F F N N, R1Rm;
    FeqS = "feq.s", FloatCmp, FpFlags, X F F N, R;
    FltS = "flt.s", FloatCmp, FpFlags, X F F N, R;
    FleS = "fle.s", FloatCmp, FpFlags, X F F N, R;
    FclassS = "fclass.s", FloatMisc, FpMisc, X F N N, R1;
    FcvtWS = "fcvt.w.s", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtWuS = "fcvt.wu.s", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtLS = "fcvt.l.s", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtLuS = "fcvt.lu.s", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtSW = "fcvt.s.w", FloatCvt, FpRm, F X N N, R1Rm;
    FcvtSWu = "fcvt.s.wu", FloatCvt, FpRm, F X N N, R1Rm;
    FcvtSL = "fcvt.s.l", FloatCvt, FpRm, F X N N, R1Rm;
    FcvtSLu = "fcvt.s.lu", FloatCvt, FpRm, F X N N, R1Rm;
    FmvXW = "fmv.x.w", FloatMisc, FpMisc, X F N N, R1;
    FmvWX = "fmv.w.x", FloatMisc, FpMisc, F X N N, R1;
    // ---- D
    Fld = "fld", FloatMemRead, FpLoad, F X N N, Load;
    Fsd = "fsd", FloatMemWrite, FpStore, N X F N, Store;
    FmaddD = "fmadd.d", FloatMultAcc, FpRm, F F F F, R4Rm;
    FmsubD = "fmsub.d", FloatMultAcc, FpRm, F F F F, R4Rm;
    FnmsubD = "fnmsub.d", FloatMultAcc, FpRm, F F F F, R4Rm;
    FnmaddD = "fnmadd.d", FloatMultAcc, FpRm, F F F F, R4Rm;
    FaddD = "fadd.d", FloatAdd, FpRm, F F F N, RRm;
    FsubD = "fsub.d", FloatAdd, FpRm, F F F N, RRm;
    FmulD = "fmul.d", FloatMult, FpRm, F F F N, RRm;
    FdivD = "fdiv.d", FloatDiv, FpRm, F F F N, RRm;
    FsqrtD = "fsqrt.d", FloatSqrt, FpRm, F F N N, R1Rm;
    FsgnjD = "fsgnj.d", FloatMisc, FpMisc, F F F N, R;
    FsgnjnD = "fsgnjn.d", FloatMisc, FpMisc, F F F N, R;
    FsgnjxD = "fsgnjx.d", FloatMisc, FpMisc, F F F N, R;
    FminD = "fmin.d", FloatCmp, FpFlags, F F F N, R;
    FmaxD = "fmax.d", FloatCmp, FpFlags, F F F N, R;
    FcvtDS = "fcvt.d.s", FloatCvt, FpRm, F F N N, R1RmExact;
    FeqD = "feq.d", FloatCmp, FpFlags, X F F N, R;
    FltD = "flt.d", FloatCmp, FpFlags, X F F N, R;
    FleD = "fle.d", FloatCmp, FpFlags, X F F N, R;
    FclassD = "fclass.d", FloatMisc, FpMisc, X F N N, R1;
    FcvtWD = "fcvt.w.d", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtWuD = "fcvt.wu.d", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtLD = "fcvt.l.d", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtLuD = "fcvt.lu.d", FloatCvt, FpRm, X F N N, R1Rm;
    FcvtDW = "fcvt.d.w", FloatCvt, FpRm, F X N N, R1RmExact;
    FcvtDWu = "fcvt.d.wu", FloatCvt, FpRm, F X N N, R1RmExact;
    FcvtDL = "fcvt.d.l", FloatCvt, FpRm, F X N N, R1Rm;
    FcvtDLu = "fcvt.d.lu", FloatCvt, FpRm, F X N N, R1Rm;
    FmvXD = "fmv.x.d", FloatMisc, FpMisc, X F N N, R1;
    FmvDX = "fmv.d.x", FloatMisc, FpMisc, F X N N, R1;
    // ---- Zicsr
    Csrrw = "csrrw", IprAccess, Csr, X X N N, Csr;
    Csrrs = "csrrs", IprAccess, Csr, X X N N, Csr;
    Csrrc = "csrrc", IprAccess, Csr, X X N N, Csr;
    Csrrwi = "csrrwi", IprAccess, Csr, X N N N, CsrI;
    Csrrsi = "csrrsi", IprAccess, Csr, X N N N, CsrI;
    Csrrci = "csrrci", IprAccess, Csr, X N N N, CsrI;
    // ---- Zba
    AddUw = "add.uw", IntAlu, Alu, X X X N, R;
    Sh1add = "sh1add", IntAlu, Alu, X X X N, R;
    Sh2add = "sh2add", IntAlu, Alu, X X X N, R;
    Sh3add = "sh3add", IntAlu, Alu, X X X N, R;
    Sh1addUw = "sh1add.uw", IntAlu, Alu, X X X N, R;
    Sh2addUw = "sh2add.uw", IntAlu, Alu, X X X N, R;
    Sh3addUw = "sh3add.uw", IntAlu, Alu, X X X N, R;
    SlliUw = "slli.uw", IntAlu, Alu, X X N N, Sh;
    // ---- Zbb
    Andn = "andn", IntAlu, Alu, X X X N, R;
    Orn = "orn", IntAlu, Alu, X X X N, R;
    Xnor = "xnor", IntAlu, Alu, X X X N, R;
    Clz = "clz", IntAlu, Alu, X X N N, R1;
    Clzw = "clzw", IntAlu, Alu, X X N N, R1;
    Ctz = "ctz", IntAlu, Alu, X X N N, R1;
    Ctzw = "ctzw", IntAlu, Alu, X X N N, R1;
    Cpop = "cpop", IntAlu, Alu, X X N N, R1;
    Cpopw = "cpopw", IntAlu, Alu, X X N N, R1;
    Max = "max", IntAlu, Alu, X X X N, R;
    Maxu = "maxu", IntAlu, Alu, X X X N, R;
    Min = "min", IntAlu, Alu, X X X N, R;
    Minu = "minu", IntAlu, Alu, X X X N, R;
    SextB = "sext.b", IntAlu, Alu, X X N N, R1;
    SextH = "sext.h", IntAlu, Alu, X X N N, R1;
    ZextH = "zext.h", IntAlu, Alu, X X N N, R1;
    Rol = "rol", IntAlu, Alu, X X X N, R;
    Rolw = "rolw", IntAlu, Alu, X X X N, R;
    Ror = "ror", IntAlu, Alu, X X X N, R;
    Rorw = "rorw", IntAlu, Alu, X X X N, R;
    Rori = "rori", IntAlu, Alu, X X N N, Sh;
    Roriw = "roriw", IntAlu, Alu, X X N N, Sh;
    OrcB = "orc.b", IntAlu, Alu, X X N N, R1;
    Rev8 = "rev8", IntAlu, Alu, X X N N, R1;
    // ---- Zbs
    Bclr = "bclr", IntAlu, Alu, X X X N, R;
    Bclri = "bclri", IntAlu, Alu, X X N N, Sh;
    Bext = "bext", IntAlu, Alu, X X X N, R;
    Bexti = "bexti", IntAlu, Alu, X X N N, Sh;
    Binv = "binv", IntAlu, Alu, X X X N, R;
    Binvi = "binvi", IntAlu, Alu, X X N N, Sh;
    Bset = "bset", IntAlu, Alu, X X X N, R;
    Bseti = "bseti", IntAlu, Alu, X X N N, Sh;
    // ---- privileged
    Mret = "mret", No, Xret, N N N N, None;
    Sret = "sret", No, Xret, N N N N, None;
    Wfi = "wfi", No, SysOp, N N N N, None;
    SfenceVma = "sfence.vma", No, SysOp, N X X N, Sfence;
    // ---- gem5 pseudo-instructions and placeholders
    M5op = "m5op", No, M5, N N N N, M5;
    NotImplemented = "unimplemented", No, None, N N N N, None;
}
