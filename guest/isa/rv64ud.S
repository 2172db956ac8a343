/* RV64D: arithmetic and its flags, fused multiply-add with one rounding,
 * sign injection, FMIN/FMAX with NaNs and signed zeros, FCLASS, quiet and
 * signalling compares, conversions to and from integers (rounding modes,
 * saturation), FCVT.S.D/FCVT.D.S (rounding, overflow, NaN canonicalisation,
 * NaN boxing of the single result, an unboxed single read as the canonical NaN),
 * FLD/FSD and FMV.X.D/FMV.D.X keeping every bit. */
#include "isa.h"

#define ONE 0x3ff0000000000000
#define TWO 0x4000000000000000
#define THREE 0x4008000000000000
#define HALF 0x3fe0000000000000
#define NEG_ONE 0xbff0000000000000
#define QNAN 0x7ff8000000000000
#define SNAN 0x7ff0000000000001
#define INF 0x7ff0000000000000
#define NINF 0xfff0000000000000
#define MAX 0x7fefffffffffffff
#define MINSUB 0x0000000000000001
#define NZERO 0x8000000000000000
#define TWO_HALF 0x4004000000000000
#define NEG_TWO_HALF 0xc004000000000000
#define S_ONE 0x3f800000
#define S_QNAN 0x7fc00000

    .text
    .globl tests
tests:
    TEST_FP_D(1, 0, THREE, ONE, TWO, 0, fadd.d f4, f1, f2)
    TEST_FP_D(2, 0, NEG_ONE, ONE, TWO, 0, fsub.d f4, f1, f2)
    TEST_FP_D(3, 0, 0x4018000000000000, THREE, TWO, 0, fmul.d f4, f1, f2)
    TEST_FP_D(4, FFLAG_NX, 0x3fd5555555555555, ONE, THREE, 0, fdiv.d f4, f1, f2)
    TEST_FP_D(5, FFLAG_NX, 0x3ff6a09e667f3bcd, TWO, 0, 0, fsqrt.d f4, f1)
    TEST_FP_D(6, FFLAG_NV, QNAN, NEG_ONE, 0, 0, fsqrt.d f4, f1)
    TEST_FP_D(7, FFLAG_DZ, NINF, NEG_ONE, 0, 0, fdiv.d f4, f1, f2)
    TEST_FP_D(8, FFLAG_NV, QNAN, 0, 0, 0, fdiv.d f4, f1, f2)
    TEST_FP_D(9, FFLAG_OF | FFLAG_NX, INF, MAX, TWO, 0, fmul.d f4, f1, f2)
    TEST_FP_D(10, FFLAG_OF | FFLAG_NX, MAX, MAX, TWO, 0, fmul.d f4, f1, f2, rdn)
    TEST_FP_D(11, FFLAG_UF | FFLAG_NX, 0, MINSUB, HALF, 0, fmul.d f4, f1, f2)
    /* exact subnormal results raise no underflow */
    TEST_FP_D(12, 0, 0x0008000000000000, 0x0010000000000000, HALF, 0, fmul.d f4, f1, f2)
    TEST_FP_D(13, FFLAG_NV, QNAN, INF, NINF, 0, fadd.d f4, f1, f2)
    TEST_FP_D(14, 0, QNAN, 0x7ff8000000012345, ONE, 0, fadd.d f4, f1, f2)
    TEST_FP_D(15, FFLAG_NV, QNAN, ONE, SNAN, 0, fsub.d f4, f1, f2)
    TEST_FP_D(16, 0, NZERO, THREE, THREE, 0, fsub.d f4, f1, f2, rdn)
    /* 1 + 2^-53 is a tie */
    TEST_FP_D(17, FFLAG_NX, ONE, ONE, 0x3ca0000000000000, 0, fadd.d f4, f1, f2, rne)
    TEST_FP_D(18, FFLAG_NX, 0x3ff0000000000001, ONE, 0x3ca0000000000000, 0, fadd.d f4, f1, f2, rmm)
    TEST_FP_D(19, FFLAG_NX, 0x3ff0000000000001, ONE, 0x3ca0000000000000, 0, fadd.d f4, f1, f2, rup)
    TEST_FP_D(20, FFLAG_NX, ONE, ONE, 0x3ca0000000000000, 0, fadd.d f4, f1, f2, rtz)

    /* fused: (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104 exactly */
    TEST_FP_D(21, 0, 0x3970000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002, fmadd.d f4, f1, f2, f3)
    TEST_FP_D(22, 0, 0x401c000000000000, TWO, THREE, ONE, fmadd.d f4, f1, f2, f3)
    TEST_FP_D(23, 0, 0x4014000000000000, TWO, THREE, ONE, fmsub.d f4, f1, f2, f3)
    TEST_FP_D(24, 0, 0xc014000000000000, TWO, THREE, ONE, fnmsub.d f4, f1, f2, f3)
    TEST_FP_D(25, 0, 0xc01c000000000000, TWO, THREE, ONE, fnmadd.d f4, f1, f2, f3)
    TEST_FP_D(26, FFLAG_NV, QNAN, 0, NINF, QNAN, fmadd.d f4, f1, f2, f3)
    TEST_FP_D(27, FFLAG_NV, QNAN, SNAN, ONE, ONE, fmadd.d f4, f1, f2, f3)

    TEST_FP_D(28, 0, NEG_ONE, ONE, NEG_ONE, 0, fsgnj.d f4, f1, f2)
    TEST_FP_D(29, 0, ONE, ONE, NEG_ONE, 0, fsgnjn.d f4, f1, f2)
    TEST_FP_D(30, 0, ONE, NEG_ONE, NEG_ONE, 0, fsgnjx.d f4, f1, f2)
    TEST_FP_D(31, 0, 0x7ff0000000000001, 0xfff0000000000001, 0, 0, fabs.d f4, f1)

    TEST_FP_D(32, 0, ONE, QNAN, ONE, 0, fmin.d f4, f1, f2)
    TEST_FP_D(33, FFLAG_NV, ONE, ONE, SNAN, 0, fmin.d f4, f1, f2)
    TEST_FP_D(34, FFLAG_NV, QNAN, SNAN, SNAN, 0, fmax.d f4, f1, f2)
    TEST_FP_D(35, 0, NZERO, 0, NZERO, 0, fmin.d f4, f1, f2)
    TEST_FP_D(36, 0, 0, NZERO, 0, 0, fmax.d f4, f1, f2)

    TEST_FP_INT_D(37, 0, 1 << 0, NINF, 0, fclass.d a0, f1)
    TEST_FP_INT_D(38, 0, 1 << 1, NEG_ONE, 0, fclass.d a0, f1)
    TEST_FP_INT_D(39, 0, 1 << 2, 0x800fffffffffffff, 0, fclass.d a0, f1)
    TEST_FP_INT_D(40, 0, 1 << 3, NZERO, 0, fclass.d a0, f1)
    TEST_FP_INT_D(41, 0, 1 << 4, 0, 0, fclass.d a0, f1)
    TEST_FP_INT_D(42, 0, 1 << 5, MINSUB, 0, fclass.d a0, f1)
    TEST_FP_INT_D(43, 0, 1 << 6, MAX, 0, fclass.d a0, f1)
    TEST_FP_INT_D(44, 0, 1 << 7, INF, 0, fclass.d a0, f1)
    TEST_FP_INT_D(45, 0, 1 << 8, SNAN, 0, fclass.d a0, f1)
    TEST_FP_INT_D(46, 0, 1 << 9, QNAN, 0, fclass.d a0, f1)

    TEST_FP_INT_D(47, 0, 1, NEG_ONE, ONE, flt.d a0, f1, f2)
    TEST_FP_INT_D(48, 0, 1, ONE, ONE, fle.d a0, f1, f2)
    TEST_FP_INT_D(49, 0, 0, QNAN, ONE, feq.d a0, f1, f2)
    TEST_FP_INT_D(50, FFLAG_NV, 0, SNAN, SNAN, feq.d a0, f1, f2)
    TEST_FP_INT_D(51, FFLAG_NV, 0, QNAN, ONE, fle.d a0, f1, f2)
    TEST_FP_INT_D(52, 0, 1, 0, NZERO, fle.d a0, f1, f2)

    TEST_FP_INT_D(53, FFLAG_NX, 2, TWO_HALF, 0, fcvt.w.d a0, f1, rne)
    TEST_FP_INT_D(54, FFLAG_NX, 3, TWO_HALF, 0, fcvt.w.d a0, f1, rmm)
    TEST_FP_INT_D(55, FFLAG_NX, -3, NEG_TWO_HALF, 0, fcvt.l.d a0, f1, rdn)
    TEST_FP_INT_D(56, FFLAG_NX, -2, NEG_TWO_HALF, 0, fcvt.l.d a0, f1, rup)
    TEST_FP_INT_D(57, FFLAG_NX, -2, NEG_TWO_HALF, 0, fcvt.l.d a0, f1, rtz)
    TEST_FP_INT_D(58, FFLAG_NV, 0x7fffffff, 0x41e65a0bc0000000, 0, fcvt.w.d a0, f1, rtz)
    TEST_FP_INT_D(59, 0, 0xffffffffb2d05e00, 0x41e65a0bc0000000, 0, fcvt.wu.d a0, f1, rtz)
    /* -0.9 rounds to zero: in range for an unsigned result, so only inexact */
    TEST_FP_INT_D(60, FFLAG_NX, 0, 0xbfeccccccccccccd, 0, fcvt.lu.d a0, f1, rtz)
    TEST_FP_INT_D(61, FFLAG_NV, 0, 0xbfeccccccccccccd, 0, fcvt.lu.d a0, f1, rdn)
    TEST_FP_INT_D(62, FFLAG_NV, 0x7fffffffffffffff, 0x43e0000000000000, 0, fcvt.l.d a0, f1, rtz)
    TEST_FP_INT_D(63, 0, 0x8000000000000000, 0x43e0000000000000, 0, fcvt.lu.d a0, f1, rtz)
    TEST_FP_INT_D(64, FFLAG_NV, 0x7fffffffffffffff, SNAN, 0, fcvt.l.d a0, f1, rtz)

    TEST_FP_D(65, 0, 0xc1e0000000000000, 0xffffffff80000000, 0, 0, fcvt.d.w f4, a1)
    TEST_FP_D(66, 0, 0x41efffffffe00000, 0xffffffff, 0, 0, fcvt.d.wu f4, a1)
    TEST_FP_D(67, FFLAG_NX, 0x43f0000000000000, -1, 0, 0, fcvt.d.lu f4, a1)
    TEST_FP_D(68, FFLAG_NX, 0x43efffffffffffff, -1, 0, 0, fcvt.d.lu f4, a1, rtz)
    TEST_FP_D(69, 0, NEG_ONE, -1, 0, 0, fcvt.d.l f4, a1)

    /* double <-> single */
    TEST_FP_S(70, FFLAG_NX, 0x3eaaaaab, 0, 0, 0, li a1, 0x3fd5555555555555; fmv.d.x f1, a1; fcvt.s.d f4, f1)
    TEST_FP_S(71, FFLAG_NX, 0x3eaaaaaa, 0, 0, 0, li a1, 0x3fd5555555555555; fmv.d.x f1, a1; fcvt.s.d f4, f1, rtz)
    TEST_FP_S(72, FFLAG_OF | FFLAG_NX, 0x7f800000, 0, 0, 0, li a1, 0x7e37e43c8800759c; fmv.d.x f1, a1; fcvt.s.d f4, f1)
    TEST_FP_S(73, FFLAG_NV, S_QNAN, 0, 0, 0, li a1, SNAN; fmv.d.x f1, a1; fcvt.s.d f4, f1)
    TEST_FP_S(74, 0, S_QNAN, 0, 0, 0, li a1, 0xfff8000000000123; fmv.d.x f1, a1; fcvt.s.d f4, f1)
    TEST_FREG64(75, 0xffffffff3f800000, li a1, ONE; fmv.d.x f1, a1; fcvt.s.d f4, f1)
    TEST_FP_D(76, 0, ONE, 0, 0, 0, li a1, S_ONE; fmv.w.x f1, a1; fcvt.d.s f4, f1)
    TEST_FP_D(77, FFLAG_NV, QNAN, 0, 0, 0, li a1, 0x7f800001; fmv.w.x f1, a1; fcvt.d.s f4, f1)
    TEST_FP_D(78, 0, QNAN, 0, 0, 0, li a1, S_ONE; fmv.d.x f1, a1; fcvt.d.s f4, f1)

    /* loads, stores and moves keep every bit (a signalling NaN stays one) */
    la s0, ddata
    TEST_FREG64(79, SNAN, fld f4, 0(s0))
    TEST_CASE(80, a0, 0xfff4000000000abc, li a1, 0xfff4000000000abc; fmv.d.x f1, a1; fsd f1, 8(s0); ld a0, 8(s0))
    TEST_CASE(81, a0, SNAN, fld f1, 0(s0); fmv.x.d a0, f1)
    TEST_FREG64(82, 0xfff4000000000abc, fld f1, 8(s0); fmv.d f4, f1)
    /* the single-precision view of a double register is unboxed: canonical NaN */
    TEST_FP_S(83, 0, S_QNAN, 0, 0, 0, fld f1, 8(s0); fsgnj.s f4, f1, f1)
    j pass

    .data
    .align 4
ddata:
    .dword SNAN, 0
