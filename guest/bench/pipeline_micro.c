/* Pipeline microbenchmarks with answers known in advance, for the in-order
 * and the out-of-order CPU (tests/minor_micro.rs and tests/o3_micro.rs check
 * them from the first stats block, which covers the kernel alone: stats are
 * reset before it and dumped after). argv[1] picks the kernel:
 *   dep_add     a chain of dependent adds (IPC near 1 / IntAlu latency)
 *   indep_add   independent adds (IPC towards the issue width)
 *   dep_mul     a chain of dependent multiplies (IPC near 1 / IntMult latency)
 *   loop        an always-taken loop branch (almost never mispredicted)
 *   random      a branch on pseudo-random bits (mispredicted about half the time)
 *   pattern     a branch repeating a period-8 pattern (the bits of 0x69): 2-bit
 *               counters miss about half of them, global history learns it
 *   trip        an inner loop of TRIP iterations, longer than any global history:
 *               its exit is foreseen only by a loop predictor (LTAGE)
 *   store_load  a load right after a store to the same address (forwarded)
 *   stores      16 independent stores a loop iteration (drained behind commit:
 *               a store buffer, `cacheStorePorts` a cycle)
 *   indep_load  16 independent loads of L1-resident words a loop iteration
 *               (`cacheLoadPorts` a cycle)
 *   l1_chase    a chain of dependent loads through an L1-resident ring (one
 *               load per data-cache round trip)
 *   chase       a pointer chase through 8 MiB (one load per memory latency)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "m5ops.h"

#define ITERS 100000L
#define CHASE_BYTES (8L << 20)
#define CHASE_LOADS 20000L

#define ADD8_DEP "add %0, %0, %1\n add %0, %0, %1\n add %0, %0, %1\n add %0, %0, %1\n" \
                 "add %0, %0, %1\n add %0, %0, %1\n add %0, %0, %1\n add %0, %0, %1\n"
#define MUL8_DEP "mul %0, %0, %1\n mul %0, %0, %1\n mul %0, %0, %1\n mul %0, %0, %1\n" \
                 "mul %0, %0, %1\n mul %0, %0, %1\n mul %0, %0, %1\n mul %0, %0, %1\n"

static long dep_add(void) {
    long x = 1, one = 1;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(ADD8_DEP ADD8_DEP : "+r"(x) : "r"(one));
    return x;
}

static long dep_mul(void) {
    long x = 3, k = 5;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(MUL8_DEP MUL8_DEP : "+r"(x) : "r"(k));
    return x;
}

static long indep_add(void) {
    long a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(
            "addi %0, %0, 1\n addi %1, %1, 1\n addi %2, %2, 1\n addi %3, %3, 1\n"
            "addi %4, %4, 1\n addi %5, %5, 1\n addi %6, %6, 1\n addi %7, %7, 1\n"
            "addi %0, %0, 1\n addi %1, %1, 1\n addi %2, %2, 1\n addi %3, %3, 1\n"
            "addi %4, %4, 1\n addi %5, %5, 1\n addi %6, %6, 1\n addi %7, %7, 1\n"
            : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f), "+r"(g), "+r"(h));
    return a + b + c + d + e + f + g + h;
}

static long loop(void) {
    long n = 0;
    for (long i = 0; i < 4 * ITERS; i++)
        __asm__ volatile("addi %0, %0, 1" : "+r"(n));
    return n;
}

static long random_branch(void) {
    unsigned long s = 0x2545F4914F6CDD1DUL;
    long taken = 0;
    for (long i = 0; i < 2 * ITERS; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        /* A real branch (not a select) on one pseudo-random bit. */
        __asm__ volatile("andi t0, %1, 1\n beqz t0, 1f\n addi %0, %0, 1\n 1:\n"
                         : "+r"(taken) : "r"(s >> 29) : "t0");
    }
    return taken;
}

static long pattern(void) {
    long taken = 0;
    for (long i = 0; i < 2 * ITERS; i++)
        __asm__ volatile("beqz %1, 1f\n addi %0, %0, 1\n 1:\n"
                         : "+r"(taken) : "r"((0x69L >> (i & 7)) & 1));
    return taken;
}

static long store_load(void) {
    static long cell;
    long x = 1;
    long *p = &cell;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile("sd %0, 0(%1)\n ld %0, 0(%1)\n addi %0, %0, 1\n"
                         : "+r"(x) : "r"(p) : "memory");
    return x;
}

static long buf[64];

static long stores(void) {
    long *p = buf;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(
            "sd %1, 0(%0)\n sd %1, 8(%0)\n sd %1, 16(%0)\n sd %1, 24(%0)\n"
            "sd %1, 32(%0)\n sd %1, 40(%0)\n sd %1, 48(%0)\n sd %1, 56(%0)\n"
            "sd %1, 64(%0)\n sd %1, 72(%0)\n sd %1, 80(%0)\n sd %1, 88(%0)\n"
            "sd %1, 96(%0)\n sd %1, 104(%0)\n sd %1, 112(%0)\n sd %1, 120(%0)\n"
            : : "r"(p), "r"(i) : "memory");
    return buf[15];
}

static long indep_load(void) {
    long *p = buf, s = 0;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(
            "ld t0, 0(%1)\n ld t0, 8(%1)\n ld t0, 16(%1)\n ld t0, 24(%1)\n"
            "ld t0, 32(%1)\n ld t0, 40(%1)\n ld t0, 48(%1)\n ld t0, 56(%1)\n"
            "ld t0, 64(%1)\n ld t0, 72(%1)\n ld t0, 80(%1)\n ld t0, 88(%1)\n"
            "ld t0, 96(%1)\n ld t0, 104(%1)\n ld t0, 112(%1)\n ld t0, 120(%1)\n"
            "add %0, %0, t0\n"
            : "+r"(s) : "r"(p) : "t0", "memory");
    return s;
}

static long l1_chase(void) {
    void *ring[64];
    for (int i = 0; i < 64; i++)
        ring[i] = &ring[(i + 1) % 64];
    void **q = ring;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile(
            "ld %0, 0(%0)\n ld %0, 0(%0)\n ld %0, 0(%0)\n ld %0, 0(%0)\n"
            "ld %0, 0(%0)\n ld %0, 0(%0)\n ld %0, 0(%0)\n ld %0, 0(%0)\n"
            : "+r"(q) : : "memory");
    return (long)(q - ring);
}

/* Each 64-byte line of the buffer points to the next one of a random cycle. */
static void **chase_setup(void) {
    long n = CHASE_BYTES / 64;
    char *buf = malloc(CHASE_BYTES);
    long *order = malloc(n * sizeof(long));
    if (!buf || !order)
        exit(3);
    for (long i = 0; i < n; i++)
        order[i] = i;
    unsigned long s = 88172645463325252UL;
    for (long i = n - 1; i > 0; i--) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        long j = s % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (long i = 0; i < n; i++)
        *(void **)(buf + order[i] * 64) = buf + order[(i + 1) % n] * 64;
    return (void **)(buf + order[0] * 64);
}

static long chase(void **p) {
    for (long i = 0; i < CHASE_LOADS; i++)
        p = (void **)*p;
    return (long)p & 1;
}

#define TRIP 1000L

static long trip(void) {
    long n = 0;
    for (long i = 0; i < ITERS / 250; i++)
        for (long j = 0; j < TRIP; j++)
            __asm__ volatile("addi %0, %0, 1" : "+r"(n));
    return n;
}


int main(int argc, char **argv) {
    const char *k = argc > 1 ? argv[1] : "";
    void **start = !strcmp(k, "chase") ? chase_setup() : 0;
    long r;
    m5_reset_stats(0, 0);
    if (!strcmp(k, "dep_add")) r = dep_add();
    else if (!strcmp(k, "indep_add")) r = indep_add();
    else if (!strcmp(k, "dep_mul")) r = dep_mul();
    else if (!strcmp(k, "loop")) r = loop();
    else if (!strcmp(k, "random")) r = random_branch();
    else if (!strcmp(k, "pattern")) r = pattern();
    else if (!strcmp(k, "trip")) r = trip();
    else if (!strcmp(k, "store_load")) r = store_load();
    else if (!strcmp(k, "stores")) r = stores();
    else if (!strcmp(k, "indep_load")) r = indep_load();
    else if (!strcmp(k, "l1_chase")) r = l1_chase();
    else if (!strcmp(k, "chase")) r = chase(start);
    else {
        fprintf(stderr, "usage: pipeline_micro dep_add|indep_add|dep_mul|loop|random|pattern|"
                        "trip|store_load|stores|indep_load|l1_chase|chase\n");
        return 2;
    }
    m5_dump_stats(0, 0);
    printf("%s %ld\n", k, r);
    return 0;
}
