/* No libc: _start, write(2) and exit_group(2) syscalls only.
 * Prints argc (single digit) and a greeting, exits with 7. */
    .section .rodata
msg:    .ascii "hello from bare _start\n"
    .equ msg_len, . - msg
argc_msg: .ascii "argc=?\n"
    .equ argc_len, . - argc_msg

    .data
argc_buf: .space 8

    .text
    .globl _start
_start:
    ld t0, 0(sp)            /* argc from the initial stack */
    li a0, 1
    la a1, msg
    li a2, msg_len
    li a7, 64               /* write */
    ecall
    /* copy "argc=?\n" and patch the digit */
    la a1, argc_buf
    la t1, argc_msg
    li t2, argc_len
1:  lb t3, 0(t1)
    sb t3, 0(a1)
    addi t1, t1, 1
    addi a1, a1, 1
    addi t2, t2, -1
    bnez t2, 1b
    la a1, argc_buf
    addi t0, t0, '0'
    sb t0, 5(a1)
    li a0, 1
    li a2, argc_len
    li a7, 64
    ecall
    /* write to stderr too, checking the return value equals the length */
    li a0, 2
    la a1, msg
    li a2, 5
    li a7, 64
    ecall
    li t0, 5
    bne a0, t0, bad
    li a0, 7
    li a7, 94               /* exit_group */
    ecall
bad:
    li a0, 99
    li a7, 93               /* exit */
    ecall
