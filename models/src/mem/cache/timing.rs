//! Timing protocol, request side: hits, misses into MSHRs, writebacks from above,
//! blocking and retries, and prefetch issue.

use super::cmd::{cmd_info, stat_slot, CmdInfo, NO_SLOT};
use super::tags::bits;
use super::{Cache, MemOut, CPU_SIDE};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::Tick;

/// Pushed on the route of packets passed through unchanged, so their responses are
/// told apart from fills (which the cache creates with an empty route).
pub(super) const FORWARD_MARK: u16 = u16::MAX;

/// MSHRs kept free for demand misses when the prefetcher wants one (gem5
/// `demand_mshr_reserve`).
const DEMAND_MSHR_RESERVE: usize = 1;

/// Own event code: send what is due on `mem_side`.
pub(super) const EV_SEND_MEM: u64 = 1;
/// Own event code: send the retry owed above if the cache is no longer blocked
/// (after a snoop dropped a queued `WritebackClean`).
pub(super) const EV_UNBLOCK: u64 = 2;

impl Cache {
    /// True while the cache refuses requests from above (gem5's blocked causes:
    /// no free MSHR, an MSHR without room for targets, a full write buffer).
    pub(super) fn is_blocked(&self) -> bool {
        self.mshrs.is_full()
            || self.no_targets_line.is_some()
            || self.write_buffer_used >= self.p.write_buffers
    }

    /// Send the retry owed to the requester above once the cache is unblocked.
    pub(super) fn check_unblock(&mut self, ctx: &mut Ctx) {
        if self.need_retry && !self.is_blocked() {
            self.need_retry = false;
            if let Some(since) = self.blocked_since.take() {
                self.stats.blocked_ticks += (ctx.now() - since).0;
            }
            ctx.send_retry_req(CPU_SIDE);
        }
    }

    /// A request from above (timing protocol).
    ///
    /// The usual case, a cacheable timing-only demand request that hits with
    /// enough permission while the cache is not blocked, is answered here; every
    /// other request takes [`Cache::timing_req_slow`], which decides the same way
    /// the general path always did.
    #[inline(always)]
    pub(super) fn timing_req(&mut self, pkt: PacketPtr, ctx: &mut Ctx) -> Result<(), PacketPtr> {
        let info = cmd_info(pkt.cmd);
        let class = pkt.flags.0
            & (ReqFlags::TIMING_ONLY.0 | ReqFlags::UNCACHEABLE.0 | ReqFlags::PREFETCH.0);
        if class == ReqFlags::TIMING_ONLY.0 && info.slot != NO_SLOT && !self.is_blocked() {
            let line = self.tags.line_of(pkt.addr.0);
            if let Some(i) = self.tags.lookup(line) {
                let state = self.tags.state(i);
                if !info.need_w || state & bits::WRITABLE != 0 {
                    self.demand_hit(i, state, pkt, info, ctx);
                    return Ok(());
                }
            }
        }
        self.timing_req_slow(pkt, ctx)
    }

    /// A demand request (no prefetch) that found line `i` (in `state`) with enough
    /// permission: count it, update the line and answer after the hit latency.
    #[inline(always)]
    fn demand_hit(
        &mut self,
        i: usize,
        state: u8,
        mut pkt: PacketPtr,
        info: CmdInfo,
        ctx: &mut Ctx,
    ) {
        self.stats.count_hit(pkt.requestor.id, info.slot as usize);
        self.tags.touch(i);
        if state & bits::PREFETCHED != 0 {
            self.first_demand_use(i, &pkt, ctx);
        }
        self.respond(i, state, &mut pkt, info);
        let when = self.edges.next_edge(ctx.now()) + self.hit_ticks;
        let cpu_side = *self.cpu_side.get_or_insert_with(|| ctx.binding(CPU_SIDE));
        ctx.send_timing_at_on(cpu_side, pkt, when);
    }

    /// A demand hit on a prefetched line: it trains the prefetcher and makes the
    /// prefetch useful.
    #[cold]
    #[inline(never)]
    fn first_demand_use(&mut self, i: usize, pkt: &Packet, ctx: &mut Ctx) {
        self.train_prefetcher(pkt, ctx);
        self.stats.pf.useful += 1;
        self.tags.clear_bits(i, bits::PREFETCHED);
    }

    /// [`Cache::timing_req`] for every request but a plain demand hit.
    #[inline(never)]
    fn timing_req_slow(&mut self, mut pkt: PacketPtr, ctx: &mut Ctx) -> Result<(), PacketPtr> {
        let now = ctx.now();
        if !pkt.timing_only() || pkt.flags.has(ReqFlags::UNCACHEABLE) {
            pkt.route.push(FORWARD_MARK);
            let when = self.clock_edge(now, self.p.tag_latency.0);
            self.enqueue_mem(when, MemOut::Forward(pkt), ctx);
            return Ok(());
        }
        if self.is_blocked() {
            self.need_retry = true;
            self.blocked_since.get_or_insert(now);
            return Err(pkt);
        }
        match pkt.cmd {
            MemCmd::WritebackDirty => {
                if let Some(victim) = self.absorb_writeback(&pkt, now) {
                    self.push_eviction(victim.boxed(), now, ctx);
                }
                return Ok(());
            }
            MemCmd::WritebackClean => {
                if let Some(victim) = self.absorb_clean_writeback(&pkt, now) {
                    self.push_eviction(victim.boxed(), now, ctx);
                }
                return Ok(());
            }
            MemCmd::CleanEvict => {
                // Present here: the level below still sees this cache holding it.
                // Absent: pass it on so snoop filters below stay exact.
                if self.clean_evict_passes(&pkt) {
                    self.push_eviction(pkt, now, ctx);
                }
                return Ok(());
            }
            _ => {}
        }
        let info = cmd_info(pkt.cmd);
        let Some(ci) = stat_slot(info) else {
            // Commands a cache does not serve (e.g. InvalidateReq) go below.
            pkt.route.push(FORWARD_MARK);
            let when = self.clock_edge(now, self.p.tag_latency.0);
            self.enqueue_mem(when, MemOut::Forward(pkt), ctx);
            return Ok(());
        };
        let line = self.tags.line_of(pkt.addr.0);
        let need_w = info.need_w;
        if let Some(i) = self.tags.lookup(line) {
            if !need_w || self.tags.state(i) & bits::WRITABLE != 0 {
                self.stats.count_hit(pkt.requestor.id, ci);
                if self.tags.state(i) & bits::PREFETCHED != 0 {
                    self.train_prefetcher(&pkt, ctx);
                }
                self.tags.touch(i);
                self.satisfy_cmd(i, &mut pkt, info);
                let when = self.edges.next_edge(now) + self.hit_ticks;
                ctx.send_timing_at(CPU_SIDE, pkt, when);
                return Ok(());
            }
            self.tags.found(i);
        }
        self.stats.cmd_mut(pkt.requestor.id, ci).misses += 1;
        self.train_prefetcher(&pkt, ctx);
        self.miss(pkt, ci, line, need_w, ctx);
        self.issue_prefetches(ctx);
        Ok(())
    }

    /// A miss: join the line's MSHR or open one.
    fn miss(&mut self, pkt: PacketPtr, ci: usize, line: u64, need_w: bool, ctx: &mut Ctx) {
        let now = ctx.now();
        let requestor = pkt.requestor.id;
        let target = super::mshr::Target {
            pkt,
            recv_time: now,
        };
        if let Some(mi) = self.mshrs.find(line) {
            self.stats.cmd_mut(requestor, ci).mshr_hits += 1;
            let m = self.mshrs.get_mut(mi);
            if m.is_prefetch && m.targets.is_empty() {
                self.stats.pf.late += 1;
            }
            m.targets.push(target);
            m.needs_writable |= need_w;
            if self.mshrs.targets_full(mi) {
                self.no_targets_line = Some(line);
            }
            return;
        }
        self.stats.cmd_mut(requestor, ci).mshr_misses += 1;
        let mi = self.mshrs.allocate(line, now, false);
        let m = self.mshrs.get_mut(mi);
        m.targets.push(target);
        m.needs_writable = need_w;
        if self.mshrs.targets_full(mi) {
            self.no_targets_line = Some(line);
        }
        let when = self.clock_edge(now, self.p.tag_latency.0);
        self.enqueue_mem(when, MemOut::Mshr(mi), ctx);
    }

    /// Queue a writeback or clean eviction for the level below.
    pub(super) fn push_eviction(&mut self, pkt: PacketPtr, now: Tick, ctx: &mut Ctx) {
        self.write_buffer_used += 1;
        let when = self.clock_edge(now, 0);
        self.enqueue_mem(when, MemOut::Evict(pkt), ctx);
    }

    /// Put `item` in the memory-side queue (kept in ready order) and make sure a
    /// send event is due by its ready tick.
    pub(super) fn enqueue_mem(&mut self, when: Tick, item: MemOut, ctx: &mut Ctx) {
        let pos = self
            .mem_queue
            .iter()
            .rposition(|(t, _)| *t <= when)
            .map_or(0, |p| p + 1);
        self.mem_queue.insert(pos, (when, item));
        self.schedule_send(ctx);
    }

    /// Schedule the send event for the queue head, unless one is due by then.
    pub(super) fn schedule_send(&mut self, ctx: &mut Ctx) {
        if self.mem_waiting_retry {
            return;
        }
        if let Some(&(when, _)) = self.mem_queue.front() {
            let when = when.max(ctx.now());
            if when < self.send_event_at {
                self.send_event_at = when;
                ctx.schedule(when, sim_core::Priority::DEFAULT, EV_SEND_MEM);
            }
        }
    }

    /// Train the stride prefetcher on a demand access and queue its candidates.
    fn train_prefetcher(&mut self, pkt: &Packet, _ctx: &mut Ctx) {
        let Some(pf) = self.prefetcher.as_mut() else {
            return;
        };
        if pkt.pc == 0 || pkt.flags.has(ReqFlags::PREFETCH) {
            return;
        }
        let n = pf.observe(pkt.pc, pkt.addr.0).len();
        self.stats.pf.identified += n as u64;
        for k in 0..n {
            let pf = self.prefetcher.as_mut().expect("checked above");
            let addr = pf.candidate(k);
            let line = self.tags.line_of(addr);
            if self.tags.lookup(line).is_some() {
                self.stats.pf.hit_in_cache += 1;
            } else if self.mshrs.find(line).is_some() {
                self.stats.pf.hit_in_mshr += 1;
            } else {
                pf.enqueue(addr);
            }
        }
    }

    /// Turn queued prefetch candidates into MSHRs while enough are free.
    pub(super) fn issue_prefetches(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        while let Some(pf) = self.prefetcher.as_mut() {
            if self.mshrs.in_use() + DEMAND_MSHR_RESERVE >= self.mshrs.capacity() {
                return;
            }
            let Some(addr) = pf.next() else {
                return;
            };
            let line = self.tags.line_of(addr);
            if self.tags.lookup(line).is_some() || self.mshrs.find(line).is_some() {
                continue;
            }
            self.stats.pf.issued += 1;
            let pf_requestor = self.prefetch_requestor;
            self.stats
                .cmd_mut(pf_requestor, super::stats::HARD_PF)
                .mshr_misses += 1;
            let mi = self.mshrs.allocate(line, now, true);
            let when = self.clock_edge(now, self.p.tag_latency.0);
            self.enqueue_mem(when, MemOut::Mshr(mi), ctx);
        }
    }
}
