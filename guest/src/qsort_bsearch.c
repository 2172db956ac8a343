/* qsort and bsearch over ints, doubles, strings and structs (stable tie-breaking by index). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
struct rec { int key; int idx; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return x->idx - y->idx;
}

int main(void)
{
    enum { N = 5000 };
    static int a[N];
    static double d[N];
    static struct rec r[N];
    for (int i = 0; i < N; i++) {
        a[i] = (int)(next() % 100000) - 50000;
        d[i] = (double)(int32_t)next() / 7.0;
        r[i].key = (int)(next() % 50);
        r[i].idx = i;
    }
    qsort(a, N, sizeof a[0], cmp_int);
    qsort(d, N, sizeof d[0], cmp_dbl);
    qsort(r, N, sizeof r[0], cmp_rec);
    int sorted = 1;
    uint64_t h = 0;
    for (int i = 1; i < N; i++) {
        if (a[i - 1] > a[i] || d[i - 1] > d[i] || cmp_rec(&r[i - 1], &r[i]) > 0) sorted = 0;
    }
    for (int i = 0; i < N; i++) h = h * 31 + (uint32_t)a[i] + (uint32_t)r[i].idx;
    printf("sorted=%d hash=%016llx min=%d max=%d dmin=%.6f dmax=%.6f\n", sorted, (unsigned long long)h, a[0], a[N - 1], d[0], d[N - 1]);
    int found = 0, missing = 0;
    for (int k = -50000; k < 50000; k += 37) {
        int *p = bsearch(&k, a, N, sizeof a[0], cmp_int);
        if (p) { found++; if (*p != k) missing += 1000; } else missing++;
    }
    printf("bsearch found=%d missing=%d\n", found, missing);
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "lemon", "apple"};
    int nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (int i = 0; i < nw; i++) printf("%s%c", words[i], i + 1 == nw ? '\n' : ' ');
    const char *key = "grape";
    const char **w = bsearch(&key, words, nw, sizeof words[0], cmp_str);
    printf("bsearch grape -> index %td\n", w ? w - words : (ptrdiff_t)-1);
    return !sorted;
}
