/* dlopen after start-up: ld.so opens, reads and maps a library (file-backed
 * MAP_PRIVATE mappings at offsets, MAP_FIXED over a reservation, mprotect of
 * RELRO), resolves symbols in it, and unmaps it on dlclose. A missing library
 * fails with dlerror's message. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    void *m = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
    if (!m) {
        printf("dlopen libm failed: %s\n", dlerror());
        return 1;
    }
    double (*sqrt_fn)(double) = (double (*)(double))dlsym(m, "sqrt");
    double (*pow_fn)(double, double) = (double (*)(double, double))dlsym(m, "pow");
    printf("sqrt(2) = %.15f\n", sqrt_fn(2.0));
    printf("pow(3, 0.25) = %.15f\n", pow_fn(3.0, 0.25));
    printf("dlsym missing: %s\n", dlsym(m, "no_such_symbol") ? "found" : "NULL");
    printf("dlclose: %d\n", dlclose(m));
    void *bad = dlopen("libdoes-not-exist.so.7", RTLD_NOW);
    const char *err = dlerror();
    printf("missing library: %s, error mentions it: %s\n", bad ? "loaded" : "NULL",
           err && strstr(err, "libdoes-not-exist.so.7") ? "yes" : "no");
    return 0;
}
