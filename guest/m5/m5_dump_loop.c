/* Dump the stats N times (argv[1], default 3) with a little work between the
 * dumps, then exit (one more dump). tests/outputs.rs kills long runs of it to check
 * that stats.txt only ever holds whole blocks. */
#include <stdio.h>
#include <stdlib.h>
#include "m5ops.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 3;
    unsigned long acc = 1;
    for (unsigned long d = 0; d < n; d++) {
        for (unsigned long i = 0; i < 2000; i++)
            acc = acc * 6364136223846793005UL + 1442695040888963407UL;
        m5_dump_stats(0, 0);
    }
    printf("dumped %lu times %016lx\n", n, acc);
    return 0;
}
