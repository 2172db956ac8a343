/* Signals and blocking pipe calls: a read of an empty pipe is interrupted by a
 * handler without SA_RESTART (EINTR) and restarted with SA_RESTART (it then
 * returns the data written later); a write to a pipe with no reader runs the
 * SIGPIPE handler and fails with EPIPE. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static atomic_int handled, done;
static int fds[2];
static ssize_t got;
static int got_errno;
static char buf[16];

static void handler(int sig)
{
    (void)sig;
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

static void *reader(void *arg)
{
    (void)arg;
    got = read(fds[0], buf, sizeof buf);
    got_errno = errno;
    atomic_store(&done, 1);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pipe(fds);

    set(SIGUSR1, 0);
    pthread_create(&t, NULL, reader, NULL);
    while (!atomic_load(&done)) {
        pthread_kill(t, SIGUSR1);
        sched_yield();
    }
    pthread_join(t, NULL);
    printf("no SA_RESTART: read %zd %s\n", got, got_errno == EINTR ? "EINTR" : "?");

    set(SIGUSR1, SA_RESTART);
    atomic_store(&done, 0);
    atomic_store(&handled, 0);
    pthread_create(&t, NULL, reader, NULL);
    while (atomic_load(&handled) < 3) {
        pthread_kill(t, SIGUSR1);
        sched_yield();
    }
    int early = atomic_load(&done);
    write(fds[1], "data", 4);
    pthread_join(t, NULL);
    printf("SA_RESTART: returned early %d; read %zd '%.*s'\n", early, got, (int)got, buf);

    set(SIGPIPE, 0);
    atomic_store(&handled, 0);
    close(fds[0]);
    ssize_t w = write(fds[1], "x", 1);
    printf("write with no reader: %zd %s, SIGPIPE handled %d\n", w,
           errno == EPIPE ? "EPIPE" : "?", atomic_load(&handled));
    return 0;
}
