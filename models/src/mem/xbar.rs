//! A non-coherent crossbar (gem5's `NoncoherentXBar`, also used as the SE membus
//! when there are no caches): routes requests to the memory-side port whose address
//! range contains them.

use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::Packet;
use sim_core::stats::{StatVisitor, Unit};
use sim_core::{AddrRange, ClockDomain, Cycles, Frequency, Tick};
use std::any::Any;

/// Parameters of a crossbar.
#[derive(Clone, Debug)]
pub struct XBarParams {
    /// Number of CPU-side (response) ports.
    pub cpu_side_ports: usize,
    /// Address range served behind each memory-side (request) port.
    pub mem_side_ranges: Vec<AddrRange>,
    /// Clock of the crossbar.
    pub clock: Frequency,
    /// Width in bytes per cycle.
    pub width: u32,
    /// Cycles to accept a request (gem5 `frontend_latency`).
    pub frontend_latency: Cycles,
    /// Cycles to forward a request (gem5 `forward_latency`).
    pub forward_latency: Cycles,
    /// Cycles to return a response (gem5 `response_latency`).
    pub response_latency: Cycles,
}

impl XBarParams {
    /// gem5's `SystemXBar` defaults with one memory-side range.
    pub fn system(cpu_side_ports: usize, ranges: Vec<AddrRange>, clock: Frequency) -> Self {
        XBarParams {
            cpu_side_ports,
            mem_side_ranges: ranges,
            clock,
            width: 16,
            frontend_latency: Cycles(3),
            forward_latency: Cycles(4),
            response_latency: Cycles(2),
        }
    }
}

/// The crossbar component. Ports: `cpu_side_ports[i]` then `mem_side_ports[j]`.
pub struct XBar {
    params: XBarParams,
    domain: ClockDomain,
    pkt_count: Vec<u64>,
}

impl XBar {
    /// A crossbar with `params`.
    pub fn new(params: XBarParams) -> Self {
        let n = params.cpu_side_ports;
        XBar {
            domain: ClockDomain::new(params.clock),
            params,
            pkt_count: vec![0; n],
        }
    }

    fn route(&self, pkt: &Packet) -> Option<u16> {
        let n = self.params.cpu_side_ports;
        self.params
            .mem_side_ranges
            .iter()
            .position(|r| r.contains(pkt.addr))
            .map(|i| (n + i) as u16)
    }
}

impl Component for XBar {
    fn type_name(&self) -> &'static str {
        "NoncoherentXBar"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("width".into(), json!(self.params.width)),
            (
                "frontend_latency".into(),
                json!(self.params.frontend_latency.0),
            ),
            (
                "forward_latency".into(),
                json!(self.params.forward_latency.0),
            ),
            (
                "response_latency".into(),
                json!(self.params.response_latency.0),
            ),
            ("clk_domain".into(), json!(self.domain.period.0)),
        ]
    }
    fn ports(&self) -> Vec<PortDecl> {
        let mut p: Vec<PortDecl> = (0..self.params.cpu_side_ports)
            .map(|i| PortDecl::response(format!("cpu_side_ports[{i}]")))
            .collect();
        p.extend(
            (0..self.params.mem_side_ranges.len())
                .map(|i| PortDecl::request(format!("mem_side_ports[{i}]"))),
        );
        p
    }
    fn recv_atomic(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        let Some(out) = self.route(pkt) else {
            // Nothing serves the address: answer with zeros, as a bad-address responder would.
            pkt.make_response();
            return Tick(0);
        };
        if let Some(c) = self.pkt_count.get_mut(port as usize) {
            *c += 1;
        }
        let own = self.params.frontend_latency.0
            + self.params.forward_latency.0
            + self.params.response_latency.0;
        ctx.send_atomic(out, pkt) + self.domain.cycles_to_ticks(Cycles(own))
    }
    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        if let Some(out) = self.route(pkt) {
            ctx.send_functional(out, pkt);
        }
    }
    fn backdoor(&mut self, _port: u16, ctx: &mut Ctx) -> Option<Backdoor> {
        // One backdoor per requester: offer it only when a single memory sits behind.
        if self.params.mem_side_ranges.len() == 1 {
            ctx.request_backdoor(self.params.cpu_side_ports as u16)
        } else {
            None
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let total: u64 = self.pkt_count.iter().sum();
        v.scalar(
            "pktCount::total",
            total as f64,
            "Packet count per connected requestor and responder",
            Unit::Count,
        );
    }
    fn reset_stats(&mut self) {
        self.pkt_count.iter_mut().for_each(|c| *c = 0);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
