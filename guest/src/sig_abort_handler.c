/* abort() with a SIGABRT handler that returns: the handler runs once, then
 * abort() restores the default action and the process dies of SIGABRT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_abort(int sig)
{
    static const char msg[] = "SIGABRT handler ran\n";
    (void)sig;
    write(1, msg, sizeof msg - 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_abort;
    sigaction(SIGABRT, &sa, NULL);
    printf("calling abort\n");
    fflush(stdout);
    abort();
}
