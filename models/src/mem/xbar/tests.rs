//! Timing tests of the non-coherent crossbar: latencies, layer contention and retries,
//! routing by address, refusals by either peer, and its stats.

use super::test_support::{get, request, Requester, Responder, Seen};
use super::{XBar, XBarParams};
use sim_core::component::ComponentId;
use sim_core::mem::MemCmd;
use sim_core::stats::{StatValue, StatsSnapshot};
use sim_core::{AddrRange, Frequency, System, SystemBuilder};

/// 1 GHz: one crossbar cycle is 1000 ticks.
const GHZ: Frequency = Frequency(1_000_000_000);

/// `requesters` above a `SystemXBar`-timed crossbar with one memory per range.
/// Returns the system and the ids of the requesters, the crossbar and the memories.
fn build(
    requesters: Vec<Requester>,
    memories: Vec<(AddrRange, Responder)>,
) -> (System, Vec<ComponentId>, ComponentId, Vec<ComponentId>) {
    let mut b = SystemBuilder::new();
    let ranges = memories.iter().map(|(r, _)| *r).collect();
    let params = XBarParams::system(requesters.len(), ranges, GHZ);
    let xbar = b.add("xbar", Box::new(XBar::new(params))).unwrap();
    let mut reqs = Vec::new();
    for (i, r) in requesters.into_iter().enumerate() {
        let id = b.add(&format!("req{i}"), Box::new(r)).unwrap();
        b.connect_named(id, "mem_side", xbar, &format!("cpu_side_ports[{i}]"))
            .unwrap();
        reqs.push(id);
    }
    let mut mems = Vec::new();
    for (j, (_, m)) in memories.into_iter().enumerate() {
        let id = b.add(&format!("mem{j}"), Box::new(m)).unwrap();
        b.connect_named(xbar, &format!("mem_side_ports[{j}]"), id, "port")
            .unwrap();
        mems.push(id);
    }
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    (sys, reqs, xbar, mems)
}

fn one_memory(latency: u64) -> Vec<(AddrRange, Responder)> {
    vec![(AddrRange::new(0, 1 << 20), Responder::new(latency))]
}

fn ticks(seen: &[Seen]) -> Vec<u64> {
    seen.iter().map(|s| s.tick).collect()
}

#[test]
fn request_and_response_see_the_crossbar_latencies() {
    // Tick 0 is a clock edge; tick 500 waits for the edge at 1000.
    let r = Requester::new(vec![
        (0, request(MemCmd::ReadReq, 0x40, 64)),
        (500, request(MemCmd::ReadReq, 0x80, 64)),
    ]);
    let (sys, reqs, _, mems) = build(vec![r], one_memory(10_000));
    let mem = get::<Responder>(&sys, mems[0]);
    // frontend 3 + forward 4 cycles; the second waits for the first's layer
    // (header 1 cycle, a read request carries no payload) and the clock edge.
    assert_eq!(
        mem.received,
        [
            (7_000, MemCmd::ReadReq, 0x40),
            (8_000, MemCmd::ReadReq, 0x80)
        ]
    );
    let req = get::<Requester>(&sys, reqs[0]);
    // Memory answers 10 ns later, the crossbar adds 2 cycles. The first response's
    // 64 bytes hold the response layer 1 + 4 cycles (17000..22000), so the second,
    // arriving at 18000, is refused and retried at 22000.
    assert_eq!(ticks(&req.responses), [19_000, 24_000]);
    assert_eq!(req.responses[0].cmd, MemCmd::ReadResp);
}

#[test]
fn busy_layer_refuses_and_retries_in_order_without_losing_packets() {
    // Three 64-byte writes at once: each holds the request layer 1 + 64/16 = 5 cycles.
    let reqs: Vec<Requester> = (0..3)
        .map(|i| Requester::new(vec![(0, request(MemCmd::WriteReq, 0x100 * i, 64))]))
        .collect();
    let (sys, ids, xbar, mems) = build(reqs, one_memory(1_000));
    let mem = get::<Responder>(&sys, mems[0]);
    let arrivals: Vec<(u64, u64)> = mem.received.iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(arrivals, [(7_000, 0), (12_000, 0x100), (17_000, 0x200)]);
    let refusals: Vec<u32> = ids
        .iter()
        .map(|&id| get::<Requester>(&sys, id).refusals)
        .collect();
    assert_eq!(refusals, [0, 1, 1]);
    for (k, &id) in ids.iter().enumerate() {
        let r = get::<Requester>(&sys, id);
        assert_eq!(r.responses.len(), 1, "requester {k} got its response");
        assert_eq!(
            r.responses[0].tick,
            7_000 + 5_000 * k as u64 + 1_000 + 2_000
        );
    }
    let x = get::<XBar>(&sys, xbar);
    assert_eq!(x.core.stats.trans(MemCmd::WriteReq), 3);
    assert_eq!(x.core.stats.trans(MemCmd::WriteResp), 3);
}

#[test]
fn requests_route_by_address_and_responses_return_to_their_sender() {
    let r0 = Requester::new(vec![(0, request(MemCmd::ReadReq, 0x1040, 64))]);
    let r1 = Requester::new(vec![(0, request(MemCmd::ReadReq, 0x40, 64))]);
    let mems = vec![
        (AddrRange::new(0, 0x1000), Responder::new(1_000)),
        (AddrRange::new(0x1000, 0x1000), Responder::new(5_000)),
    ];
    let (sys, reqs, xbar, mems) = build(vec![r0, r1], mems);
    assert_eq!(get::<Responder>(&sys, mems[0]).received[0].2, 0x40);
    assert_eq!(get::<Responder>(&sys, mems[1]).received[0].2, 0x1040);
    // Different layers: no contention, both forwarded at 7000.
    let r0 = get::<Requester>(&sys, reqs[0]);
    let r1 = get::<Requester>(&sys, reqs[1]);
    assert_eq!(
        (r0.responses[0].addr, r0.responses[0].tick),
        (0x1040, 14_000)
    );
    assert_eq!((r1.responses[0].addr, r1.responses[0].tick), (0x40, 10_000));
    let x = get::<XBar>(&sys, xbar);
    // Request and response each count on their (cpu, mem) pair.
    assert_eq!(x.core.stats.count(0, 1), 2);
    assert_eq!(x.core.stats.count(1, 0), 2);
    assert_eq!(x.core.stats.count(0, 0), 0);
}

#[test]
fn refused_delivery_blocks_the_layer_until_the_memory_retries() {
    let r0 = Requester::new(vec![(0, request(MemCmd::ReadReq, 0x40, 64))]);
    let r1 = Requester::new(vec![(9_000, request(MemCmd::ReadReq, 0x80, 64))]);
    let mut mem = Responder::new(1_000);
    mem.open_at = sim_core::Tick(20_000);
    let (sys, reqs, _, mems) = build(vec![r0, r1], vec![(AddrRange::new(0, 1 << 20), mem)]);
    let mem = get::<Responder>(&sys, mems[0]);
    // The first is refused at 7000 and resent on the retry at 20000; the second was
    // refused by the blocked layer at 9000 and retried once the first went through.
    assert_eq!(
        mem.received,
        [
            (20_000, MemCmd::ReadReq, 0x40),
            (27_000, MemCmd::ReadReq, 0x80)
        ]
    );
    assert_eq!(get::<Requester>(&sys, reqs[1]).refusals, 1);
    assert_eq!(get::<Requester>(&sys, reqs[0]).responses[0].tick, 23_000);
    assert_eq!(get::<Requester>(&sys, reqs[1]).responses[0].tick, 30_000);
}

#[test]
fn refused_response_is_resent_after_the_requester_retries() {
    let mut r = Requester::new(vec![(0, request(MemCmd::ReadReq, 0x40, 64))]);
    r.refuse_responses = 1;
    let (sys, reqs, _, _) = build(vec![r], one_memory(10_000));
    let req = get::<Requester>(&sys, reqs[0]);
    // Due at 19000, refused, retried one cycle later.
    assert_eq!(ticks(&req.responses), [20_000]);
}

#[test]
fn writebacks_go_down_without_a_response() {
    let r = Requester::new(vec![(0, request(MemCmd::WritebackDirty, 0x40, 64))]);
    let (sys, reqs, _, mems) = build(vec![r], one_memory(1_000));
    assert_eq!(get::<Responder>(&sys, mems[0]).received.len(), 1);
    assert!(get::<Requester>(&sys, reqs[0]).responses.is_empty());
}

#[test]
fn stats_name_commands_port_pairs_and_layers() {
    let r = Requester::new(vec![(0, request(MemCmd::WriteReq, 0x40, 64))]);
    let (sys, _, xbar, _) = build(vec![r], one_memory(1_000));
    let mut snap = StatsSnapshot::new();
    sys.component(xbar).visit_stats(&mut snap);
    let Some(StatValue::Vector {
        values, subnames, ..
    }) = snap.get("transDist").map(|e| &e.value)
    else {
        panic!("transDist is a vector");
    };
    let names = subnames.as_ref().unwrap();
    let write = names.iter().position(|n| n == "WriteReq").unwrap();
    assert_eq!(values[write], 1.0);
    let mut text = Vec::new();
    sim_core::stats::write_text(&snap, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let has = |name: &str| {
        text.lines()
            .any(|l| l.split_whitespace().next() == Some(name))
    };
    assert!(has("transDist::WriteReq"));
    assert!(
        !has("transDist::ReadReq"),
        "zero entries are left out (nozero)"
    );
    assert!(!has("transDist::total"), "gem5's transDist has no total");
    // Rows and columns are named after the peers' ports; with one memory-side
    // port each row is its single `row::column` line, and with one CPU-side port
    // there is no overall total either (as in gem5).
    let row = "pktSize_req0.mem_side::mem0.port";
    assert_eq!(snap.scalar_value(row), Some(64.0));
    assert!(has("pktCount_req0.mem_side::mem0.port"));
    assert!(!has("pktSize::total"));
    // 1 header + 4 payload cycles.
    assert_eq!(snap.scalar_value("reqLayer0.occupancy"), Some(5_000.0));
    assert_eq!(snap.scalar_value("respLayer0.occupancy"), Some(1_000.0));
    assert!(snap.scalar_value("respLayer0.utilization").unwrap() > 0.0);
}
