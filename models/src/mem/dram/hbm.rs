//! gem5's `HBMCtrl`: one controller driving the two pseudo channels of an HBM2
//! channel (`dram` and `dram_2`, each a `DRAMInterface` such as
//! `HBM_2000_4H_1x64`) behind one port. Address bit 6 picks the pseudo channel
//! (gem5 hard-wires the same bit); each pseudo channel has its own queues,
//! scheduler and bank state, and the controller-level stats count both.

use super::ctrl::{DramCtrl, EV_NEXT_REQ, EV_RESPOND};
use super::from_node::interleaved_range;
use super::params::DramParams;
use super::power::power_at;
use super::stats::Window;
use super::stats_report::{visit_ctrl, visit_dram};
use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};
use sim_core::mem::{BackingStore, Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::{AddrRange, Tick};
use std::any::Any;
use std::collections::VecDeque;
use std::sync::Arc;

/// The address bit that selects the pseudo channel.
pub const PSEUDO_CHANNEL_BIT: u32 = 6;

/// Event codes of the second pseudo channel start here.
const PC1_EVENTS: u64 = 16;

/// The `HBMCtrl` parameters [`HbmCtrl::from_node`] reads besides its interfaces'
/// (those are [`super::DRAM_INTERFACE_PARAMS`] of `dram` and `dram_2`), sorted.
pub const HBM_CTRL_PARAMS: &[&str] = &[
    "dram",
    "dram_2",
    "mem_sched_policy",
    "min_writes_per_switch",
    "static_backend_latency",
    "static_frontend_latency",
    "write_high_thresh_perc",
    "write_low_thresh_perc",
];

/// An HBM controller with two pseudo channels (component type `HBMCtrl`, one
/// response port `port`).
pub struct HbmCtrl {
    pcs: [DramCtrl; 2],
    range: AddrRange,
    store: Arc<BackingStore>,
    /// Responses the requester refused, resent in order after its retry.
    blocked_resps: VecDeque<PacketPtr>,
    prev_arrival: Option<Tick>,
    /// Gaps between arrivals at the controller (gem5's `totGap` of `HBMCtrl`).
    tot_gap: u64,
    reset_tick: Tick,
    now_seen: Tick,
}

impl HbmCtrl {
    /// A controller serving `range` from `store` with pseudo channels `pc0`
    /// (`dram`) and `pc1` (`dram_2`). Each pseudo channel holds half of the range,
    /// so its parameters' range is taken as half of `range`, as gem5's interleaved
    /// interface ranges are.
    pub fn new(
        range: AddrRange,
        mut pc0: DramParams,
        mut pc1: DramParams,
        store: Arc<BackingStore>,
    ) -> Self {
        let half = AddrRange::new(range.start.0, range.size() / 2);
        pc0.range = half;
        pc1.range = half;
        let mut a = DramCtrl::new(pc0, store.clone());
        let mut b = DramCtrl::new(pc1, store.clone());
        a.set_channel_bits(vec![PSEUDO_CHANNEL_BIT]);
        b.set_channel_bits(vec![PSEUDO_CHANNEL_BIT]);
        b.ev_base = PC1_EVENTS;
        HbmCtrl {
            pcs: [a, b],
            range,
            store,
            blocked_resps: VecDeque::new(),
            prev_arrival: None,
            tot_gap: 0,
            reset_tick: Tick(0),
            now_seen: Tick(0),
        }
    }

    /// gem5's `HBMCtrl` with two `HBM_2000_4H_1x64` interfaces and its
    /// `min_writes_per_switch` of 64.
    pub fn hbm_2000_4h_1x64(range: AddrRange, store: Arc<BackingStore>) -> Self {
        let mut p = DramParams::hbm_2000_4h_1x64(range);
        p.min_writes_per_switch = 64;
        HbmCtrl::new(range, p.clone(), p, store)
    }

    /// Build from an `HBMCtrl` node and its `dram` and `dram_2` interfaces. The
    /// controller serves the span of the interfaces' ranges.
    pub fn from_node(
        node: &ObjectNode,
        ctx: &BuildCtx,
        store: Arc<BackingStore>,
    ) -> Result<HbmCtrl, BuildError> {
        let iface = |name: &str| -> Result<DramParams, BuildError> {
            let path = node.object_ref(name)?.ok_or_else(|| BuildError::Invalid {
                path: node.path.clone(),
                what: format!("{name} is NULL (an HBMCtrl needs two DRAM interfaces)"),
            })?;
            let iface = ctx.node(&path)?;
            let range = interleaved_range(iface, "range")?;
            let pc_mask = 1u64 << PSEUDO_CHANNEL_BIT;
            if !(range.masks.is_empty() || range.masks == [pc_mask]) {
                return Err(BuildError::Invalid {
                    path: format!("{path}.range"),
                    what: format!(
                        "interleaving masks {:?} are not modelled (allowed: none, or [{pc_mask}] \
                         for the pseudo channels of a single HBM channel)",
                        range.masks
                    ),
                });
            }
            DramParams::from_nodes(node, iface)
        };
        let (pc0, pc1) = (iface("dram")?, iface("dram_2")?);
        if pc0.burst_size() != pc1.burst_size() {
            return Err(BuildError::Invalid {
                path: node.path.clone(),
                what: format!(
                    "dram bursts of {} bytes and dram_2 bursts of {} bytes differ (they must match)",
                    pc0.burst_size(),
                    pc1.burst_size()
                ),
            });
        }
        let start = pc0.range.start.min(pc1.range.start);
        let end = pc0.range.end.max(pc1.range.end);
        let range = AddrRange { start, end };
        Ok(HbmCtrl::new(range, pc0, pc1, store))
    }

    /// The pseudo channels' controllers (`dram`, `dram_2`).
    pub fn pseudo_channels(&self) -> &[DramCtrl; 2] {
        &self.pcs
    }

    fn pc_of(addr: u64) -> usize {
        ((addr >> PSEUDO_CHANNEL_BIT) & 1) as usize
    }

    fn window(&self, now: Option<Tick>) -> Window {
        Window {
            start: self.reset_tick,
            now: now.unwrap_or(self.now_seen).max(self.now_seen),
        }
    }
}

impl Component for HbmCtrl {
    fn type_name(&self) -> &'static str {
        "HBMCtrl"
    }

    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let r = self.range;
        let p = self.pcs[0].dram_params();
        vec![
            (
                "range".into(),
                json!(format!("{}:{}", r.start.0, r.end.0 - 1)),
            ),
            (
                "write_high_thresh_perc".into(),
                json!(p.write_high_thresh_perc),
            ),
            (
                "write_low_thresh_perc".into(),
                json!(p.write_low_thresh_perc),
            ),
            (
                "min_writes_per_switch".into(),
                json!(p.min_writes_per_switch),
            ),
            ("mem_sched_policy".into(), json!("frfcfs")),
            (
                "static_frontend_latency".into(),
                json!(p.static_frontend_latency.0),
            ),
            (
                "static_backend_latency".into(),
                json!(p.static_backend_latency.0),
            ),
        ]
    }

    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }

    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        let (pc, code) = if code >= PC1_EVENTS {
            (1, code - PC1_EVENTS)
        } else {
            (0, code)
        };
        debug_assert!(code == EV_NEXT_REQ || code == EV_RESPOND);
        self.pcs[pc].handle_event(code, ctx);
    }

    fn recv_timing_req(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let now = ctx.now();
        self.now_seen = now;
        let pc = Self::pc_of(pkt.addr.0);
        let counts = pkt.cmd.is_read() || pkt.cmd.is_write();
        let prev = self.prev_arrival;
        let result = self.pcs[pc].recv_timing_req(port, pkt, ctx);
        // gem5 measures the gap before checking the queues, so refused requests count.
        if counts {
            if let Some(prev) = prev {
                self.tot_gap += (now - prev).0;
            }
            self.prev_arrival = Some(now);
        }
        result
    }

    fn recv_refused(&mut self, _port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        self.blocked_resps.push_back(pkt);
    }

    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        let now = ctx.now();
        self.now_seen = now;
        while let Some(pkt) = self.blocked_resps.pop_front() {
            ctx.send_timing_at(0, pkt, now);
        }
    }

    fn recv_atomic(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.now_seen = self.now_seen.max(ctx.now());
        let pc = Self::pc_of(pkt.addr.0);
        self.pcs[pc].recv_atomic(port, pkt, ctx)
    }

    fn recv_functional(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        self.pcs[0].recv_functional(port, pkt, ctx);
    }

    fn backdoor(&mut self, _port: u16, _ctx: &mut Ctx) -> Option<Backdoor> {
        Some(Backdoor {
            range: self.range,
            store: self.store.clone(),
            data_only: false,
        })
    }

    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let w = self.window(v.now());
        let [a, b] = &self.pcs;
        let mut s = a.stats.clone();
        let t = &b.stats;
        s.read_reqs += t.read_reqs;
        s.write_reqs += t.write_reqs;
        s.read_bursts += t.read_bursts;
        s.write_bursts += t.write_bursts;
        s.serviced_by_wr_q += t.serviced_by_wr_q;
        s.merged_wr_bursts += t.merged_wr_bursts;
        s.neither_read_nor_write_reqs += t.neither_read_nor_write_reqs;
        s.avg_rd_q_len = a.stats.avg_rd_q_len.combined(&t.avg_rd_q_len, w.now);
        s.avg_wr_q_len = a.stats.avg_wr_q_len.combined(&t.avg_wr_q_len, w.now);
        s.num_rd_retry += t.num_rd_retry;
        s.num_wr_retry += t.num_wr_retry;
        for (x, y) in s.read_pkt_size.iter_mut().zip(&t.read_pkt_size) {
            *x += y;
        }
        for (x, y) in s.write_pkt_size.iter_mut().zip(&t.write_pkt_size) {
            *x += y;
        }
        for (x, y) in s.rd_q_len_pdf.iter_mut().zip(&t.rd_q_len_pdf) {
            *x += y;
        }
        for (x, y) in s.wr_q_len_pdf.iter_mut().zip(&t.wr_q_len_pdf) {
            *x += y;
        }
        s.bytes_read_wr_q += t.bytes_read_wr_q;
        s.bytes_read_sys += t.bytes_read_sys;
        s.bytes_written_sys += t.bytes_written_sys;
        s.tot_gap = self.tot_gap;
        visit_ctrl(&s, w, v);
        for (name, pc) in [("dram", a), ("dram_2", b)] {
            v.begin_group(name);
            let power = power_at(&pc.state, &pc.p, w.now);
            visit_dram(&pc.dram_stats, &pc.p, &power, w, v);
            v.end_group();
        }
    }

    fn reset_stats(&mut self) {
        self.reset_stats_at(self.now_seen);
    }

    fn reset_stats_at(&mut self, now: Tick) {
        let now = now.max(self.now_seen);
        for pc in &mut self.pcs {
            pc.reset_stats_at(now);
        }
        self.tot_gap = 0;
        self.reset_tick = now;
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
