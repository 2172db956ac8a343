// Robust mutexes: a thread that dies holding a PTHREAD_MUTEX_ROBUST mutex must
// not leave it locked forever. The kernel walks the dead thread's robust list
// (set_robust_list) and marks each futex it held with FUTEX_OWNER_DIED, waking a
// waiter; the next pthread_mutex_lock returns EOWNERDEAD.
//
// Cases, each printing what the pthread calls returned:
//   1. dead owner, nobody waiting: lock -> EOWNERDEAD, consistent, unlock, relock
//   2. main already blocked in pthread_mutex_lock when the owner dies
//   3. the owner dies holding two mutexes (a list of two entries); after
//      EOWNERDEAD, unlocking without pthread_mutex_consistent makes the mutex
//      unrecoverable (ENOTRECOVERABLE)
//   4. a mutex the thread unlocked before exiting is left alone
//
// qemu-user does not implement set_robust_list (glibc then refuses robust
// mutexes), so the reference output comes from the same source built for the
// host and run on a real Linux kernel.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

/// The futex word's "waiters" bit (linux/futex.h FUTEX_WAITERS).
#define WAITERS_BIT 0x80000000u

static const char *name(int err) {
    switch (err) {
    case 0:
        return "0";
    case EOWNERDEAD:
        return "EOWNERDEAD";
    case ENOTRECOVERABLE:
        return "ENOTRECOVERABLE";
    case EBUSY:
        return "EBUSY";
    case EINVAL:
        return "EINVAL";
    case EPERM:
        return "EPERM";
    case ENOTSUP:
        return "ENOTSUP";
    default:
        return "other";
    }
}

static void robust_init(pthread_mutex_t *m) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    int err = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    printf("setrobust: %s\n", name(err));
    err = pthread_mutex_init(m, &a);
    printf("init: %s\n", name(err));
    pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t m1, m2, m3, m4;
static sem_t locked;

/// Lock `m1` and die holding it.
static void *lock_and_die(void *arg) {
    (void)arg;
    printf("thread lock: %s\n", name(pthread_mutex_lock(&m1)));
    return NULL;
}

/// Lock `m2`, tell main, wait until main waits for it (the waiters bit is set
/// in its futex word), then die holding it.
static void *lock_wait_for_waiter_and_die(void *arg) {
    (void)arg;
    printf("thread lock: %s\n", name(pthread_mutex_lock(&m2)));
    sem_post(&locked);
    while ((__atomic_load_n((unsigned *)&m2.__data.__lock, __ATOMIC_ACQUIRE) & WAITERS_BIT) == 0) {
        sched_yield();
    }
    return NULL;
}

/// Lock `m3` and `m4`, unlock `m4`, die holding `m3` only; then the same with
/// both held.
static void *lock_two_and_die(void *arg) {
    int both = arg != NULL;
    int a = pthread_mutex_lock(&m3);
    int b = pthread_mutex_lock(&m4);
    printf("thread lock two: %s %s\n", name(a), name(b));
    if (!both) {
        printf("thread unlock second: %s\n", name(pthread_mutex_unlock(&m4)));
    }
    return NULL;
}

static void run(void *(*fn)(void *), void *arg, pthread_t *t) {
    int err = pthread_create(t, NULL, fn, arg);
    if (err) {
        printf("pthread_create: %s\n", strerror(err));
    }
}

int main(void) {
    pthread_t t;
    setvbuf(stdout, NULL, _IONBF, 0);

    printf("case 1: owner died, nobody waiting\n");
    robust_init(&m1);
    run(lock_and_die, NULL, &t);
    pthread_join(t, NULL);
    printf("lock: %s\n", name(pthread_mutex_lock(&m1)));
    printf("consistent: %s\n", name(pthread_mutex_consistent(&m1)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&m1)));
    printf("relock: %s\n", name(pthread_mutex_lock(&m1)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&m1)));

    printf("case 2: owner dies while main waits\n");
    robust_init(&m2);
    sem_init(&locked, 0, 0);
    run(lock_wait_for_waiter_and_die, NULL, &t);
    sem_wait(&locked);
    printf("blocking lock: %s\n", name(pthread_mutex_lock(&m2)));
    printf("consistent: %s\n", name(pthread_mutex_consistent(&m2)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&m2)));
    pthread_join(t, NULL);
    printf("trylock: %s\n", name(pthread_mutex_trylock(&m2)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&m2)));

    printf("case 3: one released, one held at death\n");
    robust_init(&m3);
    robust_init(&m4);
    run(lock_two_and_die, NULL, &t);
    pthread_join(t, NULL);
    printf("released one trylock: %s\n", name(pthread_mutex_trylock(&m4)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&m4)));
    printf("held one trylock: %s\n", name(pthread_mutex_trylock(&m3)));
    printf("unlock without consistent: %s\n", name(pthread_mutex_unlock(&m3)));
    printf("lock: %s\n", name(pthread_mutex_lock(&m3)));

    printf("case 4: two held at death\n");
    pthread_mutex_destroy(&m3);
    pthread_mutex_destroy(&m4);
    robust_init(&m3);
    robust_init(&m4);
    run(lock_two_and_die, (void *)1, &t);
    pthread_join(t, NULL);
    printf("first lock: %s\n", name(pthread_mutex_lock(&m3)));
    printf("second lock: %s\n", name(pthread_mutex_lock(&m4)));
    printf("consistent: %s %s\n", name(pthread_mutex_consistent(&m3)),
           name(pthread_mutex_consistent(&m4)));
    printf("unlock: %s %s\n", name(pthread_mutex_unlock(&m4)), name(pthread_mutex_unlock(&m3)));
    printf("done\n");
    return 0;
}
