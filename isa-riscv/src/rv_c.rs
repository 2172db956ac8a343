//! C: the RV64C compressed instructions.
//!
//! Each 16-bit encoding expands to the same operation as its 32-bit equivalent
//! (`c.mv rd, rs2` is `add rd, x0, rs2`), so execution needs nothing here; the
//! operand formats in [`crate::decode`] do the expansion. Reserved encodings
//! (`c.addi4spn` with a zero immediate, `c.lwsp` with rd = x0, ...) are not
//! listed and decode as illegal; HINT encodings expand to instructions with no
//! architectural effect.

use crate::decode::{e, Enc, Fmt};
use crate::disasm::{target, xreg};
use crate::inst::RvInst;
use crate::op::Op;

/// Bits 11:7 (rd/rs1) of a compressed instruction.
const RD: u32 = 0x0f80;
/// Bits 6:2 (rs2) of a compressed instruction.
const RS2: u32 = 0x007c;

/// RV64C encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    // Quadrant 0
    e("c.addi4spn", 0x0000, 0xe003, Op::Addi, Fmt::CAddi4spn).nonzero(0x1fe0),
    e("c.fld", 0x2000, 0xe003, Op::Fld, Fmt::CLd),
    e("c.lw", 0x4000, 0xe003, Op::Lw, Fmt::CLw),
    e("c.ld", 0x6000, 0xe003, Op::Ld, Fmt::CLd),
    e("c.fsd", 0xa000, 0xe003, Op::Fsd, Fmt::CSd),
    e("c.sw", 0xc000, 0xe003, Op::Sw, Fmt::CSw),
    e("c.sd", 0xe000, 0xe003, Op::Sd, Fmt::CSd),
    // Quadrant 1
    e("c.addi", 0x0001, 0xe003, Op::Addi, Fmt::CAddi),
    e("c.addiw", 0x2001, 0xe003, Op::Addiw, Fmt::CAddi).nonzero(RD),
    e("c.li", 0x4001, 0xe003, Op::Addi, Fmt::CLi),
    e("c.addi16sp", 0x6101, 0xef83, Op::Addi, Fmt::CAddi16sp).nonzero(0x107c),
    e("c.lui", 0x6001, 0xe003, Op::Lui, Fmt::CLui).nonzero(0x107c).not_eq(RD, 0x0100),
    e("c.srli", 0x8001, 0xec03, Op::Srli, Fmt::CShiftP),
    e("c.srai", 0x8401, 0xec03, Op::Srai, Fmt::CShiftP),
    e("c.andi", 0x8801, 0xec03, Op::Andi, Fmt::CAndi),
    e("c.sub", 0x8c01, 0xfc63, Op::Sub, Fmt::CA),
    e("c.xor", 0x8c21, 0xfc63, Op::Xor, Fmt::CA),
    e("c.or", 0x8c41, 0xfc63, Op::Or, Fmt::CA),
    e("c.and", 0x8c61, 0xfc63, Op::And, Fmt::CA),
    e("c.subw", 0x9c01, 0xfc63, Op::Subw, Fmt::CA),
    e("c.addw", 0x9c21, 0xfc63, Op::Addw, Fmt::CA),
    e("c.j", 0xa001, 0xe003, Op::Jal, Fmt::CJ),
    e("c.beqz", 0xc001, 0xe003, Op::Beq, Fmt::CB),
    e("c.bnez", 0xe001, 0xe003, Op::Bne, Fmt::CB),
    // Quadrant 2
    e("c.slli", 0x0002, 0xe003, Op::Slli, Fmt::CSlli),
    e("c.fldsp", 0x2002, 0xe003, Op::Fld, Fmt::CLdsp),
    e("c.lwsp", 0x4002, 0xe003, Op::Lw, Fmt::CLwsp).nonzero(RD),
    e("c.ldsp", 0x6002, 0xe003, Op::Ld, Fmt::CLdsp).nonzero(RD),
    e("c.jr", 0x8002, 0xf07f, Op::Jalr, Fmt::CJr).nonzero(RD),
    e("c.mv", 0x8002, 0xf003, Op::Add, Fmt::CMv).nonzero(RS2),
    e("c.ebreak", 0x9002, 0xffff, Op::Ebreak, Fmt::CZero),
    e("c.jalr", 0x9002, 0xf07f, Op::Jalr, Fmt::CJalr).nonzero(RD),
    e("c.add", 0x9002, 0xf003, Op::Add, Fmt::CAdd).nonzero(RS2),
    e("c.fsdsp", 0xa002, 0xe003, Op::Fsd, Fmt::CSdsp),
    e("c.swsp", 0xc002, 0xe003, Op::Sw, Fmt::CSwsp),
    e("c.sdsp", 0xe002, 0xe003, Op::Sd, Fmt::CSdsp),
];

/// Operand text of a compressed instruction, in GNU objdump `-M no-aliases` style.
pub(crate) fn operands(fmt: Fmt, i: &RvInst, pc: u64) -> String {
    let fp_data = matches!(i.op, Op::Fld | Op::Fsd);
    let data = |r: u8| {
        if fp_data {
            crate::disasm::freg(r)
        } else {
            xreg(r)
        }
    };
    match fmt {
        Fmt::CAddi4spn => format!("{},sp,{}", xreg(i.rd), i.imm),
        Fmt::CLw | Fmt::CLd | Fmt::CLwsp | Fmt::CLdsp => {
            format!("{},{}({})", data(i.rd), i.imm, xreg(i.rs1))
        }
        Fmt::CSw | Fmt::CSd | Fmt::CSwsp | Fmt::CSdsp => {
            format!("{},{}({})", data(i.rs2), i.imm, xreg(i.rs1))
        }
        Fmt::CAddi | Fmt::CLi | Fmt::CAndi => format!("{},{}", xreg(i.rd), i.imm),
        Fmt::CAddi16sp => format!("sp,{}", i.imm),
        Fmt::CLui => format!("{},{:#x}", xreg(i.rd), (i.imm >> 12) & 0xfffff),
        Fmt::CSlli | Fmt::CShiftP => format!("{},{:#x}", xreg(i.rd), i.imm),
        Fmt::CA | Fmt::CMv | Fmt::CAdd => format!("{},{}", xreg(i.rd), xreg(i.rs2)),
        Fmt::CJ => target(pc, i.imm),
        Fmt::CB => format!("{},{}", xreg(i.rs1), target(pc, i.imm)),
        Fmt::CJr | Fmt::CJalr => xreg(i.rs1).to_string(),
        _ => String::new(),
    }
}
