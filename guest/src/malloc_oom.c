/* Memory exhaustion fails cleanly, as on Linux: run with a simulated memory of
 * argv[1] MiB (`sim se --mem-size 16MiB malloc_oom 16`). Requests that memory
 * cannot back fail with ENOMEM (mmap, sbrk, malloc returning NULL, thread
 * creation EAGAIN), reservations that cost nothing succeed, and freed memory
 * can be used again. Prints no amounts that depend on the C library's overhead. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1ul << 20)
#define MAX_BLOCKS 4096

static void *blocks[MAX_BLOCKS];

static const char *err_name(int e)
{
    return e == ENOMEM ? "ENOMEM" : e == EAGAIN ? "EAGAIN" : strerror(e);
}

/* Touch the stack pages the rest of the program may use, so that no later
 * call needs a new page once memory is exhausted on purpose. */
static void touch_stack(void)
{
    volatile char pad[128 * 1024];
    memset((char *)pad, 1, sizeof pad);
}

/* Allocate and fill blocks of `size` until malloc fails; returns how many. */
static int exhaust(size_t size, int *err)
{
    int n = 0;
    while (n < MAX_BLOCKS) {
        errno = 0;
        char *p = malloc(size);
        if (!p) {
            *err = errno;
            break;
        }
        memset(p, 0x5a, size);
        blocks[n++] = p;
    }
    return n;
}

static void release(int n)
{
    for (int i = 0; i < n; i++)
        free(blocks[i]);
    malloc_trim(0);
}

static void report(const char *what, int n, size_t size, size_t limit, int err)
{
    size_t got = n * size;
    printf("%s: malloc returned NULL with errno %s after %s of the memory\n", what,
           err_name(err),
           got >= limit / 2 && got < limit ? "more than half" : "an unexpected amount");
}

static void *thread_main(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    size_t limit = (argc > 1 ? strtoul(argv[1], NULL, 0) : 16) * MIB;
    touch_stack();
    printf("simulated memory: %zu MiB\n", limit / MIB);

    void *m = mmap(NULL, 2 * limit, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap of twice the memory, writable: %s\n",
           m == MAP_FAILED ? err_name(errno) : "succeeded");
    m = mmap(NULL, 2 * limit, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap of twice the memory, PROT_NONE: %s\n",
           m == MAP_FAILED ? err_name(errno) : "succeeded");
    if (m != MAP_FAILED) {
        errno = 0;
        int r = mprotect(m, 2 * limit, PROT_READ | PROT_WRITE);
        printf("  made writable with mprotect: %s\n", r ? err_name(errno) : "succeeded");
        munmap(m, 2 * limit);
    }
    m = mmap(NULL, 2 * limit, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("mmap of twice the memory, MAP_NORESERVE: %s\n",
           m == MAP_FAILED ? err_name(errno) : "succeeded");
    if (m != MAP_FAILED)
        munmap(m, 2 * limit);
    errno = 0;
    void *b = sbrk(2 * limit);
    printf("sbrk of twice the memory: %s\n", b == (void *)-1 ? err_name(errno) : "succeeded");
    errno = 0;
    void *big = malloc(2 * limit);
    printf("malloc of twice the memory: %s\n", big ? "succeeded" : err_name(errno));
    free(big);

    /* Large blocks come from mmap, small ones from brk. */
    int err = 0;
    int n = exhaust(MIB, &err);
    report("1 MiB blocks", n, MIB, limit, err);
    pthread_t t;
    int r = pthread_create(&t, NULL, thread_main, NULL);
    printf("pthread_create with memory exhausted: %s\n", r ? err_name(r) : "succeeded");
    if (r == 0)
        pthread_join(t, NULL);
    release(n);

    n = exhaust(64 * 1024, &err);
    report("64 KiB blocks", n, 64 * 1024, limit, err);
    release(n);

    n = exhaust(MIB, &err);
    report("1 MiB blocks again", n, MIB, limit, err);
    release(n);

    r = pthread_create(&t, NULL, thread_main, NULL);
    printf("pthread_create after freeing: %s\n", r ? err_name(r) : "succeeded");
    if (r == 0)
        pthread_join(t, NULL);
    return 0;
}
