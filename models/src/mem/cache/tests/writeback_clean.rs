//! `writeback_clean`: clean victims leave as `WritebackClean`, the level below
//! allocates them, and one still cached above is not sent.

use super::*;
use crate::mem::cache::line_bits;

fn with_wbc(mut p: CacheParams, on: bool) -> CacheParams {
    p.writeback_clean = on;
    p
}

/// L2 of `sets` x `ways` lines (L2 latencies, forwards snoops).
fn l2(sets: u64, ways: usize) -> CacheParams {
    CacheParams::l2(sets * ways as u64 * 64, ways, GHZ)
}

#[test]
fn a_clean_victim_is_a_writeback_clean_only_with_the_parameter() {
    // One set of two ways: the third line evicts the first, never written.
    let ops = || vec![read(0x0), read(0x40), read(0x80)];
    for on in [false, true] {
        let p = with_wbc(small_cache(1, 2), on);
        let rig = Rig::new(TestCpu::timing(ops(), 1), vec![p], TestMem::new(1000)).run();
        let mem = rig.mem();
        let s = rig.cache(0).stats();
        if on {
            assert!(mem.log.contains(&(MemCmd::WritebackClean, 0x0)));
            assert_eq!(mem.count(MemCmd::CleanEvict), 0);
            assert_eq!(s.writebacks, 1, "gem5 counts clean writebacks too");
        } else {
            assert!(mem.log.contains(&(MemCmd::CleanEvict, 0x0)));
            assert_eq!(mem.count(MemCmd::WritebackClean), 0);
            assert_eq!(s.writebacks, 0);
        }
        assert_eq!(s.replacements, 1);
    }
}

/// L1 and L2 of one line each: reading A, B, A. Filling B in the L2 evicts A
/// there; the L1's clean victim A then comes down. Returns the rig.
fn one_line_each(cpu: TestCpu, l1_wbc: bool) -> Rig {
    let l1 = with_wbc(small_cache(1, 1), l1_wbc);
    Rig::new(cpu, vec![l1, l2(1, 1)], TestMem::new(1000)).run()
}

#[test]
fn the_l2_allocates_a_writeback_clean_and_a_later_read_hits_there() {
    let ops = || vec![read(0x1000), read(0x2000), read(0x1000)];
    for atomic in [false, true] {
        let cpu = || {
            if atomic {
                TestCpu::atomic(ops())
            } else {
                TestCpu::timing(ops(), 1)
            }
        };
        let without = one_line_each(cpu(), false);
        let with = one_line_each(cpu(), true);
        let (s0, s1) = (without.cache(1).stats(), with.cache(1).stats());
        // ReadSharedReq hits and misses in the L2.
        assert_eq!(
            (s0.cmd()[READ_SHARED].hits, s0.cmd()[READ_SHARED].misses),
            (0, 3),
            "atomic {atomic}"
        );
        assert_eq!(
            (s1.cmd()[READ_SHARED].hits, s1.cmd()[READ_SHARED].misses),
            (1, 2),
            "atomic {atomic}"
        );
        assert_eq!(s0.writeback_clean_hits, 0);
        // A, then B (the L1's victims) are written back clean.
        assert_eq!(s1.writeback_clean_hits, 2, "atomic {atomic}");
        assert_eq!(without.mem().count(MemCmd::ReadSharedReq), 3);
        assert_eq!(
            with.mem().count(MemCmd::ReadSharedReq),
            2,
            "atomic {atomic}"
        );
        // The L2 does not write clean lines back itself.
        assert_eq!(with.mem().count(MemCmd::WritebackClean), 0);
        let a = with
            .cache(1)
            .line_state(0x2000)
            .expect("allocated from above");
        assert_eq!(a & line_bits::DIRTY, 0, "a clean writeback leaves it clean");
    }
}

#[test]
fn an_l2_drops_a_writeback_clean_of_a_line_still_cached_above() {
    // L1 and L2 both one set of two ways: the L2's victim is still in the L1 when
    // the third line fills the L2, so the L2 (which forwards snoops) keeps quiet.
    let ops = || vec![read(0x0), read(0x40), read(0x80)];
    let rig = |cpu: TestCpu, l1: CacheParams| {
        Rig::new(cpu, vec![l1, with_wbc(l2(1, 2), true)], TestMem::new(1000)).run()
    };
    let kept = rig(TestCpu::timing(ops(), 1), small_cache(1, 2));
    assert_eq!(kept.mem().count(MemCmd::WritebackClean), 0);
    assert_eq!(kept.cache(1).stats().writebacks, 1, "counted when created");
    // An L2 victim the L1 no longer holds does go below.
    let gone = rig(TestCpu::timing(ops(), 1), small_cache(1, 1));
    assert!(gone.mem().log.contains(&(MemCmd::WritebackClean, 0x0)));
    // Atomic: the levels above are mid-call whenever a victim arises, so the
    // question is not asked and the writeback goes below.
    let atomic = rig(TestCpu::atomic(ops()), small_cache(1, 2));
    assert!(atomic.mem().log.contains(&(MemCmd::WritebackClean, 0x0)));
}

#[test]
fn writeback_clean_stats_show_only_when_non_zero() {
    use sim_core::component::Component;
    use sim_core::stats::StatsSnapshot;
    let ops = || vec![read(0x1000), read(0x2000), read(0x1000)];
    // The printed value of `name`, if stats.txt shows it (per-requestor cache
    // stats are `nozero`).
    let shown = |rig: &Rig, name: &str| {
        let mut snap = StatsSnapshot::new();
        rig.cache(1).visit_stats(&mut snap);
        let mut text = Vec::new();
        sim_core::stats::write_text(&snap, &mut text).unwrap();
        String::from_utf8(text).unwrap().lines().find_map(|l| {
            let mut f = l.split_whitespace();
            (f.next() == Some(name)).then(|| f.next().unwrap().parse::<f64>().unwrap())
        })
    };
    let hits = |rig: &Rig| {
        (
            shown(rig, "WritebackClean.hits::total"),
            shown(rig, "writebacks::total"),
        )
    };
    let with = one_line_each(TestCpu::timing(ops(), 1), true);
    assert_eq!(hits(&with), (Some(2.0), None));
    let without = one_line_each(TestCpu::timing(ops(), 1), false);
    assert_eq!(hits(&without), (None, None));
    let mut snap = StatsSnapshot::new();
    snap.set_requestor_names(sim_core::stats::requestors::requestor_names([]));
    with.cache(0).visit_stats(&mut snap);
    assert_eq!(snap.value("writebacks::total"), Some(2.0));
    assert_eq!(snap.value("writebacks::writebacks"), Some(2.0));
}
