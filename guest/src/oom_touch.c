/* Memory promised without reserve (MAP_NORESERVE) and then touched past what
 * simulated memory holds: the process is killed (SIGKILL), as Linux's OOM
 * killer would. Run with a simulated memory of argv[1] MiB; argv[2] says who
 * touches the pages: "store" (the program's own stores, page faults) or
 * "syscall" (the kernel filling the buffer in getrandom). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#define MIB (1ul << 20)

int main(int argc, char **argv)
{
    size_t len = 2 * (argc > 1 ? strtoul(argv[1], NULL, 0) : 16) * MIB;
    int by_syscall = argc > 2 && strcmp(argv[2], "syscall") == 0;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("touching %zu MiB by %s\n", len / MIB, by_syscall ? "getrandom" : "stores");
    fflush(stdout);
    for (size_t off = 0; off < len; off += by_syscall ? MIB : 4096) {
        if (by_syscall) {
            if (getrandom(p + off, MIB, 0) < 0) {
                perror("getrandom");
                return 1;
            }
        } else {
            p[off] = 1;
        }
    }
    printf("all %zu MiB touched: not killed\n", len / MIB);
    return 0;
}
