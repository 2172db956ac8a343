/* Driver for atomics_asm.S. */
#include <stdint.h>
#include <stdio.h>

long amo_run(uint64_t *mem, uint64_t *out);

int main(void)
{
    static uint64_t mem[4];
    uint64_t out[128];
    long n = amo_run(mem, out);
    printf("%ld values\n", n);
    for (long i = 0; i < n; i++)
        printf("%3ld %016llx\n", i, (unsigned long long)out[i]);
    return 0;
}
