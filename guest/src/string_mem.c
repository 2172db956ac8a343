/* memcpy/memmove/memset/memcmp/strcmp/strlen/strstr/strchr over many sizes and alignments. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BUF 600
static unsigned char src[BUF + 64], dst[BUF + 64], ref[BUF + 64];

static uint32_t fnv(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 31 + i * 7 + (i >> 3));
}

int main(void)
{
    int errors = 0;
    static const size_t sizes[] = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256, 257, 511, 512};
    unsigned ns = sizeof sizes / sizeof sizes[0];
    uint32_t h = 0;
    for (unsigned si = 0; si < ns; si++) {
        size_t n = sizes[si];
        for (unsigned sa = 0; sa < 8; sa++)
            for (unsigned da = 0; da < 8; da++) {
                fill(src, sizeof src, si + sa);
                memset(dst, 0xee, sizeof dst);
                memcpy(dst + da, src + sa, n);
                memset(ref, 0xee, sizeof ref);
                for (size_t i = 0; i < n; i++)
                    ref[da + i] = src[sa + i];
                if (memcmp(dst, ref, sizeof dst) != 0)
                    errors++;
                /* overlapping moves in both directions */
                fill(dst, sizeof dst, si);
                memmove(dst + da, dst + sa, n);
                fill(ref, sizeof ref, si);
                unsigned char tmp[BUF];
                for (size_t i = 0; i < n; i++)
                    tmp[i] = ref[sa + i];
                for (size_t i = 0; i < n; i++)
                    ref[da + i] = tmp[i];
                if (memcmp(dst, ref, sizeof dst) != 0)
                    errors++;
                memset(dst + da, (int)(n & 0xff), n);
                h ^= fnv(dst, sizeof dst) + (uint32_t)n;
                int c = memcmp(src + sa, src + da, n);
                h = h * 3 + (uint32_t)(c > 0 ? 1 : c < 0 ? 2 : 0);
            }
    }
    printf("mem checks: errors=%d hash=%08x\n", errors, h);

    /* strings at every alignment */
    char s1[300], s2[300];
    h = 0;
    for (unsigned al = 0; al < 16; al++)
        for (unsigned len = 0; len < 200; len += 13) {
            memset(s1, 0, sizeof s1);
            for (unsigned i = 0; i < len; i++)
                s1[al + i] = (char)('a' + (i * 7 + al) % 26);
            if (strlen(s1 + al) != len)
                errors++;
            strcpy(s2 + (15 - al), s1 + al);
            if (strcmp(s2 + (15 - al), s1 + al) != 0)
                errors++;
            if (len > 0) {
                s2[15 - al + len - 1]++;
                int c = strcmp(s1 + al, s2 + (15 - al));
                h = h * 5 + (c < 0 ? 1 : c > 0 ? 2 : 3);
                c = strncmp(s1 + al, s2 + (15 - al), len - 1);
                h = h * 5 + (c == 0);
            }
            const char *f = strstr(s1 + al, "hov");
            h = h * 7 + (f ? (uint32_t)(f - (s1 + al)) : 999u);
            const char *ch = strchr(s1 + al, 'q');
            h = h * 11 + (ch ? (uint32_t)(ch - (s1 + al)) : 777u);
            const char *rch = strrchr(s1 + al, 'e');
            h = h * 13 + (rch ? (uint32_t)(rch - (s1 + al)) : 555u);
        }
    printf("str checks: errors=%d hash=%08x\n", errors, h);
    printf("strstr: %s | %s | %s\n", strstr("hello world, wonderful world", "wor"), strstr("aaaaab", "aab"),
           strstr("abc", "") );
    printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("abcabcxyz", "abc"), strcspn("hello, world", ", "),
           strpbrk("find the vowel", "aeiou"));
    char tok[] = "a,b;;c,,d";
    for (char *save, *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
        printf("tok[%s] ", t);
    printf("\n");
    char cat[64] = "con";
    strcat(cat, "cat");
    strncat(cat, "enation!!!", 7);
    printf("%s %d %d\n", cat, strcasecmp("HeLLo", "hello"), strncasecmp("abcD", "ABCE", 3));
    char *d = strdup("duplicate me");
    printf("%s %zu\n", d, strnlen(d, 5));
    printf("memchr=%td memrchr=%td\n", (char *)memchr(d, 'p', 12) - d, (char *)memrchr(d, 'e', 12) - d);
    return errors != 0;
}
