/* A page one thread unmaps is gone for every thread at once: a second thread that
 * has just read it (so its core holds the translation) faults on its next read.
 * The reader makes no system call between its two reads (a printf could mmap a
 * malloc arena, which would drop its translations anyway); the handshake over
 * atomics fixes the order of events, so the output and the SIGSEGV that ends the
 * process are the same on any number of cores. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>

#define WORDS 1024

static _Atomic int stage;
static volatile int *page;
static int first_sum;

static void *reader(void *arg)
{
    (void)arg;
    int sum = 0;
    for (int i = 0; i < WORDS; i++)
        sum += page[i];
    first_sum = sum;
    atomic_store(&stage, 1);
    while (atomic_load(&stage) != 2)
        ;
    sum += page[WORDS / 2];
    printf("reader: BUG: read %d from an unmapped page\n", sum);
    fflush(stdout);
    return NULL;
}

int main(void)
{
    page = mmap(NULL, WORDS * sizeof(int), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (int i = 0; i < WORDS; i++)
        page[i] = i % 7;
    pthread_t t;
    if (pthread_create(&t, NULL, reader, NULL) != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    while (atomic_load(&stage) != 1)
        ;
    printf("reader read the page: sum %d\n", first_sum);
    if (munmap((void *)page, WORDS * sizeof(int)) != 0) {
        perror("munmap");
        return 1;
    }
    printf("main: unmapped\n");
    fflush(stdout);
    atomic_store(&stage, 2);
    pthread_join(t, NULL);
    printf("main: BUG: the reader survived\n");
    return 0;
}
