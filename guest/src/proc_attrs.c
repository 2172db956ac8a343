/* Process attributes the guest sets and reads back: umask applied to created
 * files, rlimits (RLIMIT_NOFILE enforced), prctl names / pdeathsig / dumpable,
 * nice values, the scheduler queries and sched_setaffinity. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static void show_mode(const char *what, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: stat failed errno=%d\n", what, errno);
        return;
    }
    printf("%s: mode %04o\n", what, (unsigned)(st.st_mode & 07777));
}

int main(void)
{
    /* umask: returned, and applied to open/mkdir/mknod. */
    mode_t old = umask(027);
    printf("umask old=%04o\n", (unsigned)old);
    printf("umask now=%04o\n", (unsigned)umask(027));
    int fd = open("f_umask", O_CREAT | O_WRONLY | O_TRUNC, 0666);
    close(fd);
    show_mode("open 0666 under 027", "f_umask");
    mkdir("d_umask", 0777);
    show_mode("mkdir 0777 under 027", "d_umask");
    mknod("p_umask", S_IFIFO | 0666, 0);
    show_mode("mkfifo 0666 under 027", "p_umask");
    umask(0);
    fd = open("f_umask0", O_CREAT | O_WRONLY, 0777);
    close(fd);
    show_mode("open 0777 under 000", "f_umask0");
    /* An existing file keeps its mode. */
    fd = open("f_umask", O_CREAT | O_WRONLY, 0600);
    close(fd);
    show_mode("reopen keeps", "f_umask");

    /* rlimits: what the guest sets it reads back; NOFILE bounds the fds. */
    struct rlimit r = {40, 40}, g;
    printf("setrlimit NOFILE: %d\n", setrlimit(RLIMIT_NOFILE, &r));
    getrlimit(RLIMIT_NOFILE, &g);
    printf("NOFILE %llu %llu\n", (unsigned long long)g.rlim_cur, (unsigned long long)g.rlim_max);
    int last = -1, e = 0;
    for (int i = 0; i < 100; i++) {
        int d = dup(0);
        if (d < 0) {
            e = errno;
            break;
        }
        last = d;
    }
    printf("highest dup %d, then errno %s\n", last, e == EMFILE ? "EMFILE" : strerror(e));
    printf("fcntl F_DUPFD at 40: %d errno %s\n", fcntl(0, F_DUPFD, 40),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    for (int d = 3; d <= last; d++)
        close(d);
    r.rlim_cur = 50;
    errno = 0;
    printf("soft above hard: %d errno %s\n", setrlimit(RLIMIT_NOFILE, &r),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    struct rlimit core = {0, 1 << 20};
    printf("setrlimit CORE: %d\n", setrlimit(RLIMIT_CORE, &core));
    getrlimit(RLIMIT_CORE, &g);
    printf("CORE %llu %llu\n", (unsigned long long)g.rlim_cur, (unsigned long long)g.rlim_max);
    struct rlimit newl = {12345, 1 << 20}, oldl;
    printf("prlimit: %d\n", prlimit(0, RLIMIT_CORE, &newl, &oldl));
    printf("prlimit old %llu %llu\n", (unsigned long long)oldl.rlim_cur,
           (unsigned long long)oldl.rlim_max);
    getrlimit(RLIMIT_CORE, &g);
    printf("CORE %llu %llu\n", (unsigned long long)g.rlim_cur, (unsigned long long)g.rlim_max);
    errno = 0;
    printf("bad resource: %d errno %s\n", getrlimit(99, &g), errno == EINVAL ? "EINVAL" : strerror(errno));

    /* prctl: names, parent-death signal, dumpable. */
    char name[16] = {0};
    prctl(PR_SET_NAME, "worker-name-that-is-long");
    prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME '%s'\n", name);
    char comm[64] = {0};
    fd = open("/proc/self/comm", O_RDONLY);
    ssize_t n = read(fd, comm, sizeof comm - 1);
    close(fd);
    printf("/proc/self/comm %zd '%s'\n", n, comm);
    int sig = -1;
    printf("PR_SET_PDEATHSIG: %d\n", prctl(PR_SET_PDEATHSIG, 15));
    prctl(PR_GET_PDEATHSIG, &sig);
    printf("PR_GET_PDEATHSIG %d\n", sig);
    errno = 0;
    printf("PR_SET_PDEATHSIG 99: %d errno %s\n", prctl(PR_SET_PDEATHSIG, 99),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    printf("PR_GET_DUMPABLE %d\n", prctl(PR_GET_DUMPABLE));
    printf("PR_SET_DUMPABLE 0: %d\n", prctl(PR_SET_DUMPABLE, 0));
    printf("PR_GET_DUMPABLE %d\n", prctl(PR_GET_DUMPABLE));
    prctl(PR_SET_DUMPABLE, 1);
    errno = 0;
    printf("PR_SET_DUMPABLE 7: %d errno %s\n", prctl(PR_SET_DUMPABLE, 7),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    errno = 0;
    printf("unknown option: %d errno %s\n", prctl(0x7fff1234, 0, 0, 0, 0),
           errno == EINVAL ? "EINVAL" : strerror(errno));

    /* Nice values. */
    errno = 0;
    printf("getpriority %d errno %d\n", getpriority(PRIO_PROCESS, 0), errno);
    printf("setpriority 5: %d\n", setpriority(PRIO_PROCESS, 0, 5));
    errno = 0;
    printf("getpriority %d errno %d\n", getpriority(PRIO_PROCESS, 0), errno);
    printf("setpriority 40 (clamped): %d\n", setpriority(PRIO_PROCESS, 0, 40));
    printf("getpriority %d\n", getpriority(PRIO_PROCESS, 0));
    errno = 0;
    printf("bad which: %d errno %s\n", getpriority(7, 0), errno == EINVAL ? "EINVAL" : strerror(errno));

    /* Scheduler queries. */
    printf("policy %d\n", sched_getscheduler(0));
    struct sched_param sp = {.sched_priority = -1};
    printf("getparam %d prio %d\n", sched_getparam(0, &sp), sp.sched_priority);
    int pol[] = {SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE};
    for (unsigned i = 0; i < sizeof pol / sizeof pol[0]; i++)
        printf("policy %d: min %d max %d\n", pol[i], sched_get_priority_min(pol[i]),
               sched_get_priority_max(pol[i]));
    errno = 0;
    printf("policy 42: %d errno %s\n", sched_get_priority_max(42),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    struct timespec ts;
    printf("rr_get_interval %d\n", sched_rr_get_interval(0, &ts));

    /* Affinity: pin to CPU 0 and read it back. */
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    printf("setaffinity cpu0: %d\n", sched_setaffinity(0, sizeof set, &set));
    CPU_ZERO(&set);
    printf("getaffinity: %d\n", sched_getaffinity(0, sizeof set, &set));
    printf("count %d cpu0 %d\n", CPU_COUNT(&set), CPU_ISSET(0, &set));
    CPU_ZERO(&set);
    errno = 0;
    printf("setaffinity empty: %d errno %s\n", sched_setaffinity(0, sizeof set, &set),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    return 0;
}
