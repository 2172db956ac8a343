/* Timer fds, POSIX timers and interval timers in (simulated) time. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static long long mono_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    /* A one-shot timer fd: read blocks until it expires. */
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, 0}, {0, 50000000L}}, cur;
    long long t0 = mono_ms();
    printf("timerfd_settime: %d\n", timerfd_settime(tfd, 0, &its, NULL));
    timerfd_gettime(tfd, &cur);
    printf("gettime: 0 < value <= 50 ms: %d, interval %lld\n",
           ns(cur.it_value) > 0 && ns(cur.it_value) <= 50000000LL, ns(cur.it_interval));
    uint64_t count = 0;
    ssize_t n = read(tfd, &count, 8);
    printf("read: %zd, %llu expiration, waited >= 50 ms: %d\n", n, (unsigned long long)count,
           mono_ms() - t0 >= 50);
    timerfd_gettime(tfd, &cur);
    printf("after expiry: value %lld\n", ns(cur.it_value));

    /* Periodic, polled. */
    its.it_interval.tv_nsec = 10000000L;
    its.it_value.tv_nsec = 10000000L;
    timerfd_settime(tfd, 0, &its, NULL);
    struct pollfd pf = {tfd, POLLIN, 0};
    int r = poll(&pf, 1, 1000);
    printf("poll periodic timer fd: %d revents %#x\n", r, pf.revents);
    struct timespec d = {0, 55000000L};
    nanosleep(&d, NULL);
    n = read(tfd, &count, 8);
    printf("after 55 ms more: %zd, at least 5 expirations: %d\n", n, count >= 5);
    /* Absolute, in the past: expires at once. */
    struct itimerspec abs = {{0, 0}, {1, 0}};
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &abs, NULL);
    n = read(tfd, &count, 8);
    printf("absolute time in the past: %zd, %llu expiration\n", n, (unsigned long long)count);

    int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    errno = 0;
    n = read(nb, &count, 8);
    printf("unarmed non-blocking read: %zd %s\n", n, strerror(errno));
    errno = 0;
    printf("timerfd_create bad clock: %d %s\n", timerfd_create(42, 0), strerror(errno));
    struct itimerspec bad = {{0, 0}, {0, 1000000000L}};
    errno = 0;
    printf("timerfd_settime bad value: %d %s\n", timerfd_settime(nb, 0, &bad, NULL), strerror(errno));
    errno = 0;
    printf("timerfd_settime on a pipe: %d %s\n", timerfd_settime(1, 0, &its, NULL), strerror(errno));

    /* A POSIX timer with no notification: only its times are read. */
    timer_t tid;
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_NONE;
    printf("timer_create: %d\n", timer_create(CLOCK_MONOTONIC, &sev, &tid));
    struct itimerspec one = {{0, 0}, {1, 0}};
    printf("timer_settime: %d\n", timer_settime(tid, 0, &one, NULL));
    d.tv_nsec = 100000000L;
    nanosleep(&d, NULL);
    timer_gettime(tid, &cur);
    printf("timer_gettime after 100 ms: left < 0.9 s: %d, > 0: %d\n", ns(cur.it_value) <= 900000000LL,
           ns(cur.it_value) > 0);
    printf("timer_getoverrun: %d\n", timer_getoverrun(tid));
    printf("timer_delete: %d\n", timer_delete(tid));
    errno = 0;
    printf("timer_delete again: %d %s\n", timer_delete(tid), strerror(errno));
    sev.sigev_notify = 99;
    errno = 0;
    printf("timer_create bad notify: %d %s\n", timer_create(CLOCK_MONOTONIC, &sev, &tid), strerror(errno));

    /* A signal timer whose signal is ignored: the process lives on. */
    signal(SIGALRM, SIG_IGN);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    timer_create(CLOCK_MONOTONIC, &sev, &tid);
    struct itimerspec soon = {{0, 5000000L}, {0, 5000000L}};
    timer_settime(tid, 0, &soon, NULL);
    d.tv_nsec = 30000000L;
    nanosleep(&d, NULL);
    printf("ignored SIGALRM timer: still running\n");
    timer_delete(tid);

    /* Interval timers. */
    struct itimerval iv = {{0, 0}, {5, 0}}, old;
    printf("setitimer: %d\n", setitimer(ITIMER_REAL, &iv, NULL));
    d.tv_nsec = 100000000L;
    nanosleep(&d, NULL);
    getitimer(ITIMER_REAL, &old);
    printf("getitimer after 100 ms: %ld s left (4 <= s < 5)\n", (long)old.it_value.tv_sec);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, &old);
    printf("old value returned on disarm: %d\n", old.it_value.tv_sec == 4);
    getitimer(ITIMER_REAL, &old);
    printf("disarmed: %ld.%06ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec);
    struct itimerval badv = {{0, 0}, {0, 1000000}};
    errno = 0;
    printf("setitimer bad usec: %d %s\n", setitimer(ITIMER_REAL, &badv, NULL), strerror(errno));
    errno = 0;
    printf("getitimer which 7: %d %s\n", getitimer(7, &old), strerror(errno));
    printf("alarm(0) = %u\n", alarm(0));
    return 0;
}
