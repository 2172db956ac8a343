/* The smaller file calls: fchdir, flock, fcntl record and OFD locks, statfs,
 * truncate, mknodat FIFOs, preadv/pwritev(2), copy_file_range, sendfile,
 * splice, memfd_create, FIONREAD/FIONBIO/FIOCLEX, F_GETPIPE_SZ, mremap. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *en(int e)
{
    switch (e) {
    case 0: return "0";
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case ENOTDIR: return "ENOTDIR";
    case EFAULT: return "EFAULT";
    case ENOMEM: return "ENOMEM";
    case EWOULDBLOCK + 1000: return "?";
    default: return strerror(e);
    }
}

static long fsize(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static void put(const char *path, const char *s)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, s, strlen(s));
    close(fd);
}

static void show(const char *what, int fd, off_t off, size_t n)
{
    char buf[128] = {0};
    ssize_t r = pread(fd, buf, n < sizeof buf ? n : sizeof buf - 1, off);
    printf("%s: %zd '%s'\n", what, r, r > 0 ? buf : "");
}

int main(void)
{
    /* fchdir */
    mkdir("sub", 0755);
    put("sub/inner", "in sub\n");
    int d = open("sub", O_RDONLY | O_DIRECTORY);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    printf("fchdir sub: %d\n", fchdir(d));
    printf("inner visible: %d\n", access("inner", R_OK) == 0);
    char cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    const char *tail = strrchr(cwd, '/');
    printf("cwd ends with %s\n", tail);
    printf("fchdir back: %d\n", fchdir(here));
    int f = open("sub/inner", O_RDONLY);
    errno = 0;
    printf("fchdir file: %d %s\n", fchdir(f), en(errno));
    close(f);
    close(d);
    close(here);

    /* flock on two open file descriptions */
    put("lockme", "0123456789abcdef");
    int a = open("lockme", O_RDWR), b = open("lockme", O_RDWR);
    printf("flock a EX: %d\n", flock(a, LOCK_EX | LOCK_NB));
    errno = 0;
    printf("flock b EX|NB: %d %s\n", flock(b, LOCK_EX | LOCK_NB), en(errno));
    int a2 = dup(a);
    printf("flock dup of a EX|NB: %d\n", flock(a2, LOCK_EX | LOCK_NB));
    printf("flock a UN: %d\n", flock(a, LOCK_UN));
    printf("flock b SH|NB: %d\n", flock(b, LOCK_SH | LOCK_NB));
    flock(b, LOCK_UN);
    close(a2);

    /* fcntl record locks within one process: its own locks never conflict */
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 4};
    printf("F_SETLK wr 2..6: %d\n", fcntl(a, F_SETLK, &fl));
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    printf("F_GETLK: %d type %s\n", fcntl(b, F_GETLK, &q), q.l_type == F_UNLCK ? "F_UNLCK" : "locked");
    fl.l_type = F_UNLCK;
    printf("F_SETLK unlock: %d\n", fcntl(a, F_SETLK, &fl));
    fl.l_type = 7;
    errno = 0;
    printf("F_SETLK bad type: %d %s\n", fcntl(a, F_SETLK, &fl), en(errno));
    int ro = open("lockme", O_RDONLY);
    fl.l_type = F_WRLCK;
    errno = 0;
    printf("F_SETLK wr on O_RDONLY: %d %s\n", fcntl(ro, F_SETLK, &fl), en(errno));
    fl.l_whence = SEEK_END;
    fl.l_start = -100;
    errno = 0;
    printf("F_SETLK before start: %d %s\n", fcntl(a, F_SETLK, &fl), en(errno));
    close(ro);

    /* OFD locks conflict between descriptions of one process */
    struct flock o = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 8};
    printf("F_OFD_SETLK a: %d\n", fcntl(a, F_OFD_SETLK, &o));
    struct flock o2 = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 4, .l_len = 1};
    errno = 0;
    printf("F_OFD_SETLK b: %d %s\n", fcntl(b, F_OFD_SETLK, &o2), en(errno));
    printf("F_OFD_GETLK b: %d type %d start %ld len %ld pid %d\n", fcntl(b, F_OFD_GETLK, &o2),
           o2.l_type, (long)o2.l_start, (long)o2.l_len, o2.l_pid);
    close(a);
    close(b);

    /* statfs / fstatfs agree */
    struct statfs s1, s2;
    int t = open(".", O_RDONLY);
    printf("statfs: %d fstatfs: %d\n", statfs(".", &s1), fstatfs(t, &s2));
    printf("same type %d bsize %d namelen %ld\n", s1.f_type == s2.f_type,
           s1.f_bsize == s2.f_bsize, (long)s1.f_namelen);
    close(t);
    errno = 0;
    printf("statfs missing: %d %s\n", statfs("nope/nope", &s1), strerror(errno));

    /* truncate / ftruncate */
    printf("truncate 5: %d size %ld\n", truncate("lockme", 5), fsize("lockme"));
    printf("truncate 100: %d size %ld\n", truncate("lockme", 100), fsize("lockme"));
    errno = 0;
    printf("truncate -1: %d %s\n", truncate("lockme", -1), en(errno));
    errno = 0;
    printf("truncate dir: %d %s\n", truncate("sub", 1), strerror(errno));

    /* mknodat FIFO */
    printf("mknodat fifo: %d\n", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
    struct stat st;
    stat("fifo", &st);
    printf("is fifo %d\n", S_ISFIFO(st.st_mode));
    errno = 0;
    printf("mknodat again: %d %s\n", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0), strerror(errno));
    printf("mknodat regular: %d\n", mknodat(AT_FDCWD, "regular", S_IFREG | 0600, 0));

    /* preadv / pwritev (2) */
    int v = open("vec", O_CREAT | O_RDWR | O_TRUNC, 0644);
    char p1[] = "Hello, ", p2[] = "vectored world";
    struct iovec w[2] = {{p1, 7}, {p2, 14}};
    printf("pwritev at 3: %zd\n", pwritev(v, w, 2, 3));
    printf("size %ld pos %ld\n", fsize("vec"), (long)lseek(v, 0, SEEK_CUR));
    char r1[5] = {0}, r2[9] = {0};
    struct iovec rv[2] = {{r1, 4}, {r2, 8}};
    printf("preadv at 5: %zd '%s' '%s'\n", preadv(v, rv, 2, 5), r1, r2);
    printf("pwritev2 at -1: %zd pos %ld\n", pwritev2(v, w, 1, -1, 0), (long)lseek(v, 0, SEEK_CUR));
    lseek(v, 3, SEEK_SET);
    memset(r1, 0, sizeof r1);
    memset(r2, 0, sizeof r2);
    printf("preadv2 at -1: %zd '%s' '%s' pos %ld\n", preadv2(v, rv, 2, -1, 0), r1, r2,
           (long)lseek(v, 0, SEEK_CUR));
    errno = 0;
    printf("preadv2 bad flags: %zd %s\n", preadv2(v, rv, 2, 0, 0x100), strerror(errno));
    errno = 0;
    printf("preadv negative: %zd %s\n", preadv(v, rv, 2, -5), en(errno));

    /* copy_file_range and sendfile */
    int dst = open("copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
    loff_t in_off = 3, out_off = 2;
    printf("copy_file_range: %zd in_off %ld out_off %ld\n",
           copy_file_range(v, &in_off, dst, &out_off, 10, 0), (long)in_off, (long)out_off);
    show("copy", dst, 2, 10);
    errno = 0;
    printf("copy_file_range flags: %zd %s\n", copy_file_range(v, NULL, dst, NULL, 1, 1), en(errno));
    int sf = open("sent", O_CREAT | O_RDWR | O_TRUNC, 0644);
    off_t soff = 10;
    printf("sendfile: %zd off %ld\n", sendfile(sf, v, &soff, 7), (long)soff);
    show("sent", sf, 0, 7);

    /* splice file -> pipe -> file */
    int pp[2];
    pipe(pp);
    loff_t sp_off = 3;
    printf("splice file->pipe: %zd off %ld\n", splice(v, &sp_off, pp[1], NULL, 12, 0), (long)sp_off);
    int bytes = -1;
    printf("FIONREAD pipe: %d bytes %d\n", ioctl(pp[0], FIONREAD, &bytes), bytes);
    int spl = open("spliced", O_CREAT | O_RDWR | O_TRUNC, 0644);
    printf("splice pipe->file: %zd\n", splice(pp[0], NULL, spl, NULL, 12, 0));
    show("spliced", spl, 0, 12);
    printf("F_GETPIPE_SZ: %d\n", fcntl(pp[0], F_GETPIPE_SZ));
    printf("F_SETPIPE_SZ 8192: %d\n", fcntl(pp[0], F_SETPIPE_SZ, 8192));
    printf("F_GETPIPE_SZ: %d\n", fcntl(pp[1], F_GETPIPE_SZ));
    errno = 0;
    printf("F_GETPIPE_SZ file: %d %s\n", fcntl(spl, F_GETPIPE_SZ), en(errno));

    /* FIONREAD on a file, FIONBIO, FIOCLEX */
    lseek(v, 4, SEEK_SET);
    printf("FIONREAD file: %d bytes %d\n", ioctl(v, FIONREAD, &bytes), bytes);
    int on = 1;
    printf("FIONBIO: %d nonblock %d\n", ioctl(pp[0], FIONBIO, &on), !!(fcntl(pp[0], F_GETFL) & O_NONBLOCK));
    char c;
    errno = 0;
    printf("read empty nonblocking pipe: %zd %s\n", read(pp[0], &c, 1), en(errno));
    printf("FIOCLEX: %d fd flags %d\n", ioctl(v, FIOCLEX), fcntl(v, F_GETFD));
    printf("FIONCLEX: %d fd flags %d\n", ioctl(v, FIONCLEX), fcntl(v, F_GETFD));
    close(pp[0]);
    close(pp[1]);

    /* memfd_create: write, truncate, map shared, name */
    int m = memfd_create("sim-memfd", MFD_CLOEXEC);
    printf("memfd fd flags %d\n", fcntl(m, F_GETFD));
    printf("memfd write: %zd\n", write(m, "memfd data", 10));
    printf("memfd ftruncate 8192: %d size %ld\n", ftruncate(m, 8192),
           (long)lseek(m, 0, SEEK_END));
    char *mp = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
    printf("memfd map: '%.10s'\n", mp);
    memcpy(mp + 4096, "via map", 7);
    show("memfd after store", m, 4096, 7);
    char link[256] = {0}, lp[64];
    snprintf(lp, sizeof lp, "/proc/self/fd/%d", m);
    readlink(lp, link, sizeof link - 1);
    printf("memfd link '%s'\n", link);
    munmap(mp, 8192);
    errno = 0;
    printf("memfd bad flags: %d %s\n", memfd_create("x", 0x100), en(errno));

    /* MAP_SHARED file mapping and the file's fds see each other */
    int sh = open("shared", O_CREAT | O_RDWR | O_TRUNC, 0644);
    ftruncate(sh, 8192);
    char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, sh, 0);
    pwrite(sh, "written by pwrite", 17, 100);
    printf("map sees write: '%.17s'\n", map + 100);
    memcpy(map + 5000, "stored in map", 13);
    show("read sees store", sh, 5000, 13);
    lseek(sh, 4090, SEEK_SET);
    write(sh, "across pages", 12);
    printf("map sees write across pages: '%.12s'\n", map + 4090);
    ftruncate(sh, 4096);
    ftruncate(sh, 8192);
    printf("truncated tail reads zero: %d\n", map[5000] == 0);
    int other = open("shared", O_RDWR);
    pwrite(other, "second fd", 9, 200);
    printf("map sees another fd: '%.9s'\n", map + 200);
    memcpy(map + 300, "msync", 5);
    printf("msync: %d\n", msync(map, 8192, MS_SYNC));
    show("after msync", other, 300, 5);
    munmap(map, 8192);
    close(other);
    close(sh);

    /* mremap: grow with MAYMOVE, move to a fixed address */
    char *r = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(r, "remap me");
    char *blocker = mmap(r + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    char *g = mremap(r, 4096, 3 * 4096, MREMAP_MAYMOVE);
    printf("grown: moved %d keeps '%s'\n", g != r, g);
    g[3 * 4096 - 1] = 'x';
    char *target = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *fx = mremap(g, 3 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, target + 4096);
    printf("fixed: at target %d keeps '%s'\n", fx == target + 4096, fx);
    printf("old gone: %d\n", msync(g, 4096, MS_ASYNC) == -1 && errno == ENOMEM);
    errno = 0;
    printf("fixed without maymove: %p %s\n",
           mremap(fx, 4096, 4096, MREMAP_FIXED, target), en(errno));
    errno = 0;
    printf("fixed overlapping: %p %s\n",
           mremap(fx, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, fx + 4096), en(errno));
    munmap(blocker, 4096);
    return 0;
}
