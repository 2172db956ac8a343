/* mmap/munmap/mprotect/mremap/brk usage; file-backed mapping in the cwd. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t len = 16 * (size_t)pg;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        puts("mmap failed");
        return 1;
    }
    int zero = 1;
    for (size_t i = 0; i < len; i++)
        if (p[i] != 0)
            zero = 0;
    printf("anonymous mapping zeroed: %d, page aligned: %d\n", zero, ((uintptr_t)p & (pg - 1)) == 0);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i ^ (i >> 8));
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    printf("sum=%u\n", sum);
    printf("mprotect read-only: %d\n", mprotect(p, 4 * pg, PROT_READ));
    printf("read after mprotect: %u\n", p[pg + 5]);
    printf("mprotect rw again: %d\n", mprotect(p, 4 * pg, PROT_READ | PROT_WRITE));
    p[0] = 0xaa;
    printf("munmap middle: %d\n", munmap(p + 4 * pg, 4 * pg));
    unsigned char *q = mremap(p + 8 * pg, 8 * pg, 32 * pg, MREMAP_MAYMOVE);
    printf("mremap grow: %s, data kept: %d\n", q == MAP_FAILED ? "failed" : "ok",
           q != MAP_FAILED && q[5] == (unsigned char)((8 * pg + 5) ^ ((8 * pg + 5) >> 8)));
    if (q != MAP_FAILED) {
        q[31 * pg] = 1;
        munmap(q, 32 * pg);
    }
    munmap(p, 4 * pg);
    /* fixed mapping at a hint address inside a reserved region */
    unsigned char *r = mmap(NULL, 8 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *f = mmap(r + 2 * pg, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at requested address: %d\n", f == r + 2 * pg);
    f[10] = 42;
    printf("fixed page value: %d\n", f[10]);
    munmap(r, 8 * pg);

    /* file-backed shared mapping */
    int fd = open("mapped.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        puts("open failed");
        return 1;
    }
    ftruncate(fd, pg);
    char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(m, "written through a shared mapping");
    msync(m, pg, MS_SYNC);
    munmap(m, pg);
    char back[64] = {0};
    pread(fd, back, 32, 0);
    printf("file contents: %s\n", back);
    char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("private file map reads: %.7s\n", ro);
    munmap(ro, pg);
    close(fd);
    unlink("mapped.dat");

    void *b0 = sbrk(0);
    void *b1 = sbrk(65536);
    void *b2 = sbrk(0);
    printf("sbrk grew by %ld\n", (long)((char *)b2 - (char *)b1));
    memset(b1, 7, 65536);
    printf("sbrk old break matches: %d\n", b0 == b1);
    return 0;
}
