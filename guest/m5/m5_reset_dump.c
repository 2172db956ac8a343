/* reset_stats, dump_reset_stats, dump_stats, then exit via m5_exit:
 * blocks = dump_reset + dump + final = 3. */
#include <stdio.h>
#include "m5ops.h"

static volatile unsigned long sink;

static void work(unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        sink += i * i;
}

int main(void)
{
    work(2000);
    m5_reset_stats(0, 0);
    work(4000);
    m5_dump_reset_stats(0, 0);
    work(8000);
    m5_dump_stats(0, 0);
    printf("reset/dump sequence done\n");
    fflush(stdout);
    m5_exit(0);
    return 1;
}
