//! Tests of the DRAM controller: timing of row hits, misses and conflicts, FR-FCFS,
//! flow control, refresh, page policies, data movement and the atomic/functional paths.

mod power;
mod probe;
mod requester;
mod state;

use super::{DramParams, PagePolicy};
use requester::{command, range, read, run, write, Requester};
use sim_core::mem::{MemCmd, ReqFlags};
use sim_core::{Addr, Tick};

const NS: u64 = 1000;

/// Bytes between two rows of the same bank (RoRaBaCoCh: row above rank and bank).
fn row_stride(p: &DramParams) -> u64 {
    p.row_buffer_size() * (p.banks_per_rank * p.ranks_per_channel) as u64
}

fn ddr3() -> DramParams {
    DramParams::ddr3_1600_8x8(range())
}

#[test]
fn row_hit_is_faster_than_a_row_conflict_by_trp_plus_trcd() {
    let p = ddr3();
    let conflict = row_stride(&p);
    let script = vec![
        (Tick(0), read(0)),
        (Tick(1000 * NS), read(64)),
        (Tick(2000 * NS), read(conflict)),
    ];
    let r = run(p.clone(), Requester::new(script), |_| {});
    let (miss, hit, conf) = (r.req().latency(0), r.req().latency(1), r.req().latency(2));
    let fixed = p.static_frontend_latency + p.static_backend_latency;
    assert_eq!(hit, p.t_cl + p.t_burst + fixed);
    assert_eq!(miss, hit + p.t_rcd, "a closed bank costs an activate");
    assert_eq!(
        conf,
        hit + p.t_rp + p.t_rcd,
        "a conflict costs precharge + activate"
    );
    let d = &r.ctrl().dram_stats;
    assert_eq!((d.read_bursts, d.read_row_hits), (3, 1));
}

/// Row hit rate of `n` back-to-back reads `stride` bytes apart.
fn hit_rate(stride: u64, n: u64, policy: PagePolicy, gap: Tick) -> f64 {
    let mut p = ddr3();
    p.page_policy = policy;
    let script = (0..n)
        .map(|i| (Tick(i * gap.0), read(i * stride)))
        .collect();
    let r = run(p, Requester::new(script), |_| {});
    assert_eq!(r.req().received.len() as u64, n);
    let d = &r.ctrl().dram_stats;
    d.read_row_hits as f64 / d.read_bursts as f64
}

#[test]
fn sequential_stream_hits_rows_and_strided_stream_misses() {
    let seq = hit_rate(64, 512, PagePolicy::OpenAdaptive, Tick(2 * NS));
    // gem5 closes a row after 16 accesses, so at best 15 of 16 hit.
    assert!(seq > 0.9, "sequential hit rate {seq}");
    let strided = hit_rate(
        row_stride(&ddr3()),
        64,
        PagePolicy::OpenAdaptive,
        Tick(2 * NS),
    );
    assert!(strided < 0.05, "strided hit rate {strided}");
}

#[test]
fn close_page_policy_gives_no_row_hits_on_a_repeated_row() {
    assert_eq!(hit_rate(0, 20, PagePolicy::Close, Tick(200 * NS)), 0.0);
    // Under the open policy it misses only on the first access and when the
    // 16-access limit per activation closes the row.
    assert_eq!(
        hit_rate(0, 20, PagePolicy::Open, Tick(200 * NS)),
        18.0 / 20.0
    );
}

#[test]
fn frfcfs_serves_a_younger_row_hit_before_an_older_conflict() {
    let p = ddr3();
    let script = vec![
        (Tick(0), read(0)),
        (Tick(1000 * NS), read(row_stride(&p))), // older, conflicts with row 0
        (Tick(1000 * NS), read(128)),            // younger, hits row 0
    ];
    let r = run(p, Requester::new(script), |_| {});
    let order: Vec<u64> = r.req().received.iter().map(|x| x.tag).collect();
    assert_eq!(order, [0, 2, 1]);
    assert_eq!(r.ctrl().dram_stats.read_row_hits, 1);
}

#[test]
fn a_full_read_queue_refuses_and_retries_without_losing_requests() {
    let p = ddr3();
    let n = 100u64;
    let script = (0..n).map(|i| (Tick(0), read(i * 4096))).collect();
    let r = run(p.clone(), Requester::new(script), |s| {
        for i in 0..n {
            s.write_le(Addr(i * 4096), 8, i * 7 + 1).unwrap();
        }
    });
    let req = r.req();
    assert!(req.refusals > 0);
    assert_eq!(r.ctrl().stats.num_rd_retry, req.refusals as u64);
    assert_eq!(req.received.len() as u64, n);
    for x in &req.received {
        assert_eq!(x.pkt.cmd, MemCmd::ReadResp);
        assert_eq!(x.pkt.data_le(), x.tag * 7 + 1, "data of read {}", x.tag);
    }
    let mut tags: Vec<u64> = req.received.iter().map(|x| x.tag).collect();
    tags.sort_unstable();
    assert_eq!(tags, (0..n).collect::<Vec<_>>());
    assert_eq!(r.ctrl().stats.read_reqs, n);
}

#[test]
fn refresh_happens_every_trefi() {
    let p = ddr3();
    let n = 500u64;
    let script = (0..n).map(|i| (Tick(i * 100 * NS), read(i * 64))).collect();
    let r = run(p.clone(), Requester::new(script), |_| {});
    let expected = r.end().0 / p.t_refi.0;
    let got = r.ctrl().refreshes();
    assert!(expected >= 6);
    assert!(
        got + 1 >= expected && got <= expected,
        "{got} refreshes, {expected} expected"
    );
}

#[test]
fn a_refresh_closes_rows_and_delays_the_next_access_by_trfc() {
    let p = ddr3();
    let script = vec![(Tick(0), read(0)), (p.t_refi + Tick(NS), read(64))];
    let r = run(p.clone(), Requester::new(script), |_| {});
    let late = r.req().latency(1);
    assert!(late > p.t_rfc, "latency {late} after a refresh");
    assert_eq!(
        r.ctrl().dram_stats.read_row_hits,
        0,
        "refresh closed the row"
    );
    assert_eq!(r.ctrl().refreshes(), 1);
}

#[test]
fn timing_only_writes_leave_the_store_and_normal_writes_change_it() {
    let script = vec![
        (Tick(0), write(0x1000, 0xaa, ReqFlags::TIMING_ONLY)),
        (Tick(0), write(0x2000, 0xbb, ReqFlags::NONE)),
        (Tick(0), command(MemCmd::WritebackDirty, 0x3000)),
        (Tick(0), command(MemCmd::CleanEvict, 0x4000)),
    ];
    let r = run(ddr3(), Requester::new(script), |_| {});
    assert_eq!(r.store.read_le(Addr(0x1000), 8).unwrap(), 0);
    assert_eq!(
        r.store.read_le(Addr(0x2000), 8).unwrap(),
        0xbbbb_bbbb_bbbb_bbbb
    );
    // Only the two writes are answered, each after the frontend latency.
    let req = r.req();
    assert_eq!(req.received.len(), 2);
    for x in &req.received {
        assert_eq!(x.pkt.cmd, MemCmd::WriteResp);
        assert_eq!(x.at - x.sent, ddr3().static_frontend_latency);
    }
    let s = &r.ctrl().stats;
    assert_eq!(
        (s.write_reqs, s.write_bursts, s.neither_read_nor_write_reqs),
        (3, 3, 1)
    );
}

#[test]
fn writes_drain_once_past_the_low_threshold_and_reads_see_queued_writes() {
    let p = ddr3();
    let n = p.write_low_threshold() as u64 + 8;
    let mut script: Vec<_> = (0..n)
        .map(|i| (Tick(0), write(i * 64, i as u8, ReqFlags::NONE)))
        .collect();
    script.push((Tick(0), read(0)));
    let r = run(p.clone(), Requester::new(script), |_| {});
    let (s, d) = (&r.ctrl().stats, &r.ctrl().dram_stats);
    assert_eq!(
        s.serviced_by_wr_q, 1,
        "the read found its data in the write queue"
    );
    assert_eq!(r.req().latency(n), p.static_frontend_latency);
    assert!(
        d.write_bursts > 0,
        "writes past the low threshold were drained"
    );
    assert!(r.ctrl().write_queue.len() < p.write_low_threshold());
    assert_eq!(
        d.write_bursts as usize + r.ctrl().write_queue.len(),
        n as usize
    );
}

#[test]
fn a_refused_response_is_resent_after_the_retry() {
    let mut req = Requester::new(vec![(Tick(0), read(0)), (Tick(0), read(64))]);
    req.refuse_first_resp_for = Some(Tick(500 * NS));
    let r = run(ddr3(), req, |_| {});
    let received = &r.req().received;
    assert_eq!(received.len(), 2);
    let first = received.iter().find(|x| x.tag == 0).unwrap();
    assert!(first.at >= Tick(500 * NS), "resent only after the retry");
}

#[test]
fn mixed_traffic_completes_in_order_of_data_and_reaches_high_bandwidth() {
    let p = ddr3();
    let n = 2000u64;
    // Writes then reads of the same lines, all offered at once: both queues fill,
    // refuse, drain and retry; every read sees its line's write.
    let script = (0..n)
        .map(|i| {
            let line = (i % (n / 2)) * 64;
            let pkt = if i < n / 2 {
                write(line, (i % 251) as u8, ReqFlags::NONE)
            } else {
                read(line)
            };
            (Tick(0), pkt)
        })
        .collect();
    let r = run(p.clone(), Requester::new(script), |_| {});
    let req = r.req();
    assert_eq!(req.received.len() as u64, n);
    for x in req
        .received
        .iter()
        .filter(|x| x.pkt.cmd == MemCmd::ReadResp)
    {
        let i = x.tag - n / 2;
        assert_eq!(x.pkt.data[0], (i % 251) as u8, "read {i}");
    }
    // Sequential reads stream at a large fraction of the 12.8 GB/s peak.
    let reads = req
        .received
        .iter()
        .filter(|x| x.pkt.cmd == MemCmd::ReadResp);
    let first = reads.clone().map(|x| x.at).min().unwrap();
    let last = reads.map(|x| x.at).max().unwrap();
    let bytes = (n / 2 * 64) as f64;
    let gbps = bytes / (last - first).as_seconds() / 1e9;
    assert!(gbps > 8.0, "read bandwidth {gbps} GB/s");
}

#[test]
fn stats_use_gem5_names_and_bandwidth_counts_from_the_last_reset() {
    use sim_core::component::Component;
    use sim_core::stats::StatsSnapshot;
    let script = (0..10)
        .map(|i| (Tick(i * 100 * NS), read(i * 64)))
        .collect();
    let mut r = run(ddr3(), Requester::new(script), |_| {});
    let last = r.req().received.iter().map(|x| x.at).max().unwrap();
    let mut snap = StatsSnapshot::new();
    r.ctrl().visit_stats(&mut snap);
    assert_eq!(snap.scalar_value("readReqs"), Some(10.0));
    assert_eq!(snap.scalar_value("dram.readBursts"), Some(10.0));
    assert!(snap.get("dram.perBankRdBursts").is_some());
    assert_eq!(snap.scalar_value("dram.peakBW"), Some(12800.0));
    // The controller's last activity is the last read's data (response leaves
    // frontend + backend latency later).
    let seen = last - ddr3().static_frontend_latency - ddr3().static_backend_latency;
    let bw = snap.scalar_value("avgRdBWSys").unwrap();
    assert!(
        (bw - 640.0 / seen.as_seconds()).abs() < 1.0,
        "bandwidth {bw}"
    );
    r.ctrl_mut().reset_stats();
    let mut snap = StatsSnapshot::new();
    r.ctrl().visit_stats(&mut snap);
    assert_eq!(snap.scalar_value("readReqs"), Some(0.0));
    assert_eq!(snap.scalar_value("dram.readRowHits"), Some(0.0));
}

#[test]
fn per_requestor_stats_split_by_the_packets_requestor_ids() {
    use sim_core::component::{Component, ComponentId};
    use sim_core::mem::Requestor;
    use sim_core::stats::requestors::{requestor_id, requestor_names, RequestorPort};
    use sim_core::stats::StatsSnapshot;
    // Component 0 is named `system.cpu`: its inst and data requestors.
    let inst = requestor_id(ComponentId(0), RequestorPort::Inst);
    let data = requestor_id(ComponentId(0), RequestorPort::Data);
    let by = |id: u32, addr: u64| {
        let mut p = read(addr);
        p.requestor = Requestor { id, thread: 0 };
        p
    };
    let script = vec![
        (Tick(0), by(inst, 0)),
        (Tick(100 * NS), by(data, 64)),
        (Tick(200 * NS), by(data, 128)),
    ];
    let r = run(ddr3(), Requester::new(script), |_| {});
    let mut snap = StatsSnapshot::new();
    snap.set_requestor_names(requestor_names(["system.cpu"]));
    r.ctrl().visit_stats(&mut snap);
    let v = |n: &str| snap.value(n).unwrap_or_else(|| panic!("no stat {n}"));
    assert_eq!(v("requestorReadBytes::cpu.inst"), 64.0);
    assert_eq!(v("requestorReadBytes::cpu.data"), 128.0);
    assert_eq!(v("requestorReadAccesses::cpu.data"), 2.0);
    assert_eq!(v("dram.bytesRead::total"), 192.0);
    // Instruction fetches are told by the requestor, as gem5's isInstFetch.
    assert_eq!(v("dram.bytesInstRead::cpu.inst"), 64.0);
    assert_eq!(v("dram.bytesInstRead::cpu.data"), 0.0);
    let avg = v("requestorReadAvgLat::cpu.data");
    let total = v("requestorReadTotalLat::cpu.data");
    assert!(
        avg > 0.0 && (avg - total / 2.0).abs() < 1e-9,
        "{avg} vs {total}"
    );
}
