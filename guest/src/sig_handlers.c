/* Signal handlers and masks: raise and kill to self, blocked signals staying
 * pending (sigpending) until unblocked, sigsuspend, SA_RESETHAND, SA_NODEFER,
 * real-time signals queued in order with their values while standard ones
 * coalesce, sigwaitinfo/sigtimedwait, and sigaltstack with SA_ONSTACK. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int count[65];
static volatile int order[32], norder;
static volatile int values[32];
static volatile int depth, max_depth, raises;

static void counter(int sig)
{
    count[sig]++;
    if (norder < 32)
        order[norder++] = sig;
}

static void rt_handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    if (norder < 32) {
        values[norder] = si->si_value.sival_int;
        order[norder++] = sig;
    }
    count[sig]++;
}

static void nested(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (raises < 2) {
        raises++;
        raise(sig);
    }
    depth--;
}

static char altstack[65536];
static volatile int on_alt, alt_flags_seen;

static void alt_handler(int sig)
{
    int local;
    stack_t cur;
    (void)sig;
    on_alt = (char *)&local >= altstack && (char *)&local < altstack + sizeof altstack;
    sigaltstack(NULL, &cur);
    alt_flags_seen = cur.ss_flags;
}

static void set(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0)
        perror("sigaction");
}

static void print_order(const char *what)
{
    printf("%s:", what);
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
    norder = 0;
}

int main(void)
{
    sigset_t s, old, pend;
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* raise and kill to self run the handler before they return. */
    set(SIGUSR1, counter, 0);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("raise+kill: SIGUSR1 handled %d times\n", count[SIGUSR1]);

    /* Old action read back as stored. */
    struct sigaction got;
    sigaction(SIGUSR1, NULL, &got);
    printf("old action: handler ok %d flags %#x\n", got.sa_handler == counter,
           (unsigned)got.sa_flags & ~0x04000000u);

    /* Blocked: pending until unblocked; standard signals coalesce. */
    set(SIGUSR2, counter, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("pending: USR1 %d USR2 %d INT %d; handled so far %d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGUSR2), sigismember(&pend, SIGINT), count[SIGUSR1]);
    norder = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_order("after unblock (coalesced; the later frame runs first)");

    /* Real-time signals queue every instance, in order, with their values. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN);
    sigaddset(&s, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &s, &old);
    for (int i = 0; i < 3; i++) {
        union sigval v = {.sival_int = 10 + i};
        sigqueue(getpid(), SIGRTMIN + 2, v);
        v.sival_int = 20 + i;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("real-time:");
    for (int i = 0; i < norder; i++)
        printf(" %d/%d", order[i] - SIGRTMIN, values[i]);
    printf("\n");
    norder = 0;

    /* sigsuspend: wait with a mask that lets the pending signal in. */
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR2);
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    int r = sigsuspend(&wait_mask);
    int e = errno;
    sigprocmask(SIG_SETMASK, NULL, &s);
    printf("sigsuspend: %d %s; USR2 still blocked %d\n", r, e == EINTR ? "EINTR" : "?",
           sigismember(&s, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_order("handled");

    /* SA_RESETHAND: the second one takes the default action (ignored here). */
    set(SIGCHLD, counter, SA_RESETHAND);
    raise(SIGCHLD);
    raise(SIGCHLD);
    sigaction(SIGCHLD, NULL, &got);
    printf("resethand: handled %d, now default %d\n", count[SIGCHLD], got.sa_handler == SIG_DFL);

    /* SA_NODEFER: the handler can be re-entered by its own signal. */
    set(SIGURG, nested, SA_NODEFER);
    raise(SIGURG);
    printf("nodefer: max depth %d\n", max_depth);
    max_depth = 0;
    raises = 0;
    set(SIGURG, nested, 0);
    raise(SIGURG);
    printf("deferred: max depth %d, handled %d times\n", max_depth, raises + 1);

    /* sigwaitinfo / sigtimedwait take blocked signals without a handler. */
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &s, &old);
    struct timespec zero = {0, 0};
    siginfo_t si;
    r = sigtimedwait(&s, &si, &zero);
    printf("sigtimedwait nothing pending: %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGRTMIN + 1, v);
    raise(SIGUSR1);
    r = sigwaitinfo(&s, &si);
    printf("sigwaitinfo: sig %d code %d pid ok %d\n", r, si.si_code, si.si_pid == getpid());
    r = sigtimedwait(&s, &si, &zero);
    printf("sigtimedwait: sig RTMIN+%d code %d value %d\n", r - SIGRTMIN, si.si_code,
           si.si_value.sival_int);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("USR1 handler not run by sigwaitinfo: %d\n", count[SIGUSR1]);

    /* sigaltstack + SA_ONSTACK. */
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        perror("sigaltstack");
    set(SIGWINCH, alt_handler, SA_ONSTACK);
    raise(SIGWINCH);
    printf("onstack: on alternate stack %d, ss_flags in handler %d\n", on_alt, alt_flags_seen);
    set(SIGWINCH, alt_handler, 0);
    raise(SIGWINCH);
    printf("no SA_ONSTACK: on alternate stack %d, ss_flags %d\n", on_alt, alt_flags_seen);
    stack_t q;
    sigaltstack(NULL, &q);
    printf("altstack after: size ok %d flags %d\n", q.ss_size == sizeof altstack, q.ss_flags);
    ss.ss_size = 100;
    r = sigaltstack(&ss, NULL);
    printf("tiny altstack: %d %s\n", r, errno == ENOMEM ? "ENOMEM" : "?");

    /* Invalid arguments. */
    r = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction(SIGKILL): %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    r = kill(getpid(), 65);
    printf("kill(65): %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    r = kill(getpid(), 0);
    printf("kill(0 sig): %d\n", r);
    return 0;
}
