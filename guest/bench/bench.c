/*
 * Deterministic compute benchmark for the simulator: a mix of integer, FP and
 * memory work (matrix multiply, sorting, hashing, a sieve, a pointer chase).
 *
 * Usage: bench [ROUNDS]   (default 12 rounds, about 310 million RISC-V
 * instructions, ~26M per round). Work scales linearly with ROUNDS. Prints one checksum line per
 * kernel and a final checksum; output is identical on every run and emulator.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAT 64
#define SORT_N 20000
#define HASH_BYTES (64 * 1024)
#define SIEVE_N 400000
#define CHASE_N (1 << 15)

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double A[MAT][MAT], B[MAT][MAT], C[MAT][MAT];

static uint64_t kernel_matmul(void)
{
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            A[i][j] = (double)((i * 7 + j * 3) % 17) / 8.0 - 1.0;
            B[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0 - 1.5;
        }
    for (int rep = 0; rep < 2; rep++) {
        for (int i = 0; i < MAT; i++)
            for (int j = 0; j < MAT; j++) {
                double s = 0.0;
                for (int k = 0; k < MAT; k++)
                    s += A[i][k] * B[k][j];
                C[i][j] = s;
            }
        memcpy(A, C, sizeof A);
        for (int i = 0; i < MAT; i++)
            for (int j = 0; j < MAT; j++)
                A[i][j] *= 1.0 / 64.0;
    }
    double trace = 0.0;
    for (int i = 0; i < MAT; i++)
        trace += C[i][i] * (double)(i + 1);
    return (uint64_t)(int64_t)(trace * 1024.0);
}

static int32_t sort_buf[SORT_N], sort_tmp[SORT_N];

static void merge_sort(int32_t *a, int32_t *tmp, int n)
{
    if (n < 16) {
        for (int i = 1; i < n; i++) {
            int32_t v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return;
    }
    int h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof a[0]);
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static uint64_t kernel_sort(void)
{
    for (int i = 0; i < SORT_N; i++)
        sort_buf[i] = (int32_t)(next_rand() >> 33) - (1 << 29);
    merge_sort(sort_buf, sort_tmp, SORT_N);
    uint64_t h = 0;
    for (int i = 0; i < SORT_N; i += 7)
        h = h * 1000003u + (uint32_t)sort_buf[i];
    for (int i = 0; i < SORT_N; i++)
        sort_buf[i] ^= (int32_t)(i * 2654435761u);
    qsort(sort_buf, SORT_N, sizeof sort_buf[0], cmp_i32);
    for (int i = 0; i < SORT_N; i += 5)
        h = h * 1000003u + (uint32_t)sort_buf[i];
    return h;
}

static uint8_t hash_buf[HASH_BYTES];

static uint64_t kernel_hash(void)
{
    for (int i = 0; i < HASH_BYTES; i += 8) {
        uint64_t r = next_rand();
        memcpy(hash_buf + i, &r, 8);
    }
    /* FNV-1a over bytes, then a 64-bit multiply-rotate hash over words */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < HASH_BYTES; i++)
        h = (h ^ hash_buf[i]) * 0x100000001b3ULL;
    uint64_t h2 = 0;
    for (int i = 0; i < HASH_BYTES; i += 8) {
        uint64_t w;
        memcpy(&w, hash_buf + i, 8);
        h2 ^= w * 0x87c37b91114253d5ULL;
        h2 = (h2 << 31) | (h2 >> 33);
        h2 = h2 * 5 + 0x52dce729;
    }
    /* CRC-32 bitwise over the first 8 KiB */
    uint32_t c = 0xffffffffu;
    for (int i = 0; i < 8192; i++) {
        c ^= hash_buf[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return h ^ h2 ^ c;
}

static uint8_t sieve[SIEVE_N + 1];

static uint64_t kernel_sieve(void)
{
    memset(sieve, 1, sizeof sieve);
    sieve[0] = sieve[1] = 0;
    for (uint32_t i = 2; (uint64_t)i * i <= SIEVE_N; i++)
        if (sieve[i])
            for (uint32_t j = i * i; j <= SIEVE_N; j += i)
                sieve[j] = 0;
    uint64_t count = 0, sum = 0;
    for (uint32_t i = 0; i <= SIEVE_N; i++)
        if (sieve[i]) {
            count++;
            sum += i;
        }
    return count << 40 ^ sum;
}

static uint32_t chase[CHASE_N];

static uint64_t kernel_chase(void)
{
    /* Sattolo's algorithm: a single cycle through all slots. */
    for (uint32_t i = 0; i < CHASE_N; i++)
        chase[i] = i;
    for (uint32_t i = CHASE_N - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(next_rand() % i);
        uint32_t t = chase[i];
        chase[i] = chase[j];
        chase[j] = t;
    }
    uint32_t p = 0;
    uint64_t acc = 0;
    for (int step = 0; step < 4 * CHASE_N; step++) {
        p = chase[p];
        acc += p;
    }
    return acc;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 12;
    if (rounds < 1)
        rounds = 1;
    uint64_t total = 0, sums[5] = {0};
    for (int r = 0; r < rounds; r++) {
        uint64_t k[5] = {kernel_matmul(), kernel_sort(), kernel_hash(), kernel_sieve(), kernel_chase()};
        for (int i = 0; i < 5; i++) {
            sums[i] = sums[i] * 31 + k[i];
            total = (total ^ k[i]) * 0x100000001b3ULL;
        }
    }
    static const char *const names[5] = {"matmul", "sort", "hash", "sieve", "chase"};
    for (int i = 0; i < 5; i++)
        printf("%-6s %016llx\n", names[i], (unsigned long long)sums[i]);
    printf("rounds %d checksum %016llx\n", rounds, (unsigned long long)total);
    return 0;
}
