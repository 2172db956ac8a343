/* RV64F: arithmetic with its IEEE flags (inexact, overflow, underflow, divide by
 * zero, invalid), fused multiply-add (one rounding) in all four forms, the
 * sign-injection and move instructions, NaN boxing (an improperly boxed value
 * reads as the canonical NaN), FMIN/FMAX with quiet and signalling NaNs and
 * signed zeros, FCLASS of every class, quiet FEQ versus signalling FLT/FLE,
 * conversions in every static rounding mode with saturation on overflow, the
 * dynamic rounding mode from frm, a reserved frm trapping, fflags accumulating,
 * and the fcsr/frm/fflags views. */
#include "isa.h"

#define ONE 0x3f800000
#define TWO 0x40000000
#define THREE 0x40400000
#define HALF 0x3f000000
#define NEG_ONE 0xbf800000
#define QNAN 0x7fc00000
#define SNAN 0x7f800001
#define INF 0x7f800000
#define NINF 0xff800000
#define MAX 0x7f7fffff
#define MINSUB 0x00000001
#define NZERO 0x80000000
#define TWO_HALF 0x40200000
#define NEG_TWO_HALF 0xc0200000

    .text
    .globl tests
tests:
    /* arithmetic and flags */
    TEST_FP_S(1, 0, THREE, ONE, TWO, 0, fadd.s f4, f1, f2)
    TEST_FP_S(2, 0, NEG_ONE, ONE, TWO, 0, fsub.s f4, f1, f2)
    TEST_FP_S(3, 0, 0x40c00000, THREE, TWO, 0, fmul.s f4, f1, f2)
    TEST_FP_S(4, FFLAG_NX, 0x3eaaaaab, ONE, THREE, 0, fdiv.s f4, f1, f2)
    TEST_FP_S(5, FFLAG_NX, 0x3fb504f3, TWO, 0, 0, fsqrt.s f4, f1)
    TEST_FP_S(6, 0, TWO, 0x40800000, 0, 0, fsqrt.s f4, f1)
    TEST_FP_S(7, FFLAG_NV, QNAN, NEG_ONE, 0, 0, fsqrt.s f4, f1)
    TEST_FP_S(8, 0, NZERO, NZERO, 0, 0, fsqrt.s f4, f1)
    TEST_FP_S(9, FFLAG_DZ, INF, ONE, 0, 0, fdiv.s f4, f1, f2)
    TEST_FP_S(10, FFLAG_DZ, NINF, NEG_ONE, 0, 0, fdiv.s f4, f1, f2)
    TEST_FP_S(11, FFLAG_NV, QNAN, 0, 0, 0, fdiv.s f4, f1, f2)
    TEST_FP_S(12, FFLAG_OF | FFLAG_NX, INF, MAX, TWO, 0, fmul.s f4, f1, f2)
    TEST_FP_S(13, FFLAG_OF | FFLAG_NX, MAX, MAX, TWO, 0, fmul.s f4, f1, f2, rtz)
    TEST_FP_S(14, FFLAG_UF | FFLAG_NX, 0, MINSUB, HALF, 0, fmul.s f4, f1, f2)
    TEST_FP_S(15, FFLAG_UF | FFLAG_NX, MINSUB, MINSUB, HALF, 0, fmul.s f4, f1, f2, rup)
    TEST_FP_S(16, FFLAG_NV, QNAN, INF, NINF, 0, fadd.s f4, f1, f2)
    TEST_FP_S(17, 0, INF, INF, INF, 0, fadd.s f4, f1, f2)
    /* a NaN operand gives the canonical NaN; a signalling one raises invalid */
    TEST_FP_S(18, 0, QNAN, 0x7fc12345, ONE, 0, fadd.s f4, f1, f2)
    TEST_FP_S(19, FFLAG_NV, QNAN, SNAN, ONE, 0, fmul.s f4, f1, f2)
    /* x - x = +0, but -0 when rounding down */
    TEST_FP_S(20, 0, 0, THREE, THREE, 0, fsub.s f4, f1, f2)
    TEST_FP_S(21, 0, NZERO, THREE, THREE, 0, fsub.s f4, f1, f2, rdn)
    /* rounding of 1 + 2^-24 (a tie) and 1 + 3 * 2^-25 in each mode */
    TEST_FP_S(22, FFLAG_NX, ONE, ONE, 0x33800000, 0, fadd.s f4, f1, f2, rne)
    TEST_FP_S(23, FFLAG_NX, 0x3f800001, ONE, 0x33800000, 0, fadd.s f4, f1, f2, rmm)
    TEST_FP_S(24, FFLAG_NX, 0x3f800001, ONE, 0x33800000, 0, fadd.s f4, f1, f2, rup)
    TEST_FP_S(25, FFLAG_NX, ONE, ONE, 0x33800000, 0, fadd.s f4, f1, f2, rdn)
    TEST_FP_S(26, FFLAG_NX, 0xbf800000, NEG_ONE, 0xb3800000, 0, fadd.s f4, f1, f2, rtz)
    TEST_FP_S(27, FFLAG_NX, 0xbf800001, NEG_ONE, 0xb3800000, 0, fadd.s f4, f1, f2, rdn)

    /* fused: (1 + 2^-23)^2 - (1 + 2^-22) = 2^-46 exactly (0 if rounded twice) */
    TEST_FP_S(28, 0, 0x28800000, 0x3f800001, 0x3f800001, 0xbf800002, fmadd.s f4, f1, f2, f3)
    TEST_FP_S(29, 0, 0x40e00000, TWO, THREE, ONE, fmadd.s f4, f1, f2, f3)
    TEST_FP_S(30, 0, 0x40a00000, TWO, THREE, ONE, fmsub.s f4, f1, f2, f3)
    TEST_FP_S(31, 0, 0xc0a00000, TWO, THREE, ONE, fnmsub.s f4, f1, f2, f3)
    TEST_FP_S(32, 0, 0xc0e00000, TWO, THREE, ONE, fnmadd.s f4, f1, f2, f3)
    /* inf * 0 + qNaN is invalid on RISC-V */
    TEST_FP_S(33, FFLAG_NV, QNAN, INF, 0, QNAN, fmadd.s f4, f1, f2, f3)
    TEST_FP_S(34, FFLAG_NV, QNAN, INF, 0, ONE, fmadd.s f4, f1, f2, f3)

    /* sign injection */
    TEST_FP_S(35, 0, NEG_ONE, ONE, NEG_ONE, 0, fsgnj.s f4, f1, f2)
    TEST_FP_S(36, 0, ONE, NEG_ONE, NEG_ONE, 0, fsgnjn.s f4, f1, f2)
    TEST_FP_S(37, 0, ONE, NEG_ONE, NEG_ONE, 0, fsgnjx.s f4, f1, f2)
    TEST_FP_S(38, 0, 0x7f800001, 0xff800001, 0, 0, fabs.s f4, f1)
    TEST_FP_S(39, 0, 0xffc00000, QNAN, 0, 0, fneg.s f4, f1)

    /* min/max: one NaN is ignored (signalling ones raise invalid), -0 < +0 */
    TEST_FP_S(40, 0, ONE, QNAN, ONE, 0, fmin.s f4, f1, f2)
    TEST_FP_S(41, FFLAG_NV, ONE, SNAN, ONE, 0, fmin.s f4, f1, f2)
    TEST_FP_S(42, FFLAG_NV, ONE, ONE, SNAN, 0, fmax.s f4, f1, f2)
    TEST_FP_S(43, 0, QNAN, 0x7fc00042, 0xffc00001, 0, fmax.s f4, f1, f2)
    TEST_FP_S(44, 0, NZERO, 0, NZERO, 0, fmin.s f4, f1, f2)
    TEST_FP_S(45, 0, 0, NZERO, 0, 0, fmax.s f4, f1, f2)
    TEST_FP_S(46, 0, NEG_ONE, NEG_ONE, THREE, 0, fmin.s f4, f1, f2)

    /* fclass */
    TEST_FP_INT_S(47, 0, 1 << 0, NINF, 0, fclass.s a0, f1)
    TEST_FP_INT_S(48, 0, 1 << 1, NEG_ONE, 0, fclass.s a0, f1)
    TEST_FP_INT_S(49, 0, 1 << 2, 0x807fffff, 0, fclass.s a0, f1)
    TEST_FP_INT_S(50, 0, 1 << 3, NZERO, 0, fclass.s a0, f1)
    TEST_FP_INT_S(51, 0, 1 << 4, 0, 0, fclass.s a0, f1)
    TEST_FP_INT_S(52, 0, 1 << 5, MINSUB, 0, fclass.s a0, f1)
    TEST_FP_INT_S(53, 0, 1 << 6, ONE, 0, fclass.s a0, f1)
    TEST_FP_INT_S(54, 0, 1 << 7, INF, 0, fclass.s a0, f1)
    TEST_FP_INT_S(55, 0, 1 << 8, SNAN, 0, fclass.s a0, f1)
    TEST_FP_INT_S(56, 0, 1 << 9, QNAN, 0, fclass.s a0, f1)

    /* compares: FEQ is quiet, FLT/FLE signal on any NaN */
    TEST_FP_INT_S(57, 0, 1, ONE, TWO, flt.s a0, f1, f2)
    TEST_FP_INT_S(58, 0, 0, TWO, ONE, flt.s a0, f1, f2)
    TEST_FP_INT_S(59, 0, 1, TWO, TWO, fle.s a0, f1, f2)
    TEST_FP_INT_S(60, 0, 1, NZERO, 0, feq.s a0, f1, f2)
    TEST_FP_INT_S(61, 0, 0, QNAN, QNAN, feq.s a0, f1, f2)
    TEST_FP_INT_S(62, FFLAG_NV, 0, SNAN, ONE, feq.s a0, f1, f2)
    TEST_FP_INT_S(63, FFLAG_NV, 0, QNAN, ONE, flt.s a0, f1, f2)
    TEST_FP_INT_S(64, FFLAG_NV, 0, ONE, QNAN, fle.s a0, f1, f2)

    /* float to integer: every rounding mode, saturation, NaN */
    TEST_FP_INT_S(65, FFLAG_NX, 2, TWO_HALF, 0, fcvt.w.s a0, f1, rne)
    TEST_FP_INT_S(66, FFLAG_NX, 2, TWO_HALF, 0, fcvt.w.s a0, f1, rtz)
    TEST_FP_INT_S(67, FFLAG_NX, 2, TWO_HALF, 0, fcvt.w.s a0, f1, rdn)
    TEST_FP_INT_S(68, FFLAG_NX, 3, TWO_HALF, 0, fcvt.w.s a0, f1, rup)
    TEST_FP_INT_S(69, FFLAG_NX, 3, TWO_HALF, 0, fcvt.w.s a0, f1, rmm)
    TEST_FP_INT_S(70, FFLAG_NX, -2, NEG_TWO_HALF, 0, fcvt.w.s a0, f1, rne)
    TEST_FP_INT_S(71, FFLAG_NX, -2, NEG_TWO_HALF, 0, fcvt.w.s a0, f1, rtz)
    TEST_FP_INT_S(72, FFLAG_NX, -3, NEG_TWO_HALF, 0, fcvt.w.s a0, f1, rdn)
    TEST_FP_INT_S(73, FFLAG_NX, -2, NEG_TWO_HALF, 0, fcvt.w.s a0, f1, rup)
    TEST_FP_INT_S(74, FFLAG_NX, -3, NEG_TWO_HALF, 0, fcvt.w.s a0, f1, rmm)
    TEST_FP_INT_S(75, FFLAG_NV, 0x7fffffff, 0x4f32d05e, 0, fcvt.w.s a0, f1, rtz)
    TEST_FP_INT_S(76, FFLAG_NV, 0xffffffff80000000, NINF, 0, fcvt.w.s a0, f1, rtz)
    TEST_FP_INT_S(77, FFLAG_NV, 0x7fffffff, QNAN, 0, fcvt.w.s a0, f1, rtz)
    TEST_FP_INT_S(78, FFLAG_NV, 0, NEG_ONE, 0, fcvt.wu.s a0, f1, rtz)
    TEST_FP_INT_S(79, FFLAG_NX, 0, 0xbf000000, 0, fcvt.wu.s a0, f1, rtz)
    /* a 32-bit unsigned result is sign-extended into rd */
    TEST_FP_INT_S(80, 0, 0xffffffffee6b2800, 0x4f6e6b28, 0, fcvt.wu.s a0, f1, rtz)
    TEST_FP_INT_S(81, FFLAG_NV, 0xffffffffffffffff, INF, 0, fcvt.wu.s a0, f1, rtz)
    TEST_FP_INT_S(82, 0, 10000000000, 0x501502f9, 0, fcvt.l.s a0, f1, rtz)
    TEST_FP_INT_S(83, FFLAG_NV, 0x7fffffffffffffff, QNAN, 0, fcvt.l.s a0, f1, rtz)
    TEST_FP_INT_S(84, FFLAG_NV, 0x8000000000000000, 0xdf000001, 0, fcvt.l.s a0, f1, rtz)
    TEST_FP_INT_S(85, FFLAG_NV, 0, NINF, 0, fcvt.lu.s a0, f1, rtz)
    TEST_FP_INT_S(86, FFLAG_NV, 0xffffffffffffffff, 0x5f800000, 0, fcvt.lu.s a0, f1, rtz)
    TEST_FP_INT_S(87, 0, 0x8000000000000000, 0x5f000000, 0, fcvt.lu.s a0, f1, rtz)

    /* integer to float */
    TEST_FP_S(88, 0, NEG_ONE, -1, 0, 0, fcvt.s.w f4, a1)
    TEST_FP_S(89, FFLAG_NX, 0x4f800000, -1, 0, 0, fcvt.s.wu f4, a1)
    TEST_FP_S(90, FFLAG_NX, 0x4f7fffff, -1, 0, 0, fcvt.s.wu f4, a1, rtz)
    TEST_FP_S(91, 0, 0xdf000000, 0x8000000000000000, 0, 0, fcvt.s.l f4, a1)
    TEST_FP_S(92, FFLAG_NX, 0x5f800000, -1, 0, 0, fcvt.s.lu f4, a1)
    TEST_FP_S(93, 0, 0x41200000, 0xffffffff0000000a, 0, 0, fcvt.s.w f4, a1)

    /* NaN boxing: loads and moves box; an unboxed value reads as the canonical NaN */
    la s0, fdata
    TEST_FREG64(94, 0xffffffff3f800000, flw f4, 0(s0))
    TEST_FREG64(95, 0xffffffff40400000, li a1, THREE; fmv.w.x f4, a1)
    TEST_FREG64(96, 0xffffffff7fc00000, li a1, ONE; fmv.d.x f1, a1; fadd.s f4, f1, f1)
    TEST_FREG64(97, 0xffffffff7fc00000, li a1, 0xfffffffe3f800000; fmv.d.x f1, a1; fsgnj.s f4, f1, f1)
    TEST_FREG64(98, 0xffffffff40000000, li a1, TWO; fmv.w.x f1, a1; fsgnj.s f4, f1, f1)
    TEST_FREG64(99, 0xffffffff40000000, fmv.s f4, f1)
    /* FMV.X.W and FSW move the low 32 bits as they are */
    TEST_CASE(100, a0, 0x3f800000, li a1, 0x123456783f800000; fmv.d.x f1, a1; fmv.x.w a0, f1)
    TEST_CASE(101, a0, 0xffffffff80000000, li a1, NZERO; fmv.w.x f1, a1; fmv.x.w a0, f1)
    TEST_CASE(102, a0, 0x3f800000, li a1, 0x123456783f800000; fmv.d.x f1, a1; fsw f1, 8(s0); lwu a0, 8(s0))
    TEST_CASE(103, a0, 0x7f800001, li a1, SNAN; sw a1, 12(s0); flw f1, 12(s0); fsw f1, 8(s0); lwu a0, 8(s0))

    /* dynamic rounding from frm */
    TEST_FP_INT_S(104, FFLAG_NX, 3, TWO_HALF, 0, fsrmi 3; fcvt.w.s a0, f1, dyn)
    TEST_FP_S(105, FFLAG_NX, 0x3f800001, ONE, 0x33800000, 0, fadd.s f4, f1, f2)
    TEST_FP_INT_S(106, FFLAG_NX, -3, NEG_TWO_HALF, 0, fsrmi 2; fcvt.w.s a0, f1)
    TEST_FP_INT_S(107, FFLAG_NX, -2, NEG_TWO_HALF, 0, fsrmi 1; fcvt.w.s a0, f1)
    TEST_FP_INT_S(108, FFLAG_NX, -3, NEG_TWO_HALF, 0, fsrmi 4; fcvt.w.s a0, f1)
    TEST_FP_INT_S(109, FFLAG_NX, -2, NEG_TWO_HALF, 0, fsrmi 0; fcvt.w.s a0, f1)
    /* a reserved frm makes a dynamic-rounding instruction illegal; static rm still works */
    fsrmi 5
    TEST_TRAP(110, CAUSE_ILLEGAL, fadd.s f4, f1, f2, dyn)
    TEST_FP_S(111, 0, THREE, ONE, TWO, 0, fadd.s f4, f1, f2, rne)
    fsrmi 0

    /* fflags accumulate; fcsr = frm << 5 | fflags */
    li gp, 112
    FP_LOAD_S(ONE, 0, THREE)
    csrwi fflags, 0
    fdiv.s f4, f1, f2
    fdiv.s f4, f1, f3
    FP_FLAGS_CHECK(FFLAG_DZ | FFLAG_NX)
    TEST_CASE(113, a0, 0x69, fsrmi 3; frcsr a0)
    TEST_CASE(114, a0, 3, frrm a0)
    TEST_CASE(115, a0, 0x69, li a1, 0x1f; fscsr a0, a1)
    TEST_CASE(116, a0, 0x1f, frcsr a0)
    TEST_CASE(117, a0, 0x1f, csrrci a0, fflags, 0x10)
    TEST_CASE(118, a0, 0xf, frflags a0)
    TEST_CASE(119, a0, 0, li a1, 0xffff; csrw fcsr, a1; csrr a0, fcsr; li a1, 0xff; xor a0, a0, a1)
    fscsr zero
    j pass

    .data
    .align 4
fdata:
    .word ONE, 0, 0, 0
