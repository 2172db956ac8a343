//! The [`Component`] face of the cache: ports, protocol entry points, config and stats.

use super::tag_stats::TagDump;
use super::timing::{EV_SEND_MEM, EV_UNBLOCK};
use super::{Cache, Clusivity, CPU_SIDE, MEM_SIDE};
use sim_core::component::{Backdoor, Component, Ctx, PortDecl, SnoopResult};
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use std::any::Any;

impl Component for Cache {
    fn type_name(&self) -> &'static str {
        "Cache"
    }

    fn startup(&mut self, ctx: &mut Ctx) {
        use sim_core::stats::requestors::{requestor_id, RequestorPort};
        self.prefetch_requestor = requestor_id(ctx.me(), RequestorPort::Prefetcher);
    }

    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let p = &self.p;
        let pf = match &p.prefetcher {
            None => json!(null),
            Some(s) => json!({
                "type": "StridePrefetcher",
                "degree": s.degree,
                "table_entries": s.table_entries,
                "table_assoc": s.table_assoc,
                "confidence_counter_bits": s.confidence_counter_bits,
                "initial_confidence": s.initial_confidence,
                "confidence_threshold": s.confidence_threshold,
                "queue_size": s.queue_size,
            }),
        };
        let clusivity = match p.clusivity {
            Clusivity::MostlyInclusive => "mostly_incl",
        };
        vec![
            ("size".into(), json!(p.size)),
            ("assoc".into(), json!(p.assoc)),
            ("tag_latency".into(), json!(p.tag_latency.0)),
            ("data_latency".into(), json!(p.data_latency.0)),
            ("response_latency".into(), json!(p.response_latency.0)),
            ("sequential_access".into(), json!(p.sequential_access)),
            ("mshrs".into(), json!(p.mshrs)),
            ("tgts_per_mshr".into(), json!(p.tgts_per_mshr)),
            ("write_buffers".into(), json!(p.write_buffers)),
            ("demand_mshr_reserve".into(), json!(1)),
            (
                "replacement_policy".into(),
                json!(p.replacement.gem5_name()),
            ),
            ("prefetcher".into(), pf),
            ("is_read_only".into(), json!(p.is_read_only)),
            ("writeback_clean".into(), json!(p.writeback_clean)),
            ("clusivity".into(), json!(clusivity)),
            ("system_line_size".into(), json!(p.line_size)),
            ("clk_domain".into(), json!(self.domain.period().0)),
        ]
    }

    fn ports(&self) -> Vec<PortDecl> {
        vec![
            PortDecl::response("cpu_side"),
            PortDecl::request("mem_side"),
        ]
    }

    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            EV_SEND_MEM => self.send_mem(ctx),
            EV_UNBLOCK => self.check_unblock(ctx),
            _ => {}
        }
    }

    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.atomic_req(pkt, ctx)
    }

    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        // The bytes live below; the cache holds none to merge.
        ctx.send_functional(MEM_SIDE, pkt);
    }

    fn recv_timing_req(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.timing_req(pkt, ctx)
    }

    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.resp_retry(ctx);
    }

    fn backdoor(&mut self, _port: u16, ctx: &mut Ctx) -> Option<Backdoor> {
        ctx.request_backdoor(MEM_SIDE).map(|b| Backdoor {
            data_only: true,
            ..b
        })
    }

    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.timing_resp(pkt, ctx);
        Ok(())
    }

    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.mem_retry(ctx);
    }

    fn recv_snoop(&mut self, _port: u16, pkt: &Packet, ctx: &mut Ctx) -> SnoopResult {
        self.snoop(pkt, ctx)
    }

    fn recv_refused(&mut self, port: u16, pkt: PacketPtr, _ctx: &mut Ctx) {
        // Only responses go out with delayed delivery; requests are sent directly.
        debug_assert_eq!(port, CPU_SIDE);
        self.resp_refused(pkt);
    }

    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let tags = |v: &mut dyn StatVisitor| {
            let cmd = self.stats.cmd();
            let now = v.now().unwrap_or(self.tags.stats.last_change());
            self.tags.stats.visit(
                v,
                TagDump {
                    now,
                    lines: self.tags.lines(),
                    assoc: self.p.assoc,
                    sequential_access: self.p.sequential_access,
                    cmd_lookups: cmd.iter().map(|c| c.hits + c.misses).sum(),
                    cmd_hits: cmd.iter().map(|c| c.hits).sum(),
                    valid: &mut self.tags.valid_line_info(),
                },
            );
        };
        self.stats
            .visit(v, &tags, self.prefetcher.is_some(), self.domain.period().0);
    }

    fn reset_stats(&mut self) {
        self.stats = Default::default();
        let at = self.tags.stats.last_change();
        self.tags.stats.reset(at);
    }

    fn reset_stats_at(&mut self, now: Tick) {
        self.stats = Default::default();
        self.tags.stats.reset(now);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
