/* RV64I: register and immediate ALU operations with edge values, the W forms,
 * LUI/AUIPC, every branch both ways, JAL/JALR (link value, the low bit of a
 * JALR target cleared), loads and stores of every width with sign and zero
 * extension, and misaligned loads and stores (the board and QEMU both perform
 * them in hardware in M-mode, which the spec allows). */
#include "isa.h"

    .text
    .globl tests
tests:
    /* add/sub with carries out of 32 and 64 bits */
    TEST_RR(1, add, 0x00000000, 0x00000000, 0x00000000)
    TEST_RR(2, add, 0x0000000a, 0x00000003, 0x00000007)
    TEST_RR(3, add, 0xffffffff80000000, 0x0000000000000000, 0xffffffff80000000)
    TEST_RR(4, add, 0x0000000080000000, 0x000000007fffffff, 0x0000000000000001)
    TEST_RR(5, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_RR(6, add, 0, -1, 1)
    TEST_RR(7, sub, 0xffffffffffffffff, 0, 1)
    TEST_RR(8, sub, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR(9, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
    TEST_RI(10, addi, 0xfffffffffffff800, 0, -2048)
    TEST_RI(11, addi, 0x7ff, 0, 2047)
    TEST_RI(12, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_RR_SRC1_EQ_DEST(13, add, 24, 13, 11)
    TEST_RR_ZERODEST(14, add, 1, 2)
    /* W forms: the 32-bit result is sign-extended */
    TEST_RR(15, addw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_RR(16, addw, 0, 0xffffffff, 1)
    TEST_RR(17, addw, 0x12345678, 0xabcdef0012345677, 1)
    TEST_RR(18, subw, 0x7fffffff, 0x80000000, 1)
    TEST_RR(19, subw, 0xffffffffffffffff, 0x100000000, 1)
    TEST_RI(20, addiw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_RI(21, addiw, 0x7ff, 0xffffffff00000000, 2047)
    TEST_RI(22, addiw, 0xfffffffffffff800, 0, -2048)
    /* logic */
    TEST_RR(23, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
    TEST_RR(24, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f)
    TEST_RR(25, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
    TEST_RI(26, andi, 0xff00ff00, 0xff00ff00, -1)
    TEST_RI(27, andi, 0x000000f0, 0xff00fff0, 0x0f0)
    TEST_RI(28, ori, 0xffffffffffffff0f, 0x0f, -256)
    TEST_RI(29, xori, 0xffffffffffffff00, 0xff, -1)
    TEST_RI(30, xori, 0x8ff, 0xf00, 0x7ff)
    /* compares, signed and unsigned */
    TEST_RR(31, slt, 1, -1, 0)
    TEST_RR(32, slt, 0, 0, -1)
    TEST_RR(33, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR(34, sltu, 0, -1, 0)
    TEST_RR(35, sltu, 1, 0, -1)
    TEST_RR(36, sltu, 0, 5, 5)
    TEST_RI(37, slti, 1, -2, -1)
    TEST_RI(38, slti, 0, 0x7ff, 0x7ff)
    TEST_RI(39, sltiu, 1, 0, -1)
    TEST_RI(40, sltiu, 0, -1, -1)
    TEST_RI(41, sltiu, 1, 0xfffffffffffff7ff, -2048)
    /* shifts use 6 bits of the amount (5 for W forms) */
    TEST_RR(42, sll, 0x8000000000000000, 1, 63)
    TEST_RR(43, sll, 2, 1, 65)
    TEST_RR(44, srl, 1, 0x8000000000000000, 63)
    TEST_RR(45, srl, 0x4000000000000000, 0x8000000000000000, 0xffffffffffffffc1)
    TEST_RR(46, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
    TEST_RR(47, sra, 0xc000000000000000, 0x8000000000000000, 1)
    TEST_RI(48, slli, 0xffffffff80000000, 0xffffffffffffffff, 31)
    TEST_RI(49, srli, 0x1ffffffff, 0xffffffffffffffff, 31)
    TEST_RI(50, srai, 0xffffffffffffffff, 0x8000000000000000, 63)
    TEST_RI(51, srai, 0x7ffffff, 0x7fffffffffffffff, 36)
    TEST_RR(52, sllw, 0xffffffff80000000, 1, 31)
    TEST_RR(53, sllw, 2, 1, 33)
    TEST_RR(54, sllw, 0x12345678, 0xffffffff12345678, 0)
    TEST_RR(55, srlw, 1, 0x80000000, 31)
    TEST_RR(56, srlw, 0xffffffff80000000, 0x1234567880000000, 0)
    TEST_RR(57, srlw, 0xffffffffffffffff, 0xffffffffffffffff, 32)
    TEST_RR(58, sraw, 0xffffffffffffffff, 0x80000000, 31)
    TEST_RR(59, sraw, 0xfffffffff8000000, 0x0000000080000000, 4)
    TEST_RI(60, slliw, 0xffffffff80000000, 1, 31)
    TEST_RI(61, slliw, 0, 0xffffffff00000000, 5)
    TEST_RI(62, srliw, 0x7fffffff, 0xffffffffffffffff, 1)
    TEST_RI(63, sraiw, 0xffffffffffffffff, 0x00000000ffffffff, 31)
    TEST_RI(64, sraiw, 0x00000000789abcde, 0xffffffff789abcde, 0)
    /* LUI sign-extends; AUIPC adds to its own address */
    TEST_CASE(65, a0, 0xfffffffffffff000, lui a0, 0xfffff)
    TEST_CASE(66, a0, 0xffffffff80000000, lui a0, 0x80000)
    TEST_CASE(67, a0, 0x7ffff000, lui a0, 0x7ffff)
    TEST_CASE(68, a0, 0, 1: auipc a0, 0; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(69, a0, 0x1000, 1: auipc a0, 1; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(70, a0, 0xffffffff80000000, 1: auipc a0, 0x80000; la a1, 1b; sub a0, a0, a1)

    /* Branches: taken and not taken for each condition */
#define TEST_BR(n, inst, v1, v2, taken) \
    TEST_CASE(n, a0, taken, li a1, v1; li a2, v2; li a0, 0; inst a1, a2, 1f; j 2f; 1: li a0, 1; 2:)
    TEST_BR(71, beq, 5, 5, 1)
    TEST_BR(72, beq, 5, 6, 0)
    TEST_BR(73, bne, 5, 6, 1)
    TEST_BR(74, bne, -1, -1, 0)
    TEST_BR(75, blt, -1, 0, 1)
    TEST_BR(76, blt, 0, -1, 0)
    TEST_BR(77, blt, 3, 3, 0)
    TEST_BR(78, bge, 3, 3, 1)
    TEST_BR(79, bge, -1, 0, 0)
    TEST_BR(80, bge, 0x7fffffffffffffff, 0x8000000000000000, 1)
    TEST_BR(81, bltu, 0, -1, 1)
    TEST_BR(82, bltu, -1, 0, 0)
    TEST_BR(83, bgeu, -1, 0, 1)
    TEST_BR(84, bgeu, 0, -1, 0)
    TEST_BR(85, bgeu, 7, 7, 1)
    /* a backward branch loop */
    TEST_CASE(86, a0, 55, li a0, 0; li a1, 10; 1: add a0, a0, a1; addi a1, a1, -1; bnez a1, 1b)

    /* JAL links the next instruction */
    TEST_CASE(87, a0, 0, la a1, 2f; jal a0, 1f; 2: j fail; 1: sub a0, a0, a1)
    /* JALR: base + offset with the low bit cleared; rd may equal rs1 */
    .option push
    .option norvc
    TEST_CASE(88, a0, 0, la a1, 2f; jalr a2, 8(a1); 1: j fail; 2: j fail; j fail; la a0, 1b; sub a0, a2, a0)
    TEST_CASE(89, a0, 7, li a0, 0; la a1, 1f; addi a1, a1, 1; jalr x0, 0(a1); li a0, 1; 1: addi a0, a0, 7)
    TEST_CASE(90, a0, 7, li a0, 0; la a1, 1f; addi a1, a1, 3; jalr x0, -2(a1); li a0, 1; 1: addi a0, a0, 7)
    TEST_CASE(91, a0, 0, la a1, 1f; jalr a1, 0(a1); 1: la a2, 1b; sub a0, a1, a2)
    .option pop

    /* Loads of every width, sign and zero extension */
    la s0, data
    TEST_CASE(93, a0, 0xffffffffffffff80, lb a0, 0(s0))
    TEST_CASE(94, a0, 0x80, lbu a0, 0(s0))
    TEST_CASE(95, a0, 0x7f, lb a0, 1(s0))
    TEST_CASE(96, a0, 0x7f80, lh a0, 0(s0))
    TEST_CASE(97, a0, 0x7f80, lhu a0, 0(s0))
    TEST_CASE(98, a0, 0xfffffffff00f7f80, lw a0, 0(s0))
    TEST_CASE(99, a0, 0xf00f7f80, lwu a0, 0(s0))
    TEST_CASE(100, a0, 0x0123456789abcdef, ld a0, 8(s0))
    TEST_CASE(101, a0, 0x0000000001234567, lwu a0, 12(s0))
    TEST_CASE(102, a0, 0xffffffffffff89ab, lh a0, 10(s0))
    TEST_CASE(103, a0, 0x0123456789abcdef, addi a1, s0, 2047; ld a0, 8-2047(a1))
    TEST_CASE(104, a0, 0xfffffffff00f7f80, addi a1, s0, 2040; addi a1, a1, 8; lw a0, -2048(a1))
    /* Stores of every width write only their bytes */
    la s1, scratch
    li a3, -1
    sd a3, 0(s1)
    sd a3, 8(s1)
    TEST_CASE(105, a0, 0xffffffffffffff00, sb zero, 0(s1); ld a0, 0(s1))
    TEST_CASE(106, a0, 0xffffffff0000ff00, sh zero, 2(s1); ld a0, 0(s1))
    TEST_CASE(107, a0, 0x000000000000ff00, sw zero, 4(s1); ld a0, 0(s1))
    TEST_CASE(108, a0, 0x1122334455667788, li a1, 0x1122334455667788; sd a1, 8(s1); ld a0, 8(s1))
    TEST_CASE(109, a0, 0x11223344556677aa, li a1, 0x12345aa; sb a1, 8(s1); ld a0, 8(s1))
    TEST_CASE(110, a0, 0x112233449999bbaa, li a1, 0xbb; sb a1, 9(s1); li a1, 0x9999; sh a1, 10(s1); ld a0, 8(s1))
    TEST_CASE(111, a0, 0xcafef00d9999bbaa, li a1, 0xffffffffcafef00d; sw a1, 12(s1); ld a0, 8(s1))
    TEST_CASE(112, a0, 0x1234, li a1, 0x1234; addi a2, s1, 100; sh a1, -84(a2); lhu a0, 16(s1))
    /* A store to x0's value and a load into x0 */
    TEST_CASE(113, a0, 0, sd zero, 24(s1); ld a0, 24(s1))
    TEST_CASE(114, x0, 0, ld x0, 8(s0))

    /* Misaligned loads and stores, within and across 8-byte words */
    TEST_CASE(115, a0, 0xef89abcdeff00f7f, ld a0, 1(s0))
    TEST_CASE(116, a0, 0xffffffffffffef89, lh a0, 7(s0))
    TEST_CASE(117, a0, 0xef89abcd, lwu a0, 5(s0))
    TEST_CASE(118, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, 3(s1); ld a0, 3(s1))
    TEST_CASE(119, a0, 0x6789abcdef00ff00, ld a0, 0(s1))
    TEST_CASE(120, a0, 0xffffffffcafebabe, li a1, 0xcafebabe; sw a1, 62(s1); lw a0, 62(s1))
    TEST_CASE(121, a0, 0xbabe, lhu a0, 62(s1))
    TEST_CASE(122, a0, 0xcafe, lhu a0, 64(s1))

    /* FENCE and FENCE.TSO are ordering no-ops for one hart */
    TEST_CASE(123, a0, 3, li a0, 3; fence; fence rw, rw; fence.tso; fence i, o)
    j pass

    .data
    .align 6
data:
    .byte 0x80, 0x7f, 0x0f, 0xf0, 0xef, 0xcd, 0xab, 0x89
    .dword 0x0123456789abcdef
scratch:
    .zero 128
