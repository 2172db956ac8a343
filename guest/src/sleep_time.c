/* Sleeps advance the clocks by at least the time asked for; bad arguments
 * give EINVAL as on Linux; threads sleeping at once all wake. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *sleeper(void *arg) {
    long ms = (long)arg;
    long long t0 = ns_of(CLOCK_MONOTONIC);
    struct timespec d = {0, ms * 1000000L};
    nanosleep(&d, NULL);
    long long dt = ns_of(CLOCK_MONOTONIC) - t0;
    return (void *)(long)(dt >= ms * 1000000LL);
}

int main(void) {
    long long t0 = ns_of(CLOCK_MONOTONIC);
    struct timespec d = {0, 10 * 1000000L};
    int r = nanosleep(&d, NULL);
    long long dt = ns_of(CLOCK_MONOTONIC) - t0;
    printf("nanosleep(10ms) = %d, monotonic advanced >= 10ms: %d\n", r, dt >= 10000000LL);

    long long w0 = ns_of(CLOCK_REALTIME);
    usleep(20000);
    printf("usleep(20ms): realtime advanced >= 20ms: %d\n", ns_of(CLOCK_REALTIME) - w0 >= 20000000LL);

    t0 = ns_of(CLOCK_MONOTONIC);
    sleep(1);
    printf("sleep(1): monotonic advanced >= 1s: %d\n", ns_of(CLOCK_MONOTONIC) - t0 >= 1000000000LL);

    /* Absolute sleep on CLOCK_MONOTONIC and on CLOCK_REALTIME. */
    struct timespec now, until;
    clock_gettime(CLOCK_MONOTONIC, &now);
    until = now;
    until.tv_nsec += 30000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    long long after = ns_of(CLOCK_MONOTONIC);
    printf("clock_nanosleep(MONOTONIC, ABSTIME, +30ms) = %d, reached: %d\n", r,
           after >= until.tv_sec * 1000000000LL + until.tv_nsec);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL);
    printf("clock_nanosleep(REALTIME, ABSTIME, +1s) = %d, reached: %d\n", r,
           ns_of(CLOCK_REALTIME) >= until.tv_sec * 1000000000LL + until.tv_nsec);
    /* An absolute time in the past returns at once. */
    until.tv_sec -= 100;
    printf("clock_nanosleep in the past = %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL));
    d.tv_sec = 0;
    d.tv_nsec = 5000000;
    printf("clock_nanosleep(BOOTTIME, 5ms) = %d\n", clock_nanosleep(CLOCK_BOOTTIME, 0, &d, NULL));

    /* Bad arguments. */
    struct timespec bad = {0, 1000000000L};
    errno = 0;
    r = nanosleep(&bad, NULL);
    printf("nanosleep(tv_nsec=1e9) = %d %s\n", r, strerror(errno));
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    errno = 0;
    r = nanosleep(&bad, NULL);
    printf("nanosleep(tv_sec=-1) = %d %s\n", r, strerror(errno));
    bad.tv_sec = 0;
    bad.tv_nsec = -5;
    printf("clock_nanosleep(tv_nsec=-5) = %s\n", strerror(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
    printf("clock_nanosleep(clock 77) = %s\n", strerror(clock_nanosleep(77, 0, &d, NULL)));
    printf("clock_nanosleep(THREAD_CPUTIME) = %s\n",
           strerror(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL)));
    errno = 0;
    r = nanosleep(NULL, NULL);
    printf("nanosleep(NULL) = %d %s\n", r, strerror(errno));

    /* Four threads sleeping at once, for different times. */
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, sleeper, (void *)(10 * (4 - i)));
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        void *v;
        pthread_join(t[i], &v);
        ok += (int)(long)v;
    }
    printf("%d of 4 sleeping threads slept long enough\n", ok);
    return 0;
}
