//! The in-order CPU in full system (see the seam in `sim_core::arch::system` and
//! [`crate::cpu::fs`]): the same pipeline as in syscall emulation, plus what a
//! hart needs where Execute takes the next instruction.
//!
//! ```text
//!  plan_next ─▶ fs_boundary: WFI? ─▶ sleep (no events) until a line changes or the timer deadline
//!                  │ epochs moved? drop the software TLB / decoded instructions, refetch
//!                  │ interrupt pending? take_trap ─▶ squash, Fetch1 restarts at the handler
//!                  ▼
//!               decode ─▶ issue ─▶ execute (Xc with the full-system paths) ─▶ commit
//!  a fault (fetch, decode, execute) ─▶ take_trap ─▶ squash, Fetch1 restarts at the handler
//! ```
//!
//! Execute runs the committed path only, in program order, so interrupts and
//! faults are precise without undoing anything: the boundary before an
//! instruction is the point where everything older has executed.
//!
//! Page-table walks go through `dcache_port` as timing requests (the shared
//! [`TimingWalker`](crate::cpu::walker::TimingWalker)) and only for the
//! committed path: Fetch1 translates its lines through the software TLB and
//! stops its stream at a miss or fault; Execute, reaching that line (or an
//! instruction whose data access misses), runs the walk while the pipeline
//! waits, then starts again at the instruction with the translation cached
//! (the front end refetches, as after a squash), or takes the fault's trap.
//! Sleeping time is not counted in `numCycles`.

use super::{MinorCpu, Status, Wait};
use crate::cpu::exec_context::Xc;
use crate::cpu::fs::FsHart;
use crate::cpu::walker::WalkNext;
use sim_core::arch::{ExecContext, Fault, Isa, MemAccess, StaticInst, Trap};
use sim_core::component::Ctx;
use sim_core::event::Priority;

/// Event: the ISA's timer deadline (a sleeping hart's wake-up) may have passed.
pub(super) const EV_FS_TIMER: u64 = 5;

/// Tag of the walker's requests on `dcache_port` (data accesses use fragment
/// indices, the load/store queue its own high bits).
pub(super) const TAG_WALK: u64 = 1 << 60;

/// What an instruction does in Execute: all of it, the first half of a memory
/// access, or its second half with the value memory returned.
#[derive(Copy, Clone)]
pub(super) enum Step {
    Execute,
    Initiate,
    Complete(u64),
}

/// What a step left: its result, where execution continues, the last register
/// value written (for the `Exec` trace).
pub(super) struct Stepped {
    pub r: Result<(), Fault>,
    pub next_pc: u64,
    pub result: Option<u64>,
}

fn run_step<I: Isa, X: ExecContext>(inst: &I::Inst, xc: &mut X, step: Step) -> Result<(), Fault> {
    match step {
        Step::Execute => inst.execute(xc),
        Step::Initiate => inst.initiate_acc(xc),
        Step::Complete(v) => inst.complete_acc(xc, v),
    }
}

impl<I: Isa> MinorCpu<I> {
    /// Run the hart as a full system from `pc` with `regs` (before the simulation
    /// starts): privileged state, translation and interrupts come from `fs`;
    /// there is no OS side.
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

    /// Execute `step` of `inst` at `pc` (continuing at `next_pc` unless it
    /// redirects), with the full-system paths when the CPU runs a full system.
    #[inline(always)]
    pub(super) fn step(
        &mut self,
        inst: &I::Inst,
        pc: u64,
        next_pc: u64,
        step: Step,
        ctx: &mut Ctx,
    ) -> Stepped {
        if self.core.fs.is_some() {
            let mut xc = Xc::<I, true> {
                core: &mut self.core,
                ctx,
                pc,
                next_pc,
                stop: false,
                result: None,
            };
            let r = run_step::<I, _>(inst, &mut xc, step);
            return Stepped {
                r,
                next_pc: xc.next_pc,
                result: xc.result,
            };
        }
        let mut xc = Xc::new(&mut self.core, ctx, pc, inst.size());
        xc.next_pc = next_pc;
        let r = run_step::<I, _>(inst, &mut xc, step);
        Stepped {
            r,
            next_pc: xc.next_pc,
            result: xc.result,
        }
    }

    /// The boundary before Execute takes the instruction at the PC: sleep after
    /// a WFI, drop (and refetch) what the ISA's epochs invalidated, take a
    /// pending interrupt. True to go on with the instruction.
    #[cold]
    #[inline(never)]
    pub(super) fn fs_boundary(&mut self, ctx: &mut Ctx) -> bool {
        if self.core.fs.as_ref().is_some_and(|fs| fs.waiting) {
            self.fs_sleep(ctx);
            return false;
        }
        let retranslated = self.core.fs_sync_epochs();
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        let time = fs.timebase.count_at(ctx.now());
        if let Some(irq) = fs.sys.pending_interrupt(time) {
            self.core.pc = self.core.fs_take_trap(Trap::Interrupt(irq), self.core.pc);
            self.restart_after_trap(ctx);
            return false;
        }
        if retranslated {
            // New translations: the lines Fetch1 fetched ahead are stale.
            let now = self.cycle_of(ctx.now());
            self.squash_all(now, ctx);
        }
        true
    }

    /// A fault while fetching, decoding or executing in full system: the
    /// guest's trap, taken at the faulting instruction.
    #[cold]
    #[inline(never)]
    pub(super) fn fs_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        if let Some(walk) = self.core.take_deferred_walk() {
            let pc = self.core.pc;
            let next = self.walker.start(&mut self.core, walk, (), pc);
            return self.walk_next(next, ctx);
        }
        let pc = self.core.pc;
        self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
        self.restart_after_trap(ctx);
    }

    /// After a trap entry: the pipeline starts again at the handler one cycle
    /// later (from an event, so a handler that faults again does not recurse).
    fn restart_after_trap(&mut self, ctx: &mut Ctx) {
        let next = self.cycle_of(ctx.now()) + 1;
        self.squash_all(next, ctx);
        self.wait = Wait::FetchCycle;
        ctx.schedule(self.tick_of(next), Priority::CPU_TICK, super::EV_RESUME);
    }

    /// After a WFI: no events until a line changes ([`Self::fs_wakeup`]) or the
    /// ISA's timer deadline (an event then).
    fn fs_sleep(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        self.forget_pending_loads(self.cycle_of(now));
        self.status = Status::Sleeping;
        self.wait = Wait::Nothing;
        self.fetch1_halt();
        let fs = self.core.fs.as_ref().expect("a full-system CPU");
        if let Some(at) = fs.wake_event_at(now) {
            ctx.schedule(at, Priority::CPU_TICK, EV_FS_TIMER);
        }
    }

    /// A device changed a line, or the timer deadline came (`timer`): a sleeping
    /// hart resumes at the next clock edge if the ISA says an interrupt is
    /// pending and enabled (taken at that boundary), else keeps sleeping.
    #[inline(never)]
    pub(super) fn fs_wakeup(&mut self, timer: bool, ctx: &mut Ctx) {
        if self.status != Status::Sleeping {
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

    /// Fetch1's stream stopped at `from`, the line Execute needs next (at cycle
    /// `now`): translate it for Execute. A fault or a walk to run is left in
    /// `fetch_fault` for `plan_next`; with the translation cached the stream
    /// starts again.
    pub(super) fn fs_translate_stopped(&mut self, from: u64, now: u64, ctx: &mut Ctx) {
        match self.core.translate(from, MemAccess::Fetch) {
            Err(f) => self.fetch_fault = Some(f),
            Ok(_) => {
                self.fetch1_restart(from, now, ctx);
                self.fetch1_step(ctx);
            }
        }
    }

    /// Send the walk's next request, or end it: with the translation cached the
    /// pipeline starts again at the instruction that needed it; a fault is its
    /// trap.
    fn walk_next(&mut self, next: WalkNext<()>, ctx: &mut Ctx) {
        match next {
            WalkNext::Send(mut pkt) => {
                pkt.tag = TAG_WALK;
                self.wait = Wait::Walk;
                self.dsend(pkt, ctx);
            }
            WalkNext::Done {
                walk,
                result: Ok(pa),
                ..
            } => {
                self.core.fs_fill_tlb(walk.vaddr.0, walk.access, pa.0);
                let now = self.cycle_of(ctx.now());
                self.squash_all(now, ctx);
                self.wait = Wait::Nothing;
                self.advance(ctx);
            }
            WalkNext::Done { result: Err(f), .. } => {
                let pc = self.core.pc;
                self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
                self.restart_after_trap(ctx);
            }
        }
    }

    /// A response to the walker's request.
    pub(super) fn walk_response(&mut self, ctx: &mut Ctx) {
        let pc = self.core.pc;
        if let Some(next) = self.walker.response(&mut self.core, pc) {
            self.walk_next(next, ctx);
        }
    }
}
