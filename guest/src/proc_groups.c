#define _GNU_SOURCE
/* Process groups, sessions, ids and orphans: getppid in a child and in an
 * orphan (reparented to init), setpgid/getpgid/getpgrp, setsid/getsid in a
 * child, credentials read and set to the current values. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <grp.h>
#include <sched.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t me = getpid();
    pid_t c = fork();
    if (c == 0) {
        printf("child: getppid is the parent: %d\n", getppid() == me);
        printf("child: same group as parent: %d\n", getpgrp() == getpgid(me));
        printf("child: setpgid(0,0): %d, leads its group: %d\n", setpgid(0, 0), getpgrp() == getpid());
        errno = 0;
        printf("child: setsid as group leader: %d %s\n", setsid(), strerror(errno));
        _exit(0);
    }
    waitpid(c, NULL, 0);

    c = fork();
    if (c == 0) {
        pid_t s = setsid();
        printf("child2: setsid returns its pid: %d, getsid: %d, pgid: %d\n", s == getpid(),
               getsid(0) == getpid(), getpgid(0) == getpid());
        errno = 0;
        printf("child2: setpgid in own session as leader: %d %s\n", setpgid(0, 0), strerror(errno));
        _exit(0);
    }
    waitpid(c, NULL, 0);

    /* parent moves a child into a new group */
    c = fork();
    if (c == 0) {
        while (access("moved", F_OK) != 0)
            sched_yield();
        _exit(getpgrp() == getpid() ? 4 : 5);
    }
    int r = setpgid(c, c);
    close(open("moved", O_CREAT | O_WRONLY, 0644));
    printf("parent: setpgid(child, child): %d, getpgid(child) is child: %d\n", r, getpgid(c) == c);
    int st;
    waitpid(c, &st, 0);
    printf("child in own group: %d\n", WEXITSTATUS(st));
    unlink("moved");
    errno = 0;
    printf("getpgid of a missing pid: %d %s\n", getpgid(999999), strerror(errno));

    /* orphan: the middle child exits, the grandchild sees ppid 1 and leaves
     * a file (no pipe: the parent polls, yielding). */
    c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) {
            while (getppid() != 1)
                usleep(1000);
            FILE *f = fopen("orphan.tmp", "w");
            fputs("o", f);
            fclose(f);
            rename("orphan.tmp", "orphan.done");
            _exit(0);
        }
        _exit(0);
    }
    waitpid(c, NULL, 0);
    while (access("orphan.done", F_OK) != 0)
        sched_yield();
    printf("orphan saw ppid 1\n");
    unlink("orphan.done");

    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    getresuid(&ru, &eu, &su);
    getresgid(&rg, &eg, &sg);
    printf("resuid consistent: %d %d\n", ru == getuid(), eu == geteuid() && su == eu);
    printf("resgid consistent: %d %d\n", rg == getgid(), eg == getegid() && sg == eg);
    printf("setuid(current): %d setgid(current): %d\n", setuid(getuid()), setgid(getgid()));
    printf("setresuid(-1,-1,-1): %d setreuid(-1,-1): %d\n", setresuid(-1, -1, -1), setreuid(-1, -1));
    int n = getgroups(0, NULL);
    gid_t gs[256];
    printf("getgroups count matches: %d\n", getgroups(256, gs) == n);
    return 0;
}
