//! A non-coherent crossbar (gem5's `NoncoherentXBar`, also the SE membus when there
//! are no caches): routes requests to the memory-side port whose address range holds
//! them, and responses back to the CPU-side port they came from.
//!
//! Timing follows gem5: each memory-side port has a request layer and each CPU-side
//! port a response layer; a packet holds its layer for `header_latency` plus
//! `ceil(payload / width)` cycles, and a busy layer refuses senders and retries them
//! in order. Requests arrive below after `frontend_latency + forward_latency`,
//! responses above after `response_latency` (all on the crossbar's clock edges).
//! The layer and routing machinery lives in `core` and is shared with the
//! [`CoherentXBar`](crate::mem::coherent_xbar::CoherentXBar).

mod core;
mod layer;
mod params;
mod stats;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

pub use self::core::Interleave;
pub(crate) use self::core::XBarCore;
pub(crate) use self::params::XBarTiming;
pub(crate) use self::stats::payload_bytes;
pub use params::XBarParams;

use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use std::any::Any;

/// The non-coherent crossbar. Ports: `cpu_side_ports[i]` then `mem_side_ports[j]`.
pub struct XBar {
    core: XBarCore,
}

impl XBar {
    /// A crossbar with `params`.
    pub fn new(params: XBarParams) -> Self {
        let timing = params.timing();
        XBar {
            core: XBarCore::new(params.cpu_side_ports, params.mem_side_ranges, timing),
        }
    }

    /// Route to interleaved memories: memory-side port `j` serves only slice
    /// `interleave[j]` of its range (see [`Interleave`]).
    pub fn set_interleaving(&mut self, interleave: Vec<Option<Interleave>>) {
        self.core.set_interleaving(interleave);
    }

    /// Own latency of an atomic access: frontend + forward + response cycles.
    fn atomic_latency(&self) -> Tick {
        let t = &self.core.timing;
        t.request_delay() + t.response_delay()
    }
}

impl Component for XBar {
    fn type_name(&self) -> &'static str {
        "NoncoherentXBar"
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.core.learn_peer_names(ctx);
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        self.core.timing.params()
    }
    fn ports(&self) -> Vec<PortDecl> {
        self.core.port_decls()
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.core.handle_event(code, ctx);
    }
    fn recv_atomic(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        let Some(j) = self.core.route(pkt.addr) else {
            // Nothing serves the address: answer with zeros, as a bad-address responder would.
            pkt.make_response();
            return Tick(0);
        };
        let bytes = payload_bytes(pkt);
        self.core.stats.record(port as usize, j, pkt.cmd, bytes);
        let latency = ctx.send_atomic(self.core.mem_port(j), pkt) + self.atomic_latency();
        if !pkt.cmd.is_request() {
            // Count the response too (a writeback has none).
            let bytes = payload_bytes(pkt);
            self.core.stats.record(port as usize, j, pkt.cmd, bytes);
        }
        latency
    }
    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        self.core.functional(pkt, ctx);
    }
    fn recv_timing_req(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let Some(j) = self.core.route(pkt.addr) else {
            self.core.answer_unrouted(port, pkt, ctx);
            return Ok(());
        };
        if !self.core.try_request_layer(j, port, ctx) {
            return Err(pkt);
        }
        self.core.forward_request(port, j, pkt, Tick(0), ctx);
        Ok(())
    }
    fn recv_timing_resp(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.core.forward_response(port, pkt, ctx).map(|_| ())
    }
    fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        self.core.recv_req_retry(port, ctx);
    }
    fn recv_resp_retry(&mut self, port: u16, ctx: &mut Ctx) {
        self.core.recv_resp_retry(port, ctx);
    }
    fn recv_refused(&mut self, port: u16, pkt: PacketPtr, _ctx: &mut Ctx) {
        self.core.recv_refused(port, pkt);
    }
    fn backdoor(&mut self, _port: u16, ctx: &mut Ctx) -> Option<Backdoor> {
        // One backdoor per requester: offer it only when a single memory sits behind.
        self.core.backdoor(ctx)
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.core.visit_stats(v);
    }
    fn reset_stats(&mut self) {
        self.core.reset_stats();
    }
    fn reset_stats_at(&mut self, now: Tick) {
        self.core.reset_stats_at(now);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
