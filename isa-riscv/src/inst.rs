//! The decoded instruction and its classification for CPU models.

use crate::fp::{FFLAGS, FRM};
use crate::op::{Kind, Op, R};
use crate::{dispatch, rv_a, rv_i};
use sim_core::arch::{
    ExecContext, Fault, InstFlags, OpClass, OperandCounts, RegClass, RegId, StaticInst,
};
use sim_core::Addr;

/// A decoded RISC-V instruction: a small `Copy` value the CPU caches by PC.
///
/// Compressed instructions are expanded: `op` and the register/immediate fields
/// are those of the equivalent 32-bit instruction, while `size` and `raw` keep
/// the original encoding.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RvInst {
    /// The operation.
    pub op: Op,
    /// Destination register index (integer or float, as the operation says).
    pub rd: u8,
    /// First source register index (for `csrr*i`, the 5-bit immediate).
    pub rs1: u8,
    /// Second source register index.
    pub rs2: u8,
    /// Third source register index (fused multiply-add).
    pub rs3: u8,
    /// Rounding-mode field (funct3) of the 32-bit encoding; 0 for compressed forms.
    pub rm: u8,
    /// Encoding length in bytes (2 or 4).
    pub size: u8,
    /// Immediate: sign-extended offset or value, shift amount, CSR number,
    /// fence fields or m5op function code, depending on the operation.
    pub imm: i64,
    /// The raw encoding.
    pub raw: u32,
    /// The key CPUs count committed instructions by (see
    /// [`StaticInst::stat_key`]); filled in by the decoder with
    /// [`RvInst::classify_key`].
    pub stat_key: u16,
}

/// True for the registers the RISC-V calling convention uses as link registers.
#[inline]
fn is_link(r: u8) -> bool {
    r == 1 || r == 5
}

impl RvInst {
    /// True if the instruction reads or writes a floating-point register
    /// (illegal while the floating-point unit is off).
    #[inline]
    pub fn uses_fp_regs(&self) -> bool {
        self.op.info().regs.contains(&R::F)
    }

    /// The `aq`/`rl` bits of an atomic instruction (bit 1 = aq, bit 0 = rl).
    #[inline]
    pub fn aqrl(&self) -> u32 {
        (self.raw >> 25) & 3
    }

    /// The statistics key of this instruction: the operation and the six field
    /// facts that classification depends on (x0 as rd, rs1 or rs2; a link
    /// register as rd or rs1, for calls and returns; the dynamic rounding mode).
    pub fn classify_key(&self) -> u16 {
        let facts = [
            self.rd == 0,
            self.rs1 == 0,
            self.rs2 == 0,
            is_link(self.rd),
            is_link(self.rs1),
            self.rm == 7,
        ];
        let bits = facts
            .iter()
            .enumerate()
            .fold(0u16, |acc, (i, &f)| acc | ((f as u16) << i));
        ((self.op as u16) << facts.len()) | bits
    }

    /// True if this CSR instruction writes its CSR.
    pub(crate) fn csr_writes(&self) -> bool {
        matches!(self.op, Op::Csrrw | Op::Csrrwi) || self.rs1 != 0
    }

    /// True if this CSR instruction reads its CSR.
    pub(crate) fn csr_reads(&self) -> bool {
        !matches!(self.op, Op::Csrrw | Op::Csrrwi) || self.rd != 0
    }
}

struct RegList<'a> {
    out: &'a mut [RegId; 8],
    n: usize,
}

impl RegList<'_> {
    fn push(&mut self, r: RegId) {
        if self.n < 8 {
            self.out[self.n] = r;
            self.n += 1;
        }
    }
    fn push_reg(&mut self, class: R, idx: u8) {
        match class {
            R::X if idx != 0 => self.push(RegId::int(idx as u16)),
            R::F => self.push(RegId::float(idx as u16)),
            _ => {}
        }
    }
}

impl StaticInst for RvInst {
    #[inline]
    fn size(&self) -> u8 {
        self.size
    }

    #[inline]
    fn raw(&self) -> u64 {
        self.raw as u64
    }

    #[inline]
    fn op_class(&self) -> OpClass {
        self.op.info().class
    }

    fn flags(&self) -> InstFlags {
        let info = self.op.info();
        let f = match info.kind {
            Kind::Alu if self.rd == 0 => InstFlags::NOP,
            Kind::Alu | Kind::None => InstFlags::NONE,
            Kind::Branch => InstFlags::CONTROL | InstFlags::DIRECT | InstFlags::CONDITIONAL,
            Kind::Jal if is_link(self.rd) => {
                InstFlags::CONTROL | InstFlags::DIRECT | InstFlags::CALL
            }
            Kind::Jal => InstFlags::CONTROL | InstFlags::DIRECT,
            Kind::Jalr => {
                let mut f = InstFlags::CONTROL | InstFlags::INDIRECT;
                if is_link(self.rd) {
                    f = f | InstFlags::CALL;
                } else if is_link(self.rs1) {
                    f = f | InstFlags::RETURN;
                }
                f
            }
            Kind::Load | Kind::FpLoad => InstFlags::LOAD,
            Kind::Store | Kind::FpStore => InstFlags::STORE,
            Kind::Lr => InstFlags::LOAD | InstFlags::ATOMIC,
            Kind::Sc => InstFlags::STORE | InstFlags::ATOMIC,
            Kind::Amo => InstFlags::LOAD | InstFlags::STORE | InstFlags::ATOMIC,
            Kind::Fence => InstFlags::MEM_BARRIER,
            Kind::FenceI => {
                InstFlags::INST_FENCE | InstFlags::SERIALIZING | InstFlags::NON_SPECULATIVE
            }
            Kind::Ecall => InstFlags::SYSCALL | InstFlags::SERIALIZING | InstFlags::NON_SPECULATIVE,
            Kind::Ebreak | Kind::Csr => InstFlags::SERIALIZING | InstFlags::NON_SPECULATIVE,
            Kind::M5 => InstFlags::M5OP | InstFlags::SERIALIZING | InstFlags::NON_SPECULATIVE,
            Kind::Xret => {
                InstFlags::CONTROL
                    | InstFlags::INDIRECT
                    | InstFlags::SERIALIZING
                    | InstFlags::NON_SPECULATIVE
            }
            Kind::SysOp => InstFlags::SERIALIZING | InstFlags::NON_SPECULATIVE,
            Kind::FpMisc | Kind::FpFlags | Kind::FpRm => InstFlags::NONE,
        };
        let is_fp = info.regs.contains(&R::F);
        if is_fp {
            f | InstFlags::FLOAT
        } else {
            f
        }
    }

    fn srcs(&self, out: &mut [RegId; 8]) -> usize {
        let info = self.op.info();
        let mut l = RegList { out, n: 0 };
        l.push_reg(info.regs[1], self.rs1);
        l.push_reg(info.regs[2], self.rs2);
        l.push_reg(info.regs[3], self.rs3);
        match info.kind {
            Kind::Csr if self.csr_reads() => l.push(RegId::misc(self.imm as u16)),
            Kind::FpRm if self.rm == 7 => l.push(RegId::misc(FRM)),
            Kind::Ecall => {
                l.push(RegId::int(17));
                (10..16).for_each(|r| l.push(RegId::int(r)));
            }
            Kind::M5 => (10..16).for_each(|r| l.push(RegId::int(r))),
            _ => {}
        }
        l.n
    }

    fn dests(&self, out: &mut [RegId; 8]) -> usize {
        let info = self.op.info();
        let mut l = RegList { out, n: 0 };
        l.push_reg(info.regs[0], self.rd);
        match info.kind {
            Kind::Csr if self.csr_writes() => l.push(RegId::misc(self.imm as u16)),
            Kind::FpRm | Kind::FpFlags => l.push(RegId::misc(FFLAGS)),
            Kind::Ecall | Kind::M5 => l.push(RegId::int(10)),
            _ => {}
        }
        l.n
    }

    #[inline]
    fn direct_target(&self, pc: Addr) -> Option<Addr> {
        match self.op.info().kind {
            Kind::Branch | Kind::Jal => Some(pc.offset(self.imm as u64)),
            _ => None,
        }
    }

    fn mnemonic(&self) -> &'static str {
        self.op.name()
    }

    #[inline(always)]
    fn stat_key(&self) -> u16 {
        self.stat_key
    }

    /// gem5 counts every register operand the instruction names, x0 included
    /// (ISA-level operands only: `ecall`'s argument registers are read by the
    /// kernel, not as operands), plus CSR, `frm` and `fflags` accesses.
    fn operand_counts(&self) -> OperandCounts {
        let info = self.op.info();
        let mut c = OperandCounts::default();
        let class = |r: R| match r {
            R::X => Some(RegClass::Int as usize),
            R::F => Some(RegClass::Float as usize),
            R::N => None,
        };
        if let Some(k) = class(info.regs[0]) {
            c.writes[k] += 1;
        }
        for &r in &info.regs[1..] {
            if let Some(k) = class(r) {
                c.reads[k] += 1;
            }
        }
        let mut regs = [RegId::int(0); 8];
        let misc = RegClass::Misc as usize;
        let n = self.srcs(&mut regs);
        c.reads[misc] += regs[..n]
            .iter()
            .filter(|r| r.class == RegClass::Misc)
            .count() as u8;
        let n = self.dests(&mut regs);
        c.writes[misc] += regs[..n]
            .iter()
            .filter(|r| r.class == RegClass::Misc)
            .count() as u8;
        c
    }

    #[inline]
    fn execute<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault> {
        if !xc.fp_enabled() && self.uses_fp_regs() {
            return Err(rv_i::illegal(
                self,
                xc,
                "floating-point unit off (mstatus.FS)",
            ));
        }
        dispatch::execute(self, xc)
    }

    fn initiate_acc<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault> {
        if !xc.fp_enabled() && self.uses_fp_regs() {
            return Err(rv_i::illegal(
                self,
                xc,
                "floating-point unit off (mstatus.FS)",
            ));
        }
        match self.op.info().kind {
            Kind::Load | Kind::FpLoad => rv_i::initiate_load(self, xc),
            Kind::Store | Kind::FpStore => rv_i::initiate_store(self, xc),
            Kind::Lr | Kind::Sc | Kind::Amo => rv_a::initiate(self, xc),
            _ => self.execute(xc),
        }
    }

    fn complete_acc<X: ExecContext>(&self, xc: &mut X, data: u64) -> Result<(), Fault> {
        match self.op.info().kind {
            Kind::Load | Kind::FpLoad => rv_i::complete_load(self, xc, data),
            Kind::Lr | Kind::Sc | Kind::Amo => rv_a::complete(self, xc, data),
            _ => Ok(()),
        }
    }
}
