//! The atomic CPU (gem5's `AtomicSimpleCPU`): one instruction per cycle, memory
//! accesses complete immediately through the atomic protocol.
//!
//! Speed comes from three things: instructions are executed in batches inside one
//! event (up to the next event anyone else scheduled, so ordering with other
//! components is exactly what per-cycle events would give); decoded instructions are
//! cached by PC; and when the memory path offers a backdoor (no caches in between)
//! loads and stores go straight to the backing store through a software TLB.

use super::decode_cache::DecodeCache;
use super::os::ThreadOs;
use super::stats::CpuStats;
use super::tlb::{Hit, SoftTlb, PAGE_SIZE};
use super::trace;
use sim_core::arch::{
    AmoOp, ArchRegs, DecodeError, ExecContext, Fault, Isa, MemAccess, MemFlags, PerfCounter,
    StaticInst,
};
use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::event::Priority;
use sim_core::exit::ExitCause;
use sim_core::mem::{Packet, ReqFlags, Requestor};
use sim_core::stats::StatVisitor;
use sim_core::{Addr, ClockDomain, Frequency, Tick};
use std::any::Any;

/// Local index of the instruction port.
pub const ICACHE_PORT: u16 = 0;
/// Local index of the data port.
pub const DCACHE_PORT: u16 = 1;
const EV_TICK: u64 = 0;
/// Most instructions one event executes before yielding to the event loop.
const BATCH: u64 = 1 << 16;

/// Parameters of the atomic CPU.
#[derive(Clone, Debug)]
pub struct AtomicCpuParams {
    /// Core clock.
    pub clock: Frequency,
    /// CPU index (`cpu_id` in config.ini; the hart id).
    pub cpu_id: u32,
    /// Stop after this many instructions (`max_insts_any_thread`), if set.
    pub max_insts: Option<u64>,
    /// Print an `Exec` trace line per instruction.
    pub trace_exec: bool,
}

impl Default for AtomicCpuParams {
    fn default() -> Self {
        AtomicCpuParams {
            clock: Frequency(1_000_000_000),
            cpu_id: 0,
            max_insts: None,
            trace_exec: false,
        }
    }
}

/// Architectural and micro-architectural state the executing instruction touches.
pub(crate) struct Core<I: Isa> {
    pub regs: I::Regs,
    pub pc: u64,
    pub os: Option<Box<dyn ThreadOs<I::Regs>>>,
    pub tlb: SoftTlb,
    pub decoded: DecodeCache<I::Inst>,
    pub reservation: Option<u64>,
    pub backdoor: Option<Backdoor>,
    pub stats: CpuStats,
    pub requestor: Requestor,
    pub domain: ClockDomain,
    /// Cycles counted before the current batch (for `cycle` CSR reads).
    pub cycle_base: u64,
    pub insts_total: u64,
}

/// The atomic CPU component.
pub struct AtomicCpu<I: Isa> {
    params: AtomicCpuParams,
    core: Core<I>,
    halted: bool,
    fault: Option<Fault>,
}

impl<I: Isa> AtomicCpu<I> {
    /// A CPU that will start at `pc` with `regs`, its OS side given by `os`.
    pub fn new(
        params: AtomicCpuParams,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
    ) -> Self {
        let domain = ClockDomain::new(params.clock);
        let requestor = Requestor {
            id: params.cpu_id,
            thread: 0,
        };
        AtomicCpu {
            params,
            core: Core {
                regs,
                pc,
                os,
                tlb: SoftTlb::default(),
                decoded: DecodeCache::default(),
                reservation: None,
                backdoor: None,
                stats: CpuStats::default(),
                requestor,
                domain,
                cycle_base: 0,
                insts_total: 0,
            },
            halted: false,
            fault: None,
        }
    }

    /// The guest fault that stopped this CPU, if one did.
    pub fn fault(&self) -> Option<Fault> {
        self.fault
    }

    /// The architectural registers.
    pub fn regs(&self) -> &I::Regs {
        &self.core.regs
    }

    /// The next PC to execute.
    pub fn pc(&self) -> u64 {
        self.core.pc
    }

    /// Instructions committed since the CPU started (not reset by stats resets).
    pub fn total_insts(&self) -> u64 {
        self.core.insts_total
    }

    fn run(&mut self, ctx: &mut Ctx) {
        let period = self.core.domain.period.0;
        let start = ctx.now();
        // Execute until the next event anyone else scheduled (it must see the state
        // the CPU had at that tick), or a batch, or an instruction limit.
        let horizon = ctx.next_event_tick().map_or(u64::MAX, |t| t.0);
        let mut budget = if horizon == u64::MAX {
            BATCH
        } else {
            (horizon.saturating_sub(start.0))
                .div_ceil(period)
                .clamp(1, BATCH)
        };
        if let Some(max) = self.params.max_insts {
            budget = budget.min(max.saturating_sub(self.core.insts_total));
        }
        let executed = if self.params.trace_exec {
            self.batch::<true>(budget, ctx)
        } else {
            self.batch::<false>(budget, ctx)
        };
        let when = Tick(start.0 + executed.max(1) * period);
        self.core.stats.num_cycles += executed.max(1);
        if let Some(max) = self.params.max_insts {
            if self.core.insts_total >= max && !ctx.exit_requested() {
                ctx.exit(ExitCause::MaxInsts);
            }
        }
        if ctx.stop_pending() || self.halted {
            // Whatever stopped the batch happened at the last instruction's tick,
            // which lies before any other pending event (a batch never passes one).
            let last = Tick(start.0 + executed.saturating_sub(1) * period);
            let advanced = ctx.advance_to(last);
            debug_assert!(advanced, "a batch never runs past another event");
        }
        if !self.halted {
            ctx.schedule(when, Priority::CPU_TICK, EV_TICK);
        }
    }

    /// Execute up to `budget` instructions; returns how many cycles passed.
    fn batch<const TRACE: bool>(&mut self, budget: u64, ctx: &mut Ctx) -> u64 {
        let start_tick = ctx.now().0;
        let period = self.core.domain.period.0;
        let mut n = 0;
        while n < budget {
            let pc = self.core.pc;
            let inst = match self.core.decoded.get(pc) {
                Some(i) => i,
                None => match self.core.fetch_decode(pc, ctx) {
                    Ok(i) => i,
                    Err(f) => {
                        self.guest_fault(f, ctx);
                        return n;
                    }
                },
            };
            self.core.cycle_base = n;
            let mut xc = Xc {
                core: &mut self.core,
                ctx: &mut *ctx,
                pc,
                next_pc: pc.wrapping_add(inst.size() as u64),
                stop: false,
                result: None,
            };
            let r = inst.execute(&mut xc);
            let (next_pc, stop, result) = (xc.next_pc, xc.stop, xc.result);
            n += 1;
            if TRACE {
                trace::exec_line::<I>(
                    ctx,
                    Tick(start_tick + (n - 1) * period),
                    pc,
                    &inst,
                    result,
                    &r,
                );
            }
            match r {
                Ok(()) => {
                    self.core.pc = next_pc;
                    self.core.stats.count(&inst);
                    self.core.insts_total += 1;
                    if stop || ctx.stop_pending() {
                        return n;
                    }
                }
                Err(Fault::Stop) => {
                    self.core.pc = next_pc;
                    self.core.stats.count(&inst);
                    self.core.insts_total += 1;
                    return n;
                }
                Err(f) => {
                    self.guest_fault(f, ctx);
                    return n;
                }
            }
        }
        n
    }

    fn guest_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        self.halted = true;
        self.fault = Some(f);
        let message = match f {
            Fault::Decode { pc, err } => {
                let text = trace::disassemble_raw::<I>(pc.0, err);
                format!(
                    "{} at pc {:#x}: {}{}",
                    describe_decode(&err),
                    pc.0,
                    raw_bytes(&err),
                    text
                )
            }
            other => format!("{other} (pc {:#x})", self.core.pc),
        };
        ctx.exit(ExitCause::GuestFault { message });
    }
}

fn describe_decode(e: &DecodeError) -> &'static str {
    match e {
        DecodeError::Illegal { .. } => "illegal instruction",
        DecodeError::Unimplemented { .. } => "unimplemented instruction",
        DecodeError::Truncated { .. } => "truncated instruction",
    }
}

fn raw_bytes(e: &DecodeError) -> String {
    match *e {
        DecodeError::Illegal { raw, len } | DecodeError::Unimplemented { raw, len, .. } => {
            let bytes: Vec<String> = raw.to_le_bytes()[..len as usize]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let what = if let DecodeError::Unimplemented { what, .. } = e {
                format!(" ({what})")
            } else {
                String::new()
            };
            format!(
                "raw bits 0x{:0w$x} (bytes {}){what}",
                raw,
                bytes.join(" "),
                w = len as usize * 2
            )
        }
        DecodeError::Truncated { need } => format!("needs {need} bytes"),
    }
}

impl<I: Isa> Core<I> {
    /// Fetch and decode the instruction at `pc`, caching it.
    #[inline(never)]
    fn fetch_decode(&mut self, pc: u64, ctx: &mut Ctx) -> Result<I::Inst, Fault> {
        let mut buf = [0u8; 16];
        let max = I::MAX_INST_BYTES.min(16);
        let in_page = ((PAGE_SIZE - (pc & (PAGE_SIZE - 1))) as usize).min(max);
        self.read_virt(pc, &mut buf[..in_page], MemAccess::Fetch, ctx)?;
        let inst = match I::decode(&buf[..in_page], Addr(pc)) {
            Err(DecodeError::Truncated { need }) if (need as usize) <= max => {
                // The instruction crosses into the next page.
                let need = need as usize;
                self.read_virt(
                    pc + in_page as u64,
                    &mut buf[in_page..need],
                    MemAccess::Fetch,
                    ctx,
                )?;
                I::decode(&buf[..need], Addr(pc))
            }
            other => other,
        }
        .map_err(|err| Fault::Decode { pc: Addr(pc), err })?;
        self.decoded.insert(pc, inst);
        Ok(inst)
    }

    /// Translate `vaddr`, filling the TLB on a miss.
    #[inline(never)]
    fn translate_slow(&mut self, vaddr: u64, access: MemAccess) -> Result<Hit, Fault> {
        let page = vaddr & !(PAGE_SIZE - 1);
        let paddr = match self.os.as_mut() {
            Some(os) => os.translate(Addr(page), access)?.0,
            None => page,
        };
        let host = match &self.backdoor {
            Some(bd)
                if bd.range.contains(Addr(paddr))
                    && bd.range.contains(Addr(paddr + PAGE_SIZE - 1)) =>
            {
                bd.store
                    .host_ptr(Addr(paddr), PAGE_SIZE as usize)
                    .map(|p| p as usize)
                    .unwrap_or(0)
            }
            _ => 0,
        };
        let hit = Hit { paddr, host };
        self.tlb.insert(vaddr, access, hit);
        Ok(hit)
    }

    #[inline(always)]
    fn translate(&mut self, vaddr: u64, access: MemAccess) -> Result<Hit, Fault> {
        match self.tlb.lookup(vaddr, access) {
            Some(h) => Ok(h),
            None => self.translate_slow(vaddr, access),
        }
    }

    /// Read bytes at a virtual address (any size, any alignment, may cross pages).
    fn read_virt(
        &mut self,
        vaddr: u64,
        buf: &mut [u8],
        access: MemAccess,
        ctx: &mut Ctx,
    ) -> Result<(), Fault> {
        let mut done = 0;
        while done < buf.len() {
            let va = vaddr.wrapping_add(done as u64);
            let off = va & (PAGE_SIZE - 1);
            let chunk = ((PAGE_SIZE - off) as usize).min(buf.len() - done);
            let hit = self.translate(va, access)?;
            let dst = &mut buf[done..done + chunk];
            if hit.host != 0 {
                // SAFETY: the TLB only holds host pointers to whole pages inside the backing store.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        (hit.host + off as usize) as *const u8,
                        dst.as_mut_ptr(),
                        chunk,
                    )
                };
            } else {
                let flags = if access == MemAccess::Fetch {
                    ReqFlags::INST_FETCH
                } else {
                    ReqFlags::NONE
                };
                let mut pkt = Packet::read(Addr(hit.paddr + off), chunk, flags, self.requestor);
                let port = if access == MemAccess::Fetch {
                    ICACHE_PORT
                } else {
                    DCACHE_PORT
                };
                ctx.send_atomic(port, &mut pkt);
                dst.copy_from_slice(&pkt.data[..chunk]);
            }
            done += chunk;
        }
        Ok(())
    }

    /// Write bytes at a virtual address.
    fn write_virt(&mut self, vaddr: u64, data: &[u8], ctx: &mut Ctx) -> Result<(), Fault> {
        let mut done = 0;
        while done < data.len() {
            let va = vaddr.wrapping_add(done as u64);
            let off = va & (PAGE_SIZE - 1);
            let chunk = ((PAGE_SIZE - off) as usize).min(data.len() - done);
            let hit = self.translate(va, MemAccess::Store)?;
            let src = &data[done..done + chunk];
            if hit.host != 0 {
                // SAFETY: as in read_virt.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        src.as_ptr(),
                        (hit.host + off as usize) as *mut u8,
                        chunk,
                    )
                };
            } else {
                let mut pkt =
                    Packet::write(Addr(hit.paddr + off), src, ReqFlags::NONE, self.requestor);
                ctx.send_atomic(DCACHE_PORT, &mut pkt);
            }
            done += chunk;
        }
        Ok(())
    }

    #[inline(always)]
    fn load(&mut self, vaddr: u64, size: usize, ctx: &mut Ctx) -> Result<u64, Fault> {
        if let Some(h) = self.tlb.lookup(vaddr, MemAccess::Load) {
            let off = (vaddr & (PAGE_SIZE - 1)) as usize;
            if h.host != 0 && off + size <= PAGE_SIZE as usize {
                // SAFETY: the host page is valid and the access stays inside it.
                let p = (h.host + off) as *const u8;
                return Ok(unsafe {
                    match size {
                        1 => *p as u64,
                        2 => (p as *const u16).read_unaligned() as u64,
                        4 => (p as *const u32).read_unaligned() as u64,
                        _ => (p as *const u64).read_unaligned(),
                    }
                });
            }
        }
        let mut b = [0u8; 8];
        self.read_virt(vaddr, &mut b[..size], MemAccess::Load, ctx)?;
        Ok(u64::from_le_bytes(b))
    }

    #[inline(always)]
    fn store(&mut self, vaddr: u64, size: usize, v: u64, ctx: &mut Ctx) -> Result<(), Fault> {
        if let Some(h) = self.tlb.lookup(vaddr, MemAccess::Store) {
            let off = (vaddr & (PAGE_SIZE - 1)) as usize;
            if h.host != 0 && off + size <= PAGE_SIZE as usize {
                let p = (h.host + off) as *mut u8;
                // SAFETY: the host page is valid and the access stays inside it.
                unsafe {
                    match size {
                        1 => *p = v as u8,
                        2 => (p as *mut u16).write_unaligned(v as u16),
                        4 => (p as *mut u32).write_unaligned(v as u32),
                        _ => (p as *mut u64).write_unaligned(v),
                    }
                }
                return Ok(());
            }
        }
        self.write_virt(vaddr, &v.to_le_bytes()[..size], ctx)
    }
}

/// The atomic CPU's execution context for one instruction.
struct Xc<'a, 'b, I: Isa> {
    core: &'a mut Core<I>,
    ctx: &'a mut Ctx<'b>,
    pc: u64,
    next_pc: u64,
    stop: bool,
    result: Option<u64>,
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

impl<I: Isa> ExecContext for Xc<'_, '_, I> {
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
        self.core.regs.read_misc(idx)
    }
    #[inline]
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        self.core.regs.set_misc(idx, v)
    }
    fn read_counter(&self, counter: PerfCounter) -> u64 {
        let period = self.core.domain.period.0;
        let now = self.ctx.now().0 + self.core.cycle_base * period;
        match counter {
            PerfCounter::Cycles => now / period,
            PerfCounter::Instructions => self.core.insts_total,
            PerfCounter::Time => now / 1000,
        }
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
        self.core.load(addr.0, size, self.ctx)
    }
    #[inline(always)]
    fn write_mem(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        _flags: MemFlags,
    ) -> Result<(), Fault> {
        self.core.store(addr.0, size, data, self.ctx)
    }
    fn read_mem_bytes(
        &mut self,
        addr: Addr,
        buf: &mut [u8],
        _flags: MemFlags,
    ) -> Result<(), Fault> {
        self.core.read_virt(addr.0, buf, MemAccess::Load, self.ctx)
    }
    fn write_mem_bytes(&mut self, addr: Addr, data: &[u8], _flags: MemFlags) -> Result<(), Fault> {
        self.core.write_virt(addr.0, data, self.ctx)
    }
    fn amo_mem(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        _flags: MemFlags,
    ) -> Result<u64, Fault> {
        check_aligned(addr.0, size, MemAccess::Store)?;
        // Check write permission first so a read-only page faults as a store.
        self.core.translate(addr.0, MemAccess::Store)?;
        let old = self.core.load(addr.0, size, self.ctx)?;
        self.core
            .store(addr.0, size, op.apply(old, operand, size), self.ctx)?;
        Ok(old)
    }
    fn load_reserved(&mut self, addr: Addr, size: usize, _flags: MemFlags) -> Result<u64, Fault> {
        check_aligned(addr.0, size, MemAccess::Load)?;
        let v = self.core.load(addr.0, size, self.ctx)?;
        self.core.reservation = Some(addr.0);
        Ok(v)
    }
    fn store_conditional(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        _flags: MemFlags,
    ) -> Result<bool, Fault> {
        check_aligned(addr.0, size, MemAccess::Store)?;
        let ok = self.core.reservation.take() == Some(addr.0);
        if ok {
            self.core.store(addr.0, size, data, self.ctx)?;
        }
        Ok(ok)
    }
    fn initiate_mem_read(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<(), Fault> {
        // The atomic CPU only uses `execute`; a timing split here is a contract bug.
        let _ = (addr, size, flags);
        Err(Fault::IllegalInst {
            pc: Addr(self.pc),
            raw: 0,
            reason: "split memory access on the atomic CPU",
        })
    }
    fn initiate_mem_write(
        &mut self,
        _addr: Addr,
        _size: usize,
        _data: u64,
        _flags: MemFlags,
    ) -> Result<(), Fault> {
        Err(Fault::IllegalInst {
            pc: Addr(self.pc),
            raw: 0,
            reason: "split memory access on the atomic CPU",
        })
    }
    fn initiate_mem_amo(
        &mut self,
        _a: Addr,
        _s: usize,
        _op: AmoOp,
        _v: u64,
        _f: MemFlags,
    ) -> Result<(), Fault> {
        Err(Fault::IllegalInst {
            pc: Addr(self.pc),
            raw: 0,
            reason: "split memory access on the atomic CPU",
        })
    }
    fn syscall(&mut self) -> Result<(), Fault> {
        let now = Tick(self.ctx.now().0 + self.core.cycle_base * self.core.domain.period.0);
        let Some(os) = self.core.os.as_mut() else {
            return Err(Fault::IllegalInst {
                pc: Addr(self.pc),
                raw: 0,
                reason: "system call without an operating system",
            });
        };
        let out = os.syscall(&mut self.core.regs, self.next_pc, now);
        if out.flush_tlb {
            self.core.tlb.flush();
        }
        if out.flush_decode {
            self.core.decoded.flush();
        }
        if let Some(cause) = out.exit {
            self.ctx.exit(cause);
            return Err(Fault::Stop);
        }
        Ok(())
    }
    fn m5op(&mut self, func: u16, args: [u64; 6]) -> Result<u64, Fault> {
        let r = crate::cpu::m5::perform(func, args, &mut self.core.stats, self.ctx);
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
}

impl<I: Isa> Component for AtomicCpu<I> {
    fn type_name(&self) -> &'static str {
        "AtomicSimpleCPU"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("cpu_id".into(), json!(self.params.cpu_id)),
            ("isa".into(), json!(I::NAME)),
            ("clock".into(), json!(self.core.domain.period.0)),
            (
                "max_insts_any_thread".into(),
                json!(self.params.max_insts.unwrap_or(0)),
            ),
            ("simulate_data_stalls".into(), json!(false)),
            ("simulate_inst_stalls".into(), json!(false)),
            ("width".into(), json!(1)),
        ]
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![
            PortDecl::request("icache_port"),
            PortDecl::request("dcache_port"),
        ]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.core.backdoor = ctx.request_backdoor(DCACHE_PORT);
        let first = self.core.domain.next_edge(ctx.now());
        ctx.schedule(first, Priority::CPU_TICK, EV_TICK);
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        if code == EV_TICK && !self.halted {
            self.run(ctx);
        }
    }
    fn recv_timing_resp(&mut self, _port: u16, pkt: Packet, _ctx: &mut Ctx) -> Result<(), Packet> {
        // The atomic CPU never sends timing requests, so it never gets responses.
        Err(pkt)
    }
    fn recv_req_retry(&mut self, _port: u16, _ctx: &mut Ctx) {}
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.core.stats.visit(v);
    }
    fn reset_stats(&mut self) {
        self.core.stats = CpuStats::default();
    }
    fn committed(&self) -> Option<(u64, u64)> {
        Some((self.core.stats.num_insts, self.core.stats.num_insts))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
