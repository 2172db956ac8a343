//! The classic cache (gem5's `Cache`): tags, MSHRs, write buffer, replacement, prefetching, coherence.
//!
//! The cache is *data-less*: it models tags, MOESI state (valid/writable/dirty bits,
//! as gem5's classic caches) and timing, while the bytes stay in the backing store
//! (see `ReqFlags::TIMING_ONLY` and [`Backdoor`](sim_core::component::Backdoor)).
//!
//! ```text
//!            cpu_side (response, port 0)
//!                 │ ReadReq/WriteReq/... ─▶ tags ── hit ──▶ response after the hit latency
//!                 │                           └─ miss ─▶ MSHR (coalesces per line) ─┐
//!   Writeback*/CleanEvict from above ─▶ tags                                       │
//!                 │                                      memory-side send queue ◀───┘
//!                 │                     (MSHR requests, writebacks, forwarded packets)
//!            mem_side (request, port 1) ─▶ fills install a line (victim ─▶ write buffer)
//!                 ▲ express snoops: forwarded up first, then applied here
//! ```
//!
//! Packets without `TIMING_ONLY` (they carry data) and uncacheable ones are
//! forwarded below unchanged and never allocate a line; their responses come back
//! through the cache untouched. Such writes do not invalidate a cached copy: the
//! copy holds no data, so values stay right and only timing is approximate.

mod atomic;
mod cmd;
mod coherence;
mod component;
mod fill;
mod mshr;
mod params;
mod prefetch;
mod replacement;
mod report;
mod stats;
mod tag_stats;
mod tags;
mod timing;

#[cfg(test)]
mod tests;

pub use params::{
    CacheConfigError, CacheParams, Clusivity, ReplacementPolicy, StridePrefetcherParams,
};
pub use stats::{CacheStats, CmdStats, PrefetchStats, CMD_NAMES, READ_CLEAN, READ_SHARED};
pub use tags::bits as line_bits;

use mshr::MshrQueue;
use prefetch::StridePrefetcher;
use sim_core::component::{Binding, Ctx};
use sim_core::edge::EdgeTest;
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::{ClockDomain, Cycles, Tick};
use std::collections::VecDeque;
use tags::{bits, Evicted, TagStore};

/// Local index of the `cpu_side` (response) port.
pub const CPU_SIDE: u16 = 0;
/// Local index of the `mem_side` (request) port.
pub const MEM_SIDE: u16 = 1;

/// Something waiting to go out of `mem_side`.
enum MemOut {
    /// The request of an MSHR (its command is chosen when it is sent).
    Mshr(usize),
    /// A writeback or clean eviction (write buffer entry).
    Evict(PacketPtr),
    /// A request from above passed through unchanged (uncacheable or carrying data).
    Forward(PacketPtr),
}

/// A data-less classic cache; see the module docs.
pub struct Cache {
    p: CacheParams,
    domain: ClockDomain,
    /// Clock-edge test for `domain` (most requests arrive on an edge: no division).
    edges: EdgeTest,
    /// Hit latency in ticks: tags and data in parallel unless sequential.
    hit_ticks: Tick,
    tags: TagStore,
    mshrs: MshrQueue,
    /// Ready tick and item, in ready order.
    mem_queue: VecDeque<(Tick, MemOut)>,
    write_buffer_used: usize,
    mem_waiting_retry: bool,
    /// Tick of the earliest pending send event (`Tick::MAX` if none).
    send_event_at: Tick,
    /// Responses refused from above, resent on the requester's retry.
    resp_backlog: VecDeque<PacketPtr>,
    /// A request from above was refused; send a retry when unblocked.
    need_retry: bool,
    blocked_since: Option<Tick>,
    /// The MSHR whose target list filled up (blocks the cache, as gem5).
    no_targets_line: Option<u64>,
    prefetcher: Option<StridePrefetcher>,
    /// The binding of `cpu_side`, resolved at the first hit: every hit answers
    /// through it.
    cpu_side: Option<Binding>,
    /// An empty target list, swapped with an MSHR's while a fill serves it.
    spare_targets: Vec<mshr::Target>,
    /// Requestor id of this cache's prefetcher (`cpu.dcache.prefetcher`), set at
    /// startup from the component id.
    prefetch_requestor: u32,
    stats: CacheStats,
}

/// True for requests that need the line writable here.
#[inline]
fn needs_writable(cmd: MemCmd) -> bool {
    cmd::cmd_info(cmd).need_w
}

impl Cache {
    /// A cache with `params`, or the first parameter out of range.
    pub fn new(params: CacheParams) -> Result<Cache, CacheConfigError> {
        params.validate()?;
        let domain = ClockDomain::new(params.clock);
        // Hit latency: tags and data in parallel unless sequential.
        let (t, d) = (params.tag_latency.0, params.data_latency.0);
        let hit_cycles = if params.sequential_access {
            t + d
        } else {
            t.max(d)
        };
        Ok(Cache {
            domain,
            edges: EdgeTest::new(domain.period()),
            hit_ticks: domain.cycles_to_ticks(Cycles(hit_cycles)),
            tags: TagStore::new(&params),
            mshrs: MshrQueue::new(params.mshrs, params.tgts_per_mshr),
            mem_queue: VecDeque::with_capacity(params.mshrs + params.write_buffers + 8),
            write_buffer_used: 0,
            mem_waiting_retry: false,
            send_event_at: Tick::MAX,
            resp_backlog: VecDeque::new(),
            need_retry: false,
            blocked_since: None,
            no_targets_line: None,
            prefetcher: params
                .prefetcher
                .map(|pf| StridePrefetcher::new(pf, params.line_size)),
            spare_targets: Vec::with_capacity(params.tgts_per_mshr.min(mshr::PREALLOCATED_TARGETS)),
            prefetch_requestor: 0,
            cpu_side: None,
            stats: CacheStats::default(),
            p: params,
        })
    }

    /// The parameters.
    pub fn cache_params(&self) -> &CacheParams {
        &self.p
    }

    /// The counters.
    pub fn stats(&self) -> &CacheStats {
        &self.stats
    }

    /// State bits ([`line_bits`]) of the line holding `addr`, if cached.
    pub fn line_state(&self, addr: u64) -> Option<u8> {
        let line = self.tags.line_of(addr);
        self.tags.lookup(line).map(|i| self.tags.state(i))
    }

    /// Outstanding MSHRs.
    pub fn mshrs_in_use(&self) -> usize {
        self.mshrs.in_use()
    }

    fn cycles(&self, c: u64) -> Tick {
        self.domain.cycles_to_ticks(Cycles(c))
    }

    /// `c` cycles after the next clock edge (gem5's `clockEdge(c)`).
    #[inline]
    fn clock_edge(&self, now: Tick, c: u64) -> Tick {
        self.edges.next_edge(now) + self.cycles(c)
    }

    /// Apply a request that found its line with enough permission and turn it into
    /// its response. (A hit also touches the line for the replacement policy; a
    /// fill does not, as in gem5: insertion already set its replacement data.)
    #[inline(always)]
    fn satisfy(&mut self, index: usize, pkt: &mut Packet) {
        self.satisfy_cmd(index, pkt, cmd::cmd_info(pkt.cmd));
    }

    /// [`Cache::satisfy`] for a request whose command has `info`.
    #[inline(always)]
    fn satisfy_cmd(&mut self, index: usize, pkt: &mut Packet, info: cmd::CmdInfo) {
        let state = self.tags.state(index);
        if state & bits::PREFETCHED != 0 && !pkt.flags.has(ReqFlags::PREFETCH) {
            self.stats.pf.useful += 1;
            self.tags.clear_bits(index, bits::PREFETCHED);
        }
        self.respond(index, state, pkt, info);
    }

    /// The part of [`Cache::satisfy_cmd`] after the prefetch bookkeeping: dirty
    /// the line for a write and turn `pkt` into its response. `state` is the
    /// line's state before the request (its writable bit decides `has_sharers`).
    #[inline(always)]
    fn respond(&mut self, index: usize, state: u8, pkt: &mut Packet, info: cmd::CmdInfo) {
        if info.writes {
            self.tags.set_bits(index, bits::DIRTY);
        }
        if pkt.cmd == MemCmd::StoreCondReq {
            pkt.sc_success = true;
        }
        // A writable line here has no copies outside this subtree: pass exclusivity.
        pkt.has_sharers = !info.need_w && state & bits::WRITABLE == 0;
        pkt.cmd = info.resp;
    }

    /// Install `line` with `state` at `now` for a request of `requestor`,
    /// returning the packet announcing the victim (`WritebackDirty`,
    /// `WritebackClean` or `CleanEvict`) if a valid line was replaced.
    fn install(
        &mut self,
        line: u64,
        state: u8,
        requestor: u32,
        now: Tick,
    ) -> (usize, Option<Packet>) {
        let (index, evicted) = self.tags.make_room(line, now);
        self.tags.install(index, line, state, requestor, now);
        (index, evicted.map(|e| self.eviction_packet(e)))
    }

    fn eviction_packet(&mut self, e: Evicted) -> Packet {
        self.stats.replacements += 1;
        if e.state & bits::PREFETCHED != 0 {
            self.stats.pf.unused += 1;
        }
        let dirty = e.state & bits::DIRTY != 0;
        // gem5's `evictBlock`: a dirty line, or any line with `writeback_clean`,
        // leaves as a data-carrying writeback (`writebackBlk` counts both).
        let cmd = if dirty {
            self.stats.writebacks += 1;
            MemCmd::WritebackDirty
        } else if self.p.writeback_clean {
            self.stats.writebacks += 1;
            MemCmd::WritebackClean
        } else {
            MemCmd::CleanEvict
        };
        let mut pkt = Packet::command(
            cmd,
            sim_core::Addr(self.tags.line_addr(e.line)),
            self.p.line_size as usize,
            ReqFlags::TIMING_ONLY,
            // gem5's `wbRequestorId`: writebacks and evictions are `writebacks`.
            Requestor {
                id: sim_core::stats::requestors::WRITEBACKS,
                thread: 0,
            },
        );
        // Tells the level below whether the line was held writable (gem5 hasSharers).
        pkt.has_sharers = e.state & bits::WRITABLE == 0;
        pkt
    }

    /// A writeback from above at `now`: mark the line dirty, allocating it if
    /// absent. Returns the eviction it caused, if any.
    fn absorb_writeback(&mut self, pkt: &Packet, now: Tick) -> Option<Packet> {
        self.tags.stats.eviction_lookups += 1;
        let line = self.tags.line_of(pkt.addr.0);
        let owned = if pkt.has_sharers { 0 } else { bits::WRITABLE };
        match self.tags.lookup(line) {
            Some(i) => {
                self.tags.found(i);
                self.tags.set_bits(i, bits::DIRTY | owned);
                None
            }
            None => {
                self.install(line, bits::DIRTY | owned, pkt.requestor.id, now)
                    .1
            }
        }
    }

    /// A `CleanEvict` from above: true if the line is not here (the notice goes
    /// on below, so snoop filters there stay exact).
    fn clean_evict_passes(&mut self, pkt: &Packet) -> bool {
        self.tags.stats.eviction_lookups += 1;
        match self.tags.lookup(self.tags.line_of(pkt.addr.0)) {
            Some(i) => {
                self.tags.found(i);
                false
            }
            None => true,
        }
    }

    /// A `WritebackClean` from above (gem5's `Cache::access`/`BaseCache::access`):
    /// dropped while a writeback or eviction of the line waits in the write buffer or
    /// a miss for it is outstanding; otherwise the line is allocated (or touched)
    /// clean, writable if the sender held it writable, and counted as a
    /// `WritebackClean` hit. Returns the eviction it caused, if any.
    fn absorb_clean_writeback(&mut self, pkt: &Packet, now: Tick) -> Option<Packet> {
        self.tags.stats.eviction_lookups += 1;
        let line = self.tags.line_of(pkt.addr.0);
        if self.eviction_queued(line) || self.mshrs.find(line).is_some() {
            return None;
        }
        self.stats.writeback_clean_hits += 1;
        let owned = if pkt.has_sharers { 0 } else { bits::WRITABLE };
        match self.tags.lookup(line) {
            Some(i) => {
                self.tags.touch(i);
                self.tags.stats.other_finds += 1;
                self.tags.set_bits(i, owned);
                None
            }
            None => self.install(line, owned, pkt.requestor.id, now).1,
        }
    }

    /// True if a writeback or clean eviction of `line` waits in the write buffer.
    fn eviction_queued(&self, line: u64) -> bool {
        let addr = self.tags.line_addr(line);
        self.mem_queue
            .iter()
            .any(|(_, item)| matches!(item, MemOut::Evict(wb) if wb.addr.0 == addr))
    }

    /// gem5's `isCachedAbove`, asked before a `WritebackClean` victim goes below:
    /// a cache that forwards snoops snoops the levels above with it, and a copy,
    /// a miss or a queued eviction there means the writeback is dropped (the line
    /// stays cached above; gem5's `doWritebacks`). Asked when the victim is about
    /// to leave the write buffer (from an event, never while a level above is
    /// mid-call into this one), not when it is made. Timing protocol only: in the
    /// atomic protocol every victim arises while the levels above are mid-call, so
    /// a `WritebackClean` always goes below there.
    pub(super) fn cached_above(&mut self, victim: &Packet, ctx: &mut Ctx) -> bool {
        self.p.forward_snoops && ctx.send_snoop(CPU_SIDE, victim).had_copy
    }

    /// The command that fetches `line` (with write permission if `writable`), as
    /// gem5's `createMissPacket`: a read-only cache asks for a clean line
    /// (`ReadCleanReq`), others for one they may get shared or exclusive
    /// (`ReadSharedReq`); a line present without write permission is upgraded,
    /// an absent one read exclusive.
    fn fetch_cmd(&self, line: u64, writable: bool) -> MemCmd {
        if !writable {
            if self.p.is_read_only {
                MemCmd::ReadCleanReq
            } else {
                MemCmd::ReadSharedReq
            }
        } else if self.tags.lookup(line).is_some() {
            MemCmd::UpgradeReq
        } else {
            MemCmd::ReadExReq
        }
    }

    /// The request an MSHR sends below: write permission if a target needs it
    /// (an upgrade when the line is here shared), else a shared read.
    fn mshr_request(&self, index: usize) -> Packet {
        let m = self.mshrs.get(index);
        let cmd = self.fetch_cmd(m.line, m.needs_writable);
        let mut flags = ReqFlags::TIMING_ONLY;
        if m.is_prefetch && m.targets.is_empty() {
            flags = flags | ReqFlags::PREFETCH;
        }
        let first = m.targets.first().map(|t| &t.pkt);
        let mut pkt = Packet::command(
            cmd,
            sim_core::Addr(self.tags.line_addr(m.line)),
            self.p.line_size as usize,
            flags,
            first.map(|p| p.requestor).unwrap_or(Requestor {
                id: self.prefetch_requestor,
                thread: 0,
            }),
        );
        pkt.pc = first.map(|p| p.pc).unwrap_or(0);
        pkt
    }
}
