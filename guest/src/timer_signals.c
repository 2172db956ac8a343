/* Timers that signal: setitimer's SIGALRM interrupts pause and nanosleep and
 * runs its handler each period; alarm() with a handler; a POSIX timer's
 * signal carries SI_TIMER and its sigev_value; SIGEV_THREAD_ID aims it at one
 * thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, usr1, usr1_code, usr1_value, usr1_in_target;
static volatile pid_t target_tid;

static void on_alarm(int s) { (void)s; alarms++; }

static void on_usr1(int s, siginfo_t *si, void *uc) {
    (void)s;
    (void)uc;
    usr1++;
    usr1_code = si->si_code;
    usr1_value = si->si_value.sival_int;
    usr1_in_target = (pid_t)syscall(SYS_gettid) == target_tid;
}

static void *waiter(void *arg) {
    (void)arg;
    target_tid = (pid_t)syscall(SYS_gettid);
    while (!usr1) {
        struct timespec d = {0, 1000000L};
        nanosleep(&d, NULL);
    }
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);

    struct itimerval iv = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &iv, NULL);
    int interrupted = 0;
    while (alarms < 3) {
        errno = 0;
        if (pause() == -1 && errno == EINTR) interrupted++;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("periodic SIGALRM: %d handler runs, pause interrupted %d times\n", (int)alarms, interrupted);

    alarms = 0;
    alarm(1);
    struct timespec d = {5, 0};
    errno = 0;
    int r = nanosleep(&d, NULL);
    printf("alarm(1) during nanosleep(5 s): %d %s, handler ran %d\n", r, strerror(errno), (int)alarms);

    sa.sa_handler = NULL;
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 42;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec once = {{0, 0}, {0, 5000000L}};
    timer_settime(t, 0, &once, NULL);
    while (!usr1) pause();
    printf("POSIX timer: SIGUSR1 with SI_TIMER %d, value %d\n", usr1_code == SI_TIMER, (int)usr1_value);
    timer_delete(t);

    usr1 = 0;
    pthread_t th;
    pthread_create(&th, NULL, waiter, NULL);
    while (!target_tid) sched_yield();
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &block, NULL); /* only the target may take it */
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev._sigev_un._tid = target_tid;
    sev.sigev_value.sival_int = 7;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    timer_settime(t, 0, &once, NULL);
    pthread_join(th, NULL);
    printf("SIGEV_THREAD_ID: taken by the target thread %d, value %d\n", (int)usr1_in_target, (int)usr1_value);
    return 0;
}
