//! Snoops, upgrades and deferred snoops.

use super::*;
use crate::mem::cache::line_bits;

fn at(op: Op, t: u64) -> Op {
    Op {
        not_before: Tick(t),
        ..op
    }
}

#[test]
fn an_invalidating_snoop_makes_the_next_access_miss() {
    let ops = vec![
        read(0x300),
        at(read(0x300), 100_000),
        at(read(0x300), 200_000),
    ];
    let mut mem = TestMem::new(1000);
    mem.snoops.push((Tick(150_000), MemCmd::ReadExReq, 0x300));
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![small_cache(4, 2)], mem).run();
    let s = rig.cache(0).stats();
    assert_eq!((s.cmd()[0].misses, s.cmd()[0].hits), (2, 1));
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 2);
    assert!(!rig.mem().snoop_results[0].had_copy);
}

#[test]
fn a_read_snoop_downgrades_and_a_dirty_line_supplies() {
    let ops = vec![write(0x40)];
    let mut mem = TestMem::new(1000);
    mem.snoops.push((Tick(50_000), MemCmd::ReadSharedReq, 0x40));
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![small_cache(4, 2)], mem).run();
    let r = rig.mem().snoop_results[0];
    assert!(r.had_copy && r.supplied);
    assert_eq!(r.latency, Tick(2000));
    // M -> O: still dirty, no longer writable.
    assert_eq!(rig.cache(0).line_state(0x40), Some(line_bits::DIRTY));
}

#[test]
fn a_write_to_a_shared_line_sends_an_upgrade() {
    let ops = vec![read(0x80), write(0x80), write(0x88)];
    let mut mem = TestMem::new(1000);
    mem.shared = true;
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![small_cache(4, 2)], mem).run();
    assert_eq!(
        rig.mem().log,
        [(MemCmd::ReadSharedReq, 0x80), (MemCmd::UpgradeReq, 0x80)]
    );
    let s = rig.cache(0).stats();
    assert_eq!(
        (s.cmd()[1].misses, s.cmd()[1].hits, s.cmd()[1].mshr_misses),
        (1, 1, 1)
    );
    assert_eq!(
        rig.cache(0).line_state(0x80),
        Some(line_bits::WRITABLE | line_bits::DIRTY)
    );
}

#[test]
fn a_snoop_during_a_miss_in_service_applies_after_the_fill() {
    // The read is accepted below at 2 ns and filled at 102 ns; the invalidating
    // snoop at 50 ns waits for the fill, then drops the line.
    let ops = vec![read(0xc0), at(read(0xc0), 300_000)];
    let mut mem = TestMem::new(100_000);
    mem.snoops.push((Tick(50_000), MemCmd::ReadExReq, 0xc0));
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![small_cache(4, 2)], mem).run();
    let r = &rig.cpu().responses;
    assert_eq!(
        r[0].2,
        Tick(104_000),
        "the first read is still served by the fill"
    );
    // Served just before the deferred invalidation: gem5's ReadRespWithInvalidate.
    assert_eq!(r[0].1, MemCmd::ReadRespWithInvalidate);
    assert_eq!(r[1].1, MemCmd::ReadResp);
    assert_eq!(rig.cache(0).stats().cmd()[0].misses, 2);
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 2);
}

#[test]
fn a_queued_writeback_counts_as_a_dirty_copy() {
    // Fills at 3, 8 and 13 ns; the last evicts 0x0 (dirty). The memory refuses the
    // writeback until 13.5 ns, and a read snoop at 13.2 ns finds it queued.
    let ops = vec![write(0x0), read(0x40), read(0x80)];
    let mut mem = TestMem::new(1000);
    mem.refuse = Tick(13_000)..Tick(13_500);
    mem.snoops.push((Tick(13_200), MemCmd::ReadSharedReq, 0x0));
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![small_cache(1, 2)], mem).run();
    assert_eq!(rig.cpu().responses[2].2, Tick(15_000));
    let r = rig.mem().snoop_results[0];
    assert!(r.supplied && !r.had_copy);
    // After the retry the writeback reaches memory.
    assert_eq!(rig.mem().log.last(), Some(&(MemCmd::WritebackDirty, 0x0)));
}

#[test]
fn an_l2_shows_snoops_to_the_l1_above_first() {
    let l1 = small_cache(4, 2);
    let l2 = CacheParams::l2(64 * 64, 4, GHZ);
    let ops = vec![write(0x500), at(read(0x500), 200_000)];
    let mut mem = TestMem::new(1000);
    mem.snoops.push((Tick(100_000), MemCmd::ReadExReq, 0x500));
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![l1, l2], mem).run();
    // The L1 held the line dirty (M) and supplies it; both levels drop it.
    let r = rig.mem().snoop_results[0];
    assert!(r.supplied && !r.had_copy);
    assert_eq!(r.latency, Tick(20_000), "the L2's tag latency dominates");
    assert_eq!(rig.cache(0).stats().cmd()[0].misses, 1);
    assert_eq!(rig.cache(1).stats().cmd()[READ_SHARED].misses, 1);
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 1);
}
