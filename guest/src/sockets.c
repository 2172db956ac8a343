/* Unix-domain sockets between threads: socket pairs (stream and datagram),
 * a server and a client on a path, blocking accept/recv, shutdown, fds passed
 * with SCM_RIGHTS, and the usual errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int sp[2];

static void *echo_peer(void *arg) {
    (void)arg;
    char buf[64];
    for (;;) {
        ssize_t n = recv(sp[1], buf, sizeof buf, 0);
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; i++) buf[i] ^= 0x20;
        if (send(sp[1], buf, n, 0) != n) { perror("send"); exit(1); }
    }
    close(sp[1]);
    return NULL;
}

static const char *path = "srv.sock";

static void *server(void *arg) {
    int ls = *(int *)arg;
    struct sockaddr_un peer;
    socklen_t len = sizeof peer;
    int c = accept(ls, (struct sockaddr *)&peer, &len);
    if (c < 0) { perror("accept"); exit(1); }
    char buf[128];
    ssize_t n;
    size_t total = 0;
    while ((n = read(c, buf, sizeof buf)) > 0) total += n;
    char reply[64];
    int k = snprintf(reply, sizeof reply, "server read %zu bytes", total);
    if (write(c, reply, k) != k) perror("write");
    close(c);
    return NULL;
}

int main(void) {
    /* Stream socket pair between threads. */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp)) { perror("socketpair"); return 1; }
    pthread_t t;
    pthread_create(&t, NULL, echo_peer, NULL);
    const char *words[] = {"hello", "socket", "pair"};
    for (int i = 0; i < 3; i++) {
        char buf[64];
        send(sp[0], words[i], strlen(words[i]), 0);
        ssize_t n = recv(sp[0], buf, sizeof buf, 0);
        printf("echo: %.*s\n", (int)n, buf);
    }
    shutdown(sp[0], SHUT_WR);
    char b;
    printf("after shutdown, peer closes: recv %zd\n", recv(sp[0], &b, 1, 0));
    pthread_join(t, NULL);
    errno = 0;
    printf("send to a closed peer: %zd %s\n", send(sp[0], "x", 1, MSG_NOSIGNAL), strerror(errno));
    close(sp[0]);

    /* Datagram pair keeps message boundaries. */
    int dp[2];
    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dp);
    send(dp[0], "one", 3, 0);
    send(dp[0], "three", 5, 0);
    char buf[64];
    ssize_t n1 = recv(dp[1], buf, sizeof buf, 0);
    ssize_t n2 = recv(dp[1], buf, sizeof buf, 0);
    printf("datagrams: %zd then %zd bytes, FD_CLOEXEC %d\n", n1, n2, fcntl(dp[0], F_GETFD));
    errno = 0;
    printf("empty non-blocking recv: %zd %s\n", recv(dp[1], buf, sizeof buf, MSG_DONTWAIT), strerror(errno));
    int type;
    socklen_t tl = sizeof type;
    getsockopt(dp[0], SOL_SOCKET, SO_TYPE, &type, &tl);
    printf("SO_TYPE %d (SOCK_DGRAM %d), len %u\n", type, SOCK_DGRAM, tl);

    /* SCM_RIGHTS: pass a pipe's read end over the pair. */
    int pp[2];
    pipe(pp);
    if (write(pp[1], "through the pipe", 16) != 16) perror("write");
    struct msghdr m;
    memset(&m, 0, sizeof m);
    struct iovec iov = {"fd", 2};
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    memset(&ctl, 0, sizeof ctl);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &pp[0], sizeof(int));
    printf("sendmsg with an fd: %zd\n", sendmsg(dp[0], &m, 0));
    close(pp[0]);
    char data[8];
    struct iovec riov = {data, sizeof data};
    memset(&m, 0, sizeof m);
    memset(&ctl, 0, sizeof ctl);
    m.msg_iov = &riov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof ctl.buf;
    ssize_t r = recvmsg(dp[1], &m, MSG_CMSG_CLOEXEC);
    cm = CMSG_FIRSTHDR(&m);
    int got = -1;
    if (cm && cm->cmsg_type == SCM_RIGHTS) memcpy(&got, CMSG_DATA(cm), sizeof(int));
    printf("recvmsg: %zd bytes '%.*s', an fd arrived: %d, cloexec %d\n", r, (int)r, data, got >= 0,
           got >= 0 ? fcntl(got, F_GETFD) : -1);
    n1 = read(got, buf, sizeof buf);
    printf("read from the passed fd: '%.*s'\n", (int)n1, buf);
    close(got);
    close(pp[1]);
    close(dp[0]);
    close(dp[1]);

    /* A server thread and a client on a path. */
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, path);
    unlink(path);
    if (bind(ls, (struct sockaddr *)&a, sizeof a)) { perror("bind"); return 1; }
    listen(ls, 4);
    struct sockaddr_un bound;
    socklen_t bl = sizeof bound;
    getsockname(ls, (struct sockaddr *)&bound, &bl);
    printf("bound to a path ending in %s\n", strrchr(bound.sun_path, '/') ? strrchr(bound.sun_path, '/') + 1 : bound.sun_path);
    pthread_create(&t, NULL, server, &ls);
    int cs = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(cs, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
    char big[5000];
    memset(big, 'z', sizeof big);
    for (int i = 0; i < 40; i++)
        if (write(cs, big, sizeof big) != sizeof big) { perror("client write"); return 1; }
    shutdown(cs, SHUT_WR);
    n1 = read(cs, buf, sizeof buf);
    printf("client got: %.*s\n", (int)n1, buf);
    pthread_join(t, NULL);
    close(cs);
    close(ls);
    unlink(path);
    errno = 0;
    cs = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect to a missing path: %d %s\n", connect(cs, (struct sockaddr *)&a, sizeof a), strerror(errno));

    /* Unix datagram sockets on paths. */
    int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a1 = {AF_UNIX, "d1.sock"}, a2 = {AF_UNIX, "d2.sock"};
    unlink("d1.sock");
    unlink("d2.sock");
    bind(d1, (struct sockaddr *)&a1, sizeof a1);
    bind(d2, (struct sockaddr *)&a2, sizeof a2);
    sendto(d1, "dgram", 5, 0, (struct sockaddr *)&a2, sizeof a2);
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    n1 = recvfrom(d2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("recvfrom: %.*s from ...%s\n", (int)n1, buf, strrchr(from.sun_path, '/') ? strrchr(from.sun_path, '/') + 1 : from.sun_path);
    unlink("d1.sock");
    unlink("d2.sock");

    /* A receive time-out ends a blocking recv with EAGAIN. */
    int tp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, tp);
    struct timeval tv = {0, 30000};
    setsockopt(tp[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    errno = 0;
    n1 = recv(tp[0], buf, sizeof buf, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long waited = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    printf("recv with SO_RCVTIMEO 30 ms: %zd %s, waited >= 30 ms: %d\n", n1, strerror(errno),
           waited >= 30000000LL);
    return 0;
}
