//! The coherent crossbar (gem5's `CoherentXBar`) with a snoop filter.
//!
//! Requests are ordered when the crossbar accepts them. At that moment it sends
//! *express snoops* to every other CPU-side port its snoop filter lists for the line
//! and merges the answers ([`SnoopResult`]); then, by command:
//!
//! ```text
//!  WritebackDirty / CleanEvict ─▶ filter forgets the sender; forwarded down
//!  / WritebackClean               (a CleanEvict stops at the point of coherency, a
//!                                 WritebackClean where another port holds the line)
//!  a snooped cache supplied    ─▶ answered here after the snoop, + snoop_response_latency
//!  UpgradeReq / InvalidateReq  ─▶ answered here at the point of coherency, else forwarded
//!  anything else               ─▶ forwarded down (has_sharers set if a copy stayed above)
//! ```
//!
//! Forwarded requests and crossbar answers also wait for the snoop filter lookup
//! and the slowest snooped cache (gem5 adds both to the packet's header delay).
//! A snoop coming up from below (`recv_snoop` on a memory-side port) fans out the same
//! way to the CPU-side ports that may hold the line. Routing, layers, retries and the
//! packet stats are the non-coherent crossbar's, shared through `XBarCore`.

mod params;
mod snoop_filter;
#[cfg(test)]
mod tests;

pub use params::CoherentXBarParams;
pub use snoop_filter::SnoopFilterParams;

use crate::mem::xbar::{payload_bytes, XBarCore};
use sim_core::component::{Backdoor, Component, Ctx, PortDecl, SnoopResult};
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::stats::{Distribution, StatVisitor, Unit};
use sim_core::{Cycles, Tick};
use snoop_filter::{line_of, SnoopFilter};
use std::any::Any;

/// The most CPU-side ports a coherent crossbar has: its snoop filter and snoop
/// fan-out keep one bit per port in a `u64`. Boards check core counts against it
/// up front (`boards::limits::max_cores`).
pub const MAX_CPU_SIDE_PORTS: usize = 64;

/// What the crossbar does with a request once its snoops are done.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Disposition {
    /// Send it down the memory-side port.
    Forward,
    /// Drop it here (a `CleanEvict` at the point of coherency, a `WritebackClean`
    /// for a line cached above through another port).
    Sink,
    /// Answer it here, `extra` after the request's own latency.
    Respond { extra: Tick },
}

/// Snoop counters of the crossbar itself (the filter keeps its own).
#[derive(Clone, Debug)]
struct SnoopStats {
    /// Snoops received from below plus snoop answers that supplied a line.
    snoops: u64,
    /// Bytes of lines supplied by snooped caches.
    snoop_traffic: u64,
    /// Number of ports each request or snoop was sent to.
    fanout: Distribution,
}

/// The coherent crossbar. Ports: `cpu_side_ports[i]` then `mem_side_ports[j]`.
pub struct CoherentXBar {
    core: XBarCore,
    snoop_response_latency: Cycles,
    point_of_coherency: bool,
    filter: Option<SnoopFilter>,
    stats: SnoopStats,
}

/// A request that fills a line in the requester's cache: the requester will hold it.
fn fills_line(cmd: MemCmd, flags: ReqFlags) -> bool {
    matches!(
        cmd,
        MemCmd::ReadReq
            | MemCmd::ReadExReq
            | MemCmd::ReadCleanReq
            | MemCmd::ReadSharedReq
            | MemCmd::FetchReq
            | MemCmd::LoadLockedReq
            | MemCmd::UpgradeReq
            | MemCmd::InvalidateReq
    ) && !flags.has(ReqFlags::UNCACHEABLE)
}

/// A response that leaves the line in the requester's cache.
fn gains_line(cmd: MemCmd, flags: ReqFlags) -> bool {
    matches!(
        cmd,
        MemCmd::ReadResp
            | MemCmd::ReadRespWithInvalidate
            | MemCmd::ReadExResp
            | MemCmd::FetchResp
            | MemCmd::UpgradeResp
            | MemCmd::InvalidateResp
    ) && !flags.has(ReqFlags::UNCACHEABLE)
}

/// Port numbers of the set bits of `mask`, lowest first.
fn ports_in(mut mask: u64) -> impl Iterator<Item = u16> {
    std::iter::from_fn(move || {
        if mask == 0 {
            return None;
        }
        let p = mask.trailing_zeros() as u16;
        mask &= mask - 1;
        Some(p)
    })
}

impl CoherentXBar {
    /// A coherent crossbar with `params`.
    ///
    /// # Panics
    /// With more than [`MAX_CPU_SIDE_PORTS`] CPU-side ports.
    pub fn new(params: CoherentXBarParams) -> Self {
        let n = params.cpu_side_ports;
        assert!(
            n <= MAX_CPU_SIDE_PORTS,
            "a coherent crossbar has at most {MAX_CPU_SIDE_PORTS} CPU-side ports, not {n}"
        );
        let timing = params.timing();
        CoherentXBar {
            core: XBarCore::new(n, params.mem_side_ranges, timing),
            snoop_response_latency: params.snoop_response_latency,
            point_of_coherency: params.point_of_coherency,
            filter: params.snoop_filter.map(SnoopFilter::new),
            stats: SnoopStats {
                snoops: 0,
                snoop_traffic: 0,
                fanout: Distribution::new(0, n as i64, 1),
            },
        }
    }

    /// Route to interleaved memories: memory-side port `j` serves only slice
    /// `interleave[j]` of its range (see [`crate::mem::Interleave`]).
    pub fn set_interleaving(&mut self, interleave: Vec<Option<crate::mem::Interleave>>) {
        self.core.set_interleaving(interleave);
    }

    /// Every CPU-side port: whom to snoop without a filter.
    fn all_cpu_ports(&self) -> u64 {
        match self.core.cpu_ports() {
            0 => 0,
            n => u64::MAX >> (64 - n),
        }
    }

    /// Ticks of a snoop filter lookup (0 without a filter).
    fn lookup_delay(&self) -> Tick {
        let cycles = self.filter.as_ref().map_or(0, |f| f.lookup_latency().0);
        self.core.timing.ticks(cycles)
    }

    /// Snoop the ports in `targets` with `pkt`; returns the merged answer and the
    /// ports that kept no copy.
    fn snoop_ports(&mut self, targets: u64, pkt: &Packet, ctx: &mut Ctx) -> (SnoopResult, u64) {
        let mut merged = SnoopResult::default();
        let mut lost = 0u64;
        for port in ports_in(targets) {
            let answer = ctx.send_snoop(port, pkt);
            if !answer.had_copy {
                lost |= 1u64 << port;
            }
            merged = merged.merge(answer);
        }
        self.stats.fanout.sample(targets.count_ones() as f64, 1);
        if merged.supplied {
            self.stats.snoops += 1;
            self.stats.snoop_traffic += pkt.size as u64;
        }
        (merged, lost)
    }

    /// Order a request from CPU-side port `from`: update the filter, snoop, set
    /// `has_sharers`. Returns the time the snoops add and what to do next.
    fn order_request(&mut self, from: u16, pkt: &mut Packet, ctx: &mut Ctx) -> (Tick, Disposition) {
        let line = line_of(pkt.addr);
        let lookup = self.lookup_delay();
        if matches!(
            pkt.cmd,
            MemCmd::WritebackDirty | MemCmd::WritebackClean | MemCmd::CleanEvict
        ) {
            // gem5 marks an eviction "block cached" when another port above holds
            // (or is fetching) the line; a clean writeback is then sunk here.
            let others = match &mut self.filter {
                Some(f) => f.evict(line, from),
                None if pkt.cmd == MemCmd::WritebackClean => {
                    let ports = self.all_cpu_ports() & !(1u64 << from);
                    u64::from(self.snoop_ports(ports, pkt, ctx).0.had_copy)
                }
                None => 0,
            };
            let sink = match pkt.cmd {
                MemCmd::CleanEvict => self.point_of_coherency,
                MemCmd::WritebackClean => others != 0,
                _ => false,
            };
            let disposition = if sink {
                Disposition::Sink
            } else {
                Disposition::Forward
            };
            return (lookup, disposition);
        }
        let targets = match &mut self.filter {
            Some(f) => f.request_targets(line, from),
            None => self.all_cpu_ports() & !(1u64 << from),
        };
        let (snoop, lost) = self.snoop_ports(targets, pkt, ctx);
        if let Some(f) = &mut self.filter {
            let fill = fills_line(pkt.cmd, pkt.flags).then_some(from);
            f.update(line, lost, fill);
        }
        pkt.has_sharers |= snoop.had_copy;
        let delay = lookup + snoop.latency;
        let readable = matches!(
            pkt.cmd,
            MemCmd::ReadReq
                | MemCmd::ReadExReq
                | MemCmd::ReadCleanReq
                | MemCmd::ReadSharedReq
                | MemCmd::FetchReq
                | MemCmd::LoadLockedReq
        );
        let disposition = if snoop.supplied && readable {
            let extra = self.core.timing.ticks(self.snoop_response_latency.0);
            Disposition::Respond { extra }
        } else if self.point_of_coherency
            && matches!(pkt.cmd, MemCmd::UpgradeReq | MemCmd::InvalidateReq)
        {
            Disposition::Respond { extra: Tick(0) }
        } else {
            Disposition::Forward
        };
        (delay, disposition)
    }

    /// Turn `pkt` into the crossbar's own answer to port `to` and update the filter.
    fn answer_here(&mut self, to: u16, pkt: &mut Packet) {
        pkt.make_response();
        self.core.stats.record_command(pkt.cmd);
        self.note_response(to, pkt);
    }

    /// A response goes up port `to`: the filter learns the port now holds the line.
    fn note_response(&mut self, to: u16, pkt: &Packet) {
        if let Some(f) = &mut self.filter {
            f.response(line_of(pkt.addr), to, gains_line(pkt.cmd, pkt.flags));
        }
    }
}

impl Component for CoherentXBar {
    fn type_name(&self) -> &'static str {
        "CoherentXBar"
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.core.learn_peer_names(ctx);
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        let mut p = self.core.timing.params();
        p.push((
            "snoop_response_latency".into(),
            self.snoop_response_latency.0.into(),
        ));
        p.push(("point_of_coherency".into(), self.point_of_coherency.into()));
        p
    }
    fn ports(&self) -> Vec<PortDecl> {
        self.core.port_decls()
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.core.handle_event(code, ctx);
    }
    fn recv_timing_req(
        &mut self,
        port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let Some(j) = self.core.route(pkt.addr) else {
            self.core.answer_unrouted(port, pkt, ctx);
            return Ok(());
        };
        if !self.core.try_request_layer(j, port, ctx) {
            return Err(pkt);
        }
        let (delay, disposition) = self.order_request(port, &mut pkt, ctx);
        match disposition {
            Disposition::Forward => self.core.forward_request(port, j, pkt, delay, ctx),
            Disposition::Sink => {
                self.core.occupy_request_layer(port, j, &pkt, ctx);
            }
            Disposition::Respond { extra } => {
                let edge = self.core.occupy_request_layer(port, j, &pkt, ctx);
                self.answer_here(port, &mut pkt);
                let when = edge + self.core.timing.request_delay() + delay + extra;
                ctx.send_timing_at(port, pkt, when);
            }
        }
        Ok(())
    }
    fn recv_timing_resp(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let (addr, cmd, flags) = (pkt.addr, pkt.cmd, pkt.flags);
        let to = self.core.forward_response(port, pkt, ctx)?;
        if let Some(f) = &mut self.filter {
            f.response(line_of(addr), to, gains_line(cmd, flags));
        }
        Ok(())
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
    fn recv_atomic(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        let Some(j) = self.core.route(pkt.addr) else {
            pkt.make_response();
            return Tick(0);
        };
        let bytes = payload_bytes(pkt);
        self.core.stats.record(port as usize, j, pkt.cmd, bytes);
        let (delay, disposition) = self.order_request(port, pkt, ctx);
        let t = self.core.timing;
        match disposition {
            Disposition::Sink => t.request_delay() + delay,
            Disposition::Respond { extra } => {
                self.answer_here(port, pkt);
                t.request_delay() + delay + extra
            }
            Disposition::Forward => {
                let below = ctx.send_atomic(self.core.mem_port(j), pkt);
                if !pkt.cmd.is_request() {
                    let bytes = payload_bytes(pkt);
                    self.core.stats.record(port as usize, j, pkt.cmd, bytes);
                    self.note_response(port, pkt);
                }
                below + t.request_delay() + t.response_delay() + delay
            }
        }
    }
    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        // Caches hold no data here, so a functional access needs no snooping.
        self.core.functional(pkt, ctx);
    }
    fn recv_snoop(&mut self, _port: u16, pkt: &Packet, ctx: &mut Ctx) -> SnoopResult {
        let line = line_of(pkt.addr);
        self.stats.snoops += 1;
        let targets = match &mut self.filter {
            Some(f) => f.snoop_targets(line),
            None => self.all_cpu_ports(),
        };
        let (mut answer, lost) = self.snoop_ports(targets, pkt, ctx);
        // A `WritebackClean` snoop only asks whether the line is cached above
        // (gem5's `isCachedAbove`): it changes no holder.
        if pkt.cmd != MemCmd::WritebackClean {
            if let Some(f) = &mut self.filter {
                f.update(line, lost, None);
            }
        }
        answer.latency = answer.latency + self.lookup_delay();
        if answer.supplied {
            answer.latency = answer.latency + self.core.timing.ticks(self.snoop_response_latency.0);
        }
        answer
    }
    fn backdoor(&mut self, _port: u16, ctx: &mut Ctx) -> Option<Backdoor> {
        self.core.backdoor(ctx)
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.core.stats.visit(v);
        let s = &self.stats;
        v.scalar("snoops", s.snoops as f64, "Total snoops", Unit::Count);
        v.scalar(
            "snoopTraffic",
            s.snoop_traffic as f64,
            "Total snoop traffic",
            Unit::Byte,
        );
        v.distribution(
            "snoopFanout",
            &s.fanout,
            "Request fanout histogram",
            Unit::Count,
        );
        self.core.visit_layer_stats(v);
        if let Some(f) = &self.filter {
            v.begin_group("snoop_filter");
            snoop_filter::visit_filter_stats(&f.stats, v);
            v.end_group();
        }
    }
    fn reset_stats_at(&mut self, now: Tick) {
        self.core.reset_stats_at(now);
        self.reset_own_stats();
    }
    fn reset_stats(&mut self) {
        self.core.reset_stats();
        self.reset_own_stats();
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl CoherentXBar {
    /// Zero the snoop statistics (the packet and layer ones live in the core).
    fn reset_own_stats(&mut self) {
        self.stats.snoops = 0;
        self.stats.snoop_traffic = 0;
        self.stats.fanout.reset();
        if let Some(f) = &mut self.filter {
            f.reset_stats();
        }
    }
}
