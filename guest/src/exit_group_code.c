/* _exit with a code above 255 (truncated to 8 bits) without flushing stdio. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("this buffered line is lost\n");
    fputs("stderr is unbuffered\n", stderr);
    _exit(256 + 7);
}
