/* Machine mode with mstatus.FS = Off: every instruction that reads or writes
 * the floating-point state (arithmetic, moves, loads, stores, the FP CSRs) is
 * an illegal instruction (privileged spec 3.1.6.6), and none of them changes
 * that state; turning FS back on makes them work again. */
#include "isa.h"

    .text
    .globl tests
tests:
    li a1, 0x3ff0000000000000
    fmv.d.x f1, a1
    la s0, fpdata
    li a1, MSTATUS_FS
    csrc mstatus, a1
    TEST_CASE(1, a0, 0, csrr a0, mstatus; li a1, MSTATUS_FS; and a0, a0, a1)
    TEST_TRAP(2, CAUSE_ILLEGAL, fadd.d f1, f1, f1)
    TEST_TRAP(3, CAUSE_ILLEGAL, fmv.x.d a0, f1)
    TEST_TRAP(4, CAUSE_ILLEGAL, fmv.w.x f1, zero)
    TEST_TRAP(5, CAUSE_ILLEGAL, fld f1, 0(s0))
    TEST_TRAP(6, CAUSE_ILLEGAL, fsd f1, 0(s0))
    TEST_TRAP(7, CAUSE_ILLEGAL, c.fld f9, 0(s0))
    TEST_TRAP(8, CAUSE_ILLEGAL, csrr a0, fcsr)
    TEST_TRAP(9, CAUSE_ILLEGAL, csrwi fflags, 1)
    TEST_TRAP(10, CAUSE_ILLEGAL, fsrmi 1)
    TEST_TRAP(11, CAUSE_ILLEGAL, fcvt.d.l f1, zero)
    /* nothing was written: f1 still holds 1.0 and memory is untouched */
    li a1, MSTATUS_FS_INITIAL
    csrs mstatus, a1
    TEST_CASE(12, a0, 0x3ff0000000000000, fmv.x.d a0, f1)
    TEST_CASE(13, a0, 0x1234, ld a0, 0(s0))
    TEST_CASE(14, a0, 0, frcsr a0)
    j pass

    .data
    .align 3
fpdata:
    .dword 0x1234
