/* Calls that wait on another thread: F_OFD_SETLKW and flock() while another
 * open file description holds the lock, going on once the holder releases it
 * (by unlock, and by close); splice() from an empty pipe until it is filled. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static atomic_int released, waiting;
static int fd_b;

static void *ofd_waiter(void *arg)
{
    (void)arg;
    struct flock o = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    atomic_store(&waiting, 1);
    int r = fcntl(fd_b, F_OFD_SETLKW, &o);
    printf("waiter: F_OFD_SETLKW %d after release %d\n", r, atomic_load(&released));
    o.l_type = F_UNLCK;
    fcntl(fd_b, F_OFD_SETLK, &o);
    return NULL;
}

static void *flock_waiter(void *arg)
{
    (void)arg;
    atomic_store(&waiting, 1);
    int r = flock(fd_b, LOCK_EX);
    printf("waiter: flock %d after release %d\n", r, atomic_load(&released));
    flock(fd_b, LOCK_UN);
    return NULL;
}

static int pipefd[2];

static void *pipe_filler(void *arg)
{
    (void)arg;
    for (volatile int i = 0; i < 200000; i++)
        ;
    atomic_store(&released, 1);
    write(pipefd[1], "late data", 9);
    return NULL;
}

static void spin(void)
{
    while (!atomic_load(&waiting))
        sched_yield();
    for (volatile int i = 0; i < 200000; i++)
        ;
}

int main(void)
{
    int a = open("locked", O_CREAT | O_RDWR | O_TRUNC, 0644);
    fd_b = open("locked", O_RDWR);
    struct flock o = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1};
    printf("holder: F_OFD_SETLK %d\n", fcntl(a, F_OFD_SETLK, &o));
    pthread_t t;
    pthread_create(&t, NULL, ofd_waiter, NULL);
    spin();
    atomic_store(&released, 1);
    o.l_type = F_UNLCK;
    int r = fcntl(a, F_OFD_SETLK, &o);
    pthread_join(t, NULL);
    printf("holder: unlock %d\n", r);

    atomic_store(&released, 0);
    atomic_store(&waiting, 0);
    printf("holder: flock %d\n", flock(a, LOCK_EX));
    pthread_create(&t, NULL, flock_waiter, NULL);
    spin();
    atomic_store(&released, 1);
    r = close(a);
    pthread_join(t, NULL);
    printf("holder: close %d\n", r);

    atomic_store(&released, 0);
    pipe(pipefd);
    int out = open("spliced", O_CREAT | O_RDWR | O_TRUNC, 0644);
    pthread_create(&t, NULL, pipe_filler, NULL);
    ssize_t n = splice(pipefd[0], NULL, out, NULL, 64, 0);
    printf("splice waited: %zd after fill %d\n", n, atomic_load(&released));
    pthread_join(t, NULL);
    char got[16] = {0};
    pread(out, got, sizeof got - 1, 0);
    printf("spliced '%s'\n", got);
    return 0;
}
