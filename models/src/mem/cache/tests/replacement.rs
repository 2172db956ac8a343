//! Replacement policies on access sequences that all map to one set.

use super::*;
use crate::mem::cache::ReplacementPolicy;

/// Read misses of `lines` (line numbers, all in the one set of a 4-way cache).
fn misses(policy: ReplacementPolicy, lines: &[u64]) -> u64 {
    let mut p = small_cache(1, 4);
    p.replacement = policy;
    p.seed = 7;
    let ops = lines.iter().map(|l| read(l * 64)).collect();
    let rig = Rig::new(TestCpu::atomic(ops), vec![p], TestMem::new(100)).run();
    rig.cache(0).stats().cmd()[0].misses
}

const A: u64 = 0;
const B: u64 = 1;
const C: u64 = 2;
const D: u64 = 3;
const E: u64 = 4;

#[test]
fn lru_evicts_the_least_recently_used_line_and_plru_approximates_it() {
    // After A B C D A, LRU evicts B for E (so B misses again); tree-PLRU's tree
    // points at C instead, so B still hits.
    let seq = [A, B, C, D, A, E, B];
    assert_eq!(misses(ReplacementPolicy::Lru, &seq), 6);
    assert_eq!(misses(ReplacementPolicy::TreePlru, &seq), 5);
    // And the other way round: C hits under LRU, misses under PLRU.
    let seq = [A, B, C, D, A, E, C];
    assert_eq!(misses(ReplacementPolicy::Lru, &seq), 5);
    assert_eq!(misses(ReplacementPolicy::TreePlru, &seq), 6);
}

#[test]
fn a_cyclic_pattern_one_larger_than_the_set_thrashes_lru_only() {
    let seq: Vec<u64> = [A, B, C, D, E].iter().cycle().take(1000).copied().collect();
    let lru = misses(ReplacementPolicy::Lru, &seq);
    let random = misses(ReplacementPolicy::Random, &seq);
    let brrip = misses(ReplacementPolicy::Brrip, &seq);
    assert_eq!(lru, 1000, "LRU always evicts the line needed next");
    assert!(random < 900, "random keeps some lines: {random}");
    // Lines inserted "long" (3%) survive the distant ones and end up resident.
    assert!(
        brrip < 500,
        "BRRIP keeps part of the loop resident: {brrip}"
    );
    assert_ne!(random, brrip);
    // Deterministic: the same seed gives the same count.
    assert_eq!(random, misses(ReplacementPolicy::Random, &seq));
}

#[test]
fn every_policy_fills_invalid_ways_first() {
    for policy in [
        ReplacementPolicy::Lru,
        ReplacementPolicy::Random,
        ReplacementPolicy::TreePlru,
        ReplacementPolicy::Brrip,
    ] {
        assert_eq!(misses(policy, &[A, B, C, D, A, B, C, D]), 4, "{policy:?}");
    }
}
