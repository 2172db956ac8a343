/* Call a syscall number no kernel implements N times (argv[1], default 1000).
 * Every call fails with ENOSYS; the simulator warns once, when it first happens,
 * and reports the number of repeats when the run ends (tests/outputs.rs). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], 0, 10) : 1000;
    long enosys = 0;
    for (long i = 0; i < n; i++)
        if (syscall(4000) == -1 && errno == ENOSYS)
            enosys++;
    printf("%ld of %ld calls failed with ENOSYS\n", enosys, n);
    return 0;
}
