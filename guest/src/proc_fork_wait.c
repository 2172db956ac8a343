/* fork + wait4/waitpid/waitid: exit codes, deaths by signal (abort, SIGKILL
 * raised by the child itself), WNOHANG, ECHILD, the parent seeing the child's
 * pid, and copy-on-write memory: writes on either side stay private. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int shared_before = 7;
static char buf[3 * 4096];

static void show(const char *what, int st) {
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else
        printf("%s: other status %#x\n", what, st);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    memset(buf, 'p', sizeof buf);
    pid_t c = fork();
    if (c == 0) {
        shared_before = 8;
        memset(buf, 'c', sizeof buf);
        printf("child: sees %d, buf %c\n", shared_before, buf[5000]);
        _exit(3);
    }
    int st;
    pid_t r = waitpid(c, &st, 0);
    printf("waitpid returned the child: %d\n", r == c);
    show("child 1", st);
    printf("parent still sees %d, buf %c%c%c\n", shared_before, buf[0], buf[5000], buf[3 * 4096 - 1]);

    /* Parent writes after fork: the child keeps the old value. */
    c = fork();
    if (c == 0) {
        sleep(0);
        for (volatile int i = 0; i < 200000; i++)
            ;
        _exit(buf[0] == 'p' ? 10 : 11);
    }
    buf[0] = 'q';
    wait(&st);
    show("child 2 (saw pre-fork memory => 10)", st);

    c = fork();
    if (c == 0)
        abort();
    waitpid(c, &st, 0);
    show("aborting child", st);

    c = fork();
    if (c == 0) {
        raise(SIGKILL);
        _exit(99);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    r = wait4(c, &st, 0, &ru);
    show("self-killed child", st);
    printf("rusage maxrss set: %d\n", ru.ru_maxrss != -1);

    /* exit code 0 and 255 */
    c = fork();
    if (c == 0)
        exit(255);
    waitpid(c, &st, 0);
    show("exit 255", st);

    /* WNOHANG before the child exits, then blocking. */
    c = fork();
    if (c == 0) {
        /* Runs until the parent has asked (no pipe: it polls, yielding). */
        while (access("go", F_OK) != 0)
            sched_yield();
        _exit(5);
    }
    r = waitpid(c, &st, WNOHANG);
    printf("WNOHANG on a running child: %d\n", r);
    close(open("go", O_CREAT | O_WRONLY, 0644));
    r = waitpid(-1, &st, 0);
    printf("then waited for it: %d\n", r == c);
    show("slow child", st);

    /* waitid */
    c = fork();
    if (c == 0)
        _exit(42);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int w = waitid(P_PID, c, &si, WEXITED);
    printf("waitid: ret %d signo %d code %d pid ok %d status %d\n", w, si.si_signo, si.si_code,
           si.si_pid == c, si.si_status);
    c = fork();
    if (c == 0)
        abort();
    memset(&si, 0, sizeof si);
    waitid(P_ALL, 0, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: code %d status %d\n", si.si_code, si.si_status);
    r = waitpid(c, &st, 0);
    printf("still reapable after WNOWAIT: %d\n", r == c);
    show("aborted", st);

    /* several children, reaped in any order */
    int sum = 0;
    for (int i = 1; i <= 4; i++)
        if (fork() == 0)
            _exit(i);
    for (int i = 0; i < 4; i++) {
        wait(&st);
        sum += WEXITSTATUS(st);
    }
    printf("sum of four exit codes: %d\n", sum);

    errno = 0;
    r = wait(&st);
    printf("no children left: %d %s\n", r, strerror(errno));
    errno = 0;
    r = waitpid(12345, &st, 0);
    printf("not a child: %d %s\n", r, strerror(errno));
    return 0;
}
