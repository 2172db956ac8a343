/* m5_sum checks the argument/result ABI; exit code 0 when all sums match. */
#include <stdio.h>
#include "m5ops.h"

int main(void)
{
    int bad = 0;
    uint64_t s = m5_sum(1, 2, 3, 4, 5, 6);
    printf("m5_sum(1..6) = %llu\n", (unsigned long long)s);
    bad |= s != 21;
    s = m5_sum(1ULL << 40, 1ULL << 41, 0, 0, 0, 1);
    printf("m5_sum(big) = %llu\n", (unsigned long long)s);
    bad |= s != (3ULL << 40) + 1;
    s = m5_sum((uint64_t)-1, 2, 0, 0, 0, 0);
    printf("m5_sum(wrap) = %llu\n", (unsigned long long)s);
    bad |= s != 1;
    printf("%s\n", bad ? "FAIL" : "ok");
    return bad;
}
