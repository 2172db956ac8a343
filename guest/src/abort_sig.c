/* abort(): the process is killed by SIGABRT after flushing nothing further. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    fprintf(stderr, "stderr before abort\n");
    abort();
}
