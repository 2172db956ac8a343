// Threads sharing counters: N pthreads (argv[1], default 4) each do K iterations
// (argv[2], default 20000) of a mutex-protected increment and an atomic fetch-add.
// The main thread joins them and checks both totals equal N*K; exit status 0 only
// if both are exact. Exercises clone, futex wait/wake, set_robust_list and the
// clear-child-tid wake-up at thread exit (pthread_join).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static long atomic_counter;
static long iterations;

static void *worker(void *arg) {
    (void)arg;
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&lock);
        locked_counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(int argc, char **argv) {
    long nthreads = argc > 1 ? strtol(argv[1], NULL, 10) : 4;
    iterations = argc > 2 ? strtol(argv[2], NULL, 10) : 20000;
    if (nthreads < 1 || nthreads > 256 || iterations < 0) {
        fprintf(stderr, "usage: threads [N 1..256] [K >= 0]\n");
        return 2;
    }
    pthread_t *tids = calloc((size_t)nthreads, sizeof(pthread_t));
    if (!tids) {
        return 2;
    }
    for (long t = 0; t < nthreads; t++) {
        int err = pthread_create(&tids[t], NULL, worker, NULL);
        if (err) {
            fprintf(stderr, "pthread_create: error %d\n", err);
            return 2;
        }
    }
    for (long t = 0; t < nthreads; t++) {
        pthread_join(tids[t], NULL);
    }
    free(tids);
    long want = nthreads * iterations;
    long atomic_total = __atomic_load_n(&atomic_counter, __ATOMIC_SEQ_CST);
    int ok = locked_counter == want && atomic_total == want;
    printf("threads=%ld iterations=%ld\n", nthreads, iterations);
    printf("mutex counter=%ld atomic counter=%ld expected=%ld\n", locked_counter,
           atomic_total, want);
    printf("%s\n", ok ? "exact" : "MISMATCH");
    return ok ? 0 : 1;
}
