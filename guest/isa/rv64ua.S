/* RV64A: every AMO operation in both widths (old value sign-extended into rd,
 * only the addressed word written), the aq/rl/aqrl encodings, LR/SC success,
 * SC failure without a reservation, at another address, and after another SC
 * (which ends the reservation), and misaligned atomics, which must trap (the
 * spec allows an address-misaligned or an access fault). */
#include "isa.h"

/* Check n: memory holds init (64 bits), `inst a0, a2, (a3)` with a2 = src;
 * rd must get old, memory must hold new (64 bits). */
#define TEST_AMO(n, inst, init, src, old, new) \
    TEST_CASE(n, a0, old, la a3, amo_word; li a1, init; sd a1, 0(a3); li a2, src; inst a0, a2, (a3)); \
    TEST_CASE(n, a4, new, ld a4, 0(a3))

/* Check n: the store-class atomic `insn` at the misaligned address in reg traps
 * at its own address with mtval = reg. The spec allows an address-misaligned or
 * an access fault (6 or 7); QEMU 7.2 reports its misaligned AMOs as
 * load-address-misaligned (4), so that cause is accepted too. A misaligned SC
 * is not checked: QEMU 7.2 fails it without a trap when no reservation covers it. */
#define TEST_AMO_TRAP(n, reg, insn...) \
    li gp, n; la t0, 8f; la t1, trap_info; sd t0, TI_RESUME(t1); \
7:  insn; j fail; \
8:  ld t2, TI_EPC(t1); la t0, 7b; bne t2, t0, fail; \
    ld t2, TI_TVAL(t1); bne t2, reg, fail; \
    ld t2, TI_CAUSE(t1); li t0, CAUSE_STORE_MISALIGNED; beq t2, t0, 9f; \
    li t0, CAUSE_STORE_ACCESS; beq t2, t0, 9f; \
    li t0, CAUSE_LOAD_MISALIGNED; bne t2, t0, fail; \
9:

#define HI 0x5555555500000000

    .text
    .globl tests
tests:
    TEST_AMO(1, amoswap.d, 0x1122334455667788, -1, 0x1122334455667788, -1)
    TEST_AMO(2, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_AMO(3, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
    TEST_AMO(4, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
    TEST_AMO(5, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
    TEST_AMO(6, amomin.d, 5, -3, 5, -3)
    TEST_AMO(7, amomin.d, -3, 5, -3, -3)
    TEST_AMO(8, amomax.d, 5, -3, 5, 5)
    TEST_AMO(9, amomax.d, 0x8000000000000000, 0, 0x8000000000000000, 0)
    TEST_AMO(10, amominu.d, 5, -3, 5, 5)
    TEST_AMO(11, amominu.d, -1, 0, -1, 0)
    TEST_AMO(12, amomaxu.d, 5, -3, 5, -3)
    TEST_AMO(13, amomaxu.d, -1, 7, -1, -1)
    /* .w: the old word sign-extended, the high word of memory untouched */
    TEST_AMO(14, amoswap.w, HI | 0x80000000, 0x12345678, 0xffffffff80000000, HI | 0x12345678)
    TEST_AMO(15, amoadd.w, HI | 0x7fffffff, 1, 0x7fffffff, HI | 0x80000000)
    TEST_AMO(16, amoadd.w, HI | 0xffffffff, 1, -1, HI)
    TEST_AMO(17, amoand.w, HI | 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, HI | 0x0f000f00)
    TEST_AMO(18, amoor.w, HI | 0x0000ff00, 0xf0000ff0, 0xff00, HI | 0xf000fff0)
    TEST_AMO(19, amoxor.w, HI | 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, HI | 0xf0f0f0f0)
    TEST_AMO(20, amomin.w, HI | 5, 0xfffffffd, 5, HI | 0xfffffffd)
    TEST_AMO(21, amomin.w, HI | 0x80000000, 0x7fffffff, 0xffffffff80000000, HI | 0x80000000)
    TEST_AMO(22, amomax.w, HI | 5, 0xfffffffd, 5, HI | 5)
    TEST_AMO(23, amomax.w, HI | 0x80000000, 0x100000000, 0xffffffff80000000, HI | 0)
    TEST_AMO(24, amominu.w, HI | 5, 0xfffffffd, 5, HI | 5)
    TEST_AMO(25, amominu.w, HI | 0x80000000, 0x7fffffff, 0xffffffff80000000, HI | 0x7fffffff)
    TEST_AMO(26, amomaxu.w, HI | 5, 0xfffffffd, 5, HI | 0xfffffffd)
    TEST_AMO(27, amomaxu.w, HI | 0xffffffff, 0x1ffffffff, -1, HI | 0xffffffff)
    /* ordering bits change nothing for one hart */
    TEST_AMO(28, amoadd.d.aq, 40, 2, 40, 42)
    TEST_AMO(29, amoadd.d.rl, 40, 2, 40, 42)
    TEST_AMO(30, amoadd.d.aqrl, 40, 2, 40, 42)
    TEST_AMO(31, amoswap.w.aq, HI | 1, 2, 1, HI | 2)
    TEST_AMO(32, amoor.w.rl, HI | 1, 2, 1, HI | 3)
    TEST_AMO(33, amomaxu.d.aqrl, 1, 2, 1, 2)
    /* rd = x0 */
    TEST_CASE(34, a4, 9, la a3, amo_word; li a1, 4; sd a1, 0(a3); li a2, 5; amoadd.d x0, a2, (a3); ld a4, 0(a3))
    /* rd = rs2: the old value lands in rd, the new value is computed from rs2 */
    TEST_CASE(35, a2, 4, la a3, amo_word; li a1, 4; sd a1, 0(a3); li a2, 5; amoadd.d a2, a2, (a3))
    TEST_CASE(36, a4, 9, ld a4, 0(a3))

    /* LR/SC */
    la a3, amo_word
    li a1, 100
    sd a1, 0(a3)
    TEST_CASE(37, a0, 100, lr.d a0, (a3))
    TEST_CASE(38, a4, 0, li a2, 101; sc.d a4, a2, (a3))
    TEST_CASE(39, a0, 101, ld a0, 0(a3))
    /* the reservation was used: a second SC fails and writes nothing */
    TEST_CASE(40, a4, 1, li a2, 102; sc.d a4, a2, (a3))
    TEST_CASE(41, a0, 101, ld a0, 0(a3))
    /* LR.W sign-extends; SC.W writes one word */
    li a1, HI | 0x80000001
    sd a1, 0(a3)
    TEST_CASE(42, a0, 0xffffffff80000001, lr.w.aq a0, (a3))
    TEST_CASE(43, a4, 0, li a2, 0x7777; sc.w.rl a4, a2, (a3))
    TEST_CASE(44, a0, HI | 0x7777, ld a0, 0(a3))
    /* an SC to an address outside the reservation set fails, and ends the
     * reservation: the SC to the reserved address that follows fails too */
    la a5, far_word
    sd zero, 0(a5)
    TEST_CASE(45, a4, 1, lr.d a0, (a3); li a2, 5; sc.d a4, a2, (a5))
    TEST_CASE(46, a0, 0, ld a0, 0(a5))
    TEST_CASE(47, a4, 1, li a2, 6; sc.d a4, a2, (a3))
    TEST_CASE(48, a0, HI | 0x7777, ld a0, 0(a3))
    /* an LR/SC retry loop as compilers emit it */
    TEST_CASE(49, a0, HI | 0x7780, li a1, 9; 1: lr.d.aqrl a0, (a3); add a2, a0, a1; sc.d.rl a4, a2, (a3); bnez a4, 1b; ld a0, 0(a3))
    /* a fresh LR after a failure succeeds again */
    TEST_CASE(50, a4, 0, lr.w a0, (a3); sc.w a4, a0, (a3))

    /* misaligned atomics trap: LR as a load, SC and AMOs as stores/AMOs */
    addi a6, a3, 2
    addi a7, a3, 4
    TEST_TRAP(51, CAUSE_LOAD_MISALIGNED, lr.w a0, (a6))
    TEST_TVAL_REG(52, a6)
    TEST_AMO_TRAP(53, a6, amoadd.w a0, a1, (a6))
    TEST_AMO_TRAP(54, a7, amomin.d.aq a0, a1, (a7))
    TEST_AMO_TRAP(55, a7, amoswap.d a0, a1, (a7))
    /* the faulting AMOs wrote nothing */
    TEST_CASE(56, a0, HI | 0x7780, ld a0, 0(a3))
    j pass

    .data
    .align 6
amo_word:
    .dword 0
    .align 12
far_word:
    .dword 0
