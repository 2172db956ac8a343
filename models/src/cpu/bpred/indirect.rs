//! gem5's `SimpleIndirectPredictor`: a set-associative target cache for
//! indirect jumps and calls (not returns), indexed by the PC hashed with a
//! global direction history and the targets of the last indirect branches.

use sim_core::stats::{StatVisitor, Unit};
use std::collections::VecDeque;

/// `SimpleIndirectPredictor` parameters (snake case of gem5's names).
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct IndirectParams {
    pub indirect_hash_ghr: bool,
    pub indirect_hash_targets: bool,
    pub indirect_sets: u32,
    pub indirect_ways: u32,
    pub indirect_tag_size: u32,
    pub indirect_path_length: u32,
    pub speculative_path_length: u32,
    pub indirect_ghr_bits: u32,
    pub inst_shift_amt: u32,
}

impl Default for IndirectParams {
    fn default() -> Self {
        IndirectParams {
            indirect_hash_ghr: true,
            indirect_hash_targets: true,
            indirect_sets: 256,
            indirect_ways: 2,
            indirect_tag_size: 16,
            indirect_path_length: 3,
            speculative_path_length: 256,
            indirect_ghr_bits: 13,
            inst_shift_amt: 2,
        }
    }
}

impl IndirectParams {
    /// gem5's checks.
    pub fn check(&self) -> Result<(), String> {
        let bad = |p: &str, v: u32, allowed: &str| {
            Err(format!(
                "indirectBranchPred.{p}: is {v}; allowed values: {allowed}"
            ))
        };
        if !self.indirect_sets.is_power_of_two() {
            return bad("indirectSets", self.indirect_sets, "a power of two");
        }
        if self.indirect_ways == 0 {
            return bad("indirectWays", 0, "at least 1");
        }
        if self.indirect_ghr_bits > 32 {
            return bad("indirectGHRBits", self.indirect_ghr_bits, "0 to 32");
        }
        if !(1..=48).contains(&self.indirect_tag_size) {
            return bad("indirectTagSize", self.indirect_tag_size, "1 to 48");
        }
        if self.indirect_path_length == 0 {
            return bad("indirectPathLength", 0, "at least 1");
        }
        Ok(())
    }
}

/// What one branch recorded (gem5's `IndirectHistory`).
#[derive(Copy, Clone, Debug, Default)]
pub struct IndHist {
    pc: u64,
    ghr: u32,
    set_index: usize,
    tag: u64,
    was_indirect: bool,
}

#[derive(Clone, Debug, Default)]
struct IndStats {
    lookups: u64,
    hits: u64,
    misses: u64,
    target_records: u64,
    indirect_records: u64,
    speculative_overflows: u64,
}

/// A `SimpleIndirectPredictor` (one thread).
#[derive(Clone, Debug)]
pub struct IndirectPredictor {
    p: IndirectParams,
    /// (tag, target) per way.
    sets: Vec<Vec<(u64, Option<u64>)>>,
    ghr: u32,
    ghr_mask: u32,
    /// (branch PC, target) of the last indirect branches, newest at the back.
    path: VecDeque<(u64, u64)>,
    rng: u64,
    stats: IndStats,
}

impl IndirectPredictor {
    /// An empty predictor (`p` already checked).
    pub fn new(p: &IndirectParams) -> Self {
        IndirectPredictor {
            sets: vec![vec![(0, None); p.indirect_ways as usize]; p.indirect_sets as usize],
            ghr: 0,
            ghr_mask: ((1u64 << p.indirect_ghr_bits) - 1) as u32,
            path: VecDeque::new(),
            rng: 0x2545_F491_4F6C_DD1D,
            stats: IndStats::default(),
            p: p.clone(),
        }
    }

    fn set_index(&self, pc: u64) -> usize {
        let shift = self.p.inst_shift_amt;
        let mut hash = pc >> shift;
        if self.p.indirect_hash_ghr {
            hash ^= self.ghr as u64;
        }
        if self.p.indirect_hash_targets {
            let hash_shift = self.p.indirect_sets.trailing_zeros() / self.p.indirect_path_length;
            for (p, &(_, target)) in self.path.iter().rev().enumerate() {
                if p as u32 >= self.p.indirect_path_length {
                    break;
                }
                hash ^= target >> (shift + p as u32 * hash_shift);
            }
        }
        (hash as usize) & (self.sets.len() - 1)
    }

    fn tag(&self, pc: u64) -> u64 {
        (pc >> self.p.inst_shift_amt) & ((1u64 << self.p.indirect_tag_size) - 1)
    }

    /// A record holding the history before a branch that is not looked up.
    pub fn record(&self, pc: u64) -> IndHist {
        IndHist {
            pc,
            ghr: self.ghr,
            ..IndHist::default()
        }
    }

    /// Look up the indirect branch at `pc`: its predicted target, if any.
    pub fn lookup(&mut self, pc: u64) -> (Option<u64>, IndHist) {
        let mut h = self.record(pc);
        h.was_indirect = true;
        h.set_index = self.set_index(pc);
        h.tag = self.tag(pc);
        self.stats.lookups += 1;
        let hit = self.sets[h.set_index]
            .iter()
            .find(|(tag, t)| *tag == h.tag && t.is_some())
            .and_then(|(_, t)| *t);
        if hit.is_some() {
            self.stats.hits += 1;
        } else {
            self.stats.misses += 1;
        }
        (hit, h)
    }

    /// Shift a branch into the histories (`squash`: it was mispredicted, so
    /// first restore what it changed, then record its real target).
    pub fn update(
        &mut self,
        squash: bool,
        taken: bool,
        target: u64,
        indirect: bool,
        h: &mut IndHist,
    ) {
        h.was_indirect = indirect;
        if squash {
            self.ghr = h.ghr;
            if indirect {
                self.path.pop_back();
                h.set_index = self.set_index(h.pc);
                h.tag = self.tag(h.pc);
            }
        }
        if indirect {
            self.path.push_back((h.pc, target));
            self.stats.indirect_records += 1;
        }
        self.ghr = ((self.ghr << 1) | taken as u32) & self.ghr_mask;
        if squash && indirect && taken {
            self.stats.target_records += 1;
            let set = &mut self.sets[h.set_index];
            if let Some(way) = set.iter_mut().find(|(tag, _)| *tag == h.tag) {
                way.1 = Some(target);
            } else {
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                let w = (self.rng % set.len() as u64) as usize;
                set[w] = (h.tag, Some(target));
            }
        }
    }

    /// A committed branch: trim the path history.
    pub fn commit(&mut self) {
        let keep = (self.p.indirect_path_length + self.p.speculative_path_length) as usize;
        while self.path.len() >= keep {
            self.path.pop_front();
        }
    }

    /// A squashed (wrong-path) branch: undo its history updates.
    pub fn squash(&mut self, h: &IndHist) {
        self.ghr = h.ghr;
        if h.was_indirect {
            if self.path.len() < self.p.indirect_path_length as usize {
                self.stats.speculative_overflows += 1;
            }
            self.path.pop_back();
        }
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        self.stats = IndStats::default();
    }

    /// Report the `indirectBranchPred` group (gem5's names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let s = &self.stats;
        let c = Unit::Count;
        v.begin_group("indirectBranchPred");
        v.scalar("lookups", s.lookups as f64, "Number of lookups", c);
        v.scalar("hits", s.hits as f64, "Number of hits of a tag", c);
        v.scalar("misses", s.misses as f64, "Number of misses", c);
        v.scalar(
            "targetRecords",
            s.target_records as f64,
            "Number of targets that where recorded/updated",
            c,
        );
        v.scalar(
            "indirectRecords",
            s.indirect_records as f64,
            "Number of indirect branches/calls recorded",
            c,
        );
        v.scalar(
            "speculativeOverflows",
            s.speculative_overflows as f64,
            "Number of times more than the allowed capacity for speculative branches/calls where in flight and destroy the path history",
            c,
        );
        v.end_group();
    }
}
