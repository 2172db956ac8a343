//! Miss status holding registers: one entry per line being fetched from below,
//! holding the requests (targets) waiting for it.
//!
//! Entries and their target lists are allocated at construction, so a miss costs
//! no heap allocation. A target list starts with room for at most
//! [`PREALLOCATED_TARGETS`] and grows (once, and keeps its room) if more requests
//! wait for one line: preallocating `mshrs * tgts_per_mshr` targets would take
//! gigabytes at the parameters' upper limits (65536 each).

use sim_core::mem::PacketPtr;
use sim_core::Tick;

/// Targets of room each MSHR's list starts with (gem5's presets use 12 to 20).
pub const PREALLOCATED_TARGETS: usize = 32;

/// What a snoop that arrived while the miss was in service will do after the fill.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DeferredSnoop {
    /// Clear writable (M->O, E->S).
    Downgrade,
    /// Drop the line.
    Invalidate,
}

impl DeferredSnoop {
    /// Combine two deferred snoops: an invalidation wins.
    pub fn merge(self, other: DeferredSnoop) -> DeferredSnoop {
        if self == DeferredSnoop::Invalidate || other == DeferredSnoop::Invalidate {
            DeferredSnoop::Invalidate
        } else {
            DeferredSnoop::Downgrade
        }
    }
}

/// A request waiting for a line.
pub struct Target {
    /// The request from above, answered when the line arrives.
    pub pkt: PacketPtr,
    /// When it arrived (miss latency stats).
    pub recv_time: Tick,
}

/// One outstanding line miss.
pub struct Mshr {
    /// Line number being fetched.
    pub line: u64,
    /// Requests waiting, in arrival order.
    pub targets: Vec<Target>,
    /// Some target needs write permission.
    pub needs_writable: bool,
    /// The request went below and was accepted; snoops for the line are deferred.
    pub in_service: bool,
    /// Snoop to apply after the fill has served its targets.
    pub deferred: Option<DeferredSnoop>,
    /// Allocated by the prefetcher.
    pub is_prefetch: bool,
    /// When the entry was allocated (MSHR miss latency).
    pub alloc_time: Tick,
    valid: bool,
}

/// The MSHR file.
pub struct MshrQueue {
    entries: Vec<Mshr>,
    in_use: usize,
    tgts_per_mshr: usize,
}

impl MshrQueue {
    /// `n` entries of `tgts` targets each.
    pub fn new(n: usize, tgts: usize) -> Self {
        MshrQueue {
            entries: (0..n)
                .map(|_| Mshr {
                    line: 0,
                    targets: Vec::with_capacity(tgts.min(PREALLOCATED_TARGETS)),
                    needs_writable: false,
                    in_service: false,
                    deferred: None,
                    is_prefetch: false,
                    alloc_time: Tick(0),
                    valid: false,
                })
                .collect(),
            in_use: 0,
            tgts_per_mshr: tgts,
        }
    }

    /// Index of the entry for `line`, if any.
    #[inline]
    pub fn find(&self, line: u64) -> Option<usize> {
        if self.in_use == 0 {
            return None;
        }
        self.entries.iter().position(|m| m.valid && m.line == line)
    }

    /// True if every entry is in use.
    pub fn is_full(&self) -> bool {
        self.in_use == self.entries.len()
    }

    /// Entries in use.
    pub fn in_use(&self) -> usize {
        self.in_use
    }

    /// Entries in total.
    pub fn capacity(&self) -> usize {
        self.entries.len()
    }

    /// True if the entry cannot take another target.
    pub fn targets_full(&self, index: usize) -> bool {
        self.entries[index].targets.len() >= self.tgts_per_mshr
    }

    /// Allocate an entry for `line`; the caller checked [`MshrQueue::is_full`].
    pub fn allocate(&mut self, line: u64, now: Tick, is_prefetch: bool) -> usize {
        let i = self
            .entries
            .iter()
            .position(|m| !m.valid)
            .expect("caller checks for a free MSHR");
        let m = &mut self.entries[i];
        m.valid = true;
        m.line = line;
        m.targets.clear();
        m.needs_writable = false;
        m.in_service = false;
        m.deferred = None;
        m.is_prefetch = is_prefetch;
        m.alloc_time = now;
        self.in_use += 1;
        i
    }

    /// Free an entry whose targets have all been served.
    pub fn free(&mut self, index: usize) {
        let m = &mut self.entries[index];
        debug_assert!(m.valid);
        m.valid = false;
        m.targets.clear();
        self.in_use -= 1;
    }

    /// The entry at `index`.
    #[inline]
    pub fn get(&self, index: usize) -> &Mshr {
        &self.entries[index]
    }

    /// The entry at `index`, mutably.
    #[inline]
    pub fn get_mut(&mut self, index: usize) -> &mut Mshr {
        &mut self.entries[index]
    }
}
