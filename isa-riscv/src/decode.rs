//! The table-driven decoder.
//!
//! Every extension module holds its encodings as data, one line per instruction in
//! the style of riscv-opcodes: mnemonic, match bits, mask bits, the operation it
//! decodes to and the operand format that extracts (or, for compressed forms,
//! expands) the fields. A few compressed encodings are told apart by a field being
//! non-zero or different from a value (`c.mv` vs `c.jr`, `c.lui` vs `c.addi16sp`);
//! those constraints are data too, and the no-overlap tests take them into account.
//!
//! The decoder indexes the tables by major opcode (32-bit) or by quadrant and
//! funct3 (16-bit) once, then scans a handful of candidates per instruction.

use crate::inst::RvInst;
use crate::op::Op;
use crate::{m5op, rv_a, rv_c, rv_d, rv_f, rv_i, rv_m, rv_sys, unimpl, zb, zicsr};
use sim_core::arch::DecodeError;
use std::sync::OnceLock;

/// How the operand fields of an encoding are laid out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fmt {
    /// rd, rs1, rs2 (and rm in funct3).
    R,
    /// rd, rs1, rs2, rs3, rm.
    R4,
    /// rd, rs1, 12-bit signed immediate.
    I,
    /// rd, rs1, 6-bit shift amount.
    Shamt6,
    /// rd, rs1, 5-bit shift amount.
    Shamt5,
    /// rs1, rs2, store offset.
    S,
    /// rs1, rs2, branch offset.
    B,
    /// rd, upper immediate.
    U,
    /// rd, jump offset.
    J,
    /// rd, rs1, CSR number.
    Csr,
    /// rd, 5-bit immediate (in rs1), CSR number.
    CsrI,
    /// rd, rs1, rs2 with aq/rl bits.
    Amo,
    /// rd, rs1 with aq/rl bits.
    Lr,
    /// fm, pred, succ in the immediate.
    Fence,
    /// No operands.
    Zero,
    /// gem5 m5op function code in bits 31:25.
    M5,
    /// A valid encoding this simulator does not implement; the name says what it is.
    Unimpl,
    /// `c.addi4spn rd', sp, nzuimm`.
    CAddi4spn,
    /// `c.lw rd', uimm(rs1')`.
    CLw,
    /// `c.ld`/`c.fld rd', uimm(rs1')`.
    CLd,
    /// `c.sw rs2', uimm(rs1')`.
    CSw,
    /// `c.sd`/`c.fsd rs2', uimm(rs1')`.
    CSd,
    /// `c.addi`/`c.addiw rd, imm` (rd is also rs1).
    CAddi,
    /// `c.li rd, imm`.
    CLi,
    /// `c.lui rd, nzimm`.
    CLui,
    /// `c.addi16sp sp, nzimm`.
    CAddi16sp,
    /// `c.slli rd, shamt`.
    CSlli,
    /// `c.srli`/`c.srai rd', shamt`.
    CShiftP,
    /// `c.andi rd', imm`.
    CAndi,
    /// `c.sub`/`c.xor`/... `rd', rs2'`.
    CA,
    /// `c.j offset`.
    CJ,
    /// `c.beqz`/`c.bnez rs1', offset`.
    CB,
    /// `c.lwsp rd, uimm(sp)`.
    CLwsp,
    /// `c.ldsp`/`c.fldsp rd, uimm(sp)`.
    CLdsp,
    /// `c.swsp rs2, uimm(sp)`.
    CSwsp,
    /// `c.sdsp`/`c.fsdsp rs2, uimm(sp)`.
    CSdsp,
    /// `c.jr rs1`.
    CJr,
    /// `c.jalr rs1`.
    CJalr,
    /// `c.mv rd, rs2`.
    CMv,
    /// `c.add rd, rs2`.
    CAdd,
    /// `c.ebreak`.
    CZero,
}

/// One encoding: one line of an extension's table.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Enc {
    /// Mnemonic as the assembler spells it (or, for unimplemented rows, what it is).
    pub name: &'static str,
    /// Bits that must be set within `mask`.
    pub mtch: u32,
    /// Bits fixed by the encoding.
    pub mask: u32,
    /// The operation it decodes to.
    pub op: Op,
    /// How to extract operands.
    pub fmt: Fmt,
    /// Bits of which at least one must be set (0: no constraint).
    pub nonzero: u32,
    /// Field that must not equal `ne_val` (0: no constraint).
    pub ne_mask: u32,
    /// Forbidden value of the `ne_mask` field.
    pub ne_val: u32,
}

/// One table line.
pub(crate) const fn e(name: &'static str, mtch: u32, mask: u32, op: Op, fmt: Fmt) -> Enc {
    Enc {
        name,
        mtch,
        mask,
        op,
        fmt,
        nonzero: 0,
        ne_mask: 0,
        ne_val: 0,
    }
}

impl Enc {
    /// The same line, additionally requiring some bit of `bits` to be set.
    pub(crate) const fn nonzero(mut self, bits: u32) -> Enc {
        self.nonzero = bits;
        self
    }
    /// The same line, additionally requiring the `field` bits not to equal `val`.
    pub(crate) const fn not_eq(mut self, field: u32, val: u32) -> Enc {
        self.ne_mask = field;
        self.ne_val = val;
        self
    }
    /// True if `raw` is this encoding.
    #[inline]
    pub(crate) fn matches(&self, raw: u32) -> bool {
        raw & self.mask == self.mtch
            && (self.nonzero == 0 || raw & self.nonzero != 0)
            && (self.ne_mask == 0 || raw & self.ne_mask != self.ne_val)
    }
}

/// All 32-bit encoding tables.
pub(crate) const TABLES32: &[&[Enc]] = &[
    rv_i::ENCODINGS,
    rv_m::ENCODINGS,
    rv_a::ENCODINGS,
    rv_f::ENCODINGS,
    rv_d::ENCODINGS,
    zicsr::ENCODINGS,
    zb::ENCODINGS,
    m5op::ENCODINGS,
    rv_sys::ENCODINGS,
    unimpl::ENCODINGS,
];

/// All 16-bit encoding tables.
pub(crate) const TABLES16: &[&[Enc]] = &[rv_c::ENCODINGS];

struct Index {
    /// 32-bit encodings by major opcode (bits 6:2).
    wide: Vec<Vec<&'static Enc>>,
    /// 16-bit encodings by quadrant (bits 1:0) and funct3 (bits 15:13).
    narrow: Vec<Vec<&'static Enc>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut wide = vec![Vec::new(); 32];
        for enc in TABLES32.iter().flat_map(|t| t.iter()) {
            wide[((enc.mtch >> 2) & 31) as usize].push(enc);
        }
        let mut narrow = vec![Vec::new(); 32];
        for enc in TABLES16.iter().flat_map(|t| t.iter()) {
            narrow[key16(enc.mtch)].push(enc);
        }
        Index { wide, narrow }
    })
}

#[inline]
fn key16(raw: u32) -> usize {
    (((raw & 3) << 3) | ((raw >> 13) & 7)) as usize
}

/// The table line that `raw` (of `size` bytes, 2 or 4) matches, if any.
pub(crate) fn lookup(raw: u32, size: u8) -> Option<&'static Enc> {
    let idx = index();
    let bucket = if size == 2 {
        &idx.narrow[key16(raw)]
    } else {
        &idx.wide[((raw >> 2) & 31) as usize]
    };
    bucket.iter().copied().find(|e| e.matches(raw))
}

/// Decode one instruction from the start of `bytes`.
///
/// Two bytes suffice for a compressed instruction; a 32-bit one needs four.
pub fn decode(bytes: &[u8]) -> Result<RvInst, DecodeError> {
    if bytes.len() < 2 {
        return Err(DecodeError::Truncated { need: 2 });
    }
    let lo = u16::from_le_bytes([bytes[0], bytes[1]]) as u32;
    if lo & 3 != 3 {
        return decode_raw(lo, 2);
    }
    if bytes.len() < 4 {
        return Err(DecodeError::Truncated { need: 4 });
    }
    let raw = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    if raw & 0x1c == 0x1c {
        // 48-bit and longer encodings: none are defined.
        return Err(DecodeError::Illegal {
            raw: raw as u64,
            len: 4,
        });
    }
    decode_raw(raw, 4)
}

/// Decode `raw` as an instruction of `size` bytes (2 or 4).
pub fn decode_raw(raw: u32, size: u8) -> Result<RvInst, DecodeError> {
    match lookup(raw, size) {
        Some(enc) if enc.fmt == Fmt::Unimpl => Err(DecodeError::Unimplemented {
            raw: raw as u64,
            len: size,
            what: enc.name,
        }),
        Some(enc) => {
            let mut inst = extract(enc, raw, size);
            inst.stat_key = inst.classify_key();
            Ok(inst)
        }
        None => Err(DecodeError::Illegal {
            raw: raw as u64,
            len: size,
        }),
    }
}

#[inline]
fn bits(raw: u32, hi: u32, lo: u32) -> u32 {
    (raw >> lo) & ((1 << (hi - lo + 1)) - 1)
}

/// Sign-extend the low `n` bits of `v`.
#[inline]
fn sext(v: u32, n: u32) -> i64 {
    ((v as i64) << (64 - n)) >> (64 - n)
}

/// Field extraction (32-bit) and expansion (16-bit) into the decoded form.
pub(crate) fn extract(enc: &Enc, raw: u32, size: u8) -> RvInst {
    let mut i = RvInst {
        op: enc.op,
        rd: bits(raw, 11, 7) as u8,
        rs1: bits(raw, 19, 15) as u8,
        rs2: bits(raw, 24, 20) as u8,
        rs3: bits(raw, 31, 27) as u8,
        rm: bits(raw, 14, 12) as u8,
        size,
        imm: 0,
        raw,
        stat_key: 0,
    };
    if size == 2 {
        expand(enc.fmt, raw, &mut i);
        return i;
    }
    i.imm = match enc.fmt {
        Fmt::I => sext(raw >> 20, 12),
        Fmt::Shamt6 => bits(raw, 25, 20) as i64,
        Fmt::Shamt5 => bits(raw, 24, 20) as i64,
        Fmt::S => sext((bits(raw, 31, 25) << 5) | bits(raw, 11, 7), 12),
        Fmt::B => sext(
            (bits(raw, 31, 31) << 12)
                | (bits(raw, 7, 7) << 11)
                | (bits(raw, 30, 25) << 5)
                | (bits(raw, 11, 8) << 1),
            13,
        ),
        Fmt::U => (raw & 0xffff_f000) as i32 as i64,
        Fmt::J => sext(
            (bits(raw, 31, 31) << 20)
                | (bits(raw, 19, 12) << 12)
                | (bits(raw, 20, 20) << 11)
                | (bits(raw, 30, 21) << 1),
            21,
        ),
        Fmt::Csr | Fmt::CsrI | Fmt::Fence => (raw >> 20) as i64,
        Fmt::M5 => (raw >> 25) as i64,
        _ => 0,
    };
    i
}

/// Expand a compressed encoding into the fields of its 32-bit equivalent.
fn expand(fmt: Fmt, raw: u32, i: &mut RvInst) {
    let full_rd = bits(raw, 11, 7) as u8;
    let full_rs2 = bits(raw, 6, 2) as u8;
    let rd_p = 8 + bits(raw, 4, 2) as u8; // rd' / rs2'
    let rs1_p = 8 + bits(raw, 9, 7) as u8; // rs1' / rd'
    let imm6 = sext((bits(raw, 12, 12) << 5) | bits(raw, 6, 2), 6);
    let (rd, rs1, rs2, imm): (u8, u8, u8, i64) = match fmt {
        Fmt::CAddi4spn => {
            let v = (bits(raw, 12, 11) << 4)
                | (bits(raw, 10, 7) << 6)
                | (bits(raw, 6, 6) << 2)
                | (bits(raw, 5, 5) << 3);
            (rd_p, 2, 0, v as i64)
        }
        Fmt::CLw => (rd_p, rs1_p, 0, cl_w(raw)),
        Fmt::CLd => (rd_p, rs1_p, 0, cl_d(raw)),
        Fmt::CSw => (0, rs1_p, rd_p, cl_w(raw)),
        Fmt::CSd => (0, rs1_p, rd_p, cl_d(raw)),
        Fmt::CAddi => (full_rd, full_rd, 0, imm6),
        Fmt::CLi => (full_rd, 0, 0, imm6),
        Fmt::CLui => (full_rd, 0, 0, imm6 << 12),
        Fmt::CAddi16sp => {
            let v = (bits(raw, 12, 12) << 9)
                | (bits(raw, 6, 6) << 4)
                | (bits(raw, 5, 5) << 6)
                | (bits(raw, 4, 3) << 7)
                | (bits(raw, 2, 2) << 5);
            (2, 2, 0, sext(v, 10))
        }
        Fmt::CSlli => (full_rd, full_rd, 0, (imm6 & 0x3f)),
        Fmt::CShiftP => (rs1_p, rs1_p, 0, (imm6 & 0x3f)),
        Fmt::CAndi => (rs1_p, rs1_p, 0, imm6),
        Fmt::CA => (rs1_p, rs1_p, rd_p, 0),
        Fmt::CJ => {
            let v = (bits(raw, 12, 12) << 11)
                | (bits(raw, 11, 11) << 4)
                | (bits(raw, 10, 9) << 8)
                | (bits(raw, 8, 8) << 10)
                | (bits(raw, 7, 7) << 6)
                | (bits(raw, 6, 6) << 7)
                | (bits(raw, 5, 3) << 1)
                | (bits(raw, 2, 2) << 5);
            (0, 0, 0, sext(v, 12))
        }
        Fmt::CB => {
            let v = (bits(raw, 12, 12) << 8)
                | (bits(raw, 11, 10) << 3)
                | (bits(raw, 6, 5) << 6)
                | (bits(raw, 4, 3) << 1)
                | (bits(raw, 2, 2) << 5);
            (0, rs1_p, 0, sext(v, 9))
        }
        Fmt::CLwsp => {
            let v = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 4) << 2) | (bits(raw, 3, 2) << 6);
            (full_rd, 2, 0, v as i64)
        }
        Fmt::CLdsp => {
            let v = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 5) << 3) | (bits(raw, 4, 2) << 6);
            (full_rd, 2, 0, v as i64)
        }
        Fmt::CSwsp => {
            let v = (bits(raw, 12, 9) << 2) | (bits(raw, 8, 7) << 6);
            (0, 2, full_rs2, v as i64)
        }
        Fmt::CSdsp => {
            let v = (bits(raw, 12, 10) << 3) | (bits(raw, 9, 7) << 6);
            (0, 2, full_rs2, v as i64)
        }
        Fmt::CJr => (0, full_rd, 0, 0),
        Fmt::CJalr => (1, full_rd, 0, 0),
        Fmt::CMv => (full_rd, 0, full_rs2, 0),
        Fmt::CAdd => (full_rd, full_rd, full_rs2, 0),
        _ => (0, 0, 0, 0),
    };
    i.rd = rd;
    i.rs1 = rs1;
    i.rs2 = rs2;
    i.rs3 = 0;
    i.rm = 0;
    i.imm = imm;
}

/// Offset of `c.lw`/`c.sw`: uimm[5:3] in 12:10, uimm[2|6] in 6:5.
fn cl_w(raw: u32) -> i64 {
    ((bits(raw, 12, 10) << 3) | (bits(raw, 6, 6) << 2) | (bits(raw, 5, 5) << 6)) as i64
}

/// Offset of `c.ld`/`c.sd`/`c.fld`/`c.fsd`: uimm[5:3] in 12:10, uimm[7:6] in 6:5.
fn cl_d(raw: u32) -> i64 {
    ((bits(raw, 12, 10) << 3) | (bits(raw, 6, 5) << 6)) as i64
}
