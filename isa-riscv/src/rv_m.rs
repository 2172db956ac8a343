//! M: integer multiply and divide.
//!
//! Division never traps: divide by zero gives all ones (quotient) or the dividend
//! (remainder), and the signed overflow `MIN / -1` gives `MIN` and remainder 0.

use crate::decode::{e, Enc, Fmt};
use crate::op::Op;
use crate::rv_i::sext32;

/// M encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("mul", 0x02000033, 0xfe00707f, Op::Mul, Fmt::R),
    e("mulh", 0x02001033, 0xfe00707f, Op::Mulh, Fmt::R),
    e("mulhsu", 0x02002033, 0xfe00707f, Op::Mulhsu, Fmt::R),
    e("mulhu", 0x02003033, 0xfe00707f, Op::Mulhu, Fmt::R),
    e("div", 0x02004033, 0xfe00707f, Op::Div, Fmt::R),
    e("divu", 0x02005033, 0xfe00707f, Op::Divu, Fmt::R),
    e("rem", 0x02006033, 0xfe00707f, Op::Rem, Fmt::R),
    e("remu", 0x02007033, 0xfe00707f, Op::Remu, Fmt::R),
    e("mulw", 0x0200003b, 0xfe00707f, Op::Mulw, Fmt::R),
    e("divw", 0x0200403b, 0xfe00707f, Op::Divw, Fmt::R),
    e("divuw", 0x0200503b, 0xfe00707f, Op::Divuw, Fmt::R),
    e("remw", 0x0200603b, 0xfe00707f, Op::Remw, Fmt::R),
    e("remuw", 0x0200703b, 0xfe00707f, Op::Remuw, Fmt::R),
];

#[inline(always)]
pub(crate) fn mul(a: u64, b: u64) -> u64 {
    a.wrapping_mul(b)
}
#[inline(always)]
pub(crate) fn mulh(a: u64, b: u64) -> u64 {
    ((a as i64 as i128 * b as i64 as i128) >> 64) as u64
}
#[inline(always)]
pub(crate) fn mulhsu(a: u64, b: u64) -> u64 {
    ((a as i64 as i128).wrapping_mul(b as i128) >> 64) as u64
}
#[inline(always)]
pub(crate) fn mulhu(a: u64, b: u64) -> u64 {
    ((a as u128 * b as u128) >> 64) as u64
}
#[inline(always)]
pub(crate) fn div(a: u64, b: u64) -> u64 {
    if b == 0 {
        u64::MAX
    } else {
        (a as i64).wrapping_div(b as i64) as u64
    }
}
#[inline(always)]
pub(crate) fn divu(a: u64, b: u64) -> u64 {
    a.checked_div(b).unwrap_or(u64::MAX)
}
#[inline(always)]
pub(crate) fn rem(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        (a as i64).wrapping_rem(b as i64) as u64
    }
}
#[inline(always)]
pub(crate) fn remu(a: u64, b: u64) -> u64 {
    a.checked_rem(b).unwrap_or(a)
}
#[inline(always)]
pub(crate) fn mulw(a: u64, b: u64) -> u64 {
    sext32(a.wrapping_mul(b))
}
#[inline(always)]
pub(crate) fn divw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        u64::MAX
    } else {
        a.wrapping_div(b) as i64 as u64
    }
}
#[inline(always)]
pub(crate) fn divuw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as u32, b as u32);
    sext32(a.checked_div(b).unwrap_or(u32::MAX) as u64)
}
#[inline(always)]
pub(crate) fn remw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        a as i64 as u64
    } else {
        a.wrapping_rem(b) as i64 as u64
    }
}
#[inline(always)]
pub(crate) fn remuw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as u32, b as u32);
    sext32(a.checked_rem(b).unwrap_or(a) as u64)
}
