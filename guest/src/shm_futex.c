/* Futexes between processes: a process-shared mutex, condition variable and
 * semaphores in MAP_SHARED|MAP_ANONYMOUS memory, with three forked children
 * that really block on them while the parent holds the lock and sleeps, and
 * the raw futex operations (REQUEUE, CMP_REQUEUE, WAKE_OP,
 * WAIT_BITSET) between processes. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 3
#define ROUNDS 2000

struct shared {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    sem_t ready, gate, done;
    int go, waiting, entered;
    long counter;
    uint32_t fa, fb, fc, fd, fe;
    int flags[4];
};

static long futex(uint32_t *uaddr, int op, uint32_t val, unsigned long val2, uint32_t *uaddr2,
                  uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static void nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void child(struct shared *sh, int me)
{
    sem_post(&sh->ready);
    /* Blocks: the parent holds the lock and sleeps. */
    pthread_mutex_lock(&sh->lock);
    sh->entered++;
    sh->waiting++;
    while (!sh->go)
        pthread_cond_wait(&sh->cond, &sh->lock);
    sh->waiting--;
    pthread_mutex_unlock(&sh->lock);
    /* Blocks until the parent opens the gate. */
    sem_wait(&sh->gate);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&sh->lock);
        sh->counter++;
        pthread_mutex_unlock(&sh->lock);
    }
    sem_post(&sh->done);
    _exit(10 + me);
}

int main(void)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->lock, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&sh->cond, &ca);
    sem_init(&sh->ready, 1, 0);
    sem_init(&sh->gate, 1, 0);
    sem_init(&sh->done, 1, 0);

    pthread_mutex_lock(&sh->lock);
    fflush(stdout);
    pid_t pids[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            child(sh, i);
    }
    for (int i = 0; i < CHILDREN; i++)
        sem_wait(&sh->ready);
    nap(30);
    printf("entered while the parent held the lock: %d\n", sh->entered);
    pthread_mutex_unlock(&sh->lock);

    /* Wait until every child sleeps on the condition variable. */
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        int w = sh->waiting;
        pthread_mutex_unlock(&sh->lock);
        if (w == CHILDREN)
            break;
        nap(2);
    }
    printf("waiting on the condition: %d\n", CHILDREN);
    pthread_mutex_lock(&sh->lock);
    sh->go = 1;
    pthread_cond_broadcast(&sh->cond);
    pthread_mutex_unlock(&sh->lock);

    nap(30);
    int v;
    sem_getvalue(&sh->done, &v);
    printf("done before the gate opened: %d\n", v);
    for (int i = 0; i < CHILDREN; i++)
        sem_post(&sh->gate);
    for (int i = 0; i < CHILDREN; i++)
        sem_wait(&sh->done);
    printf("counter=%ld (expected %d)\n", sh->counter, CHILDREN * ROUNDS);
    for (int i = 0; i < CHILDREN; i++) {
        int status;
        waitpid(pids[i], &status, 0);
        printf("child %d exit %d\n", i, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }

    /* Raw futex operations between processes (no FUTEX_PRIVATE_FLAG). */
    fflush(stdout);
    pid_t w = fork();
    if (w == 0) {
        long a = futex(&sh->fa, FUTEX_WAIT, 0, 0, NULL, 0);
        sh->flags[0] = 1;
        long b = futex(&sh->fc, FUTEX_WAIT, 0, 0, NULL, 0);
        sh->flags[1] = 1;
        long c = futex(&sh->fe, FUTEX_WAIT_BITSET, 0, 0, NULL, 2);
        printf("waiter: %ld %ld %ld\n", a, b, c);
        fflush(stdout);
        _exit(0);
    }
    /* Requeue the waiter from fa to fb, then wake it on fb. */
    long moved;
    while ((moved = futex(&sh->fa, FUTEX_CMP_REQUEUE, 0, 1, &sh->fb, 0)) == 0)
        nap(1);
    printf("cmp_requeue moved %ld\n", moved);
    printf("wake on fa: %ld\n", futex(&sh->fa, FUTEX_WAKE, 1, 0, NULL, 0));
    printf("cmp_requeue with a changed word: %s\n",
           futex(&sh->fa, FUTEX_CMP_REQUEUE, 0, 1, &sh->fb, 7) < 0 && errno == EAGAIN
               ? "EAGAIN" : "other");
    printf("wake on fb: %ld\n", futex(&sh->fb, FUTEX_WAKE, 1, 0, NULL, 0));
    /* WAKE_OP: set fd to 5, wake fc's waiter, and fd's if it was 0. */
    long woken;
    while ((woken = futex(&sh->fc, FUTEX_WAKE_OP, 1, 1, &sh->fd,
                          FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0))) == 0)
        nap(1);
    printf("wake_op woke %ld, fd=%u\n", woken, sh->fd);
    /* WAKE_BITSET: a mask missing the waiter's bit wakes nobody. */
    while (__atomic_load_n(&sh->flags[1], __ATOMIC_SEQ_CST) == 0)
        nap(1);
    nap(20);
    printf("wake_bitset 1: %ld\n", futex(&sh->fe, FUTEX_WAKE_BITSET, 1, 0, NULL, 1));
    while ((woken = futex(&sh->fe, FUTEX_WAKE_BITSET, 1, 0, NULL, 6)) == 0)
        nap(1);
    printf("wake_bitset 6: %ld\n", woken);
    int status;
    waitpid(w, &status, 0);
    printf("waiter exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
