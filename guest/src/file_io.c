/* File I/O in the directory given as argv[1]: fopen/fwrite/fread/fseek/ftell,
 * stat, rename, unlink, and the raw open/read/write/lseek/pread/pwrite calls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what)
{
    printf("FAIL %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: file_io DIR\n");
        return 2;
    }
    if (chdir(argv[1]) != 0)
        return fail("chdir");
    FILE *f = fopen("data.bin", "wb");
    if (!f)
        return fail("fopen w");
    unsigned char block[1000];
    for (int i = 0; i < 1000; i++)
        block[i] = (unsigned char)(i * 13 + 1);
    for (int k = 0; k < 10; k++)
        if (fwrite(block, 1, sizeof block, f) != sizeof block)
            return fail("fwrite");
    fprintf(f, "tail %d\n", 12345);
    printf("ftell after write: %ld\n", ftell(f));
    fclose(f);

    struct stat st;
    if (stat("data.bin", &st) != 0)
        return fail("stat");
    printf("stat size=%lld regular=%d dir=%d\n", (long long)st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode));

    f = fopen("data.bin", "r+b");
    if (!f)
        return fail("fopen r+");
    fseek(f, 2500, SEEK_SET);
    unsigned char buf[16];
    size_t got = fread(buf, 1, 16, f);
    printf("fread %zu at 2500: %02x %02x %02x, ftell=%ld\n", got, buf[0], buf[1], buf[15], ftell(f));
    fseek(f, -8, SEEK_END);
    char tail[16] = {0};
    got = fread(tail, 1, 15, f);
    printf("last %zu bytes: [%.*s] eof=%d\n", got, (int)got - 1, tail, feof(f) != 0);
    fseek(f, 10, SEEK_SET);
    fputs("OVERWRITE", f);
    fseek(f, 0, SEEK_CUR);
    rewind(f);
    unsigned char head[32];
    got = fread(head, 1, 20, f);
    printf("after overwrite: %zu [%.9s]\n", got, (char *)head + 10);
    fclose(f);

    if (rename("data.bin", "renamed.bin") != 0)
        return fail("rename");
    printf("old exists after rename: %d\n", access("data.bin", F_OK) == 0);
    printf("new exists after rename: %d\n", access("renamed.bin", F_OK) == 0);

    int fd = open("raw.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0)
        return fail("open");
    ssize_t w = write(fd, "0123456789abcdef", 16);
    ssize_t pw = pwrite(fd, "XY", 2, 4);
    off_t pos = lseek(fd, 0, SEEK_CUR);
    char rb[32] = {0};
    ssize_t pr = pread(fd, rb, 10, 2);
    printf("write=%zd pwrite=%zd pos=%lld pread=%zd [%s]\n", w, pw, (long long)pos, pr, rb);
    lseek(fd, 100, SEEK_SET);
    write(fd, "!", 1);
    fstat(fd, &st);
    printf("sparse size=%lld\n", (long long)st.st_size);
    if (ftruncate(fd, 5) != 0)
        return fail("ftruncate");
    fstat(fd, &st);
    printf("truncated size=%lld\n", (long long)st.st_size);
    int fd2 = dup(fd);
    lseek(fd2, 0, SEEK_SET);
    memset(rb, 0, sizeof rb);
    ssize_t r = read(fd, rb, sizeof rb);
    printf("read via shared offset after dup: %zd [%s]\n", r, rb);
    close(fd2);
    close(fd);

    errno = 0;
    f = fopen("does-not-exist.txt", "r");
    printf("fopen missing: %s errno=ENOENT:%d\n", f ? "opened?" : "NULL", errno == ENOENT);
    printf("unlink missing: %d ENOENT:%d\n", unlink("does-not-exist.txt"), errno == ENOENT);
    printf("mkdir: %d, again: %d EEXIST:%d\n", mkdir("sub", 0755), mkdir("sub", 0755), errno == EEXIST);
    printf("rmdir: %d\n", rmdir("sub"));
    printf("unlink: %d %d\n", unlink("renamed.bin"), unlink("raw.txt"));
    char cwd[4096];
    printf("getcwd ok: %d\n", getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, argv[1]) == 0);
    return 0;
}
