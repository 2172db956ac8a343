//! Tests of the HBM preset and controller: pseudo-channel interleaving, stats
//! names, bandwidth against DDR3, and building from config.json nodes.

use super::{DramCtrl, DramParams, HbmCtrl, DRAM_INTERFACE_PARAMS, HBM_CTRL_PARAMS};
use crate::mem::traffic_gen::{StochasticArgs, TrafficGen, TrafficGenParams, TrafficPhase};
use sim_core::config::object_tree::{BuildCtx, ObjectTree};
use sim_core::mem::BackingStore;
use sim_core::{AddrRange, Component, StatsSnapshot, SystemBuilder, Tick};
use std::sync::Arc;

const NS: u64 = 1000;
const US: u64 = 1_000_000;

fn range() -> AddrRange {
    AddrRange::new(0, 512 << 20)
}

fn store() -> Arc<BackingStore> {
    Arc::new(BackingStore::new(range()).expect("map a test memory"))
}

/// Drive `mem` for 10 us with linear traffic every `period` ticks; returns the
/// generator's and the memory's stats at the end.
fn drive(
    mem: Box<dyn Component>,
    period: u64,
    read_percent: u64,
) -> (StatsSnapshot, StatsSnapshot) {
    let mut b = SystemBuilder::new();
    let mut g = TrafficGen::new(TrafficGenParams::default());
    let phase = TrafficPhase::Linear(StochasticArgs {
        duration: 10 * US,
        min_addr: 0,
        max_addr: 1 << 20,
        block_size: 64,
        min_period: period,
        max_period: period,
        read_percent,
        data_limit: 0,
    });
    g.start(vec![phase, TrafficPhase::Exit { duration: 0 }], Tick(0))
        .unwrap();
    let g = b.add("gen", Box::new(g)).unwrap();
    let m = b.add("mem", mem).unwrap();
    b.connect_named(g, "port", m, "port").unwrap();
    let mut sys = b.build().unwrap();
    let cause = sys.simulate(Some(Tick(100 * US)));
    assert_eq!(cause.event_name(), "EXIT");
    let snap = |id| {
        let mut s = StatsSnapshot::new();
        sys.component(id).visit_stats(&mut s);
        s
    };
    (snap(g), snap(m))
}

fn stat(s: &StatsSnapshot, name: &str) -> f64 {
    s.scalar_value(name)
        .unwrap_or_else(|| panic!("no stat {name}"))
}

#[test]
fn hbm_preset_is_gem5s_pseudo_channel() {
    let p = DramParams::hbm_2000_4h_1x64(range());
    assert_eq!(p.burst_size(), 32);
    assert_eq!(p.row_buffer_size(), 1024);
    assert_eq!((p.banks_per_rank, p.bank_groups_per_rank), (16, 4));
    assert_eq!(
        (p.t_rcd, p.t_cl, p.t_burst),
        (Tick(12 * NS), Tick(18 * NS), Tick(2 * NS))
    );
    assert_eq!(p.t_refi, Tick(3900 * NS));
    assert_eq!((p.read_buffer_size, p.write_buffer_size), (64, 64));
}

#[test]
fn bit_six_splits_the_traffic_evenly_over_the_pseudo_channels() {
    let hbm = HbmCtrl::hbm_2000_4h_1x64(range(), store());
    let (gen, mem) = drive(Box::new(hbm), 4 * NS, 100);
    let (pc0, pc1) = (
        stat(&mem, "dram.readBursts"),
        stat(&mem, "dram_2.readBursts"),
    );
    assert!(pc0 > 1000.0, "{pc0} bursts");
    // Linear 64-byte reads alternate channels; each read is two 32-byte bursts.
    assert!((pc0 - pc1).abs() <= 2.0, "{pc0} vs {pc1}");
    assert_eq!(stat(&mem, "readReqs"), stat(&gen, "numPackets"));
    // The controller counts bursts as they are queued, the interfaces as they
    // are issued: the difference is what is still queued at the exit.
    let queued = stat(&mem, "readBursts") - (pc0 + pc1);
    assert!((0.0..=128.0).contains(&queued), "{queued} bursts queued");
    assert_eq!(stat(&mem, "writeReqs"), 0.0);
}

#[test]
fn hbm_sustains_more_bandwidth_than_one_ddr3_channel() {
    // One 64-byte request per 2 ns asks for 32 GB/s.
    let (hbm, _) = drive(
        Box::new(HbmCtrl::hbm_2000_4h_1x64(range(), store())),
        2 * NS,
        100,
    );
    let ddr3 = DramCtrl::new(DramParams::ddr3_1600_8x8(range()), store());
    let (ddr, _) = drive(Box::new(ddr3), 2 * NS, 100);
    let (h, d) = (stat(&hbm, "bytesRead"), stat(&ddr, "bytesRead"));
    // DDR3-1600 x64 peaks at 12.8 GB/s, an HBM2 pseudo channel (64 bits at
    // 2 Gb/s) at 16 GB/s, so the pair at 32 GB/s.
    assert!(d <= 12.8e9 * 10e-6 + 64.0, "DDR3 read {d} bytes");
    assert!(h > d * 1.15, "HBM {h} bytes, DDR3 {d} bytes");
    assert!(h <= 32e9 * 10e-6 + 128.0, "HBM read {h} bytes");
}

#[test]
fn writes_reach_both_pseudo_channels_and_are_answered() {
    let hbm = HbmCtrl::hbm_2000_4h_1x64(range(), store());
    let (gen, mem) = drive(Box::new(hbm), 10 * NS, 0);
    assert!(stat(&gen, "totalWrites") > 900.0);
    assert!(stat(&mem, "dram.writeBursts") > 0.0);
    assert!(stat(&mem, "dram_2.writeBursts") > 0.0);
    assert_eq!(stat(&gen, "totalReads"), 0.0);
}

fn tree_value() -> serde_json::Value {
    let iface = |name: &str| {
        let mut node = serde_json::json!({
            "type": "DRAMInterface", "cxx_class": "gem5::memory::DRAMInterface",
            "name": name, "path": format!("board.memory.mem_ctrl.{name}"),
            "range": format!("0:536870912:{}:64", (name == "dram_2") as u8), "device_size": 268435456u64, "device_bus_width": 64,
            "burst_length": 4, "device_rowbuffer_size": 1024, "devices_per_rank": 1,
            "ranks_per_channel": 1, "banks_per_rank": 16, "bank_groups_per_rank": 4,
            "tCK": 1000, "tBURST": 2000, "tRCD": 12000, "tCL": 18000, "tRP": 14000,
            "tRAS": 28000, "tWR": 14000, "tRTP": 5000, "tWTR": 4000, "tRTW": 18000,
            "tCS": 0, "tRRD": 4000, "tRRD_L": 6000, "tCCD_L": 3000, "tXAW": 16000,
            "activation_limit": 4, "tRFC": 220000, "tREFI": 3900000,
            "read_buffer_size": 64, "write_buffer_size": 64, "page_policy": "close_adaptive",
            "max_accesses_per_row": 16, "addr_mapping": "RoRaBaCoCh"
        });
        for (param, value) in DramParams::hbm_2000_4h_1x64(range()).power_tree_params() {
            node[param] = value;
        }
        node
    };
    serde_json::json!({
        "type": "Root", "cxx_class": "gem5::Root", "name": "root", "path": "root",
        "board": {
            "type": "TestBoard", "cxx_class": "gem5::System", "name": "board", "path": "board",
            "memory": {
                "type": "SubSystem", "cxx_class": "gem5::SubSystem", "name": "memory",
                "path": "board.memory",
                "mem_ctrl": {
                    "type": "HBMCtrl", "cxx_class": "gem5::memory::HBMCtrl",
                    "name": "mem_ctrl", "path": "board.memory.mem_ctrl",
                    "mem_sched_policy": "frfcfs", "min_writes_per_switch": 64,
                    "static_backend_latency": 10000, "static_frontend_latency": 10000,
                    "write_high_thresh_perc": 85, "write_low_thresh_perc": 50,
                    "dram": iface("dram"), "dram_2": iface("dram_2")
                }
            }
        }
    })
}

#[test]
fn builds_from_an_hbmctrl_node_and_its_two_interfaces() {
    let tree = ObjectTree::from_value(&tree_value()).unwrap();
    let node = tree.node("board.memory.mem_ctrl").unwrap();
    let ctx = BuildCtx::new(&tree);
    let ctrl = HbmCtrl::from_node(node, &ctx, store()).unwrap();
    let built = ctrl.pseudo_channels()[1].dram_params();
    let preset = DramParams::hbm_2000_4h_1x64(range());
    assert_eq!((built.t_cl, built.t_refi), (preset.t_cl, preset.t_refi));
    assert_eq!(built.min_writes_per_switch, 64);
    assert_eq!(
        built.range,
        AddrRange::new(0, 256 << 20),
        "half the range each"
    );
    for name in DRAM_INTERFACE_PARAMS {
        assert!(tree
            .node("board.memory.mem_ctrl.dram")
            .unwrap()
            .params
            .contains_key(*name));
    }
    assert!(HBM_CTRL_PARAMS.windows(2).all(|w| w[0] < w[1]));
    assert!(DRAM_INTERFACE_PARAMS.windows(2).all(|w| w[0] < w[1]));

    let mut wide = tree_value();
    wide["board"]["memory"]["mem_ctrl"]["dram"]["range"] = "0:536870912:0:64:128".into();
    let tree = ObjectTree::from_value(&wide).unwrap();
    let node = tree.node("board.memory.mem_ctrl").unwrap();
    let err = HbmCtrl::from_node(node, &BuildCtx::new(&tree), store())
        .err()
        .expect("channel interleaving inside one controller is refused")
        .to_string();
    assert!(
        err.starts_with("board.memory.mem_ctrl.dram.range: interleaving masks [64, 128]"),
        "{err}"
    );

    let mut bad = tree_value();
    bad["board"]["memory"]["mem_ctrl"]["dram_2"]["page_policy"] = "sometimes".into();
    let tree = ObjectTree::from_value(&bad).unwrap();
    let node = tree.node("board.memory.mem_ctrl").unwrap();
    let err = HbmCtrl::from_node(node, &BuildCtx::new(&tree), store())
        .err()
        .expect("a bad page policy is refused")
        .to_string();
    assert!(
        err.contains("board.memory.mem_ctrl.dram_2.page_policy") && err.contains("sometimes"),
        "{err}"
    );
}
