/* The guest's view of the simulated machine and of itself: run with 2 CPUs and
 * 512 MiB of memory (see guest/tests.txt), every line printed is known from
 * that configuration and the program itself. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];

/* Touch the lowest byte of a 12 MiB frame: only a stack larger than Linux's
 * default 8 MiB holds it. */
static __attribute__((noinline)) int deep_frame(void)
{
    volatile char big[12 << 20];
    big[0] = 1;
    big[sizeof big - 1] = 2;
    return big[0] + big[sizeof big - 1];
}

static size_t slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

/* The value after "key" on its line (leading blanks skipped). */
static const char *field(const char *key)
{
    static char val[256];
    const char *p = buf;
    size_t k = strlen(key);
    while (p && *p) {
        if (strncmp(p, key, k) == 0) {
            p += k;
            while (*p == ' ' || *p == '\t' || *p == ':')
                p++;
            size_t n = strcspn(p, "\n");
            snprintf(val, sizeof val, "%.*s", (int)n, p);
            return val;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return "(missing)";
}

static int count_lines(const char *prefix)
{
    int n = 0;
    for (const char *p = buf; p && *p;) {
        if (strncmp(p, prefix, strlen(prefix)) == 0)
            n++;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return n;
}

int main(int argc, char **argv)
{
    prctl(PR_SET_NAME, "sysview");

    /* CPUs: glibc reads /sys/devices/system/cpu and sched_getaffinity. */
    printf("sysconf NPROCESSORS_ONLN %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
    printf("sysconf NPROCESSORS_CONF %ld\n", sysconf(_SC_NPROCESSORS_CONF));
    printf("get_nprocs %d get_nprocs_conf %d\n", get_nprocs(), get_nprocs_conf());
    cpu_set_t set;
    sched_getaffinity(0, sizeof set, &set);
    printf("affinity count %d\n", CPU_COUNT(&set));
    slurp("/sys/devices/system/cpu/online");
    printf("cpu/online %s", buf);
    slurp("/sys/devices/system/cpu/possible");
    printf("cpu/possible %s", buf);
    DIR *dir = opendir("/sys/devices/system/cpu");
    int cpus = 0;
    for (struct dirent *e; dir && (e = readdir(dir));)
        cpus += strncmp(e->d_name, "cpu", 3) == 0 && e->d_name[3] >= '0' && e->d_name[3] <= '9';
    if (dir)
        closedir(dir);
    printf("cpuN directories %d\n", cpus);
    slurp("/proc/cpuinfo");
    printf("cpuinfo processors %d\n", count_lines("processor"));
    printf("cpuinfo isa %s\n", field("isa"));
    printf("cpuinfo mmu %s\n", field("mmu"));

    /* Memory. */
    slurp("/proc/meminfo");
    printf("MemTotal %s\n", field("MemTotal"));
    struct sysinfo si;
    sysinfo(&si);
    printf("sysinfo totalram %lu MiB (unit %u)\n",
           (unsigned long)(si.totalram * si.mem_unit >> 20), si.mem_unit);
    printf("sysinfo freeram below totalram %d\n", si.freeram < si.totalram);

    /* Time: uptime from simulated time (a short run: under a second). */
    struct timespec boot;
    clock_gettime(CLOCK_BOOTTIME, &boot);
    slurp("/proc/uptime");
    double up = atof(buf);
    printf("uptime under 1s %d, sysinfo uptime %ld\n", up < 1.0, si.uptime);
    printf("uptime not before boottime read %d\n",
           up + 0.01 >= boot.tv_sec + boot.tv_nsec / 1e9);
    struct utsname u;
    uname(&u);
    printf("uname %s %s\n", u.sysname, u.machine);

    /* The process itself. */
    char exe[PATH_MAX] = {0}, real[PATH_MAX];
    readlink("/proc/self/exe", exe, sizeof exe - 1);
    realpath(argv[0], real);
    printf("exe link is the program %d\n", strcmp(exe, real) == 0);
    size_t n = slurp("/proc/self/cmdline");
    size_t want = 0;
    int same = 1;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        same &= want + l <= n && memcmp(buf + want, argv[i], l) == 0;
        want += l;
    }
    printf("cmdline is argv %d (%d args)\n", same && n == want, argc);
    void *heap = malloc(100);
    slurp("/proc/self/maps");
    int exe_lines = 0, exec_exe = 0;
    for (char *l = buf; l && *l;) {
        char *end = strchr(l, '\n');
        if (end)
            *end = 0;
        size_t ll = strlen(l), rl = strlen(real);
        if (ll > rl && strcmp(l + ll - rl, real) == 0) {
            exe_lines++;
            exec_exe |= strstr(l, " r-xp ") != NULL;
        }
        l = end ? end + 1 : NULL;
    }
    slurp("/proc/self/maps");
    printf("maps: program mapped %d, its code r-xp %d, [stack] %d, [heap] %d\n",
           exe_lines > 0, exec_exe, strstr(buf, "[stack]") != NULL, strstr(buf, "[heap]") != NULL);
    free(heap);
    slurp("/proc/self/status");
    printf("status Name %s\n", field("Name"));
    printf("status State %s\n", field("State"));
    printf("status Tgid is getpid %d\n", atoi(field("Tgid")) == getpid());
    printf("status PPid is getppid %d\n", atoi(field("PPid")) == getppid());
    printf("status Threads %s\n", field("Threads"));
    printf("status Umask %s\n", field("Umask"));
    printf("status Cpus_allowed_list %s\n", field("Cpus_allowed_list"));
    printf("status VmRSS non-zero %d\n", atoi(field("VmRSS")) > 0);
    slurp("/proc/self/stat");
    int pid = 0, ppid = 0;
    char comm[32] = {0}, state = 0;
    sscanf(buf, "%d %31s %c %d", &pid, comm, &state, &ppid);
    printf("stat pid ok %d comm %s state %c ppid ok %d\n", pid == getpid(), comm, state,
           ppid == getppid());
    slurp("/proc/self/comm");
    printf("comm %s", buf);
    char here[PATH_MAX], there[PATH_MAX], want_cwd[64];
    getcwd(here, sizeof here);
    chdir("/proc/self");
    getcwd(there, sizeof there);
    snprintf(want_cwd, sizeof want_cwd, "/proc/%d", getpid());
    slurp("status");
    printf("cwd in /proc/self is /proc/<pid> %d, relative status Name %s\n",
           strcmp(there, want_cwd) == 0, field("Name"));
    chdir(here);
    char self[32] = {0};
    readlink("/proc/self", self, sizeof self - 1);
    printf("/proc/self is the pid %d\n", atoi(self) == getpid());
    char other[64];
    snprintf(other, sizeof other, "/proc/%d/status", getpid() + 1000);
    errno = 0;
    printf("another pid absent %d\n", access(other, F_OK) == -1 && errno == ENOENT);
    int extra = open("/proc/self/cmdline", O_RDONLY);
    dir = opendir("/proc/self/fd");
    int fds = 0, seen = 0;
    for (struct dirent *e; dir && (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        fds++;
        seen |= atoi(e->d_name) == extra;
    }
    if (dir)
        closedir(dir);
    printf("fd dir lists the open fd %d (at least 4 entries %d)\n", seen, fds >= 4);
    close(extra);

    /* brk cannot pass the memory: 600 MiB of 512 fails, the break stays. */
    void *before = sbrk(0);
    errno = 0;
    void *r = sbrk(600 << 20);
    printf("sbrk 600MiB fails %d ENOMEM %d, break unchanged %d\n", r == (void *)-1,
           errno == ENOMEM, sbrk(0) == before);

    /* RLIMIT_AS: a limit 1 MiB above what is mapped refuses 4 MiB, allows 256 KiB. */
    struct rlimit as;
    getrlimit(RLIMIT_AS, &as);
    printf("RLIMIT_AS infinite %d\n", as.rlim_cur == RLIM_INFINITY && as.rlim_max == RLIM_INFINITY);
    slurp("/proc/self/status");
    long vm_kb = atol(field("VmSize"));
    as.rlim_cur = (vm_kb << 10) + (1 << 20);
    printf("setrlimit AS %d\n", setrlimit(RLIMIT_AS, &as));
    errno = 0;
    void *big = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 4MiB refused %d ENOMEM %d\n", big == MAP_FAILED, errno == ENOMEM);
    void *small = mmap(NULL, 256 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 256KiB allowed %d\n", small != MAP_FAILED);
    errno = 0;
    r = sbrk(2 << 20);
    printf("sbrk 2MiB past the limit fails %d\n", r == (void *)-1);
    as.rlim_cur = RLIM_INFINITY;
    printf("limit lifted %d, mmap 4MiB now %d\n", setrlimit(RLIMIT_AS, &as),
           mmap(NULL, 4 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED);

    /* RLIMIT_STACK: the stack may grow to the limit the process sets. */
    struct rlimit stk;
    getrlimit(RLIMIT_STACK, &stk);
    printf("RLIMIT_STACK %llu MiB\n", (unsigned long long)(stk.rlim_cur >> 20));
    stk.rlim_cur = 16 << 20;
    printf("setrlimit STACK 16MiB %d\n", setrlimit(RLIMIT_STACK, &stk));
    printf("12MiB frame %d\n", deep_frame());
    return 0;
}
