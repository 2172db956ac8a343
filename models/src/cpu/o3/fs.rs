//! The out-of-order CPU in full system (see the seam in `sim_core::arch::system`
//! and [`crate::cpu::fs`]): everything speculative stays speculative, and what
//! changes the hart's privileged state happens at commit, on the precise state.
//!
//! ```text
//!  commit, each cycle: interrupt pending? ─ wait for the store queue ─▶ squash all,
//!                      │                    take_trap, fetch at the handler
//!                      ▼
//!  ROB head: fault? ─ wait for the store queue ─▶ squash all, take_trap, fetch at the handler
//!            (a page fault is a TLB miss first: walk through the data port, `walk.rs`)
//!            at-head (CSR, xRET, WFI, sfence.vma, fence.i, ecall, AMO, m5op):
//!            executes with the full-system paths ─▶ commit ─▶ epochs moved? drop the
//!            TLB / decoded instructions ─▶ refetch younger ─▶ WFI? sleep (no events)
//!            a load from a device: sent only once it is the head (side effects)
//!  wrong path: fetch and data translation faults ride on their instruction and are
//!              taken only if it commits; fetch stops at a faulting fetch
//! ```
//!
//! Page-table walks are timed and serve the committed path only (`walk.rs`).
//!
//! Traps and interrupts wait until the committed stores have reached memory
//! (gem5's commit waits the same way): the store queue forwards by virtual
//! address, which means nothing once the trap changed the privilege.
//!
//! Syscall emulation never comes here: each entry is behind a test of
//! `Core::fs` on a path that is cold or once a cycle.

use super::dyn_inst::{ExecKind, MemState};
use super::{O3Cpu, Status};
use crate::cpu::access::DataAccess;
use crate::cpu::core::Core;
use crate::cpu::exec_context::Xc;
use crate::cpu::fs::FsHart;
use sim_core::arch::{Fault, Isa, StaticInst, Trap};
use sim_core::component::Ctx;
use sim_core::event::Priority;
use sim_core::mem::ReqFlags;

/// Event: the ISA's timer deadline (a sleeping hart's wake-up) may have passed.
pub(super) const EV_FS_TIMER: u64 = 3;

/// Execute (`memory`: initiate) the at-head instruction `inst` at `pc` on the
/// architectural state, with the full-system paths when the CPU runs a full
/// system; returns its outcome and next PC.
pub(super) fn exec_at_head<I: Isa>(
    core: &mut Core<I>,
    ctx: &mut Ctx,
    pc: u64,
    inst: I::Inst,
    memory: bool,
) -> (Result<(), Fault>, u64) {
    fn run<I: Isa, const FS: bool>(
        core: &mut Core<I>,
        ctx: &mut Ctx,
        pc: u64,
        inst: I::Inst,
        memory: bool,
    ) -> (Result<(), Fault>, u64) {
        let mut xc = Xc::<I, FS> {
            core,
            ctx,
            pc,
            next_pc: pc.wrapping_add(inst.size() as u64),
            stop: false,
            result: None,
        };
        let r = if memory {
            inst.initiate_acc(&mut xc)
        } else {
            inst.execute(&mut xc)
        };
        (r, xc.next_pc)
    }
    if core.fs.is_some() {
        run::<I, true>(core, ctx, pc, inst, memory)
    } else {
        run::<I, false>(core, ctx, pc, inst, memory)
    }
}

/// Complete the at-head memory instruction `inst` at `pc` with `value`
/// (`next_pc` as its initiation left it); returns its outcome and next PC.
pub(super) fn complete_at_head<I: Isa>(
    core: &mut Core<I>,
    ctx: &mut Ctx,
    pc: u64,
    inst: I::Inst,
    next_pc: u64,
    value: u64,
) -> (Result<(), Fault>, u64) {
    fn run<I: Isa, const FS: bool>(
        core: &mut Core<I>,
        ctx: &mut Ctx,
        pc: u64,
        inst: I::Inst,
        next_pc: u64,
        value: u64,
    ) -> (Result<(), Fault>, u64) {
        let mut xc = Xc::<I, FS> {
            core,
            ctx,
            pc,
            next_pc,
            stop: false,
            result: None,
        };
        let r = inst.complete_acc(&mut xc, value);
        (r, xc.next_pc)
    }
    if core.fs.is_some() {
        run::<I, true>(core, ctx, pc, inst, next_pc, value)
    } else {
        run::<I, false>(core, ctx, pc, inst, next_pc, value)
    }
}

/// True if a piece of `access` is not RAM (device registers). Such pieces are
/// marked uncacheable, as the simple CPUs mark them.
pub(super) fn mark_device(access: &mut DataAccess) -> bool {
    if access.fragments().iter().any(|f| f.host == 0) {
        access.flags = access.flags | ReqFlags::UNCACHEABLE;
        true
    } else {
        false
    }
}

impl<I: Isa> O3Cpu<I> {
    /// Run the hart as a full system from `pc` with `regs` (before the
    /// simulation starts): privileged state, translation and interrupts come
    /// from `fs` (see [`crate::cpu::fs`]); there is no OS side.
    pub fn start_full_system(&mut self, mut fs: FsHart<I::Regs>, regs: I::Regs, pc: u64) {
        fs.timing_walks = true;
        self.core.fs = Some(Box::new(fs));
        self.core.os = None;
        self.core.regs = regs;
        self.core.pc = pc;
        self.status = Status::Running;
    }

    /// The full-system state of the hart, if it runs one.
    pub fn full_system(&self) -> Option<&FsHart<I::Regs>> {
        self.core.fs.as_deref()
    }

    /// True while committed stores have not reached memory (they are the
    /// oldest in the store queue; younger ones are still speculative).
    pub(super) fn committed_stores_pending(&self) -> bool {
        self.sq
            .front()
            .is_some_and(|s| self.ring[self.slot(s)].committed)
    }

    /// True while the head instruction has started an access that must not be
    /// repeated (an at-head instruction, a device load): no interrupt then.
    fn head_started(&self) -> bool {
        if self.walker.busy() {
            return true;
        }
        if self.head >= self.dispatch_next {
            return false;
        }
        let d = &self.ring[self.slot(self.head)];
        (d.kind == ExecKind::AtHead && d.issued)
            || (d.mem == MemState::InFlight
                && d.kind == ExecKind::Memory
                && d.access
                    .is_some_and(|a| a.fragments().iter().any(|f| f.host == 0)))
    }

    /// At the start of commit: take a pending interrupt at the instruction
    /// boundary before the head. True if commit must do nothing more this
    /// cycle (the interrupt was taken, or it waits for the store queue).
    #[inline(never)]
    pub(super) fn fs_interrupt(&mut self, ctx: &mut Ctx) -> bool {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        let time = fs.timebase.count_at(ctx.now());
        let Some(irq) = fs.sys.pending_interrupt(time) else {
            return false;
        };
        if self.head_started() {
            return false;
        }
        if self.committed_stores_pending() {
            // Commit nothing more: the committed stores drain, then the trap.
            self.stats.commit_non_spec_stalls += 1;
            return true;
        }
        self.core.pc = self.core.fs_take_trap(Trap::Interrupt(irq), self.core.pc);
        let next = self.cycle + self.params.trap_latency.max(1);
        self.restart_from_arch(next);
        true
    }

    /// The head instruction's fault `f` is the guest's trap: once the store
    /// queue has drained, squash everything and fetch at the handler. A page
    /// fault is first confirmed by a walk through the data port (`walk.rs`):
    /// translations that missed left it to be walked here.
    #[inline(never)]
    pub(super) fn fs_take_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        if self.walker.busy() || self.committed_stores_pending() {
            return; // commit tries again once the walk ends / the stores are in memory
        }
        if let Fault::PageFault { addr, access } = f {
            return self.walk_for_head(addr, access, ctx);
        }
        let pc = self.core.pc;
        self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
        let next = self.cycle + self.params.trap_latency.max(1);
        self.restart_from_arch(next);
    }

    /// After an at-head instruction committed: drop what the ISA's epochs
    /// invalidated; after a WFI, sleep. True if the CPU went to sleep.
    #[inline(never)]
    pub(super) fn fs_after_at_head(&mut self, ctx: &mut Ctx) -> bool {
        self.core.fs_sync_epochs();
        if self.core.fs.as_ref().is_some_and(|fs| fs.waiting) {
            self.fs_sleep(ctx);
            return true;
        }
        false
    }

    /// The load in `slot` reads a device: it waits to be the head (its read may
    /// have side effects). Marks device pieces uncacheable; true for such a load.
    #[inline(never)]
    pub(super) fn fs_device_access(&mut self, slot: usize) -> bool {
        let d = &mut self.ring[slot];
        let Some(a) = d.access.as_mut() else {
            return false;
        };
        if !mark_device(a) || !d.is_load() {
            return false;
        }
        d.mem = MemState::Uncached;
        true
    }

    /// The head is a device load waiting for its turn: send it once the
    /// committed stores are in memory (device accesses stay in program order).
    #[inline(never)]
    pub(super) fn fs_send_device_load(&mut self, slot: usize, ctx: &mut Ctx) {
        if !self.committed_stores_pending() {
            self.send_access(slot, ctx);
        }
    }

    /// After a WFI: no events until a line changes ([`Self::fs_wakeup`]) or the
    /// ISA's timer deadline (an event then). A deadline already reached or a
    /// line raised since the WFI executed wakes the hart at once. Sleeping
    /// cycles are not counted, as for an idle CPU in syscall emulation.
    fn fs_sleep(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        if fs.try_wake(now) {
            if self.status == Status::Asleep {
                self.start_thread(ctx);
            }
            return;
        }
        let wake_at = fs.wake_event_at(now);
        self.status = Status::Asleep;
        self.active_ticks += self.counted_to.0 - self.running_since.0;
        self.running_since = self.counted_to;
        if let Some(at) = wake_at {
            ctx.schedule(at, Priority::CPU_TICK, EV_FS_TIMER);
        }
    }

    /// A device changed a line, or the timer deadline came (`timer`): a sleeping
    /// hart resumes at the next clock edge if the ISA says an interrupt is
    /// pending and enabled (commit takes it), else keeps sleeping.
    pub(super) fn fs_wakeup(&mut self, timer: bool, ctx: &mut Ctx) {
        if self.status != Status::Asleep {
            return;
        }
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        if fs.try_wake(ctx.now()) {
            self.start_thread(ctx);
        } else if timer && fs.waiting {
            // The deadline moved while asleep: wait for the new one.
            self.fs_sleep(ctx);
        }
    }
}
