/* A tiny HTTP server on 127.0.0.1. With no argument it picks a free port and
 * a client thread in the same process requests a page (compared with qemu);
 * with a port argument it serves one request from outside on that port
 * (tests/time_wait.rs connects from the host). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int port;

static void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    if (c < 0) { perror("accept"); exit(1); }
    char req[1024];
    size_t have = 0;
    while (have < sizeof req - 1) {
        struct pollfd pf = {c, POLLIN, 0};
        if (poll(&pf, 1, 10000) != 1) { fprintf(stderr, "poll timed out\n"); exit(1); }
        ssize_t n = recv(c, req + have, sizeof req - 1 - have, 0);
        if (n <= 0) break;
        have += n;
        req[have] = 0;
        if (strstr(req, "\r\n\r\n")) break;
    }
    const char *body = "hello from the guest\n";
    char resp[256];
    int k = snprintf(resp, sizeof resp,
                     "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
                     strlen(body), body);
    if (send(c, resp, k, 0) != k) perror("send");
    printf("served: %.*s\n", (int)(strchr(req, '\r') ? strchr(req, '\r') - req : 0), req);
    close(c);
}

static void *client(void *arg) {
    (void)arg;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a)) { perror("connect"); exit(1); }
    const char *req = "GET /index.txt HTTP/1.0\r\nHost: localhost\r\n\r\n";
    send(s, req, strlen(req), 0);
    char buf[512];
    size_t have = 0;
    ssize_t n;
    while ((n = recv(s, buf + have, sizeof buf - 1 - have, 0)) > 0) have += n;
    buf[have] = 0;
    printf("client got %zu bytes, status line: %.*s\n", have, (int)(strchr(buf, '\r') - buf), buf);
    printf("body: %s", strstr(buf, "\r\n\r\n") + 4);
    close(s);
    return NULL;
}

int main(int argc, char **argv) {
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(argc > 1 ? atoi(argv[1]) : 0)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a)) { perror("bind"); return 1; }
    if (listen(ls, 8)) { perror("listen"); return 1; }
    socklen_t len = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &len);
    port = ntohs(a.sin_port);
    if (argc > 1) {
        printf("listening\n");
        fflush(stdout);
        serve_one(ls);
        return 0;
    }
    pthread_t t;
    pthread_create(&t, NULL, client, NULL);
    serve_one(ls);
    pthread_join(t, NULL);
    close(ls);
    return 0;
}
