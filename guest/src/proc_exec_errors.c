/* exec failures as Linux reports them: a missing program in a forked child
 * (ENOENT, then exit 127), a directory and a non-executable file (EACCES). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int st;
    pid_t c;
    /* exec failing in a forked child: ENOENT, then _exit(127). */
    c = fork();
    if (c == 0) {
        execl("/nonexistent/prog", "prog", (char *)NULL);
        printf("child: execl failed: %s\n", strerror(errno));
        _exit(127);
    }
    waitpid(c, &st, 0);
    printf("failed exec child: %d\n", WEXITSTATUS(st));

    /* exec of a directory: EACCES; of a non-executable file: EACCES. */
    errno = 0;
    execl("/", "x", (char *)NULL);
    printf("exec of a directory: %s\n", strerror(errno));
    FILE *f = fopen("plain.txt", "w");
    fputs("not a program\n", f);
    fclose(f);
    errno = 0;
    execl("plain.txt", "plain.txt", (char *)NULL);
    printf("exec of a non-executable file: %s\n", strerror(errno));
    unlink("plain.txt");
    return 0;
}
