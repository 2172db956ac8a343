/* Supervisor and user mode basics, entered from M-mode with MRET: ECALL from S
 * and U (causes 9 and 8), M-mode CSRs and MRET illegal below M, S CSRs illegal in
 * U, the counter-enable gates (mcounteren, scounteren), mstatus.TVM and TSR,
 * sstatus as a view of mstatus, a breakpoint delegated to S with medeleg and
 * handled through stvec/scause/sepc/SRET, SRET's sstatus update, and a supervisor
 * software interrupt delegated to S (and, not delegated, taken in M).
 * A PMP entry opens all memory to S and U first. */
#include "isa.h"

#define MSTATUS_SIE 0x2
#define MSTATUS_SPIE 0x20
#define MSTATUS_SUM 0x40000
#define MSTATUS_TVM 0x100000
#define MSTATUS_TSR 0x400000
#define MIP_SSIP 0x2
#define MPP_U 0
#define MPP_S MSTATUS_MPP_S

/* Switch to mode mpp at label. */
#define ENTER(mpp, label) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, mpp; csrs mstatus, t0; \
    la t0, label; csrw mepc, t0; mret

/* Check n: `insn`, run in mode mpp, traps to M with cause (mepc = insn). */
#define TEST_TRAP_IN(n, mpp, cause, insn...) \
    li gp, n; la t0, 8f; la t1, trap_info; sd t0, TI_RESUME(t1); \
    ENTER(mpp, 7f); \
7:  insn; j fail; \
8:  la t1, trap_info; ld t2, TI_CAUSE(t1); li t0, cause; bne t2, t0, fail; \
    ld t2, TI_EPC(t1); la t0, 7b; bne t2, t0, fail

/* Check n: code runs in mode mpp without trapping, then ECALLs back to M;
 * reg must then equal val. */
#define TEST_IN(n, mpp, reg, val, code...) \
    li gp, n; la t0, 8f; la t1, trap_info; sd t0, TI_RESUME(t1); \
    ENTER(mpp, 7f); \
7:  code; ecall; \
8:  li t6, val; bne reg, t6, fail

    .text
    .globl tests
tests:
    li a1, -1
    csrw pmpaddr0, a1
    li a1, 0x1f
    csrw pmpcfg0, a1
    csrw mcounteren, zero
    csrw scounteren, zero

    TEST_TRAP_IN(1, MPP_S, CAUSE_ECALL_S, ecall)
    TEST_TRAP_IN(2, MPP_U, CAUSE_ECALL_U, ecall)
    /* machine-level CSRs and MRET are illegal in S */
    TEST_TRAP_IN(3, MPP_S, CAUSE_ILLEGAL, csrr a0, mstatus)
    TEST_TRAP_IN(4, MPP_S, CAUSE_ILLEGAL, csrw mscratch, zero)
    TEST_TRAP_IN(5, MPP_S, CAUSE_ILLEGAL, mret)
    /* supervisor CSRs and SRET are illegal in U */
    TEST_TRAP_IN(6, MPP_U, CAUSE_ILLEGAL, csrr a0, sstatus)
    TEST_TRAP_IN(7, MPP_U, CAUSE_ILLEGAL, sret)
    /* S reads its own CSRs; sscratch keeps what S writes */
    TEST_IN(8, MPP_S, a0, 0x55, li a0, 0x55; csrw sscratch, a0; csrr a0, sscratch)
    TEST_CASE(9, a0, 0x55, csrr a0, sscratch)
    /* counters: mcounteren gates S and U, scounteren gates U too */
    TEST_TRAP_IN(10, MPP_S, CAUSE_ILLEGAL, rdcycle a0)
    TEST_TRAP_IN(11, MPP_S, CAUSE_ILLEGAL, rdinstret a0)
    csrwi mcounteren, 5
    TEST_IN(12, MPP_S, a0, 0, rdcycle a0; rdinstret a0; li a0, 0)
    TEST_TRAP_IN(13, MPP_U, CAUSE_ILLEGAL, rdcycle a0)
    csrwi scounteren, 1
    TEST_IN(14, MPP_U, a0, 0, rdcycle a0; li a0, 0)
    TEST_TRAP_IN(15, MPP_U, CAUSE_ILLEGAL, rdinstret a0)
    csrw mcounteren, zero
    TEST_TRAP_IN(16, MPP_U, CAUSE_ILLEGAL, rdcycle a0)
    csrw scounteren, zero
    /* TVM: satp and SFENCE.VMA are illegal in S; TSR: SRET is */
    TEST_IN(17, MPP_S, a0, 0, csrr a0, satp; sfence.vma)
    li a1, MSTATUS_TVM
    csrs mstatus, a1
    TEST_TRAP_IN(18, MPP_S, CAUSE_ILLEGAL, csrr a0, satp)
    TEST_TRAP_IN(19, MPP_S, CAUSE_ILLEGAL, sfence.vma)
    csrc mstatus, a1
    li a1, MSTATUS_TSR
    csrs mstatus, a1
    TEST_TRAP_IN(20, MPP_S, CAUSE_ILLEGAL, sret)
    csrc mstatus, a1
    /* sstatus shows mstatus' supervisor bits */
    TEST_IN(21, MPP_S, a0, MSTATUS_SUM, li a0, MSTATUS_SUM; csrs sstatus, a0; csrr a0, sstatus; li a1, MSTATUS_SUM; and a0, a0, a1)
    TEST_CASE(22, a0, MSTATUS_SUM, csrr a0, mstatus; li a1, MSTATUS_SUM; and a0, a0, a1)
    TEST_CASE(23, a0, 0, li a1, MSTATUS_SUM; csrc mstatus, a1; csrr a0, sstatus; and a0, a0, a1)
    /* sstatus hides the machine bits */
    TEST_IN(24, MPP_S, a0, 0, csrr a0, sstatus; li a1, MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE; and a0, a0, a1)

    /* a breakpoint delegated to S: handled in S through stvec, resumed with SRET */
    la a1, s_handler
    csrw stvec, a1
    li a1, 1 << CAUSE_BREAKPOINT
    csrw medeleg, a1
    la a1, trap_info
    ld s2, TI_COUNT(a1)
    .option push
    .option norvc
    TEST_IN(25, MPP_S, a0, CAUSE_BREAKPOINT, li a0, 0; 1: ebreak; la a2, 1b; bne a1, a2, 2f; csrr a3, sstatus; 2:)
    .option pop
    /* after the handler's SRET back to S: SIE = the old SPIE (0), SPIE = 1, SPP = U */
    TEST_CASE(26, a0, MSTATUS_SPIE, li a1, MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP; and a0, a3, a1)
    /* only the ECALL reached M */
    TEST_CASE(27, a0, 1, la a1, trap_info; ld a0, TI_COUNT(a1); sub a0, a0, s2)
    csrw medeleg, zero
    /* not delegated any more: the breakpoint goes to M */
    TEST_TRAP_IN(28, MPP_S, CAUSE_BREAKPOINT, ebreak)

    /* a supervisor software interrupt delegated to S (mideleg) waits for
     * sstatus.SIE, then enters S's handler with scause = interrupt 1 */
    la a1, s_int_handler
    csrw stvec, a1
    li a1, MIP_SSIP
    csrw mideleg, a1
    csrs mie, a1
    csrs mip, a1
    TEST_IN(29, MPP_S, a0, 0x8000000000000001, li a0, 0; csrsi sstatus, MSTATUS_SIE; nop; csrci sstatus, MSTATUS_SIE)
    TEST_CASE(30, a0, 0, csrr a0, mip; andi a0, a0, MIP_SSIP)
    /* not delegated: the same interrupt pending in S traps to M at once, as
     * M-level interrupts are always enabled below M */
    csrw mideleg, zero
    csrci mstatus, MSTATUS_MIE
    li a1, MIP_SSIP
    csrs mip, a1
    TEST_TRAP_IN(31, MPP_S, 0x8000000000000001, nop)
    TEST_CASE(32, a0, MIP_SSIP, csrr a0, mip; andi a0, a0, MIP_SSIP; csrci mip, MIP_SSIP)
    csrw mie, zero
    j pass

/* S-mode interrupt handler: a0 = scause; clears the pending bit. */
    .align 2
s_int_handler:
    csrr a0, scause
    csrci sip, MIP_SSIP
    sret

/* S-mode handler: a0 = scause, a1 = sepc; resume after the 4-byte instruction. */
    .align 2
s_handler:
    csrr a0, scause
    csrr a1, sepc
    addi t0, a1, 4
    csrw sepc, t0
    sret
