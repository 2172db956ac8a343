//! A tiny ISA for CPU tests: fixed 4-byte instructions (plus one 2-byte no-op so
//! instructions can straddle fetch words), 16 integer registers, and exactly the
//! memory operations the CPUs must handle (loads, stores, LR/SC, an AMO), each with
//! an `execute` path and an `initiate_acc`/`complete_acc` path.
//!
//! Encoding: `[op, a, b, c]`; `c` is a signed byte (immediate or register).

use sim_core::arch::{
    AmoOp, ArchRegs, DecodeError, ExecContext, Fault, InstFlags, Isa, LinuxProcessInfo, MemFlags,
    OpClass, RegId, StaticInst, SyscallAbi,
};
use sim_core::Addr;

/// The test ISA.
pub struct Toy;

/// Operation codes.
pub mod op {
    pub const ADDI: u8 = 1;
    pub const LD: u8 = 2;
    pub const SD: u8 = 3;
    pub const LR: u8 = 4;
    pub const SC: u8 = 5;
    pub const AMOADD: u8 = 6;
    pub const BNE: u8 = 7;
    pub const ECALL: u8 = 8;
    pub const M5: u8 = 9;
    /// Two bytes long.
    pub const NOP2: u8 = 10;
}

/// Register file: 16 integer registers.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct ToyRegs(pub [u64; 16]);

impl ArchRegs for ToyRegs {
    fn int(&self, idx: u16) -> u64 {
        self.0[idx as usize & 15]
    }
    fn set_int(&mut self, idx: u16, v: u64) {
        self.0[idx as usize & 15] = v;
    }
    fn float(&self, _idx: u16) -> u64 {
        0
    }
    fn set_float(&mut self, _idx: u16, _v: u64) {}
    fn read_misc(&mut self, _idx: u16) -> Result<u64, Fault> {
        Ok(0)
    }
    fn set_misc(&mut self, _idx: u16, _v: u64) -> Result<(), Fault> {
        Ok(())
    }
    const NUM_INT: u16 = 16;
    const NUM_FLOAT: u16 = 0;
}

/// A decoded instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ToyInst {
    op: u8,
    a: u16,
    b: u16,
    c: i8,
    raw: u32,
}

impl ToyInst {
    fn addr<X: ExecContext>(&self, xc: &X) -> Addr {
        Addr(xc.int(self.b).wrapping_add(self.c as i64 as u64))
    }
    fn reg_c(&self) -> u16 {
        self.c as u8 as u16
    }
}

static LINUX: LinuxProcessInfo = LinuxProcessInfo {
    elf_machine: 0,
    hwcap: 0,
    platform: None,
    stack_align: 16,
    sp_reg: 2,
    tp_reg: 4,
    syscall: SyscallAbi {
        number: 7,
        args: [8, 9, 10, 11, 12, 13],
        ret: 8,
    },
    syscall_names: &[],
};

impl Isa for Toy {
    type Inst = ToyInst;
    type Regs = ToyRegs;
    const NAME: &'static str = "toy";
    const MAX_INST_BYTES: usize = 4;
    fn decode(bytes: &[u8], _pc: Addr) -> Result<ToyInst, DecodeError> {
        let size = if bytes.first() == Some(&op::NOP2) {
            2
        } else {
            4
        };
        if bytes.len() < size {
            return Err(DecodeError::Truncated { need: size as u8 });
        }
        let mut raw = [0u8; 4];
        raw[..size].copy_from_slice(&bytes[..size]);
        if raw[0] == 0 || raw[0] > op::NOP2 {
            return Err(DecodeError::Illegal {
                raw: u32::from_le_bytes(raw) as u64,
                len: size as u8,
            });
        }
        Ok(ToyInst {
            op: raw[0],
            a: raw[1] as u16,
            b: raw[2] as u16,
            c: raw[3] as i8,
            raw: u32::from_le_bytes(raw),
        })
    }
    fn linux() -> &'static LinuxProcessInfo {
        &LINUX
    }
    fn disassemble(_raw: u64, _size: u8, _pc: u64) -> String {
        String::new()
    }
}

impl StaticInst for ToyInst {
    fn size(&self) -> u8 {
        if self.op == op::NOP2 {
            2
        } else {
            4
        }
    }
    fn raw(&self) -> u64 {
        self.raw as u64
    }
    fn op_class(&self) -> OpClass {
        match self.op {
            op::LD | op::LR => OpClass::MemRead,
            op::SD | op::SC | op::AMOADD => OpClass::MemWrite,
            _ => OpClass::IntAlu,
        }
    }
    fn flags(&self) -> InstFlags {
        match self.op {
            op::LD => InstFlags::LOAD,
            op::SD => InstFlags::STORE,
            op::LR => InstFlags::LOAD | InstFlags::ATOMIC,
            op::SC => InstFlags::STORE | InstFlags::ATOMIC,
            op::AMOADD => InstFlags::LOAD | InstFlags::STORE | InstFlags::ATOMIC,
            _ => InstFlags::NONE,
        }
    }
    fn srcs(&self, _out: &mut [RegId; 8]) -> usize {
        0
    }
    fn dests(&self, _out: &mut [RegId; 8]) -> usize {
        0
    }
    fn direct_target(&self, _pc: Addr) -> Option<Addr> {
        None
    }
    fn mnemonic(&self) -> &'static str {
        "toy"
    }
    fn stat_key(&self) -> u16 {
        // The op alone decides class, flags and operands here.
        self.op as u16
    }
    fn execute<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault> {
        let (a, b) = (self.a, self.b);
        match self.op {
            op::ADDI => xc.set_int(a, xc.int(b).wrapping_add(self.c as i64 as u64)),
            op::LD => {
                let v = xc.read_mem(self.addr(xc), 8, MemFlags::NONE)?;
                xc.set_int(a, v);
            }
            op::SD => xc.write_mem(self.addr(xc), 8, xc.int(a), MemFlags::NONE)?,
            op::LR => {
                let v = xc.load_reserved(Addr(xc.int(b)), 8, MemFlags::LLSC)?;
                xc.set_int(a, v);
            }
            op::SC => {
                let v = xc.int(self.reg_c());
                let ok = xc.store_conditional(Addr(xc.int(b)), 8, v, MemFlags::LLSC)?;
                xc.set_int(a, !ok as u64);
            }
            op::AMOADD => {
                let v = xc.int(self.reg_c());
                let old = xc.amo_mem(Addr(xc.int(b)), 8, AmoOp::Add, v, MemFlags::NONE)?;
                xc.set_int(a, old);
            }
            op::BNE if xc.int(a) != xc.int(b) => {
                let target = xc.pc().0.wrapping_add(self.c as i64 as u64);
                xc.set_next_pc(Addr(target));
            }
            op::ECALL => xc.syscall()?,
            op::M5 => {
                let r = xc.m5op(self.c as u8 as u16, [0; 6])?;
                xc.set_int(a, r);
            }
            _ => {}
        }
        Ok(())
    }
    fn initiate_acc<X: ExecContext>(&self, xc: &mut X) -> Result<(), Fault> {
        let b = Addr(xc.int(self.b));
        match self.op {
            op::LD => xc.initiate_mem_read(self.addr(xc), 8, MemFlags::NONE),
            op::SD => xc.initiate_mem_write(self.addr(xc), 8, xc.int(self.a), MemFlags::NONE),
            op::LR => xc.initiate_mem_read(b, 8, MemFlags::LLSC),
            op::SC => xc.initiate_mem_write(b, 8, xc.int(self.reg_c()), MemFlags::LLSC),
            op::AMOADD => {
                let v = xc.int(self.reg_c());
                xc.initiate_mem_amo(b, 8, AmoOp::Add, v, MemFlags::NONE)
            }
            _ => self.execute(xc),
        }
    }
    fn complete_acc<X: ExecContext>(&self, xc: &mut X, data: u64) -> Result<(), Fault> {
        if self.op != op::SD {
            xc.set_int(self.a, data);
        }
        Ok(())
    }
}

/// Assembler helpers: each returns the instruction's bytes.
pub mod asm {
    use super::op;

    pub fn addi(rd: u8, rs: u8, imm: i8) -> Vec<u8> {
        vec![op::ADDI, rd, rs, imm as u8]
    }
    pub fn ld(rd: u8, base: u8, off: i8) -> Vec<u8> {
        vec![op::LD, rd, base, off as u8]
    }
    pub fn sd(src: u8, base: u8, off: i8) -> Vec<u8> {
        vec![op::SD, src, base, off as u8]
    }
    pub fn lr(rd: u8, base: u8) -> Vec<u8> {
        vec![op::LR, rd, base, 0]
    }
    pub fn sc(rd: u8, base: u8, src: u8) -> Vec<u8> {
        vec![op::SC, rd, base, src]
    }
    pub fn amoadd(rd: u8, base: u8, src: u8) -> Vec<u8> {
        vec![op::AMOADD, rd, base, src]
    }
    /// Branch by `off` bytes from this instruction if `ra != rb`.
    pub fn bne(ra: u8, rb: u8, off: i8) -> Vec<u8> {
        vec![op::BNE, ra, rb, off as u8]
    }
    pub fn ecall() -> Vec<u8> {
        vec![op::ECALL, 0, 0, 0]
    }
    pub fn m5(func: u8) -> Vec<u8> {
        vec![op::M5, 0, 0, func as i8 as u8]
    }
    pub fn nop2() -> Vec<u8> {
        vec![op::NOP2, 0]
    }
}
