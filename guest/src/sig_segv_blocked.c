/* A fault whose signal is blocked kills the process even with a handler
 * installed (Linux's force_sig): the process dies of SIGSEGV. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void handler(int sig)
{
    (void)sig;
    printf("handler must not run\n");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGSEGV, &sa, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSEGV);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("faulting with SIGSEGV blocked\n");
    fflush(stdout);
    volatile int *volatile bad = (int *)8;
    *bad = 1;
    printf("survived?\n");
    return 0;
}
