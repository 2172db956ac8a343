/* Accrued exception flags (fflags) through fetestexcept. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>


static void show(const char *what)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    printf("%-22s inexact=%d underflow=%d overflow=%d divbyzero=%d invalid=%d\n", what, !!(e & FE_INEXACT),
           !!(e & FE_UNDERFLOW), !!(e & FE_OVERFLOW), !!(e & FE_DIVBYZERO), !!(e & FE_INVALID));
    feclearexcept(FE_ALL_EXCEPT);
}

static volatile double qnan = NAN, one = 1.0, three = 3.0, zero = 0.0, big = DBL_MAX, tiny = DBL_MIN, minus1 = -1.0, two = 2.0;
static volatile float onef = 1.0f, threef = 3.0f, zerof = 0.0f, bigf = FLT_MAX, tinyf = FLT_MIN;
static volatile double sink;
static volatile float sinkf;
static volatile long sinkl;

int main(void)
{
    feclearexcept(FE_ALL_EXCEPT);
    show("none");
    sink = one + two; show("exact add");
    sink = one / three; show("1/3");
    sink = big * two; show("max*2");
    sink = tiny * tiny; show("min*min");
    sink = tiny / 3.0; show("min/3 (denormal)");
    sink = one / zero; show("1/0");
    sink = zero / zero; show("0/0");
    sink = sqrt(minus1); show("sqrt(-1)");
    sink = sqrt(two); show("sqrt(2)");
    sink = INFINITY - INFINITY * one; show("inf-inf");
    sinkl = (long)(big); show("cvt max->long");
    sinkl = (long)(one / three * 3.5); show("cvt 1.166->long");
    sink = qnan < one; show("nan < 1 (signaling)");
    sink = __builtin_isless(qnan, one); show("isless(nan,1) (quiet)");
    sink = qnan == one; show("nan == 1 (quiet)");
    sink = qnan + one; show("qnan + 1 (quiet)");
    sink = fma(big, two, -big); show("fma max*2-max (fused)");
    sinkf = onef / threef; show("f 1/3");
    sinkf = bigf * 2.0f; show("f max*2");
    sinkf = tinyf * tinyf; show("f min*min");
    sinkf = onef / zerof; show("f 1/0");
    sinkf = zerof / zerof; show("f 0/0");
    sinkf = (float)big; show("d->f overflow");
    sinkf = (float)(one / three); show("d->f inexact");
    sinkf = onef / threef;
    feclearexcept(FE_ALL_EXCEPT);
    sink = (double)sinkf; show("f->d exact");
    {
        /* Two flag-raising divisions back to back (in flight together on an
         * out-of-order core): fflags accrues both. */
        double q;
        float qf;
        __asm__ volatile("fdiv.d %0, %2, %3\n\tfdiv.s %1, %4, %5"
                         : "=&f"(q), "=&f"(qf)
                         : "f"(one), "f"(zero), "f"(onef), "f"(threef));
        sink = q;
        sinkf = qf;
        show("1/0 with f 1/3");
    }
    feraiseexcept(FE_OVERFLOW | FE_INEXACT); show("feraiseexcept");
    fexcept_t saved;
    sink = one / zero;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_ALL_EXCEPT); show("get/setexceptflag");
    long csr;
    sink = one / three;
    __asm__ volatile("frflags %0" : "=r"(csr));
    printf("frflags after 1/3 = %ld\n", csr);
    __asm__ volatile("fsflags x0");
    __asm__ volatile("csrr %0, fcsr" : "=r"(csr));
    printf("fcsr after fsflags x0 = %ld\n", csr);
    return 0;
}
