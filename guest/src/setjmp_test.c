/* setjmp/longjmp across frames, sigsetjmp, values preserved in volatile locals. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void dive(int n)
{
    char pad[128];
    pad[n % 128] = (char)n;
    depth_reached = n + pad[n % 128] - (char)n;
    if (n == 50)
        longjmp(env, n);
    if (n < 1000)
        dive(n + 1);
}

static int run_try(int code)
{
    jmp_buf inner;
    int r = setjmp(inner);
    if (r == 0) {
        if (code)
            longjmp(inner, code);
        return -1;
    }
    return r;
}

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(env);
    counter++;
    printf("setjmp returned %d (counter %d)\n", r, counter);
    if (r == 0)
        dive(0);
    printf("depth reached %d\n", depth_reached);
    printf("longjmp(0) becomes %d, longjmp(7) gives %d, no jump gives %d\n", run_try(0) == -1 ? 1 : 0, run_try(7),
           run_try(0));
    sigjmp_buf senv;
    volatile double acc = 1.5;
    if (sigsetjmp(senv, 1) == 0) {
        acc *= 4;
        siglongjmp(senv, 3);
    }
    printf("after siglongjmp acc=%g\n", acc);
    volatile int loops = 0;
    jmp_buf loop;
    int v = setjmp(loop);
    if (v < 5) {
        loops++;
        longjmp(loop, v + 1);
    }
    printf("looped %d times via longjmp, final %d\n", loops, v);
    return 0;
}
