/* C11 <stdatomic.h> and __atomic builtins on 8/16/32/64-bit objects (single thread). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static _Atomic int32_t a32 = 5;
static _Atomic int64_t a64 = -7;
static _Atomic uint8_t a8 = 250;
static _Atomic uint16_t a16 = 65530;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static uint64_t plain = 0x1111;
static uint32_t plain32[4] = {1, 2, 3, 4};

int main(void)
{
    printf("fetch_add %d -> %d\n", atomic_fetch_add(&a32, 10), atomic_load(&a32));
    printf("fetch_sub %d -> %d\n", atomic_fetch_sub(&a32, 100), atomic_load(&a32));
    printf("fetch_or %d -> %d\n", atomic_fetch_or(&a32, 0x300), atomic_load(&a32));
    printf("fetch_and %d -> %d\n", atomic_fetch_and(&a32, 0xff0f), atomic_load(&a32));
    printf("fetch_xor %d -> %d\n", atomic_fetch_xor(&a32, -1), atomic_load(&a32));
    printf("exchange %d -> %d\n", atomic_exchange(&a32, 77), atomic_load(&a32));
    int32_t expected = 76;
    int ok = atomic_compare_exchange_strong(&a32, &expected, 99);
    printf("cas fail ok=%d expected=%d val=%d\n", ok, expected, atomic_load(&a32));
    ok = atomic_compare_exchange_strong(&a32, &expected, 99);
    printf("cas ok=%d val=%d\n", ok, atomic_load(&a32));
    int64_t e64 = -7;
    while (!atomic_compare_exchange_weak_explicit(&a64, &e64, e64 * 3, memory_order_acq_rel, memory_order_relaxed))
        ;
    printf("a64 %lld\n", (long long)atomic_load_explicit(&a64, memory_order_acquire));
    printf("a64 fetch_add %lld -> %lld\n", (long long)atomic_fetch_add_explicit(&a64, 1LL << 40, memory_order_seq_cst),
           (long long)a64);
    printf("u8 fetch_add %u -> %u\n", atomic_fetch_add(&a8, 10), atomic_load(&a8));
    printf("u16 fetch_add %u -> %u\n", atomic_fetch_add(&a16, 10), atomic_load(&a16));
    uint8_t e8 = 4;
    printf("u8 cas %d -> %u\n", atomic_compare_exchange_strong(&a8, &e8, 200), atomic_load(&a8));
    printf("flag %d %d\n", atomic_flag_test_and_set(&flag), atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    printf("flag after clear %d\n", atomic_flag_test_and_set(&flag));
    atomic_thread_fence(memory_order_seq_cst);
    atomic_signal_fence(memory_order_seq_cst);

    printf("__atomic_add_fetch %llu\n", (unsigned long long)__atomic_add_fetch(&plain, 5, __ATOMIC_RELAXED));
    printf("__atomic_nand_fetch %llx\n", (unsigned long long)__atomic_nand_fetch(&plain, 0xff, __ATOMIC_SEQ_CST));
    printf("__atomic_exchange_n %llx\n", (unsigned long long)__atomic_exchange_n(&plain, 3, __ATOMIC_ACQUIRE));
    uint64_t exp = 3;
    printf("__atomic_compare_exchange_n %d %llx\n", __atomic_compare_exchange_n(&plain, &exp, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST),
           (unsigned long long)__atomic_load_n(&plain, __ATOMIC_SEQ_CST));
    __atomic_store_n(&plain32[2], 0xdeadbeef, __ATOMIC_RELEASE);
    printf("__atomic_fetch_max-like loop: ");
    for (int i = 0; i < 4; i++) {
        uint32_t cur = __atomic_load_n(&plain32[0], __ATOMIC_RELAXED);
        while (cur < plain32[i] && !__atomic_compare_exchange_n(&plain32[0], &cur, plain32[i], 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            ;
        printf("%x ", plain32[0]);
    }
    printf("\n");
    printf("always_lock_free 1=%d 2=%d 4=%d 8=%d\n", __atomic_always_lock_free(1, 0), __atomic_always_lock_free(2, 0),
           __atomic_always_lock_free(4, 0), __atomic_always_lock_free(8, 0));
    return 0;
}
