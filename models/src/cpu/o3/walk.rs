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
//! path). As on the timing CPU, descriptors move through the backdoor when the
//! response arrives (`TIMING_ONLY` requests) and an accessed/dirty-bit update is
//! a `SwapReq` whose compare-and-swap happens in the event that handles its
//! response; the walker shares the data port, so the L1D caches descriptors.

use super::O3Cpu;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{Fault, Isa, MemAccess, Translation, Trap, WalkState, WalkStep};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::stats::{StatVisitor, Unit};
use sim_core::Addr;

/// Tag of the walker's requests (data tags never end in two zero bits).
pub(super) const WALK_TAG: u64 = 0;

/// A walk with a descriptor request in flight.
#[derive(Copy, Clone)]
struct InFlight {
    walk: WalkState,
    /// The step whose request is in flight.
    step: WalkStep,
    /// Host pointer of the descriptor it reads or updates.
    host: usize,
}

/// The walker: at most one walk, for the ROB head.
#[derive(Default)]
pub(super) struct O3Walker {
    inflight: Option<InFlight>,
    walks: u64,
    reads: u64,
    updates: u64,
}

impl O3Walker {
    /// True while a descriptor request is in flight.
    pub fn busy(&self) -> bool {
        self.inflight.is_some()
    }

    /// Report the walker's statistics (`system.cpu.walker.*`, as the timing CPU's).
    pub fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.begin_group("walker");
        let c = Unit::Count;
        v.scalar("walks", self.walks as f64, "Page-table walks started", c);
        v.scalar(
            "reads",
            self.reads as f64,
            "Descriptor reads sent through the data port",
            c,
        );
        v.scalar(
            "updates",
            self.updates as f64,
            "Accessed/dirty-bit updates sent through the data port",
            c,
        );
        v.end_group();
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        (self.walks, self.reads, self.updates) = (0, 0, 0);
    }
}

impl<I: Isa> O3Cpu<I> {
    /// The head instruction's page fault at `addr` for `access`: translate
    /// again, walking through the data port if the ISA needs a walk.
    pub(super) fn walk_for_head(&mut self, addr: Addr, access: MemAccess, ctx: &mut Ctx) {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        match fs.sys.translate(addr, access, 1) {
            Translation::Done(r) => self.end_walk(addr, access, r),
            Translation::Walk(walk) => {
                self.walker.walks += 1;
                self.advance_walk(walk, 0, ctx);
            }
        }
    }

    /// Ask the ISA for the walk's next step (`reply`: the value the last request
    /// returned) and send its request, or end the walk.
    fn advance_walk(&mut self, mut walk: WalkState, reply: u64, ctx: &mut Ctx) {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        let step = fs.sys.walk_step(&mut walk, reply);
        let (paddr, size, cmd) = match step {
            WalkStep::Done(r) => return self.end_walk(walk.vaddr, walk.access, r),
            WalkStep::Read { paddr, size } => (paddr, size, MemCmd::ReadReq),
            WalkStep::CompareSwap { paddr, size, .. } => (paddr, size, MemCmd::SwapReq),
        };
        let host = self.core.backdoor_host(paddr.0, size as usize);
        if host == 0 || size as usize > 8 {
            // A descriptor outside memory: the access faults (RISC-V 4.3.2 step 2).
            let fault = Fault::AccessFault {
                addr: walk.vaddr,
                access: walk.access,
            };
            return self.end_walk(walk.vaddr, walk.access, Err(fault));
        }
        match cmd {
            MemCmd::ReadReq => self.walker.reads += 1,
            _ => self.walker.updates += 1,
        }
        self.walker.inflight = Some(InFlight { walk, step, host });
        let flags = ReqFlags::TIMING_ONLY;
        let mut pkt = Packet::command(cmd, paddr, size as usize, flags, self.core.requestor);
        pkt.pc = self.core.pc;
        pkt.tag = WALK_TAG;
        self.send(DCACHE_PORT, pkt, ctx);
    }

    /// The response to the walker's request (at a clock edge): perform the
    /// descriptor access now and go on with the walk.
    pub(super) fn walk_response(&mut self, ctx: &mut Ctx) {
        let Some(w) = self.walker.inflight.take() else {
            return;
        };
        let p = w.host as *mut u8;
        let (size, old) = match w.step {
            WalkStep::Read { size, .. } | WalkStep::CompareSwap { size, .. } => {
                let n = size as usize;
                let mut b = [0u8; 8];
                // SAFETY: the backdoor covers these `n` (at most 8) bytes (checked
                // when the request went out); the store outlives the CPU.
                unsafe { std::ptr::copy_nonoverlapping(p, b.as_mut_ptr(), n) };
                (n, u64::from_le_bytes(b))
            }
            WalkStep::Done(_) => unreachable!("no request goes out for a finished walk"),
        };
        if let WalkStep::CompareSwap {
            paddr,
            expected,
            new,
            ..
        } = w.step
        {
            if old == expected {
                let nb = new.to_le_bytes();
                // SAFETY: as above; harts run one event at a time.
                unsafe { std::ptr::copy_nonoverlapping(nb.as_ptr(), p, size) };
                self.core.monitor.observe_store(paddr.0, size);
            }
        }
        self.advance_walk(w.walk, old, ctx);
    }

    /// The walk is over: cache the translation and fetch again from the head,
    /// which now hits; or take the fault the walk found.
    fn end_walk(&mut self, vaddr: Addr, access: MemAccess, r: Result<Addr, Fault>) {
        let next = self.cycle + 1;
        match r {
            Ok(pa) => {
                self.core.fs_fill_tlb(vaddr.0, access, pa.0);
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
