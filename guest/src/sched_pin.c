/* sched_setaffinity constrains the simulated CPU a thread runs on: pinned to
 * one CPU, sched_getcpu() names it after every yield and time slice, for the
 * main thread and for two threads pinned together; a mask naming no
 * simulated CPU is EINVAL. Run with two CPUs (-n 2); checked against
 * expected output (qemu reports the host's CPUs). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int pin(int cpu)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    return sched_setaffinity(0, sizeof s, &s);
}

/* Whether every check over a while finds the thread on `cpu`. */
static int stays_on(int cpu)
{
    int ok = 1;
    for (int round = 0; round < 20; round++) {
        for (volatile int i = 0; i < 20000; i++)
            ;
        ok &= sched_getcpu() == cpu;
        sched_yield();
    }
    return ok;
}

static void *worker(void *arg)
{
    int cpu = (int)(long)arg;
    pin(cpu);
    return (void *)(long)stays_on(cpu);
}

int main(void)
{
    for (int k = 0; k < 3; k++) {
        int cpu = (k + 1) % 2;
        int r = pin(cpu);
        printf("pinned to cpu %d: %d, stays there: %s\n", cpu, r, stays_on(cpu) ? "yes" : "no");
    }
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, (void *)1L);
    for (int i = 0; i < 2; i++) {
        void *ok;
        pthread_join(t[i], &ok);
        printf("thread %d pinned to cpu 1 stays there: %s\n", i, ok ? "yes" : "no");
    }
    int r = pin(5);
    printf("pin to cpu 5 of 2: %s\n", r < 0 && errno == EINVAL ? "EINVAL" : "other");
    return 0;
}
