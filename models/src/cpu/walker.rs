//! The page-table walker of the timing-driven CPUs in full system (timing, minor):
//! each descriptor access of the ISA's walk goes out as a timing request on the
//! CPU's data port, so walks take the time of the L1D, L2 and memory they reach and
//! show in their stats, and the walk goes on when the response comes back.
//!
//! ```text
//!   translation misses ─▶ take_deferred_walk ─▶ start ─▶ walk_step ─▶ Read ─────▶ ReadReq  ─┐
//!   (fetch or execute)                                     ▲          CompareSwap ▶ SwapReq ─┤ dcache_port
//!                                                          └── response: value ◀────────────┘
//!                                  Done(Ok(pa)) ─▶ the CPU fills the software TLB and
//!                                                  repeats what needed the walk
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
//!
//! The walker knows nothing of the CPU: it hands back the request to send, or the
//! walk's end with what the CPU asked to resume (`T`).

use super::core::Core;
use sim_core::arch::{Fault, Isa, WalkState, WalkStep};
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::stats::{StatVisitor, Unit};
use sim_core::Addr;

/// A walk with a descriptor request in flight.
#[derive(Copy, Clone)]
struct InFlight<T> {
    walk: WalkState,
    /// The step whose request is in flight.
    step: WalkStep,
    /// Host pointer of the descriptor it reads or updates.
    host: usize,
    resume: T,
}

/// Statistics of the walker (`system.cpu.walker.*`).
#[derive(Clone, Copy, Default)]
struct WalkerStats {
    walks: u64,
    reads: u64,
    updates: u64,
}

/// What the CPU does next for a walk.
pub(crate) enum WalkNext<T> {
    /// Send this descriptor request on the data port (its response goes to
    /// [`TimingWalker::response`]).
    Send(Packet),
    /// The walk is over: `Ok` with the physical address (the CPU fills its
    /// software TLB and repeats `resume`), or the fault the access takes.
    Done {
        walk: WalkState,
        result: Result<Addr, Fault>,
        resume: T,
    },
}

/// The walker's state: at most one walk, since the CPU waits for it.
pub(crate) struct TimingWalker<T> {
    inflight: Option<InFlight<T>>,
    stats: WalkerStats,
}

impl<T> Default for TimingWalker<T> {
    fn default() -> Self {
        TimingWalker {
            inflight: None,
            stats: WalkerStats::default(),
        }
    }
}

impl<T: Copy> TimingWalker<T> {
    /// True while a descriptor request is in flight.
    pub fn busy(&self) -> bool {
        self.inflight.is_some()
    }

    /// Start `walk` (left by a failed translation at `pc`); `resume` comes back
    /// when it is over.
    pub fn start<I: Isa>(
        &mut self,
        core: &mut Core<I>,
        walk: WalkState,
        resume: T,
        pc: u64,
    ) -> WalkNext<T> {
        self.stats.walks += 1;
        self.advance(core, walk, resume, 0, pc)
    }

    /// Ask the ISA for the walk's next step (`reply`: the value the last
    /// request returned): its request, or the walk's end.
    fn advance<I: Isa>(
        &mut self,
        core: &mut Core<I>,
        mut walk: WalkState,
        resume: T,
        reply: u64,
        pc: u64,
    ) -> WalkNext<T> {
        let fs = core.fs.as_mut().expect("a full-system CPU");
        let step = fs.sys.walk_step(&mut walk, reply);
        let (paddr, size, cmd) = match step {
            WalkStep::Done(result) => {
                return WalkNext::Done {
                    walk,
                    result,
                    resume,
                }
            }
            WalkStep::Read { paddr, size } => (paddr, size, MemCmd::ReadReq),
            WalkStep::CompareSwap { paddr, size, .. } => (paddr, size, MemCmd::SwapReq),
        };
        let host = core.backdoor_host(paddr.0, size as usize);
        if host == 0 || size as usize > 8 {
            // A descriptor outside memory: the access faults (RISC-V 4.3.2 step 2).
            let result = Err(Fault::AccessFault {
                addr: walk.vaddr,
                access: walk.access,
            });
            return WalkNext::Done {
                walk,
                result,
                resume,
            };
        }
        match cmd {
            MemCmd::ReadReq => self.stats.reads += 1,
            _ => self.stats.updates += 1,
        }
        self.inflight = Some(InFlight {
            walk,
            step,
            host,
            resume,
        });
        let flags = ReqFlags::TIMING_ONLY;
        let mut pkt = Packet::command(cmd, paddr, size as usize, flags, core.requestor);
        pkt.pc = pc;
        WalkNext::Send(pkt)
    }

    /// The response to the walk's request: perform the descriptor access now
    /// (see the module documentation) and go on with the walk. None if no walk
    /// waits for it.
    pub fn response<I: Isa>(&mut self, core: &mut Core<I>, pc: u64) -> Option<WalkNext<T>> {
        let w = self.inflight.take()?;
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
                core.monitor.observe_store(paddr.0, size);
            }
        }
        Some(self.advance(core, w.walk, w.resume, old, pc))
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
