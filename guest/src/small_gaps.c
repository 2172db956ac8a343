/* Small calls as Linux answers them: posix_fadvise (0 on a file, ESPIPE on a
 * pipe, EINVAL for a bad advice or a negative length, EBADF), getpeername and
 * getsockname on descriptors that are not sockets (ENOTSOCK), a signalfd read
 * with readv (a record may straddle two buffers) while pread/preadv are
 * ESPIPE, and thousands of signalfds created and closed (each releases what
 * it holds). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *err(long r)
{
    return r < 0 ? strerrorname_np(errno) : "ok";
}

int main(void)
{
    int f = open("small_gaps.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(f, "hello", 5);
    int p[2];
    pipe(p);
    printf("fadvise file: %d\n", posix_fadvise(f, 0, 0, POSIX_FADV_WILLNEED));
    printf("fadvise file dontneed: %d\n", posix_fadvise(f, 0, 4096, POSIX_FADV_DONTNEED));
    printf("fadvise pipe: %d\n", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL));
    printf("fadvise bad advice: %d\n", posix_fadvise(f, 0, 0, 99));
    printf("fadvise negative length: %d\n", posix_fadvise(f, 0, -1, POSIX_FADV_NORMAL));
    printf("fadvise bad fd: %d\n", posix_fadvise(77, 0, 0, POSIX_FADV_NORMAL));

    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int sfd = signalfd(-1, &m, SFD_NONBLOCK);

    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    long r = getpeername(f, (struct sockaddr *)&sa, &len);
    printf("getpeername file: %s\n", err(r));
    r = getsockname(p[0], (struct sockaddr *)&sa, &len);
    printf("getsockname pipe: %s\n", err(r));
    r = getpeername(sfd, (struct sockaddr *)&sa, &len);
    printf("getpeername signalfd: %s\n", err(r));

    struct signalfd_siginfo si[2];
    raise(SIGUSR1);
    r = pread(sfd, si, sizeof si[0], 0);
    printf("pread signalfd: %s\n", err(r));
    struct iovec one = {si, sizeof si[0]};
    r = preadv(sfd, &one, 1, 0);
    printf("preadv signalfd: %s\n", err(r));
    raise(SIGUSR2);
    char *b = (char *)si;
    struct iovec split[3] = {{b, 40}, {b + 40, 100}, {b + 140, 116}};
    r = readv(sfd, split, 3);
    printf("readv signalfd: %ld, signals %u %u\n", r, si[0].ssi_signo, r == 256 ? si[1].ssi_signo : 0);
    r = readv(sfd, split, 3);
    printf("readv empty nonblocking: %s\n", err(r));
    struct iovec small = {b, 100};
    r = readv(sfd, &small, 1);
    printf("readv short buffer: %s\n", err(r));
    close(sfd);

    int failed = 0;
    for (int i = 0; i < 3000; i++) {
        int s = signalfd(-1, &m, 0);
        if (s < 0) {
            failed++;
            continue;
        }
        close(s);
    }
    printf("3000 signalfds created and closed, failures: %d\n", failed);
    unlink("small_gaps.tmp");
    return 0;
}
