/* printf/strtod of doubles: %a, %.17g, %e, %f, denormals, rounding of decimal output. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vals[] = {0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, 1e23, 1e22, 123456789012345678.0,
                                 DBL_MAX, DBL_MIN, DBL_MIN / 2, 4.9406564584124654e-324, DBL_EPSILON,
                                 3.141592653589793, -2.718281828459045, 0.5, 2.5, 1e-5, 1e16, 9.999999999999999e22};

int main(void)
{
    unsigned n = sizeof vals / sizeof vals[0];
    for (unsigned i = 0; i < n; i++) {
        double x = vals[i];
        printf("%a | %.17g | %.3e | %.10f | %g | %.0f | %A\n", x, x, x, x, x, x, x);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", x);
        double back = strtod(buf, NULL);
        printf("  roundtrip %s normal=%d subnormal=%d\n", back == x ? "ok" : "BAD", isnormal(x) != 0,
               fpclassify(x) == FP_SUBNORMAL);
    }
    /* Gradual underflow down to zero. */
    double d = DBL_MIN;
    int steps = 0;
    while (d > 0.0) {
        d /= 2.0;
        steps++;
    }
    printf("halvings from DBL_MIN to 0: %d\n", steps);
    float f = FLT_MIN;
    steps = 0;
    while (f > 0.0f) {
        f /= 2.0f;
        steps++;
    }
    printf("halvings from FLT_MIN to 0: %d\n", steps);
    volatile double den = 4.9406564584124654e-324;
    printf("denormal ops: %a %a %a %a\n", den * 3.0, den * 0.5, den + den, (den * 4.0) / 3.0);
    const char *inputs[] = {"0x1.8p1", "1e-320", "-inf", "nan", "2.2250738585072011e-308", "1e400", "0.30000000000000004"};
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        printf("strtod(%s) = %a\n", inputs[i], strtod(inputs[i], NULL));
    printf("float %a %.9g %e\n", (double)(float)0.1, (double)(float)0.1, (double)FLT_MAX);
    return 0;
}
