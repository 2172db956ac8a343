/* getrandom: print only how many bytes were returned. */
#include <stdio.h>
#include <sys/random.h>

int main(void)
{
    unsigned char buf[64];
    ssize_t n = getrandom(buf, sizeof buf, 0);
    printf("getrandom returned %zd\n", n);
    n = getrandom(buf, 16, GRND_NONBLOCK);
    printf("getrandom(NONBLOCK) returned %zd\n", n);
    n = getrandom(buf, 0, 0);
    printf("getrandom(0 bytes) returned %zd\n", n);
    return 0;
}
