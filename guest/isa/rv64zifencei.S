/* Zifencei: code that rewrites itself. An instruction is executed (so that it
 * sits in every fetch buffer and decode cache), overwritten by a store, and
 * after FENCE.I the new instruction executes. Also rewritten: a compressed
 * instruction, and a whole function copied to a buffer and called there. */
#include "isa.h"

    .text
    .globl tests
tests:
    .option push
    .option norvc
    /* `addi a0, zero, 1` in patch_site becomes `addi a0, zero, 42` */
    TEST_CASE(1, a0, 1, call patch_site)
    TEST_CASE(2, a0, 42, la a1, patch_site; li a2, 0x02a00513; sw a2, 0(a1); fence.i; call patch_site)
    /* and back, through a doubleword store that also covers the ret */
    TEST_CASE(3, a0, 7, la a1, patch_site; ld a2, 0(a1); li a3, 0xffffffff000fffff; and a2, a2, a3; li a3, 0x00700000; or a2, a2, a3; sd a2, 0(a1); fence.i; call patch_site)
    /* a loop whose body is patched between two runs */
    TEST_CASE(4, a0, 10, li a0, 0; li a4, 10; call patch_loop)
    TEST_CASE(5, a0, 30, la a1, patch_loop_add; li a2, 0x00350513; sw a2, 0(a1); fence.i; li a0, 0; li a4, 10; call patch_loop)
    .option pop
    /* a compressed instruction rewritten by a halfword store: c.li a0, 3 -> c.li a0, 9 */
    TEST_CASE(6, a0, 3, call patch_c)
    TEST_CASE(7, a0, 9, la a1, patch_c; li a2, 0x4525; sh a2, 0(a1); fence.i; call patch_c)
    /* a function copied into a data buffer and called there */
    li gp, 8
    la a1, copy_src
    la a2, code_buf
    la a3, copy_end
    sub a3, a3, a1
    srli a3, a3, 1
1:  lh a4, 0(a1)
    sh a4, 0(a2)
    addi a1, a1, 2
    addi a2, a2, 2
    addi a3, a3, -1
    bnez a3, 1b
    fence.i
    li a0, 5
    la a1, code_buf
    jalr a1
    li t6, 5 * 3 + 1
    bne a0, t6, fail
    j pass

    .option push
    .option norvc
    .align 3
patch_site:
    addi a0, zero, 1
    ret
patch_loop:
patch_loop_add:
    addi a0, a0, 1
    addi a4, a4, -1
    bnez a4, patch_loop
    ret
    .option pop
patch_c:
    c.li a0, 3
    ret
copy_src:
    slli a1, a0, 1
    add a0, a0, a1
    addi a0, a0, 1
    ret
copy_end:

    .data
    .align 3
code_buf:
    .zero 64
