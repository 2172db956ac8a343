//! gem5's `StridePrefetcher`: a PC-indexed table learns the stride between
//! successive accesses of one instruction and, once confident, proposes the next
//! `degree` lines along it. Candidates wait in a queue until an MSHR is free.
//!
//! As gem5 with `prefetch_on_access = False`, the table is trained on demand misses
//! and on hits to lines the prefetcher brought in. Candidates may cross pages (the
//! model works on physical addresses only).

use super::params::StridePrefetcherParams;
use std::collections::VecDeque;

#[derive(Copy, Clone, Default)]
struct Entry {
    valid: bool,
    pc: u64,
    last_addr: u64,
    stride: i64,
    confidence: u32,
    last_use: u64,
}

/// The stride table and the candidate queue.
pub struct StridePrefetcher {
    p: StridePrefetcherParams,
    table: Vec<Entry>,
    sets: usize,
    max_confidence: u32,
    use_counter: u64,
    line_size: u64,
    queue: VecDeque<u64>,
    candidates: Vec<u64>,
}

impl StridePrefetcher {
    /// A prefetcher for a cache with `line_size`-byte lines (params validated).
    pub fn new(p: StridePrefetcherParams, line_size: u64) -> Self {
        StridePrefetcher {
            table: vec![Entry::default(); p.table_entries],
            sets: p.table_entries / p.table_assoc,
            max_confidence: (1u32 << p.confidence_counter_bits) - 1,
            use_counter: 0,
            line_size,
            queue: VecDeque::with_capacity(p.queue_size),
            candidates: Vec::with_capacity(p.degree as usize),
            p,
        }
    }

    fn confident(&self, e: &Entry) -> bool {
        e.confidence * 100 >= self.p.confidence_threshold * self.max_confidence
    }

    /// Train on an access by instruction `pc` to `addr`; returns the candidate
    /// byte addresses it proposes (empty until the stride is confirmed).
    pub fn observe(&mut self, pc: u64, addr: u64) -> &[u64] {
        self.candidates.clear();
        self.use_counter += 1;
        let set = (pc as usize ^ (pc >> 16) as usize) % self.sets;
        let ways = set * self.p.table_assoc..(set + 1) * self.p.table_assoc;
        let hit = self.table[ways.clone()]
            .iter()
            .position(|e| e.valid && e.pc == pc);
        let Some(w) = hit else {
            // Allocate over an invalid or the least recently used entry.
            let slot = &self.table[ways.clone()];
            let victim = slot.iter().position(|e| !e.valid).unwrap_or_else(|| {
                (0..slot.len())
                    .min_by_key(|&i| slot[i].last_use)
                    .expect("table_assoc > 0")
            });
            self.table[ways.start + victim] = Entry {
                valid: true,
                pc,
                last_addr: addr,
                stride: 0,
                confidence: self.p.initial_confidence.min(self.max_confidence),
                last_use: self.use_counter,
            };
            return &self.candidates;
        };
        let mut e = self.table[ways.start + w];
        let new_stride = addr.wrapping_sub(e.last_addr) as i64;
        if new_stride == e.stride && new_stride != 0 {
            e.confidence = (e.confidence + 1).min(self.max_confidence);
        } else {
            e.confidence = e.confidence.saturating_sub(1);
            if !self.confident(&e) {
                e.stride = new_stride;
            }
        }
        e.last_addr = addr;
        e.last_use = self.use_counter;
        self.table[ways.start + w] = e;
        if self.confident(&e) && e.stride != 0 {
            let line = self.line_size as i64;
            let step = if e.stride.abs() < line {
                line * e.stride.signum()
            } else {
                e.stride
            };
            for d in 1..=self.p.degree as i64 {
                self.candidates
                    .push(addr.wrapping_add((d * step) as u64) & !(self.line_size - 1));
            }
        }
        &self.candidates
    }

    /// Candidate `k` of the last [`StridePrefetcher::observe`].
    pub fn candidate(&self, k: usize) -> u64 {
        self.candidates[k]
    }

    /// Queue a filtered candidate line address (the oldest is dropped when full).
    pub fn enqueue(&mut self, line_addr: u64) {
        if self.queue.contains(&line_addr) {
            return;
        }
        if self.queue.len() == self.p.queue_size {
            self.queue.pop_front();
        }
        self.queue.push_back(line_addr);
    }

    /// The next candidate to issue.
    pub fn next(&mut self) -> Option<u64> {
        self.queue.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirms_a_stride_then_proposes_degree_lines_ahead() {
        let mut pf = StridePrefetcher::new(StridePrefetcherParams::default(), 64);
        assert!(pf.observe(0x400, 0x1000).is_empty()); // allocate
        assert!(pf.observe(0x400, 0x1100).is_empty()); // learn stride 0x100
        assert_eq!(pf.observe(0x400, 0x1200), [0x1300, 0x1400, 0x1500, 0x1600]);
        // Another PC has its own entry.
        assert!(pf.observe(0x800, 0x1200).is_empty());
    }

    #[test]
    fn small_strides_prefetch_whole_lines() {
        let mut pf = StridePrefetcher::new(StridePrefetcherParams::default(), 64);
        pf.observe(1, 0x2000);
        pf.observe(1, 0x2008);
        assert_eq!(pf.observe(1, 0x2010), [0x2040, 0x2080, 0x20c0, 0x2100]);
    }

    #[test]
    fn instruction_fetches_never_confirm_a_stride() {
        // A fetch's PC is the address it fetches, so each PC's entry sees the same
        // address again: stride 0, never confident (as gem5's StridePrefetcher on
        // an instruction cache).
        let mut pf = StridePrefetcher::new(StridePrefetcherParams::default(), 64);
        for _ in 0..8 {
            for pc in (0x1_0000..0x1_0400).step_by(64) {
                assert!(pf.observe(pc, pc).is_empty());
            }
        }
    }
}
