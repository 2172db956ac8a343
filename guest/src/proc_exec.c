/* execve (checked against expected output: qemu-user cannot exec a riscv64
 * child here). The program re-executes itself: in a forked child (close-on-exec
 * fds closed, others kept, ignored signals stay ignored, handled ones reset),
 * through a `#!` script naming it as interpreter, through vfork and
 * posix_spawn (the vfork parent sees the child's write to shared memory), and
 * finally in place of the main process. A foreign-ISA ELF is ENOEXEC. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void on_usr1(int s) { (void)s; }

static int child(int argc, char **argv) {
    printf("%s: argc %d:", argv[1], argc);
    for (int i = strcmp(argv[1], "exec-child") == 0 ? 3 : 2; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    if (strcmp(argv[1], "exec-child") == 0) {
        printf("  fd 10 open: %d, fd 11 (cloexec) open: %d\n", fcntl(10, F_GETFD) >= 0,
               fcntl(11, F_GETFD) >= 0);
        struct sigaction sa;
        sigaction(SIGINT, NULL, &sa);
        printf("  SIGINT still ignored: %d\n", sa.sa_handler == SIG_IGN);
        sigaction(SIGUSR1, NULL, &sa);
        printf("  SIGUSR1 back to default: %d\n", sa.sa_handler == SIG_DFL);
        printf("  pid kept: %d, env FOO=%s\n", atoi(argv[2]) == getpid(), getenv("FOO"));
        return 7;
    }
    if (strcmp(argv[1], "final") == 0)
        return 0;
    return 3;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "script-arg") != 0)
        return child(argc, argv);
    if (argc > 1) { /* run as a script's interpreter: argv[2] is the script */
        printf("interpreter: arg [%s], script [%s], then [%s]\n", argv[1], argv[2],
               argc > 3 ? argv[3] : "");
        return 5;
    }
    int fd = open("/dev/null", O_RDONLY);
    dup2(fd, 10);
    dup3(fd, 11, O_CLOEXEC);
    signal(SIGINT, SIG_IGN);
    signal(SIGUSR1, on_usr1);

    int st;
    pid_t c = fork();
    if (c == 0) {
        char pid[16];
        snprintf(pid, sizeof pid, "%d", getpid());
        char *env[] = {"FOO=bar", NULL};
        execle("/proc/self/exe", "self", "exec-child", pid, (char *)NULL, env);
        printf("exec failed: %s\n", strerror(errno));
        _exit(1);
    }
    waitpid(c, &st, 0);
    printf("exec'd child exited %d\n", WEXITSTATUS(st));

    /* a script whose interpreter is this program */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n] = 0;
    FILE *f = fopen("script.sh", "w");
    fprintf(f, "#!%s script-arg\necho never\n", self);
    fclose(f);
    chmod("script.sh", 0755);
    c = fork();
    if (c == 0) {
        execl("script.sh", "script.sh", "after", (char *)NULL);
        _exit(1);
    }
    waitpid(c, &st, 0);
    printf("script exited %d\n", WEXITSTATUS(st));
    unlink("script.sh");

    /* vfork: the parent sleeps until the child execs, and shares its memory */
    volatile int shared = 1;
    c = vfork();
    if (c == 0) {
        shared = 2;
        execl("/proc/self/exe", "self", "vfork-child", (char *)NULL);
        _exit(1);
    }
    waitpid(c, &st, 0);
    printf("vfork child exited %d, parent sees its write: %d\n", WEXITSTATUS(st), shared);
    c = vfork();
    if (c == 0) {
        shared = 3;
        _exit(9);
    }
    waitpid(c, &st, 0);
    printf("vfork+_exit child exited %d, parent sees %d\n", WEXITSTATUS(st), shared);

    pid_t pid;
    char *sargv[] = {"self", "spawn-child", "x y", NULL};
    int e = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, sargv, environ);
    waitpid(pid, &st, 0);
    printf("posix_spawn: %s, child exited %d\n", strerror(e), WEXITSTATUS(st));
    char *margv[] = {"/nonexistent/prog", NULL};
    e = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, margv, environ);
    printf("posix_spawn of a missing program: %s\n", strerror(e));

    /* fexecve: execveat(fd, "", ..., AT_EMPTY_PATH) */
    c = fork();
    if (c == 0) {
        int self_fd = open("/proc/self/exe", O_RDONLY);
        char *fargv[] = {"self", "fexecve-child", NULL};
        fexecve(self_fd, fargv, environ);
        printf("fexecve failed: %s\n", strerror(errno));
        _exit(1);
    }
    waitpid(c, &st, 0);
    printf("fexecve child exited %d\n", WEXITSTATUS(st));

    /* The host's own programs are not riscv64 ELF files. */
    errno = 0;
    execl("/bin/true", "true", (char *)NULL);
    printf("exec of a foreign-ISA program: %s\n", strerror(errno));

    execl("/proc/self/exe", "self", "final", "end", (char *)NULL);
    printf("final exec failed\n");
    return 1;
}
