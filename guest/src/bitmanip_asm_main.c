/* Driver for bitmanip_asm.S: prints every result. */
#include <stdint.h>
#include <stdio.h>

long bm_run(uint64_t *out);

int main(void)
{
    uint64_t out[64];
    long n = bm_run(out);
    printf("%ld results\n", n);
    for (long i = 0; i < n; i++)
        printf("%2ld %016llx\n", i, (unsigned long long)out[i]);
    return 0;
}
