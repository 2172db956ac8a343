/* m5_fail(0, 5): the simulation ends with failure code 5 (the sim's exit status). */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    printf("calling m5_fail\n");
    fflush(stdout);
    m5_fail(0, 5);
    printf("NOT REACHED\n");
    fflush(stdout);
    return 0;
}
