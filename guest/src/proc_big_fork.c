/* Fork of a process with a large touched heap (copy-on-write: cheap), the child
 * checks a few pages and exits, then the parent checks its own data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MB (1024 * 1024)

int main(int argc, char **argv) {
    size_t size = (argc > 1 ? atol(argv[1]) : 64) * (size_t)MB;
    unsigned char *p = malloc(size);
    for (size_t i = 0; i < size; i += 4096)
        p[i] = (unsigned char)(i >> 12);
    int forks = argc > 2 ? atoi(argv[2]) : 4;
    for (int k = 0; k < forks; k++) {
        pid_t c = fork();
        if (c == 0) {
            int ok = 1;
            for (size_t i = 0; i < size; i += 1 << 20)
                ok &= p[i] == (unsigned char)(i >> 12);
            p[0] = 0xee; /* a private copy of one page */
            _exit(ok ? 0 : 1);
        }
        int st;
        waitpid(c, &st, 0);
        printf("fork %d of %zu MiB: child %s, parent's first byte %d\n", k, size / MB,
               WEXITSTATUS(st) == 0 ? "saw the heap" : "saw wrong data", p[0]);
    }
    return 0;
}
