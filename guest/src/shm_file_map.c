/* MAP_SHARED file mappings between processes: a forked child's stores are
 * seen through the parent's mapping and by read(); a write() is seen through
 * every mapping; two processes mapping the same file independently meet on a
 * process-shared semaphore inside it; a memfd shared across fork; an access
 * to a page wholly past the end of the file is SIGBUS (BUS_ADRERR, si_addr)
 * until the file grows (for a private mapping too); msync; the file holds the stores after munmap. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_bus(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, 1);
}

static void show_file(const char *what, int fd, off_t off, size_t len)
{
    char buf[64] = {0};
    ssize_t n = pread(fd, buf, len, off);
    printf("%s: %zd [%.*s]\n", what, n, (int)len, buf);
}

static int wait_child(pid_t pid)
{
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* Touch `p`; report SIGBUS. */
static void probe(const char *what, volatile char *p)
{
    if (sigsetjmp(env, 1) == 0) {
        char c = *p;
        printf("%s: read %d\n", what, c);
    } else {
        printf("%s: SIGBUS code=%s addr=%s\n", what, fault_code == BUS_ADRERR ? "BUS_ADRERR" : "other",
               fault_addr == (void *)p ? "exact" : "other");
    }
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);

    int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char init[100];
    for (int i = 0; i < 100; i++)
        init[i] = 'a' + i % 26;
    write(fd, init, sizeof init);
    char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("mapped: [%.10s]\n", m);
    char *pm = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("private: [%.5s] byte 100: %d\n", pm + 95, pm[100]);
    probe("private page past EOF", pm + page + 100);
    munmap(pm, 2 * page);

    /* A forked child's stores reach the parent's mapping and the file. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        memcpy(m + 10, "CHILD", 5);
        _exit(0);
    }
    printf("child exit %d\n", wait_child(pid));
    printf("parent mapping: [%.20s]\n", m);
    show_file("read after child's store", fd, 10, 5);

    /* A write() is seen through a child's mapping made before it. */
    int go[2], back[2];
    pipe(go);
    pipe(back);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char c;
        read(go[0], &c, 1);
        printf("child sees: [%.5s]\n", m + 40);
        fflush(stdout);
        memcpy(m + 60, "REPLY", 5);
        write(back[1], "y", 1);
        _exit(0);
    }
    (void)m[40]; /* the parent's page is resident too */
    pwrite(fd, "WRITE", 5, 40);
    write(go[1], "x", 1);
    char c;
    read(back[0], &c, 1);
    printf("parent sees reply: [%.5s]\n", m + 60);
    show_file("read of reply", fd, 60, 5);
    printf("child exit %d\n", wait_child(pid));

    /* Two processes mapping the file on their own: a semaphore inside it. */
    sem_t *sem = (sem_t *)(m + 64 * 0 + 0);
    char saved[sizeof(sem_t)];
    memcpy(saved, m, sizeof saved);
    sem_init(sem, 1, 0);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int fd2 = open("data.bin", O_RDWR);
        char *m2 = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
        sem_t *s2 = (sem_t *)m2;
        sem_wait(s2); /* blocks until the parent posts */
        printf("second mapping woke, sees [%.4s]\n", m2 + 80);
        fflush(stdout);
        _exit(m2 == m ? 2 : 0);
    }
    usleep(20000);
    memcpy(m + 80, "POST", 4);
    sem_post(sem);
    printf("independent mapping child exit %d\n", wait_child(pid));
    memcpy(m, saved, sizeof saved);

    /* Past the end of the file: the rest of the last page reads zero, the
     * next page is SIGBUS until the file grows. */
    printf("byte 150: %d\n", m[150]);
    probe("page past EOF", m + page + 8);
    ftruncate(fd, page + 100);
    probe("after the file grew", m + page + 8);
    m[page + 9] = 'Z';

    printf("msync: %d\n", msync(m, 2 * page, MS_SYNC));
    show_file("after msync", fd, page + 9, 1);
    munmap(m, 2 * page);
    show_file("after munmap", fd, 0, 30);

    /* A memfd shared across fork. */
    int mfd = memfd_create("shm", 0);
    ftruncate(mfd, page);
    char *mm = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    strcpy(mm, "before");
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        strcpy(mm, "memfd child");
        _exit(0);
    }
    wait_child(pid);
    printf("memfd: [%s]\n", mm);
    show_file("memfd read", mfd, 0, 11);
    unlink("data.bin");
    return 0;
}
