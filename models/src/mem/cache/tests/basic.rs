//! Hits, misses, MSHRs, evictions, blocking, two levels, atomic/timing agreement.

use super::*;
use crate::mem::cache::line_bits;
use crate::mem::cache::ReplacementPolicy;

fn stats(rig: &Rig, i: usize) -> &crate::mem::cache::CacheStats {
    rig.cache(i).stats()
}

#[test]
fn miss_then_hit_with_gem5_latencies() {
    let ops = vec![read(0x100), read(0x108)];
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(4, 2)],
        TestMem::new(30_000),
    )
    .run();
    let s = stats(&rig, 0);
    assert_eq!((s.cmd()[0].hits, s.cmd()[0].misses), (1, 1));
    assert_eq!((s.cmd()[0].mshr_misses, s.cmd()[0].mshr_hits), (1, 0));
    // Miss: sent below after the tag latency (2 cycles), memory 30 ns, response
    // latency 2 cycles. Hit: max(tag, data) = 2 cycles.
    assert_eq!(
        rig.cpu().responses,
        [
            (0, MemCmd::ReadResp, Tick(34_000)),
            (1, MemCmd::ReadResp, Tick(36_000))
        ]
    );
    assert_eq!(s.cmd()[0].miss_latency, 34_000);
    assert_eq!(rig.mem().log, [(MemCmd::ReadSharedReq, 0x100)]);
}

#[test]
fn a_stream_over_four_times_the_cache_misses_once_per_line() {
    // 8 sets x 2 ways = 1 KiB; stream 4 KiB in 8-byte steps.
    let ops: Vec<Op> = (0..4096u64).step_by(8).map(read).collect();
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(8, 2)],
        TestMem::new(1000),
    )
    .run();
    let s = stats(&rig, 0);
    assert_eq!(s.cmd()[0].misses, 64);
    assert_eq!(s.cmd()[0].hits, 512 - 64);
    assert_eq!(s.replacements, 64 - 16);
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 64);
    assert_eq!(rig.mem().count(MemCmd::CleanEvict), 48);
    assert_eq!(rig.mem().count(MemCmd::WritebackDirty), 0);
}

#[test]
fn a_working_set_that_fits_misses_only_on_first_touch() {
    let pass: Vec<Op> = (0..512u64).step_by(8).map(read).collect();
    let ops: Vec<Op> = pass.iter().cycle().take(3 * pass.len()).copied().collect();
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(8, 2)],
        TestMem::new(1000),
    )
    .run();
    let s = stats(&rig, 0);
    assert_eq!(s.cmd()[0].misses, 8);
    assert_eq!(s.cmd()[0].hits, 3 * 64 - 8);
    assert_eq!(s.replacements, 0);
}

#[test]
fn dirty_victims_write_back_and_clean_ones_send_clean_evict() {
    // One set of two ways: the third line evicts the first (written), the fourth
    // the second (only read).
    let ops = vec![write(0x0), read(0x40), read(0x80), read(0xc0)];
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(1, 2)],
        TestMem::new(1000),
    )
    .run();
    let log = &rig.mem().log;
    assert_eq!(log[0], (MemCmd::ReadExReq, 0x0));
    assert!(log.contains(&(MemCmd::WritebackDirty, 0x0)));
    assert!(log.contains(&(MemCmd::CleanEvict, 0x40)));
    assert_eq!(stats(&rig, 0).writebacks, 1);
    assert_eq!(stats(&rig, 0).replacements, 2);
}

#[test]
fn two_reads_of_a_line_in_flight_share_one_mshr() {
    let ops = vec![read(0x200), read(0x208)];
    let rig = Rig::new(
        TestCpu::timing(ops, 2),
        vec![small_cache(4, 2)],
        TestMem::new(30_000),
    )
    .run();
    let s = stats(&rig, 0);
    assert_eq!((s.cmd()[0].misses, s.cmd()[0].hits), (2, 0));
    assert_eq!((s.cmd()[0].mshr_misses, s.cmd()[0].mshr_hits), (1, 1));
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 1);
    let r = &rig.cpu().responses;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].2, r[1].2, "both targets are served by the same fill");
}

#[test]
fn full_mshrs_refuse_then_retry_without_losing_requests() {
    let mut p = small_cache(16, 2);
    p.mshrs = 2;
    let ops: Vec<Op> = (0..6u64).map(|i| read(i * 64)).collect();
    let rig = Rig::new(TestCpu::timing(ops, 6), vec![p], TestMem::new(20_000)).run();
    let cpu = rig.cpu();
    assert!(cpu.refusals > 0, "the third miss finds no free MSHR");
    let mut tags: Vec<u64> = cpu.responses.iter().map(|r| r.0).collect();
    tags.sort();
    assert_eq!(tags, [0, 1, 2, 3, 4, 5]);
    assert_eq!(rig.mem().count(MemCmd::ReadSharedReq), 6);
    assert_eq!(stats(&rig, 0).cmd()[0].mshr_misses, 6);
    assert!(stats(&rig, 0).blocked_ticks > 0);
    assert_eq!(rig.cache(0).mshrs_in_use(), 0);
}

#[test]
fn refused_responses_are_resent_after_the_retry() {
    let mut cpu = TestCpu::timing(vec![read(0x0), read(0x40)], 2);
    cpu.refuse_responses = 1;
    let rig = Rig::new(cpu, vec![small_cache(4, 2)], TestMem::new(1000)).run();
    let mut tags: Vec<u64> = rig.cpu().responses.iter().map(|r| r.0).collect();
    tags.sort();
    assert_eq!(tags, [0, 1]);
}

#[test]
fn an_l2_absorbs_l1_writebacks_and_serves_l1_misses() {
    // L1: one direct-mapped line; L2: plenty of room.
    let l1 = small_cache(1, 1);
    let l2 = CacheParams::l2(64 * 64, 4, GHZ);
    let ops = vec![write(0x1000), read(0x2000), read(0x1000)];
    let rig = Rig::new(TestCpu::timing(ops, 1), vec![l1, l2], TestMem::new(1000)).run();
    assert_eq!(
        rig.mem().log,
        [(MemCmd::ReadExReq, 0x1000), (MemCmd::ReadSharedReq, 0x2000)],
        "the dirty L1 victim stays in the L2"
    );
    // The L1's misses reach the L2 as gem5's cache commands: ReadExReq for the
    // write, ReadSharedReq for the reads (none as the CPU's ReadReq).
    let l2s = stats(&rig, 1);
    let shared = l2s.cmd()[READ_SHARED];
    assert_eq!((l2s.cmd()[2].misses, shared.misses, shared.hits), (1, 1, 1));
    assert_eq!(l2s.cmd()[0], CmdStats::default());
    let dirty = rig.cache(1).line_state(0x1000).unwrap();
    assert_ne!(dirty & line_bits::DIRTY, 0);
    // The L2 held the line writable, so the L1 got it exclusive.
    let l1_state = rig.cache(0).line_state(0x1000).unwrap();
    assert_ne!(l1_state & line_bits::WRITABLE, 0);
}

#[test]
fn an_instruction_cache_asks_for_clean_lines_and_a_data_cache_for_shared_ones() {
    // gem5's createMissPacket: a read-only cache sends ReadCleanReq, others
    // ReadSharedReq; both are answered with ReadResp and count as demand.
    for (read_only, cmd, slot) in [
        (true, MemCmd::ReadCleanReq, READ_CLEAN),
        (false, MemCmd::ReadSharedReq, READ_SHARED),
    ] {
        let l1 = if read_only {
            CacheParams::l1i(4 * 64, 2, GHZ)
        } else {
            CacheParams::l1d(4 * 64, 2, GHZ)
        };
        let l2 = CacheParams::l2(64 * 64, 4, GHZ);
        let ops = vec![read(0x40), read(0x80), read(0x48)];
        let rig = Rig::new(TestCpu::timing(ops, 1), vec![l1, l2], TestMem::new(1000)).run();
        let l2s = stats(&rig, 1);
        assert_eq!(l2s.cmd()[slot].misses, 2, "{cmd:?}");
        assert_eq!(l2s.cmd()[slot].mshr_misses, 2, "{cmd:?}");
        assert_eq!(l2s.demand_misses(), 2, "{cmd:?}");
        assert_eq!(l2s.cmd()[0], CmdStats::default(), "{cmd:?}");
        // The L2 is a data cache: it fetches with ReadSharedReq whatever asked it.
        assert_eq!(
            rig.mem().log,
            [(MemCmd::ReadSharedReq, 0x40), (MemCmd::ReadSharedReq, 0x80)]
        );
        let resps: Vec<MemCmd> = rig.cpu().responses.iter().map(|r| r.1).collect();
        assert_eq!(resps, [MemCmd::ReadResp; 3], "{cmd:?}");
    }
}

/// A deterministic mix of reads and writes over three times a 1 KiB cache.
fn mixed_ops() -> Vec<Op> {
    let mut x = 12345u64;
    (0..2000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let addr = ((x >> 20) % 3072) & !7;
            if (x >> 60) < 5 {
                write(addr)
            } else {
                read(addr)
            }
        })
        .collect()
}

#[test]
fn atomic_and_timing_agree_on_hits_and_misses() {
    for policy in [ReplacementPolicy::Lru, ReplacementPolicy::TreePlru] {
        let mut p = small_cache(8, 2);
        p.replacement = policy;
        let t = Rig::new(
            TestCpu::timing(mixed_ops(), 1),
            vec![p.clone()],
            TestMem::new(500),
        )
        .run();
        let a = Rig::new(TestCpu::atomic(mixed_ops()), vec![p], TestMem::new(500)).run();
        let (ts, as_) = (stats(&t, 0), stats(&a, 0));
        for c in 0..3 {
            assert_eq!(
                ts.cmd()[c].hits,
                as_.cmd()[c].hits,
                "{policy:?} cmd {c} hits"
            );
            assert_eq!(
                ts.cmd()[c].misses,
                as_.cmd()[c].misses,
                "{policy:?} cmd {c} misses"
            );
        }
        assert!(ts.cmd()[0].misses > 100 && ts.cmd()[1].hits > 100);
        assert_eq!(ts.writebacks, as_.writebacks);
        assert_eq!(t.mem().log, a.mem().log);
        assert_eq!(a.cpu().responses.len(), 2000);
    }
}

#[test]
fn bad_geometry_is_rejected_naming_the_parameter() {
    let err = Cache::new(CacheParams::l1d(1000, 2, GHZ)).err().unwrap();
    assert_eq!(err.param, "size");
    assert!(err.to_string().contains("'size'"), "{err}");
    let err = Cache::new(CacheParams::l1d(3 * 2 * 64, 2, GHZ))
        .err()
        .unwrap();
    assert!(err.to_string().contains("power of two"), "{err}");
    let mut p = CacheParams::l1d(3 * 64 * 4, 3, GHZ);
    p.replacement = ReplacementPolicy::TreePlru;
    assert_eq!(Cache::new(p).err().unwrap().param, "assoc");
    assert!(Cache::new(CacheParams::l2(256 * 1024, 8, GHZ)).is_ok());
}

#[test]
fn stats_use_gem5_names() {
    use sim_core::stats::StatsSnapshot;
    let ops = vec![read(0x0), read(0x8), write(0x40)];
    let rig = Rig::new(
        TestCpu::timing(ops, 1),
        vec![small_cache(4, 2)],
        TestMem::new(1000),
    )
    .run();
    let mut snap = StatsSnapshot::new();
    sim_core::stats::StatVisitor::begin_group(&mut snap, "dcache");
    rig.cache(0).visit_stats(&mut snap);
    sim_core::stats::StatVisitor::end_group(&mut snap);
    let v = |n: &str| snap.value(n).unwrap_or_else(|| panic!("no stat {n}"));
    assert_eq!(v("dcache.demandHits::total"), 1.0);
    assert_eq!(v("dcache.demandMisses::total"), 2.0);
    assert_eq!(v("dcache.demandAccesses::total"), 3.0);
    assert_eq!(v("dcache.ReadReq.hits::total"), 1.0);
    assert_eq!(v("dcache.WriteReq.mshrMisses::total"), 1.0);
    assert_eq!(v("dcache.overallMshrMisses::total"), 2.0);
    assert_eq!(v("dcache.ReadReq.missRate::total"), 0.5);
    assert_eq!(v("dcache.tags.occupanciesTaskId::1024"), 2.0);
    assert_eq!(v("dcache.replacements"), 0.0);
}
