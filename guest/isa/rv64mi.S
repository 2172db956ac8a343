/* Machine mode: the Zicsr instructions (register and immediate forms, which of
 * them write and which only read), read-only and missing CSRs trapping as
 * illegal instructions, the counters, traps (illegal instruction with mepc and
 * mtval, ECALL, EBREAK and C.EBREAK), mstatus.FS becoming dirty,
 * MRET's mstatus update, mepc, and a machine software interrupt from the CLINT
 * taken with the right mcause, through a direct and a vectored mtvec.
 * With C on (misa.C cannot be turned off on the board), no fetch can be
 * misaligned: JALR's cleared low bit is checked in rv64ui instead. */
#include "isa.h"

#define CLINT_MSIP 0x2000000
#define MIP_MSIP 0x8

    .text
    .globl tests
tests:
    /* identity */
    TEST_CASE(1, a0, 0, csrr a0, mhartid)
    TEST_CASE(2, a0, 2, csrr a0, misa; srli a0, a0, 62)
    /* I M A F D C S U present */
    TEST_CASE(3, a0, 0x14112d, csrr a0, misa; li a1, 0x14112d; and a0, a0, a1)

    /* csrrw swaps, csrrs/csrrc set/clear bits and return the old value */
    TEST_CASE(4, a0, 0x1234, li a1, 0x1234; csrw mscratch, a1; csrr a0, mscratch)
    TEST_CASE(5, a0, 0x1234, li a1, 0x5678; csrrw a0, mscratch, a1)
    TEST_CASE(6, a0, 0x5678, csrr a0, mscratch)
    TEST_CASE(7, a0, 0x5678, li a1, 0x0f0f; csrrs a0, mscratch, a1)
    TEST_CASE(8, a0, 0x5f7f, csrr a0, mscratch)
    TEST_CASE(9, a0, 0x5f7f, li a1, 0x00ff; csrrc a0, mscratch, a1)
    TEST_CASE(10, a0, 0x5f00, csrr a0, mscratch)
    TEST_CASE(11, a0, 0x5f00, csrrwi a0, mscratch, 0x1f)
    TEST_CASE(12, a0, 0x1f, csrrsi a0, mscratch, 0x10; csrr a0, mscratch)
    TEST_CASE(13, a0, 0x1f, csrrci a0, mscratch, 0x03)
    TEST_CASE(14, a0, 0x1c, csrr a0, mscratch)
    TEST_CASE(15, a0, -1, li a1, -1; csrw mscratch, a1; csrr a0, mscratch)
    /* csrrw with rd = x0 still writes; rd = rs1 reads the old value */
    TEST_CASE(16, a0, 0x77, li a1, 0x77; csrrw x0, mscratch, a1; csrr a0, mscratch)
    TEST_CASE(17, a0, 0x77, li a0, 0x99; csrrw a0, mscratch, a0)
    TEST_CASE(18, a0, 0x99, csrr a0, mscratch)

    /* read-only CSRs: reading (csrrs/csrrc with x0, immediate 0) is fine,
     * any write form traps, even with rd = x0 */
    TEST_CASE(19, a0, 0, csrrc a0, mhartid, x0; csrrsi a0, mhartid, 0; csrrci a0, mvendorid, 0; li a0, 0)
    li a1, 1
    TEST_TRAP(20, CAUSE_ILLEGAL, csrw mhartid, a1)
    TEST_TRAP(21, CAUSE_ILLEGAL, csrrs x0, mvendorid, a1)
    TEST_TRAP(22, CAUSE_ILLEGAL, csrrwi a0, marchid, 0)
    TEST_TRAP(23, CAUSE_ILLEGAL, csrrci a0, mimpid, 1)
    TEST_TRAP(24, CAUSE_ILLEGAL, csrw cycle, a1)
    TEST_TRAP(25, CAUSE_ILLEGAL, csrrsi a0, instret, 1)
    TEST_TRAP(26, CAUSE_ILLEGAL, csrw time, x0)
    /* a CSR of an extension the board lacks (vstart, V) */
    TEST_TRAP(27, CAUSE_ILLEGAL, csrr a0, 0x008)
    /* the failed write changed nothing */
    TEST_CASE(28, a0, 0, csrr a0, mhartid)

    /* counters: readable in M-mode, counting up */
    TEST_CASE(29, a2, 1, rdcycle a0; nop; nop; rdcycle a1; sltu a2, a0, a1)
    TEST_CASE(30, a2, 1, rdinstret a0; nop; nop; rdinstret a1; sltu a2, a0, a1)
    TEST_CASE(31, a2, 1, csrr a0, mcycle; nop; nop; csrr a1, mcycle; sltu a2, a0, a1)
    TEST_CASE(32, a2, 1, csrr a0, minstret; nop; nop; csrr a1, minstret; sltu a2, a0, a1)
    /* the machine counters are writable (the values that follow are not
     * checked: they depend on the CPU model); the time CSR is not checked as
     * QEMU's spike board, unlike the board, has none */
    TEST_CASE(33, a2, 0, csrr a0, mcycle; csrw mcycle, a0; csrr a0, minstret; csrw minstret, a0; li a2, 0)

    /* traps */
    TEST_TRAP(34, CAUSE_ECALL_M, ecall)
    TEST_TRAP(35, CAUSE_BREAKPOINT, ebreak)
    TEST_TRAP(36, CAUSE_BREAKPOINT, c.ebreak)
    /* all ones, all zeros, and MRET with a nonzero rd field (reserved) */
    TEST_TRAP(37, CAUSE_ILLEGAL, .word 0xffffffff)
    TEST_TRAP(38, CAUSE_ILLEGAL, .half 0)
    TEST_TRAP(39, CAUSE_ILLEGAL, .word 0x30200073 | (1 << 7))
    /* mtval of an illegal instruction: its bits (the spec also allows 0) */
    TEST_TRAP(40, CAUSE_ILLEGAL, csrw mhartid, a1)
    TEST_TVAL(41, 0xf1459073)
    /* a trap count, to be sure each check above trapped once */
    TEST_CASE(42, a0, 15, la a1, trap_info; ld a0, TI_COUNT(a1))

    /* an FP write makes mstatus.FS dirty, and SD reads as set (mstatus.FS
     * off: rv64mi_fpoff) */
    TEST_CASE(43, a0, 3, fmv.d.x f1, zero; csrr a0, mstatus; srli a0, a0, 13; andi a0, a0, 3)
    TEST_CASE(44, a0, 1, csrr a0, mstatus; srli a0, a0, 63)

    /* mret: MIE = MPIE, MPIE = 1, MPP = U (least privileged), pc = mepc */
    li gp, 45
    li a1, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, a1
    la a1, 1f
    csrw mepc, a1
    mret
    j fail
1:  csrr a0, mstatus
    csrci mstatus, MSTATUS_MIE
    andi a1, a0, MSTATUS_MIE
    beqz a1, fail
    andi a1, a0, MSTATUS_MPIE
    beqz a1, fail
    li a1, MSTATUS_MPP
    and a1, a0, a1
    bnez a1, fail
    /* mepc holds an instruction address (bit 0 always reads as zero on the
     * board, but QEMU 7.2 keeps it, so that is not checked) */
    TEST_CASE(46, a0, 0x80000012, li a1, 0x80000012; csrw mepc, a1; csrr a0, mepc)

    /* a machine software interrupt: pending once the CLINT's msip is set,
     * taken as soon as it is enabled, gone when msip is cleared */
    li gp, 47
    li s0, CLINT_MSIP
    li a1, 1
    sw a1, 0(s0)
    csrsi mie, MIP_MSIP
    wfi
    TEST_CASE(48, a0, MIP_MSIP, csrr a0, mip; andi a0, a0, MIP_MSIP)
    TEST_CASE(49, a0, 0x8000000000000003, la t0, 1f; la t1, trap_info; sd t0, TI_RESUME(t1); csrsi mstatus, MSTATUS_MIE; j fail; 1: ld a0, TI_CAUSE(t1))
    TEST_CASE(50, a0, 0, csrr a0, mstatus; andi a0, a0, MSTATUS_MIE)
    TEST_CASE(51, a0, 0, sw zero, 0(s0); lw a1, 0(s0); csrr a0, mip; andi a0, a0, MIP_MSIP)

    /* vectored mtvec: an interrupt goes to base + 4 * cause, an exception to base */
    la a1, vectors
    ori a1, a1, 1
    csrw mtvec, a1
    TEST_CASE(52, a0, 1, csrr a0, mtvec; andi a0, a0, 3)
    li a7, 0
    TEST_TRAP(53, CAUSE_ECALL_M, ecall)
    TEST_CASE(54, a7, 0, nop)
    li a1, 1
    sw a1, 0(s0)
    wfi
    TEST_CASE(55, a7, 3, la t0, 1f; la t1, trap_info; sd t0, TI_RESUME(t1); csrsi mstatus, MSTATUS_MIE; j fail; 1: sw zero, 0(s0); lw a1, 0(s0))
    TEST_CASE(56, a0, 0x8000000000000003, la t1, trap_info; ld a0, TI_CAUSE(t1))
    la a1, trap_entry
    csrw mtvec, a1
    csrw mie, zero
    j pass

/* The vector table: exceptions (0) to the common handler, the machine
 * software interrupt (3) through a stub that marks a7 first. */
    .option push
    .option norvc
    .align 6
vectors:
    j trap_entry
    j fail
    j fail
    j vector_msi
vector_msi:
    li a7, 3
    j trap_entry
    .option pop
