/* Start-up, trap recorder and HTIF exit shared by the ISA test programs.
 *
 * _start (hart 0) sets mtvec, turns the FPU on (mstatus.FS = Initial), clears
 * gp (the number of the check under way, see isa.h) and jumps to `tests`.
 * Other harts sleep in WFI.
 *
 * Every trap is recorded in `trap_info` (mcause, mepc, mtval, a count). A check
 * that expects a trap first stores where to resume in trap_info.resume; the
 * handler clears it and returns there in M-mode, every register preserved. A
 * trap nobody expected fails the check under way.
 *
 * `pass` and `fail` end the run through HTIF: tohost = (code << 1) | 1 with code 0
 * or gp. */
#include "isa.h"

    .section .text.init
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, sleep
    la t0, trap_entry
    csrw mtvec, t0
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    csrwi fcsr, 0
    li gp, 0
    j tests

    .align 2
    .globl trap_entry
trap_entry:
    csrw mscratch, t0
    la t0, trap_info
    sd t1, TI_SAVE1(t0)
    csrr t1, mcause
    sd t1, TI_CAUSE(t0)
    csrr t1, mepc
    sd t1, TI_EPC(t0)
    csrr t1, mtval
    sd t1, TI_TVAL(t0)
    ld t1, TI_COUNT(t0)
    addi t1, t1, 1
    sd t1, TI_COUNT(t0)
    ld t1, TI_RESUME(t0)
    beqz t1, unexpected_trap
    sd zero, TI_RESUME(t0)
    csrw mepc, t1
    /* Resume in M-mode whatever mode trapped; after an interrupt, with
     * interrupts off (the check clears the source). */
    li t1, MSTATUS_MPP
    csrs mstatus, t1
    ld t1, TI_CAUSE(t0)
    bgez t1, 1f
    li t1, MSTATUS_MPIE
    csrc mstatus, t1
1:
    ld t1, TI_SAVE1(t0)
    csrr t0, mscratch
    mret
unexpected_trap:
    bnez gp, fail
    li gp, 0x7ff
    j fail

    .globl pass
pass:
    li a0, 1
    j exit
    .globl fail
fail:
    slli a0, gp, 1
    ori a0, a0, 1
exit:
    /* The store to tohost is the last instruction to commit: an illegal
     * instruction follows, whose trap vector is an illegal instruction too, so
     * the committed count does not depend on when the host sees tohost (the
     * board polls it every microsecond; QEMU stops at the store). */
    csrw mie, zero
    la t1, trap_forever
    csrw mtvec, t1
    la t0, tohost
    sd a0, 0(t0)
    .half 0
    .align 2
trap_forever:
    .half 0

sleep:
    wfi
    j sleep

    .data
    .align 3
    .globl trap_info
trap_info:
    .dword 0, 0, 0, 0, 0, 0

    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .align 6
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0
