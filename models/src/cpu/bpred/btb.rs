//! gem5 v24's `SimpleBTB` (a direct-mapped branch target buffer with partial
//! tags) and `ReturnAddrStack` (a circular stack whose pushes and pops a squash
//! can undo).

use sim_core::stats::{StatVisitor, Unit};

/// `SimpleBTB` parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct BtbParams {
    /// `numEntries` (a power of two).
    pub num_entries: u32,
    /// `tagBits`.
    pub tag_bits: u32,
    /// `instShiftAmt`.
    pub inst_shift_amt: u32,
}

impl Default for BtbParams {
    fn default() -> Self {
        BtbParams {
            num_entries: 4096,
            tag_bits: 16,
            inst_shift_amt: 2,
        }
    }
}

impl BtbParams {
    /// gem5 requires a power-of-two number of entries.
    pub fn check(&self) -> Result<(), String> {
        if !self.num_entries.is_power_of_two() {
            return Err(format!(
                "btb.numEntries: is {}; allowed values: a power of two",
                self.num_entries
            ));
        }
        if !(1..=48).contains(&self.tag_bits) {
            return Err(format!(
                "btb.tagBits: is {}; allowed values: 1 to 48",
                self.tag_bits
            ));
        }
        Ok(())
    }
}

/// A `SimpleBTB`.
#[derive(Clone, Debug)]
pub struct SimpleBtb {
    /// (tag, target) per entry; `None` is invalid.
    entries: Vec<Option<(u64, u64)>>,
    shift: u32,
    tag_shift: u32,
    tag_mask: u64,
}

impl SimpleBtb {
    /// An empty BTB (`p` already checked).
    pub fn new(p: &BtbParams) -> Self {
        let n = p.num_entries.max(1).next_power_of_two();
        SimpleBtb {
            entries: vec![None; n as usize],
            shift: p.inst_shift_amt,
            tag_shift: p.inst_shift_amt + n.trailing_zeros(),
            tag_mask: (1u64 << p.tag_bits) - 1,
        }
    }

    fn index(&self, pc: u64) -> usize {
        ((pc >> self.shift) as usize) & (self.entries.len() - 1)
    }

    fn tag(&self, pc: u64) -> u64 {
        (pc >> self.tag_shift) & self.tag_mask
    }

    /// The target recorded for the branch at `pc`.
    pub fn lookup(&self, pc: u64) -> Option<u64> {
        match self.entries[self.index(pc)] {
            Some((tag, target)) if tag == self.tag(pc) => Some(target),
            _ => None,
        }
    }

    /// Record `target` for the branch at `pc`.
    pub fn update(&mut self, pc: u64, target: u64) {
        let i = self.index(pc);
        self.entries[i] = Some((self.tag(pc), target));
    }
}

/// What one branch did to the RAS (gem5's `RASHistory`).
#[derive(Copy, Clone, Debug, Default)]
pub struct RasHist {
    pushed: bool,
    popped: bool,
    tos: usize,
    entry: Option<u64>,
}

impl RasHist {
    /// True if the branch pushed or popped.
    pub fn pushed_or_popped(&self) -> bool {
        self.pushed || self.popped
    }
}

/// `ras.*` counters.
#[derive(Clone, Debug, Default)]
struct RasStats {
    pushes: u64,
    pops: u64,
    squashes: u64,
    used: u64,
    correct: u64,
    incorrect: u64,
}

/// A `ReturnAddrStack` of `numEntries` entries; a push on a full stack
/// overwrites the oldest, a pop on an empty one yields whatever the slot held.
#[derive(Clone, Debug)]
pub struct Ras {
    stack: Vec<Option<u64>>,
    tos: usize,
    used_entries: usize,
    stats: RasStats,
}

impl Ras {
    /// An empty stack of `entries` entries (at least one).
    pub fn new(entries: u32) -> Self {
        Ras {
            stack: vec![None; entries.max(1) as usize],
            tos: 0,
            used_entries: 0,
            stats: RasStats::default(),
        }
    }

    fn raw_push(&mut self, addr: Option<u64>) {
        self.tos = (self.tos + 1) % self.stack.len();
        self.stack[self.tos] = addr;
        if self.used_entries != self.stack.len() {
            self.used_entries += 1;
        }
    }

    fn raw_pop(&mut self) {
        self.used_entries = self.used_entries.saturating_sub(1);
        self.tos = (self.tos + self.stack.len() - 1) % self.stack.len();
    }

    /// Push a call's return address.
    pub fn push(&mut self, addr: u64, h: &mut RasHist) {
        self.stats.pushes += 1;
        h.pushed = true;
        self.raw_push(Some(addr));
    }

    /// Pop the top for a return: the predicted return address, if any.
    pub fn pop(&mut self, h: &mut RasHist) -> Option<u64> {
        self.stats.pops += 1;
        h.popped = true;
        h.tos = self.tos;
        h.entry = self.stack[self.tos];
        self.raw_pop();
        h.entry
    }

    /// Undo what a squashed branch did.
    pub fn squash(&mut self, h: &mut RasHist) {
        if !(h.pushed || h.popped) {
            return;
        }
        self.stats.squashes += 1;
        if h.pushed {
            self.stats.pops += 1;
            self.raw_pop();
        }
        if h.popped {
            self.stats.pushes += 1;
            self.tos = h.tos;
            self.stack[self.tos] = h.entry;
            if self.used_entries != self.stack.len() {
                self.used_entries += 1;
            }
        }
        *h = RasHist::default();
    }

    /// A committed call or return: count whether a popped prediction was right.
    pub fn commit(&mut self, mispredicted: bool, h: &RasHist) {
        if h.popped {
            self.stats.used += 1;
            if mispredicted {
                self.stats.incorrect += 1;
            } else {
                self.stats.correct += 1;
            }
        }
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        self.stats = RasStats::default();
    }

    /// Report the `ras` group (gem5 v24's names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let s = &self.stats;
        let c = Unit::Count;
        v.begin_group("ras");
        v.scalar(
            "pushes",
            s.pushes as f64,
            "Number of times a PC was pushed onto the RAS",
            c,
        );
        v.scalar(
            "pops",
            s.pops as f64,
            "Number of times a PC was poped from the RAS",
            c,
        );
        v.scalar(
            "squashes",
            s.squashes as f64,
            "Number of times the stack operation was squashed due to wrong speculation.",
            c,
        );
        v.scalar(
            "used",
            s.used as f64,
            "Number of times the RAS is the provider",
            c,
        );
        v.scalar(
            "correct",
            s.correct as f64,
            "Number of times the RAS is the provider and the prediction is correct",
            c,
        );
        v.scalar(
            "incorrect",
            s.incorrect as f64,
            "Number of times the RAS is the provider and the prediction is wrong",
            c,
        );
        v.end_group();
    }
}
