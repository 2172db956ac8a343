/*
 * gem5-compatible m5 pseudo-instructions for RISC-V guests.
 *
 * Encoding: `.long 0x0000007b | (func << 25)` (custom-3 opcode). Arguments go
 * in a0..a5 and the result comes back in a0, as in gem5's m5ops ABI. These
 * only run under the simulator: real hardware and qemu raise SIGILL.
 *
 * Delays and periods are in nanoseconds of simulated time (0 = now / once).
 */
#ifndef GUEST_M5OPS_H
#define GUEST_M5OPS_H

#include <stdint.h>

#define M5OP_EXIT 0x21
#define M5OP_FAIL 0x22
#define M5OP_SUM 0x23
#define M5OP_INIT_PARAM 0x30
#define M5OP_RESET_STATS 0x40
#define M5OP_DUMP_STATS 0x41
#define M5OP_DUMP_RESET_STATS 0x42
#define M5OP_CHECKPOINT 0x43
#define M5OP_WRITE_FILE 0x4f
#define M5OP_READ_FILE 0x50
#define M5OP_SWITCH_CPU 0x52
#define M5OP_WORK_BEGIN 0x5a
#define M5OP_WORK_END 0x5b

#define M5OP_STR2(x) #x
#define M5OP_STR(x) M5OP_STR2(x)
/* The instruction word for a function code, as an assembler directive. */
#define M5OP_INSN(func) ".long (0x0000007b | (" M5OP_STR(func) " << 25))"

/* Issues m5op `func` with up to six arguments; returns a0 after the op. */
#define M5OP_DEFINE_CALL(name, func)                                                                   \
    static inline uint64_t name(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,        \
                                uint64_t x5)                                                           \
    {                                                                                                  \
        register uint64_t a0 __asm__("a0") = x0;                                                       \
        register uint64_t a1 __asm__("a1") = x1;                                                       \
        register uint64_t a2 __asm__("a2") = x2;                                                       \
        register uint64_t a3 __asm__("a3") = x3;                                                       \
        register uint64_t a4 __asm__("a4") = x4;                                                       \
        register uint64_t a5 __asm__("a5") = x5;                                                       \
        __asm__ __volatile__(M5OP_INSN(func)                                                           \
                             : "+r"(a0)                                                                \
                             : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)                             \
                             : "memory");                                                              \
        return a0;                                                                                     \
    }

M5OP_DEFINE_CALL(m5op_exit_raw, M5OP_EXIT)
M5OP_DEFINE_CALL(m5op_fail_raw, M5OP_FAIL)
M5OP_DEFINE_CALL(m5op_sum_raw, M5OP_SUM)
M5OP_DEFINE_CALL(m5op_reset_stats_raw, M5OP_RESET_STATS)
M5OP_DEFINE_CALL(m5op_dump_stats_raw, M5OP_DUMP_STATS)
M5OP_DEFINE_CALL(m5op_dump_reset_stats_raw, M5OP_DUMP_RESET_STATS)
M5OP_DEFINE_CALL(m5op_checkpoint_raw, M5OP_CHECKPOINT)
M5OP_DEFINE_CALL(m5op_work_begin_raw, M5OP_WORK_BEGIN)
M5OP_DEFINE_CALL(m5op_work_end_raw, M5OP_WORK_END)
M5OP_DEFINE_CALL(m5op_init_param_raw, M5OP_INIT_PARAM)
M5OP_DEFINE_CALL(m5op_write_file_raw, M5OP_WRITE_FILE)
M5OP_DEFINE_CALL(m5op_read_file_raw, M5OP_READ_FILE)
M5OP_DEFINE_CALL(m5op_switch_cpu_raw, M5OP_SWITCH_CPU)

/* Ends the simulation after `ns_delay` ns. */
static inline void m5_exit(uint64_t ns_delay) { m5op_exit_raw(ns_delay, 0, 0, 0, 0, 0); }
/* Ends the simulation with failure `code` after `ns_delay` ns. */
static inline void m5_fail(uint64_t ns_delay, uint64_t code) { m5op_fail_raw(ns_delay, code, 0, 0, 0, 0); }
/* Returns a + b + c + d + e + f computed by the simulator (an ABI self-test). */
static inline uint64_t m5_sum(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return m5op_sum_raw(a, b, c, d, e, f);
}
/* Resets the statistics after `ns_delay`, then every `ns_period` if nonzero. */
static inline void m5_reset_stats(uint64_t ns_delay, uint64_t ns_period)
{
    m5op_reset_stats_raw(ns_delay, ns_period, 0, 0, 0, 0);
}
/* Appends a statistics block to stats.txt. */
static inline void m5_dump_stats(uint64_t ns_delay, uint64_t ns_period)
{
    m5op_dump_stats_raw(ns_delay, ns_period, 0, 0, 0, 0);
}
/* Dumps then resets the statistics. */
static inline void m5_dump_reset_stats(uint64_t ns_delay, uint64_t ns_period)
{
    m5op_dump_reset_stats_raw(ns_delay, ns_period, 0, 0, 0, 0);
}
/* Requests a checkpoint (cpt.<tick>/ in the output directory). */
static inline void m5_checkpoint(uint64_t ns_delay, uint64_t ns_period)
{
    m5op_checkpoint_raw(ns_delay, ns_period, 0, 0, 0, 0);
}
/* Marks the beginning of a unit of work (region of interest). */
static inline void m5_work_begin(uint64_t workid, uint64_t threadid)
{
    m5op_work_begin_raw(workid, threadid, 0, 0, 0, 0);
}
/* Marks the end of a unit of work. */
static inline void m5_work_end(uint64_t workid, uint64_t threadid)
{
    m5op_work_end_raw(workid, threadid, 0, 0, 0, 0);
}

/* The value of init parameter `key`, packed little-endian into two words (at most 16 bytes). */
static inline uint64_t m5_init_param(uint64_t key0, uint64_t key1)
{
    return m5op_init_param_raw(key0, key1, 0, 0, 0, 0);
}
/* Copies up to `len` bytes of the host's readfile, from byte `offset`, into `buf`;
 * returns the number of bytes copied (0 at the end of the file). */
static inline int64_t m5_read_file(void *buf, uint64_t len, uint64_t offset)
{
    return (int64_t)m5op_read_file_raw((uint64_t)(uintptr_t)buf, len, offset, 0, 0, 0);
}
/* Writes `len` bytes of `buf` at byte `offset` of the host file `filename` (in the
 * output directory); returns the number of bytes written. */
static inline int64_t m5_write_file(const void *buf, uint64_t len, uint64_t offset, const char *filename)
{
    return (int64_t)m5op_write_file_raw((uint64_t)(uintptr_t)buf, len, offset,
                                        (uint64_t)(uintptr_t)filename, 0, 0);
}
/* Asks the simulator to switch to the next CPU model (gem5's SWITCHCPU exit event). */
static inline void m5_switch_cpu(void) { m5op_switch_cpu_raw(0, 0, 0, 0, 0, 0); }

#endif /* GUEST_M5OPS_H */
