/* Pipeline microbenchmarks with answers known in advance (tests/minor_micro.rs
 * checks them from stats.txt). argv[1] picks the kernel; each runs long enough
 * (about 2M instructions) for the program's start-up to be noise:
 *   dep_add     a chain of dependent adds (IPC near 1 / IntAlu latency)
 *   indep_add   independent adds (IPC near the issue width)
 *   dep_mul     a chain of dependent multiplies (IPC near 1 / IntMult latency)
 *   loop        an always-taken loop branch (almost never mispredicted)
 *   random      a branch on pseudo-random bits (mispredicted about half the time)
 *   pattern     a branch repeating a period-8 pattern (the bits of 0x69): 2-bit
 *               counters miss about half of them, global history learns it
 *   stores      16 independent stores a loop iteration (the store buffer drains
 *               them behind, so they need not wait for the data cache)
 *   chase       a chain of dependent loads through an L1-resident ring (one
 *               load per data-cache round trip)
 *   forward     a load of the word just stored (forwarded from the store buffer)
 *   trip        an inner loop of TRIP iterations, longer than any global history:
 *               its exit is foreseen only by a loop predictor (LTAGE)
 */
#include <stdio.h>
#include <string.h>

#define ITERS 100000L

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

static long chase(void) {
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

static long forward(void) {
    long x = 0;
    long *p = buf;
    for (long i = 0; i < ITERS; i++)
        __asm__ volatile("sd %0, 0(%1)\n ld %0, 0(%1)\n addi %0, %0, 1\n"
                         : "+r"(x) : "r"(p) : "memory");
    return x;
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
    long r;
    if (!strcmp(k, "dep_add")) r = dep_add();
    else if (!strcmp(k, "indep_add")) r = indep_add();
    else if (!strcmp(k, "dep_mul")) r = dep_mul();
    else if (!strcmp(k, "loop")) r = loop();
    else if (!strcmp(k, "random")) r = random_branch();
    else if (!strcmp(k, "pattern")) r = pattern();
    else if (!strcmp(k, "stores")) r = stores();
    else if (!strcmp(k, "chase")) r = chase();
    else if (!strcmp(k, "forward")) r = forward();
    else if (!strcmp(k, "trip")) r = trip();
    else {
        fprintf(stderr, "usage: minor_micro dep_add|indep_add|dep_mul|loop|random|pattern|stores|chase|forward|trip\n");
        return 2;
    }
    printf("%s %ld\n", k, r);
    return 0;
}
