/* fork from one thread of a multithreaded process while another thread keeps
 * writing memory: the child has one thread and a copy-on-write snapshot; the
 * parent's threads go on seeing their own writes. Also a vfork from a
 * multithreaded process (the child copies memory rather than borrowing it). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define N (1 << 16)
static int data[N];
static atomic_int stop;
static atomic_long rounds;

static void *writer(void *arg) {
    (void)arg;
    long r = 0;
    while (!atomic_load(&stop)) {
        for (int i = 0; i < N; i += 1024)
            data[i] = (int)r;
        r++;
        atomic_store(&rounds, r);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 0; i < N; i++)
        data[i] = -1;
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (atomic_load(&rounds) < 3)
        sched_yield();
    for (int k = 0; k < 3; k++) {
        pid_t c = fork();
        if (c == 0) {
            /* One thread here: the snapshot must not change under us. */
            int first = data[0];
            for (volatile int spin = 0; spin < 20000; spin++)
                ;
            int same = 1;
            for (int i = 0; i < N; i += 1024)
                same &= data[i] == first || data[i] == first - 1;
            int frozen = data[0] == first;
            data[1] = 12345; /* private */
            _exit(same && frozen ? 0 : 1);
        }
        int st;
        waitpid(c, &st, 0);
        printf("fork %d: child saw a frozen snapshot: %s, parent's data[1] %d\n", k,
               WEXITSTATUS(st) == 0 ? "yes" : "no", data[1]);
    }
    long before = atomic_load(&rounds);
    while (atomic_load(&rounds) < before + 2)
        sched_yield();
    printf("writer thread went on after the forks\n");
    pid_t c = vfork();
    if (c == 0)
        _exit(6);
    int st;
    waitpid(c, &st, 0);
    printf("vfork child of a threaded process exited %d\n", WEXITSTATUS(st));
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    return 0;
}
