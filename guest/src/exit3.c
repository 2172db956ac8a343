/* exit(3) from a nested call with atexit handlers and buffered output. */
#include <stdio.h>
#include <stdlib.h>

static void handler1(void) { printf("atexit handler 1\n"); }
static void handler2(void) { printf("atexit handler 2\n"); }

static void deep(int n)
{
    if (n == 0) {
        printf("exiting with 3 (buffered)\n");
        exit(3);
    }
    if (n > 0)
        deep(n - 1);
}

int main(void)
{
    atexit(handler1);
    atexit(handler2);
    deep(10);
    printf("not reached\n");
    return 0;
}
