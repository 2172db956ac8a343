/*
 * Cache probes whose miss counts are known in advance. Each mode brackets its
 * region of interest with m5 reset_stats / dump_stats, so the stats block it
 * dumps holds only the accesses listed below (the loops keep everything else in
 * registers). tests/caches.rs runs the modes on chosen cache geometries and
 * checks the L1 data cache's demand misses in those blocks.
 *
 *   stream KIB      touch a KIB-KiB array, then read one byte per 64-byte line once
 *                   (block 1). With the array several times larger than the L1D,
 *                   every read misses: KIB*16 misses.
 *   fit KIB PASSES  read one byte per line of a never-touched KIB-KiB array
 *                   (block 1: KIB*16 first-touch misses), then PASSES more times
 *                   (block 2: no misses when the array fits in the L1D).
 *   set ITERS       lines A, B, C that share one set of a 4 KiB 2-way cache (2 KiB
 *                   apart); reads A B A C, ITERS times (block 1). LRU keeps A and
 *                   misses 2*ITERS+1 times; random replacement sometimes evicts A.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "m5ops.h"

#define LINE 64
#define MAX_KIB 4096

static unsigned char arena[MAX_KIB * 1024] __attribute__((aligned(4096)));

static unsigned read_lines(const volatile unsigned char *p, unsigned long bytes)
{
    unsigned sum = 0;
    for (unsigned long off = 0; off < bytes; off += LINE)
        sum += p[off];
    return sum;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cache_probe stream KIB | fit KIB PASSES | set ITERS\n");
        return 2;
    }
    const char *mode = argv[1];
    unsigned long n = strtoul(argv[2], NULL, 0);
    unsigned sum = 0;
    if (strcmp(mode, "stream") == 0 && n <= MAX_KIB) {
        memset(arena, 1, n * 1024);
        m5_reset_stats(0, 0);
        sum = read_lines(arena, n * 1024);
        m5_dump_stats(0, 0);
    } else if (strcmp(mode, "fit") == 0 && n <= MAX_KIB && argc > 3) {
        unsigned long passes = strtoul(argv[3], NULL, 0);
        m5_reset_stats(0, 0);
        sum = read_lines(arena, n * 1024);
        m5_dump_reset_stats(0, 0);
        for (unsigned long i = 0; i < passes; i++)
            sum += read_lines(arena, n * 1024);
        m5_dump_stats(0, 0);
    } else if (strcmp(mode, "set") == 0) {
        const volatile unsigned char *a = arena, *b = arena + 2048, *c = arena + 4096;
        m5_reset_stats(0, 0);
        for (unsigned long i = 0; i < n; i++) {
            sum += *a;
            sum += *b;
            sum += *a;
            sum += *c;
        }
        m5_dump_stats(0, 0);
    } else {
        fprintf(stderr, "cache_probe: bad arguments\n");
        return 2;
    }
    printf("%s done (%u)\n", mode, sum);
    return 0;
}
