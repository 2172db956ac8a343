/* Synchronous faults delivered to SA_SIGINFO handlers: SIGSEGV on an unmapped
 * address (SEGV_MAPERR) and on a write to a read-only page (SEGV_ACCERR),
 * SIGILL from an illegal instruction, SIGTRAP from ebreak; each handler reads
 * si_code, si_addr and the saved pc, then siglongjmps out. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = uc->uc_mcontext.__gregs[0];
    siglongjmp(env, 1);
}

static void install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

extern char illegal_insn[], break_insn[];

int main(void)
{
    install(SIGSEGV);
    install(SIGILL);
    install(SIGTRAP);

    if (sigsetjmp(env, 1) == 0) {
        volatile int *p = (int *)0x18;
        (void)*p;
        puts("no fault?");
    } else {
        printf("unmapped read: sig %d code %d addr %#lx\n", got_sig, got_code,
               (unsigned long)got_addr);
    }

    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(env, 1) == 0) {
        ((volatile char *)ro)[100] = 1;
        puts("no fault?");
    } else {
        printf("read-only write: sig %d code %d addr is page+%ld\n", got_sig, got_code,
               (long)(got_addr - (uintptr_t)ro));
    }

    if (sigsetjmp(env, 1) == 0) {
        __asm__ volatile("illegal_insn: .4byte 0xffffffff");
        puts("no fault?");
    } else {
        printf("illegal instruction: sig %d code %d addr ok %d pc ok %d\n", got_sig,
               got_code, got_addr == (uintptr_t)illegal_insn, got_pc == (uintptr_t)illegal_insn);
    }

    if (sigsetjmp(env, 1) == 0) {
        __asm__ volatile(".option push\n.option norvc\nbreak_insn: ebreak\n.option pop");
        puts("no trap?");
    } else {
        printf("ebreak: sig %d code %d addr ok %d\n", got_sig, got_code,
               got_addr == (uintptr_t)break_insn);
    }

    /* The mask was restored by siglongjmp: a second fault is caught again. */
    if (sigsetjmp(env, 1) == 0) {
        volatile int *p = (int *)0x20;
        *p = 1;
    } else {
        printf("unmapped write: sig %d code %d addr %#lx\n", got_sig, got_code,
               (unsigned long)got_addr);
    }
    return 0;
}
