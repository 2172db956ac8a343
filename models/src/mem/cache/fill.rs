//! Timing protocol, memory side: sending the queued requests below and handling
//! what comes back (fills that serve MSHR targets, passed-through responses).

use super::mshr::DeferredSnoop;
use super::stats::{cmd_index, HARD_PF};
use super::tags::bits;
use super::timing::FORWARD_MARK;
use super::{needs_writable, Cache, MemOut, CPU_SIDE, MEM_SIDE};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, PacketPtr};
use sim_core::Tick;

impl Cache {
    /// Send everything due on `mem_side` until the queue is empty, not yet due, or
    /// the peer refuses (then wait for its retry).
    pub(super) fn send_mem(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        if now >= self.send_event_at {
            self.send_event_at = Tick::MAX;
        }
        while !self.mem_waiting_retry {
            match self.mem_queue.front() {
                Some(&(when, _)) if when <= now => {}
                _ => break,
            }
            let (when, item) = self.mem_queue.pop_front().expect("front checked");
            let refused = match item {
                MemOut::Mshr(mi) => {
                    let mut pkt = self.mshr_request(mi).boxed();
                    pkt.issued_at = now;
                    match ctx.send_timing_req(MEM_SIDE, pkt) {
                        Ok(()) => {
                            self.mshrs.get_mut(mi).in_service = true;
                            None
                        }
                        // Rebuilt on the retry: the line's state may change meanwhile.
                        Err(_) => Some(MemOut::Mshr(mi)),
                    }
                }
                // A clean writeback of a line still cached above is dropped.
                MemOut::Evict(pkt)
                    if pkt.cmd == MemCmd::WritebackClean && self.cached_above(&pkt, ctx) =>
                {
                    self.write_buffer_used -= 1;
                    self.check_unblock(ctx);
                    None
                }
                MemOut::Evict(pkt) => match ctx.send_timing_req(MEM_SIDE, pkt) {
                    Ok(()) => {
                        self.write_buffer_used -= 1;
                        self.check_unblock(ctx);
                        None
                    }
                    Err(pkt) => Some(MemOut::Evict(pkt)),
                },
                MemOut::Forward(pkt) => ctx
                    .send_timing_req(MEM_SIDE, pkt)
                    .err()
                    .map(MemOut::Forward),
            };
            if let Some(item) = refused {
                self.mem_queue.push_front((when, item));
                self.mem_waiting_retry = true;
            }
        }
        self.schedule_send(ctx);
    }

    /// The level below can take a request again.
    pub(super) fn mem_retry(&mut self, ctx: &mut Ctx) {
        self.mem_waiting_retry = false;
        self.send_mem(ctx);
    }

    /// A response from below (timing protocol); never refused.
    pub(super) fn timing_resp(&mut self, mut pkt: PacketPtr, ctx: &mut Ctx) {
        match pkt.route.pop() {
            Some(FORWARD_MARK) => {
                let when = self.clock_edge(ctx.now(), self.p.response_latency.0);
                ctx.send_timing_at(CPU_SIDE, pkt, when);
            }
            Some(other) => {
                pkt.route.push(other);
                self.fill(&pkt, ctx);
            }
            None => self.fill(&pkt, ctx),
        }
    }

    /// A line (or write permission for it) arrived for an MSHR: install it, answer
    /// the targets it can, apply a deferred snoop, free or re-issue the MSHR.
    fn fill(&mut self, pkt: &Packet, ctx: &mut Ctx) {
        let now = ctx.now();
        let line = self.tags.line_of(pkt.addr.0);
        let Some(mi) = self.mshrs.find(line) else {
            debug_assert!(false, "response for line {line:#x} without an MSHR");
            return;
        };
        let granted_writable =
            matches!(pkt.cmd, MemCmd::ReadExResp | MemCmd::UpgradeResp) || !pkt.has_sharers;
        let m = self.mshrs.get_mut(mi);
        m.in_service = false;
        let (requestor, ci) = match m.targets.first() {
            Some(t) if !m.is_prefetch => (t.pkt.requestor.id, cmd_index(&t.pkt).unwrap_or(HARD_PF)),
            _ => (self.prefetch_requestor, HARD_PF),
        };
        let prefetch_only = m.is_prefetch && m.targets.is_empty();
        let latency = (now - m.alloc_time).0;
        self.stats.cmd_mut(requestor, ci).mshr_miss_latency += latency;
        let mut state = if granted_writable { bits::WRITABLE } else { 0 };
        if prefetch_only {
            state |= bits::PREFETCHED;
        }
        let index = match self.tags.lookup(line) {
            Some(i) => {
                self.tags.set_bits(i, state & bits::WRITABLE);
                i
            }
            None => {
                let (i, victim) = self.install(line, state, requestor, now);
                if let Some(v) = victim {
                    self.push_eviction(v.boxed(), now, ctx);
                }
                i
            }
        };
        // gem5 answers reads served just before the line is invalidated with
        // `ReadRespWithInvalidate`, and passes one received from below on.
        let invalidating = pkt.cmd == MemCmd::ReadRespWithInvalidate
            || self.mshrs.get(mi).deferred == Some(DeferredSnoop::Invalidate);
        self.serve_targets(mi, index, invalidating, now, ctx);

        let m = self.mshrs.get_mut(mi);
        let deferred = m.deferred.take();
        if m.targets.is_empty() {
            self.mshrs.free(mi);
            if self.no_targets_line == Some(line) {
                self.no_targets_line = None;
            }
        } else {
            // Targets that need write permission the fill did not bring: ask again.
            m.needs_writable = true;
            if !self.mshrs.targets_full(mi) && self.no_targets_line == Some(line) {
                self.no_targets_line = None;
            }
            self.enqueue_mem(now, MemOut::Mshr(mi), ctx);
        }
        match deferred {
            Some(DeferredSnoop::Invalidate) => self.tags.invalidate(index, now),
            Some(DeferredSnoop::Downgrade) => self.tags.clear_bits(index, bits::WRITABLE),
            None => {}
        }
        self.check_unblock(ctx);
        self.issue_prefetches(ctx);
    }

    /// Answer, in order, the targets of MSHR `mi` that line `index` can satisfy,
    /// `response_latency` after the fill; the rest stay in the MSHR. Read
    /// responses become `ReadRespWithInvalidate` if the line is `invalidating`.
    fn serve_targets(
        &mut self,
        mi: usize,
        index: usize,
        invalidating: bool,
        now: Tick,
        ctx: &mut Ctx,
    ) {
        let completion = self.clock_edge(now, self.p.response_latency.0);
        let writable = self.tags.state(index) & bits::WRITABLE != 0;
        // Swap the target list with the spare (both allocated once) to serve it
        // while the MSHR collects whatever must wait.
        let mut served = std::mem::take(&mut self.spare_targets);
        std::mem::swap(&mut served, &mut self.mshrs.get_mut(mi).targets);
        let mut blocked = false;
        for mut t in served.drain(..) {
            blocked |= !writable && needs_writable(t.pkt.cmd);
            if blocked {
                self.mshrs.get_mut(mi).targets.push(t);
                continue;
            }
            if let Some(ci) = cmd_index(&t.pkt) {
                let requestor = t.pkt.requestor.id;
                self.stats.cmd_mut(requestor, ci).miss_latency += (completion - t.recv_time).0;
            }
            self.satisfy(index, &mut t.pkt);
            if invalidating && matches!(t.pkt.cmd, MemCmd::ReadResp | MemCmd::FetchResp) {
                t.pkt.cmd = MemCmd::ReadRespWithInvalidate;
            }
            ctx.send_timing_at(CPU_SIDE, t.pkt, completion);
        }
        self.spare_targets = served;
    }

    /// A response sent up was refused: keep it for the requester's retry.
    pub(super) fn resp_refused(&mut self, pkt: PacketPtr) {
        self.resp_backlog.push_back(pkt);
    }

    /// The requester above can take responses again.
    pub(super) fn resp_retry(&mut self, ctx: &mut Ctx) {
        while let Some(pkt) = self.resp_backlog.pop_front() {
            if let Err(pkt) = ctx.send_timing_resp(CPU_SIDE, pkt) {
                self.resp_backlog.push_front(pkt);
                break;
            }
        }
    }
}
