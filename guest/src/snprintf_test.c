/* snprintf truncation and return values, many conversions, sscanf, strtol. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char buf[32];
    for (size_t cap = 0; cap <= 12; cap += 3) {
        memset(buf, '#', sizeof buf);
        int n = snprintf(buf, cap, "%s-%d", "truncate", 12345);
        printf("cap=%zu ret=%d buf=[%.*s] tail=%c\n", cap, n, (int)(cap ? cap - 1 : 0), buf, buf[cap < 31 ? cap : 31]);
    }
    printf("[%+d] [% d] [%+.3d] [%-6d] [%06.2f] [%#x] [%#o] [%hhd] [%hd] [%ld]\n", 5, 5, 7, -3, 3.14159, 255, 8,
           (signed char)300, (short)70000, -1L);
    printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "] [%zu] [%td] [%jd]\n", INT64_MIN, UINT64_MAX, (uint64_t)0xabcdef,
           sizeof(long double), (ptrdiff_t)-8, (intmax_t)123);
    printf("[%*d] [%-*d] [%.*f] [%5.1s] [%%] [%c%c]\n", 6, 42, 6, 42, 3, 2.0 / 3.0, "xyz", 'o', 'k');
    printf("[%e] [%E] [%g] [%G] [%.0e] [%#.0f] [%10.4g]\n", 12345.678, 0.000123, 1e-5, 1e20, 5.5, 2.0, 3.14159265);
    int a, b;
    char word[16];
    double x;
    int got = sscanf("  17 0x1f hello 2.5e3", "%d %i %15s %lf", &a, &b, word, &x);
    printf("sscanf got=%d a=%d b=%d word=%s x=%g\n", got, a, b, word, x);
    char *end;
    printf("strtol=%ld strtoul=%lu strtoll=%lld end=[%s]\n", strtol("-0777", NULL, 0), strtoul("ff", NULL, 16),
           strtoll("9223372036854775807999", &end, 10), end);
    printf("atoi=%d atol=%ld atof=%g\n", atoi("  -42abc"), atol("1234567890123"), atof("6.02e23"));
    char big[256];
    int len = snprintf(big, sizeof big, "%0100d|%-100s|", 7, "pad");
    printf("len=%d last=%c\n", len, big[len - 1]);
    char *dyn = NULL;
    len = asprintf(&dyn, "%s %d %.2f", "asprintf", 99, 1.005);
    printf("%d [%s]\n", len, dyn);
    free(dyn);
    return 0;
}
