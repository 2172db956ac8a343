/* The first process exits before its child: the run goes on until the child
 * (now an orphan) exits too, and ends with the first process's status. */
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t parent = getpid();
    if (fork() == 0) {
        while (getppid() == parent)
            sched_yield();
        printf("the child outlived its parent\n");
        return 0;
    }
    printf("the parent exits with status 3\n");
    return 3;
}
