/* Pipes, socket pairs and a Unix-socket server between processes: a parent
 * and a forked child ping-pong through pipes, the child streams data to
 * EOF, the parent polls a socket pair the child answers on, and a server
 * child accepts a client parent on a path. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check_child(pid_t pid, const char *what) {
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("%s: child failed (status %#x)\n", what, st);
        exit(1);
    }
}

int main(void) {
    int up[2], down[2];
    pipe(up);
    pipe(down);
    pid_t pid = fork();
    if (pid == 0) {
        close(up[0]);
        close(down[1]);
        int v;
        while (read(down[0], &v, sizeof v) == sizeof v) {
            v *= 2;
            if (write(up[1], &v, sizeof v) != sizeof v) _exit(1);
        }
        /* EOF on down: stream 100000 bytes up, then exit (EOF for the parent). */
        static char big[100000];
        memset(big, 'q', sizeof big);
        if (write(up[1], big, sizeof big) != sizeof big) _exit(2);
        _exit(0);
    }
    close(up[1]);
    close(down[0]);
    int v = 1;
    for (int i = 0; i < 10; i++) {
        write(down[1], &v, sizeof v);
        read(up[0], &v, sizeof v);
    }
    printf("ping-pong with a child process: %d\n", v);
    close(down[1]);
    size_t total = 0;
    char buf[4096];
    ssize_t n;
    while ((n = read(up[0], buf, sizeof buf)) > 0) total += n;
    printf("read %zu bytes from the child, then EOF\n", total);
    check_child(pid, "pipes");
    close(up[0]);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = fork();
    if (pid == 0) {
        close(sv[0]);
        struct timespec d = {0, 20000000L};
        nanosleep(&d, NULL);
        send(sv[1], "late hello", 10, 0);
        _exit(0);
    }
    close(sv[1]);
    struct pollfd pf = {sv[0], POLLIN, 0};
    int r = poll(&pf, 1, 5000);
    n = recv(sv[0], buf, sizeof buf, 0);
    printf("poll on a socket pair: %d, got '%.*s'\n", r, (int)n, buf);
    check_child(pid, "socketpair");
    close(sv[0]);

    const char *path = "ipc.sock";
    unlink(path);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, path);
    bind(ls, (struct sockaddr *)&a, sizeof a);
    listen(ls, 1);
    pid = fork();
    if (pid == 0) {
        int c = accept(ls, NULL, NULL);
        char req[64];
        ssize_t k = read(c, req, sizeof req);
        char reply[80];
        int m = snprintf(reply, sizeof reply, "server process got %zd bytes", k);
        write(c, reply, m);
        close(c);
        _exit(0);
    }
    close(ls);
    int cs = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(cs, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
    write(cs, "request", 7);
    n = read(cs, buf, sizeof buf);
    printf("client process: %.*s\n", (int)n, buf);
    check_child(pid, "server");
    unlink(path);
    return 0;
}
