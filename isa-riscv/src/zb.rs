//! Zba (address generation), Zbb (basic bit manipulation) and Zbs (single-bit)
//! instructions, RV64 forms.

use crate::decode::{e, Enc, Fmt};
use crate::op::Op;
use crate::rv_i::sext32;

/// Zba, Zbb and Zbs encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("add.uw", 0x0800003b, 0xfe00707f, Op::AddUw, Fmt::R),
    e("sh1add", 0x20002033, 0xfe00707f, Op::Sh1add, Fmt::R),
    e("sh1add.uw", 0x2000203b, 0xfe00707f, Op::Sh1addUw, Fmt::R),
    e("sh2add", 0x20004033, 0xfe00707f, Op::Sh2add, Fmt::R),
    e("sh2add.uw", 0x2000403b, 0xfe00707f, Op::Sh2addUw, Fmt::R),
    e("sh3add", 0x20006033, 0xfe00707f, Op::Sh3add, Fmt::R),
    e("sh3add.uw", 0x2000603b, 0xfe00707f, Op::Sh3addUw, Fmt::R),
    e("slli.uw", 0x0800101b, 0xfc00707f, Op::SlliUw, Fmt::Shamt6),
    e("andn", 0x40007033, 0xfe00707f, Op::Andn, Fmt::R),
    e("orn", 0x40006033, 0xfe00707f, Op::Orn, Fmt::R),
    e("xnor", 0x40004033, 0xfe00707f, Op::Xnor, Fmt::R),
    e("clz", 0x60001013, 0xfff0707f, Op::Clz, Fmt::R),
    e("clzw", 0x6000101b, 0xfff0707f, Op::Clzw, Fmt::R),
    e("ctz", 0x60101013, 0xfff0707f, Op::Ctz, Fmt::R),
    e("ctzw", 0x6010101b, 0xfff0707f, Op::Ctzw, Fmt::R),
    e("cpop", 0x60201013, 0xfff0707f, Op::Cpop, Fmt::R),
    e("cpopw", 0x6020101b, 0xfff0707f, Op::Cpopw, Fmt::R),
    e("max", 0x0a006033, 0xfe00707f, Op::Max, Fmt::R),
    e("maxu", 0x0a007033, 0xfe00707f, Op::Maxu, Fmt::R),
    e("min", 0x0a004033, 0xfe00707f, Op::Min, Fmt::R),
    e("minu", 0x0a005033, 0xfe00707f, Op::Minu, Fmt::R),
    e("sext.b", 0x60401013, 0xfff0707f, Op::SextB, Fmt::R),
    e("sext.h", 0x60501013, 0xfff0707f, Op::SextH, Fmt::R),
    e("zext.h", 0x0800403b, 0xfff0707f, Op::ZextH, Fmt::R),
    e("rol", 0x60001033, 0xfe00707f, Op::Rol, Fmt::R),
    e("rolw", 0x6000103b, 0xfe00707f, Op::Rolw, Fmt::R),
    e("ror", 0x60005033, 0xfe00707f, Op::Ror, Fmt::R),
    e("rorw", 0x6000503b, 0xfe00707f, Op::Rorw, Fmt::R),
    e("rori", 0x60005013, 0xfc00707f, Op::Rori, Fmt::Shamt6),
    e("roriw", 0x6000501b, 0xfe00707f, Op::Roriw, Fmt::Shamt5),
    e("orc.b", 0x28705013, 0xfff0707f, Op::OrcB, Fmt::R),
    e("rev8", 0x6b805013, 0xfff0707f, Op::Rev8, Fmt::R),
    e("bclr", 0x48001033, 0xfe00707f, Op::Bclr, Fmt::R),
    e("bclri", 0x48001013, 0xfc00707f, Op::Bclri, Fmt::Shamt6),
    e("bext", 0x48005033, 0xfe00707f, Op::Bext, Fmt::R),
    e("bexti", 0x48005013, 0xfc00707f, Op::Bexti, Fmt::Shamt6),
    e("binv", 0x68001033, 0xfe00707f, Op::Binv, Fmt::R),
    e("binvi", 0x68001013, 0xfc00707f, Op::Binvi, Fmt::Shamt6),
    e("bset", 0x28001033, 0xfe00707f, Op::Bset, Fmt::R),
    e("bseti", 0x28001013, 0xfc00707f, Op::Bseti, Fmt::Shamt6),
];

// ---- Zba
#[inline(always)]
pub(crate) fn add_uw(a: u64, b: u64) -> u64 {
    b.wrapping_add(a & 0xffff_ffff)
}
#[inline(always)]
pub(crate) fn shadd<const N: u32>(a: u64, b: u64) -> u64 {
    b.wrapping_add(a << N)
}
#[inline(always)]
pub(crate) fn shadd_uw<const N: u32>(a: u64, b: u64) -> u64 {
    b.wrapping_add((a & 0xffff_ffff) << N)
}
#[inline(always)]
pub(crate) fn slli_uw(a: u64, sh: u64) -> u64 {
    (a & 0xffff_ffff) << (sh & 63)
}

// ---- Zbb
#[inline(always)]
pub(crate) fn andn(a: u64, b: u64) -> u64 {
    a & !b
}
#[inline(always)]
pub(crate) fn orn(a: u64, b: u64) -> u64 {
    a | !b
}
#[inline(always)]
pub(crate) fn xnor(a: u64, b: u64) -> u64 {
    !(a ^ b)
}
#[inline(always)]
pub(crate) fn clz(a: u64) -> u64 {
    a.leading_zeros() as u64
}
#[inline(always)]
pub(crate) fn clzw(a: u64) -> u64 {
    (a as u32).leading_zeros() as u64
}
#[inline(always)]
pub(crate) fn ctz(a: u64) -> u64 {
    a.trailing_zeros() as u64
}
#[inline(always)]
pub(crate) fn ctzw(a: u64) -> u64 {
    (a as u32).trailing_zeros() as u64
}
#[inline(always)]
pub(crate) fn cpop(a: u64) -> u64 {
    a.count_ones() as u64
}
#[inline(always)]
pub(crate) fn cpopw(a: u64) -> u64 {
    (a as u32).count_ones() as u64
}
#[inline(always)]
pub(crate) fn max(a: u64, b: u64) -> u64 {
    (a as i64).max(b as i64) as u64
}
#[inline(always)]
pub(crate) fn maxu(a: u64, b: u64) -> u64 {
    a.max(b)
}
#[inline(always)]
pub(crate) fn min(a: u64, b: u64) -> u64 {
    (a as i64).min(b as i64) as u64
}
#[inline(always)]
pub(crate) fn minu(a: u64, b: u64) -> u64 {
    a.min(b)
}
#[inline(always)]
pub(crate) fn sext_b(a: u64) -> u64 {
    a as i8 as i64 as u64
}
#[inline(always)]
pub(crate) fn sext_h(a: u64) -> u64 {
    a as i16 as i64 as u64
}
#[inline(always)]
pub(crate) fn zext_h(a: u64) -> u64 {
    a & 0xffff
}
#[inline(always)]
pub(crate) fn rol(a: u64, b: u64) -> u64 {
    a.rotate_left((b & 63) as u32)
}
#[inline(always)]
pub(crate) fn rolw(a: u64, b: u64) -> u64 {
    sext32((a as u32).rotate_left((b & 31) as u32) as u64)
}
#[inline(always)]
pub(crate) fn ror(a: u64, b: u64) -> u64 {
    a.rotate_right((b & 63) as u32)
}
#[inline(always)]
pub(crate) fn rorw(a: u64, b: u64) -> u64 {
    sext32((a as u32).rotate_right((b & 31) as u32) as u64)
}
#[inline(always)]
pub(crate) fn orc_b(a: u64) -> u64 {
    let mut r = 0;
    for byte in 0..8 {
        if (a >> (byte * 8)) & 0xff != 0 {
            r |= 0xff << (byte * 8);
        }
    }
    r
}
#[inline(always)]
pub(crate) fn rev8(a: u64) -> u64 {
    a.swap_bytes()
}

// ---- Zbs
#[inline(always)]
pub(crate) fn bclr(a: u64, b: u64) -> u64 {
    a & !(1 << (b & 63))
}
#[inline(always)]
pub(crate) fn bext(a: u64, b: u64) -> u64 {
    (a >> (b & 63)) & 1
}
#[inline(always)]
pub(crate) fn binv(a: u64, b: u64) -> u64 {
    a ^ (1 << (b & 63))
}
#[inline(always)]
pub(crate) fn bset(a: u64, b: u64) -> u64 {
    a | (1 << (b & 63))
}
