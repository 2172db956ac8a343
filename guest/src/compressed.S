/* Compressed-instruction heavy program, no libc. Computes checksums with
 * almost only RVC encodings (c.li, c.addi, c.add, c.mv, c.slli, c.srli,
 * c.srai, c.andi, c.and, c.or, c.xor, c.sub, c.addw, c.subw, c.lw, c.sw, c.ld,
 * c.sd, c.lwsp, c.swsp, c.ldsp, c.sdsp, c.fld, c.fsd, c.fldsp, c.fsdsp,
 * c.beqz, c.bnez, c.j, c.jal-free calls via c.jalr/c.jr, c.lui, c.addi16sp,
 * c.addi4spn, c.addiw) and prints the result in hex through write(2). */
    .option rvc
    .text
    .globl _start
_start:
    c.addi16sp sp, -64
    c.addi4spn s0, sp, 16      /* s0 = sp + 16 */
    c.li a0, 0                  /* accumulator */
    c.li a1, 31                 /* loop counter */
    c.lui a2, 0x12              /* a2 = 0x12000 */
    c.addiw a2, 5
    c.li a3, -7
loop:
    c.mv a4, a1
    c.slli a4, 3
    c.add a4, a2
    c.xor a0, a4
    c.addi a0, 13
    c.mv a5, a0
    c.srli a5, 5
    c.sub a0, a5
    c.mv a5, a0
    c.srai a5, 2
    c.or a0, a5
    c.andi a5, 0x1f
    c.and a4, a3
    c.addw a4, a5
    c.subw a0, a4
    c.sw a0, 0(s0)
    c.lw a5, 0(s0)
    c.sd a5, 8(s0)
    c.ld a4, 8(s0)
    c.add a0, a4
    c.swsp a1, 0(sp)
    c.lwsp a5, 0(sp)
    c.sdsp a5, 8(sp)
    c.ldsp a4, 8(sp)
    c.add a0, a4
    c.addi a1, -1
    c.bnez a1, loop
    /* float round trip through compressed FP loads/stores */
    fcvt.d.l fa0, a0
    c.fsd fa0, 0(s0)
    c.fld fa1, 0(s0)
    c.fsdsp fa1, 24(sp)
    c.fldsp fa2, 24(sp)
    fcvt.l.d a5, fa2
    c.sub a5, a0                /* 0 if the round trip was exact enough */
    c.beqz a5, fp_ok
    c.li a0, 0
fp_ok:
    /* call a helper through a register: c.jalr / c.jr */
    la t0, double_it
    c.mv s1, a0
    c.jalr t0
    c.add a0, s1                /* a0 = 3 * s1 */
    c.j print

double_it:
    c.slli a0, 1
    c.jr ra

print:
    /* format a0 as 16 hex digits + newline into the buffer at s0 */
    c.mv a1, s0
    c.li a2, 16
    c.li a3, 10
hex:
    c.mv a4, a0
    c.srli a4, 60
    c.slli a0, 4
    c.li a5, 9
    bgeu a5, a4, digit
    c.addi a4, 7
digit:
    c.addi a4, 15
    c.addi a4, 15
    c.addi a4, 15
    c.addi a4, 3
    sb a4, 0(a1)
    c.addi a1, 1
    c.addi a2, -1
    c.bnez a2, hex
    sb a3, 0(a1)
    c.li a0, 1
    c.mv a1, s0
    c.li a2, 17
    c.li a7, 31
    c.addi a7, 31
    c.addi a7, 2                /* 64 = write */
    ecall
    c.li a0, 0
    li a7, 94
    ecall
