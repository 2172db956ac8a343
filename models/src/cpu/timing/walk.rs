//! The timing CPU's page-table walks (full system): the shared
//! [`TimingWalker`](crate::cpu::walker::TimingWalker) sends each descriptor
//! access through the data port; the CPU waits, then repeats the fetch or the
//! instruction that needed the walk, or takes its trap.

use super::TimingCpu;
use crate::cpu::walker::WalkNext;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{InstFlags, Isa, WalkState};
use sim_core::component::Ctx;
use sim_core::mem::PacketPtr;

/// What to repeat once a walk has filled the software TLB.
#[derive(Copy, Clone)]
pub(super) enum Resume<T> {
    /// Fetch the instruction at the PC again (from its first word).
    Refetch,
    /// Execute this instruction (with its flags) again.
    Execute(T, InstFlags),
}

impl<I: Isa> TimingCpu<I> {
    /// Run `walk` (left by a failed translation), then `resume`.
    pub(super) fn start_walk(&mut self, walk: WalkState, resume: Resume<I::Inst>, ctx: &mut Ctx) {
        let pc = self.fetch.pc;
        let next = self.walker.start(&mut self.core, walk, resume, pc);
        self.walk_next(next, ctx);
    }

    /// A data-port response while a walk waits for it.
    pub(super) fn walk_response(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        self.recycle(pkt);
        let pc = self.fetch.pc;
        if let Some(next) = self.walker.response(&mut self.core, pc) {
            self.walk_next(next, ctx);
        }
    }

    /// Send the walk's next request, or end it: on success cache the translation
    /// and repeat what needed it; on a fault the instruction traps.
    fn walk_next(&mut self, next: WalkNext<Resume<I::Inst>>, ctx: &mut Ctx) {
        match next {
            WalkNext::Send(pkt) => {
                self.send(DCACHE_PORT, pkt, ctx);
            }
            WalkNext::Done {
                walk,
                result: Ok(pa),
                resume,
            } => {
                self.core.fs_fill_tlb(walk.vaddr.0, walk.access, pa.0);
                match resume {
                    Resume::Refetch => self.start_fetch(ctx),
                    Resume::Execute(inst, flags) => self.fs_execute(inst, flags, ctx),
                }
            }
            WalkNext::Done { result: Err(f), .. } => self.fs_trap(f, ctx),
        }
    }
}
