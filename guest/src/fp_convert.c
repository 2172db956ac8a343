/* Conversions under every rounding mode via fesetround. */
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>


static volatile double dv[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1.0 / 3.0, -2.0 / 3.0, 2.75, -2.75,
                               9007199254740993.0, 1e19, -1e19, 4294967295.5, 2147483647.5, -2147483648.5,
                               1e-310, NAN, INFINITY, -INFINITY, 123456789.987654321};
#define N (sizeof dv / sizeof dv[0])
static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
static const char *const names[] = {"nearest", "towardzero", "downward", "upward"};

/* Hardware conversions with the dynamic rounding mode; out-of-range results
 * saturate per the RISC-V spec (NaN converts to the maximum). */
static long fcvt_l_d(double x) { long r; __asm__ volatile("fcvt.l.d %0,%1,dyn" : "=r"(r) : "f"(x)); return r; }
static unsigned long fcvt_lu_d(double x) { unsigned long r; __asm__ volatile("fcvt.lu.d %0,%1,dyn" : "=r"(r) : "f"(x)); return r; }
static long fcvt_w_d(double x) { long r; __asm__ volatile("fcvt.w.d %0,%1,dyn" : "=r"(r) : "f"(x)); return r; }
static long fcvt_wu_d(double x) { long r; __asm__ volatile("fcvt.wu.d %0,%1,dyn" : "=r"(r) : "f"(x)); return r; }
static long fcvt_w_s(float x) { long r; __asm__ volatile("fcvt.w.s %0,%1,dyn" : "=r"(r) : "f"(x)); return r; }
static long fcvt_l_d_rtz(double x) { long r; __asm__ volatile("fcvt.l.d %0,%1,rtz" : "=r"(r) : "f"(x)); return r; }
static long fcvt_l_d_rmm(double x) { long r; __asm__ volatile("fcvt.l.d %0,%1,rmm" : "=r"(r) : "f"(x)); return r; }

int main(void)
{
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) {
            printf("fesetround failed\n");
            return 1;
        }
        printf("mode %s (fegetround ok=%d, frm=%d)\n", names[m], fegetround() == modes[m],
               (int)({ long f; __asm__ volatile("frrm %0" : "=r"(f)); f; }));
        for (unsigned i = 0; i < N; i++) {
            double x = dv[i];
            volatile float f = (float)x;
            volatile long long ll = (long long)(x * 3.0);
            printf(" %a: l=%ld lu=%lu w=%ld wu=%ld ws=%ld rtz=%ld rmm=%ld f=%a rint=%a nearbyint=%a lrint=%ld llround=%lld d(ll)=%a f(ll)=%a\n",
                   x, fcvt_l_d(x), fcvt_lu_d(x), fcvt_w_d(x), fcvt_wu_d(x), fcvt_w_s(f), fcvt_l_d_rtz(x),
                   fcvt_l_d_rmm(x), (double)f, rint(x), nearbyint(x),
                   isfinite(x) && fabs(x) < 1e18 ? lrint(x) : 0L,
                   isfinite(x) && fabs(x) < 1e18 ? llround(x) : 0LL,
                   (double)ll, (double)(float)ll);
        }
        volatile unsigned long long u = 0xffffffffffffffffULL;
        volatile long long s = 0x7fffffffffffff01LL;
        volatile int si = 0x7fffff81;
        printf(" u64->d=%a u64->f=%a s64->d=%a s32->f=%a 1/3=%a 1/3f=%a\n", (double)u, (double)(float)u,
               (double)s, (double)(float)si, 1.0 / dv[7] * -2.0 / 3.0, (double)(1.0f / (float)dv[4] / 3.0f));
    }
    return 0;
}
