/* Float and double + - * / sqrt fma and friends, printed exactly with %a. */
#include <math.h>
#include <stdio.h>

static volatile double dv[] = {0.0, -0.0, 1.0, -1.5, 3.0, 0.1, 1e300, -1e-300, 4.9e-324,
                               2.2250738585072014e-308, 1.7976931348623157e308, INFINITY, -INFINITY, NAN};
static volatile float fv[] = {0.0f, -0.0f, 1.0f, -1.5f, 3.0f, 0.1f, 1e30f, -1e-30f, 1.4e-45f,
                              1.17549435e-38f, 3.40282347e38f, INFINITY, -INFINITY, NAN};
#define ND (sizeof dv / sizeof dv[0])
#define NF (sizeof fv / sizeof fv[0])

/* NaN payload/sign from arithmetic must be canonical on RISC-V, so %a of NaN is stable. */
static void pd(const char *op, double x) { printf(" %s=%a", op, x); }
static void pf(const char *op, float x) { printf(" %s=%a", op, (double)x); }

int main(void)
{
    for (unsigned i = 0; i < ND; i++) {
        for (unsigned j = 0; j < ND; j++) {
            double a = dv[i], b = dv[j];
            printf("d %a %a:", a, b);
            pd("add", a + b); pd("sub", a - b); pd("mul", a * b); pd("div", a / b);
            pd("fma", fma(a, b, 0.5)); pd("fms", fma(a, b, -a));
            printf(" lt=%d le=%d eq=%d\n", a < b, a <= b, a == b);
        }
        printf("d %a: sqrt=%a abs=%a neg=%a floor=%a ceil=%a trunc=%a round=%a rint=%a\n", dv[i],
               sqrt(dv[i]), fabs(dv[i]), -dv[i], floor(dv[i]), ceil(dv[i]), trunc(dv[i]), round(dv[i]), rint(dv[i]));
    }
    for (unsigned i = 0; i < NF; i++) {
        for (unsigned j = 0; j < NF; j++) {
            float a = fv[i], b = fv[j];
            printf("f %a %a:", (double)a, (double)b);
            pf("add", a + b); pf("sub", a - b); pf("mul", a * b); pf("div", a / b);
            pf("fma", fmaf(a, b, 0.5f)); pf("fms", fmaf(a, b, -a));
            printf(" lt=%d le=%d eq=%d\n", a < b, a <= b, a == b);
        }
        printf("f %a: sqrt=%a abs=%a copysign=%a\n", (double)fv[i], (double)sqrtf(fv[i]),
               (double)fabsf(fv[i]), (double)copysignf(2.0f, fv[i]));
    }
    /* A little numerical work that accumulates rounding. */
    double s = 0.0;
    float sf = 0.0f;
    for (int k = 1; k <= 100000; k++) {
        s += 1.0 / ((double)k * k);
        sf += 1.0f / ((float)k * k);
    }
    printf("basel %.17g %a float %.9g %a\n", s, s, (double)sf, (double)sf);
    printf("libm exp=%a log=%a sin=%a cos=%a atan2=%a pow=%a\n", exp(1.5), log(10.0), sin(0.5), cos(0.5),
           atan2(1.0, -2.0), pow(2.5, 3.25));
    return 0;
}
