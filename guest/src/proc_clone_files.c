/* An fd table shared between processes (clone with CLONE_FILES but without
 * CLONE_VM): fds the child opens and closes are opened and closed for the
 * parent, with one offset; a plain fork's are not. Then exec from a thread
 * other than the main one: the new image runs as the process's main thread
 * (gettid() == getpid(), same pid). qemu-user refuses CLONE_FILES for a fork
 * and cannot exec a riscv64 program: checked against expected output. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *yes(int c) { return c ? "yes" : "no"; }

static char *self_path;

static void *exec_thread(void *arg)
{
    char pid[32];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    printf("thread is main thread before exec: %s\n", yes(gettid() == getpid()));
    fflush(stdout);
    char *argv[] = {self_path, "after-exec", pid, NULL};
    execv(self_path, argv);
    perror("execv");
    exit(1);
    return arg;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "after-exec") == 0) {
        printf("after exec: same pid: %s, tid == pid: %s\n", yes(getpid() == atoi(argv[2])),
               yes(gettid() == getpid()));
        printf("after exec: fd 9 closed: %s\n", yes(fcntl(9, F_GETFD) < 0 && errno == EBADF));
        return 0;
    }
    self_path = argv[0];
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    fflush(stdout);
    long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        int f2 = open("b.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
        write(f2, "hi", 2);
        close(fd);
        _exit(f2);
    }
    int status;
    waitpid(pid, &status, 0);
    int f2 = WEXITSTATUS(status);
    printf("CLONE_FILES: child's new fd is a new number: %s\n", yes(f2 > fd));
    printf("CLONE_FILES: child's fd open in the parent: %s\n", yes(fcntl(f2, F_GETFD) >= 0));
    printf("CLONE_FILES: one offset: %ld\n", (long)lseek(f2, 0, SEEK_CUR));
    printf("CLONE_FILES: fd the child closed is closed: %s\n",
           yes(fcntl(fd, F_GETFD) < 0 && errno == EBADF));
    close(f2);

    fd = open("a.txt", O_RDWR);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int f3 = open("b.txt", O_RDONLY);
        close(fd);
        _exit(f3);
    }
    waitpid(pid, &status, 0);
    int f3 = WEXITSTATUS(status);
    printf("fork: child's fd open in the parent: %s\n", yes(fcntl(f3, F_GETFD) >= 0));
    printf("fork: fd the child closed is still open: %s\n", yes(fcntl(fd, F_GETFD) >= 0));

    /* A CLONE_FILES child that execs keeps a copy: the parent's fds stay. */
    dup2(fd, 9);
    fcntl(9, F_SETFD, FD_CLOEXEC);
    fflush(stdout);
    pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        char p[32];
        snprintf(p, sizeof p, "%d", (int)getpid());
        char *args[] = {self_path, "after-exec", p, NULL};
        execv(self_path, args);
        _exit(1);
    }
    waitpid(pid, &status, 0);
    printf("CLONE_FILES child exec'd: exit %d, close-on-exec fd still open here: %s\n",
           WEXITSTATUS(status), yes(fcntl(9, F_GETFD) >= 0));

    pthread_t t;
    pthread_create(&t, NULL, exec_thread, NULL);
    /* Spin, so that the main thread is running on a CPU when the exec kills it. */
    for (volatile unsigned long i = 0;; i++)
        ;
    return 1;
}
