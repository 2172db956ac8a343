/* stdio: printf, puts, fputs, putchar, fprintf(stderr), fwrite, setvbuf. */
#include <stdio.h>

int main(void)
{
    printf("Hello, world!\n");
    puts("puts line");
    fputs("fputs line\n", stdout);
    putchar('c');
    putchar('\n');
    fprintf(stderr, "to stderr: %d %s\n", 42, "text");
    fwrite("fwrite\n", 1, 7, stdout);
    fflush(stdout);
    fputs("stderr again\n", stderr);
    for (int i = 0; i < 5; i++)
        printf("%d%c", i * i, i == 4 ? '\n' : ' ');
    printf("%5d|%-5d|%05d|%x|%X|%o|%lld|%llu\n", 42, 42, 42, 255, 255, 8,
           -9223372036854775807LL - 1, 18446744073709551615ULL);
    printf("%s|%10s|%-10s|%.3s|%c\n", "abc", "right", "left", "truncate", 'z');
    return 0;
}
