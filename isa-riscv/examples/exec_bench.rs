//! Measures `execute` throughput on cached decoded instructions with a minimal
//! execution context (no memory system): an upper bound for an atomic CPU.
//!
//! `cargo run --release -p isa-riscv --example exec_bench`

use isa_riscv::{Riscv64, RvInst, RvRegs};
use sim_core::arch::{AmoOp, ArchRegs, ExecContext, Fault, Isa, MemFlags, PerfCounter, StaticInst};
use sim_core::Addr;
use std::time::Instant;

struct Ctx {
    regs: RvRegs,
    pc: u64,
    next: Option<u64>,
    mem: Vec<u64>,
}

impl ExecContext for Ctx {
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
    fn cc(&self, _: u16) -> u64 {
        0
    }
    fn set_cc(&mut self, _: u16, _: u64) {}
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        self.regs.read_misc(idx)
    }
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        self.regs.set_misc(idx, v)
    }
    fn read_counter(&self, _: PerfCounter) -> u64 {
        0
    }
    fn pc(&self) -> Addr {
        Addr(self.pc)
    }
    fn set_next_pc(&mut self, t: Addr) {
        self.next = Some(t.0);
    }
    fn read_mem(&mut self, a: Addr, _: usize, _: MemFlags) -> Result<u64, Fault> {
        Ok(self.mem[(a.0 as usize / 8) & 63])
    }
    fn write_mem(&mut self, a: Addr, _: usize, d: u64, _: MemFlags) -> Result<(), Fault> {
        self.mem[(a.0 as usize / 8) & 63] = d;
        Ok(())
    }
    fn read_mem_bytes(&mut self, _: Addr, _: &mut [u8], _: MemFlags) -> Result<(), Fault> {
        Ok(())
    }
    fn write_mem_bytes(&mut self, _: Addr, _: &[u8], _: MemFlags) -> Result<(), Fault> {
        Ok(())
    }
    fn amo_mem(&mut self, _: Addr, _: usize, _: AmoOp, _: u64, _: MemFlags) -> Result<u64, Fault> {
        Ok(0)
    }
    fn load_reserved(&mut self, _: Addr, _: usize, _: MemFlags) -> Result<u64, Fault> {
        Ok(0)
    }
    fn store_conditional(&mut self, _: Addr, _: usize, _: u64, _: MemFlags) -> Result<bool, Fault> {
        Ok(true)
    }
    fn initiate_mem_read(&mut self, _: Addr, _: usize, _: MemFlags) -> Result<(), Fault> {
        Ok(())
    }
    fn initiate_mem_write(&mut self, _: Addr, _: usize, _: u64, _: MemFlags) -> Result<(), Fault> {
        Ok(())
    }
    fn initiate_mem_amo(
        &mut self,
        _: Addr,
        _: usize,
        _: AmoOp,
        _: u64,
        _: MemFlags,
    ) -> Result<(), Fault> {
        Ok(())
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        Ok(())
    }
    fn m5op(&mut self, _: u16, _: [u64; 6]) -> Result<u64, Fault> {
        Ok(0)
    }
    fn fence_instructions(&mut self) {}
}

fn main() {
    // A loop body: ALU, shifts, a load and a store, compressed ops, a branch back.
    let words: [u32; 10] = [
        0x00158593, // addi a1,a1,1
        0x00c58533, // add a0,a1,a2
        0x00351613, // slli a2,a0,3
        0x40c50533, // sub a0,a0,a2
        0x02b50633, // mul a2,a0,a1
        0x00a13423, // sd a0,8(sp)
        0x00813683, // ld a3,8(sp)
        0x0505,     // c.addi a0,1 (compressed)
        0x00d6c733, // xor a4,a3,a3
        0xfcb7e8e3, // bltu a5,a1,<back> (never taken: a5 = max)
    ];
    let mut code: Vec<RvInst> = Vec::new();
    for w in words {
        code.push(Riscv64::decode(&w.to_le_bytes(), Addr(0)).expect("decodes"));
    }
    let n = code.len() as u64;
    let mut xc = Ctx {
        regs: RvRegs::default(),
        pc: 0,
        next: None,
        mem: vec![0; 64],
    };
    xc.regs.set_int(15, u64::MAX); // a5 = max: bltu never taken; we loop ourselves
    let iters: u64 = 50_000_000;
    let start = Instant::now();
    let mut executed = 0u64;
    let mut idx = 0usize;
    while executed < iters {
        let inst = &code[idx];
        xc.next = None;
        inst.execute(&mut xc).expect("executes");
        executed += 1;
        idx += 1;
        if idx as u64 == n {
            idx = 0;
        }
        xc.pc = idx as u64 * 4;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{executed} instructions in {secs:.3} s: {:.1} MIPS",
        executed as f64 / secs / 1e6
    );
}
