/* Bit manipulation through builtins; built with Zba/Zbb/Zbs enabled. */
#include <stdint.h>
#include <stdio.h>

static volatile uint64_t vals[] = {
    0, 1, 2, 3, 0x80, 0xff00, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
    0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL,
    0xfedcba9876543210ULL, 0x00f0f0f0f0f0f0f0ULL, 0x5555555555555555ULL,
};
#define N (sizeof vals / sizeof vals[0])

static inline uint64_t rol64(uint64_t x, unsigned s) { s &= 63; return s ? (x << s) | (x >> (64 - s)) : x; }
static inline uint64_t ror64(uint64_t x, unsigned s) { s &= 63; return s ? (x >> s) | (x << (64 - s)) : x; }
static inline uint32_t rol32(uint32_t x, unsigned s) { s &= 31; return s ? (x << s) | (x >> (32 - s)) : x; }
static inline uint32_t ror32(uint32_t x, unsigned s) { s &= 31; return s ? (x >> s) | (x << (32 - s)) : x; }

int main(void)
{
    for (unsigned i = 0; i < N; i++) {
        uint64_t x = vals[i];
        uint32_t w = (uint32_t)x;
        int clz = x ? __builtin_clzll(x) : 64;
        int ctz = x ? __builtin_ctzll(x) : 64;
        int clzw = w ? __builtin_clz(w) : 32;
        int ctzw = w ? __builtin_ctz(w) : 32;
        printf("%016llx clz=%d ctz=%d pop=%d clzw=%d ctzw=%d popw=%d bswap=%016llx bswap32=%08x\n",
               (unsigned long long)x, clz, ctz, __builtin_popcountll(x), clzw, ctzw,
               __builtin_popcount(w), (unsigned long long)__builtin_bswap64(x), __builtin_bswap32(w));
        for (unsigned s = 0; s < 64; s += 13)
            printf("  s=%2u rol=%016llx ror=%016llx rolw=%08x rorw=%08x bset=%016llx bclr=%016llx binv=%016llx bext=%d\n", s,
                   (unsigned long long)rol64(x, s), (unsigned long long)ror64(x, s), rol32(w, s), ror32(w, s),
                   (unsigned long long)(x | (1ULL << s)), (unsigned long long)(x & ~(1ULL << s)),
                   (unsigned long long)(x ^ (1ULL << s)), (int)((x >> s) & 1));
        int64_t sx = (int64_t)x;
        printf("  min=%lld max=%lld minu=%llu maxu=%llu andn=%016llx orn=%016llx xnor=%016llx sext.b=%lld sext.h=%lld zext.h=%llu\n",
               (long long)(sx < 5 ? sx : 5), (long long)(sx > -5 ? sx : -5),
               (unsigned long long)(x < 1000 ? x : 1000), (unsigned long long)(x > 1000 ? x : 1000),
               (unsigned long long)(x & ~0x0f0f0f0f0f0f0f0fULL), (unsigned long long)(x | ~0x3333ULL),
               (unsigned long long)~(x ^ 0xaaaaULL), (long long)(int8_t)x, (long long)(int16_t)x,
               (unsigned long long)(uint16_t)x);
        printf("  sh1add=%016llx sh2add=%016llx sh3add=%016llx adduw=%016llx\n",
               (unsigned long long)((x << 1) + 7), (unsigned long long)((x << 2) + 7),
               (unsigned long long)((x << 3) + 7), (unsigned long long)((uint64_t)w + 1234567));
    }
    return 0;
}
