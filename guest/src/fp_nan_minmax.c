/* NaN handling (canonical NaN, signaling NaN, sign of zero), fmin/fmax, classify. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t bitsf(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double from(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float fromf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static long fclass_d(double x) { long r; __asm__ volatile("fclass.d %0,%1" : "=r"(r) : "f"(x)); return r; }
static long fclass_s(float x) { long r; __asm__ volatile("fclass.s %0,%1" : "=r"(r) : "f"(x)); return r; }
static double fmin_d(double a, double b) { double r; __asm__ volatile("fmin.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static double fmax_d(double a, double b) { double r; __asm__ volatile("fmax.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static float fmin_s(float a, float b) { float r; __asm__ volatile("fmin.s %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static float fmax_s(float a, float b) { float r; __asm__ volatile("fmax.s %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static double fsgnjn(double a, double b) { double r; __asm__ volatile("fsgnjn.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static double fsgnjx(double a, double b) { double r; __asm__ volatile("fsgnjx.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }

int main(void)
{
    volatile double qnan = from(0x7ff8000000000001ULL), snan = from(0x7ff0000000000001ULL),
                    nnan = from(0xfff8000000000123ULL);
    volatile double vals[] = {0.0, -0.0, 1.0, -2.0, INFINITY, -INFINITY, 5e-324, -5e-324, qnan, snan, nnan};
    unsigned n = sizeof vals / sizeof vals[0];
    for (unsigned i = 0; i < n; i++) {
        double a = vals[i];
        printf("%016llx class=%03lx isnan=%d isinf=%d signbit=%d fpclassify=%d neg=%016llx abs=%016llx\n",
               (unsigned long long)bits(a), fclass_d(a), !!isnan(a), !!isinf(a), !!signbit(a), fpclassify(a),
               (unsigned long long)bits(-a), (unsigned long long)bits(fabs(a)));
        for (unsigned j = 0; j < n; j++) {
            double b = vals[j];
            printf("  %016llx: min=%016llx max=%016llx cmin=%016llx cmax=%016llx add=%016llx mul=%016llx sgnjn=%016llx sgnjx=%016llx\n",
                   (unsigned long long)bits(b), (unsigned long long)bits(fmin_d(a, b)),
                   (unsigned long long)bits(fmax_d(a, b)), (unsigned long long)bits(fmin(a, b)),
                   (unsigned long long)bits(fmax(a, b)), (unsigned long long)bits(a + b),
                   (unsigned long long)bits(a * b), (unsigned long long)bits(fsgnjn(a, b)),
                   (unsigned long long)bits(fsgnjx(a, b)));
        }
    }
    volatile float fq = fromf(0x7fc00001u), fs = fromf(0x7f800001u);
    volatile float fvals[] = {0.0f, -0.0f, 1.5f, -INFINITY, 1e-45f, fq, fs};
    unsigned nf = sizeof fvals / sizeof fvals[0];
    for (unsigned i = 0; i < nf; i++)
        for (unsigned j = 0; j < nf; j++)
            printf("f %08x %08x class=%03lx min=%08x max=%08x sub=%08x\n", bitsf(fvals[i]), bitsf(fvals[j]),
                   fclass_s(fvals[i]), bitsf(fmin_s(fvals[i], fvals[j])), bitsf(fmax_s(fvals[i], fvals[j])),
                   bitsf(fvals[i] - fvals[j]));
    /* NaN boxing: a float moved to the integer side via fmv.x.w, and a double
     * register holding a non-boxed value read as float must give canonical NaN. */
    double boxed_bad = from(0x00000000bf800000ULL);
    float as_float;
    __asm__ volatile("fmv.s %0,%1" : "=f"(as_float) : "f"(boxed_bad));
    printf("unboxed->float %08x\n", bitsf(as_float));
    long xw;
    float neg = -1.0f;
    __asm__ volatile("fmv.x.w %0,%1" : "=r"(xw) : "f"(neg));
    printf("fmv.x.w(-1.0f) = %016lx\n", xw);
    printf("nan strings: %f %F %e %g\n", (double)qnan, (double)nnan, (double)-qnan, (double)snan);
    return 0;
}
