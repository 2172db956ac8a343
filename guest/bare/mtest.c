/* A machine-mode test of the privileged architecture, run bare-metal on the
 * full-system board (and on QEMU's virt with -bios none): CSRs, traps, PMP,
 * an Sv39 page table walked with hardware A/D updates, a page fault, S-mode
 * ecall, and an Sstc timer interrupt that wakes a WFI. Exits through HTIF with
 * 0, or the number of the first check that failed. */
#include <stdint.h>

#define CSRR(csr) ({ uint64_t v_; asm volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define CSRW(csr, v) asm volatile("csrw " #csr ", %0" ::"r"((uint64_t)(v)))
#define CSRS(csr, v) asm volatile("csrs " #csr ", %0" ::"r"((uint64_t)(v)))
#define CSRC(csr, v) asm volatile("csrc " #csr ", %0" ::"r"((uint64_t)(v)))

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 0x40
#define PTE_D 0x80

extern void to_smode(void (*fn)(void));
extern char smode_return[];

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t mid[512] __attribute__((aligned(4096)));
static uint64_t leaf[512] __attribute__((aligned(4096)));
static uint64_t data[512] __attribute__((aligned(4096)));

static volatile uint64_t last_cause, last_tval, traps, timer_fired, s_readback;

uint64_t handle_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
    traps++;
    last_cause = cause;
    last_tval = tval;
    if (cause == (1ULL << 63 | 5)) { /* supervisor timer, taken in M */
        CSRW(0x14d, -1ULL);            /* stimecmp: no more */
        timer_fired++;
        return epc;
    }
    if (cause == 9) {                  /* ecall from S: back to M */
        CSRS(mstatus, 0x1800);
        return (uint64_t)smode_return;
    }
    return epc + 4;                    /* skip the faulting instruction */
}

static void __attribute__((noreturn)) s_code(void)
{
    volatile uint64_t *p = (volatile uint64_t *)0x40000000UL;
    *p = 0x1234abcdULL;
    s_readback = *p;
    (void)*(volatile uint64_t *)0x50000000UL; /* unmapped: load page fault */
    asm volatile("ecall");
    for (;;)
        ;
}

static uint64_t pte(void *table, uint64_t flags)
{
    return ((uint64_t)table >> 12) << 10 | flags;
}

int main(void)
{
    /* 1: identity */
    if (CSRR(mhartid) != 0)
        return 1;
    uint64_t misa = CSRR(misa);
    if (misa >> 62 != 2 || !(misa & (1 << ('s' - 'a'))) || !(misa & (1 << ('u' - 'a'))))
        return 2;
    /* 3: a scratch register keeps what is written */
    CSRW(mscratch, 0x5a5a1234ULL);
    if (CSRR(mscratch) != 0x5a5a1234ULL)
        return 3;
    /* 4: an M-mode ecall traps with cause 11 */
    asm volatile("ecall");
    if (last_cause != 11 || traps != 1)
        return 4;
    /* 5: an unknown CSR is an illegal instruction */
    asm volatile(".word 0x7c002573" ::: "a0"); /* csrr a0, 0x7c0 */
    if (last_cause != 2 || traps != 2)
        return 5;
    /* 6: Sv39 with PMP granting S-mode all memory */
    CSRW(pmpaddr0, -1ULL >> 10);
    CSRW(pmpcfg0, 0x1f);
    root[2] = pte((void *)0x80000000UL, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    root[1] = pte(mid, PTE_V);
    mid[0] = pte(leaf, PTE_V);
    leaf[0] = pte(data, PTE_V | PTE_R | PTE_W); /* A and D clear */
    CSRW(satp, 8ULL << 60 | (uint64_t)root >> 12);
    asm volatile("sfence.vma" ::: "memory");
    to_smode(s_code);
    if (s_readback != 0x1234abcdULL || data[0] != 0x1234abcdULL)
        return 6;
    if ((leaf[0] & (PTE_A | PTE_D)) != (PTE_A | PTE_D))
        return 7;
    /* the page fault (cause 13 at 0x50000000) came before the ecall (9) */
    if (traps != 4 || last_cause != 9)
        return 8;
    CSRW(satp, 0);
    /* 9: an Sstc timer interrupt wakes a WFI, with time moving on */
    CSRS(0x30a, 1ULL << 63);           /* menvcfg.STCE */
    uint64_t t0 = CSRR(time);
    CSRW(0x14d, t0 + 1000);            /* stimecmp: 100 us at 10 MHz */
    CSRS(mie, 1 << 5);
    CSRS(mstatus, 1 << 3);
    while (!timer_fired)
        asm volatile("wfi");
    CSRC(mstatus, 1 << 3);
    if (last_cause != (1ULL << 63 | 5))
        return 9;
    if (CSRR(time) < t0 + 1000)
        return 10;
    return 0;
}
