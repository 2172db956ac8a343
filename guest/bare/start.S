/* Start-up, trap entry and the M-to-S switch of the machine-mode test programs.
 * main's return value ends the run through HTIF: tohost = (code << 1) | 1. */
    .section .text.init
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la sp, stack_top
    la t0, trap_entry
    csrw mtvec, t0
    call main
    slli a0, a0, 1
    ori a0, a0, 1
    la t0, tohost
    sd a0, 0(t0)
1:  j 1b

/* Other harts sleep for good (no interrupt is enabled). */
park:
    wfi
    j park

/* Every trap: save the caller-saved registers, a0 = handle_trap(mcause, mepc,
 * mtval) is where to return. */
    .align 2
trap_entry:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd a0, 32(sp)
    sd a1, 40(sp)
    sd a2, 48(sp)
    sd a3, 56(sp)
    sd a4, 64(sp)
    sd a5, 72(sp)
    sd a6, 80(sp)
    sd a7, 88(sp)
    sd t3, 96(sp)
    sd t4, 104(sp)
    sd t5, 112(sp)
    sd t6, 120(sp)
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call handle_trap
    csrw mepc, a0
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld a0, 32(sp)
    ld a1, 40(sp)
    ld a2, 48(sp)
    ld a3, 56(sp)
    ld a4, 64(sp)
    ld a5, 72(sp)
    ld a6, 80(sp)
    ld a7, 88(sp)
    ld t3, 96(sp)
    ld t4, 104(sp)
    ld t5, 112(sp)
    ld t6, 120(sp)
    addi sp, sp, 128
    mret

/* to_smode(fn): run fn in S-mode; the S-mode ecall's handler returns to
 * smode_return in M-mode, which returns from to_smode. */
    .globl to_smode
to_smode:
    la t0, saved_sp
    sd sp, 0(t0)
    la t0, saved_ra
    sd ra, 0(t0)
    csrw mepc, a0
    li t0, 0x1800
    csrc mstatus, t0
    li t0, 0x0800
    csrs mstatus, t0
    mret
    .globl smode_return
smode_return:
    la t0, saved_sp
    ld sp, 0(t0)
    la t0, saved_ra
    ld ra, 0(t0)
    ret

    .data
saved_sp: .dword 0
saved_ra: .dword 0

    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
tohost: .dword 0
    .align 6
    .globl fromhost
fromhost: .dword 0
