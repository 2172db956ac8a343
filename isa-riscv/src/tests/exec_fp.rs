//! F and D semantics: rounding modes with flags, NaN boxing, canonical NaNs,
//! conversion saturation, fmin/fmax, comparisons and fclass.

use super::mock::{i, r4, rf, s, Mock};
use crate::fp::{box_s, CANONICAL_NAN_D, CANONICAL_NAN_S};
use sim_core::arch::Fault;

const NX: u8 = 1;
const DZ: u8 = 8;
const NV: u8 = 16;
const RNE: u32 = 0;
const RTZ: u32 = 1;
const RDN: u32 = 2;
const RUP: u32 = 3;
const RMM: u32 = 4;
const DYN: u32 = 7;

const ONE_S: u32 = 0x3f80_0000;
const SNAN_S: u32 = 0x7f80_0001;
const QNAN_S: u32 = 0x7fc0_0001;
const SNAN_D: u64 = 0x7ff0_0000_0000_0001;

fn d(v: f64) -> u64 {
    v.to_bits()
}
fn sf(v: f32) -> u64 {
    box_s(v.to_bits())
}

/// Run `fd(10) = op(f11, f12)` and return (f10, fflags).
fn fbin(name: &str, a: u64, b: u64, rm: u32) -> (u64, u8) {
    let mut m = Mock::new();
    m.set_f(11, a);
    m.set_f(12, b);
    m.exec(rf(name, 10, 11, 12, rm)).unwrap();
    (m.f(10), m.regs.fflags)
}

/// Run `xd(10) = op(f11[, f12])` and return (x10, fflags).
fn fx(name: &str, a: u64, b: u64, rm: u32) -> (u64, u8) {
    let mut m = Mock::new();
    m.set_f(11, a);
    m.set_f(12, b);
    m.exec(rf(name, 10, 11, 12, rm)).unwrap();
    (m.x(10), m.regs.fflags)
}

/// Run `fd(10) = op(x11)` and return (f10, fflags).
fn xf(name: &str, a: u64, rm: u32) -> (u64, u8) {
    let mut m = Mock::new();
    m.set_x(11, a);
    m.exec(rf(name, 10, 11, 0, rm)).unwrap();
    (m.f(10), m.regs.fflags)
}

#[test]
fn rounding_modes_and_inexact() {
    let half_ulp = box_s(0x3380_0000); // 2^-24: exactly half an ulp of 1.0
    let one = box_s(ONE_S);
    assert_eq!(fbin("fadd.s", one, half_ulp, RNE), (box_s(ONE_S), NX));
    assert_eq!(fbin("fadd.s", one, half_ulp, RTZ), (box_s(ONE_S), NX));
    assert_eq!(fbin("fadd.s", one, half_ulp, RDN), (box_s(ONE_S), NX));
    assert_eq!(fbin("fadd.s", one, half_ulp, RUP), (box_s(ONE_S + 1), NX));
    assert_eq!(fbin("fadd.s", one, half_ulp, RMM), (box_s(ONE_S + 1), NX));
    assert_eq!(fbin("fadd.s", one, one, RNE), (sf(2.0), 0));
    // Dynamic rounding takes frm.
    let mut m = Mock::new();
    m.regs.frm = RUP as u8;
    m.set_f(11, one);
    m.set_f(12, half_ulp);
    m.exec(rf("fadd.s", 10, 11, 12, DYN)).unwrap();
    assert_eq!(m.f(10), box_s(ONE_S + 1));
    // Flags accrue (OR), they are never cleared by an instruction.
    m.regs.fflags = DZ;
    m.exec(rf("fadd.s", 10, 11, 12, RNE)).unwrap();
    assert_eq!(m.regs.fflags, DZ | NX);
    // fcvt from integers rounds too.
    assert_eq!(xf("fcvt.s.w", 16_777_217, RNE), (sf(16_777_216.0), NX));
    assert_eq!(xf("fcvt.s.w", 16_777_217, RUP), (box_s(0x4b80_0001), NX));
    assert_eq!(
        xf("fcvt.d.lu", u64::MAX, RTZ),
        (d(18446744073709549568.0), NX)
    );
    assert_eq!(xf("fcvt.d.w", 0xffff_ffff, RNE), (d(-1.0), 0));
    assert_eq!(xf("fcvt.d.wu", 0xffff_ffff, RNE), (d(4294967295.0), 0));
}

#[test]
fn invalid_rounding_modes_are_illegal() {
    let mut m = Mock::new();
    for rm in [5, 6] {
        assert!(matches!(
            m.exec(rf("fadd.d", 10, 11, 12, rm)),
            Err(Fault::IllegalInst { .. })
        ));
    }
    for frm in [5, 6, 7] {
        m.regs.frm = frm;
        assert!(matches!(
            m.exec(rf("fmul.s", 10, 11, 12, DYN)),
            Err(Fault::IllegalInst { .. })
        ));
    }
    // Instructions without a rounding mode do not care about frm.
    m.exec(rf("fsgnj.d", 10, 11, 12, 0)).unwrap();
}

#[test]
fn exceptions_and_canonical_nans() {
    assert_eq!(fbin("fdiv.d", d(1.0), d(0.0), RNE), (d(f64::INFINITY), DZ));
    assert_eq!(fbin("fdiv.d", d(0.0), d(0.0), RNE), (CANONICAL_NAN_D, NV));
    assert_eq!(
        fbin("fsqrt.s", sf(-1.0), 0, RNE),
        (box_s(CANONICAL_NAN_S), NV)
    );
    // NaN payloads are not propagated.
    assert_eq!(
        fbin("fadd.s", box_s(QNAN_S), sf(1.0), RNE),
        (box_s(CANONICAL_NAN_S), 0)
    );
    assert_eq!(fbin("fadd.d", SNAN_D, d(1.0), RNE), (CANONICAL_NAN_D, NV));
    assert_eq!(
        fbin("fcvt.s.d", 0x7ff8_0000_dead_beef, 0, RNE),
        (box_s(CANONICAL_NAN_S), 0)
    );
    assert_eq!(
        fbin("fcvt.d.s", box_s(SNAN_S), 0, RNE),
        (CANONICAL_NAN_D, NV)
    );
    assert_eq!(fbin("fcvt.d.s", sf(1.5), 0, RNE), (d(1.5), 0));
    assert_eq!(
        fbin("fmul.d", d(f64::MAX), d(2.0), RNE),
        (d(f64::INFINITY), 4 | NX)
    );
}

#[test]
fn fused_multiply_add() {
    let mut m = Mock::new();
    m.set_f(11, d(2.0));
    m.set_f(12, d(3.0));
    m.set_f(13, d(1.0));
    for (name, want) in [
        ("fmadd.d", 7.0),
        ("fmsub.d", 5.0),
        ("fnmsub.d", -5.0),
        ("fnmadd.d", -7.0),
    ] {
        m.exec(r4(name, 10, 11, 12, 13, RNE)).unwrap();
        assert_eq!(f64::from_bits(m.f(10)), want, "{name}");
    }
    m.set_f(11, sf(2.0));
    m.set_f(12, sf(3.0));
    m.set_f(13, sf(1.0));
    m.exec(r4("fnmadd.s", 10, 11, 12, 13, RNE)).unwrap();
    assert_eq!(m.f(10), sf(-7.0));
    // inf * 0 + qNaN is invalid on RISC-V.
    m.set_f(11, d(f64::INFINITY));
    m.set_f(12, d(0.0));
    m.set_f(13, CANONICAL_NAN_D);
    m.exec(r4("fmadd.d", 10, 11, 12, 13, RNE)).unwrap();
    assert_eq!((m.f(10), m.regs.fflags), (CANONICAL_NAN_D, NV));
}

#[test]
fn nan_boxing() {
    let unboxed_one = ONE_S as u64; // upper bits not all ones
    assert_eq!(
        fbin("fadd.s", unboxed_one, sf(1.0), RNE).0,
        box_s(CANONICAL_NAN_S)
    );
    assert_eq!(
        fbin("fsgnj.s", unboxed_one, unboxed_one, 0).0,
        box_s(CANONICAL_NAN_S)
    );
    assert_eq!(fbin("fsgnjn.s", sf(1.0), sf(1.0), 0).0, sf(-1.0));
    assert_eq!(fbin("fsgnjx.s", sf(-1.0), sf(-2.0), 0).0, sf(1.0));
    assert_eq!(fbin("fsgnj.d", d(1.0), d(-0.0), 0).0, d(-1.0));
    // fmv.x.w moves the low bits without unboxing, sign-extended.
    assert_eq!(
        fx("fmv.x.w", 0x0000_0000_bf80_0000, 0, 0).0,
        0xffff_ffff_bf80_0000
    );
    assert_eq!(xf("fmv.w.x", 0x1234_5678_3f80_0000, 0).0, box_s(ONE_S));
    assert_eq!(
        xf("fmv.d.x", 0x1234_5678_3f80_0000, 0).0,
        0x1234_5678_3f80_0000
    );
    // fclass of an improperly boxed single is a quiet NaN.
    assert_eq!(fx("fclass.s", unboxed_one, 0, 1).0, 1 << 9);
    // flw boxes, fsw stores the low 32 bits.
    let mut m = Mock::new();
    m.set_x(11, super::mock::MEM_BASE);
    m.store(super::mock::MEM_BASE, 8, 0x1122_3344_3f80_0000);
    m.exec(i("flw", 10, 11, 0)).unwrap();
    assert_eq!(m.f(10), box_s(ONE_S));
    m.set_f(12, 0xaaaa_bbbb_cccc_dddd);
    m.exec(s("fsw", 12, 11, 8)).unwrap();
    assert_eq!(m.load(super::mock::MEM_BASE + 8, 8), 0xcccc_dddd);
    m.exec(s("fsd", 12, 11, 16)).unwrap();
    m.exec(i("fld", 13, 11, 16)).unwrap();
    assert_eq!(m.f(13), 0xaaaa_bbbb_cccc_dddd);
}

#[test]
fn conversions_saturate() {
    let nan = box_s(CANONICAL_NAN_S);
    assert_eq!(fx("fcvt.w.s", nan, 0, RTZ), (0x7fff_ffff, NV));
    assert_eq!(fx("fcvt.w.s", sf(f32::INFINITY), 0, RTZ), (0x7fff_ffff, NV));
    assert_eq!(
        fx("fcvt.w.s", sf(f32::NEG_INFINITY), 0, RTZ),
        (0xffff_ffff_8000_0000, NV)
    );
    assert_eq!(fx("fcvt.w.s", sf(3e9), 0, RTZ), (0x7fff_ffff, NV));
    assert_eq!(fx("fcvt.w.s", sf(-1.5), 0, RNE), (-2i64 as u64, NX));
    assert_eq!(fx("fcvt.w.s", sf(-1.5), 0, RTZ), (-1i64 as u64, NX));
    assert_eq!(fx("fcvt.wu.s", sf(-1.0), 0, RTZ), (0, NV));
    assert_eq!(fx("fcvt.wu.s", sf(-0.5), 0, RTZ), (0, NX));
    assert_eq!(fx("fcvt.wu.s", sf(3e9), 0, RTZ), (0xffff_ffff_b2d0_5e00, 0));
    assert_eq!(fx("fcvt.wu.s", nan, 0, RTZ), (u64::MAX, NV));
    assert_eq!(
        fx("fcvt.l.d", CANONICAL_NAN_D, 0, RTZ),
        (i64::MAX as u64, NV)
    );
    assert_eq!(fx("fcvt.l.d", d(-1e30), 0, RTZ), (i64::MIN as u64, NV));
    assert_eq!(fx("fcvt.lu.d", d(f64::NEG_INFINITY), 0, RTZ), (0, NV));
    assert_eq!(fx("fcvt.lu.d", d(1e30), 0, RTZ), (u64::MAX, NV));
    assert_eq!(fx("fcvt.lu.s", sf(2.5), 0, RMM), (3, NX));
    assert_eq!(fx("fcvt.w.d", d(2.5), 0, RNE), (2, NX));
    assert_eq!(fx("fcvt.wu.d", d(4294967296.0), 0, RTZ), (u64::MAX, NV));
}

#[test]
fn min_max_2019() {
    assert_eq!(fbin("fmin.d", d(-0.0), d(0.0), 0), (d(-0.0), 0));
    assert_eq!(fbin("fmin.d", d(0.0), d(-0.0), 0), (d(-0.0), 0));
    assert_eq!(fbin("fmax.d", d(-0.0), d(0.0), 0), (d(0.0), 0));
    assert_eq!(fbin("fmax.s", sf(0.0), sf(-0.0), 0), (sf(0.0), 0));
    assert_eq!(fbin("fmin.s", box_s(QNAN_S), sf(1.0), 0), (sf(1.0), 0));
    assert_eq!(fbin("fmin.s", box_s(SNAN_S), sf(1.0), 0), (sf(1.0), NV));
    assert_eq!(fbin("fmax.d", d(2.0), SNAN_D, 0), (d(2.0), NV));
    assert_eq!(
        fbin("fmax.d", SNAN_D, CANONICAL_NAN_D, 0),
        (CANONICAL_NAN_D, NV)
    );
    assert_eq!(
        fbin("fmin.s", box_s(QNAN_S), box_s(QNAN_S), 0),
        (box_s(CANONICAL_NAN_S), 0)
    );
    assert_eq!(fbin("fmax.d", d(-3.0), d(2.0), 0), (d(2.0), 0));
    assert_eq!(fbin("fmin.d", d(-3.0), d(2.0), 0), (d(-3.0), 0));
}

#[test]
fn comparisons() {
    let q = CANONICAL_NAN_D;
    assert_eq!(fx("feq.d", d(1.0), d(1.0), 2), (1, 0));
    assert_eq!(fx("feq.d", q, d(1.0), 2), (0, 0));
    assert_eq!(fx("feq.d", SNAN_D, d(1.0), 2), (0, NV));
    assert_eq!(fx("flt.d", q, d(1.0), 1), (0, NV));
    assert_eq!(fx("fle.d", d(-0.0), d(0.0), 0), (1, 0));
    assert_eq!(fx("flt.s", sf(-1.0), sf(1.0), 1), (1, 0));
    assert_eq!(fx("feq.s", sf(-0.0), sf(0.0), 2), (1, 0));
}

#[test]
fn classify() {
    let cases_d = [
        (f64::NEG_INFINITY.to_bits(), 0),
        (d(-1.0), 1),
        (0x8000_0000_0000_0001, 2),
        (d(-0.0), 3),
        (d(0.0), 4),
        (1, 5),
        (d(1.0), 6),
        (f64::INFINITY.to_bits(), 7),
        (SNAN_D, 8),
        (CANONICAL_NAN_D, 9),
    ];
    for (v, bit) in cases_d {
        assert_eq!(fx("fclass.d", v, 0, 1), (1 << bit, 0), "{v:#x}");
    }
    assert_eq!(fx("fclass.s", box_s(SNAN_S), 0, 1).0, 1 << 8);
    assert_eq!(fx("fclass.s", box_s(0x8000_0001), 0, 1).0, 1 << 2);
}
