/* mkdir in the working directory, then opendir/readdir (sorted output), stat, symlink,
 * cleanup. Not mkdtemp: glibc's mkdtemp draws its name from the clock, so the instructions
 * it runs would depend on simulated time (and so on the CPU model). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    const char *dir = "simguest.d";
    if (mkdir(dir, 0700) != 0) {
        printf("mkdir failed: %s\n", strerror(errno));
        return 1;
    }
    struct stat st;
    printf("mkdir ok, is dir %d, mode %o\n", stat(dir, &st) == 0 && S_ISDIR(st.st_mode), st.st_mode & 0777);
    if (chdir(dir) != 0)
        return 1;
    const char *names[] = {"zeta", "alpha", "Mid", "file.txt", "0num", "beta.dat"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        FILE *f = fopen(names[i], "w");
        fprintf(f, "%s contents %u\n", names[i], i);
        fclose(f);
    }
    mkdir("subdir", 0700);
    symlink("alpha", "link-to-alpha");
    DIR *d = opendir(".");
    if (!d)
        return 1;
    char *found[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        found[n++] = strdup(e->d_name);
    closedir(d);
    qsort(found, n, sizeof found[0], cmp);
    for (int i = 0; i < n; i++) {
        struct stat s;
        lstat(found[i], &s);
        printf("%-14s %s size=%lld\n", found[i], S_ISDIR(s.st_mode) ? "dir " : S_ISLNK(s.st_mode) ? "link" : "file",
               S_ISDIR(s.st_mode) ? 0LL : (long long)s.st_size);
    }
    char target[64] = {0};
    ssize_t tl = readlink("link-to-alpha", target, sizeof target - 1);
    printf("readlink %zd %s\n", tl, target);
    struct stat s1, s2;
    stat("link-to-alpha", &s1);
    stat("alpha", &s2);
    printf("stat follows link: %d\n", s1.st_ino == s2.st_ino && s1.st_size == s2.st_size);
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    printf("openat/fstatat: %d\n", fstatat(dfd, "zeta", &s1, 0) == 0 && s1.st_size == 16);
    close(dfd);
    for (int i = 0; i < n; i++) {
        if (found[i][0] == '.')
            continue;
        int rc = strcmp(found[i], "subdir") == 0 ? rmdir(found[i]) : unlink(found[i]);
        if (rc != 0)
            printf("remove %s failed\n", found[i]);
        free(found[i]);
    }
    chdir("..");
    printf("rmdir tmp: %d\n", rmdir(dir));
    printf("gone: %d\n", access(dir, F_OK) != 0);
    return 0;
}
