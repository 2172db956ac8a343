//! Tests of the traffic generator: phases driven into a SimpleMemory and a DRAM
//! controller, checking that the stats move as the phase arguments say.

use super::phase::ActivePhase;
use super::*;
use crate::mem::dram::{DramCtrl, DramParams};
use crate::mem::{SimpleMemory, SimpleMemoryParams};
use sim_core::config::object_tree::ObjectNode;
use sim_core::mem::BackingStore;
use sim_core::rng::SplitMix64;
use sim_core::{AddrRange, Component, ExitCause, SystemBuilder, Tick};
use std::sync::Arc;

const NS: u64 = 1000;
const US: u64 = 1_000_000;

fn args(duration: u64, period: u64, read_percent: u64, data_limit: u64) -> StochasticArgs {
    StochasticArgs {
        duration,
        min_addr: 0,
        max_addr: 1 << 20,
        block_size: 64,
        min_period: period,
        max_period: period,
        read_percent,
        data_limit,
    }
}

fn linear(duration: u64, period: u64, read_percent: u64, data_limit: u64) -> TrafficPhase {
    TrafficPhase::Linear(args(duration, period, read_percent, data_limit))
}

const EXIT: TrafficPhase = TrafficPhase::Exit { duration: 0 };

/// The memory the generator drives.
enum Mem {
    /// SimpleMemory with this bandwidth (bytes per second) and 30 ns latency.
    Simple(f64),
    Ddr3,
}

struct Run {
    stats: GenStats,
    cause: ExitCause,
    end: Tick,
}

fn run(params: TrafficGenParams, mem: Mem, phases: Vec<TrafficPhase>) -> Run {
    let range = AddrRange::new(0, 1 << 24);
    let store = Arc::new(BackingStore::new(range).expect("map a test memory"));
    let mut b = SystemBuilder::new();
    let mut tgen = TrafficGen::new(params);
    tgen.start(phases, Tick(0)).expect("valid phases");
    let g = b.add("gen", Box::new(tgen)).unwrap();
    let m: Box<dyn Component> = match mem {
        Mem::Simple(bw) => {
            let mut p = SimpleMemoryParams::new(range);
            p.bandwidth = bw;
            Box::new(SimpleMemory::new(p, store))
        }
        Mem::Ddr3 => Box::new(DramCtrl::new(DramParams::ddr3_1600_8x8(range), store)),
    };
    let m = b.add("mem", m).unwrap();
    b.connect_named(g, "port", m, "port").unwrap();
    let mut sys = b.build().unwrap();
    let cause = sys.simulate(Some(Tick(100 * US)));
    let end = sys.now();
    let stats = sys
        .component(g)
        .as_any()
        .downcast_ref::<TrafficGen>()
        .unwrap()
        .stats
        .clone();
    Run { stats, cause, end }
}

fn fast() -> Mem {
    Mem::Simple(1e12)
}

#[test]
fn all_reads_with_a_data_limit_stop_after_the_limit_and_exit_as_gem5() {
    let r = run(
        TrafficGenParams::default(),
        fast(),
        vec![linear(0, 10 * NS, 100, 64 * 100), EXIT],
    );
    let s = &r.stats;
    assert_eq!(s.num_packets, 100);
    // As in gem5 the exit comes as soon as the last request is out: the three
    // sent in the last 30 ns (the memory's latency) are never answered.
    assert_eq!((s.total_reads, s.bytes_read), (97, 97 * 64));
    assert_eq!((s.total_writes, s.bytes_written), (0, 0));
    assert_eq!(s.total_read_latency, 97 * 30 * NS);
    let ExitCause::Exit { code: 0, message } = &r.cause else {
        panic!("unexpected cause {:?}", r.cause);
    };
    assert_eq!(
        message,
        "gen has encountered the exit state and will terminate the simulation.\n"
    );
    // The first request leaves one period after the start (gem5's nextPacketTick),
    // so the 100th leaves at 1000 ns and the limit is then reached.
    assert_eq!(r.end, Tick(1000 * NS));
}

#[test]
fn read_percent_zero_writes_only_and_fifty_mixes() {
    let writes = run(
        TrafficGenParams::default(),
        fast(),
        vec![linear(10 * US, 10 * NS, 0, 0), EXIT],
    );
    assert_eq!(writes.stats.total_reads, 0);
    // Requests at 10, 20, ..., 9990 ns; the last two are in flight at the exit
    // (the one sent at 9970 ns is answered at 10 us, just before it).
    assert_eq!(writes.stats.num_packets, 999);
    assert_eq!(writes.stats.total_writes, 997);
    let mixed = run(
        TrafficGenParams::default(),
        fast(),
        vec![linear(10 * US, 10 * NS, 50, 0), EXIT],
    );
    let (rd, wr) = (mixed.stats.total_reads, mixed.stats.total_writes);
    assert!(rd > 400 && wr > 400, "reads {rd}, writes {wr}");
}

#[test]
fn a_longer_period_lowers_the_bandwidth_and_the_duration_ends_the_phase() {
    let at = |period| {
        run(
            TrafficGenParams::default(),
            fast(),
            vec![linear(10 * US, period, 100, 0), EXIT],
        )
    };
    let (quick, slow) = (at(10 * NS), at(40 * NS));
    assert_eq!(quick.end, Tick(10 * US));
    assert_eq!(slow.end, Tick(10 * US));
    assert_eq!(quick.stats.num_packets, 999);
    assert_eq!(slow.stats.num_packets, 249);
    assert_eq!(quick.stats.bytes_read, 997 * 64);
    assert_eq!(slow.stats.bytes_read, 249 * 64);
}

#[test]
fn back_pressure_counts_retries_and_slows_an_elastic_generator_more() {
    // 64 bytes at 3.2 GB/s keep the memory busy 20 ns; the generator asks every 10 ns.
    let go = |elastic_req| {
        let params = TrafficGenParams {
            elastic_req,
            ..TrafficGenParams::default()
        };
        run(
            params,
            Mem::Simple(3.2e9),
            vec![linear(10 * US, 10 * NS, 100, 0), EXIT],
        )
    };
    let (rigid, elastic) = (go(false), go(true));
    for r in [&rigid, &elastic] {
        assert!(r.stats.num_retries > 100, "{:?}", r.stats);
        assert!(r.stats.retry_ticks > 0);
        // The memory caps the rate at one request per 20 ns.
        assert!(r.stats.num_packets <= 501, "{:?}", r.stats);
    }
    assert!(elastic.stats.num_packets < rigid.stats.num_packets);
}

#[test]
fn max_outstanding_reqs_bounds_requests_in_flight() {
    let params = TrafficGenParams {
        max_outstanding_reqs: 1,
        ..TrafficGenParams::default()
    };
    let r = run(params, fast(), vec![linear(3 * US, NS, 100, 0), EXIT]);
    // One 30 ns round trip at a time: about 100 in 3 us instead of 3000.
    let n = r.stats.num_packets;
    assert!((95..=105).contains(&n), "{n} packets");
    assert_eq!(r.stats.num_retries, 0);
}

#[test]
fn idle_phase_sends_nothing_and_the_exit_follows_it() {
    let r = run(
        TrafficGenParams::default(),
        fast(),
        vec![TrafficPhase::Idle { duration: 5 * US }, EXIT],
    );
    assert_eq!(r.stats.num_packets, 0);
    assert_eq!(r.end, Tick(5 * US));
    assert_eq!(r.cause.event_name(), "EXIT");
}

#[test]
fn dram_reads_take_at_least_the_column_latency_and_report_bandwidth() {
    let r = run(
        TrafficGenParams::default(),
        Mem::Ddr3,
        vec![linear(10 * US, 10 * NS, 100, 0), EXIT],
    );
    let s = &r.stats;
    assert!(s.total_reads > 900, "{s:?}");
    let p = DramParams::ddr3_1600_8x8(AddrRange::new(0, 1 << 24));
    let floor = (p.static_frontend_latency + p.static_backend_latency + p.t_cl + p.t_burst).0;
    assert!(s.total_read_latency / s.total_reads >= floor);
    let mut snap = sim_core::StatsSnapshot::default();
    s.visit(10e-6, &mut snap);
    let bw = snap.scalar_value("readBW").unwrap();
    assert!((bw - s.bytes_read as f64 / 10e-6).abs() < 1.0);
    assert!(snap.scalar_value("avgWriteLatency").unwrap().is_nan());
}

#[test]
fn random_addresses_stay_in_range_block_aligned() {
    let mut a = args(0, 0, 100, 0);
    a.min_addr = 4096;
    a.max_addr = 8192;
    let mut phase = ActivePhase::enter(TrafficPhase::Random(a));
    let mut rng = SplitMix64::new(1);
    let addrs: Vec<u64> = (0..1000)
        .map(|_| phase.next_request(&mut rng).unwrap().addr)
        .collect();
    assert!(addrs
        .iter()
        .all(|&x| (4096..8192).contains(&x) && x % 64 == 0));
    let distinct: std::collections::HashSet<_> = addrs.iter().collect();
    assert!(distinct.len() > 50);
}

#[test]
fn linear_addresses_wrap_past_max_addr() {
    let mut a = args(0, 0, 100, 0);
    a.max_addr = 192;
    let mut phase = ActivePhase::enter(TrafficPhase::Linear(a));
    let mut rng = SplitMix64::new(1);
    let addrs: Vec<u64> = (0..6)
        .map(|_| phase.next_request(&mut rng).unwrap().addr)
        .collect();
    // gem5 wraps once the next address is above max_addr, so max_addr itself is used.
    assert_eq!(addrs, [0, 64, 128, 192, 0, 64]);
}

#[test]
fn phases_deserialize_from_the_python_dicts() {
    let text = r#"[
        {"kind": "linear", "duration": 1000000000, "min_addr": 0, "max_addr": 32768,
         "block_size": 64, "min_period": 2000, "max_period": 2000,
         "read_percent": 100, "data_limit": 0},
        {"kind": "idle", "duration": 5},
        {"kind": "exit", "duration": 0}
    ]"#;
    let phases: Vec<TrafficPhase> = serde_json::from_str(text).unwrap();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0].duration(), 1_000_000_000);
    assert_eq!(phases[1], TrafficPhase::Idle { duration: 5 });
    assert!(serde_json::from_str::<TrafficPhase>(r#"{"kind": "strided"}"#).is_err());
}

#[test]
fn phases_gem5_refuses_are_refused_before_any_is_queued() {
    let mut g = TrafficGen::new(TrafficGenParams {
        path: "system.tgen".into(),
        ..TrafficGenParams::default()
    });
    let mut big = args(0, 0, 100, 0);
    big.block_size = 128;
    let err = g
        .start(vec![EXIT, TrafficPhase::Linear(big)], Tick(0))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "system.tgen: phase 1: block size (128) is larger than the cache line size (64)"
    );
    let mut reads = args(0, 0, 101, 0);
    reads.read_percent = 101;
    assert!(g.start(vec![TrafficPhase::Random(reads)], Tick(0)).is_err());
    let mut periods = args(0, 10, 50, 0);
    periods.min_period = 20;
    assert!(g
        .start(vec![TrafficPhase::Linear(periods)], Tick(0))
        .is_err());
    assert!(!g.is_active());
}

fn node(params: serde_json::Value) -> ObjectNode {
    ObjectNode {
        path: "board.processor.cores.generator".into(),
        name: "generator".into(),
        type_name: "PyTrafficGen".into(),
        cxx_class: Some("gem5::PyTrafficGen".into()),
        parent: Some("board.processor.cores".into()),
        children: Vec::new(),
        child_attrs: Default::default(),
        params: serde_json::from_value(params).unwrap(),
        ports: Vec::new(),
    }
}

#[test]
fn params_read_from_a_tree_node_with_gem5_names() {
    let n = node(serde_json::json!({
        "elastic_req": true, "max_outstanding_reqs": 4, "progress_check": 1_000_000_000u64,
        "stream_gen": "none", "cpu_id": -1
    }));
    let p = TrafficGenParams::from_node(&n).unwrap();
    assert!(p.elastic_req);
    assert_eq!(p.max_outstanding_reqs, 4);
    assert_eq!(p.progress_check, Tick(1_000_000_000));
    assert_eq!(p.path, "board.processor.cores.generator");
    for name in ["elastic_req", "max_outstanding_reqs", "progress_check"] {
        assert!(TRAFFIC_GEN_PARAMS.contains(&name));
    }
    let mut names: Vec<&str> = TRAFFIC_GEN_PARAMS.to_vec();
    names.sort();
    assert_eq!(names, TRAFFIC_GEN_PARAMS);
    let unlimited = node(serde_json::json!({
        "elastic_req": false, "max_outstanding_reqs": -2, "progress_check": 1
    }));
    let p = TrafficGenParams::from_node(&unlimited).unwrap();
    assert_eq!(p.max_outstanding_reqs, 0, "gem5 limits only above 0");
    let bad = node(serde_json::json!({
        "elastic_req": "yes", "max_outstanding_reqs": 0, "progress_check": 1
    }));
    let err = TrafficGenParams::from_node(&bad).unwrap_err().to_string();
    assert!(
        err.starts_with("board.processor.cores.generator.elastic_req: \"yes\""),
        "{err}"
    );
    let missing = node(serde_json::json!({"elastic_req": false}));
    assert!(TrafficGenParams::from_node(&missing).is_err());
}

#[test]
fn the_system_gives_the_line_size_and_the_memory_ranges() {
    let tree = serde_json::json!({
        "type": "Root", "cxx_class": "gem5::Root", "name": "root", "path": "root",
        "board": {
            "type": "System", "cxx_class": "gem5::System", "name": "board", "path": "board",
            "cache_line_size": 32, "mem_ranges": ["0:4096"],
            "tgen": {
                "type": "PyTrafficGen", "cxx_class": "gem5::PyTrafficGen", "name": "tgen",
                "path": "board.tgen", "system": "board", "elastic_req": false,
                "max_outstanding_reqs": 0, "progress_check": 1_000_000_000u64
            }
        }
    });
    let tree = sim_core::config::object_tree::ObjectTree::from_value(&tree).unwrap();
    let ctx = sim_core::config::object_tree::BuildCtx::new(&tree);
    let p = TrafficGenParams::from_tree(tree.node("board.tgen").unwrap(), &ctx).unwrap();
    assert_eq!(p.cache_line_size, 32);
    assert_eq!(p.mem_ranges, [AddrRange::new(0, 4096)]);
    // Requests past the memory are suppressed, as gem5's isMemAddr check does.
    let mut a = args(0, 10 * NS, 100, 64 * 128);
    a.max_addr = 8192;
    a.block_size = 32;
    let r = run(p, fast(), vec![TrafficPhase::Linear(a), EXIT]);
    assert_eq!((r.stats.num_packets, r.stats.num_suppressed), (128, 128));
    let mut g = TrafficGen::new(TrafficGenParams {
        cache_line_size: 32,
        ..TrafficGenParams::default()
    });
    assert!(
        g.start(vec![linear(0, 1, 100, 0)], Tick(0)).is_err(),
        "64 > 32-byte lines"
    );
}

#[test]
fn a_port_terminator_declares_its_ports_and_stays_silent() {
    let t = PortTerminator::new(2, 1);
    let names: Vec<String> = t.ports().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["req_ports[0]", "req_ports[1]", "resp_ports[0]"]);
    // The memory_traffic board leaves its generator core's terminator unconnected.
    let fixture: serde_json::Value = serde_json::from_str(MEMORY_TRAFFIC).unwrap();
    let tree = sim_core::config::object_tree::ObjectTree::from_value(&fixture["tree"]).unwrap();
    let node = tree.node("board.processor.cores.port_end").unwrap();
    assert!(PortTerminator::from_node(node).ports().is_empty());
}

/// `sim.objects.instantiate_tree` of gem5's memory_traffic.py board
/// (`LinearGenerator(duration="1ms", rate="32GiB/s", rd_perc=70)` on a
/// `TestBoard` with `HighBandwidthMemory(HBM_2000_4H_1x64, 1, 128)`), and the
/// phases its generator core starts, as `python/tests/test_traffic_gen.py`'s
/// board builds them.
const MEMORY_TRAFFIC: &str = include_str!("testdata/memory_traffic.json");

#[test]
fn gem5s_memory_traffic_board_builds_from_its_tree_and_runs() {
    use crate::mem::dram::HbmCtrl;
    use sim_core::config::object_tree::{BuildCtx, ObjectTree};
    let fixture: serde_json::Value = serde_json::from_str(MEMORY_TRAFFIC).unwrap();
    let tree = ObjectTree::from_value(&fixture["tree"]).unwrap();
    let phases: Vec<TrafficPhase> = serde_json::from_value(fixture["phases"].clone()).unwrap();
    let ctx = BuildCtx::new(&tree);
    let gen_node = tree.node("board.processor.cores.generator").unwrap();
    let mem_node = tree.node("board.memory.mem_ctrl").unwrap();
    let peer = &gen_node.port("port").unwrap().peers[0];
    assert_eq!(
        (
            peer.port.owner.as_str(),
            peer.port.port.as_str(),
            peer.index
        ),
        ("board.memory.mem_ctrl", "port", None)
    );

    let params = TrafficGenParams::from_tree(gen_node, &ctx).unwrap();
    assert_eq!(params.mem_ranges, [AddrRange::new(0, 256 << 20)]);
    let mut tgen = TrafficGen::new(params);
    tgen.start(phases, Tick(0)).unwrap();
    let range = AddrRange::new(0, 256 << 20);
    let store = Arc::new(BackingStore::new(range).expect("map the HBM's bytes"));
    let hbm = HbmCtrl::from_node(mem_node, &ctx, store).unwrap();
    let mut b = SystemBuilder::new();
    let g = b.add(&gen_node.path, Box::new(tgen)).unwrap();
    let m = b.add(&mem_node.path, Box::new(hbm)).unwrap();
    b.connect_named(g, "port", m, "port").unwrap();
    let mut sys = b.build().unwrap();
    assert_eq!(sys.simulate(Some(Tick(20 * US))), ExitCause::MaxTick);

    let mut snap = sim_core::StatsSnapshot::new();
    sys.component(g).visit_stats(&mut snap);
    let stat = |n: &str| snap.scalar_value(n).unwrap();
    // One 64-byte request every 1863 ticks (32 GiB/s) asks more than the two
    // pseudo channels' 32 GB/s, so the generator is held back.
    let asked = 20 * US / 1863;
    let sent = stat("numPackets") as u64;
    assert!(sent < asked && sent > asked * 7 / 10, "{sent} of {asked}");
    assert!(stat("numRetries") > 0.0);
    // Each retry resends the one refused packet, which the controller takes or
    // refuses again: retries match the controller's refusals (the last may be
    // pending at the end).
    let mut mem = sim_core::StatsSnapshot::new();
    sys.component(m).visit_stats(&mut mem);
    let refusals =
        mem.scalar_value("numRdRetry").unwrap() + mem.scalar_value("numWrRetry").unwrap();
    let retries = stat("numRetries");
    assert!(
        retries <= refusals && retries >= refusals - 1.0,
        "{retries} retries, {refusals} refusals"
    );
    let reads = stat("totalReads") / (stat("totalReads") + stat("totalWrites"));
    assert!((0.65..0.75).contains(&reads), "read share {reads}");
    let moved = stat("readBW") + stat("writeBW");
    assert!(moved > 25e9 && moved <= 32e9, "{moved} bytes/s");
}
