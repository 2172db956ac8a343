/* Every AMO (word and doubleword, with aq/rl variants) and lr/sc loops.
 * amo_run(mem, out): mem points to 4 doublewords of scratch; each step stores
 * the value returned by the instruction and then the memory word into out[].
 * Returns the number of values stored. */
    .text
    .globl amo_run
    .type amo_run, @function
amo_run:
    mv a2, a1
    li t0, 0x00000000fffffff0
    li t1, 0x8000000000000005
    li t2, 0x12345678
#define ST(r) sd r, 0(a2); addi a2, a2, 8
#define RESETD(v) li t3, v; sd t3, 0(a0)
#define RESETW(v) li t3, v; sw t3, 8(a0)
#define AMOD(op) RESETD(0x0f0f0f0f80000000); op t4, t1, (a0); ST(t4); ld t5, 0(a0); ST(t5)
#define AMOW(op) RESETW(0x8000000f); op t4, t0, (a3); ST(t4); lwu t5, 8(a0); ST(t5)
    addi a3, a0, 8
    AMOD(amoswap.d)
    AMOD(amoadd.d)
    AMOD(amoxor.d)
    AMOD(amoand.d)
    AMOD(amoor.d)
    AMOD(amomin.d)
    AMOD(amomax.d)
    AMOD(amominu.d)
    AMOD(amomaxu.d)
    AMOD(amoadd.d.aq)
    AMOD(amoadd.d.rl)
    AMOD(amoadd.d.aqrl)
    AMOW(amoswap.w)
    AMOW(amoadd.w)
    AMOW(amoxor.w)
    AMOW(amoand.w)
    AMOW(amoor.w)
    AMOW(amomin.w)
    AMOW(amomax.w)
    AMOW(amominu.w)
    AMOW(amomaxu.w)
    AMOW(amoswap.w.aqrl)
    /* amo with rd = x0 (store-only) */
    RESETD(100)
    amoadd.d x0, t2, (a0)
    ld t5, 0(a0); ST(t5)
    /* lr/sc increment loop: 1000 iterations, count sc failures (0 expected
     * single-threaded, but retries are allowed) */
    RESETD(0)
    li t6, 1000
    li a4, 0
1:  lr.d t4, (a0)
    addi t4, t4, 3
    sc.d t5, t4, (a0)
    beqz t5, 2f
    addi a4, a4, 1
    j 1b
2:  addi t6, t6, -1
    bnez t6, 1b
    ld t5, 0(a0); ST(t5)
    /* word lr/sc with acquire/release, sign extension of lr.w */
    RESETW(0xfffffff0)
3:  lr.w.aq t4, (a3)
    ST(t4)
    addi t4, t4, 1
    sc.w.rl t5, t4, (a3)
    bnez t5, 3b
    lw t5, 8(a0); ST(t5)
    /* sc without a reservation (after an intervening sc) must fail */
    lr.d t4, (a0)
    sc.d t5, t4, (a0)
    sc.d t5, t4, (a0)
    ST(t5)
    sub a0, a2, a1
    srli a0, a0, 3
    ret
    .size amo_run, .-amo_run
