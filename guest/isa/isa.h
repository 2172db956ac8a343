/* Macros of the ISA test programs (assembly, run through the C preprocessor).
 *
 * A program is a `tests:` routine made of numbered checks; gp holds the number of
 * the check under way, and a check that fails jumps to `fail`, which ends the run
 * with exit status gp (see crt.S). `j pass` ends it with status 0.
 * The checks use t0, t1, t2 and t6 as scratch; operands go in a and s registers. */
#ifndef ISA_H
#define ISA_H

#define MSTATUS_MIE 0x8
#define MSTATUS_MPIE 0x80
#define MSTATUS_SPP 0x100
#define MSTATUS_MPP 0x1800
#define MSTATUS_MPP_S 0x800
#define MSTATUS_FS_INITIAL 0x2000
#define MSTATUS_FS 0x6000

/* trap_info layout (crt.S). */
#define TI_CAUSE 0
#define TI_EPC 8
#define TI_TVAL 16
#define TI_COUNT 24
#define TI_RESUME 32
#define TI_SAVE1 40

#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11

#ifdef __ASSEMBLER__

/* Check n: run code, then reg must equal val. */
#define TEST_CASE(n, reg, val, code...) \
    li gp, n; code; li t6, val; bne reg, t6, fail

/* Register-register and register-immediate operations. */
#define TEST_RR(n, inst, res, v1, v2) \
    TEST_CASE(n, a0, res, li a1, v1; li a2, v2; inst a0, a1, a2)
#define TEST_RI(n, inst, res, v1, imm) \
    TEST_CASE(n, a0, res, li a1, v1; inst a0, a1, imm)
#define TEST_R(n, inst, res, v1) \
    TEST_CASE(n, a0, res, li a1, v1; inst a0, a1)
/* Destination = a source register. */
#define TEST_RR_SRC1_EQ_DEST(n, inst, res, v1, v2) \
    TEST_CASE(n, a1, res, li a1, v1; li a2, v2; inst a1, a1, a2)
/* Writes to x0 are dropped. */
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)

/* Check n: `insn` (one instruction, operands set before, not in t0/t1/t2) must trap
 * with mcause = cause and mepc = its address; execution resumes after the check. */
#define TEST_TRAP(n, cause, insn...) \
    li gp, n; la t0, 8f; la t1, trap_info; sd t0, TI_RESUME(t1); \
7:  insn; j fail; \
8:  la t1, trap_info; ld t2, TI_CAUSE(t1); li t0, cause; bne t2, t0, fail; \
    ld t2, TI_EPC(t1); la t0, 7b; bne t2, t0, fail

/* Check n: the last trap's mtval is val. */
#define TEST_TVAL(n, val) \
    TEST_CASE(n, t2, val, la t1, trap_info; ld t2, TI_TVAL(t1))
/* Check n: the last trap's mtval equals register reg (not t0, t1, t2). */
#define TEST_TVAL_REG(n, reg) \
    li gp, n; la t1, trap_info; ld t2, TI_TVAL(t1); bne t2, reg, fail

/* Floating point: operands and results move as bit patterns through integer
 * registers so that results (NaN payloads, signs of zero) compare exactly.
 * `insn` reads f1, f2, f3 (single: the patterns NaN-boxed by fmv.w.x) or a1 and
 * writes f4 or a0; fflags are cleared before it and checked after it. */
#define FP_FLAGS_CHECK(flags) \
    csrr a5, fflags; li t6, flags; bne a5, t6, fail
#define FP_LOAD_S(v1, v2, v3) \
    li a1, v1; li a2, v2; li a3, v3; fmv.w.x f1, a1; fmv.w.x f2, a2; fmv.w.x f3, a3
#define FP_LOAD_D(v1, v2, v3) \
    li a1, v1; li a2, v2; li a3, v3; fmv.d.x f1, a1; fmv.d.x f2, a2; fmv.d.x f3, a3
/* Single result (32-bit pattern). */
#define TEST_FP_S(n, flags, res, v1, v2, v3, insn...) \
    li gp, n; FP_LOAD_S(v1, v2, v3); csrwi fflags, 0; insn; \
    fmv.x.w a0, f4; slli a0, a0, 32; srli a0, a0, 32; li t6, res; bne a0, t6, fail; \
    FP_FLAGS_CHECK(flags)
/* Double result. */
#define TEST_FP_D(n, flags, res, v1, v2, v3, insn...) \
    li gp, n; FP_LOAD_D(v1, v2, v3); csrwi fflags, 0; insn; \
    fmv.x.d a0, f4; li t6, res; bne a0, t6, fail; FP_FLAGS_CHECK(flags)
/* Integer result in a0 from single or double operands. */
#define TEST_FP_INT_S(n, flags, res, v1, v2, insn...) \
    li gp, n; FP_LOAD_S(v1, v2, 0); csrwi fflags, 0; insn; \
    li t6, res; bne a0, t6, fail; FP_FLAGS_CHECK(flags)
#define TEST_FP_INT_D(n, flags, res, v1, v2, insn...) \
    li gp, n; FP_LOAD_D(v1, v2, 0); csrwi fflags, 0; insn; \
    li t6, res; bne a0, t6, fail; FP_FLAGS_CHECK(flags)
/* Whole 64-bit register pattern of f4 (NaN boxing), after insn. */
#define TEST_FREG64(n, res, insn...) \
    li gp, n; insn; fmv.x.d a0, f4; li t6, res; bne a0, t6, fail

#define FFLAG_NX 1
#define FFLAG_UF 2
#define FFLAG_OF 4
#define FFLAG_DZ 8
#define FFLAG_NV 16

#endif
#endif
