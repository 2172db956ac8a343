/* Pipeline microbenchmarks with answers known in advance (tests/minor_micro.rs
 * checks them from stats.txt). argv[1] picks the kernel; each runs long enough
 * (about 2M instructions) for the program's start-up to be noise:
 *   dep_add     a chain of dependent adds (IPC near 1 / IntAlu latency)
 *   indep_add   independent adds (IPC near the issue width)
 *   dep_mul     a chain of dependent multiplies (IPC near 1 / IntMult latency)
 *   loop        an always-taken loop branch (almost never mispredicted)
 *   random      a branch on pseudo-random bits (mispredicted about half the time)
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
    else if (!strcmp(k, "trip")) r = trip();
    else {
        fprintf(stderr, "usage: minor_micro dep_add|indep_add|dep_mul|loop|random|trip\n");
        return 2;
    }
    printf("%s %ld\n", k, r);
    return 0;
}
