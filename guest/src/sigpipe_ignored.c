/* With SIGPIPE ignored or blocked, a write to a pipe whose read end is closed
 * fails with EPIPE and the process goes on; a read end still open takes data. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* Write one byte with write() and two with writev() to a pipe with no reader. */
static void try_broken_pipe(const char *how)
{
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return;
    }
    close(fds[0]);
    errno = 0;
    ssize_t n = write(fds[1], "x", 1);
    printf("%s: write returned %zd, errno %s\n", how, n, errno == EPIPE ? "EPIPE" : strerror(errno));
    struct iovec iov[2] = {{"a", 1}, {"b", 1}};
    errno = 0;
    n = writev(fds[1], iov, 2);
    printf("%s: writev returned %zd, errno %s\n", how, n, errno == EPIPE ? "EPIPE" : strerror(errno));
    close(fds[1]);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0) {
        perror("sigaction");
        return 1;
    }
    try_broken_pipe("SIG_IGN");

    /* Back to the default action, but blocked: the write still only fails. */
    sa.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, NULL);
    try_broken_pipe("blocked");

    /* An open read end: the data goes through. */
    int fds[2];
    char buf[8] = {0};
    if (pipe(fds) != 0 || write(fds[1], "ok", 2) != 2 || read(fds[0], buf, sizeof buf) != 2) {
        perror("pipe round trip");
        return 1;
    }
    printf("open pipe: read back \"%s\"\n", buf);
    return 0;
}
