/* m5_checkpoint: the simulator writes cpt.<tick>/ in the output directory
 * and the program continues to a normal exit with code 0. */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    unsigned long acc = 0;
    for (unsigned long i = 0; i < 3000; i++)
        acc += i ^ (i << 3);
    m5_checkpoint(0, 0);
    printf("after checkpoint %lu\n", acc);
    return 0;
}
