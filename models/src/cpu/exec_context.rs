//! The execution context of the simple CPUs: what one instruction sees.
//!
//! Immediate accesses (`read_mem`, `amo_mem`, LR/SC, used by `execute` on the atomic
//! CPU) complete at once through [`Core`]; split accesses (`initiate_mem_*`, used by
//! `initiate_acc` on the timing CPU) are translated and left in
//! [`Core::pending_access`] for the CPU to send.

use super::access::AccessKind;
use super::core::Core;
use sim_core::arch::{AmoOp, ArchRegs, ExecContext, Fault, Isa, MemAccess, MemFlags, PerfCounter};
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::{Addr, Tick};

/// One instruction's view of the CPU. `FS`: the CPU runs a full system (its
/// `Core::fs` is set); syscall emulation uses `false`, so its instructions are
/// compiled without the full-system paths.
pub(crate) struct Xc<'a, 'b, I: Isa, const FS: bool = false> {
    pub core: &'a mut Core<I>,
    pub ctx: &'a mut Ctx<'b>,
    /// Address of the instruction.
    pub pc: u64,
    /// Where execution continues (fall-through unless the instruction redirects).
    pub next_pc: u64,
    /// The CPU must stop its batch after this instruction.
    pub stop: bool,
    /// Last register value written (for the `Exec` trace).
    pub result: Option<u64>,
}

impl<'a, 'b, I: Isa> Xc<'a, 'b, I> {
    /// The context of the `size`-byte instruction at `pc`.
    #[inline(always)]
    pub fn new(core: &'a mut Core<I>, ctx: &'a mut Ctx<'b>, pc: u64, size: u8) -> Self {
        Xc {
            core,
            ctx,
            pc,
            next_pc: pc.wrapping_add(size as u64),
            stop: false,
            result: None,
        }
    }
}

impl<I: Isa, const FS: bool> Xc<'_, '_, I, FS> {
    fn start_access(
        &mut self,
        addr: Addr,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.core.initiate_access(addr.0, size, kind, flags)
    }
}

fn check_aligned(addr: u64, size: usize, access: MemAccess) -> Result<(), Fault> {
    if addr & (size as u64 - 1) != 0 {
        Err(Fault::Misaligned {
            addr: Addr(addr),
            access,
        })
    } else {
        Ok(())
    }
}

impl<I: Isa, const FS: bool> ExecContext for Xc<'_, '_, I, FS> {
    #[inline(always)]
    fn int(&self, idx: u16) -> u64 {
        self.core.regs.int(idx)
    }
    #[inline(always)]
    fn set_int(&mut self, idx: u16, v: u64) {
        self.result = Some(v);
        self.core.regs.set_int(idx, v)
    }
    #[inline(always)]
    fn float(&self, idx: u16) -> u64 {
        self.core.regs.float(idx)
    }
    #[inline(always)]
    fn set_float(&mut self, idx: u16, v: u64) {
        self.result = Some(v);
        self.core.regs.set_float(idx, v)
    }
    fn cc(&self, idx: u16) -> u64 {
        self.core.regs.cc(idx)
    }
    fn set_cc(&mut self, idx: u16, v: u64) {
        self.core.regs.set_cc(idx, v)
    }
    #[inline]
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        if FS {
            return self.fs_read_misc(idx);
        }
        self.core.regs.read_misc(idx)
    }
    #[inline]
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        if FS {
            return self.fs_set_misc(idx, v);
        }
        self.core.regs.set_misc(idx, v)
    }
    fn read_counter(&self, counter: PerfCounter) -> u64 {
        let period = self.core.domain.period().0;
        let now = self.ctx.now().0 + self.core.cycle_base * period;
        match counter {
            PerfCounter::Cycles => now / period,
            PerfCounter::Instructions => self.core.insts_total,
            PerfCounter::Time if FS => self.core.fs_time(self.ctx),
            PerfCounter::Time => now / 1000,
        }
    }
    #[inline(always)]
    fn full_system(&self) -> bool {
        FS
    }
    fn system_op(&mut self, op: sim_core::arch::SystemOp) -> Result<(), Fault> {
        self.fs_system_op(op)
    }
    #[inline(always)]
    fn pc(&self) -> Addr {
        Addr(self.pc)
    }
    #[inline(always)]
    fn set_next_pc(&mut self, target: Addr) {
        self.next_pc = target.0;
    }
    #[inline(always)]
    fn read_mem(&mut self, addr: Addr, size: usize, _flags: MemFlags) -> Result<u64, Fault> {
        self.core.load(addr.0, size, self.pc, self.ctx)
    }
    #[inline(always)]
    fn write_mem(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        _flags: MemFlags,
    ) -> Result<(), Fault> {
        self.core.store(addr.0, size, data, self.pc, self.ctx)
    }
    fn read_mem_bytes(&mut self, addr: Addr, buf: &mut [u8], flags: MemFlags) -> Result<(), Fault> {
        for (i, chunk) in buf.chunks_mut(8).enumerate() {
            let v = self.read_mem(addr.offset(i as u64 * 8), chunk.len(), flags)?;
            chunk.copy_from_slice(&v.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
    fn write_mem_bytes(&mut self, addr: Addr, data: &[u8], flags: MemFlags) -> Result<(), Fault> {
        for (i, chunk) in data.chunks(8).enumerate() {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            let v = u64::from_le_bytes(b);
            self.write_mem(addr.offset(i as u64 * 8), chunk.len(), v, flags)?;
        }
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
        check_aligned(addr.0, size, MemAccess::Store)?;
        let kind = AccessKind::Amo(op, operand);
        self.core
            .access_atomic(addr.0, size, kind, flags, self.pc, self.ctx)
    }
    fn load_reserved(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<u64, Fault> {
        check_aligned(addr.0, size, MemAccess::Load)?;
        let kind = AccessKind::LoadReserved;
        self.core
            .access_atomic(addr.0, size, kind, flags, self.pc, self.ctx)
    }
    fn store_conditional(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<bool, Fault> {
        check_aligned(addr.0, size, MemAccess::Store)?;
        let kind = AccessKind::StoreCond(data);
        let failed = self
            .core
            .access_atomic(addr.0, size, kind, flags, self.pc, self.ctx)?;
        Ok(failed == 0)
    }
    fn initiate_mem_read(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<(), Fault> {
        let kind = if flags.contains(MemFlags::LLSC) {
            AccessKind::LoadReserved
        } else {
            AccessKind::Read
        };
        self.start_access(addr, size, kind, flags)
    }
    fn initiate_mem_write(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        let kind = if flags.contains(MemFlags::LLSC) {
            AccessKind::StoreCond(data)
        } else {
            AccessKind::Write(data)
        };
        self.start_access(addr, size, kind, flags)
    }
    fn initiate_mem_amo(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        self.start_access(addr, size, AccessKind::Amo(op, operand), flags)
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        let now = Tick(self.ctx.now().0 + self.core.cycle_base * self.core.domain.period().0);
        let Some(os) = self.core.os.as_mut() else {
            return Err(Fault::IllegalInst {
                pc: Addr(self.pc),
                raw: 0,
                reason: "system call without an operating system",
            });
        };
        self.core.stats.syscalls += 1;
        let out = os.syscall(&mut self.core.regs, self.next_pc, now);
        if out.flush_tlb || out.flush_decode {
            match &self.core.epoch {
                // The OS bumped its mapping epoch for every CPU: flush both here
                // once and take the new epoch, rather than flushing what the call
                // asked now and both again at the next translation.
                Some(epoch) => {
                    self.core.seen_epoch = epoch.current();
                    self.core.flush_translations();
                }
                None => {
                    if out.flush_tlb {
                        self.core.tlb.flush();
                    }
                    if out.flush_decode {
                        self.core.decoded.flush();
                    }
                }
            }
        }
        if let Some(cause) = out.exit {
            self.ctx.exit(cause);
            return Err(Fault::Stop);
        }
        if let Some(pc) = out.resume_at {
            self.next_pc = pc;
        }
        let actions = &mut self.core.os_actions;
        actions.wake.extend_from_slice(&out.wake);
        actions.deschedule |= out.deschedule;
        if actions.any() {
            // The CPU wakes others and switches at this instruction's tick.
            self.stop = true;
        }
        Ok(())
    }
    fn m5op(&mut self, func: u16, args: [u64; 6]) -> Result<u64, Fault> {
        if FS && func == super::m5::func::READ_FILE {
            return self.fs_readfile(args);
        }
        let r = super::m5::perform(func, args, &mut self.core.stats, self.ctx);
        if self.ctx.stop_pending() {
            self.stop = true;
        }
        r.ok_or(Fault::IllegalInst {
            pc: Addr(self.pc),
            raw: func as u64,
            reason: "unknown m5op function",
        })
    }
    fn fence_instructions(&mut self) {
        self.core.decoded.flush();
    }
    #[inline(always)]
    fn fp_enabled(&self) -> bool {
        !FS || self.core.fs.as_ref().is_none_or(|fs| fs.sys.fp_enabled())
    }
}

/// Raise the exit a guest fault causes (shared by the CPU models).
pub(crate) fn exit_for_fault<I: Isa>(fault: Fault, pc: u64, ctx: &mut Ctx) {
    let message = super::fault_text::guest_fault_message::<I>(fault, pc);
    ctx.exit(ExitCause::GuestFault { message });
}
