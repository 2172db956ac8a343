//! The [`Component`] face of [`DramCtrl`]: the timing, atomic and functional
//! protocols, the backdoor, stats and config.ini parameters.

use super::ctrl::{DramCtrl, EV_NEXT_REQ, EV_RESPOND};
use super::power::{power_at, reset_power};
use super::stats::{CtrlStats, DramStats, Window};
use super::stats_report::{visit_ctrl, visit_dram, visit_memory};
use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::stats::requestors;
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use std::any::Any;

impl DramCtrl {
    /// Move the bytes of `pkt` (unless it is timing-only): reads fill its data,
    /// writes and store-conditionals update the store, swaps do both.
    fn perform(&self, pkt: &mut Packet) {
        if pkt.timing_only() {
            return;
        }
        // Out-of-range accesses reach a controller only through a wiring bug; they
        // read zeros and write nothing, as SimpleMemory does.
        match pkt.cmd {
            MemCmd::ReadReq
            | MemCmd::ReadExReq
            | MemCmd::ReadCleanReq
            | MemCmd::ReadSharedReq
            | MemCmd::LoadLockedReq
            | MemCmd::FetchReq => {
                pkt.data.resize(pkt.size, 0);
                let _ = self.store.read(pkt.addr, &mut pkt.data[..pkt.size]);
            }
            MemCmd::WriteReq | MemCmd::WritebackDirty | MemCmd::StoreCondReq => {
                if pkt.data.len() >= pkt.size {
                    let _ = self.store.write(pkt.addr, &pkt.data[..pkt.size]);
                }
                pkt.sc_success = true;
            }
            MemCmd::SwapReq => {
                let old = self.store.read_le(pkt.addr, pkt.size).unwrap_or(0);
                if let Some((op, operand)) = pkt.amo {
                    let new = op.apply(old, operand, pkt.size);
                    let _ = self.store.write_le(pkt.addr, pkt.size, new);
                }
                pkt.data.clear();
                pkt.data.extend_from_slice(&old.to_le_bytes()[..pkt.size]);
            }
            // A `WritebackClean` is queued and timed as a write (gem5's `MemCtrl`) but,
            // as gem5's `AbstractMemory::access`, stores nothing.
            _ => {}
        }
    }

    /// Closed-bank access latency used by the atomic protocol (gem5's
    /// `DRAMInterface::accessLatency`: tRP + tRCD + tCL).
    pub fn access_latency(&self) -> Tick {
        self.p.t_rp + self.p.t_rcd + self.p.t_cl
    }

    /// The stats window: from the last reset to the dump's time (or, when the
    /// visitor does not say, to the controller's last activity).
    fn window(&self, now: Option<Tick>) -> Window {
        Window {
            start: self.reset_tick,
            now: now.unwrap_or(self.now_seen).max(self.now_seen),
        }
    }
}

impl Component for DramCtrl {
    fn type_name(&self) -> &'static str {
        "MemCtrl"
    }

    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let p = &self.p;
        let r = p.range;
        let ticks = |t: Tick| json!(t.0);
        vec![
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
                ticks(p.static_frontend_latency),
            ),
            (
                "static_backend_latency".into(),
                ticks(p.static_backend_latency),
            ),
            (
                "range".into(),
                json!(format!("{}:{}", r.start.0, r.end.0 - 1)),
            ),
            ("addr_mapping".into(), json!(p.addr_mapping.name())),
            ("page_policy".into(), json!(p.page_policy.name())),
            ("max_accesses_per_row".into(), json!(p.max_accesses_per_row)),
            ("read_buffer_size".into(), json!(p.read_buffer_size)),
            ("write_buffer_size".into(), json!(p.write_buffer_size)),
            ("device_size".into(), json!(p.device_size)),
            ("device_bus_width".into(), json!(p.device_bus_width)),
            ("burst_length".into(), json!(p.burst_length)),
            (
                "device_rowbuffer_size".into(),
                json!(p.device_rowbuffer_size),
            ),
            ("devices_per_rank".into(), json!(p.devices_per_rank)),
            ("ranks_per_channel".into(), json!(p.ranks_per_channel)),
            ("banks_per_rank".into(), json!(p.banks_per_rank)),
            ("bank_groups_per_rank".into(), json!(p.bank_groups_per_rank)),
            ("tCK".into(), ticks(p.t_ck)),
            ("tBURST".into(), ticks(p.t_burst)),
            ("tRCD".into(), ticks(p.t_rcd)),
            ("tCL".into(), ticks(p.t_cl)),
            ("tRP".into(), ticks(p.t_rp)),
            ("tRAS".into(), ticks(p.t_ras)),
            ("tWR".into(), ticks(p.t_wr)),
            ("tRTP".into(), ticks(p.t_rtp)),
            ("tWTR".into(), ticks(p.t_wtr)),
            ("tRTW".into(), ticks(p.t_rtw)),
            ("tCS".into(), ticks(p.t_cs)),
            ("tRRD".into(), ticks(p.t_rrd)),
            ("tRRD_L".into(), ticks(p.t_rrd_l)),
            ("tCCD_L".into(), ticks(p.t_ccd_l)),
            ("tXAW".into(), ticks(p.t_xaw)),
            ("activation_limit".into(), json!(p.activation_limit)),
            ("tRFC".into(), ticks(p.t_rfc)),
            ("tREFI".into(), ticks(p.t_refi)),
        ]
    }

    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }

    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        match code {
            EV_NEXT_REQ => self.process_next_req(ctx),
            EV_RESPOND => self.process_respond(ctx),
            _ => unreachable!("MemCtrl has no event {code}"),
        }
    }

    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let now = ctx.now();
        self.now_seen = now;
        let (is_read, is_write) = (pkt.cmd.is_read(), pkt.cmd.is_write());
        if !is_read && !is_write {
            // CleanEvict and coherence-only requests: nothing for the DRAM to do.
            self.stats.neither_read_nor_write_reqs += 1;
            let when = now + self.p.static_frontend_latency;
            self.respond(pkt, when, ctx);
            return Ok(());
        }
        if let Some(prev) = self.prev_arrival {
            self.stats.tot_gap += (now - prev).0;
        }
        self.prev_arrival = Some(now);
        let bursts = self.burst_count(pkt.addr.0, pkt.size);
        if is_read {
            if self.read_queue.len() + self.resp_queue.len() + bursts > self.p.read_buffer_size {
                self.retry_rd = true;
                self.stats.num_rd_retry += 1;
                return Err(pkt);
            }
        } else if self.write_queue.len() + bursts > self.p.write_buffer_size {
            self.retry_wr = true;
            self.stats.num_wr_retry += 1;
            return Err(pkt);
        }
        self.perform(&mut pkt);
        let requestor = pkt.requestor.id;
        let size = pkt.size as u64;
        let r = self.stats.requestor(requestor);
        if is_read {
            r.read_accesses += bursts as u64;
            r.mem_num_reads += 1;
            r.mem_bytes_read += size;
            if pkt.flags.has(ReqFlags::INST_FETCH) || requestors::is_inst_fetch(requestor) {
                r.mem_bytes_inst_read += size;
            }
            self.stats.read_reqs += 1;
            self.stats.bytes_read_sys += pkt.size as u64;
            self.add_to_read_queue(pkt, ctx);
        } else {
            r.write_accesses += bursts as u64;
            r.mem_num_writes += 1;
            r.mem_bytes_written += size;
            self.stats.write_reqs += 1;
            self.stats.bytes_written_sys += pkt.size as u64;
            self.add_to_write_queue(pkt.addr.0, pkt.size, now, requestor);
            let when = now + self.p.static_frontend_latency;
            self.respond(pkt, when, ctx);
        }
        self.kick(ctx);
        Ok(())
    }

    fn recv_refused(&mut self, _port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        self.blocked_resps.push_back(pkt);
    }

    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        let now = ctx.now();
        self.now_seen = now;
        // Resent in order; any the requester refuses again come back in order.
        while let Some(pkt) = self.blocked_resps.pop_front() {
            ctx.send_timing_at(0, pkt, now);
        }
    }

    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.now_seen = self.now_seen.max(ctx.now());
        self.perform(pkt);
        let moves_data = pkt.cmd.is_read() || pkt.cmd.is_write();
        pkt.make_response();
        if moves_data {
            self.access_latency()
        } else {
            Tick(0)
        }
    }

    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) {
        self.perform(pkt);
        pkt.make_response();
    }

    fn backdoor(&mut self, _port: u16, _ctx: &mut Ctx) -> Option<Backdoor> {
        Some(Backdoor {
            range: self.p.range,
            store: self.store.clone(),
            data_only: false,
        })
    }

    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let w = self.window(v.now());
        visit_ctrl(&self.stats, w, v);
        v.begin_group("dram");
        visit_memory(&self.stats, w, v);
        let power = power_at(&self.state, &self.p, w.now);
        visit_dram(&self.dram_stats, &self.p, &power, w, v);
        v.end_group();
    }

    fn reset_stats(&mut self) {
        self.reset_stats_at(self.now_seen);
    }

    fn reset_stats_at(&mut self, now: Tick) {
        let now = now.max(self.now_seen);
        let (rd_q, wr_q) = (
            self.stats.avg_rd_q_len.clone(),
            self.stats.avg_wr_q_len.clone(),
        );
        self.stats = CtrlStats::new(&self.p);
        self.stats.avg_rd_q_len = rd_q;
        self.stats.avg_wr_q_len = wr_q;
        self.stats.avg_rd_q_len.reset(now);
        self.stats.avg_wr_q_len.reset(now);
        self.dram_stats = DramStats::new(&self.p);
        reset_power(&mut self.state, &self.p, now);
        self.reset_tick = now;
        self.refreshes_at_reset = self.state.refreshes;
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
