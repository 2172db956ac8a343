//! The O3CPU's page-table walker (full system): walks of the committed path,
//! each descriptor access a timing request on the data port, so walks take the
//! time of the L1D, L2 and memory they reach and show in their stats.
//!
//! ```text
//!  translation miss (fetch, load, store, at-head) ─▶ a page fault rides on the
//!     instruction (wrong-path ones die in squashes; nothing is walked for them)
//!  head with a page fault ─▶ translate again ─▶ Walk ─▶ walk_step ─▶ ReadReq / SwapReq ─┐
//!                                                          ▲                           │ dcache_port
//!                                                          └── value at the response ◀─┘
//!     Done(Ok) ─▶ fill the software TLB ─▶ squash, refetch from the head (it hits now)
//!     Done(Err(f)) ─▶ the guest's trap f
//! ```
//!
//! A page fault that is real is found the same way: the walk ends in it, after
//! the time its descriptor reads took. Loads and stores wait at the head for a
//! walk, which serializes TLB misses (gem5's walker also serves the predicted
//! path). The walker is the timing and minor CPUs' ([`crate::cpu::walker`]):
//! descriptors move through the backdoor when the response arrives and an
//! accessed/dirty-bit update is a `SwapReq`; it shares the data port, so the L1D
//! caches descriptors.

use super::O3Cpu;
use crate::cpu::walker::WalkNext;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{Fault, Isa, MemAccess, Translation, Trap};
use sim_core::component::Ctx;
use sim_core::Addr;

/// Tag of the walker's requests (data tags never end in two zero bits).
pub(super) const WALK_TAG: u64 = 0;

impl<I: Isa> O3Cpu<I> {
    /// The head instruction's page fault at `addr` for `access`: translate
    /// again, walking through the data port if the ISA needs a walk.
    pub(super) fn walk_for_head(&mut self, addr: Addr, access: MemAccess, ctx: &mut Ctx) {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        match fs.sys.translate(addr, access, 1) {
            Translation::Done(r) => self.end_walk(addr, access, r),
            Translation::Walk(walk) => {
                let pc = self.core.pc;
                let next = self.walker.start(&mut self.core, walk, (), pc);
                self.walk_next(next, ctx);
            }
        }
    }

    /// Send the walk's next request, or end it.
    fn walk_next(&mut self, next: WalkNext<()>, ctx: &mut Ctx) {
        match next {
            WalkNext::Send(mut pkt) => {
                pkt.tag = WALK_TAG;
                self.send(DCACHE_PORT, pkt, ctx);
            }
            WalkNext::Done { walk, result, .. } => self.end_walk(walk.vaddr, walk.access, result),
        }
    }

    /// The response to the walker's request (at a clock edge): go on with the walk.
    pub(super) fn walk_response(&mut self, ctx: &mut Ctx) {
        let pc = self.core.pc;
        if let Some(next) = self.walker.response(&mut self.core, pc) {
            self.walk_next(next, ctx);
        }
    }

    /// The walk is over: cache the translation and fetch again from the head,
    /// which now hits; or take the fault the walk found.
    fn end_walk(&mut self, vaddr: Addr, access: MemAccess, r: Result<Addr, Fault>) {
        match r {
            Ok(pa) => {
                self.core.fs_fill_tlb(vaddr.0, access, pa.0);
                let next = self.cycle + 1;
                self.restart_from_arch(next);
            }
            Err(f) => {
                let pc = self.core.pc;
                self.core.pc = self.core.fs_take_trap(Trap::Fault(f), pc);
                let next = self.cycle + self.params.trap_latency.max(1);
                self.restart_from_arch(next);
            }
        }
    }
}
