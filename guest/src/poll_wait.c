/* poll, ppoll, select, pselect and epoll over pipes and eventfds: time-outs
 * with nothing ready, a thread blocked until another writes, level- and
 * edge-triggered epoll, EPOLLONESHOT, eventfd counters and semaphores. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static long long mono_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static int p[2];
static int efd;

static void *late_writer(void *arg) {
    (void)arg;
    struct timespec d = {0, 20000000L};
    nanosleep(&d, NULL);
    if (write(p[1], "x", 1) != 1) perror("write");
    return NULL;
}

static void *late_signaller(void *arg) {
    (void)arg;
    struct timespec d = {0, 15000000L};
    nanosleep(&d, NULL);
    uint64_t v = 3;
    if (write(efd, &v, 8) != 8) perror("eventfd write");
    return NULL;
}

int main(void) {
    if (pipe(p)) { perror("pipe"); return 1; }
    struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};

    int n = poll(fds, 1, 0);
    printf("poll empty pipe, timeout 0: %d revents %#x\n", n, fds[0].revents);
    long long t0 = mono_ms();
    n = poll(fds, 1, 30);
    printf("poll empty pipe, 30 ms: %d, waited >= 30 ms: %d\n", n, mono_ms() - t0 >= 30);
    n = poll(fds, 2, -1);
    printf("poll read+write ends: %d, revents %#x %#x\n", n, fds[0].revents, fds[1].revents);

    pthread_t t;
    pthread_create(&t, NULL, late_writer, NULL);
    t0 = mono_ms();
    n = poll(fds, 1, -1);
    printf("poll until a thread writes: %d revents %#x, waited >= 20 ms: %d\n", n, fds[0].revents,
           mono_ms() - t0 >= 20);
    pthread_join(t, NULL);
    char c;
    if (read(p[0], &c, 1) != 1) perror("read");

    struct timespec ts = {0, 25000000L};
    t0 = mono_ms();
    n = ppoll(fds, 1, &ts, NULL);
    printf("ppoll 25 ms: %d, waited >= 25 ms: %d\n", n, mono_ms() - t0 >= 25);

    struct pollfd bad = {999, POLLIN, 0};
    n = poll(&bad, 1, 0);
    printf("poll closed fd: %d revents %#x\n", n, bad.revents);

    /* select and pselect */
    fd_set r, w;
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    struct timeval tv = {0, 40000};
    t0 = mono_ms();
    n = select(p[0] + 1, &r, NULL, NULL, &tv);
    printf("select empty pipe 40 ms: %d, set %d, waited >= 40 ms: %d\n", n, FD_ISSET(p[0], &r),
           mono_ms() - t0 >= 40);
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    if (write(p[1], "ab", 2) != 2) perror("write");
    n = select(p[1] + 1, &r, &w, NULL, NULL);
    printf("select with data: %d, read %d, write %d\n", n, FD_ISSET(p[0], &r), FD_ISSET(p[1], &w));
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    struct timespec zero = {0, 0};
    n = pselect(p[0] + 1, &r, NULL, NULL, &zero, NULL);
    printf("pselect with data: %d\n", n);
    char buf[8];
    if (read(p[0], buf, 2) != 2) perror("read");

    /* eventfd */
    efd = eventfd(0, 0);
    pthread_create(&t, NULL, late_signaller, NULL);
    uint64_t v = 0;
    t0 = mono_ms();
    ssize_t k = read(efd, &v, 8);
    printf("eventfd read blocked until a thread wrote: %zd value %llu, waited >= 15 ms: %d\n", k,
           (unsigned long long)v, mono_ms() - t0 >= 15);
    pthread_join(t, NULL);
    int nb = eventfd(2, EFD_NONBLOCK | EFD_SEMAPHORE);
    for (int i = 0; i < 3; i++) {
        errno = 0;
        k = read(nb, &v, 8);
        printf("semaphore read %d: %zd value %llu %s\n", i, k, (unsigned long long)v, k < 0 ? strerror(errno) : "");
    }
    errno = 0;
    printf("eventfd read of 4 bytes: %zd %s\n", read(nb, buf, 4), strerror(errno));
    printf("eventfd bad flags: %d %s\n", eventfd(0, 0x40), strerror(errno));

    /* epoll, level-triggered */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct epoll_event out[4];
    t0 = mono_ms();
    n = epoll_wait(ep, out, 4, 35);
    printf("epoll_wait empty 35 ms: %d, waited >= 35 ms: %d\n", n, mono_ms() - t0 >= 35);
    pthread_create(&t, NULL, late_writer, NULL);
    n = epoll_wait(ep, out, 4, -1);
    printf("epoll_wait until a thread writes: %d events %#x data %#llx\n", n, out[0].events,
           (unsigned long long)out[0].data.u64);
    pthread_join(t, NULL);
    n = epoll_wait(ep, out, 4, 0);
    printf("level-triggered, still ready: %d\n", n);
    /* edge-triggered: reported once per new write */
    ev.events = EPOLLIN | EPOLLET;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
    n = epoll_wait(ep, out, 4, 0);
    int n2 = epoll_wait(ep, out, 4, 0);
    printf("edge-triggered: %d then %d\n", n, n2);
    if (write(p[1], "y", 1) != 1) perror("write");
    n = epoll_wait(ep, out, 4, 0);
    printf("edge-triggered after a new write: %d\n", n);
    /* one-shot */
    ev.events = EPOLLIN | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
    n = epoll_wait(ep, out, 4, 0);
    n2 = epoll_wait(ep, out, 4, 0);
    printf("one-shot: %d then %d\n", n, n2);
    errno = 0;
    printf("epoll_ctl ADD twice: %d %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), strerror(errno));
    errno = 0;
    printf("epoll_wait maxevents 0: %d %s\n", epoll_wait(ep, out, 0, 0), strerror(errno));
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    /* eventfd in epoll with pwait */
    ev.events = EPOLLIN;
    ev.data.fd = efd;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    pthread_create(&t, NULL, late_signaller, NULL);
    n = epoll_pwait(ep, out, 4, 1000, NULL);
    printf("epoll_pwait on eventfd: %d fd matches %d\n", n, out[0].data.fd == efd);
    pthread_join(t, NULL);
    if (read(efd, &v, 8) != 8) perror("read");
    printf("counter %llu\n", (unsigned long long)v);
    return 0;
}
