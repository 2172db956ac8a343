/* A write to a pipe whose read end is closed raises SIGPIPE: with the default
 * action the process dies of it (a shell reports exit status 141). With the
 * argument "stdout" it writes lines to stdout until its reader goes away
 * (`prog stdout | head -1`). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "stdout") == 0) {
        for (;;)
            if (write(1, "y\n", 2) < 0)
                return 3; /* Not reached either. */
    }
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    close(fds[0]);
    printf("writing to a pipe with no reader\n");
    fflush(stdout);
    ssize_t n = write(fds[1], "x", 1);
    /* Not reached: SIGPIPE kills the process first. */
    printf("write returned %zd: still alive\n", n);
    return 2;
}
