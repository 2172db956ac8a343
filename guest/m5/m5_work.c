/* work_begin/work_end around a loop; the program then returns 0 normally.
 * Expected under the simulator: exit 0, one stats dump (the final one). */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    unsigned long acc = 0;
    for (unsigned w = 0; w < 3; w++) {
        m5_work_begin(w, 0);
        for (unsigned long i = 0; i < 10000; i++)
            acc = acc * 31 + i + w;
        m5_work_end(w, 0);
    }
    printf("work done %016lx\n", acc);
    return 0;
}
