//! The in-flight instruction (gem5's `DynInst`) and the ring that holds every
//! instruction between fetch and commit, indexed by sequence number.
//!
//! ```text
//!   seq:  head ........ dispatch_next .. rename_next .. decode_next .. tail
//!         └─ ROB (renamed) ───────────────────────┘└ renamed-not-dispatched is
//!            in the ROB too ┘                       └ fetch queue / decode ┘
//! ```
//! A slot is `seq & (capacity - 1)`; nothing moves once fetched, stages only
//! advance their pointers, and a squash cuts the tail back.

use crate::cpu::access::DataAccess;
use sim_core::arch::{Fault, InstFlags, RegId};

/// No physical register (misc registers, which are not renamed).
pub(super) const NO_PHYS: u16 = u16::MAX;
/// Cycle of a stage an instruction has not reached.
pub(super) const NEVER: u64 = u64::MAX;

/// How an instruction executes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum ExecKind {
    /// Out of order, on its physical registers, from the issue queue.
    Ordinary,
    /// A load or store through the LSQ.
    Memory,
    /// At the ROB head with nothing older in flight, on the architectural
    /// state (serializing and non-speculative instructions, fences, LR/SC,
    /// AMOs); rename holds younger instructions back until it commits.
    AtHead,
    /// Carries a fetch or decode fault, taken if it reaches commit.
    FaultOnly,
}

/// Where a memory instruction is in the LSQ.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum MemState {
    /// Not executed yet (or not a memory instruction).
    Idle,
    /// Address known; waiting for an older store to write a partly
    /// overlapping value to memory (gem5 replays such loads).
    Blocked,
    /// A load from a device (full system): sent once it is the ROB head.
    Uncached,
    /// Request(s) sent; responses outstanding.
    InFlight,
    /// Value obtained (loads) or address and data known (stores).
    Done,
}

/// Ticks an instruction passed each stage, for the O3PipeView trace.
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct StageTicks {
    pub fetch: u64,
    pub decode: u64,
    pub rename: u64,
    pub dispatch: u64,
    pub issue: u64,
    pub complete: u64,
}

/// One in-flight instruction.
#[derive(Clone, Debug)]
pub(super) struct DynInst<T> {
    pub seq: u64,
    /// Unique over the run (sequence numbers are reused after a squash):
    /// what wake-ups, responses and replays check the slot against.
    pub uid: u64,
    /// The decoded instruction (`None` for a fetch fault).
    pub inst: Option<T>,
    pub flags: InstFlags,
    pub kind: ExecKind,
    pub pc: u64,
    pub size: u8,
    /// Next PC fetch predicted.
    pub pred_next: u64,
    /// Next PC once executed.
    pub next_pc: u64,
    /// Cycle the instruction left each front-end stage (for the delays).
    pub fetch_cycle: u64,
    pub decode_cycle: u64,
    pub rename_cycle: u64,
    /// Cycle its result is ready / it is complete (`NEVER` before).
    pub done_cycle: u64,
    pub ticks: StageTicks,
    /// Source operands: architectural register and physical register.
    pub nsrc: u8,
    pub src: [RegId; 8],
    pub src_phys: [u16; 8],
    /// Destinations: architectural, new physical, previous physical.
    pub ndst: u8,
    pub dst: [RegId; 8],
    pub dst_phys: [u16; 8],
    pub dst_prev: [u16; 8],
    /// Sources not produced yet, and the cycle the produced ones are ready.
    pub pending: u8,
    pub ready_at: u64,
    pub in_iq: bool,
    pub issued: bool,
    pub fault: Option<Fault>,
    /// Misc-register reads and writes of an ordinary instruction (applied at
    /// commit, see `xc`): (index, value).
    pub misc_reads: [(u16, u64); 2],
    pub misc_writes: [(u16, u64); 2],
    pub n_misc_reads: u8,
    pub n_misc_writes: u8,
    /// Memory: the translated access, its virtual address and state.
    pub access: Option<DataAccess>,
    pub vaddr: u64,
    pub mem_size: u8,
    pub mem: MemState,
    pub outstanding: u8,
    pub resp: [u8; 8],
    /// A load's value came from an older store.
    pub forwarded: bool,
    /// Sequence number of the store a blocked load waits for, or that a
    /// load is predicted to depend on (store sets).
    pub wait_store: u64,
    /// Loads waiting for this store to issue (store-set dependences).
    pub mem_waiters: Vec<(u16, u64)>,
    /// A committed store's request went out / its response came back.
    pub store_sent: bool,
    pub store_written: bool,
    pub committed: bool,
    /// An at-head system call ended the process.
    pub process_ended: bool,
}

impl<T: Copy> DynInst<T> {
    pub fn empty() -> Self {
        DynInst {
            seq: u64::MAX,
            uid: u64::MAX,
            inst: None,
            flags: InstFlags::NONE,
            kind: ExecKind::Ordinary,
            pc: 0,
            size: 0,
            pred_next: 0,
            next_pc: 0,
            fetch_cycle: 0,
            decode_cycle: NEVER,
            rename_cycle: NEVER,
            done_cycle: NEVER,
            ticks: StageTicks::default(),
            nsrc: 0,
            src: [RegId::int(0); 8],
            src_phys: [NO_PHYS; 8],
            ndst: 0,
            dst: [RegId::int(0); 8],
            dst_phys: [NO_PHYS; 8],
            dst_prev: [NO_PHYS; 8],
            pending: 0,
            ready_at: 0,
            in_iq: false,
            issued: false,
            fault: None,
            misc_reads: [(0, 0); 2],
            misc_writes: [(0, 0); 2],
            n_misc_reads: 0,
            n_misc_writes: 0,
            access: None,
            vaddr: 0,
            mem_size: 0,
            mem: MemState::Idle,
            outstanding: 0,
            resp: [0; 8],
            forwarded: false,
            wait_store: u64::MAX,
            mem_waiters: Vec::new(),
            store_sent: false,
            store_written: false,
            committed: false,
            process_ended: false,
        }
    }

    /// Reset the slot for a newly fetched instruction (keeps allocations).
    #[allow(clippy::too_many_arguments)]
    pub fn refill(
        &mut self,
        seq: u64,
        uid: u64,
        inst: Option<T>,
        flags: InstFlags,
        kind: ExecKind,
        pc: u64,
        size: u8,
        cycle: u64,
        tick: u64,
    ) {
        let waiters = std::mem::take(&mut self.mem_waiters);
        *self = DynInst::empty();
        self.mem_waiters = waiters;
        self.mem_waiters.clear();
        self.seq = seq;
        self.uid = uid;
        self.inst = inst;
        self.flags = flags;
        self.kind = kind;
        self.pc = pc;
        self.size = size;
        self.pred_next = pc.wrapping_add(size as u64);
        self.next_pc = self.pred_next;
        self.fetch_cycle = cycle;
        self.ticks.fetch = tick;
    }

    /// True for loads handled by the LSQ.
    #[inline]
    pub fn is_load(&self) -> bool {
        self.kind == ExecKind::Memory && self.flags.has(InstFlags::LOAD)
    }

    /// True for stores handled by the LSQ.
    #[inline]
    pub fn is_store(&self) -> bool {
        self.kind == ExecKind::Memory && self.flags.has(InstFlags::STORE)
    }
}

/// A fixed ring of sequence numbers (the LQ and SQ), oldest first.
#[derive(Clone, Debug)]
pub(super) struct SeqRing {
    buf: Vec<u64>,
    head: usize,
    len: usize,
}

impl SeqRing {
    pub fn new(cap: usize) -> Self {
        SeqRing {
            buf: vec![0; cap.max(1)],
            head: 0,
            len: 0,
        }
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }
    #[inline]
    pub fn is_full(&self) -> bool {
        self.len == self.buf.len()
    }
    #[inline]
    pub fn push(&mut self, seq: u64) {
        debug_assert!(!self.is_full());
        let i = (self.head + self.len) % self.buf.len();
        self.buf[i] = seq;
        self.len += 1;
    }
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        self.buf[(self.head + i) % self.buf.len()]
    }
    #[inline]
    pub fn front(&self) -> Option<u64> {
        (self.len > 0).then(|| self.buf[self.head])
    }
    #[inline]
    pub fn back(&self) -> Option<u64> {
        (self.len > 0).then(|| self.get(self.len - 1))
    }
    pub fn pop_front(&mut self) {
        self.head = (self.head + 1) % self.buf.len();
        self.len -= 1;
    }
    pub fn pop_back(&mut self) {
        self.len -= 1;
    }
}
