/* Reads stdin with getchar: counts bytes, lines and words, echoes lines uppercased. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
    int c, bytes = 0, lines = 0, words = 0, inword = 0;
    unsigned hash = 0;
    while ((c = getchar()) != EOF) {
        bytes++;
        hash = hash * 33 + (unsigned)c;
        if (c == '\n')
            lines++;
        if (isspace(c))
            inword = 0;
        else if (!inword) {
            inword = 1;
            words++;
        }
        putchar(toupper(c));
    }
    printf("bytes=%d lines=%d words=%d hash=%08x eof=%d\n", bytes, lines, words, hash, feof(stdin) != 0);
    fprintf(stderr, "done reading\n");
    return 0;
}
