//! The tag store: which lines the cache holds and in which coherence state.
//!
//! Tags live in one flat `Vec<u64>` (`set * assoc + way`); a lookup is a short
//! loop over the set's slice comparing line numbers. An invalid way holds
//! [`INVALID`], so the loop needs no separate valid check.

use super::params::CacheParams;
use super::replacement::Replacer;
use super::tag_stats::TagStats;
use sim_core::Tick;

/// Tag of an invalid way (no line number can be this large).
const INVALID: u64 = u64::MAX;

/// Coherence and bookkeeping bits of a valid line (MOESI as gem5's classic cache:
/// M = writable+dirty, O = dirty, E = writable, S = neither).
pub mod bits {
    /// The cache may write the line without asking below.
    pub const WRITABLE: u8 = 1 << 0;
    /// The line differs from memory: evicting it sends a `WritebackDirty`.
    pub const DIRTY: u8 = 1 << 1;
    /// Brought in by the prefetcher and not yet used by a demand access.
    pub const PREFETCHED: u8 = 1 << 2;
}

/// A line leaving the cache to make room for another.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Evicted {
    /// Line number (address >> line shift).
    pub line: u64,
    /// State bits it had.
    pub state: u8,
}

/// Tags, states and replacement data of every line.
pub struct TagStore {
    tags: Vec<u64>,
    state: Vec<u8>,
    assoc: usize,
    set_mask: u64,
    line_shift: u32,
    replacer: Replacer,
    /// Per line: references since it was installed (gem5's `refCount`; the
    /// insertion is one).
    refs: Vec<u32>,
    /// Per line: the requestor whose request installed it.
    src: Vec<u32>,
    /// Per line: the tick it was installed.
    inserted: Vec<u64>,
    /// gem5's `tags` stats.
    pub stats: TagStats,
}

impl TagStore {
    /// An empty tag store for `p` (whose geometry has been validated).
    pub fn new(p: &CacheParams) -> Self {
        let sets = p.sets() as usize;
        let lines = sets * p.assoc;
        TagStore {
            tags: vec![INVALID; lines],
            state: vec![0; lines],
            assoc: p.assoc,
            set_mask: sets as u64 - 1,
            line_shift: p.line_size.trailing_zeros(),
            replacer: Replacer::new(p.replacement, sets, p.assoc, p.seed),
            refs: vec![0; lines],
            src: vec![0; lines],
            inserted: vec![0; lines],
            stats: TagStats::default(),
        }
    }

    /// Line number of a byte address.
    #[inline]
    pub fn line_of(&self, addr: u64) -> u64 {
        addr >> self.line_shift
    }

    /// First byte address of a line.
    #[inline]
    pub fn line_addr(&self, line: u64) -> u64 {
        line << self.line_shift
    }

    #[inline]
    fn set_of(&self, line: u64) -> usize {
        (line & self.set_mask) as usize
    }

    /// Index of the way holding `line`, if present.
    #[inline]
    pub fn lookup(&self, line: u64) -> Option<usize> {
        let base = self.set_of(line) * self.assoc;
        self.tags[base..base + self.assoc]
            .iter()
            .position(|&t| t == line)
            .map(|w| base + w)
    }

    /// State bits of the line at `index`.
    #[inline]
    pub fn state(&self, index: usize) -> u8 {
        self.state[index]
    }

    /// Set bits of the line at `index`.
    #[inline]
    pub fn set_bits(&mut self, index: usize, b: u8) {
        self.state[index] |= b;
    }

    /// Clear bits of the line at `index`.
    #[inline]
    pub fn clear_bits(&mut self, index: usize, b: u8) {
        self.state[index] &= !b;
    }

    /// Record a use of the line at `index` for the replacement policy; it is a
    /// reference to the line.
    #[inline(always)]
    pub fn touch(&mut self, index: usize) {
        self.refs[index] = self.refs[index].wrapping_add(1);
        self.replacer.touch(index);
    }

    /// A lookup found the line at `index` without hitting (a request lacking
    /// permission, a writeback or eviction notice): a reference in gem5's
    /// `accessBlock`, which this cache's replacement does not count as a use.
    pub fn found(&mut self, index: usize) {
        self.refs[index] = self.refs[index].wrapping_add(1);
        self.stats.other_finds += 1;
    }

    /// (references, installing requestor, insertion tick) of every valid line.
    pub fn valid_line_info(&self) -> impl Iterator<Item = (u32, u32, u64)> + '_ {
        (0..self.tags.len())
            .filter(|&i| self.tags[i] != INVALID)
            .map(|i| (self.refs[i], self.src[i], self.inserted[i]))
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        self.tags.len()
    }

    /// Make room for `line` in its set: the way to fill and the line it evicts, if any
    /// (an invalid way is taken first). The evicted line is already removed.
    pub fn make_room(&mut self, line: u64, now: Tick) -> (usize, Option<Evicted>) {
        let set = self.set_of(line);
        let base = set * self.assoc;
        if let Some(w) = self.tags[base..base + self.assoc]
            .iter()
            .position(|&t| t == INVALID)
        {
            return (base + w, None);
        }
        let index = base + self.replacer.victim(set);
        let evicted = Evicted {
            line: self.tags[index],
            state: self.state[index],
        };
        self.invalidate(index, now);
        (index, Some(evicted))
    }

    /// Install `line` with `state` bits at `index` (from [`TagStore::make_room`]),
    /// at `now` for a request of `requestor`.
    pub fn install(&mut self, index: usize, line: u64, state: u8, requestor: u32, now: Tick) {
        debug_assert_eq!(self.tags[index], INVALID);
        self.tags[index] = line;
        self.state[index] = state;
        self.replacer.insert(index);
        self.refs[index] = 1;
        self.src[index] = requestor;
        self.inserted[index] = now.0;
        self.stats.installed(now, requestor);
    }

    /// Drop the line at `index` at `now`.
    pub fn invalidate(&mut self, index: usize, now: Tick) {
        if self.tags[index] != INVALID {
            self.stats.dropped(now, self.src[index], self.refs[index]);
        }
        self.tags[index] = INVALID;
        self.state[index] = 0;
    }
}
