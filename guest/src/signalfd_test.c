/* signalfd: pending signals of a mask read as struct signalfd_siginfo
 * (dequeued), readiness for poll/select/epoll, non-blocking reads, updating
 * the mask, and a signal another thread sends to the process waking a
 * blocked read. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void show(const char *what, const struct signalfd_siginfo *si)
{
    printf("%s: signo=%u code=%d errno=%d pid_is_self=%d\n", what, si->ssi_signo,
           si->ssi_code, si->ssi_errno, si->ssi_pid == (unsigned)getpid());
}

static int ready(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, 0);
    return n == 1 && (p.revents & POLLIN);
}

static void *sender(void *arg)
{
    (void)arg;
    usleep(1000);
    kill(getpid(), SIGUSR1);
    return NULL;
}

int main(void)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    sigset_t want;
    sigemptyset(&want);
    sigaddset(&want, SIGUSR1);
    sigaddset(&want, SIGRTMIN);
    int fd = signalfd(-1, &want, SFD_CLOEXEC);
    if (fd < 0) {
        perror("signalfd");
        return 1;
    }
    printf("cloexec=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("ready before=%d\n", ready(fd));

    struct signalfd_siginfo si[4];
    raise(SIGUSR1);
    printf("ready after raise=%d\n", ready(fd));
    ssize_t n = read(fd, si, sizeof si);
    printf("read=%zd\n", n);
    show("raise", &si[0]);
    printf("ready after read=%d\n", ready(fd));

    union sigval v;
    v.sival_int = 42;
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 43;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR1);
    n = read(fd, si, sizeof si);
    printf("read=%zd\n", n);
    for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++) {
        printf("  signo_is_rtmin=%d signo_is_usr1=%d code=%d int=%d\n",
               si[i].ssi_signo == (unsigned)SIGRTMIN, si[i].ssi_signo == SIGUSR1,
               si[i].ssi_code, si[i].ssi_code == SI_QUEUE ? si[i].ssi_int : -1);
    }

    /* Non-blocking: nothing pending. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    n = read(fd, si, sizeof si);
    printf("nonblock read=%zd errno_is_eagain=%d\n", n, n < 0 && errno == EAGAIN);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    int nb = signalfd(-1, &want, SFD_NONBLOCK);
    n = read(nb, si, sizeof si);
    printf("SFD_NONBLOCK read=%zd errno_is_eagain=%d\n", n, n < 0 && errno == EAGAIN);
    close(nb);

    /* Too small a buffer, bad flags, a descriptor that is not a signalfd. */
    raise(SIGUSR1);
    n = read(fd, si, sizeof si[0] - 1);
    printf("short read=%zd errno_is_einval=%d\n", n, n < 0 && errno == EINVAL);
    printf("bad flags=%d errno_is_einval=%d\n", signalfd(-1, &want, 1), errno == EINVAL);
    int p[2];
    pipe(p);
    printf("not a signalfd=%d errno_is_einval=%d\n", signalfd(p[0], &want, 0),
           errno == EINVAL);
    close(p[0]);
    close(p[1]);

    /* select and epoll see the pending SIGUSR1. */
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    struct timeval tv = {0, 0};
    printf("select=%d isset=%d\n", select(fd + 1, &rd, NULL, NULL, &tv), FD_ISSET(fd, &rd));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    struct epoll_event out;
    int e = epoll_wait(ep, &out, 1, 0);
    printf("epoll=%d fd_ok=%d in=%d\n", e, e == 1 && out.data.fd == fd,
           e == 1 && (out.events & EPOLLIN));
    n = read(fd, si, sizeof si);
    printf("read=%zd\n", n);
    show("pending", &si[0]);
    e = epoll_wait(ep, &out, 1, 0);
    printf("epoll after read=%d\n", e);
    close(ep);

    /* A new mask on the same descriptor. */
    sigset_t other;
    sigemptyset(&other);
    sigaddset(&other, SIGUSR2);
    printf("update returns fd=%d\n", signalfd(fd, &other, 0) == fd);
    raise(SIGUSR1);
    printf("ready for usr1 after update=%d\n", ready(fd));
    raise(SIGUSR2);
    printf("ready for usr2=%d\n", ready(fd));
    n = read(fd, si, sizeof si);
    printf("read=%zd\n", n);
    show("usr2", &si[0]);
    sigset_t pend;
    sigpending(&pend);
    printf("usr1 still pending=%d usr2 pending=%d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGUSR2));
    signalfd(fd, &want, 0);

    /* Another thread signals the process while this one blocks in read. */
    n = read(fd, si, sizeof si);
    printf("read pending=%zd\n", n);
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    n = read(fd, si, sizeof si);
    printf("blocking read=%zd\n", n);
    show("from thread", &si[0]);
    pthread_join(t, NULL);
    close(fd);
    printf("done\n");
    return 0;
}
