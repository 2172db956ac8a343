//! Valid encodings this simulator does not implement (debug-mode and hypervisor
//! instructions, and extensions outside RV64GC + Zba/Zbb/Zbs).
//! They decode to `DecodeError::Unimplemented` naming the instruction or extension,
//! so the user learns what the program needs instead of "illegal instruction".

use crate::decode::{e, Enc, Fmt};
use crate::op::Op;

const U: Op = Op::NotImplemented;
const F: Fmt = Fmt::Unimpl;

/// Recognised but unimplemented encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("dret", 0x7b200073, 0xffffffff, U, F),
    e("hfence.vvma", 0x22000073, 0xfe007fff, U, F),
    e("hfence.gvma", 0x62000073, 0xfe007fff, U, F),
    e("V (vector) extension", 0x00000057, 0x0000007f, U, F),
    e("V (vector) extension load", 0x00000007, 0x0000707f, U, F),
    e("V (vector) extension load", 0x00005007, 0x0000707f, U, F),
    e("V (vector) extension load", 0x00006007, 0x0000707f, U, F),
    e("V (vector) extension load", 0x00007007, 0x0000707f, U, F),
    e("V (vector) extension store", 0x00000027, 0x0000707f, U, F),
    e("V (vector) extension store", 0x00005027, 0x0000707f, U, F),
    e("V (vector) extension store", 0x00006027, 0x0000707f, U, F),
    e("V (vector) extension store", 0x00007027, 0x0000707f, U, F),
    e("flh (Zfh extension)", 0x00001007, 0x0000707f, U, F),
    e("fsh (Zfh extension)", 0x00001027, 0x0000707f, U, F),
    e("flq (Q extension)", 0x00004007, 0x0000707f, U, F),
    e("fsq (Q extension)", 0x00004027, 0x0000707f, U, F),
    e("half-precision (Zfh extension)", 0x04000053, 0x0600007f, U, F),
    e("quad-precision (Q extension)", 0x06000053, 0x0600007f, U, F),
    e("half-precision (Zfh extension)", 0x04000043, 0x0600007f, U, F),
    e("quad-precision (Q extension)", 0x06000043, 0x0600007f, U, F),
    e("half-precision (Zfh extension)", 0x04000047, 0x0600007f, U, F),
    e("quad-precision (Q extension)", 0x06000047, 0x0600007f, U, F),
    e("half-precision (Zfh extension)", 0x0400004b, 0x0600007f, U, F),
    e("quad-precision (Q extension)", 0x0600004b, 0x0600007f, U, F),
    e("half-precision (Zfh extension)", 0x0400004f, 0x0600007f, U, F),
    e("quad-precision (Q extension)", 0x0600004f, 0x0600007f, U, F),
    e("clmul (Zbc extension)", 0x0a001033, 0xfe00707f, U, F),
    e("clmulr (Zbc extension)", 0x0a002033, 0xfe00707f, U, F),
    e("clmulh (Zbc extension)", 0x0a003033, 0xfe00707f, U, F),
    e("czero.eqz (Zicond extension)", 0x0e005033, 0xfe00707f, U, F),
    e("czero.nez (Zicond extension)", 0x0e007033, 0xfe00707f, U, F),
];
