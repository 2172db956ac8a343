/* malloc/calloc/realloc/free stress with a deterministic pattern, checking contents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static uint32_t rng = 2463534242u;
static uint32_t xorshift(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

int main(void)
{
    static unsigned char *ptr[SLOTS];
    static size_t len[SLOTS];
    static unsigned char tag[SLOTS];
    int errors = 0;
    unsigned long allocs = 0, frees = 0, reallocs = 0;
    size_t peak = 0, live = 0;
    for (int iter = 0; iter < 60000; iter++) {
        uint32_t r = xorshift();
        int s = r % SLOTS;
        if (ptr[s]) {
            for (size_t i = 0; i < len[s]; i += 61)
                if (ptr[s][i] != tag[s])
                    errors++;
            if ((r >> 9) % 3 == 0) {
                size_t nl = (r >> 12) % 5000 + 1;
                unsigned char *np = realloc(ptr[s], nl);
                if (!np) { errors++; continue; }
                if (nl > len[s])
                    memset(np + len[s], tag[s], nl - len[s]);
                live += nl - len[s];
                ptr[s] = np;
                len[s] = nl;
                reallocs++;
            } else {
                free(ptr[s]);
                live -= len[s];
                ptr[s] = NULL;
                frees++;
            }
        } else {
            size_t n = (r >> 9) % 4 == 0 ? (r >> 12) % 200000 + 1 : (r >> 12) % 300 + 1;
            unsigned char *p = (r & 1) ? calloc(n, 1) : malloc(n);
            if (!p) { errors++; continue; }
            if (r & 1)
                for (size_t i = 0; i < n; i += 97)
                    if (p[i] != 0)
                        errors++;
            tag[s] = (unsigned char)(r >> 24);
            memset(p, tag[s], n);
            ptr[s] = p;
            len[s] = n;
            live += n;
            allocs++;
        }
        if (live > peak)
            peak = live;
    }
    for (int s = 0; s < SLOTS; s++)
        free(ptr[s]);
    void *big = malloc(64 << 20);
    if (big) {
        memset(big, 1, 64 << 20);
        free(big);
    }
    void *al = aligned_alloc(4096, 8192);
    int aligned = ((uintptr_t)al & 4095) == 0;
    free(al);
    void *pm = NULL;
    int prc = posix_memalign(&pm, 256, 1000);
    printf("allocs=%lu frees=%lu reallocs=%lu peak=%zu errors=%d big=%d aligned=%d posix_memalign=%d/%d\n", allocs, frees,
           reallocs, peak, errors, big != NULL, aligned, prc, ((uintptr_t)pm & 255) == 0);
    free(pm);
    return errors != 0;
}
