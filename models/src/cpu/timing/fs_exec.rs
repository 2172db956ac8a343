//! The timing CPU in full system (see the seam in `sim_core::arch::system` and
//! [`crate::cpu::fs`]): the same fetch, execute and data requests as in syscall
//! emulation, plus what a hart needs at its instruction boundaries.
//!
//! ```text
//!  commit ─▶ fs_boundary: WFI? ─▶ sleep (no events) until a line changes or the timer deadline
//!               │ epochs moved? drop the software TLB / decoded instructions
//!               │ interrupt pending? take_trap ─▶ fetch at the handler one cycle later
//!               ▼
//!             fetch ─▶ execute (Xc with the full-system paths) ─▶ data request(s) ─▶ commit
//!  a translation miss anywhere ─▶ timing walk (`walk.rs`) ─▶ fetch or execute again
//!  a fault anywhere (fetch, decode, execute, walk) ─▶ take_trap ─▶ fetch one cycle later
//! ```
//!
//! Taking a trap costs one cycle, as on the atomic CPU, and the next fetch goes out
//! from an event: a handler that faults again does not recurse, and simulated time
//! moves on even when it faults forever. Sleeping time is not counted in
//! `numCycles`, as for an idle CPU in syscall emulation.
//!
//! Syscall emulation never comes here: the paths below are reached from `finish`,
//! `guest_fault`, the data-response fallback and events only when `Core::fs` is set,
//! and from `fetch_done` through one test of it.

use super::walk::Resume;
use super::{Status, TimingCpu, EV_FETCH};
use crate::cpu::exec_context::Xc;
use crate::cpu::fs::FsHart;
use sim_core::arch::{Fault, InstFlags, Isa, StaticInst, Trap};
use sim_core::component::Ctx;
use sim_core::event::Priority;
use sim_core::mem::{PacketPtr, ReqFlags};
use sim_core::Tick;

/// Event: the ISA's timer deadline (a sleeping hart's wake-up) may have passed.
pub(super) const EV_FS_TIMER: u64 = 3;

impl<I: Isa> TimingCpu<I> {
    /// Run the hart as a full system from `pc` with `regs` (before the
    /// simulation starts): privileged state, translation and interrupts come from
    /// `fs` (see [`crate::cpu::fs`]); there is no OS side. Page-table walks go
    /// through the data port as timing requests.
    pub fn start_full_system(&mut self, mut fs: FsHart<I::Regs>, regs: I::Regs, pc: u64) {
        fs.timing_walks = true;
        self.core.fs = Some(Box::new(fs));
        self.core.os = None;
        self.core.regs = regs;
        self.core.pc = pc;
        self.fetch.pc = pc;
        self.status = Status::Starting;
    }

    /// The full-system state of the hart, if it runs one.
    pub fn full_system(&self) -> Option<&FsHart<I::Regs>> {
        self.core.fs.as_deref()
    }

    /// An instruction boundary: sleep after a WFI, drop what the ISA's epochs
    /// invalidated, take a pending interrupt, or fetch the next instruction.
    #[cold]
    #[inline(never)]
    pub(super) fn fs_boundary(&mut self, ctx: &mut Ctx) {
        if self.core.fs.as_ref().is_some_and(|fs| fs.waiting) {
            return self.fs_sleep(ctx);
        }
        self.core.fs_sync_epochs();
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        let time = fs.timebase.count_at(ctx.now());
        if let Some(irq) = fs.sys.pending_interrupt(time) {
            self.core.pc = self.core.fs_take_trap(Trap::Interrupt(irq), self.core.pc);
            return self.fetch_after_trap(ctx);
        }
        self.start_fetch(ctx);
    }

    /// Execute the fetched instruction with the full-system paths (misc
    /// registers, system operations, `m5 readfile`): completely, up to its data
    /// request, or up to a page-table walk it needs (then again after it).
    #[cold]
    #[inline(never)]
    pub(super) fn fs_execute(&mut self, inst: I::Inst, flags: InstFlags, ctx: &mut Ctx) {
        let pc = self.fetch.pc;
        let mut xc = Xc::<I, true> {
            core: &mut self.core,
            ctx,
            pc,
            next_pc: pc.wrapping_add(inst.size() as u64),
            stop: false,
            result: None,
        };
        let memory = flags.0 & super::exec::MEMORY != 0;
        let r = if memory {
            inst.initiate_acc(&mut xc)
        } else {
            inst.execute(&mut xc)
        };
        let (next_pc, result) = (xc.next_pc, xc.result);
        if r.is_err() {
            if let Some(walk) = self.core.take_deferred_walk() {
                self.core.pending_access = None;
                return self.start_walk(walk, Resume::Execute(inst, flags), ctx);
            }
        }
        if memory {
            if let (Ok(()), Some(access)) = (&r, self.core.pending_access.as_mut()) {
                if access.fragments().iter().any(|f| f.host == 0) {
                    // Device registers: never cached (as on the atomic CPU).
                    access.flags = access.flags | ReqFlags::UNCACHEABLE;
                }
                return self.start_data(inst, pc, next_pc, ctx);
            }
            self.core.pending_access = None;
        }
        let outcome = super::exec::Outcome {
            pc,
            next_pc,
            result,
        };
        self.finish(&inst, outcome, &r, ctx);
    }

    /// A fault while fetching, decoding or executing (from `guest_fault`): a
    /// translation that needs a walk runs it and fetches again; any other fault
    /// is the guest's trap.
    #[inline(never)]
    pub(super) fn fs_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        self.data = None;
        self.core.pending_access = None;
        match self.core.take_deferred_walk() {
            Some(walk) => self.start_walk(walk, Resume::Refetch, ctx),
            None => self.fs_trap(f, ctx),
        }
    }

    /// Enter the trap for fault `f` of the instruction being fetched or executed.
    pub(super) fn fs_trap(&mut self, f: Fault, ctx: &mut Ctx) {
        let pc = self.fetch.pc;
        self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
        self.fetch_after_trap(ctx);
    }

    /// After a trap entry: fetch at the handler one cycle later, from an event.
    fn fetch_after_trap(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        self.count_cycles(now);
        let at = self
            .core
            .domain
            .next_edge(Tick(now.0 + self.core.domain.period().0));
        self.status = Status::Starting;
        ctx.schedule(at, Priority::CPU_TICK, EV_FETCH);
    }

    /// A data-port response that is not a data access's: the walker's.
    #[cold]
    #[inline(never)]
    pub(super) fn other_data_response(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        if self.walker.busy() {
            self.walk_response(pkt, ctx);
        } else {
            self.recycle(pkt);
        }
    }

    /// After a WFI: no events until a line changes ([`Self::fs_wakeup`]) or the
    /// ISA's timer deadline (an event then; a deadline already passed whose
    /// interrupt is disabled wakes nothing).
    fn fs_sleep(&mut self, ctx: &mut Ctx) {
        self.status = Status::Idle;
        let fs = self.core.fs.as_ref().expect("a full-system CPU");
        if let Some(at) = fs.wake_event_at(ctx.now()) {
            ctx.schedule(at, Priority::CPU_TICK, EV_FS_TIMER);
        }
    }

    /// A device changed a line, or the timer deadline came (`timer`): a sleeping
    /// hart resumes at the next clock edge if the ISA says an interrupt is pending
    /// and enabled (it is taken at that boundary), else keeps sleeping.
    #[inline(never)]
    pub(super) fn fs_wakeup(&mut self, timer: bool, ctx: &mut Ctx) {
        if self.status != Status::Idle {
            return;
        }
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        if fs.try_wake(ctx.now()) {
            self.schedule_start(ctx);
        } else if timer && fs.waiting {
            // The deadline moved while asleep: wait for the new one.
            self.fs_sleep(ctx);
        }
    }
}
