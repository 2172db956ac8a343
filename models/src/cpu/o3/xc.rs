//! The execution context of an out-of-order instruction: its register
//! operands are its renamed physical registers; misc-register reads see the
//! architectural value and writes are buffered until commit (gem5 buffers
//! them too); memory accesses are translated and left with the instruction
//! for the LSQ. Immediate accesses, system calls and m5 operations never
//! happen here: the instructions that need them execute at the ROB head on
//! the architectural state (`ExecKind::AtHead`).

use super::dyn_inst::{DynInst, NO_PHYS};
use super::regfile::RegFile;
use crate::cpu::access::AccessKind;
use crate::cpu::core::Core;
use sim_core::arch::{AmoOp, ArchRegs, ExecContext, Fault, Isa, MemFlags, PerfCounter, RegClass};
use sim_core::component::Ctx;
use sim_core::Addr;

/// One renamed instruction's view of the CPU.
pub(super) struct O3Xc<'a, 'b, I: Isa> {
    pub core: &'a mut Core<I>,
    pub ctx: &'a mut Ctx<'b>,
    pub rf: &'a mut RegFile,
    pub di: &'a mut DynInst<I::Inst>,
    /// Re-executing at commit: misc registers are the architectural ones.
    pub at_commit: bool,
    /// Last register value written (for the `Exec` trace).
    pub result: Option<u64>,
}

impl<I: Isa> O3Xc<'_, '_, I> {
    #[inline(always)]
    fn src(&self, class: RegClass, idx: u16) -> Option<u64> {
        let d = &*self.di;
        for i in 0..d.nsrc as usize {
            let r = d.src[i];
            if r.index == idx && r.class == class {
                let p = d.src_phys[i];
                return (p != NO_PHYS).then(|| self.rf.values[p as usize]);
            }
        }
        None
    }

    #[inline(always)]
    fn set(&mut self, class: RegClass, idx: u16, v: u64) {
        let d = &*self.di;
        for i in 0..d.ndst as usize {
            let r = d.dst[i];
            if r.index == idx && r.class == class {
                let p = d.dst_phys[i];
                if p != NO_PHYS {
                    self.rf.values[p as usize] = v;
                }
                self.result = Some(v);
                return;
            }
        }
        // Not a declared destination: a hard-wired register (RISC-V x0).
    }

    fn start_access(
        &mut self,
        addr: Addr,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.di.vaddr = addr.0;
        self.di.mem_size = size as u8;
        self.core.initiate_access(addr.0, size, kind, flags)?;
        self.di.access = self.core.pending_access.take();
        Ok(())
    }
}

/// Only at-head instructions perform immediate accesses, system calls and m5
/// operations; an ISA asking for one from an ordinary instruction is a
/// contract violation reported as an illegal instruction.
fn not_here(pc: u64, what: &'static str) -> Fault {
    Fault::IllegalInst {
        pc: Addr(pc),
        raw: 0,
        reason: what,
    }
}

impl<I: Isa> ExecContext for O3Xc<'_, '_, I> {
    #[inline(always)]
    fn int(&self, idx: u16) -> u64 {
        self.src(RegClass::Int, idx)
            .unwrap_or_else(|| self.core.regs.int(idx))
    }
    #[inline(always)]
    fn set_int(&mut self, idx: u16, v: u64) {
        self.set(RegClass::Int, idx, v)
    }
    #[inline(always)]
    fn float(&self, idx: u16) -> u64 {
        self.src(RegClass::Float, idx)
            .unwrap_or_else(|| self.core.regs.float(idx))
    }
    #[inline(always)]
    fn set_float(&mut self, idx: u16, v: u64) {
        self.set(RegClass::Float, idx, v)
    }
    fn cc(&self, idx: u16) -> u64 {
        self.src(RegClass::CondCode, idx)
            .unwrap_or_else(|| self.core.regs.cc(idx))
    }
    fn set_cc(&mut self, idx: u16, v: u64) {
        self.set(RegClass::CondCode, idx, v)
    }
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        let d = &mut *self.di;
        // This instruction's own buffered write first.
        if let Some(&(_, v)) = d.misc_writes[..d.n_misc_writes as usize]
            .iter()
            .rev()
            .find(|(i, _)| *i == idx)
        {
            return Ok(v);
        }
        let v = self.core.regs.read_misc(idx)?;
        if !self.at_commit && (d.n_misc_reads as usize) < d.misc_reads.len() {
            d.misc_reads[d.n_misc_reads as usize] = (idx, v);
            d.n_misc_reads += 1;
        }
        Ok(v)
    }
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        if self.at_commit {
            return self.core.regs.set_misc(idx, v);
        }
        let d = &mut *self.di;
        let n = d.n_misc_writes as usize;
        if let Some(w) = d.misc_writes[..n].iter_mut().find(|(i, _)| *i == idx) {
            w.1 = v;
        } else if n < d.misc_writes.len() {
            d.misc_writes[n] = (idx, v);
            d.n_misc_writes += 1;
        } else {
            return Err(not_here(d.pc, "more than two misc-register writes"));
        }
        Ok(())
    }
    fn read_counter(&self, counter: PerfCounter) -> u64 {
        let period = self.core.domain.period().0;
        let now = self.ctx.now().0;
        match counter {
            PerfCounter::Cycles => now / period,
            PerfCounter::Instructions => self.core.insts_total,
            PerfCounter::Time => now / 1000,
        }
    }
    #[inline(always)]
    fn pc(&self) -> Addr {
        Addr(self.di.pc)
    }
    #[inline(always)]
    fn set_next_pc(&mut self, target: Addr) {
        self.di.next_pc = target.0;
    }
    fn read_mem(&mut self, _addr: Addr, _size: usize, _flags: MemFlags) -> Result<u64, Fault> {
        Err(not_here(self.di.pc, "immediate load outside the ROB head"))
    }
    fn write_mem(&mut self, _: Addr, _: usize, _: u64, _: MemFlags) -> Result<(), Fault> {
        Err(not_here(self.di.pc, "immediate store outside the ROB head"))
    }
    fn read_mem_bytes(&mut self, _: Addr, _: &mut [u8], _: MemFlags) -> Result<(), Fault> {
        Err(not_here(self.di.pc, "immediate load outside the ROB head"))
    }
    fn write_mem_bytes(&mut self, _: Addr, _: &[u8], _: MemFlags) -> Result<(), Fault> {
        Err(not_here(self.di.pc, "immediate store outside the ROB head"))
    }
    fn amo_mem(&mut self, _: Addr, _: usize, _: AmoOp, _: u64, _: MemFlags) -> Result<u64, Fault> {
        Err(not_here(
            self.di.pc,
            "atomic operation outside the ROB head",
        ))
    }
    fn load_reserved(&mut self, _: Addr, _: usize, _: MemFlags) -> Result<u64, Fault> {
        Err(not_here(self.di.pc, "load-reserved outside the ROB head"))
    }
    fn store_conditional(&mut self, _: Addr, _: usize, _: u64, _: MemFlags) -> Result<bool, Fault> {
        Err(not_here(
            self.di.pc,
            "store-conditional outside the ROB head",
        ))
    }
    fn initiate_mem_read(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<(), Fault> {
        self.start_access(addr, size, AccessKind::Read, flags)
    }
    fn initiate_mem_write(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.start_access(addr, size, AccessKind::Write(data), flags)
    }
    fn initiate_mem_amo(
        &mut self,
        _: Addr,
        _: usize,
        _: AmoOp,
        _: u64,
        _: MemFlags,
    ) -> Result<(), Fault> {
        Err(not_here(
            self.di.pc,
            "atomic operation outside the ROB head",
        ))
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        Err(not_here(self.di.pc, "system call outside the ROB head"))
    }
    fn m5op(&mut self, _func: u16, _args: [u64; 6]) -> Result<u64, Fault> {
        Err(not_here(self.di.pc, "m5 operation outside the ROB head"))
    }
    fn fence_instructions(&mut self) {}
    #[inline(always)]
    fn fp_enabled(&self) -> bool {
        // Full system: the ISA's floating-point unit may be off (mstatus.FS).
        self.core.fs.as_ref().is_none_or(|fs| fs.sys.fp_enabled())
    }
}
