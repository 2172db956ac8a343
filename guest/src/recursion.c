/* Deep and branchy recursion: Ackermann, naive Fibonacci, Hanoi, permutations, deep stack. */
#include <stdio.h>
#include <string.h>

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static unsigned long moves;
static void hanoi(int n, int a, int b, int c)
{
    if (!n) return;
    hanoi(n - 1, a, c, b);
    moves++;
    hanoi(n - 1, c, b, a);
}
static int perms;
static void permute(char *s, int k, int n, unsigned *h)
{
    if (k == n) {
        perms++;
        for (int i = 0; i < n; i++) *h = *h * 31 + (unsigned char)s[i];
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n, h);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}
static long deep(long n, volatile char *prev)
{
    volatile char frame[256];
    frame[0] = (char)n;
    if (n == 0) return prev ? 1 : 0;
    return deep(n - 1, frame) + frame[0] - (char)n + 1;
}

int main(void)
{
    printf("ack(2,3)=%lu ack(3,5)=%lu\n", ack(2, 3), ack(3, 5));
    printf("fib(27)=%lu\n", fib(27));
    hanoi(18, 1, 2, 3);
    printf("hanoi(18) moves=%lu\n", moves);
    char s[] = "abcdefg";
    unsigned h = 0;
    permute(s, 0, (int)strlen(s), &h);
    printf("perms=%d hash=%08x\n", perms, h);
    printf("deep recursion (10000 frames x 256B) = %ld\n", deep(10000, NULL));
    return 0;
}
