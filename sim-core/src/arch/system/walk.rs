//! Address translation results and the page-table walk as a state machine.
//!
//! A walk is a sequence of memory requests the CPU issues on the ISA's behalf:
//!
//! ```text
//!   translate(va) ─▶ Walk(state) ─▶ walk_step(state, _) ─▶ Read { paddr }       ─┐
//!                                   walk_step(state, pte) ◀── value from memory ◀─┘
//!                                   ...                 ─▶ CompareSwap { .. }   (A/D update)
//!                                   walk_step(state, old) ─▶ Done(Ok(pa) | Err(fault))
//! ```
//!
//! Atomic and functional CPUs run the loop at once ([`run_walk`]); timing and
//! detailed CPUs send each step as a request through their data port and resume the
//! walk when the response arrives, so walks contend in caches like any access.

use super::PrivLevel;
use crate::arch::{Fault, MemAccess};
use crate::Addr;

/// The outcome of [`ArchSystem::translate`](super::ArchSystem::translate).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Translation {
    /// Translated (TLB hit or no translation), or a fault the guest takes.
    Done(Result<Addr, Fault>),
    /// A TLB miss: run this walk with [`ArchSystem::walk_step`](super::ArchSystem::walk_step).
    Walk(WalkState),
}

/// The state of one page-table walk. The ISA defines what the fields hold between
/// steps; the CPU only stores the value while a request is in flight.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct WalkState {
    /// The address being translated.
    pub vaddr: Addr,
    /// The access that needs it.
    pub access: MemAccess,
    /// Bytes accessed.
    pub size: u32,
    /// Effective privilege of the access.
    pub privilege: PrivLevel,
    /// Current level of the table tree (ISA-defined numbering).
    pub level: i8,
    /// Base address of the table being read at `level`.
    pub table: Addr,
    /// Address of the last descriptor requested.
    pub pte_addr: Addr,
    /// The last descriptor read.
    pub pte: u64,
    /// ISA-defined facts fixed at the start (translation mode, status bits).
    pub aux: u64,
    /// Steps taken so far (the ISA uses it to tell the first call and to bound retries).
    pub steps: u16,
}

impl WalkState {
    /// A walk of `vaddr` that has not issued anything yet.
    pub fn new(vaddr: Addr, access: MemAccess, size: u32, privilege: PrivLevel) -> Self {
        WalkState {
            vaddr,
            access,
            size,
            privilege,
            level: 0,
            table: Addr(0),
            pte_addr: Addr(0),
            pte: 0,
            aux: 0,
            steps: 0,
        }
    }
}

/// The next thing a walk needs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum WalkStep {
    /// Read `size` bytes (little-endian) at physical `paddr`; pass the value to
    /// the next `walk_step`.
    Read {
        /// Physical address of the descriptor.
        paddr: Addr,
        /// Descriptor size in bytes.
        size: u8,
    },
    /// Atomically replace the `size`-byte value at `paddr` with `new` if it still
    /// equals `expected` (an atomic compare-and-swap request); pass the old value
    /// to the next `walk_step`.
    CompareSwap {
        /// Physical address of the descriptor.
        paddr: Addr,
        /// Descriptor size in bytes.
        size: u8,
        /// Value the descriptor must still hold.
        expected: u64,
        /// Value to store.
        new: u64,
    },
    /// The walk is over: the physical address, or the fault the access takes.
    Done(Result<Addr, Fault>),
}

/// Run a walk to its end at once (atomic and functional CPUs): `step` advances it
/// (the CPU passes `|w, r| sys.walk_step(w, r)`), `mem` performs each
/// [`WalkStep::Read`] or [`WalkStep::CompareSwap`] and returns the value read (the
/// old value for a compare-and-swap).
pub fn run_walk(
    mut walk: WalkState,
    mut step: impl FnMut(&mut WalkState, u64) -> WalkStep,
    mut mem: impl FnMut(&WalkStep) -> u64,
) -> Result<Addr, Fault> {
    let mut reply = 0;
    loop {
        match step(&mut walk, reply) {
            WalkStep::Done(r) => return r,
            s => reply = mem(&s),
        }
    }
}
