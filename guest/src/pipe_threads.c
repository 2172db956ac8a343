/* Pipes between threads: blocking reads wait for a writer (or EOF), blocking
 * writes wait for room, O_NONBLOCK gives EAGAIN, and a pipe holds 64 KiB. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ping[2], pong[2];
static const int rounds = 200;

static void *ponger(void *arg) {
    (void)arg;
    for (int i = 0; i < rounds; i++) {
        int v;
        if (read(ping[0], &v, sizeof v) != sizeof v) { perror("pong read"); exit(1); }
        v += 1;
        if (write(pong[1], &v, sizeof v) != sizeof v) { perror("pong write"); exit(1); }
    }
    return NULL;
}

static int big[2];
enum { BIG = 300000 };

static void *big_reader(void *arg) {
    (void)arg;
    static unsigned char buf[7000];
    unsigned long sum = 0, total = 0;
    for (;;) {
        ssize_t n = read(big[0], buf, sizeof buf);
        if (n < 0) { perror("big read"); exit(1); }
        if (n == 0) break;
        for (ssize_t i = 0; i < n; i++) sum += buf[i] * (unsigned long)((total + i) % 7 + 1);
        total += n;
    }
    printf("reader got %lu bytes, checksum %lu, then EOF\n", total, sum);
    return NULL;
}

static int late[2];
static volatile int written_late;

static void *late_writer(void *arg) {
    (void)arg;
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 200000; i++) x += i; /* the reader waits meanwhile */
    written_late = 1;
    if (write(late[1], "late", 4) != 4) { perror("late write"); exit(1); }
    close(late[1]);
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pipe(ping) || pipe(pong)) { perror("pipe"); return 1; }
    pthread_create(&t, NULL, ponger, NULL);
    int v = 0;
    for (int i = 0; i < rounds; i++) {
        if (write(ping[1], &v, sizeof v) != sizeof v) { perror("ping write"); return 1; }
        if (read(pong[0], &v, sizeof v) != sizeof v) { perror("ping read"); return 1; }
    }
    pthread_join(t, NULL);
    printf("ping-pong: %d rounds, value %d\n", rounds, v);

    /* A reader blocked until a writer thread writes, then EOF. */
    if (pipe(late)) { perror("pipe"); return 1; }
    pthread_create(&t, NULL, late_writer, NULL);
    char buf[16];
    ssize_t n = read(late[0], buf, sizeof buf);
    printf("late read: %zd bytes '%.*s' after the writer ran: %d\n", n, (int)n, buf, written_late);
    n = read(late[0], buf, sizeof buf);
    printf("then read returns %zd (EOF)\n", n);
    pthread_join(t, NULL);
    close(late[0]);

    /* One blocking write bigger than the pipe: it completes in full. */
    if (pipe(big)) { perror("pipe"); return 1; }
    pthread_create(&t, NULL, big_reader, NULL);
    unsigned char *data = malloc(BIG);
    for (int i = 0; i < BIG; i++) data[i] = (unsigned char)(i * 31 + 7);
    n = write(big[1], data, BIG);
    printf("one write of %d bytes returned %zd\n", BIG, n);
    close(big[1]);
    pthread_join(t, NULL);
    close(big[0]);

    /* Capacity, O_NONBLOCK, O_CLOEXEC. */
    int p[2];
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC)) { perror("pipe2"); return 1; }
    printf("F_GETPIPE_SZ %d, FD_CLOEXEC %d, O_NONBLOCK %d\n", fcntl(p[0], F_GETPIPE_SZ),
           fcntl(p[1], F_GETFD) & FD_CLOEXEC, !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    errno = 0;
    n = read(p[0], buf, sizeof buf);
    printf("empty non-blocking read: %zd %s\n", n, strerror(errno));
    long filled = 0;
    for (;;) {
        n = write(p[1], data, 1000);
        if (n < 0) break;
        filled += n;
    }
    printf("filled %ld bytes, then %s\n", filled, strerror(errno));
    /* 4096 bytes (PIPE_BUF) are written whole or not at all. */
    n = read(p[0], buf, 10);
    errno = 0;
    n = write(p[1], data, 4096);
    printf("atomic write into 10 free bytes: %zd %s\n", n, strerror(errno));
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    n = write(p[1], data, 1);
    printf("write with no reader: %zd %s\n", n, strerror(errno));
    close(p[1]);
    free(data);
    return 0;
}
