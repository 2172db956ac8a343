/* argc/argv (basename of argv[0] only) and the environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    printf("argc=%d argv0=%s\n", argc, base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]==NULL: %d\n", argv[argc] == NULL);
    const char *vars[] = {"SIMTEST_VAR", "SIMTEST_EMPTY", "SIMTEST_UNSET", "LC_ALL", "HOME"};
    for (unsigned i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        printf("getenv(%s)=%s%s%s\n", vars[i], v ? "[" : "", v ? v : "(null)", v ? "]" : "");
    }
    int n = 0, simtest = 0;
    for (char **e = environ; *e; e++) {
        n++;
        if (strncmp(*e, "SIMTEST_", 8) == 0)
            simtest++;
    }
    printf("SIMTEST_ vars: %d, environ non-empty: %d\n", simtest, n > 0);
    setenv("SIMTEST_NEW", "value", 1);
    unsetenv("SIMTEST_VAR");
    printf("after setenv/unsetenv: %s %s\n", getenv("SIMTEST_NEW"), getenv("SIMTEST_VAR") ? "still set" : "unset");
    return argc;
}
