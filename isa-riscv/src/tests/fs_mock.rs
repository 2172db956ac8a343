//! A tests-only full-system hart: the register file, an [`RvSystem`] reached only
//! through the `ArchSystem` seam, and a byte array of physical RAM. It wires the
//! seam the way a simple CPU model does (interrupt check at the boundary, fetch and
//! data accesses through `translate` + `run_walk`, faults to `take_trap`, system
//! effects applied), so these tests double as the reference for that wiring.

use crate::privileged::{RvSystem, RvSystemParams};
use crate::{decode, RvRegs};
use sim_core::arch::{
    run_walk, AmoOp, ArchRegs, ArchSystem, ExecContext, Fault, HartCounters, IrqPins, MemAccess,
    MemFlags, PerfCounter, StaticInst, SystemEffect, SystemOp, Translation, Trap, WalkStep,
};
use sim_core::Addr;

/// Physical address of RAM.
pub const RAM: u64 = 0x8000_0000;
/// RAM size.
pub const RAM_SIZE: usize = 8 << 20;

pub struct FsHart {
    pub regs: RvRegs,
    pub sys: RvSystem,
    pub ram: Vec<u8>,
    pub pc: u64,
    pub next_pc: Option<u64>,
    pub counters: HartCounters,
    pub waiting: bool,
    /// Page-table accesses the walker made: (physical address, was a compare-and-swap).
    pub walk_log: Vec<(u64, bool)>,
}

fn ram_off(pa: u64, size: usize) -> Option<usize> {
    let off = pa.checked_sub(RAM)? as usize;
    (off + size <= RAM_SIZE).then_some(off)
}

impl FsHart {
    pub fn new() -> Self {
        Self::with(RvSystemParams::default())
    }

    /// A hart in M-mode whose PMP entry 0 grants S and U all of memory, as
    /// OpenSBI sets it up before entering the kernel.
    pub fn with(params: RvSystemParams) -> Self {
        let mut h = FsHart::bare(params);
        h.set_misc(crate::privileged::csr::PMPADDR0, u64::MAX)
            .unwrap();
        h.set_misc(crate::privileged::csr::PMPCFG0, 0x1f).unwrap();
        h
    }

    /// A hart straight out of reset (no PMP entry set).
    pub fn bare(params: RvSystemParams) -> Self {
        FsHart {
            regs: RvRegs::default(),
            sys: RvSystem::new(params, IrqPins::new()),
            ram: vec![0; RAM_SIZE],
            pc: RAM,
            next_pc: None,
            counters: HartCounters::default(),
            waiting: false,
            walk_log: Vec::new(),
        }
    }

    pub fn peek(&self, pa: u64, size: usize) -> u64 {
        let o = ram_off(pa, size).expect("in RAM");
        let mut b = [0u8; 8];
        b[..size].copy_from_slice(&self.ram[o..o + size]);
        u64::from_le_bytes(b)
    }

    pub fn poke(&mut self, pa: u64, size: usize, v: u64) {
        let o = ram_off(pa, size).expect("in RAM");
        self.ram[o..o + size].copy_from_slice(&v.to_le_bytes()[..size]);
    }

    /// Write instructions at physical `pa`.
    pub fn code(&mut self, pa: u64, insts: &[u32]) {
        for (k, &w) in insts.iter().enumerate() {
            self.poke(pa + 4 * k as u64, 4, w as u64);
        }
    }

    /// Translate through the seam, running any walk at once (an atomic CPU).
    pub fn translate(&mut self, va: u64, access: MemAccess, size: usize) -> Result<u64, Fault> {
        match self.sys.translate(Addr(va), access, size) {
            Translation::Done(r) => r.map(|a| a.0),
            Translation::Walk(w) => {
                let (sys, ram, log) = (&mut self.sys, &mut self.ram, &mut self.walk_log);
                run_walk(
                    w,
                    |w, reply| sys.walk_step(w, reply),
                    |step| {
                        let (pa, new) = match *step {
                            WalkStep::Read { paddr, .. } => (paddr.0, None),
                            WalkStep::CompareSwap {
                                paddr,
                                expected,
                                new,
                                ..
                            } => (paddr.0, Some((expected, new))),
                            WalkStep::Done(_) => unreachable!("run_walk handles Done"),
                        };
                        log.push((pa, new.is_some()));
                        let Some(o) = ram_off(pa, 8) else { return 0 };
                        let old = u64::from_le_bytes(ram[o..o + 8].try_into().unwrap());
                        if let Some((expected, new)) = new {
                            if old == expected {
                                ram[o..o + 8].copy_from_slice(&new.to_le_bytes());
                            }
                        }
                        old
                    },
                )
                .map(|a| a.0)
            }
        }
    }

    fn phys(&self, pa: u64, size: usize, va: u64, access: MemAccess) -> Result<usize, Fault> {
        ram_off(pa, size).ok_or(Fault::AccessFault {
            addr: Addr(va),
            access,
        })
    }

    /// One instruction boundary and instruction, as a simple CPU runs them.
    pub fn step(&mut self) {
        if let Some(irq) = self.sys.pending_interrupt(self.counters.time) {
            self.waiting = false;
            self.pc = self
                .sys
                .take_trap(&mut self.regs, Trap::Interrupt(irq), Addr(self.pc))
                .0;
            return;
        }
        if self.waiting {
            if !self.sys.wake_from_wait(self.counters.time) {
                return;
            }
            self.waiting = false;
        }
        let r = self.fetch_and_execute();
        match r {
            Ok(size) => {
                self.pc = self.next_pc.take().unwrap_or(self.pc + size);
                self.counters.instret += 1;
            }
            Err(f) => {
                self.next_pc = None;
                self.pc = self
                    .sys
                    .take_trap(&mut self.regs, Trap::Fault(f), Addr(self.pc))
                    .0;
            }
        }
    }

    fn fetch_and_execute(&mut self) -> Result<u64, Fault> {
        let pa = self.translate(self.pc, MemAccess::Fetch, 4)?;
        let o = self.phys(pa, 4, self.pc, MemAccess::Fetch)?;
        let bytes: [u8; 4] = self.ram[o..o + 4].try_into().unwrap();
        let inst = decode(&bytes).map_err(|err| Fault::Decode {
            pc: Addr(self.pc),
            err,
        })?;
        self.next_pc = None;
        inst.execute(self)?;
        Ok(inst.size() as u64)
    }

    fn load(&mut self, va: u64, size: usize) -> Result<u64, Fault> {
        let pa = self.translate(va, MemAccess::Load, size)?;
        let o = self.phys(pa, size, va, MemAccess::Load)?;
        let mut b = [0u8; 8];
        b[..size].copy_from_slice(&self.ram[o..o + size]);
        Ok(u64::from_le_bytes(b))
    }

    fn store(&mut self, va: u64, size: usize, v: u64) -> Result<(), Fault> {
        let pa = self.translate(va, MemAccess::Store, size)?;
        let o = self.phys(pa, size, va, MemAccess::Store)?;
        self.ram[o..o + size].copy_from_slice(&v.to_le_bytes()[..size]);
        Ok(())
    }
}

impl ExecContext for FsHart {
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
        self.sys.read_misc(&mut self.regs, idx, &self.counters)
    }
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        self.sys.set_misc(&mut self.regs, idx, v, &self.counters)
    }
    fn read_counter(&self, counter: PerfCounter) -> u64 {
        match counter {
            PerfCounter::Cycles => self.counters.cycles,
            PerfCounter::Instructions => self.counters.instret,
            PerfCounter::Time => self.counters.time,
        }
    }
    fn pc(&self) -> Addr {
        Addr(self.pc)
    }
    fn set_next_pc(&mut self, target: Addr) {
        self.next_pc = Some(target.0);
    }
    fn read_mem(&mut self, addr: Addr, size: usize, _f: MemFlags) -> Result<u64, Fault> {
        self.load(addr.0, size)
    }
    fn write_mem(&mut self, addr: Addr, size: usize, v: u64, _f: MemFlags) -> Result<(), Fault> {
        self.store(addr.0, size, v)
    }
    fn read_mem_bytes(&mut self, addr: Addr, buf: &mut [u8], _f: MemFlags) -> Result<(), Fault> {
        for (k, b) in buf.iter_mut().enumerate() {
            *b = self.load(addr.0 + k as u64, 1)? as u8;
        }
        Ok(())
    }
    fn write_mem_bytes(&mut self, addr: Addr, data: &[u8], _f: MemFlags) -> Result<(), Fault> {
        for (k, &b) in data.iter().enumerate() {
            self.store(addr.0 + k as u64, 1, b as u64)?;
        }
        Ok(())
    }
    fn amo_mem(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        _f: MemFlags,
    ) -> Result<u64, Fault> {
        let old = self.load(addr.0, size)?;
        self.store(addr.0, size, op.apply(old, operand, size))?;
        Ok(old)
    }
    fn load_reserved(&mut self, addr: Addr, size: usize, f: MemFlags) -> Result<u64, Fault> {
        self.read_mem(addr, size, f)
    }
    fn store_conditional(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        f: MemFlags,
    ) -> Result<bool, Fault> {
        self.write_mem(addr, size, data, f).map(|_| true)
    }
    fn initiate_mem_read(&mut self, _a: Addr, _s: usize, _f: MemFlags) -> Result<(), Fault> {
        unreachable!("the full-system test hart executes atomically")
    }
    fn initiate_mem_write(
        &mut self,
        _a: Addr,
        _s: usize,
        _d: u64,
        _f: MemFlags,
    ) -> Result<(), Fault> {
        unreachable!("the full-system test hart executes atomically")
    }
    fn initiate_mem_amo(
        &mut self,
        _a: Addr,
        _s: usize,
        _o: AmoOp,
        _v: u64,
        _f: MemFlags,
    ) -> Result<(), Fault> {
        unreachable!("the full-system test hart executes atomically")
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        unreachable!("full system never calls the emulated OS")
    }
    fn m5op(&mut self, _func: u16, _args: [u64; 6]) -> Result<u64, Fault> {
        Ok(0)
    }
    fn fence_instructions(&mut self) {}
    fn full_system(&self) -> bool {
        true
    }
    fn system_op(&mut self, op: SystemOp) -> Result<(), Fault> {
        match self.sys.system_op(&mut self.regs, op, Addr(self.pc))? {
            SystemEffect::Continue => {}
            SystemEffect::Jump(a) => self.next_pc = Some(a.0),
            SystemEffect::WaitForInterrupt => {
                if !self.sys.wake_from_wait(self.counters.time) {
                    self.waiting = true;
                }
            }
        }
        Ok(())
    }
}
