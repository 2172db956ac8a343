/* A dynamically linked program's start-up as the ELF interpreter sees it: the
 * auxiliary vector entries ld.so relies on (AT_BASE, AT_PHDR, AT_ENTRY, AT_PHNUM,
 * AT_PAGESZ), the shared objects it loaded (dl_iterate_phdr), libm through the PLT,
 * initialized data relocated in a PIE, and thread-local storage of the main thread
 * and of a thread (static TLS blocks laid out by ld.so). */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char _start[];
static const char *greeting = "relocated pointer";
static __thread int tls_counter = 40;
static __thread char tls_buf[64] = "tls initial image";

struct seen {
    int objects;
    int main_phdr_matches;
};

static int each_object(struct dl_phdr_info *info, size_t size, void *data) {
    struct seen *s = data;
    (void)size;
    /* The program itself has an empty name; the vDSO (if the emulator has one)
     * has no slash; libraries are named by the path ld.so opened. */
    if (info->dlpi_name[0] == '\0') {
        s->main_phdr_matches = (unsigned long)info->dlpi_phdr == getauxval(AT_PHDR);
    } else if (strchr(info->dlpi_name, '/')) {
        const char *base = strrchr(info->dlpi_name, '/') + 1;
        printf("object %s\n", base);
    }
    s->objects++;
    return 0;
}

static void *worker(void *arg) {
    tls_counter += (int)(long)arg;
    snprintf(tls_buf, sizeof tls_buf, "thread %ld", (long)arg);
    printf("%s: counter %d\n", tls_buf, tls_counter);
    return NULL;
}

int main(int argc, char **argv) {
    struct seen s = {0, 0};
    printf("argc %d argv[1] %s\n", argc, argc > 1 ? argv[1] : "(none)");
    printf("AT_BASE set: %s\n", getauxval(AT_BASE) ? "yes" : "no");
    printf("AT_ENTRY is _start: %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "yes" : "no");
    printf("AT_PHENT %lu AT_PAGESZ %lu\n", getauxval(AT_PHENT), getauxval(AT_PAGESZ));
    dl_iterate_phdr(each_object, &s);
    printf("main AT_PHDR matches: %s\n", s.main_phdr_matches ? "yes" : "no");
    printf("%s\n", greeting);
    volatile double x = 0.5;
    printf("cos %.12f exp %.12f\n", cos(x), exp(x));
    pthread_t t[2];
    for (long i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, worker, (void *)(i + 1));
        pthread_join(t[i], NULL);
    }
    printf("main: %s counter %d\n", tls_buf, tls_counter);
    return 3;
}
