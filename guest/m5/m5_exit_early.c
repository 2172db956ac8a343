/* m5_exit(0) before main returns: the simulation ends there with exit code 0
 * and nothing after the m5op runs. One stats dump (the final one). */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    printf("before m5_exit\n");
    fflush(stdout);
    m5_exit(0);
    printf("NOT REACHED\n");
    fflush(stdout);
    return 9;
}
