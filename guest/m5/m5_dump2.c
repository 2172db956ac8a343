/* dump_stats twice, then a normal exit: three stats blocks in total. */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    unsigned long acc = 1;
    for (unsigned long i = 0; i < 5000; i++)
        acc = acc * 6364136223846793005UL + 1442695040888963407UL;
    m5_dump_stats(0, 0);
    for (unsigned long i = 0; i < 5000; i++)
        acc ^= acc >> 7;
    m5_dump_stats(0, 0);
    printf("dumped twice %016lx\n", acc);
    return 0;
}
