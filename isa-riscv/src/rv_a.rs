//! A: load-reserved/store-conditional and atomic memory operations.
//!
//! The `aq`/`rl` bits become `MemFlags::ACQUIRE`/`RELEASE`; LR/SC also carry
//! `MemFlags::LLSC`. Misaligned atomics fault (LR as a load, SC and AMOs as stores).

use crate::decode::{e, Enc, Fmt};
use crate::inst::RvInst;
use crate::op::Op;
use crate::rv_i::{access, extend, rs1, rs2, set_rd};
use sim_core::arch::{AmoOp, ExecContext, Fault, MemAccess, MemFlags};
use sim_core::Addr;

/// A encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("lr.w", 0x1000202f, 0xf9f0707f, Op::LrW, Fmt::Lr),
    e("sc.w", 0x1800202f, 0xf800707f, Op::ScW, Fmt::Amo),
    e("amoswap.w", 0x0800202f, 0xf800707f, Op::AmoswapW, Fmt::Amo),
    e("amoadd.w", 0x0000202f, 0xf800707f, Op::AmoaddW, Fmt::Amo),
    e("amoxor.w", 0x2000202f, 0xf800707f, Op::AmoxorW, Fmt::Amo),
    e("amoand.w", 0x6000202f, 0xf800707f, Op::AmoandW, Fmt::Amo),
    e("amoor.w", 0x4000202f, 0xf800707f, Op::AmoorW, Fmt::Amo),
    e("amomin.w", 0x8000202f, 0xf800707f, Op::AmominW, Fmt::Amo),
    e("amomax.w", 0xa000202f, 0xf800707f, Op::AmomaxW, Fmt::Amo),
    e("amominu.w", 0xc000202f, 0xf800707f, Op::AmominuW, Fmt::Amo),
    e("amomaxu.w", 0xe000202f, 0xf800707f, Op::AmomaxuW, Fmt::Amo),
    e("lr.d", 0x1000302f, 0xf9f0707f, Op::LrD, Fmt::Lr),
    e("sc.d", 0x1800302f, 0xf800707f, Op::ScD, Fmt::Amo),
    e("amoswap.d", 0x0800302f, 0xf800707f, Op::AmoswapD, Fmt::Amo),
    e("amoadd.d", 0x0000302f, 0xf800707f, Op::AmoaddD, Fmt::Amo),
    e("amoxor.d", 0x2000302f, 0xf800707f, Op::AmoxorD, Fmt::Amo),
    e("amoand.d", 0x6000302f, 0xf800707f, Op::AmoandD, Fmt::Amo),
    e("amoor.d", 0x4000302f, 0xf800707f, Op::AmoorD, Fmt::Amo),
    e("amomin.d", 0x8000302f, 0xf800707f, Op::AmominD, Fmt::Amo),
    e("amomax.d", 0xa000302f, 0xf800707f, Op::AmomaxD, Fmt::Amo),
    e("amominu.d", 0xc000302f, 0xf800707f, Op::AmominuD, Fmt::Amo),
    e("amomaxu.d", 0xe000302f, 0xf800707f, Op::AmomaxuD, Fmt::Amo),
];

/// Memory-ordering flags from the aq/rl bits.
#[inline(always)]
fn order(i: &RvInst) -> MemFlags {
    match i.aqrl() {
        0 => MemFlags::NONE,
        1 => MemFlags::RELEASE,
        2 => MemFlags::ACQUIRE,
        _ => MemFlags::ACQUIRE | MemFlags::RELEASE,
    }
}

/// The address in rs1, checked for natural alignment.
#[inline(always)]
fn aligned<X: ExecContext>(
    i: &RvInst,
    xc: &X,
    size: usize,
    access: MemAccess,
) -> Result<Addr, Fault> {
    let a = rs1(i, xc);
    if a & (size as u64 - 1) != 0 {
        return Err(Fault::Misaligned {
            addr: Addr(a),
            access,
        });
    }
    Ok(Addr(a))
}

/// The memory-side operation of an AMO.
pub(crate) fn amo_op(op: Op) -> AmoOp {
    match op {
        Op::AmoswapW | Op::AmoswapD => AmoOp::Swap,
        Op::AmoaddW | Op::AmoaddD => AmoOp::Add,
        Op::AmoxorW | Op::AmoxorD => AmoOp::Xor,
        Op::AmoandW | Op::AmoandD => AmoOp::And,
        Op::AmoorW | Op::AmoorD => AmoOp::Or,
        Op::AmominW | Op::AmominD => AmoOp::Min,
        Op::AmomaxW | Op::AmomaxD => AmoOp::Max,
        Op::AmominuW | Op::AmominuD => AmoOp::MinU,
        _ => AmoOp::MaxU,
    }
}

/// `lr.w`/`lr.d`: load and reserve.
#[inline(always)]
pub(crate) fn lr<X: ExecContext>(i: &RvInst, xc: &mut X, size: usize) -> Result<(), Fault> {
    let a = aligned(i, xc, size, MemAccess::Load)?;
    let v = xc.load_reserved(a, size, order(i) | MemFlags::LLSC)?;
    set_rd(i, xc, extend(v, size, true));
    Ok(())
}

/// `sc.w`/`sc.d`: store if reserved; rd = 0 on success, 1 on failure.
#[inline(always)]
pub(crate) fn sc<X: ExecContext>(i: &RvInst, xc: &mut X, size: usize) -> Result<(), Fault> {
    let a = aligned(i, xc, size, MemAccess::Store)?;
    let ok = xc.store_conditional(a, size, rs2(i, xc), order(i) | MemFlags::LLSC)?;
    set_rd(i, xc, (!ok) as u64);
    Ok(())
}

/// `amo<op>.w`/`.d`: rd = old memory value; memory = op(old, rs2).
#[inline(always)]
pub(crate) fn amo<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    size: usize,
    op: AmoOp,
) -> Result<(), Fault> {
    let a = aligned(i, xc, size, MemAccess::Store)?;
    let old = xc.amo_mem(a, size, op, rs2(i, xc), order(i))?;
    set_rd(i, xc, extend(old, size, true));
    Ok(())
}

/// Timing path: start the access of an LR, SC or AMO.
pub(crate) fn initiate<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let (size, _) = access(i.op);
    match i.op {
        Op::LrW | Op::LrD => {
            let a = aligned(i, xc, size, MemAccess::Load)?;
            xc.initiate_mem_read(a, size, order(i) | MemFlags::LLSC)
        }
        Op::ScW | Op::ScD => {
            let a = aligned(i, xc, size, MemAccess::Store)?;
            xc.initiate_mem_write(a, size, rs2(i, xc), order(i) | MemFlags::LLSC)
        }
        _ => {
            let a = aligned(i, xc, size, MemAccess::Store)?;
            xc.initiate_mem_amo(a, size, amo_op(i.op), rs2(i, xc), order(i))
        }
    }
}

/// Timing path: LR and AMOs write the (old) value to rd; SC writes the 0/1 result.
pub(crate) fn complete<X: ExecContext>(i: &RvInst, xc: &mut X, data: u64) -> Result<(), Fault> {
    let (size, _) = access(i.op);
    match i.op {
        Op::ScW | Op::ScD => set_rd(i, xc, data),
        _ => set_rd(i, xc, extend(data, size, true)),
    }
    Ok(())
}
