//! D: double-precision floating point. Arithmetic, comparisons and conversions
//! reuse the precision-generic semantics in [`crate::rv_f`] with `F64`; the
//! operations that only exist for doubles are here.

use crate::decode::{e, Enc, Fmt};
use crate::fp;
use crate::inst::RvInst;
use crate::op::Op;
use crate::rv_i::{rs1, set_rd};
use sim_core::arch::{ExecContext, Fault};
use softfloat_wrapper::{Float, F32};

/// D encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("fld", 0x00003007, 0x0000707f, Op::Fld, Fmt::I),
    e("fsd", 0x00003027, 0x0000707f, Op::Fsd, Fmt::S),
    e("fmadd.d", 0x02000043, 0x0600007f, Op::FmaddD, Fmt::R4),
    e("fmsub.d", 0x02000047, 0x0600007f, Op::FmsubD, Fmt::R4),
    e("fnmsub.d", 0x0200004b, 0x0600007f, Op::FnmsubD, Fmt::R4),
    e("fnmadd.d", 0x0200004f, 0x0600007f, Op::FnmaddD, Fmt::R4),
    e("fadd.d", 0x02000053, 0xfe00007f, Op::FaddD, Fmt::R),
    e("fsub.d", 0x0a000053, 0xfe00007f, Op::FsubD, Fmt::R),
    e("fmul.d", 0x12000053, 0xfe00007f, Op::FmulD, Fmt::R),
    e("fdiv.d", 0x1a000053, 0xfe00007f, Op::FdivD, Fmt::R),
    e("fsqrt.d", 0x5a000053, 0xfff0007f, Op::FsqrtD, Fmt::R),
    e("fsgnj.d", 0x22000053, 0xfe00707f, Op::FsgnjD, Fmt::R),
    e("fsgnjn.d", 0x22001053, 0xfe00707f, Op::FsgnjnD, Fmt::R),
    e("fsgnjx.d", 0x22002053, 0xfe00707f, Op::FsgnjxD, Fmt::R),
    e("fmin.d", 0x2a000053, 0xfe00707f, Op::FminD, Fmt::R),
    e("fmax.d", 0x2a001053, 0xfe00707f, Op::FmaxD, Fmt::R),
    e("fcvt.d.s", 0x42000053, 0xfff0007f, Op::FcvtDS, Fmt::R),
    e("feq.d", 0xa2002053, 0xfe00707f, Op::FeqD, Fmt::R),
    e("flt.d", 0xa2001053, 0xfe00707f, Op::FltD, Fmt::R),
    e("fle.d", 0xa2000053, 0xfe00707f, Op::FleD, Fmt::R),
    e("fclass.d", 0xe2001053, 0xfff0707f, Op::FclassD, Fmt::R),
    e("fcvt.w.d", 0xc2000053, 0xfff0007f, Op::FcvtWD, Fmt::R),
    e("fcvt.wu.d", 0xc2100053, 0xfff0007f, Op::FcvtWuD, Fmt::R),
    e("fcvt.l.d", 0xc2200053, 0xfff0007f, Op::FcvtLD, Fmt::R),
    e("fcvt.lu.d", 0xc2300053, 0xfff0007f, Op::FcvtLuD, Fmt::R),
    e("fcvt.d.w", 0xd2000053, 0xfff0007f, Op::FcvtDW, Fmt::R),
    e("fcvt.d.wu", 0xd2100053, 0xfff0007f, Op::FcvtDWu, Fmt::R),
    e("fcvt.d.l", 0xd2200053, 0xfff0007f, Op::FcvtDL, Fmt::R),
    e("fcvt.d.lu", 0xd2300053, 0xfff0007f, Op::FcvtDLu, Fmt::R),
    e("fmv.x.d", 0xe2000053, 0xfff0707f, Op::FmvXD, Fmt::R),
    e("fmv.d.x", 0xf2000053, 0xfff0707f, Op::FmvDX, Fmt::R),
];

/// `fcvt.d.s`: widen a single (exact; a signaling NaN raises invalid).
#[inline(always)]
pub(crate) fn fcvt_d_s<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let rm = fp::rounding(i, xc)?;
    let a = F32::from_bits(fp::unbox_s(xc.float(i.rs1 as u16)));
    let r = fp::run(xc, || a.to_f64(rm))?;
    xc.set_float(i.rd as u16, r.to_bits());
    Ok(())
}

/// `fmv.x.d`: move the bits of f[rs1] to x[rd].
#[inline(always)]
pub(crate) fn fmv_x_d<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let v = xc.float(i.rs1 as u16);
    set_rd(i, xc, v);
    Ok(())
}

/// `fmv.d.x`: move the bits of x[rs1] to f[rd].
#[inline(always)]
pub(crate) fn fmv_d_x<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let v = rs1(i, xc);
    xc.set_float(i.rd as u16, v);
    Ok(())
}
