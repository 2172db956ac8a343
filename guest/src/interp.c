/* A tiny stack-machine bytecode interpreter running a few programs. */
#include <stdint.h>
#include <stdio.h>

enum { PUSH, ADD, SUB, MUL, DIV, MOD, DUP, SWAP, OVER, DROP, JMP, JZ, JNZ, LOAD, STORE, PRINT, HALT, LT, CALL, RET };

static int64_t run(const int64_t *code, int trace)
{
    int64_t stack[256], mem[16] = {0};
    int rstack[64];
    int sp = 0, rsp = 0, pc = 0;
    uint64_t steps = 0;
    for (;;) {
        steps++;
        int64_t op = code[pc++], a, b;
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case DIV: b = stack[--sp]; a = stack[--sp]; stack[sp++] = b ? a / b : 0; break;
        case MOD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = b ? a % b : 0; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case DROP: sp--; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: a = stack[--sp]; pc = a == 0 ? (int)code[pc] : pc + 1; break;
        case JNZ: a = stack[--sp]; pc = a != 0 ? (int)code[pc] : pc + 1; break;
        case LOAD: stack[sp++] = mem[code[pc++]]; break;
        case STORE: mem[code[pc++]] = stack[--sp]; break;
        case PRINT: if (trace) printf("  out %lld\n", (long long)stack[sp - 1]); break;
        case LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case CALL: rstack[rsp++] = pc + 1; pc = (int)code[pc]; break;
        case RET: pc = rstack[--rsp]; break;
        case HALT: printf("  halted after %llu steps\n", (unsigned long long)steps); return sp ? stack[sp - 1] : 0;
        default: printf("  bad opcode %lld\n", (long long)op); return -1;
        }
    }
}

int main(void)
{
    /* sum of 1..100000 */
    static const int64_t sum[] = {
        PUSH, 0, STORE, 0, PUSH, 100000, STORE, 1,     /* 0..7 */
        LOAD, 1, JZ, 28,                               /* 8..11 */
        LOAD, 0, LOAD, 1, ADD, STORE, 0,               /* 12..18 */
        LOAD, 1, PUSH, 1, SUB, STORE, 1, JMP, 8,       /* 19..27 */
        LOAD, 0, PRINT, HALT};                         /* 28..31 */
    printf("sum: %lld\n", (long long)run(sum, 1));
    /* iterative Fibonacci printing the first 20 values */
    static const int64_t fib[] = {
        PUSH, 0, PUSH, 1, PUSH, 20, STORE, 2,          /* 0..7: a b */
        LOAD, 2, JZ, 27,                               /* 8..11 */
        OVER, PRINT, DROP, SWAP, OVER, ADD,            /* 12..17: b a+b */
        LOAD, 2, PUSH, 1, SUB, STORE, 2, JMP, 8,       /* 18..26 */
        HALT};                                         /* 27 */
    printf("fib: %lld\n", (long long)run(fib, 1));
    /* gcd(1071, 462) via a subroutine call */
    static const int64_t gcd[] = {
        PUSH, 1071, PUSH, 462, CALL, 7, HALT,          /* 0..6 */
        DUP, JZ, 15, SWAP, OVER, MOD, JMP, 7,          /* 7..14: (a b) -> (b a%b) */
        DROP, RET};                                    /* 15..16 */
    printf("gcd: %lld\n", (long long)run(gcd, 0));
    /* Collatz sequence length of 27 */
    static const int64_t collatz[] = {
        PUSH, 27, STORE, 0, PUSH, 0, STORE, 1,         /* 0..7: n=27, steps=0 */
        LOAD, 0, PUSH, 1, SUB, JZ, 50,                 /* 8..14: while n != 1 */
        LOAD, 1, PUSH, 1, ADD, STORE, 1,               /* 15..21: steps++ */
        LOAD, 0, PUSH, 2, MOD, JZ, 41,                 /* 22..28: even? */
        LOAD, 0, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 0, /* 29..38: n = 3n+1 */
        JMP, 8,                                        /* 39..40 */
        LOAD, 0, PUSH, 2, DIV, STORE, 0, JMP, 8,       /* 41..49: n = n/2 */
        LOAD, 1, PRINT, HALT};                         /* 50..53 */
    printf("collatz(27) steps: %lld\n", (long long)run(collatz, 0));
    static const int64_t bad[] = {PUSH, 1, 99};
    printf("bad program: %lld\n", (long long)run(bad, 0));
    return 0;
}
