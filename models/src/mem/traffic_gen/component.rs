//! The traffic generator component (gem5's `BaseTrafficGen` driven as a
//! `PyTrafficGen`): plays its phases in order on its request port `port`.

use super::params::TrafficGenParams;
use super::phase::{ActivePhase, NextRequest, PhaseError, TrafficPhase};
use super::stats::GenStats;
use sim_core::component::{Component, Ctx, PortDecl};
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::rng::SplitMix64;
use sim_core::stats::StatVisitor;
use sim_core::{Addr, EventHandle, ExitCause, Priority, Tick};
use std::any::Any;
use std::collections::{HashMap, VecDeque};

/// Event code: send the next request or move to the next phase (gem5's `updateEvent`).
const EV_UPDATE: u64 = 1;
/// Event code: nothing was sent for `progress_check` ticks (gem5's `noProgressEvent`).
const EV_NO_PROGRESS: u64 = 2;

/// A traffic generator: requests on port `port` (local index 0) shaped by a
/// queue of [`TrafficPhase`]s, with gem5's back-pressure handling (one refused
/// packet waits for the retry; `max_outstanding_reqs` bounds requests in
/// flight) and gem5's `BaseTrafficGen` stats.
pub struct TrafficGen {
    params: TrafficGenParams,
    rng: Option<SplitMix64>,
    /// Phases not yet entered.
    pending: VecDeque<TrafficPhase>,
    active: Option<ActivePhase>,
    /// `startup` has run: phases given later need a [`Component::wakeup`].
    started: bool,
    next_transition_tick: Tick,
    next_packet_tick: Tick,
    update_scheduled: bool,
    no_progress: Option<EventHandle>,
    /// A packet refused by the port or held back by `max_outstanding_reqs`.
    retry_pkt: Option<PacketPtr>,
    retry_pkt_tick: Tick,
    blocked_waiting_resp: bool,
    /// Requests in flight by tag: when they were made and whether they read.
    waiting_resp: HashMap<u64, (Tick, bool)>,
    next_tag: u64,
    pub(super) stats: GenStats,
    reset_tick: Tick,
    now_seen: Tick,
}

/// FNV-1a of a component path: a per-generator seed that is the same every run.
fn seed_of(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl TrafficGen {
    /// A generator with no phases yet (give them with [`TrafficGen::start`]).
    pub fn new(params: TrafficGenParams) -> Self {
        TrafficGen {
            rng: params.seed.map(SplitMix64::new),
            params,
            pending: VecDeque::new(),
            active: None,
            started: false,
            next_transition_tick: Tick(0),
            next_packet_tick: Tick(0),
            update_scheduled: false,
            no_progress: None,
            retry_pkt: None,
            retry_pkt_tick: Tick(0),
            blocked_waiting_resp: false,
            waiting_resp: HashMap::new(),
            next_tag: 0,
            stats: GenStats::default(),
            reset_tick: Tick(0),
            now_seen: Tick(0),
        }
    }

    /// The parameters this generator was built with.
    pub fn gen_params(&self) -> &TrafficGenParams {
        &self.params
    }

    /// Queue `phases` to play (gem5's `PyTrafficGen.start`). Given before the
    /// first simulate they begin when the system starts up; given later, the
    /// front end wakes the component (a wake-up event at `now`), and they begin then.
    /// Phases gem5 would refuse (a block larger than a cache line, more than 100%
    /// reads, `min_period > max_period`) are refused here, before any is queued.
    pub fn start(&mut self, phases: Vec<TrafficPhase>, now: Tick) -> Result<(), PhaseError> {
        let line = self.params.cache_line_size;
        for (i, phase) in phases.iter().enumerate() {
            phase.validate(&self.params.path, i, line)?;
        }
        self.now_seen = self.now_seen.max(now);
        self.pending = phases.into();
        Ok(())
    }

    /// True while a phase is playing or queued.
    pub fn is_active(&self) -> bool {
        self.active.is_some() || !self.pending.is_empty()
    }

    /// Begin the queued phases if nothing is playing (gem5's `BaseTrafficGen::start`).
    fn begin(&mut self, ctx: &mut Ctx) {
        if self.active.is_some() || self.pending.is_empty() || self.update_scheduled {
            return;
        }
        if self.rng.is_none() {
            self.rng = Some(SplitMix64::new(seed_of(ctx.name())));
        }
        self.transition(ctx);
        self.schedule_update(ctx);
    }

    /// When the active phase sends next (`Tick::MAX` without one), `delay` being
    /// the time the last request waited for a retry.
    fn packet_tick(&mut self, now: Tick, delay: Tick) -> Tick {
        let rng = self.rng.get_or_insert_with(|| SplitMix64::new(0));
        match &self.active {
            Some(a) => a.next_packet_tick(rng, now, self.params.elastic_req, delay),
            None => Tick::MAX,
        }
    }

    /// Enter the next phase (gem5's `transition`).
    fn transition(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        self.active = self.pending.pop_front().map(ActivePhase::enter);
        let Some(active) = &self.active else {
            self.next_packet_tick = Tick::MAX;
            self.next_transition_tick = Tick::MAX;
            if let Some(h) = self.no_progress.take() {
                // Nothing more to send, so nothing to make progress on.
                ctx.deschedule(h);
            }
            return;
        };
        let duration = active.phase.duration();
        self.next_transition_tick = if duration != 0 && duration != u64::MAX {
            now + Tick(duration)
        } else {
            Tick::MAX
        };
        if matches!(active.phase, TrafficPhase::Exit { .. }) {
            let message = format!(
                "{} has encountered the exit state and will terminate the simulation.\n",
                ctx.name()
            );
            ctx.exit(ExitCause::Exit { code: 0, message });
        }
        self.next_packet_tick = self.packet_tick(now, Tick(0));
    }

    /// Schedule the next update at the next packet or transition, whichever is
    /// first, moving on past phases that have run out of work (gem5's `scheduleUpdate`).
    fn schedule_update(&mut self, ctx: &mut Ctx) {
        while self.active.is_some()
            && self.next_packet_tick == Tick::MAX
            && self.next_transition_tick == Tick::MAX
        {
            self.transition(ctx);
        }
        if self.active.is_none() || self.update_scheduled {
            return;
        }
        let when = self.next_packet_tick.min(self.next_transition_tick);
        self.update_scheduled = true;
        ctx.schedule(when.max(ctx.now()), Priority::DEFAULT, EV_UPDATE);
    }

    /// Send a request or change phase (gem5's `update`).
    fn update(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        if let Some(h) = self.no_progress.take() {
            ctx.deschedule(h);
        }
        let check = now + self.params.progress_check;
        self.no_progress = Some(ctx.schedule(check, Priority::DEFAULT, EV_NO_PROGRESS));
        if now >= self.next_transition_tick {
            self.transition(ctx);
        } else {
            let rng = self.rng.get_or_insert_with(|| SplitMix64::new(0));
            let req = self.active.as_mut().and_then(|a| a.next_request(rng));
            if let Some(req) = req {
                self.issue(req, ctx);
            }
        }
        if self.retry_pkt.is_none() {
            self.next_packet_tick = self.packet_tick(now, Tick(0));
            self.schedule_update(ctx);
        }
    }

    fn is_mem_addr(&self, addr: u64) -> bool {
        let ranges = &self.params.mem_ranges;
        ranges.is_empty() || ranges.iter().any(|r| r.contains(Addr(addr)))
    }

    /// Build the packet for `req` and send it, or keep it for the retry.
    fn issue(&mut self, req: NextRequest, ctx: &mut Ctx) {
        if !self.is_mem_addr(req.addr) {
            self.stats.num_suppressed += 1;
            return;
        }
        let now = ctx.now();
        let requestor = Requestor {
            id: self.params.requestor_id,
            thread: 0,
        };
        let mut pkt = if req.is_read {
            Packet::read(Addr(req.addr), req.size as usize, ReqFlags::NONE, requestor)
        } else {
            let fill = vec![self.params.requestor_id as u8; req.size as usize];
            Packet::write(Addr(req.addr), &fill, ReqFlags::NONE, requestor)
        };
        pkt.tag = self.next_tag;
        pkt.issued_at = now;
        pkt.pc = (self.params.requestor_id as u64) << 2;
        self.next_tag += 1;
        self.stats.num_packets += 1;
        self.waiting_resp.insert(pkt.tag, (now, req.is_read));
        let max = self.params.max_outstanding_reqs;
        self.blocked_waiting_resp = max > 0 && self.waiting_resp.len() as u64 > max;
        let refused = if self.blocked_waiting_resp {
            Some(pkt.boxed())
        } else {
            ctx.send_timing_req(0, pkt.boxed()).err()
        };
        if let Some(pkt) = refused {
            self.retry_pkt = Some(pkt);
            self.retry_pkt_tick = now;
        }
    }

    /// Send the held packet again; once it is out, carry on (gem5's `retryReq`).
    fn retry_req(&mut self, ctx: &mut Ctx) {
        let Some(pkt) = self.retry_pkt.take() else {
            return;
        };
        if let Err(pkt) = ctx.send_timing_req(0, pkt) {
            self.retry_pkt = Some(pkt);
            return;
        }
        let now = ctx.now();
        let delay = now - self.retry_pkt_tick;
        self.retry_pkt_tick = Tick(0);
        self.stats.retry_ticks += delay.0;
        self.next_packet_tick = self.packet_tick(now, delay);
        self.schedule_update(ctx);
    }
}

impl Component for TrafficGen {
    fn type_name(&self) -> &'static str {
        "PyTrafficGen"
    }

    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let p = &self.params;
        vec![
            ("elastic_req".into(), json!(p.elastic_req)),
            ("max_outstanding_reqs".into(), json!(p.max_outstanding_reqs)),
            ("progress_check".into(), json!(p.progress_check.0)),
        ]
    }

    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("port")]
    }

    fn startup(&mut self, ctx: &mut Ctx) {
        self.started = true;
        self.begin(ctx);
    }

    fn wakeup(&mut self, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        self.begin(ctx);
    }

    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        match code {
            EV_UPDATE => {
                self.update_scheduled = false;
                self.update(ctx);
            }
            EV_NO_PROGRESS => {
                self.no_progress = None;
                let message = format!(
                    "BaseTrafficGen {} spent {} ticks without making progress",
                    ctx.name(),
                    self.params.progress_check.0
                );
                ctx.exit(ExitCause::GuestFault { message });
            }
            _ => unreachable!("PyTrafficGen has no event {code}"),
        }
    }

    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let now = ctx.now();
        self.now_seen = now;
        let (issued, is_read) = self.waiting_resp.remove(&pkt.tag).unwrap_or((
            pkt.issued_at,
            matches!(pkt.cmd, MemCmd::ReadResp | MemCmd::ReadRespWithInvalidate),
        ));
        let latency = (now - issued).0;
        let s = &mut self.stats;
        if is_read {
            s.total_reads += 1;
            s.bytes_read += pkt.size as u64;
            s.total_read_latency += latency;
        } else {
            s.total_writes += 1;
            s.bytes_written += pkt.size as u64;
            s.total_write_latency += latency;
        }
        if self.blocked_waiting_resp {
            self.blocked_waiting_resp = false;
            self.retry_req(ctx);
        }
        Ok(())
    }

    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.now_seen = ctx.now();
        // A memory with several queues (an HBM controller's pseudo channels) may
        // send a retry for a queue this generator was not refused by; only a
        // packet the port refused waits for one (one held back by
        // `max_outstanding_reqs` waits for a response instead).
        if self.retry_pkt.is_none() || self.blocked_waiting_resp {
            return;
        }
        self.stats.num_retries += 1;
        self.retry_req(ctx);
    }

    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let now = v.now().unwrap_or(self.now_seen).max(self.now_seen);
        let seconds = now.0.saturating_sub(self.reset_tick.0) as f64 / sim_core::SIM_FREQ as f64;
        self.stats.visit(seconds, v);
    }

    fn reset_stats(&mut self) {
        self.reset_stats_at(self.now_seen);
    }

    fn reset_stats_at(&mut self, now: Tick) {
        self.stats = GenStats::default();
        self.reset_tick = now.max(self.now_seen);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
