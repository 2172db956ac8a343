//! F: single-precision floating point, and the precision-generic semantics that
//! D instantiates with `F64`.

use crate::decode::{e, Enc, Fmt};
use crate::fp::{self, Prec, FLAG_NV};
use crate::inst::RvInst;
use crate::op::Op;
use crate::rv_i::{ea, rs1, set_rd};
use sim_core::arch::{ExecContext, Fault, MemFlags};
use softfloat_wrapper::{Float, RoundingMode, F32};

/// F encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("flw", 0x00002007, 0x0000707f, Op::Flw, Fmt::I),
    e("fsw", 0x00002027, 0x0000707f, Op::Fsw, Fmt::S),
    e("fmadd.s", 0x00000043, 0x0600007f, Op::FmaddS, Fmt::R4),
    e("fmsub.s", 0x00000047, 0x0600007f, Op::FmsubS, Fmt::R4),
    e("fnmsub.s", 0x0000004b, 0x0600007f, Op::FnmsubS, Fmt::R4),
    e("fnmadd.s", 0x0000004f, 0x0600007f, Op::FnmaddS, Fmt::R4),
    e("fadd.s", 0x00000053, 0xfe00007f, Op::FaddS, Fmt::R),
    e("fsub.s", 0x08000053, 0xfe00007f, Op::FsubS, Fmt::R),
    e("fmul.s", 0x10000053, 0xfe00007f, Op::FmulS, Fmt::R),
    e("fdiv.s", 0x18000053, 0xfe00007f, Op::FdivS, Fmt::R),
    e("fsqrt.s", 0x58000053, 0xfff0007f, Op::FsqrtS, Fmt::R),
    e("fsgnj.s", 0x20000053, 0xfe00707f, Op::FsgnjS, Fmt::R),
    e("fsgnjn.s", 0x20001053, 0xfe00707f, Op::FsgnjnS, Fmt::R),
    e("fsgnjx.s", 0x20002053, 0xfe00707f, Op::FsgnjxS, Fmt::R),
    e("fmin.s", 0x28000053, 0xfe00707f, Op::FminS, Fmt::R),
    e("fmax.s", 0x28001053, 0xfe00707f, Op::FmaxS, Fmt::R),
    e("fcvt.s.d", 0x40100053, 0xfff0007f, Op::FcvtSD, Fmt::R),
    e("feq.s", 0xa0002053, 0xfe00707f, Op::FeqS, Fmt::R),
    e("flt.s", 0xa0001053, 0xfe00707f, Op::FltS, Fmt::R),
    e("fle.s", 0xa0000053, 0xfe00707f, Op::FleS, Fmt::R),
    e("fclass.s", 0xe0001053, 0xfff0707f, Op::FclassS, Fmt::R),
    e("fcvt.w.s", 0xc0000053, 0xfff0007f, Op::FcvtWS, Fmt::R),
    e("fcvt.wu.s", 0xc0100053, 0xfff0007f, Op::FcvtWuS, Fmt::R),
    e("fcvt.l.s", 0xc0200053, 0xfff0007f, Op::FcvtLS, Fmt::R),
    e("fcvt.lu.s", 0xc0300053, 0xfff0007f, Op::FcvtLuS, Fmt::R),
    e("fcvt.s.w", 0xd0000053, 0xfff0007f, Op::FcvtSW, Fmt::R),
    e("fcvt.s.wu", 0xd0100053, 0xfff0007f, Op::FcvtSWu, Fmt::R),
    e("fcvt.s.l", 0xd0200053, 0xfff0007f, Op::FcvtSL, Fmt::R),
    e("fcvt.s.lu", 0xd0300053, 0xfff0007f, Op::FcvtSLu, Fmt::R),
    e("fmv.x.w", 0xe0000053, 0xfff0707f, Op::FmvXW, Fmt::R),
    e("fmv.w.x", 0xf0000053, 0xfff0707f, Op::FmvWX, Fmt::R),
];

#[inline(always)]
fn get<P: Prec, X: ExecContext>(xc: &X, r: u8) -> P {
    P::get(xc.float(r as u16))
}

#[inline(always)]
fn put<P: Prec, X: ExecContext>(i: &RvInst, xc: &mut X, v: P) {
    xc.set_float(i.rd as u16, v.put());
}

/// `flw`/`fld`: load `size` bytes into f[rd] (singles are NaN-boxed).
#[inline(always)]
pub(crate) fn load<X: ExecContext>(i: &RvInst, xc: &mut X, size: usize) -> Result<(), Fault> {
    let v = xc.read_mem(ea(i, xc), size, MemFlags::NONE)?;
    let v = if size == 4 { fp::box_s(v as u32) } else { v };
    xc.set_float(i.rd as u16, v);
    Ok(())
}

/// `fsw`/`fsd`: store the low `size` bytes of f[rs2] (raw bits, no unboxing).
#[inline(always)]
pub(crate) fn store<X: ExecContext>(i: &RvInst, xc: &mut X, size: usize) -> Result<(), Fault> {
    let v = xc.float(i.rs2 as u16);
    xc.write_mem(ea(i, xc), size, v, MemFlags::NONE)
}

/// Two-operand arithmetic: `fd = f(fs1, fs2, rm)`.
#[inline(always)]
pub(crate) fn arith<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl FnOnce(P, P, RoundingMode) -> P,
) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let (a, b) = (get::<P, X>(xc, i.rs1), get::<P, X>(xc, i.rs2));
    let r = fp::run(xc, || f(a, b, rm))?;
    put(i, xc, r);
    Ok(())
}

/// `fsqrt`.
#[inline(always)]
pub(crate) fn sqrt<P: Prec, X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let a = get::<P, X>(xc, i.rs1);
    let r = fp::run(xc, || a.sqrt(rm))?;
    put(i, xc, r);
    Ok(())
}

/// Fused multiply-add family: `±(fs1 × fs2) ± fs3` with a single rounding.
#[inline(always)]
pub(crate) fn fma<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    neg_prod: bool,
    neg_add: bool,
) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let flip = |v: P, neg: bool| {
        if neg {
            P::of_bits(v.bits() ^ P::SIGN)
        } else {
            v
        }
    };
    let a = flip(get::<P, X>(xc, i.rs1), neg_prod);
    let b = get::<P, X>(xc, i.rs2);
    let c = flip(get::<P, X>(xc, i.rs3), neg_add);
    let r = fp::run(xc, || a.fused_mul_add(b, c, rm))?;
    put(i, xc, r);
    Ok(())
}

/// Sign injection: `kind` 0 = fsgnj, 1 = fsgnjn, 2 = fsgnjx.
#[inline(always)]
pub(crate) fn sgnj<P: Prec, X: ExecContext>(i: &RvInst, xc: &mut X, kind: u8) -> Result<(), Fault> {
    let a = get::<P, X>(xc, i.rs1).bits();
    let b = get::<P, X>(xc, i.rs2).bits();
    let sign = match kind {
        0 => b & P::SIGN,
        1 => !b & P::SIGN,
        _ => (a ^ b) & P::SIGN,
    };
    put(i, xc, P::of_bits((a & !P::SIGN) | sign));
    Ok(())
}

/// `fmin`/`fmax` (IEEE 754-2019 minimumNumber/maximumNumber): a single NaN
/// operand is ignored, two NaNs give the canonical NaN, -0 < +0, and only
/// signaling NaNs raise invalid.
#[inline(always)]
pub(crate) fn minmax<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    max: bool,
) -> Result<(), Fault> {
    let (a, b) = (get::<P, X>(xc, i.rs1), get::<P, X>(xc, i.rs2));
    if a.is_signaling_nan() || b.is_signaling_nan() {
        fp::accrue(xc, FLAG_NV)?;
    }
    let r = match (a.is_nan(), b.is_nan()) {
        (true, true) => P::of_bits(P::CANON),
        (true, false) => b,
        (false, true) => a,
        _ => {
            let a_lt_b = a.lt_quiet(b) || (a.is_negative_zero() && b.is_positive_zero());
            if a_lt_b == max {
                b
            } else {
                a
            }
        }
    };
    put(i, xc, r);
    Ok(())
}

/// Comparison into an integer register (`feq` is quiet, `flt`/`fle` signal on NaN).
#[inline(always)]
pub(crate) fn cmp<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl FnOnce(P, P) -> bool,
) -> Result<(), Fault> {
    let (a, b) = (get::<P, X>(xc, i.rs1), get::<P, X>(xc, i.rs2));
    let r = fp::run(xc, || f(a, b))?;
    set_rd(i, xc, r as u64);
    Ok(())
}

/// `fclass`: a one-hot mask of the operand's category.
#[inline(always)]
pub(crate) fn class<P: Prec, X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let a = get::<P, X>(xc, i.rs1);
    let bit = if a.is_nan() {
        if a.is_signaling_nan() {
            8
        } else {
            9
        }
    } else if a.is_negative_infinity() {
        0
    } else if a.is_negative_normal() {
        1
    } else if a.is_negative_subnormal() {
        2
    } else if a.is_negative_zero() {
        3
    } else if a.is_positive_zero() {
        4
    } else if a.is_positive_subnormal() {
        5
    } else if a.is_positive_normal() {
        6
    } else {
        7
    };
    set_rd(i, xc, 1 << bit);
    Ok(())
}

/// Float to integer: `rd = f(fs1, rm)`, already saturated and sign-extended.
#[inline(always)]
pub(crate) fn to_int<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl FnOnce(P, RoundingMode) -> u64,
) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let a = get::<P, X>(xc, i.rs1);
    let r = fp::run(xc, || f(a, rm))?;
    set_rd(i, xc, r);
    Ok(())
}

/// Integer to float: `fd = f(rs1, rm)`.
#[inline(always)]
pub(crate) fn from_int<P: Prec, X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl FnOnce(u64, RoundingMode) -> P,
) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let a = rs1(i, xc);
    let r = fp::run(xc, || f(a, rm))?;
    put(i, xc, r);
    Ok(())
}

/// `fmv.x.w`: the low 32 bits of f[rs1], sign-extended (no unboxing).
#[inline(always)]
pub(crate) fn fmv_x_w<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let v = xc.float(i.rs1 as u16) as i32 as i64 as u64;
    set_rd(i, xc, v);
    Ok(())
}

/// `fmv.w.x`: NaN-box the low 32 bits of x[rs1].
#[inline(always)]
pub(crate) fn fmv_w_x<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let v = fp::box_s(rs1(i, xc) as u32);
    xc.set_float(i.rd as u16, v);
    Ok(())
}

/// `fcvt.s.d`: narrow a double.
#[inline(always)]
pub(crate) fn fcvt_s_d<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let a = get::<softfloat_wrapper::F64, X>(xc, i.rs1);
    let r: F32 = fp::run(xc, || a.to_f32(rm))?;
    put(i, xc, r);
    Ok(())
}
