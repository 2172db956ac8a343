//! RV64I: the base integer instructions, plus `fence.i` (Zifencei).
//!
//! Shared helpers for reading operands and writing `rd` live here too; every other
//! extension builds on them.

use crate::decode::{e, Enc, Fmt};
use crate::fp;
use crate::inst::RvInst;
use crate::op::Op;
use sim_core::arch::{ExecContext, Fault, MemFlags};
use sim_core::Addr;

/// RV64I and Zifencei encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("lui", 0x00000037, 0x0000007f, Op::Lui, Fmt::U),
    e("auipc", 0x00000017, 0x0000007f, Op::Auipc, Fmt::U),
    e("jal", 0x0000006f, 0x0000007f, Op::Jal, Fmt::J),
    e("jalr", 0x00000067, 0x0000707f, Op::Jalr, Fmt::I),
    e("beq", 0x00000063, 0x0000707f, Op::Beq, Fmt::B),
    e("bne", 0x00001063, 0x0000707f, Op::Bne, Fmt::B),
    e("blt", 0x00004063, 0x0000707f, Op::Blt, Fmt::B),
    e("bge", 0x00005063, 0x0000707f, Op::Bge, Fmt::B),
    e("bltu", 0x00006063, 0x0000707f, Op::Bltu, Fmt::B),
    e("bgeu", 0x00007063, 0x0000707f, Op::Bgeu, Fmt::B),
    e("lb", 0x00000003, 0x0000707f, Op::Lb, Fmt::I),
    e("lh", 0x00001003, 0x0000707f, Op::Lh, Fmt::I),
    e("lw", 0x00002003, 0x0000707f, Op::Lw, Fmt::I),
    e("ld", 0x00003003, 0x0000707f, Op::Ld, Fmt::I),
    e("lbu", 0x00004003, 0x0000707f, Op::Lbu, Fmt::I),
    e("lhu", 0x00005003, 0x0000707f, Op::Lhu, Fmt::I),
    e("lwu", 0x00006003, 0x0000707f, Op::Lwu, Fmt::I),
    e("sb", 0x00000023, 0x0000707f, Op::Sb, Fmt::S),
    e("sh", 0x00001023, 0x0000707f, Op::Sh, Fmt::S),
    e("sw", 0x00002023, 0x0000707f, Op::Sw, Fmt::S),
    e("sd", 0x00003023, 0x0000707f, Op::Sd, Fmt::S),
    e("addi", 0x00000013, 0x0000707f, Op::Addi, Fmt::I),
    e("slti", 0x00002013, 0x0000707f, Op::Slti, Fmt::I),
    e("sltiu", 0x00003013, 0x0000707f, Op::Sltiu, Fmt::I),
    e("xori", 0x00004013, 0x0000707f, Op::Xori, Fmt::I),
    e("ori", 0x00006013, 0x0000707f, Op::Ori, Fmt::I),
    e("andi", 0x00007013, 0x0000707f, Op::Andi, Fmt::I),
    e("slli", 0x00001013, 0xfc00707f, Op::Slli, Fmt::Shamt6),
    e("srli", 0x00005013, 0xfc00707f, Op::Srli, Fmt::Shamt6),
    e("srai", 0x40005013, 0xfc00707f, Op::Srai, Fmt::Shamt6),
    e("add", 0x00000033, 0xfe00707f, Op::Add, Fmt::R),
    e("sub", 0x40000033, 0xfe00707f, Op::Sub, Fmt::R),
    e("sll", 0x00001033, 0xfe00707f, Op::Sll, Fmt::R),
    e("slt", 0x00002033, 0xfe00707f, Op::Slt, Fmt::R),
    e("sltu", 0x00003033, 0xfe00707f, Op::Sltu, Fmt::R),
    e("xor", 0x00004033, 0xfe00707f, Op::Xor, Fmt::R),
    e("srl", 0x00005033, 0xfe00707f, Op::Srl, Fmt::R),
    e("sra", 0x40005033, 0xfe00707f, Op::Sra, Fmt::R),
    e("or", 0x00006033, 0xfe00707f, Op::Or, Fmt::R),
    e("and", 0x00007033, 0xfe00707f, Op::And, Fmt::R),
    e("addiw", 0x0000001b, 0x0000707f, Op::Addiw, Fmt::I),
    e("slliw", 0x0000101b, 0xfe00707f, Op::Slliw, Fmt::Shamt5),
    e("srliw", 0x0000501b, 0xfe00707f, Op::Srliw, Fmt::Shamt5),
    e("sraiw", 0x4000501b, 0xfe00707f, Op::Sraiw, Fmt::Shamt5),
    e("addw", 0x0000003b, 0xfe00707f, Op::Addw, Fmt::R),
    e("subw", 0x4000003b, 0xfe00707f, Op::Subw, Fmt::R),
    e("sllw", 0x0000103b, 0xfe00707f, Op::Sllw, Fmt::R),
    e("srlw", 0x0000503b, 0xfe00707f, Op::Srlw, Fmt::R),
    e("sraw", 0x4000503b, 0xfe00707f, Op::Sraw, Fmt::R),
    e("fence", 0x0000000f, 0x0000707f, Op::Fence, Fmt::Fence),
    e("fence.i", 0x0000100f, 0x0000707f, Op::FenceI, Fmt::Zero),
    e("ecall", 0x00000073, 0xffffffff, Op::Ecall, Fmt::Zero),
    e("ebreak", 0x00100073, 0xffffffff, Op::Ebreak, Fmt::Zero),
];

// ---- operand access

/// Value of integer register `rs1`.
#[inline(always)]
pub(crate) fn rs1<X: ExecContext>(i: &RvInst, xc: &X) -> u64 {
    xc.int(i.rs1 as u16)
}

/// Value of integer register `rs2`.
#[inline(always)]
pub(crate) fn rs2<X: ExecContext>(i: &RvInst, xc: &X) -> u64 {
    xc.int(i.rs2 as u16)
}

/// Write integer register `rd` (writes to x0 are dropped).
#[inline(always)]
pub(crate) fn set_rd<X: ExecContext>(i: &RvInst, xc: &mut X, v: u64) {
    if i.rd != 0 {
        xc.set_int(i.rd as u16, v);
    }
}

/// `rd = f(rs1, rs2)`.
#[inline(always)]
pub(crate) fn rr<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl Fn(u64, u64) -> u64,
) -> Result<(), Fault> {
    let v = f(rs1(i, xc), rs2(i, xc));
    set_rd(i, xc, v);
    Ok(())
}

/// `rd = f(rs1, imm)`.
#[inline(always)]
pub(crate) fn ri<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl Fn(u64, u64) -> u64,
) -> Result<(), Fault> {
    let v = f(rs1(i, xc), i.imm as u64);
    set_rd(i, xc, v);
    Ok(())
}

/// `rd = f(rs1)`.
#[inline(always)]
pub(crate) fn r1<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    f: impl Fn(u64) -> u64,
) -> Result<(), Fault> {
    let v = f(rs1(i, xc));
    set_rd(i, xc, v);
    Ok(())
}

/// An illegal-instruction fault for `i` at the current PC.
pub(crate) fn illegal<X: ExecContext>(i: &RvInst, xc: &X, reason: &'static str) -> Fault {
    Fault::IllegalInst {
        pc: xc.pc(),
        raw: i.raw as u64,
        reason,
    }
}

/// Sign-extend the low 32 bits.
#[inline(always)]
pub(crate) fn sext32(v: u64) -> u64 {
    v as i32 as i64 as u64
}

// ---- integer computation (pure functions of the operand values)

#[inline(always)]
pub(crate) fn add(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}
#[inline(always)]
pub(crate) fn sub(a: u64, b: u64) -> u64 {
    a.wrapping_sub(b)
}
#[inline(always)]
pub(crate) fn sll(a: u64, b: u64) -> u64 {
    a << (b & 63)
}
#[inline(always)]
pub(crate) fn srl(a: u64, b: u64) -> u64 {
    a >> (b & 63)
}
#[inline(always)]
pub(crate) fn sra(a: u64, b: u64) -> u64 {
    ((a as i64) >> (b & 63)) as u64
}
#[inline(always)]
pub(crate) fn slt(a: u64, b: u64) -> u64 {
    ((a as i64) < (b as i64)) as u64
}
#[inline(always)]
pub(crate) fn sltu(a: u64, b: u64) -> u64 {
    (a < b) as u64
}
#[inline(always)]
pub(crate) fn xor(a: u64, b: u64) -> u64 {
    a ^ b
}
#[inline(always)]
pub(crate) fn or(a: u64, b: u64) -> u64 {
    a | b
}
#[inline(always)]
pub(crate) fn and(a: u64, b: u64) -> u64 {
    a & b
}
#[inline(always)]
pub(crate) fn addw(a: u64, b: u64) -> u64 {
    sext32(a.wrapping_add(b))
}
#[inline(always)]
pub(crate) fn subw(a: u64, b: u64) -> u64 {
    sext32(a.wrapping_sub(b))
}
#[inline(always)]
pub(crate) fn sllw(a: u64, b: u64) -> u64 {
    sext32(((a as u32) << (b & 31)) as u64)
}
#[inline(always)]
pub(crate) fn srlw(a: u64, b: u64) -> u64 {
    sext32(((a as u32) >> (b & 31)) as u64)
}
#[inline(always)]
pub(crate) fn sraw(a: u64, b: u64) -> u64 {
    ((a as i32) >> (b & 31)) as i64 as u64
}

/// `lui`: rd = imm.
#[inline(always)]
pub(crate) fn lui<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    set_rd(i, xc, i.imm as u64);
    Ok(())
}

/// `auipc`: rd = pc + imm.
#[inline(always)]
pub(crate) fn auipc<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let v = xc.pc().offset(i.imm as u64).0;
    set_rd(i, xc, v);
    Ok(())
}

// ---- control transfer

/// Conditional branch to pc + imm when `taken(rs1, rs2)`.
#[inline(always)]
pub(crate) fn branch<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    taken: impl Fn(u64, u64) -> bool,
) -> Result<(), Fault> {
    if taken(rs1(i, xc), rs2(i, xc)) {
        let t = xc.pc().offset(i.imm as u64);
        xc.set_next_pc(t);
    }
    Ok(())
}

/// `jal`: rd = pc + size; pc += imm.
#[inline(always)]
pub(crate) fn jal<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let pc = xc.pc();
    set_rd(i, xc, pc.offset(i.size as u64).0);
    xc.set_next_pc(pc.offset(i.imm as u64));
    Ok(())
}

/// `jalr`: rd = pc + size; pc = (rs1 + imm) & !1.
#[inline(always)]
pub(crate) fn jalr<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let target = rs1(i, xc).wrapping_add(i.imm as u64) & !1;
    let link = xc.pc().offset(i.size as u64).0;
    set_rd(i, xc, link);
    xc.set_next_pc(Addr(target));
    Ok(())
}

// ---- memory

/// Effective address rs1 + imm.
#[inline(always)]
pub(crate) fn ea<X: ExecContext>(i: &RvInst, xc: &X) -> Addr {
    Addr(rs1(i, xc).wrapping_add(i.imm as u64))
}

/// Access size in bytes and signedness of a load or store operation.
pub(crate) fn access(op: Op) -> (usize, bool) {
    match op {
        Op::Lb => (1, true),
        Op::Lbu | Op::Sb => (1, false),
        Op::Lh => (2, true),
        Op::Lhu | Op::Sh => (2, false),
        Op::Lw | Op::LrW | Op::ScW => (4, true),
        Op::Lwu | Op::Sw | Op::Flw | Op::Fsw => (4, false),
        Op::AmoswapW | Op::AmoaddW | Op::AmoxorW | Op::AmoandW | Op::AmoorW => (4, true),
        Op::AmominW | Op::AmomaxW | Op::AmominuW | Op::AmomaxuW => (4, true),
        _ => (8, false),
    }
}

/// Sign- or zero-extend a `size`-byte value.
#[inline(always)]
pub(crate) fn extend(v: u64, size: usize, signed: bool) -> u64 {
    match (size, signed) {
        (1, true) => v as i8 as i64 as u64,
        (2, true) => v as i16 as i64 as u64,
        (4, true) => v as i32 as i64 as u64,
        (1, false) => v & 0xff,
        (2, false) => v & 0xffff,
        (4, false) => v & 0xffff_ffff,
        _ => v,
    }
}

/// Integer load of `size` bytes into rd.
#[inline(always)]
pub(crate) fn load<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    size: usize,
    signed: bool,
) -> Result<(), Fault> {
    let v = xc.read_mem(ea(i, xc), size, MemFlags::NONE)?;
    set_rd(i, xc, extend(v, size, signed));
    Ok(())
}

/// Integer store of the low `size` bytes of rs2.
#[inline(always)]
pub(crate) fn store<X: ExecContext>(i: &RvInst, xc: &mut X, size: usize) -> Result<(), Fault> {
    let v = rs2(i, xc);
    xc.write_mem(ea(i, xc), size, v, MemFlags::NONE)
}

/// Timing path of integer and FP loads: start the read.
pub(crate) fn initiate_load<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let (size, _) = access(i.op);
    xc.initiate_mem_read(ea(i, xc), size, MemFlags::NONE)
}

/// Timing path of integer and FP loads: write the data to rd.
pub(crate) fn complete_load<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    data: u64,
) -> Result<(), Fault> {
    let (size, signed) = access(i.op);
    match i.op {
        Op::Flw => xc.set_float(i.rd as u16, fp::box_s(data as u32)),
        Op::Fld => xc.set_float(i.rd as u16, data),
        _ => set_rd(i, xc, extend(data, size, signed)),
    }
    Ok(())
}

/// Timing path of integer and FP stores: start the write.
pub(crate) fn initiate_store<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let (size, _) = access(i.op);
    let v = match i.op {
        Op::Fsw | Op::Fsd => xc.float(i.rs2 as u16),
        _ => rs2(i, xc),
    };
    xc.initiate_mem_write(ea(i, xc), size, v, MemFlags::NONE)
}

// ---- system

/// `fence`: order memory accesses.
#[inline]
pub(crate) fn fence<X: ExecContext>(xc: &mut X) -> Result<(), Fault> {
    xc.fence_memory();
    Ok(())
}

/// `fence.i`: code may have changed.
#[inline]
pub(crate) fn fence_i<X: ExecContext>(xc: &mut X) -> Result<(), Fault> {
    xc.fence_instructions();
    Ok(())
}

/// `ecall`: a Linux system call in SE mode, an environment-call trap in full system.
#[inline]
pub(crate) fn ecall<X: ExecContext>(xc: &mut X) -> Result<(), Fault> {
    if xc.full_system() {
        // An environment-call exception; its cause depends on the privilege.
        let op = sim_core::arch::SystemOp {
            code: crate::privileged::op::ECALL,
            args: [None, None],
        };
        return xc.system_op(op);
    }
    xc.syscall()
}

/// `ebreak`: a breakpoint.
#[inline]
pub(crate) fn ebreak<X: ExecContext>(xc: &mut X) -> Result<(), Fault> {
    Err(Fault::Breakpoint { pc: xc.pc() })
}
