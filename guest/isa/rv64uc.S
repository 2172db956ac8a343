/* RV64C: every compressed instruction of RV64 (integer and double-precision),
 * written with explicit c. mnemonics so that the 16-bit encodings are what
 * executes, checked by their results: immediates at their edges (sign-extended
 * 6-bit, scaled stack offsets), the W forms, the links of C.JAL-less RV64
 * (C.JALR links pc + 2), and branches both ways. */
#include "isa.h"

    .text
    .globl tests
tests:
    .option push
    .option rvc
    la sp, cdata_end
    TEST_CASE(1, a0, 0xffffffffffffffe0, c.li a0, -32)
    TEST_CASE(2, a0, 31, c.li a0, 31)
    TEST_CASE(3, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
    TEST_CASE(4, a0, 0x1f000, c.lui a0, 0x1f)
    TEST_CASE(5, a0, 0, c.li a0, 32 - 32; c.addi a0, -1; c.addi a0, 1)
    TEST_CASE(6, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
    TEST_CASE(7, a0, 0x12345678, li a0, 0xffffffff12345678; c.addiw a0, 0)
    TEST_CASE(8, a0, 0, la a1, cdata_end; c.addi16sp sp, -512; sub a0, a1, sp; addi a0, a0, -512; c.addi16sp sp, 496; c.addi16sp sp, 16)
    TEST_CASE(9, a0, 1020, c.addi4spn a0, sp, 1020; sub a0, a0, sp)
    TEST_CASE(10, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
    TEST_CASE(11, a0, 1, li a0, 0x8000000000000000; c.srli a0, 63)
    TEST_CASE(12, a0, 0xffffffffffffffff, li a0, 0x8000000000000000; c.srai a0, 63)
    TEST_CASE(13, a0, 0xfffffffffff00000, li a0, 0xff00000000000000; c.srai a0, 36)
    TEST_CASE(14, a0, 0x10, li a0, 0xfff0; c.andi a0, 0x10)
    TEST_CASE(15, a0, 0xffe0, li a0, 0xfff0; c.andi a0, -32)
    TEST_CASE(16, a0, 0x1234, li a1, 0x1234; c.mv a0, a1)
    TEST_CASE(17, a0, 0x1239, li a1, 0x1234; li a0, 5; c.add a0, a1)
    TEST_CASE(18, a0, 0x1230, li a1, 0x1234; li a0, 0xfff0; c.and a0, a1)
    TEST_CASE(19, a0, 0xfff4, li a1, 0x1234; li a0, 0xfff0; c.or a0, a1)
    TEST_CASE(20, a0, 0xedc4, li a1, 0x1234; li a0, 0xfff0; c.xor a0, a1)
    TEST_CASE(21, a0, 0xffffffffffffffff, li a1, 1; li a0, 0; c.sub a0, a1)
    TEST_CASE(22, a0, 0xffffffff80000000, li a1, 1; li a0, 0x7fffffff; c.addw a0, a1)
    TEST_CASE(23, a0, 0x7fffffff, li a1, 1; li a0, 0xffffffff80000000; c.subw a0, a1)
    TEST_CASE(24, a0, 0, c.nop; li a0, 0)

    /* loads and stores, register-based and stack-based, largest offsets */
    la s0, cdata
    TEST_CASE(25, a0, 0xffffffff87654321, li a1, 0x87654321; c.sw a1, 124(s0); c.lw a0, 124(s0))
    TEST_CASE(26, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; c.sd a1, 248(s0); c.ld a0, 248(s0))
    TEST_CASE(27, a0, 0xffffffffcafef00d, li a1, 0xcafef00d; c.swsp a1, 252(sp); c.lwsp a0, 252(sp))
    TEST_CASE(28, a0, 0xfedcba9876543210, li a1, 0xfedcba9876543210; c.sdsp a1, 504(sp); c.ldsp a0, 504(sp))
    TEST_CASE(29, a0, 0x400921fb54442d18, li a1, 0x400921fb54442d18; fmv.d.x fa1, a1; c.fsd fa1, 240(s0); c.fld fa0, 240(s0); fmv.x.d a0, fa0)
    TEST_CASE(30, a0, 0x4005bf0a8b145769, li a1, 0x4005bf0a8b145769; fmv.d.x fa1, a1; c.fsdsp fa1, 496(sp); c.fldsp fa2, 496(sp); fmv.x.d a0, fa2)
    /* a stack load of a word sign-extends; a value stored by c.sd reads back by ld */
    TEST_CASE(31, a0, 0xfedcba9876543210, addi a2, sp, 504; ld a0, 0(a2))

    /* control flow */
    TEST_CASE(32, a0, 1, li a0, 0; c.j 1f; c.li a0, 2; 1: c.addi a0, 1)
    TEST_CASE(33, a0, 5, li a0, 0; la a1, 1f; c.jr a1; c.li a0, 2; 1: c.addi a0, 5)
    TEST_CASE(34, a0, 0, la a1, 1f; c.jalr a1; 2: j fail; 1: la a2, 2b; sub a0, ra, a2)
    TEST_CASE(35, a0, 3, li a0, 0; li a1, 0; c.beqz a1, 1f; c.li a0, 9; 1: c.addi a0, 3)
    TEST_CASE(36, a0, 12, li a0, 0; li a1, 1; c.beqz a1, 1f; c.li a0, 9; 1: c.addi a0, 3)
    TEST_CASE(37, a0, 3, li a0, 0; li a1, 7; c.bnez a1, 1f; c.li a0, 9; 1: c.addi a0, 3)
    TEST_CASE(38, a0, 10, li a0, 0; li a1, 5; 1: c.addi a0, 2; c.addi a1, -1; c.bnez a1, 1b)
    /* a backward c.j and a 4-byte instruction right after 2-byte ones (misaligned to 4) */
    TEST_CASE(39, a0, 0x7ff, c.nop; li a0, 0; j 2f; 1: addi a0, a0, 0x7ff; c.j 3f; 2: c.j 1b; 3: c.nop)
    .option pop
    j pass

    .data
    .align 4
cdata:
    .zero 512
cdata_end:
    .zero 512
