/* long double (IEEE binary128, software emulated on RISC-V) arithmetic and sprintf. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

int main(void)
{
    volatile long double a = 1.0L, b = 3.0L;
    long double third = a / b;
    char buf[128];
    sprintf(buf, "%.36Lg", third);
    printf("1/3 = %s\n", buf);
    sprintf(buf, "%La", third);
    printf("1/3 = %s\n", buf);
    long double x = 1.0L;
    for (int i = 1; i <= 30; i++)
        x *= i;
    sprintf(buf, "%.0Lf", x);
    printf("30! = %s\n", buf);
    sprintf(buf, "%.30Le", sqrtl(2.0L));
    printf("sqrt2 = %s\n", buf);
    long double e = 0, term = 1;
    for (int i = 1; i < 40; i++) {
        e += term;
        term /= i;
    }
    sprintf(buf, "%.33Lf", e);
    printf("e = %s\n", buf);
    sprintf(buf, "%Lg %Lg %Lg", (long double)1e4000L, -(long double)1e-4000L, (long double)-0.0L);
    printf("extremes: %s\n", buf);
    long double p = strtold("3.14159265358979323846264338327950288", NULL);
    sprintf(buf, "%.34Lg", p);
    printf("strtold pi = %s\n", buf);
    printf("cmp: %d %d %d\n", third < 0.34L, third > (long double)(1.0 / 3.0), (long double)(double)third == third);
    printf("to double %.17g, to long %ld\n", (double)(x / 1e30L), (long)(x / 1e20L));
    return 0;
}
