/* A process that sends itself SIGTERM with the default action dies of it
 * before kill() returns; an ignored signal and a default-ignored one do nothing. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    signal(SIGHUP, SIG_IGN);
    kill(getpid(), SIGHUP);
    kill(getpid(), SIGWINCH);
    printf("SIGHUP ignored, SIGWINCH ignored by default\n");
    fflush(stdout);
    kill(getpid(), SIGTERM);
    printf("still alive after SIGTERM?\n");
    return 0;
}
