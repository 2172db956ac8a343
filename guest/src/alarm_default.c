/* alarm() with SIGALRM's default action: pause() never returns, the process
 * dies of SIGALRM once the alarm's second has passed. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("alarm(5) returns %u\n", alarm(5));
    printf("alarm(1) returns %u (what was left)\n", alarm(1));
    fflush(stdout);
    pause();
    printf("not reached\n");
    return 0;
}
