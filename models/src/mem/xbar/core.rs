//! What both crossbars share: address routing, the request and response layers,
//! packets refused by a peer and waiting for its retry, and the packet statistics.
//!
//! ```text
//!  cpu_side_ports[i] ──▶ reqLayer[j] ──(frontend+forward)──▶ mem_side_ports[j]
//!  cpu_side_ports[i] ◀──(response)── respLayer[i] ◀──────── mem_side_ports[j]
//! ```
//!
//! A request records the CPU-side port it arrived on in `pkt.route`; its response
//! pops it to find the way back. Packets leave with `send_timing_at` (gem5's queued
//! ports); one the peer refuses when it comes due returns through `recv_refused`,
//! blocks its layer and is resent, in order, when the peer sends its retry.

use super::layer::Layer;
use super::params::XBarTiming;
use super::stats::{payload_bytes, XBarStats};
use sim_core::component::{Backdoor, Ctx, PortDecl};
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::{StatFlags, StatVisitor, Unit};
use sim_core::{Addr, AddrRange, Priority, Tick};
use std::collections::VecDeque;

/// Event code kinds (shifted left by 16; the low 16 bits hold the layer index).
const REQ_LAYER_RELEASE: u64 = 1;
const RESP_LAYER_RELEASE: u64 = 2;

/// One slice of an interleaved address range (gem5's `AddrRange` with masks): an
/// address is in it when, for every mask `i`, the parity of `addr & masks[i]` is
/// bit `i` of `select`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interleave {
    /// One mask per interleaving bit.
    pub masks: Vec<u64>,
    /// Which slice (gem5's `intlvMatch`).
    pub select: u64,
}

impl Interleave {
    /// Whether `addr` falls in this slice.
    #[inline]
    pub fn holds(&self, addr: u64) -> bool {
        self.masks
            .iter()
            .enumerate()
            .all(|(i, m)| u64::from((addr & m).count_ones() & 1) == (self.select >> i) & 1)
    }
}

/// Routing, layers, stalled packets and stats of one crossbar.
pub(crate) struct XBarCore {
    /// Latencies, width and clock.
    pub(crate) timing: XBarTiming,
    cpu_ports: usize,
    ranges: Vec<AddrRange>,
    /// Per memory-side port, the slice of its range it serves when memories are
    /// interleaved across ports (gem5's multi-channel memories); empty when none is.
    interleave: Vec<Option<Interleave>>,
    /// One per memory-side port; waiters are CPU-side port numbers.
    req_layers: Vec<Layer>,
    /// One per CPU-side port; waiters are memory-side port numbers.
    resp_layers: Vec<Layer>,
    /// Requests a memory-side peer refused, oldest first, per memory-side port.
    stalled_reqs: Vec<VecDeque<PacketPtr>>,
    /// Responses a CPU-side peer refused, oldest first, per CPU-side port.
    stalled_resps: Vec<VecDeque<PacketPtr>>,
    /// transDist, pktCount, pktSize.
    pub(crate) stats: XBarStats,
    /// First tick seen since the last stats reset, and the latest tick seen (the
    /// window layer utilization is measured over; components cannot read `simTicks`).
    window_start: Option<Tick>,
    window_end: Tick,
    /// Tick of the last stats reset (utilization is over `[reset_at, dump time)`
    /// when the stats visitor gives the dump time, as gem5's `simTicks`).
    reset_at: Tick,
}

impl XBarCore {
    /// A crossbar core with `cpu_ports` CPU-side ports and one memory-side port per range.
    pub(crate) fn new(cpu_ports: usize, ranges: Vec<AddrRange>, timing: XBarTiming) -> Self {
        let mem_ports = ranges.len();
        assert!(
            cpu_ports + mem_ports <= u16::MAX as usize,
            "crossbar with {cpu_ports} + {mem_ports} ports has more than a port index can name"
        );
        let period = timing.domain.period();
        XBarCore {
            timing,
            cpu_ports,
            req_layers: (0..mem_ports)
                .map(|_| Layer::new(cpu_ports, period))
                .collect(),
            resp_layers: (0..cpu_ports)
                .map(|_| Layer::new(mem_ports, period))
                .collect(),
            stalled_reqs: (0..mem_ports).map(|_| VecDeque::new()).collect(),
            stalled_resps: (0..cpu_ports).map(|_| VecDeque::new()).collect(),
            stats: XBarStats::new(cpu_ports, mem_ports),
            ranges,
            interleave: Vec::new(),
            window_start: Some(Tick(0)),
            window_end: Tick(0),
            reset_at: Tick(0),
        }
    }

    /// Number of CPU-side ports (they come first in the port list).
    #[inline]
    /// Learn the names of the peers' ports for the stats (call at startup).
    pub(crate) fn learn_peer_names(&mut self, ctx: &Ctx) {
        let cpu = (0..self.cpu_ports)
            .map(|i| ctx.peer_name(i as u16))
            .collect();
        let mem = (0..self.req_layers.len())
            .map(|j| ctx.peer_name(self.mem_port(j)))
            .collect();
        self.stats.set_peer_names(cpu, mem);
    }

    pub(crate) fn cpu_ports(&self) -> usize {
        self.cpu_ports
    }

    /// Port number of memory-side port `j`.
    #[inline]
    pub(crate) fn mem_port(&self, j: usize) -> u16 {
        (self.cpu_ports + j) as u16
    }

    /// Index among the memory-side ports of port number `port`, if it is one.
    #[inline]
    fn mem_index(&self, port: u16) -> Option<usize> {
        (port as usize).checked_sub(self.cpu_ports)
    }

    /// The memory-side port (index) whose range holds `addr`.
    #[inline]
    pub(crate) fn route(&self, addr: Addr) -> Option<usize> {
        if self.interleave.is_empty() {
            return self.ranges.iter().position(|r| r.contains(addr));
        }
        self.ranges
            .iter()
            .zip(&self.interleave)
            .position(|(r, i)| r.contains(addr) && i.as_ref().is_none_or(|i| i.holds(addr.0)))
    }

    /// Serve memory-side port `j`'s range only in slice `interleave[j]` (one entry
    /// per memory-side port; `None` for a port whose range is not interleaved).
    pub(crate) fn set_interleaving(&mut self, interleave: Vec<Option<Interleave>>) {
        if interleave.iter().any(Option::is_some) {
            self.interleave = interleave;
        }
    }

    /// `cpu_side_ports[i]` then `mem_side_ports[j]`.
    pub(crate) fn port_decls(&self) -> Vec<PortDecl> {
        let mut p: Vec<PortDecl> = (0..self.cpu_ports)
            .map(|i| PortDecl::response(format!("cpu_side_ports[{i}]")))
            .collect();
        p.extend((0..self.ranges.len()).map(|j| PortDecl::request(format!("mem_side_ports[{j}]"))));
        p
    }

    #[inline]
    fn observe(&mut self, now: Tick) {
        self.window_start.get_or_insert(now);
        self.window_end = self.window_end.max(now);
    }

    /// Timing: may a request from CPU-side port `from` enter the request layer of
    /// memory-side port `j` now? If not, `from` gets a retry once it is its turn.
    pub(crate) fn try_request_layer(&mut self, j: usize, from: u16, ctx: &mut Ctx) -> bool {
        let now = ctx.now();
        self.observe(now);
        if self.req_layers[j].try_acquire(from, now) {
            return true;
        }
        self.schedule_release(REQ_LAYER_RELEASE, j, ctx);
        false
    }

    /// Occupy request layer `j` with `pkt` (from CPU-side port `from`) and count it.
    /// Returns the clock edge the packet starts moving on.
    pub(crate) fn occupy_request_layer(
        &mut self,
        from: u16,
        j: usize,
        pkt: &Packet,
        ctx: &mut Ctx,
    ) -> Tick {
        let now = ctx.now();
        let edge = self.timing.edge(now);
        let bytes = payload_bytes(pkt);
        let until = edge + self.timing.ticks(self.timing.layer_cycles(bytes));
        self.req_layers[j].occupy(now, until);
        self.window_end = self.window_end.max(until);
        self.stats.record(from as usize, j, pkt.cmd, bytes);
        edge
    }

    /// Timing: send an accepted request from CPU-side port `from` down memory-side port
    /// `j`, after the frontend and forward latency plus `extra` (snoop time). Requests
    /// that expect a response remember `from` on their route.
    pub(crate) fn forward_request(
        &mut self,
        from: u16,
        j: usize,
        mut pkt: PacketPtr,
        extra: Tick,
        ctx: &mut Ctx,
    ) {
        let edge = self.occupy_request_layer(from, j, &pkt, ctx);
        if pkt.cmd.needs_response() {
            pkt.route.push(from);
        }
        let when = edge + self.timing.request_delay() + extra;
        ctx.send_timing_at(self.mem_port(j), pkt, when);
    }

    /// Timing: a response arrives on memory-side port `port`. Sends it up to the
    /// CPU-side port on its route after the response latency and returns that port,
    /// or gives the packet back if the response layer is busy (a retry follows).
    pub(crate) fn forward_response(
        &mut self,
        port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<u16, PacketPtr> {
        let now = ctx.now();
        self.observe(now);
        let j = self
            .mem_index(port)
            .expect("responses arrive on memory-side ports");
        let i = pkt
            .route
            .pop()
            .expect("a response reached a crossbar it did not pass through as a request");
        if !self.resp_layers[i as usize].try_acquire(port, now) {
            pkt.route.push(i);
            self.schedule_release(RESP_LAYER_RELEASE, i as usize, ctx);
            return Err(pkt);
        }
        let edge = self.timing.edge(now);
        let bytes = payload_bytes(&pkt);
        let until = edge + self.timing.ticks(self.timing.layer_cycles(bytes));
        self.resp_layers[i as usize].occupy(now, until);
        self.window_end = self.window_end.max(until);
        self.stats.record(i as usize, j, pkt.cmd, bytes);
        ctx.send_timing_at(i, pkt, edge + self.timing.response_delay());
        Ok(i)
    }

    /// Timing: a request for an address no memory-side port serves. Answered (reads
    /// return zeros) after the response latency, as a bad-address responder would.
    pub(crate) fn answer_unrouted(&mut self, from: u16, mut pkt: PacketPtr, ctx: &mut Ctx) {
        if !pkt.cmd.needs_response() {
            return;
        }
        pkt.make_response();
        self.stats.record_command(pkt.cmd);
        let when = self.timing.edge(ctx.now()) + self.timing.response_delay();
        ctx.send_timing_at(from, pkt, when);
    }

    /// A packet sent with `send_timing_at` was refused by its peer: keep it, in order,
    /// and block its layer until the peer's retry.
    pub(crate) fn recv_refused(&mut self, port: u16, pkt: PacketPtr) {
        match self.mem_index(port) {
            Some(j) => {
                self.stalled_reqs[j].push_back(pkt);
                self.req_layers[j].block();
            }
            None => {
                self.stalled_resps[port as usize].push_back(pkt);
                self.resp_layers[port as usize].block();
            }
        }
    }

    /// The memory-side peer on `port` can take requests again: resend the refused ones.
    pub(crate) fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        let j = self
            .mem_index(port)
            .expect("request retries arrive on memory-side ports");
        while let Some(pkt) = self.stalled_reqs[j].pop_front() {
            if let Err(pkt) = ctx.send_timing_req(port, pkt) {
                self.stalled_reqs[j].push_front(pkt);
                return;
            }
        }
        if self.req_layers[j].is_blocked() {
            self.req_layers[j].unblock();
            self.schedule_release(REQ_LAYER_RELEASE, j, ctx);
        }
    }

    /// The CPU-side peer on `port` can take responses again: resend the refused ones.
    pub(crate) fn recv_resp_retry(&mut self, port: u16, ctx: &mut Ctx) {
        let i = port as usize;
        while let Some(pkt) = self.stalled_resps[i].pop_front() {
            if let Err(pkt) = ctx.send_timing_resp(port, pkt) {
                self.stalled_resps[i].push_front(pkt);
                return;
            }
        }
        if self.resp_layers[i].is_blocked() {
            self.resp_layers[i].unblock();
            self.schedule_release(RESP_LAYER_RELEASE, i, ctx);
        }
    }

    /// Schedule the release event of a layer if it needs one.
    fn schedule_release(&mut self, kind: u64, index: usize, ctx: &mut Ctx) {
        let layer = match kind {
            REQ_LAYER_RELEASE => &mut self.req_layers[index],
            _ => &mut self.resp_layers[index],
        };
        if let Some(when) = layer.next_release(ctx.now()) {
            ctx.schedule(when, Priority::DEFAULT, kind << 16 | index as u64);
        }
    }

    /// A layer's release event: tell the next waiting port to retry.
    pub(crate) fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        let (kind, index) = (code >> 16, (code & 0xffff) as usize);
        let now = ctx.now();
        match kind {
            REQ_LAYER_RELEASE => {
                if let Some(port) = self.req_layers[index].release(now) {
                    ctx.send_retry_req(port);
                }
            }
            RESP_LAYER_RELEASE => {
                if let Some(port) = self.resp_layers[index].release(now) {
                    ctx.send_retry_resp(port);
                }
            }
            _ => unreachable!("unknown crossbar event code {code:#x}"),
        }
        self.schedule_release(kind, index, ctx);
    }

    /// Functional protocol: pass `pkt` to the memory-side port serving its address.
    pub(crate) fn functional(&mut self, pkt: &mut Packet, ctx: &mut Ctx) {
        if let Some(j) = self.route(pkt.addr) {
            ctx.send_functional(self.mem_port(j), pkt);
        }
    }

    /// A backdoor, offered only when a single memory-side port offers one (one
    /// memory, perhaps beside devices, which offer none; the backdoor names the
    /// range it covers). Interleaved channels offer several: none is passed on,
    /// so every access reaches its channel.
    pub(crate) fn backdoor(&mut self, ctx: &mut Ctx) -> Option<Backdoor> {
        let mut found = None;
        for j in 0..self.ranges.len() {
            if let Some(b) = ctx.request_backdoor(self.mem_port(j)) {
                if found.is_some() {
                    return None;
                }
                found = Some(b);
            }
        }
        found
    }

    /// Report packet stats, then layer occupancy and utilization.
    pub(crate) fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.stats.visit(v);
        self.visit_layer_stats(v);
    }

    /// Report `reqLayer<j>` and `respLayer<i>` occupancy and utilization: occupancy
    /// over the ticks since the last stats reset (gem5's `simTicks`) when the
    /// visitor gives the dump time, else from the first packet after the reset to
    /// the latest tick the crossbar has seen or occupied a layer until.
    pub(crate) fn visit_layer_stats(&self, v: &mut dyn StatVisitor) {
        let window = match v.now() {
            Some(now) => now.0.saturating_sub(self.reset_at.0),
            None => {
                let end = self.window_end;
                end.0 - self.window_start.unwrap_or(end).0.min(end.0)
            }
        };
        let visit_layer = |v: &mut dyn StatVisitor, name: String, layer: &Layer| {
            v.begin_group(&name);
            let occ = layer.occupancy().0 as f64;
            // gem5 flags both `nozero`.
            let nz = StatFlags::NOZERO;
            v.scalar_flagged("occupancy", occ, nz, "Layer occupancy (ticks)", Unit::Tick);
            let util = if window == 0 {
                0.0
            } else {
                occ / window as f64
            };
            v.formula_flagged(
                "utilization",
                util,
                Some(1),
                nz,
                "Layer utilization",
                Unit::Ratio,
            );
            v.end_group();
        };
        for (j, layer) in self.req_layers.iter().enumerate() {
            visit_layer(v, format!("reqLayer{j}"), layer);
        }
        for (i, layer) in self.resp_layers.iter().enumerate() {
            visit_layer(v, format!("respLayer{i}"), layer);
        }
    }

    /// Zero the statistics; the utilization window restarts at the next packet.
    pub(crate) fn reset_stats(&mut self) {
        self.stats.reset();
        self.req_layers.iter_mut().for_each(Layer::reset_stats);
        self.resp_layers.iter_mut().for_each(Layer::reset_stats);
        self.window_start = None;
        self.window_end = Tick(0);
    }

    /// [`XBarCore::reset_stats`] at simulated time `now`.
    pub(crate) fn reset_stats_at(&mut self, now: Tick) {
        self.reset_stats();
        self.reset_at = now;
    }
}
