//! The timing CPU's page-table walker (full system): each descriptor access of
//! the ISA's walk goes out as a timing request on the data port, so walks take the
//! time of the L1D, L2 and memory they reach and show in their stats, and the walk
//! goes on when the response comes back.
//!
//! ```text
//!   translation misses ─▶ take_deferred_walk ─▶ walk_step ─▶ Read ─────▶ ReadReq  ─┐
//!   (fetch or execute)                             ▲          CompareSwap ▶ SwapReq ─┤ dcache_port
//!                                                  └── value at the response ◀──────┘
//!                                  Done(Ok(pa)) ─▶ fill the software TLB, repeat the
//!                                                  fetch or the instruction
//!                                  Done(Err(f)) ─▶ the instruction's trap
//! ```
//!
//! The requests are `TIMING_ONLY`: the descriptor's bytes move through the
//! backdoor when the response arrives, as for the CPU's own loads and stores, so a
//! read sees every store performed before it, whichever hart made it. An
//! accessed/dirty-bit update is a `SwapReq` (gem5's request for conditional swaps
//! and atomics: the caches fetch the line for writing) whose compare-and-swap is
//! performed through the backdoor in the one event that handles its response, so
//! no other hart can run between the comparison and the store; the store breaks
//! other harts' reservations as any store does. A descriptor outside the backdoor
//! (not RAM) ends the walk with an access fault, as on the atomic CPU.
//!
//! gem5's walkers have ports of their own, which its configs connect beside the
//! L1s (to the L2 bus) or to walker caches; here the walker shares the CPU's data
//! port, so descriptors are cached in and counted by the L1D.

use super::TimingCpu;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{Fault, InstFlags, Isa, WalkState, WalkStep};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::stats::{StatVisitor, Unit};
use sim_core::Addr;

/// What to repeat once a walk has filled the software TLB.
#[derive(Copy, Clone)]
pub(super) enum Resume<T> {
    /// Fetch the instruction at the PC again (from its first word).
    Refetch,
    /// Execute this instruction (with its flags) again.
    Execute(T, InstFlags),
}

/// A walk with a descriptor request in flight.
#[derive(Copy, Clone)]
struct InFlight<T> {
    walk: WalkState,
    /// The step whose request is in flight.
    step: WalkStep,
    /// Host pointer of the descriptor it reads or updates.
    host: usize,
    resume: Resume<T>,
}

/// Statistics of the walker (`system.cpu.walker.*`).
#[derive(Clone, Copy, Default)]
pub(super) struct WalkerStats {
    walks: u64,
    reads: u64,
    updates: u64,
}

/// The walker's state: at most one walk, since the CPU waits for it.
pub(super) struct Walker<T> {
    inflight: Option<InFlight<T>>,
    stats: WalkerStats,
}

impl<T> Default for Walker<T> {
    fn default() -> Self {
        Walker {
            inflight: None,
            stats: WalkerStats::default(),
        }
    }
}

impl<T> Walker<T> {
    /// True while a descriptor request is in flight.
    pub fn busy(&self) -> bool {
        self.inflight.is_some()
    }

    /// Report the walker's statistics.
    pub fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let s = &self.stats;
        v.begin_group("walker");
        let c = Unit::Count;
        v.scalar("walks", s.walks as f64, "Page-table walks started", c);
        v.scalar(
            "reads",
            s.reads as f64,
            "Descriptor reads sent through the data port",
            c,
        );
        v.scalar(
            "updates",
            s.updates as f64,
            "Accessed/dirty-bit updates sent through the data port",
            c,
        );
        v.end_group();
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        self.stats = WalkerStats::default();
    }
}

impl<I: Isa> TimingCpu<I> {
    /// Run `walk` (left by a failed translation), then `resume`.
    pub(super) fn start_walk(&mut self, walk: WalkState, resume: Resume<I::Inst>, ctx: &mut Ctx) {
        self.walker.stats.walks += 1;
        self.advance_walk(walk, resume, 0, ctx);
    }

    /// Ask the ISA for the walk's next step (`reply`: the value the last request
    /// returned) and send its request, or end the walk.
    fn advance_walk(
        &mut self,
        mut walk: WalkState,
        resume: Resume<I::Inst>,
        reply: u64,
        ctx: &mut Ctx,
    ) {
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        let step = fs.sys.walk_step(&mut walk, reply);
        let (paddr, size, cmd) = match step {
            WalkStep::Done(r) => return self.end_walk(walk, r, resume, ctx),
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
            return self.end_walk(walk, Err(fault), resume, ctx);
        }
        match cmd {
            MemCmd::ReadReq => self.walker.stats.reads += 1,
            _ => self.walker.stats.updates += 1,
        }
        self.walker.inflight = Some(InFlight {
            walk,
            step,
            host,
            resume,
        });
        let flags = ReqFlags::TIMING_ONLY;
        let mut pkt = Packet::command(cmd, paddr, size as usize, flags, self.core.requestor);
        pkt.pc = self.fetch.pc;
        self.send(DCACHE_PORT, pkt, ctx);
    }

    /// A data-port response while a walk waits for it: perform the descriptor
    /// access now (see the module documentation) and go on with the walk.
    pub(super) fn walk_response(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        self.recycle(pkt);
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
        self.advance_walk(w.walk, w.resume, old, ctx);
    }

    /// The walk is over: on success cache the translation and repeat what needed
    /// it; on a fault the instruction traps.
    fn end_walk(
        &mut self,
        walk: WalkState,
        r: Result<Addr, Fault>,
        resume: Resume<I::Inst>,
        ctx: &mut Ctx,
    ) {
        match r {
            Ok(pa) => {
                self.core.fs_fill_tlb(walk.vaddr.0, walk.access, pa.0);
                match resume {
                    Resume::Refetch => self.start_fetch(ctx),
                    Resume::Execute(inst, flags) => self.fs_execute(inst, flags, ctx),
                }
            }
            Err(f) => self.fs_trap(f, ctx),
        }
    }
}
