/* Sleeps 1 s of simulated time in ten steps, printing the monotonic clock's
 * whole seconds (the simulator's host time stays small: tests/time_wait.rs). */
#include <stdio.h>
#include <time.h>

int main(void) {
    struct timespec a, b, d = {0, 100000000L};
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 10; i++) nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("slept at least 1 s: %d\n", ns >= 1000000000LL);
    return 0;
}
