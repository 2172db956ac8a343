/*
 * m5: the guest-side utility that issues m5 pseudo-instructions from a shell, with
 * the command line of gem5's util/m5 so scripts written for gem5's disk images work:
 *
 *   m5 [--inst] <command> [arguments]
 *
 * Commands and their arguments (times in nanoseconds of simulated time):
 *   exit [delay]                      end the simulation
 *   fail <code> [delay]               end the simulation with failure code
 *   readfile                          copy the host's readfile to stdout
 *   writefile <file> [host file]      copy a guest file to the host's output dir
 *   checkpoint [delay [period]]       take a checkpoint
 *   resetstats [delay [period]]       reset the statistics
 *   dumpstats [delay [period]]        dump the statistics
 *   dumpresetstats [delay [period]]   dump, then reset the statistics
 *   workbegin [workid [threadid]]     mark the start of a work item
 *   workend [workid [threadid]]       mark the end of a work item
 *   initparam [key]                   print an init parameter (key: up to 16 bytes)
 *   sum <a> <b> [c [d [e [f]]]]       print the sum computed by the simulator
 *   switchcpu                         switch CPU models (extension: gem5's m5op 0x52,
 *                                     which gem5's utility does not offer)
 *
 * Usage errors print the usage and exit with status 1, I/O errors exit with 2 (as
 * gem5's utility). Outside a simulator (real hardware, QEMU) the m5 instruction is
 * illegal: the SIGILL is caught, "not running under a simulator" is printed and the
 * status is 3, so boot scripts can carry on.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m5ops.h"

/* Exit statuses. */
enum { EXIT_USAGE = 1, EXIT_IO = 2, EXIT_NO_SIMULATOR = 3 };

/* readfile/writefile transfer this many bytes per m5op, as gem5's utility. */
#define CHUNK (256 * 1024)
static char buffer[CHUNK];

static const char *progname = "m5";

struct command {
    const char *name;
    int min_args, max_args;
    int (*run)(char **args, int n);
    const char *usage;
};

static void usage(void);

static void on_sigill(int sig)
{
    static const char msg[] =
        "m5: not running under a simulator (the m5 instruction is illegal here)\n";
    (void)sig;
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* Nothing else can be reported from a signal handler. */
    }
    _exit(EXIT_NO_SIMULATOR);
}

/* Parses an integer as gem5's utility does (C prefixes 0x and 0 select the base). */
static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s == '\0')
        return 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s)
        return 0;
    *out = v;
    return 1;
}

/* Parses args[i] into *out, or leaves `def` when there is no such argument. */
static int optional_u64(char **args, int n, int i, uint64_t def, uint64_t *out)
{
    *out = def;
    return i >= n || parse_u64(args[i], out);
}

static int cmd_exit(char **args, int n)
{
    uint64_t delay;
    if (!optional_u64(args, n, 0, 0, &delay))
        return 0;
    m5_exit(delay);
    return 1;
}

static int cmd_fail(char **args, int n)
{
    uint64_t code, delay;
    if (!parse_u64(args[0], &code) || !optional_u64(args, n, 1, 0, &delay))
        return 0;
    m5_fail(delay, code);
    return 1;
}

/* Commands taking [delay [period]]. */
static int delay_period(char **args, int n, uint64_t *delay, uint64_t *period)
{
    return optional_u64(args, n, 0, 0, delay) && optional_u64(args, n, 1, 0, period);
}

static int cmd_checkpoint(char **args, int n)
{
    uint64_t d, p;
    if (!delay_period(args, n, &d, &p))
        return 0;
    m5_checkpoint(d, p);
    return 1;
}

static int cmd_resetstats(char **args, int n)
{
    uint64_t d, p;
    if (!delay_period(args, n, &d, &p))
        return 0;
    m5_reset_stats(d, p);
    return 1;
}

static int cmd_dumpstats(char **args, int n)
{
    uint64_t d, p;
    if (!delay_period(args, n, &d, &p))
        return 0;
    m5_dump_stats(d, p);
    return 1;
}

static int cmd_dumpresetstats(char **args, int n)
{
    uint64_t d, p;
    if (!delay_period(args, n, &d, &p))
        return 0;
    m5_dump_reset_stats(d, p);
    return 1;
}

static int cmd_workbegin(char **args, int n)
{
    uint64_t w, t;
    if (!optional_u64(args, n, 0, 0, &w) || !optional_u64(args, n, 1, 0, &t))
        return 0;
    m5_work_begin(w, t);
    return 1;
}

static int cmd_workend(char **args, int n)
{
    uint64_t w, t;
    if (!optional_u64(args, n, 0, 0, &w) || !optional_u64(args, n, 1, 0, &t))
        return 0;
    m5_work_end(w, t);
    return 1;
}

static int cmd_readfile(char **args, int n)
{
    (void)args;
    (void)n;
    /* Touch every page so the simulator finds the whole buffer mapped. */
    memset(buffer, 0, sizeof buffer);
    uint64_t offset = 0;
    for (;;) {
        int64_t len = m5_read_file(buffer, sizeof buffer, offset);
        if (len <= 0)
            break;
        if (fwrite(buffer, 1, (size_t)len, stdout) != (size_t)len || fflush(stdout) != 0) {
            fprintf(stderr, "Failed to write file\n");
            exit(EXIT_IO);
        }
        offset += (uint64_t)len;
    }
    return 1;
}

static int cmd_writefile(char **args, int n)
{
    const char *filename = args[0];
    const char *host_filename = n > 1 ? args[1] : filename;
    printf("Opening \"%s\".\n", filename);
    fflush(stdout);
    FILE *src = fopen(filename, "rb");
    if (!src) {
        fprintf(stderr, "Error opening \"%s\": %s\n", filename, strerror(errno));
        exit(EXIT_IO);
    }
    memset(buffer, 0, sizeof buffer);
    uint64_t offset = 0;
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, src)) > 0) {
        const char *p = buffer;
        while (got > 0) {
            int64_t wrote = m5_write_file(p, got, offset, host_filename);
            if (wrote <= 0) {
                fprintf(stderr, "Error writing \"%s\" to the host: it accepted no bytes at offset %llu\n",
                        filename, (unsigned long long)offset);
                exit(EXIT_IO);
            }
            got -= (size_t)wrote;
            offset += (uint64_t)wrote;
            p += wrote;
        }
    }
    if (ferror(src)) {
        fprintf(stderr, "Error reading \"%s\": %s\n", filename, strerror(errno));
        exit(EXIT_IO);
    }
    fclose(src);
    printf("Wrote %llu bytes.\n", (unsigned long long)offset);
    return 1;
}

static int cmd_initparam(char **args, int n)
{
    uint64_t key[2] = {0, 0};
    const char *s = n > 0 ? args[0] : "";
    size_t len = strlen(s);
    if (len > sizeof key)
        return 0;
    /* Little-endian byte packing, as gem5's utility passes the key. */
    for (size_t i = 0; i < len; i++)
        key[i / 8] |= (uint64_t)(uint8_t)s[i] << (8 * (i % 8));
    printf("%llu", (unsigned long long)m5_init_param(key[0], key[1]));
    return 1;
}

static int cmd_sum(char **args, int n)
{
    uint64_t v[6];
    for (int i = 0; i < 6; i++) {
        if (i < 2 ? !parse_u64(args[i], &v[i]) : !optional_u64(args, n, i, 0, &v[i]))
            return 0;
    }
    unsigned sum = (unsigned)m5_sum(v[0], v[1], v[2], v[3], v[4], v[5]);
    printf("Sum is %u.\n", sum);
    return 1;
}

static int cmd_switchcpu(char **args, int n)
{
    (void)args;
    (void)n;
    m5_switch_cpu();
    return 1;
}

static const struct command commands[] = {
    {"checkpoint", 0, 2, cmd_checkpoint,
     "[delay [period]]\n        After delay (default 0) take a checkpoint, and then optionally every period after"},
    {"dumpresetstats", 0, 2, cmd_dumpresetstats,
     "[delay [period]]\n        After delay (default 0) dump and reset the stats, and then optionally every period after"},
    {"dumpstats", 0, 2, cmd_dumpstats,
     "[delay [period]]\n        After delay (default 0) dump the stats, and then optionally every period after"},
    {"exit", 0, 1, cmd_exit, "[delay]\n        Exit after delay, or immediately"},
    {"fail", 1, 2, cmd_fail, "<code> [delay]\n        Exit with failure code code after delay, or immediately"},
    {"initparam", 0, 1, cmd_initparam, "[key]\n        optional key may be at most 16 characters long"},
    {"readfile", 0, 0, cmd_readfile, "\n        read a preselected file from the host and write it to stdout"},
    {"resetstats", 0, 2, cmd_resetstats,
     "[delay [period]]\n        After delay (default 0) reset the stats, and then optionally every period after"},
    {"sum", 2, 6, cmd_sum, "<a> <b> [c [d [e [f]]]]\n        Sum a-f (defaults are 0), for testing purposes"},
    {"switchcpu", 0, 0, cmd_switchcpu, "\n        Switch to the next CPU model"},
    {"workbegin", 0, 2, cmd_workbegin, "[workid [threadid]]\n        Mark the beginning of a work item"},
    {"workend", 0, 2, cmd_workend, "[workid [threadid]]\n        Mark the end of a work item"},
    {"writefile", 1, 2, cmd_writefile, "<filename> [host filename]\n        Write a file to the host, optionally with a different name"},
    {NULL, 0, 0, NULL, NULL},
};

static void usage(void)
{
    fprintf(stderr, "Usage: %s [call type] <command> [arguments]\n\n", progname);
    fprintf(stderr, "Call types:\n    --inst    Use the instruction-based call type (the default)\n\n");
    fprintf(stderr, "Commands:\n");
    for (const struct command *c = commands; c->name; c++)
        fprintf(stderr, "    %s %s\n", c->name, c->usage);
    fprintf(stderr, "\nAll times in nanoseconds!\n");
    exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
    if (argc > 0 && argv[0][0] != '\0')
        progname = argv[0];
    char **args = argv + 1;
    int n = argc - 1;
    if (n > 0 && strcmp(args[0], "--inst") == 0) {
        args++;
        n--;
    }
    if (n < 1)
        usage();
    const struct command *cmd = commands;
    while (cmd->name && strcmp(cmd->name, args[0]) != 0)
        cmd++;
    if (!cmd->name)
        usage();
    args++;
    n--;
    if (n < cmd->min_args || n > cmd->max_args)
        usage();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);

    if (!cmd->run(args, n))
        usage();
    if (fflush(stdout) != 0)
        return EXIT_IO;
    return 0;
}
