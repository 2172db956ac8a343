/* Time functions used deterministically: only success and monotonicity are printed. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(const struct timespec *t) { return (long long)t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void)
{
    struct timespec a, b, r;
    int ok = clock_gettime(CLOCK_MONOTONIC, &a) == 0;
    volatile unsigned long spin = 0;
    for (int i = 0; i < 100000; i++)
        spin += (unsigned long)i;
    ok &= clock_gettime(CLOCK_MONOTONIC, &b) == 0;
    printf("clock_gettime(MONOTONIC): %s\n", ok && ns(&b) >= ns(&a) ? "ok" : "FAIL");
    ok = clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1000000000 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000;
    printf("clock_gettime(REALTIME): %s\n", ok ? "ok" : "FAIL");
    ok = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0;
    printf("clock_gettime(PROCESS_CPUTIME): %s\n", ok ? "ok" : "FAIL");
    ok = clock_getres(CLOCK_MONOTONIC, &r) == 0 && ns(&r) > 0;
    printf("clock_getres: %s\n", ok ? "ok" : "FAIL");
    struct timeval tv;
    ok = gettimeofday(&tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000;
    printf("gettimeofday: %s\n", ok ? "ok" : "FAIL");
    time_t t = time(NULL);
    printf("time: %s\n", t > 1000000000 ? "ok" : "FAIL");
    struct tm tm;
    time_t fixed = 1700000000;
    gmtime_r(&fixed, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a", &tm);
    printf("gmtime(1700000000) = %s\n", buf);
    struct timespec req = {0, 1000000};
    printf("nanosleep: %s\n", nanosleep(&req, NULL) == 0 ? "ok" : "FAIL");
    clock_t c = clock();
    printf("clock: %s\n", c != (clock_t)-1 ? "ok" : "FAIL");
    return 0;
}
