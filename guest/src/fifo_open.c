/* FIFOs between threads: a blocking open for reading waits for a writer and
 * one for writing waits for a reader; O_NONBLOCK readers open at once,
 * O_NONBLOCK writers with no reader fail with ENXIO; data then EOF. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void *writer(void *arg) {
    (void)arg;
    struct timespec d = {0, 20000000L};
    nanosleep(&d, NULL);
    int fd = open("f1", O_WRONLY);
    if (write(fd, "through the fifo", 16) != 16) perror("write");
    close(fd);
    return NULL;
}

static void *reader(void *arg) {
    (void)arg;
    struct timespec d = {0, 20000000L};
    nanosleep(&d, NULL);
    int fd = open("f2", O_RDONLY);
    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf);
    printf("reader thread read %zd bytes: %.*s\n", n, (int)n, buf);
    close(fd);
    return NULL;
}

int main(void) {
    if (mkfifo("f1", 0600) || mkfifo("f2", 0600)) { perror("mkfifo"); return 1; }
    struct stat st;
    stat("f1", &st);
    printf("f1 is a FIFO: %d\n", S_ISFIFO(st.st_mode));
    errno = 0;
    int w = open("f1", O_WRONLY | O_NONBLOCK);
    printf("non-blocking writer with no reader: %d %s\n", w, strerror(errno));
    int r = open("f1", O_RDONLY | O_NONBLOCK);
    printf("non-blocking reader opens at once: %d\n", r >= 0);
    close(r);
    int rw = open("f1", O_RDWR);
    printf("O_RDWR opens at once: %d\n", rw >= 0);
    close(rw);

    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    int fd = open("f1", O_RDONLY);
    printf("blocking reader opened once the writer came\n");
    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf);
    printf("read %zd bytes: %.*s\n", n, (int)n, buf);
    n = read(fd, buf, sizeof buf);
    printf("then %zd (EOF)\n", n);
    close(fd);
    pthread_join(t, NULL);

    pthread_create(&t, NULL, reader, NULL);
    fd = open("f2", O_WRONLY);
    printf("blocking writer opened once the reader came\n");
    fflush(stdout);
    if (write(fd, "hello reader", 12) != 12) perror("write");
    close(fd);
    pthread_join(t, NULL);
    unlink("f1");
    unlink("f2");
    return 0;
}
