/* Integer arithmetic: wrap-around, RISC-V division rules, mulh via __int128. */
#include <stdint.h>
#include <stdio.h>
#include <limits.h>

static volatile int64_t v64[] = {0, 1, -1, 2, -2, 7, -7, 3, INT64_MAX, INT64_MIN, 0x123456789abcdefLL};
static volatile int32_t v32[] = {0, 1, -1, 2, -2, 7, -7, 3, INT32_MAX, INT32_MIN, 0x12345678};
#define N64 (sizeof v64 / sizeof v64[0])
#define N32 (sizeof v32 / sizeof v32[0])

/* Force the hardware instructions so the RISC-V results for x/0 and MIN/-1 show. */
static int64_t div64(int64_t a, int64_t b) { int64_t r; __asm__("div %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rem64(int64_t a, int64_t b) { int64_t r; __asm__("rem %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t divu64(uint64_t a, uint64_t b) { uint64_t r; __asm__("divu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t remu64(uint64_t a, uint64_t b) { uint64_t r; __asm__("remu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t divw(int64_t a, int64_t b) { int64_t r; __asm__("divw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t remw(int64_t a, int64_t b) { int64_t r; __asm__("remw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t divuw(int64_t a, int64_t b) { int64_t r; __asm__("divuw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t remuw(int64_t a, int64_t b) { int64_t r; __asm__("remuw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t mulh(int64_t a, int64_t b) { int64_t r; __asm__("mulh %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t mulhu(int64_t a, int64_t b) { int64_t r; __asm__("mulhu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t mulhsu(int64_t a, int64_t b) { int64_t r; __asm__("mulhsu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t mulw(int64_t a, int64_t b) { int64_t r; __asm__("mulw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }

int main(void)
{
    int errors = 0;
    uint64_t h = 1469598103934665603ULL;
#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ULL)
    for (unsigned i = 0; i < N64; i++) {
        for (unsigned j = 0; j < N64; j++) {
            int64_t a = v64[i], b = v64[j];
            MIX((uint64_t)a + (uint64_t)b);
            MIX((uint64_t)a - (uint64_t)b);
            MIX((uint64_t)a * (uint64_t)b);
            MIX(div64(a, b)); MIX(rem64(a, b));
            MIX(divu64(a, b)); MIX(remu64(a, b));
            MIX(divw(a, b)); MIX(remw(a, b));
            MIX(divuw(a, b)); MIX(remuw(a, b));
            MIX(mulh(a, b)); MIX(mulhu(a, b)); MIX(mulhsu(a, b)); MIX(mulw(a, b));
            /* Cross-check the high multiplies against __int128. */
            __int128 p = (__int128)a * b;
            unsigned __int128 up = (unsigned __int128)(uint64_t)a * (uint64_t)b;
            __int128 sp = (__int128)a * (unsigned __int128)(uint64_t)b;
            if (mulh(a, b) != (int64_t)(p >> 64)) errors++;
            if ((uint64_t)mulhu(a, b) != (uint64_t)(up >> 64)) errors++;
            if (mulhsu(a, b) != (int64_t)(sp >> 64)) errors++;
            if (b != 0 && !(a == INT64_MIN && b == -1)) {
                if (div64(a, b) != a / b || rem64(a, b) != a % b) errors++;
            }
        }
    }
    printf("mix64 %016llx errors %d\n", (unsigned long long)h, errors);

    /* RISC-V spec table for division by zero and overflow. */
    printf("div  7/0 = %lld, rem 7%%0 = %lld\n", (long long)div64(7, 0), (long long)rem64(7, 0));
    printf("divu 7/0 = %llx, remu 7%%0 = %llu\n", (unsigned long long)divu64(7, 0), (unsigned long long)remu64(7, 0));
    printf("div  MIN/-1 = %lld, rem = %lld\n", (long long)div64(INT64_MIN, -1), (long long)rem64(INT64_MIN, -1));
    printf("divw MIN/-1 = %lld, remw = %lld\n", (long long)divw(INT32_MIN, -1), (long long)remw(INT32_MIN, -1));
    printf("divw 5/0 = %lld, remw -5%%0 = %lld\n", (long long)divw(5, 0), (long long)remw(-5, 0));
    printf("divuw 5/0 = %lld, remuw 0x80000005%%0 = %lld\n", (long long)divuw(5, 0), (long long)remuw(0x80000005LL, 0));
    printf("mulw 0x7fffffff*2 = %lld\n", (long long)mulw(0x7fffffff, 2));

    h = 0;
    for (unsigned i = 0; i < N32; i++)
        for (unsigned j = 0; j < N32; j++) {
            int32_t a = v32[i], b = v32[j];
            MIX((uint32_t)a + (uint32_t)b);
            MIX((int32_t)((uint32_t)a * (uint32_t)b));
            MIX((uint32_t)a << (b & 31));
            MIX(a >> (b & 31));
            MIX((uint32_t)a >> (b & 31));
            MIX(a < b); MIX((uint32_t)a < (uint32_t)b);
        }
    printf("mix32 %016llx\n", (unsigned long long)h);
    long long big = LLONG_MAX;
    long long sum;
    int ovf = __builtin_add_overflow(big, 1LL, &sum);
    printf("add_overflow %d %lld\n", ovf, sum);
    ovf = __builtin_mul_overflow((long long)v64[8], 3LL, &sum);
    printf("mul_overflow %d %lld\n", ovf, sum);
    return errors != 0;
}
