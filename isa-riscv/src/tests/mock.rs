//! A tests-only execution context: a register file, a byte-array memory and
//! records of the side effects an instruction may request.

use crate::decode::{Enc, TABLES32};
use crate::{decode, RvInst, RvRegs};
use sim_core::arch::{
    AmoOp, ArchRegs, ExecContext, Fault, MemAccess, MemFlags, PerfCounter, StaticInst,
};
use sim_core::Addr;

/// Base address of the mock memory.
pub const MEM_BASE: u64 = 0x1_0000;
/// Size of the mock memory in bytes.
pub const MEM_SIZE: usize = 0x1000;

/// What a timing-path `initiate_*` call asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Read(u64, usize, MemFlags),
    Write(u64, usize, u64, MemFlags),
    Amo(u64, usize, AmoOp, u64, MemFlags),
}

#[derive(Clone)]
pub struct Mock {
    pub regs: RvRegs,
    pub mem: Vec<u8>,
    pub pc: u64,
    pub next_pc: Option<u64>,
    pub reservation: Option<u64>,
    pub last_flags: MemFlags,
    pub pending: Option<Pending>,
    pub syscalls: u32,
    pub m5ops: Vec<(u16, [u64; 6])>,
    pub ifences: u32,
    pub mfences: u32,
}

impl Mock {
    pub fn new() -> Self {
        Mock {
            regs: RvRegs::default(),
            mem: vec![0; MEM_SIZE],
            pc: 0x4000,
            next_pc: None,
            reservation: None,
            last_flags: MemFlags::NONE,
            pending: None,
            syscalls: 0,
            m5ops: Vec::new(),
            ifences: 0,
            mfences: 0,
        }
    }

    fn slot(&self, addr: Addr, size: usize, access: MemAccess) -> Result<usize, Fault> {
        let off = addr.0.wrapping_sub(MEM_BASE);
        if off as usize + size > MEM_SIZE || off >= MEM_SIZE as u64 {
            return Err(Fault::PageFault { addr, access });
        }
        Ok(off as usize)
    }

    pub fn load(&self, addr: u64, size: usize) -> u64 {
        let o = (addr - MEM_BASE) as usize;
        let mut b = [0u8; 8];
        b[..size].copy_from_slice(&self.mem[o..o + size]);
        u64::from_le_bytes(b)
    }

    pub fn store(&mut self, addr: u64, size: usize, v: u64) {
        let o = (addr - MEM_BASE) as usize;
        self.mem[o..o + size].copy_from_slice(&v.to_le_bytes()[..size]);
    }

    /// Decode `raw` (2 or 4 bytes by its low bits) and execute it.
    pub fn exec(&mut self, raw: u32) -> Result<(), Fault> {
        let inst = decode(&raw.to_le_bytes()).expect("decodes");
        self.next_pc = None;
        inst.execute(self)
    }

    pub fn x(&self, r: u16) -> u64 {
        self.regs.int(r)
    }
    pub fn set_x(&mut self, r: u16, v: u64) {
        self.regs.set_int(r, v);
    }
    pub fn f(&self, r: u16) -> u64 {
        self.regs.float(r)
    }
    pub fn set_f(&mut self, r: u16, v: u64) {
        self.regs.set_float(r, v);
    }
}

impl ExecContext for Mock {
    fn int(&self, idx: u16) -> u64 {
        self.regs.int(idx)
    }
    fn set_int(&mut self, idx: u16, v: u64) {
        self.regs.set_int(idx, v)
    }
    fn float(&self, idx: u16) -> u64 {
        self.regs.float(idx)
    }
    fn set_float(&mut self, idx: u16, v: u64) {
        self.regs.set_float(idx, v)
    }
    fn cc(&self, _idx: u16) -> u64 {
        0
    }
    fn set_cc(&mut self, _idx: u16, _v: u64) {}
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        self.regs.read_misc(idx)
    }
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        self.regs.set_misc(idx, v)
    }
    fn read_counter(&self, counter: PerfCounter) -> u64 {
        match counter {
            PerfCounter::Cycles => 1000,
            PerfCounter::Instructions => 500,
            PerfCounter::Time => 42,
        }
    }
    fn pc(&self) -> Addr {
        Addr(self.pc)
    }
    fn set_next_pc(&mut self, target: Addr) {
        self.next_pc = Some(target.0);
    }
    fn read_mem(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<u64, Fault> {
        self.slot(addr, size, MemAccess::Load)?;
        self.last_flags = flags;
        Ok(self.load(addr.0, size))
    }
    fn write_mem(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.slot(addr, size, MemAccess::Store)?;
        self.last_flags = flags;
        self.store(addr.0, size, data);
        Ok(())
    }
    fn read_mem_bytes(
        &mut self,
        addr: Addr,
        buf: &mut [u8],
        _flags: MemFlags,
    ) -> Result<(), Fault> {
        let o = self.slot(addr, buf.len(), MemAccess::Load)?;
        buf.copy_from_slice(&self.mem[o..o + buf.len()]);
        Ok(())
    }
    fn write_mem_bytes(&mut self, addr: Addr, data: &[u8], _flags: MemFlags) -> Result<(), Fault> {
        let o = self.slot(addr, data.len(), MemAccess::Store)?;
        self.mem[o..o + data.len()].copy_from_slice(data);
        Ok(())
    }
    fn amo_mem(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: MemFlags,
    ) -> Result<u64, Fault> {
        self.slot(addr, size, MemAccess::Store)?;
        self.last_flags = flags;
        let old = self.load(addr.0, size);
        self.store(addr.0, size, op.apply(old, operand, size));
        Ok(old)
    }
    fn load_reserved(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<u64, Fault> {
        let v = self.read_mem(addr, size, flags)?;
        self.reservation = Some(addr.0);
        Ok(v)
    }
    fn store_conditional(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<bool, Fault> {
        let ok = self.reservation.take() == Some(addr.0);
        if ok {
            self.write_mem(addr, size, data, flags)?;
        }
        Ok(ok)
    }
    fn initiate_mem_read(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<(), Fault> {
        self.pending = Some(Pending::Read(addr.0, size, flags));
        Ok(())
    }
    fn initiate_mem_write(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.pending = Some(Pending::Write(addr.0, size, data, flags));
        Ok(())
    }
    fn initiate_mem_amo(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.pending = Some(Pending::Amo(addr.0, size, op, operand, flags));
        Ok(())
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        self.syscalls += 1;
        Ok(())
    }
    fn m5op(&mut self, func: u16, args: [u64; 6]) -> Result<u64, Fault> {
        self.m5ops.push((func, args));
        Ok(0x5a5a)
    }
    fn fence_instructions(&mut self) {
        self.ifences += 1;
    }
    fn fence_memory(&mut self) {
        self.mfences += 1;
    }
}

// ---- a tiny assembler over the encoding tables

fn enc(name: &str) -> &'static Enc {
    TABLES32
        .iter()
        .flat_map(|t| t.iter())
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no encoding {name}"))
}

/// R-type (also FP with rounding mode `rm`, and R4 with `rs3`).
pub fn r4(name: &str, rd: u32, rs1: u32, rs2: u32, rs3: u32, rm: u32) -> u32 {
    let e = enc(name);
    let mut v = e.mtch | (rd << 7) | (rs1 << 15);
    if e.mask & (0x1f << 20) == 0 {
        v |= rs2 << 20;
    }
    if e.mask & 0x7000 == 0 {
        v |= rm << 12;
    }
    if e.mask & (0x1f << 27) == 0 {
        v |= rs3 << 27;
    }
    v
}

/// R-type integer instruction.
pub fn r(name: &str, rd: u32, rs1: u32, rs2: u32) -> u32 {
    r4(name, rd, rs1, rs2, 0, 0)
}

/// FP instruction with explicit rounding mode.
pub fn rf(name: &str, rd: u32, rs1: u32, rs2: u32, rm: u32) -> u32 {
    r4(name, rd, rs1, rs2, 0, rm)
}

/// I-type (also shifts: `imm` is the shift amount).
pub fn i(name: &str, rd: u32, rs1: u32, imm: i32) -> u32 {
    enc(name).mtch | (rd << 7) | (rs1 << 15) | (((imm as u32) & 0xfff) << 20)
}

/// S-type store.
pub fn s(name: &str, rs2: u32, rs1: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    enc(name).mtch | ((imm & 0x1f) << 7) | (rs1 << 15) | (rs2 << 20) | (((imm >> 5) & 0x7f) << 25)
}

/// AMO/LR/SC with aq/rl bits.
pub fn amo(name: &str, rd: u32, rs1: u32, rs2: u32, aqrl: u32) -> u32 {
    enc(name).mtch | (rd << 7) | (rs1 << 15) | (rs2 << 20) | (aqrl << 25)
}

/// CSR instruction.
pub fn csr(name: &str, rd: u32, rs1: u32, csr: u32) -> u32 {
    enc(name).mtch | (rd << 7) | (rs1 << 15) | (csr << 20)
}

/// Decode helper.
pub fn dec(raw: u32) -> RvInst {
    decode(&raw.to_le_bytes()).expect("decodes")
}
