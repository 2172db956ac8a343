/* Signals between threads: pthread_kill and tgkill run the handler on the
 * target thread; a thread blocked in sem_wait is interrupted (EINTR) by a
 * handler without SA_RESTART and resumes waiting with SA_RESTART; a signal
 * sent to the process is taken by the one thread that does not block it. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile pid_t handled_on;
static atomic_int handled;
static sem_t sem, ready;
static atomic_int waiting, result_ready;
static int result, result_errno;

static void handler(int sig)
{
    (void)sig;
    handled_on = syscall(SYS_gettid);
    atomic_fetch_add(&handled, 1);
}

static void set(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static pid_t worker_tid;

static void *waiter(void *arg)
{
    (void)arg;
    worker_tid = syscall(SYS_gettid);
    sem_post(&ready);
    atomic_store(&waiting, 1);
    int r = sem_wait(&sem);
    result_errno = errno;
    result = r;
    atomic_store(&result_ready, 1);
    return NULL;
}

static void *blocker(void *arg)
{
    /* Blocks every signal, so a process-directed one goes to main. */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    worker_tid = syscall(SYS_gettid);
    sem_post(&ready);
    sem_wait((sem_t *)arg);
    return NULL;
}

int main(void)
{
    pthread_t t;
    sem_init(&sem, 0, 0);
    sem_init(&ready, 0, 0);
    pid_t me = syscall(SYS_gettid);

    /* EINTR: no SA_RESTART. Keep signalling until the wait is interrupted. */
    set(SIGUSR1, 0);
    pthread_create(&t, NULL, waiter, NULL);
    sem_wait(&ready);
    while (!atomic_load(&result_ready)) {
        pthread_kill(t, SIGUSR1);
        sched_yield();
    }
    pthread_join(t, NULL);
    printf("no SA_RESTART: sem_wait %d %s, handler ran on the waiter %d\n", result,
           result_errno == EINTR ? "EINTR" : "?", handled_on == worker_tid);

    /* SA_RESTART: the wait goes on after the handler; only sem_post ends it. */
    set(SIGUSR1, SA_RESTART);
    atomic_store(&waiting, 0);
    atomic_store(&result_ready, 0);
    atomic_store(&handled, 0);
    pthread_create(&t, NULL, waiter, NULL);
    sem_wait(&ready);
    while (atomic_load(&handled) < 3) {
        pthread_kill(t, SIGUSR1);
        sched_yield();
    }
    int early = atomic_load(&result_ready);
    sem_post(&sem);
    pthread_join(t, NULL);
    printf("SA_RESTART: returned before sem_post %d; sem_wait %d\n", early, result);

    /* tgkill to another thread, and to a thread of another process id: ESRCH. */
    sem_t hold;
    sem_init(&hold, 0, 0);
    set(SIGUSR2, 0);
    pthread_create(&t, NULL, blocker, &hold);
    sem_wait(&ready);
    handled_on = 0;
    syscall(SYS_tgkill, getpid(), me, SIGUSR2);
    printf("tgkill self: handled on main %d\n", handled_on == me);
    int r = syscall(SYS_tgkill, getpid() + 1000, worker_tid, SIGUSR2);
    printf("tgkill wrong tgid: %d %s\n", r, errno == ESRCH ? "ESRCH" : "?");
    r = syscall(SYS_tgkill, getpid(), 0, SIGUSR2);
    printf("tgkill tid 0: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");

    /* Process-directed: the blocker blocks it, so main takes it. */
    handled_on = 0;
    kill(getpid(), SIGUSR2);
    printf("kill(getpid()): handled on main %d\n", handled_on == me);

    /* Thread-directed to the blocker: stays pending on it. */
    atomic_store(&handled, 0);
    pthread_kill(t, SIGUSR2);
    sigset_t pend;
    sigpending(&pend);
    printf("pthread_kill to a blocking thread: handled %d, pending in main %d\n",
           atomic_load(&handled), sigismember(&pend, SIGUSR2));
    sem_post(&hold);
    pthread_join(t, NULL);
    return 0;
}
