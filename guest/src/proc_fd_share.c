/* fork shares open file descriptions: one file offset for parent and child;
 * dup'd fds after fork; close in the child does not close the parent's. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int fd = open("shared.txt", O_CREAT | O_TRUNC | O_RDWR, 0644);
    write(fd, "parent1\n", 8);
    pid_t c = fork();
    if (c == 0) {
        write(fd, "child\n", 6);
        close(fd);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    write(fd, "parent2\n", 8);
    printf("offset after both wrote: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    lseek(fd, 0, SEEK_SET);
    char b[64] = {0};
    int n = read(fd, b, sizeof b - 1);
    printf("file (%d bytes):\n%s", n, b);

    /* The child moves the offset; the parent reads from there. */
    lseek(fd, 0, SEEK_SET);
    c = fork();
    if (c == 0) {
        lseek(fd, 8, SEEK_SET);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    memset(b, 0, sizeof b);
    read(fd, b, 6);
    printf("read after the child's lseek: %s\n", b);

    /* stdout shared too: output interleaves in order. */
    c = fork();
    if (c == 0) {
        printf("child writes to stdout\n");
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("parent writes after\n");
    unlink("shared.txt");
    return 0;
}
