//! The `tags` group: references per line, time-averaged occupancy, array accesses.

use super::*;
use sim_core::stats::{StatVisitor, StatsSnapshot};

/// The cache's stats as a snapshot taken at `now`.
fn snapshot(rig: &Rig, now: Tick) -> StatsSnapshot {
    let mut snap = StatsSnapshot::at(now);
    snap.begin_group("c");
    rig.cache(0).visit_stats(&mut snap);
    snap.end_group();
    snap
}

#[test]
fn two_lines_referenced_three_times_average_over_time() {
    // Miss (install), hit, write miss (install): 8 lines of 2 ways.
    let ops = vec![read(0x0), read(0x8), write(0x40)];
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(4, 2)],
        TestMem::new(1000),
    )
    .run();
    // Each fill answers its request after the response latency (2 cycles).
    let fill = |i: usize| rig.cpu().responses[i].2 .0 - 2000;
    let (f1, f2) = (fill(0), fill(2));
    let now = f2 + 10_000;
    let snap = snapshot(&rig, Tick(now));
    let v = |n: &str| snap.value(n).unwrap_or_else(|| panic!("no stat {n}"));
    // Insertions count as references (gem5's CacheBlk::insert): 2 + 1.
    assert_eq!(v("c.tags.totalRefs"), 3.0);
    assert_eq!(v("c.tags.sampledRefs"), 2.0);
    assert_eq!(v("c.tags.avgRefs"), 1.5);
    assert_eq!(v("c.tags.warmupTick"), f1 as f64);
    // gem5's AvgStor: (integral of the count + the count) / (ticks + 1).
    let area = (f2 - f1) + 2 * (now - f2);
    let avg = (area + 2) as f64 / (now + 1) as f64;
    assert!((v("c.tags.tagsInUse") - avg).abs() < 1e-9);
    assert!((v("c.tags.occupancies::0") - avg).abs() < 1e-9);
    assert!((v("c.tags.avgOccs::total") - avg / 8.0).abs() < 1e-9);
    assert_eq!(v("c.tags.occupanciesTaskId::1024"), 2.0);
    assert_eq!(v("c.tags.ageTaskId_1024::0"), 2.0, "both under 10 us old");
    assert_eq!(v("c.tags.ratioOccsTaskId::1024"), 0.25);
    // Parallel tag and data arrays: every way per lookup, plus one per insertion.
    assert_eq!(v("c.tags.tagAccesses"), (2 * 3 + 2) as f64);
    assert_eq!(v("c.tags.dataAccesses"), (2 * 3 + 2) as f64);
}

#[test]
fn replaced_lines_are_sampled_with_their_references() {
    // 16 lines; 64 lines streamed, 8 reads each: 48 replaced, 16 still valid.
    let ops: Vec<Op> = (0..4096u64).step_by(8).map(read).collect();
    let mut p = small_cache(8, 2);
    p.sequential_access = true;
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![p], TestMem::new(1000)).run();
    let snap = snapshot(&rig, Tick(100_000_000));
    let v = |n: &str| snap.value(n).unwrap_or_else(|| panic!("no stat {n}"));
    assert_eq!(v("c.tags.totalRefs"), 64.0 * 8.0);
    assert_eq!(v("c.tags.sampledRefs"), 64.0);
    assert_eq!(v("c.tags.avgRefs"), 8.0);
    assert_eq!(v("c.tags.occupanciesTaskId::1024"), 16.0);
    assert_eq!(v("c.tags.tagAccesses"), (2 * 512 + 64) as f64);
    // Sequential access reads one data way per hit only.
    assert_eq!(v("c.tags.dataAccesses"), (448 + 64) as f64);
}

#[test]
fn a_reset_restarts_the_averages_and_keeps_the_lines() {
    let ops = vec![read(0x0), read(0x40)];
    let mut rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(4, 2)],
        TestMem::new(1000),
    )
    .run();
    let at = Tick(1_000_000);
    rig.cache_mut(0).reset_stats_at(at);
    let snap = snapshot(&rig, Tick(2_000_000));
    let v = |n: &str| snap.value(n).unwrap_or_else(|| panic!("no stat {n}"));
    // Two lines valid through the whole window: (2 * 1e6 + 2) / (1e6 + 1).
    assert_eq!(v("c.tags.tagsInUse"), 2.0);
    assert_eq!(v("c.tags.warmupTick"), 0.0);
    assert_eq!(v("c.tags.tagAccesses"), 0.0);
    // The lines' references outlive the reset, as in gem5.
    assert_eq!(v("c.tags.totalRefs"), 2.0);
}
