//! Cache parameters (gem5's `BaseCache`/`Cache` SimObject params) and their validation.

use sim_core::{Cycles, Frequency};
use thiserror::Error;

/// Which line a set gives up when a new line must be installed (gem5's
/// `replacement_policy`). Every policy prefers an invalid way first.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ReplacementPolicy {
    /// Least recently used (gem5 `LRURP`).
    Lru,
    /// A uniformly random way, from a seeded generator (gem5 `RandomRP`).
    Random,
    /// Tree pseudo-LRU: one bit per inner node of a binary tree over the ways
    /// (gem5 `TreePLRURP`); needs a power-of-two associativity.
    TreePlru,
    /// Bimodal re-reference interval prediction, 2-bit RRPVs, insertion "long"
    /// with 3% probability else "distant", hits decrement (gem5 `BRRIPRP` defaults).
    Brrip,
}

impl ReplacementPolicy {
    /// gem5's SimObject name, for config.ini.
    pub fn gem5_name(self) -> &'static str {
        match self {
            ReplacementPolicy::Lru => "LRURP",
            ReplacementPolicy::Random => "RandomRP",
            ReplacementPolicy::TreePlru => "TreePLRURP",
            ReplacementPolicy::Brrip => "BRRIPRP",
        }
    }
}

/// Parameters of gem5's `StridePrefetcher` (PC-indexed stride detection).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct StridePrefetcherParams {
    /// Prefetches issued per trigger (gem5 default 4).
    pub degree: u32,
    /// Entries of the PC table (gem5 default 64).
    pub table_entries: usize,
    /// Associativity of the PC table (gem5 default 4).
    pub table_assoc: usize,
    /// Bits of the saturating confidence counter (gem5 default 3).
    pub confidence_counter_bits: u32,
    /// Confidence a new entry starts with (gem5 default 4).
    pub initial_confidence: u32,
    /// Percentage of the counter's maximum needed to prefetch (gem5 default 50).
    pub confidence_threshold: u32,
    /// Candidates waiting for a free MSHR (gem5 `queue_size`, default 32).
    pub queue_size: usize,
}

impl Default for StridePrefetcherParams {
    fn default() -> Self {
        StridePrefetcherParams {
            degree: 4,
            table_entries: 64,
            table_assoc: 4,
            confidence_counter_bits: 3,
            initial_confidence: 4,
            confidence_threshold: 50,
            queue_size: 32,
        }
    }
}

/// Whether lines filled here are also kept by the levels above (gem5 `clusivity`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Clusivity {
    /// Lines are allocated on fills from below and stay when an upper level takes
    /// them (gem5 `mostly_incl`, the default); evictions do not invalidate upward.
    MostlyInclusive,
}

/// Parameters of a cache.
#[derive(Clone, Debug)]
pub struct CacheParams {
    /// Capacity in bytes.
    pub size: u64,
    /// Ways per set.
    pub assoc: usize,
    /// Line size in bytes (a power of two; 64 in every gem5 config).
    pub line_size: u64,
    /// Cycles to look up the tags.
    pub tag_latency: Cycles,
    /// Cycles to access the data array.
    pub data_latency: Cycles,
    /// Cycles from a fill arriving to the response leaving toward the requester.
    pub response_latency: Cycles,
    /// Tags then data in sequence (hit latency = tag + data) instead of in
    /// parallel (max(tag, data)).
    pub sequential_access: bool,
    /// Miss status holding registers: outstanding line misses.
    pub mshrs: usize,
    /// Requests one MSHR can hold for its line.
    pub tgts_per_mshr: usize,
    /// Writebacks and eviction notices waiting to go below.
    pub write_buffers: usize,
    /// Clock of the cache.
    pub clock: Frequency,
    /// Replacement policy.
    pub replacement: ReplacementPolicy,
    /// Stride prefetcher, if any.
    pub prefetcher: Option<StridePrefetcherParams>,
    /// Never written from above (an instruction cache).
    pub is_read_only: bool,
    /// Send clean evictions as data-carrying writebacks (`WritebackClean`, gem5's
    /// `writeback_clean`) instead of `CleanEvict`s. As in gem5: each counts in
    /// `writebacks`; a cache that forwards snoops drops one whose line is still
    /// cached above (timing protocol only; atomic sends it regardless); the cache below allocates (or touches) the line clean and counts
    /// a `WritebackClean` hit, unless a miss or an eviction of the line is pending
    /// there; a coherent crossbar sinks one when another of its CPU-side ports holds
    /// the line; memory treats one reaching it as a write that stores nothing (a DRAM
    /// controller queues and times it as a write burst, `SimpleMemory` is busy for
    /// its bytes, neither counts it as written data).
    pub writeback_clean: bool,
    /// Inclusion policy.
    pub clusivity: Clusivity,
    /// Seed for the Random and BRRIP policies (runs are deterministic).
    pub seed: u64,
    /// Show snoops to the component above before answering them: set when a cache
    /// (through a crossbar) sits above. An L1's upstream is a CPU, which holds no
    /// lines; not calling it also keeps an atomic-mode CPU that is in the middle of
    /// its own access (an ifetch snooping the sibling dcache) from being re-entered.
    /// Not a gem5 parameter (gem5 asks the port above whether it snoops).
    pub forward_snoops: bool,
}

impl CacheParams {
    fn base(size: u64, assoc: usize, clock: Frequency, lat: u64, mshrs: usize) -> Self {
        CacheParams {
            size,
            assoc,
            line_size: 64,
            tag_latency: Cycles(lat),
            data_latency: Cycles(lat),
            response_latency: Cycles(lat),
            sequential_access: false,
            mshrs,
            tgts_per_mshr: 20,
            write_buffers: 8,
            clock,
            replacement: ReplacementPolicy::Lru,
            prefetcher: None,
            is_read_only: false,
            writeback_clean: false,
            clusivity: Clusivity::MostlyInclusive,
            seed: 1,
            forward_snoops: false,
        }
    }
    /// An L1 instruction cache: latencies 2, 4 MSHRs of 20 targets, read-only.
    /// (The hierarchies take their numbers from `boards::spec::CacheSpec`, whose
    /// se.py preset also sets Caches.py's `writeback_clean` on the L1I.)
    pub fn l1i(size: u64, assoc: usize, clock: Frequency) -> Self {
        CacheParams {
            is_read_only: true,
            ..Self::base(size, assoc, clock, 2, 4)
        }
    }
    /// gem5's `L1DCache`: latencies 2, 4 MSHRs of 20 targets, 8 write buffers.
    pub fn l1d(size: u64, assoc: usize, clock: Frequency) -> Self {
        Self::base(size, assoc, clock, 2, 4)
    }
    /// gem5's `L2Cache`: latencies 20, 20 MSHRs of 12 targets, 8 write buffers;
    /// forwards snoops to the L1s above.
    pub fn l2(size: u64, assoc: usize, clock: Frequency) -> Self {
        CacheParams {
            tgts_per_mshr: 12,
            forward_snoops: true,
            ..Self::base(size, assoc, clock, 20, 20)
        }
    }

    /// Number of sets.
    pub fn sets(&self) -> u64 {
        self.size / (self.assoc as u64 * self.line_size)
    }

    /// Check the geometry and queue sizes.
    pub fn validate(&self) -> Result<(), CacheConfigError> {
        let bad = |param: &'static str, value: String, allowed: &'static str| {
            Err(CacheConfigError {
                param,
                value,
                allowed,
            })
        };
        if self.line_size == 0 || !self.line_size.is_power_of_two() {
            return bad(
                "line_size",
                self.line_size.to_string(),
                "a power of two number of bytes",
            );
        }
        if self.assoc == 0 {
            return bad("assoc", "0".into(), "at least 1 way");
        }
        let way_bytes = self.assoc as u64 * self.line_size;
        if self.size == 0 || !self.size.is_multiple_of(way_bytes) {
            return bad(
                "size",
                self.size.to_string(),
                "a non-zero multiple of assoc * line_size",
            );
        }
        if !self.sets().is_power_of_two() {
            return bad(
                "size",
                self.size.to_string(),
                "a size whose number of sets, size / (assoc * line_size), is a power of two",
            );
        }
        if self.replacement == ReplacementPolicy::TreePlru && !self.assoc.is_power_of_two() {
            return bad(
                "assoc",
                self.assoc.to_string(),
                "a power of two with the TreePLRU replacement policy",
            );
        }
        if self.mshrs == 0 {
            return bad("mshrs", "0".into(), "at least 1");
        }
        if self.tgts_per_mshr == 0 {
            return bad("tgts_per_mshr", "0".into(), "at least 1");
        }
        if self.write_buffers == 0 {
            return bad("write_buffers", "0".into(), "at least 1");
        }
        if self.clock.0 == 0 {
            return bad("clk_domain", "0 Hz".into(), "a non-zero frequency");
        }
        if let Some(pf) = &self.prefetcher {
            if pf.table_assoc == 0 || !pf.table_entries.is_multiple_of(pf.table_assoc) {
                return bad(
                    "prefetcher.table_entries",
                    pf.table_entries.to_string(),
                    "a non-zero multiple of prefetcher.table_assoc",
                );
            }
            if pf.confidence_counter_bits == 0 || pf.confidence_counter_bits > 16 {
                return bad(
                    "prefetcher.confidence_counter_bits",
                    pf.confidence_counter_bits.to_string(),
                    "1 to 16 bits",
                );
            }
        }
        Ok(())
    }
}

/// A cache parameter outside what the model supports.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("invalid cache parameter '{param}' = {value}: must be {allowed}")]
pub struct CacheConfigError {
    /// The parameter's name (suffix of its config path, e.g. `size`).
    pub param: &'static str,
    /// The offending value.
    pub value: String,
    /// What is allowed.
    pub allowed: &'static str,
}
