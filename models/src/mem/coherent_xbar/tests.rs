//! Coherent crossbar tests: tiny "caches" (requesters that record snoops and answer
//! with a chosen [`SnoopResult`]) above a coherent crossbar over a test memory.

use super::{CoherentXBar, CoherentXBarParams};
use crate::mem::xbar::test_support::{get, request, AtomicProbe, Requester, Responder};
use sim_core::component::{ComponentId, SnoopResult};
use sim_core::mem::MemCmd;
use sim_core::stats::{StatValue, StatsSnapshot};
use sim_core::{AddrRange, Frequency, System, SystemBuilder, Tick};

/// 1 GHz: one crossbar cycle is 1000 ticks.
const GHZ: Frequency = Frequency(1_000_000_000);
const LINE: u64 = 0x40;

struct Built {
    sys: System,
    caches: Vec<ComponentId>,
    xbar: ComponentId,
    mem: ComponentId,
}

impl Built {
    fn cache(&self, i: usize) -> &Requester {
        get::<Requester>(&self.sys, self.caches[i])
    }
    fn memory(&self) -> &Responder {
        get::<Responder>(&self.sys, self.mem)
    }
    fn xbar(&self) -> &CoherentXBar {
        get::<CoherentXBar>(&self.sys, self.xbar)
    }
}

/// `caches` above a coherent crossbar made by `preset`, over a 10 ns memory.
fn run(
    preset: fn(usize, Vec<AddrRange>, Frequency) -> CoherentXBarParams,
    caches: Vec<Requester>,
    mem: Responder,
) -> Built {
    let mut b = SystemBuilder::new();
    let params = preset(caches.len(), vec![AddrRange::new(0, 1 << 20)], GHZ);
    let xbar = b.add("xbar", Box::new(CoherentXBar::new(params))).unwrap();
    let mut ids = Vec::new();
    for (i, c) in caches.into_iter().enumerate() {
        let id = b.add(&format!("cache{i}"), Box::new(c)).unwrap();
        b.connect_named(id, "mem_side", xbar, &format!("cpu_side_ports[{i}]"))
            .unwrap();
        ids.push(id);
    }
    let mem = b.add("mem", Box::new(mem)).unwrap();
    b.connect_named(xbar, "mem_side_ports[0]", mem, "port")
        .unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    Built {
        sys,
        caches: ids,
        xbar,
        mem,
    }
}

fn membus(caches: Vec<Requester>) -> Built {
    run(
        CoherentXBarParams::system_xbar,
        caches,
        Responder::new(10_000),
    )
}

fn keeps_copy(latency: u64) -> SnoopResult {
    SnoopResult {
        had_copy: true,
        supplied: false,
        latency: Tick(latency),
    }
}

#[test]
fn snoops_only_ports_the_filter_lists_and_sets_has_sharers() {
    let mut c0 = Requester::new(vec![
        (0, request(MemCmd::ReadReq, LINE, 64)),
        (50_000, request(MemCmd::ReadReq, 0x1000, 64)),
    ]);
    c0.answer = keeps_copy(0);
    let c1 = Requester::new(vec![(30_000, request(MemCmd::ReadReq, LINE, 64))]);
    let b = membus(vec![c0, c1]);
    // c0's first read found nobody to snoop; c1's read of the same line snooped c0 only;
    // c0's read of another line snooped nobody.
    assert_eq!(b.cache(0).snoops, [(30_000, MemCmd::ReadReq, LINE)]);
    assert!(b.cache(1).snoops.is_empty());
    let r0 = &b.cache(0).responses;
    let r1 = &b.cache(1).responses;
    // frontend 3 + forward 4 cycles, memory 10 ns, response 2 cycles.
    assert_eq!((r0[0].tick, r0[0].has_sharers), (19_000, false));
    assert_eq!((r1[0].tick, r1[0].has_sharers), (49_000, true));
    assert!(!r0[1].has_sharers);
    assert_eq!(b.memory().received.len(), 3);
}

#[test]
fn owner_supplied_request_is_answered_without_reaching_memory() {
    let mut c0 = Requester::new(vec![(0, request(MemCmd::ReadReq, LINE, 64))]);
    c0.answer = SnoopResult {
        had_copy: true,
        supplied: true,
        latency: Tick(3_000),
    };
    let c1 = Requester::new(vec![(30_000, request(MemCmd::ReadExReq, LINE, 64))]);
    let b = membus(vec![c0, c1]);
    assert_eq!(b.memory().received, [(7_000, MemCmd::ReadReq, LINE)]);
    let r1 = &b.cache(1).responses;
    // 7 cycles through the crossbar, 3 ns snoop, 4 cycles snoop response.
    assert_eq!((r1[0].tick, r1[0].cmd), (44_000, MemCmd::ReadExResp));
    let x = b.xbar();
    assert_eq!((x.stats.snoops, x.stats.snoop_traffic), (1, 64));
}

#[test]
fn upgrade_is_answered_at_the_point_of_coherency_and_forwarded_above_it() {
    let upgrade = || Requester::new(vec![(0, request(MemCmd::UpgradeReq, LINE, 64))]);
    let b = membus(vec![upgrade()]);
    assert!(b.memory().received.is_empty());
    assert_eq!(b.cache(0).responses[0].tick, 7_000);
    assert_eq!(b.cache(0).responses[0].cmd, MemCmd::UpgradeResp);

    let b = run(
        CoherentXBarParams::l2_xbar,
        vec![upgrade()],
        Responder::new(10_000),
    );
    // L2XBar: frontend 1 + forward 0 cycles down, memory, 1 cycle back.
    assert_eq!(b.memory().received, [(1_000, MemCmd::UpgradeReq, LINE)]);
    assert_eq!(b.cache(0).responses[0].tick, 12_000);
}

#[test]
fn clean_evict_clears_the_filter_so_later_requests_do_not_snoop() {
    let c0 = Requester::new(vec![
        (0, request(MemCmd::ReadReq, LINE, 64)),
        (30_000, request(MemCmd::CleanEvict, LINE, 64)),
    ]);
    let c1 = Requester::new(vec![(40_000, request(MemCmd::ReadReq, LINE, 64))]);
    let b = membus(vec![c0, c1]);
    assert!(b.cache(0).snoops.is_empty());
    // The point of coherency sinks the CleanEvict; memory saw the two reads only.
    let cmds: Vec<MemCmd> = b.memory().received.iter().map(|r| r.1).collect();
    assert_eq!(cmds, [MemCmd::ReadReq, MemCmd::ReadReq]);
    assert_eq!(b.xbar().filter.as_ref().unwrap().stats.tot_requests, 3);
}

#[test]
fn snoop_from_below_fans_out_to_holders_and_merges_their_answers() {
    let read = |t, addr| Requester::new(vec![(t, request(MemCmd::ReadReq, addr, 64))]);
    // c0 keeps its copy when snooped, c2 gives its (dirty) copy up, c1 holds another line.
    let mut c0 = read(0, LINE);
    c0.answer = keeps_copy(2_000);
    let c1 = read(0, 0x2000);
    let mut c2 = read(20_000, LINE);
    c2.answer = SnoopResult {
        had_copy: false,
        supplied: true,
        latency: Tick(5_000),
    };
    let c3 = read(60_000, LINE);
    let mut mem = Responder::new(10_000);
    mem.snoop = Some((50_000, request(MemCmd::ReadExReq, LINE, 64)));
    let b = run(CoherentXBarParams::l2_xbar, vec![c0, c1, c2, c3], mem);
    assert!(b.cache(1).snoops.is_empty());
    assert_eq!(b.cache(2).snoops, [(50_000, MemCmd::ReadExReq, LINE)]);
    // Slowest answer 5 ns, plus one snoop-response cycle for the supplied line.
    let expected = SnoopResult {
        had_copy: true,
        supplied: true,
        latency: Tick(6_000),
    };
    assert_eq!(b.memory().snoop_answer, Some(expected));
    // c2 kept no copy, so c3's later read snoops only c0.
    assert_eq!(
        b.cache(0).snoops,
        [
            (20_000, MemCmd::ReadReq, LINE),
            (50_000, MemCmd::ReadExReq, LINE),
            (60_000, MemCmd::ReadReq, LINE)
        ]
    );
    assert!(b.cache(3).responses[0].has_sharers);
    let f = &b.xbar().filter.as_ref().unwrap().stats;
    assert_eq!((f.tot_snoops, f.hit_multi_snoops), (1, 1));
}

#[test]
fn stats_report_fanout_and_snoop_filter() {
    let mut c0 = Requester::new(vec![(0, request(MemCmd::ReadReq, LINE, 64))]);
    c0.answer = keeps_copy(0);
    let c1 = Requester::new(vec![(30_000, request(MemCmd::ReadReq, LINE, 64))]);
    let b = membus(vec![c0, c1]);
    let mut snap = StatsSnapshot::new();
    b.sys.component(b.xbar).visit_stats(&mut snap);
    let Some(StatValue::Distribution(d)) = snap.get("snoopFanout").map(|e| &e.value) else {
        panic!("snoopFanout is a distribution");
    };
    assert_eq!((d.samples(), d.buckets()[0], d.buckets()[1]), (2, 1, 1));
    assert_eq!(snap.scalar_value("snoop_filter.totRequests"), Some(2.0));
    assert_eq!(
        snap.scalar_value("snoop_filter.hitSingleRequests"),
        Some(1.0)
    );
    assert!(snap.scalar_value("reqLayer0.occupancy").is_some());
}

#[test]
fn atomic_accesses_snoop_the_same_way_and_add_the_snoop_latency() {
    let mut b = SystemBuilder::new();
    let params = CoherentXBarParams::system_xbar(2, vec![AddrRange::new(0, 1 << 20)], GHZ);
    let xbar = b.add("xbar", Box::new(CoherentXBar::new(params))).unwrap();
    let p0 = AtomicProbe::new(vec![request(MemCmd::ReadReq, LINE, 64)], keeps_copy(2_000));
    let p1 = AtomicProbe::new(
        vec![
            request(MemCmd::ReadReq, LINE, 64),
            request(MemCmd::UpgradeReq, LINE, 64),
        ],
        SnoopResult::default(),
    );
    let p0 = b.add("p0", Box::new(p0)).unwrap();
    let p1 = b.add("p1", Box::new(p1)).unwrap();
    let mem = b.add("mem", Box::new(Responder::new(10_000))).unwrap();
    b.connect_named(p0, "mem_side", xbar, "cpu_side_ports[0]")
        .unwrap();
    b.connect_named(p1, "mem_side", xbar, "cpu_side_ports[1]")
        .unwrap();
    b.connect_named(xbar, "mem_side_ports[0]", mem, "port")
        .unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    // Memory 10 ns + 7 cycles down + 2 back; p1 also waits 2 ns for p0's snoop answer.
    let r0 = &get::<AtomicProbe>(&sys, p0).results;
    assert_eq!(r0[..], [(Tick(19_000), MemCmd::ReadResp, false)]);
    let r1 = &get::<AtomicProbe>(&sys, p1).results;
    assert_eq!(r1[0], (Tick(21_000), MemCmd::ReadResp, true));
    // The upgrade is answered by the point of coherency after snooping p0.
    assert_eq!(r1[1].0, Tick(9_000));
    assert_eq!(r1[1].1, MemCmd::UpgradeResp);
    assert_eq!(get::<Responder>(&sys, mem).received.len(), 2);
}

#[test]
fn writeback_clean_goes_to_memory_unless_another_port_holds_the_line() {
    // c0 and c1 both read LINE; c0's WritebackClean is sunk (c1 still holds it),
    // then c1's goes on to memory (a write there, unlike a CleanEvict).
    let c0 = Requester::new(vec![
        (0, request(MemCmd::ReadReq, LINE, 64)),
        (30_000, request(MemCmd::WritebackClean, LINE, 64)),
    ]);
    let c1 = Requester::new(vec![
        (10_000, request(MemCmd::ReadReq, LINE, 64)),
        (50_000, request(MemCmd::WritebackClean, LINE, 64)),
    ]);
    let b = membus(vec![c0, c1]);
    let cmds: Vec<MemCmd> = b.memory().received.iter().map(|r| r.1).collect();
    assert_eq!(
        cmds,
        [MemCmd::ReadReq, MemCmd::ReadReq, MemCmd::WritebackClean]
    );
    // Both count in the crossbar's stats, with their data.
    assert_eq!(b.xbar().core.stats.trans(MemCmd::WritebackClean), 2);
    assert_eq!(b.xbar().filter.as_ref().unwrap().tracked_lines(), 0);
}
