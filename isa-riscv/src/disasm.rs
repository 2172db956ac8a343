//! Assembly text for execution traces (`--debug-flags=Exec`).
//!
//! [`disassemble`] asks capstone first (one instance per thread) and falls back to
//! this crate's own tables for what capstone does not know (Zba/Zbb/Zbs, m5ops).
//! The fallback text follows GNU objdump's `-M no-aliases` style, which the decode
//! tests compare against.

use crate::decode::{lookup, Enc, Fmt};
use crate::inst::RvInst;
use crate::op::{Syn, R};
use crate::zicsr::csr_name;
use crate::{decode, rv_c};
use capstone::arch::riscv::{ArchExtraMode, ArchMode};
use capstone::arch::{BuildsCapstone, BuildsCapstoneExtraMode};
use capstone::Capstone;

const XNAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];
const FNAMES: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];
const RM_NAMES: [&str; 8] = ["rne", "rtz", "rdn", "rup", "rmm", "5", "6", "dyn"];

/// ABI name of integer register `r`.
pub fn xreg(r: u8) -> &'static str {
    XNAMES[r as usize & 31]
}

/// ABI name of floating-point register `r`.
pub fn freg(r: u8) -> &'static str {
    FNAMES[r as usize & 31]
}

/// A branch or jump target, as objdump prints it (hex without prefix).
pub(crate) fn target(pc: u64, imm: i64) -> String {
    format!("{:x}", pc.wrapping_add(imm as u64))
}

thread_local! {
    static CAPSTONE: Option<Capstone> = Capstone::new()
        .riscv()
        .mode(ArchMode::RiscV64)
        .extra_mode([ArchExtraMode::RiscVC].into_iter())
        .build()
        .ok();
}

/// Text of the instruction `raw` (`size` bytes, little-endian in the low bits) at `pc`;
/// empty if neither capstone nor the tables know the bits.
pub fn disassemble(raw: u64, size: u8, pc: u64) -> String {
    let bytes = raw.to_le_bytes();
    let code = &bytes[..(size as usize).min(8)];
    let from_capstone = CAPSTONE.with(|cs| {
        let cs = cs.as_ref()?;
        let insns = cs.disasm_count(code, pc, 1).ok()?;
        let insn = insns.iter().next()?;
        if insn.len() != size as usize {
            return None;
        }
        let mnem = insn.mnemonic()?;
        Some(match insn.op_str() {
            Some(ops) if !ops.is_empty() => format!("{mnem} {ops}"),
            _ => mnem.to_string(),
        })
    });
    from_capstone.unwrap_or_else(|| match lookup(raw as u32, size) {
        Some(enc) if enc.fmt == Fmt::Unimpl => enc.name.to_string(),
        Some(_) => text(raw as u32, size, pc),
        None => String::new(),
    })
}

/// This crate's own text for `raw`: `mnemonic operands`, or `.word`/`.short` when
/// the bits are not an instruction the tables know.
pub fn text(raw: u32, size: u8, pc: u64) -> String {
    match lookup(raw, size) {
        Some(enc) if enc.fmt != Fmt::Unimpl => {
            let inst = decode::extract(enc, raw, size);
            let (mnem, ops) = parts(enc, &inst, pc);
            if ops.is_empty() {
                mnem
            } else {
                format!("{mnem} {ops}")
            }
        }
        _ if size == 2 => format!(".short {:#06x}", raw & 0xffff),
        _ => format!(".word {raw:#010x}"),
    }
}

fn reg(class: R, r: u8) -> &'static str {
    if class == R::F {
        freg(r)
    } else {
        xreg(r)
    }
}

fn fence_set(bits: i64) -> String {
    let s: String = [(8, 'i'), (4, 'o'), (2, 'r'), (1, 'w')]
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|&(_, c)| c)
        .collect();
    if s.is_empty() {
        "0".into()
    } else {
        s
    }
}

fn csr_text(csr: i64) -> String {
    csr_name(csr as u16)
        .or_else(|| crate::privileged::csr::name(csr as u16))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{csr:#x}"))
}

/// Mnemonic and operand text of a decoded instruction.
pub(crate) fn parts(enc: &Enc, i: &RvInst, pc: u64) -> (String, String) {
    if i.size == 2 {
        return (enc.name.to_string(), rv_c::operands(enc.fmt, i, pc));
    }
    let info = i.op.info();
    let [rd, rs1, rs2, rs3] = info.regs;
    let rm = |default: u8| {
        if i.rm == default || i.rm == 7 {
            String::new()
        } else {
            format!(",{}", RM_NAMES[i.rm as usize & 7])
        }
    };
    let mut mnem = enc.name.to_string();
    let ops = match info.syn {
        Syn::R => format!("{},{},{}", reg(rd, i.rd), reg(rs1, i.rs1), reg(rs2, i.rs2)),
        Syn::RRm => format!(
            "{},{},{}{}",
            reg(rd, i.rd),
            reg(rs1, i.rs1),
            reg(rs2, i.rs2),
            rm(7)
        ),
        Syn::R4Rm => {
            let regs = format!(
                "{},{},{},{}",
                reg(rd, i.rd),
                reg(rs1, i.rs1),
                reg(rs2, i.rs2),
                reg(rs3, i.rs3)
            );
            format!("{regs}{}", rm(7))
        }
        Syn::R1 => format!("{},{}", reg(rd, i.rd), reg(rs1, i.rs1)),
        Syn::R1Rm => format!("{},{}{}", reg(rd, i.rd), reg(rs1, i.rs1), rm(7)),
        Syn::R1RmExact => format!("{},{}{}", reg(rd, i.rd), reg(rs1, i.rs1), rm(0)),
        Syn::I => format!("{},{},{}", reg(rd, i.rd), reg(rs1, i.rs1), i.imm),
        Syn::Sh => format!("{},{},{:#x}", reg(rd, i.rd), reg(rs1, i.rs1), i.imm),
        Syn::Load => format!("{},{}({})", reg(rd, i.rd), i.imm, xreg(i.rs1)),
        Syn::Store => format!("{},{}({})", reg(rs2, i.rs2), i.imm, xreg(i.rs1)),
        Syn::B => format!("{},{},{}", xreg(i.rs1), xreg(i.rs2), target(pc, i.imm)),
        Syn::U => format!("{},{:#x}", xreg(i.rd), (i.imm >> 12) & 0xfffff),
        Syn::J => format!("{},{}", xreg(i.rd), target(pc, i.imm)),
        Syn::Csr => format!("{},{},{}", xreg(i.rd), csr_text(i.imm), xreg(i.rs1)),
        Syn::CsrI => format!("{},{},{}", xreg(i.rd), csr_text(i.imm), i.rs1),
        Syn::Amo | Syn::Lr => {
            mnem.push_str(["", ".rl", ".aq", ".aqrl"][i.aqrl() as usize]);
            if info.syn == Syn::Lr {
                format!("{},({})", xreg(i.rd), xreg(i.rs1))
            } else {
                format!("{},{},({})", xreg(i.rd), xreg(i.rs2), xreg(i.rs1))
            }
        }
        Syn::Fence => {
            let (fm, pred, succ) = (i.imm >> 8 & 0xf, i.imm >> 4 & 0xf, i.imm & 0xf);
            if fm == 8 && pred == 3 && succ == 3 {
                mnem = "fence.tso".into();
                String::new()
            } else if pred == 1 && succ == 0 && fm == 0 {
                mnem = "pause".into();
                String::new()
            } else {
                format!("{},{}", fence_set(pred), fence_set(succ))
            }
        }
        Syn::None => String::new(),
        Syn::Sfence => format!("{},{}", xreg(i.rs1), xreg(i.rs2)),
        Syn::M5 => format!("{:#x}", i.imm),
    };
    (mnem, ops)
}
