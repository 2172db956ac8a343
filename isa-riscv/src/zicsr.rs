//! Zicsr: CSR access instructions and the user-level CSRs.
//!
//! Implemented CSRs: `fflags`, `frm`, `fcsr` (held in [`crate::RvRegs`] and
//! reached through `ExecContext::read_misc`/`set_misc` with the CSR number as
//! the misc index) and the read-only counters `cycle`, `time`, `instret`
//! (from `ExecContext::read_counter`). Any other CSR is an illegal instruction in
//! syscall emulation; in full system every CSR access but the FP ones goes to the
//! hart's privileged state ([`crate::privileged`]) through `read_misc`/`set_misc`,
//! which applies the privilege rules (the counters then come from there too).

use crate::decode::{e, Enc, Fmt};
use crate::fp::{FCSR, FFLAGS, FRM};
use crate::inst::RvInst;
use crate::op::Op;
use crate::privileged::csr as csrs;
use crate::rv_i::{illegal, rs1, set_rd};
use crate::rv_sys::at_inst;
use sim_core::arch::{ExecContext, Fault, PerfCounter};

/// Zicsr encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("csrrw", 0x00001073, 0x0000707f, Op::Csrrw, Fmt::Csr),
    e("csrrs", 0x00002073, 0x0000707f, Op::Csrrs, Fmt::Csr),
    e("csrrc", 0x00003073, 0x0000707f, Op::Csrrc, Fmt::Csr),
    e("csrrwi", 0x00005073, 0x0000707f, Op::Csrrwi, Fmt::CsrI),
    e("csrrsi", 0x00006073, 0x0000707f, Op::Csrrsi, Fmt::CsrI),
    e("csrrci", 0x00007073, 0x0000707f, Op::Csrrci, Fmt::CsrI),
];

/// CSR number of `cycle`.
pub const CYCLE: u16 = 0xc00;
/// CSR number of `time`.
pub const TIME: u16 = 0xc01;
/// CSR number of `instret`.
pub const INSTRET: u16 = 0xc02;

/// The name of a CSR this crate implements.
pub fn csr_name(csr: u16) -> Option<&'static str> {
    Some(match csr {
        FFLAGS => "fflags",
        FRM => "frm",
        FCSR => "fcsr",
        CYCLE => "cycle",
        TIME => "time",
        INSTRET => "instret",
        _ => return None,
    })
}

fn read<X: ExecContext>(i: &RvInst, xc: &mut X, csr: u16) -> Result<u64, Fault> {
    match csr {
        FFLAGS | FRM | FCSR => xc.read_misc(csr),
        CYCLE if !xc.full_system() => Ok(xc.read_counter(PerfCounter::Cycles)),
        TIME if !xc.full_system() => Ok(xc.read_counter(PerfCounter::Time)),
        INSTRET if !xc.full_system() => Ok(xc.read_counter(PerfCounter::Instructions)),
        _ if xc.full_system() => xc.read_misc(csr).map_err(|f| at_inst(i, xc, f)),
        _ => Err(illegal(i, xc, "unknown CSR")),
    }
}

fn write<X: ExecContext>(i: &RvInst, xc: &mut X, csr: u16, v: u64) -> Result<(), Fault> {
    match csr {
        FFLAGS | FRM | FCSR => xc.set_misc(csr, v),
        _ if xc.full_system() => xc.set_misc(csr, v).map_err(|f| at_inst(i, xc, f)),
        CYCLE | TIME | INSTRET => Err(illegal(i, xc, "write to read-only CSR")),
        _ => Err(illegal(i, xc, "unknown CSR")),
    }
}

/// All six CSR instructions: `new = f(old, src)` where `src` is x[rs1] or the
/// 5-bit immediate. `csrrw` with rd = x0 does not read; `csrrs`/`csrrc` with a
/// zero source do not write.
#[inline]
pub(crate) fn csr<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    imm_src: bool,
    f: impl Fn(u64, u64) -> u64,
) -> Result<(), Fault> {
    let csr = i.imm as u16;
    let src = if imm_src { i.rs1 as u64 } else { rs1(i, xc) };
    let old = if i.csr_reads() { read(i, xc, csr)? } else { 0 };
    if i.csr_writes() {
        let base =
            if csr == csrs::MIP && xc.full_system() && !matches!(i.op, Op::Csrrw | Op::Csrrwi) {
                read(i, xc, csrs::MIP_RMW)?
            } else {
                old
            };
        write(i, xc, csr, f(base, src))?;
    } else if csr_name(csr).is_none() && !xc.full_system() {
        // In full system `read` has asked the privileged state, which checked it.
        return Err(illegal(i, xc, "unknown CSR"));
    }
    set_rd(i, xc, old);
    Ok(())
}

/// `csrrw`: new = src.
#[inline(always)]
pub(crate) fn rw(_old: u64, src: u64) -> u64 {
    src
}
/// `csrrs`: new = old | src.
#[inline(always)]
pub(crate) fn rs(old: u64, src: u64) -> u64 {
    old | src
}
/// `csrrc`: new = old & !src.
#[inline(always)]
pub(crate) fn rc(old: u64, src: u64) -> u64 {
    old & !src
}
