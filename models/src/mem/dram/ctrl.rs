//! The controller's queues and scheduling loop (gem5's `MemCtrl`): requests are
//! split into bursts, reads and writes wait in their queues, the bus alternates
//! between read and write phases with gem5's write-drain thresholds, and reads are
//! answered when their last burst has crossed the bus.

use super::bank::{BurstTiming, DramState};
use super::params::DramParams;
use super::scheduler::{choose_frfcfs, queued_peers, Burst};
use super::stats::{size_log2, CtrlStats, DramStats};
use sim_core::component::Ctx;
use sim_core::mem::{BackingStore, PacketPtr};
use sim_core::Tick;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

/// Event code: make the next scheduling decision (gem5's `nextReqEvent`).
pub(super) const EV_NEXT_REQ: u64 = 1;
/// Event code: the oldest issued read burst has its data (gem5's `respondEvent`).
pub(super) const EV_RESPOND: u64 = 2;

/// Which kind of burst the data bus is serving.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum BusState {
    Read,
    Write,
}

/// A read request waiting for its bursts.
pub(super) struct PendingRead {
    pub pkt: PacketPtr,
    pub bursts_left: u32,
}

/// A DRAM memory controller with a DDR timing model (gem5's `MemCtrl` driving one
/// `DRAMInterface`). Port: `port` (response). Bytes live in the shared
/// [`BackingStore`]; the controller moves them when it accepts a request (unless the
/// packet is `TIMING_ONLY`) and models when the response may leave.
pub struct DramCtrl {
    pub(super) p: DramParams,
    pub(super) store: Arc<BackingStore>,
    pub(super) state: DramState,
    pub(super) read_queue: VecDeque<Burst>,
    pub(super) write_queue: VecDeque<Burst>,
    /// Burst-aligned addresses present in the write queue (merging, read snooping).
    pub(super) queued_writes: HashSet<u64>,
    /// Issued read bursts: (data ready tick, pending read slot), in issue order.
    pub(super) resp_queue: VecDeque<(Tick, u32)>,
    pub(super) reads: Vec<Option<PendingRead>>,
    pub(super) free_reads: Vec<u32>,
    /// Responses the requester refused, resent after its retry.
    pub(super) blocked_resps: VecDeque<PacketPtr>,
    pub(super) bus: BusState,
    pub(super) bus_next: BusState,
    pub(super) writes_this_time: usize,
    pub(super) next_req_scheduled: bool,
    pub(super) respond_scheduled: bool,
    pub(super) retry_rd: bool,
    pub(super) retry_wr: bool,
    pub(super) prev_arrival: Option<Tick>,
    /// Latest tick seen in any callback (stats are read without a clock).
    pub(super) now_seen: Tick,
    pub(super) reset_tick: Tick,
    pub(super) refreshes_at_reset: u64,
    pub(super) stats: CtrlStats,
    pub(super) dram_stats: DramStats,
    /// Added to the event codes this controller schedules, so two controllers
    /// can share one component (an HBM controller's pseudo channels); 0 alone.
    pub(super) ev_base: u64,
    /// Address bits selecting this controller among others sharing the range (an
    /// HBM pseudo channel, a channel of interleaved memory), highest first: removed
    /// before decoding, so the channel's bursts fill its rows as a lone
    /// controller's would. Empty alone.
    pub(super) channel_bits: Vec<u32>,
}

impl DramCtrl {
    /// A controller for `params.range`, serving bytes from `store` (which must cover it).
    pub fn new(params: DramParams, store: Arc<BackingStore>) -> Self {
        DramCtrl {
            state: DramState::new(&params),
            read_queue: VecDeque::with_capacity(params.read_buffer_size),
            write_queue: VecDeque::with_capacity(params.write_buffer_size),
            queued_writes: HashSet::with_capacity(params.write_buffer_size * 2),
            resp_queue: VecDeque::with_capacity(params.read_buffer_size),
            reads: Vec::new(),
            free_reads: Vec::new(),
            blocked_resps: VecDeque::new(),
            bus: BusState::Read,
            bus_next: BusState::Read,
            writes_this_time: 0,
            next_req_scheduled: false,
            respond_scheduled: false,
            retry_rd: false,
            retry_wr: false,
            prev_arrival: None,
            now_seen: Tick(0),
            reset_tick: Tick(0),
            refreshes_at_reset: 0,
            stats: CtrlStats::new(&params),
            dram_stats: DramStats::new(&params),
            ev_base: 0,
            channel_bits: Vec::new(),
            p: params,
            store,
        }
    }

    /// The parameters this controller was built with.
    pub fn dram_params(&self) -> &DramParams {
        &self.p
    }

    /// Refreshes performed per rank since the last stats reset (refreshes are
    /// applied when the controller next schedules a burst).
    pub fn refreshes(&self) -> u64 {
        self.state.refreshes - self.refreshes_at_reset
    }

    /// Bursts needed for `size` bytes at `addr`.
    pub(super) fn burst_count(&self, addr: u64, size: usize) -> usize {
        let burst = self.p.burst_size();
        ((addr % burst + size.max(1) as u64).div_ceil(burst)) as usize
    }

    /// The bursts `[addr, addr + size)` splits into, as (address, bytes).
    fn pieces(&self, addr: u64, size: usize) -> impl Iterator<Item = (u64, u32)> {
        let burst = self.p.burst_size();
        let end = addr + size.max(1) as u64;
        let mut a = addr;
        std::iter::from_fn(move || {
            (a < end).then(|| {
                let next = ((a | (burst - 1)) + 1).min(end);
                let piece = (a, (next - a) as u32);
                a = next;
                piece
            })
        })
    }

    /// `addr` with the channel-select bits removed (itself without any).
    fn channel_addr(&self, addr: u64) -> u64 {
        self.channel_bits
            .iter()
            .fold(addr, |a, &b| ((a >> (b + 1)) << b) | (a & ((1 << b) - 1)))
    }

    /// This controller serves one slice of memory interleaved over several
    /// channels: remove the address bits that select the channel (`bits`, the
    /// lowest bit of each interleaving mask) before decoding rank, bank and row,
    /// so the channel's bursts fill its rows as a lone controller's would (gem5's
    /// `getCtrlAddr`).
    pub fn set_channel_bits(&mut self, mut bits: Vec<u32>) {
        bits.sort_unstable_by(|a, b| b.cmp(a));
        bits.dedup();
        self.channel_bits = bits;
    }

    fn burst_entry(&self, addr: u64, size: u32, now: Tick, parent: u32, requestor: u32) -> Burst {
        Burst {
            addr,
            size,
            loc: self.p.decode(sim_core::Addr(self.channel_addr(addr))),
            entry_time: now,
            parent,
            requestor,
        }
    }

    /// Queue a read's bursts (those a queued write covers are served from it) and
    /// answer at once if nothing is left for the DRAM.
    pub(super) fn add_to_read_queue(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        let now = ctx.now();
        let (addr, size, requestor) = (pkt.addr.0, pkt.size, pkt.requestor.id);
        let slot = match self.free_reads.pop() {
            Some(s) => s,
            None => {
                self.reads.push(None);
                (self.reads.len() - 1) as u32
            }
        };
        let mut left = 0;
        for (a, sz) in self.pieces(addr, size) {
            self.stats.read_bursts += 1;
            self.stats.read_pkt_size[size_log2(sz)] += 1;
            if self.covered_by_write(a, sz) {
                self.stats.serviced_by_wr_q += 1;
                self.stats.bytes_read_wr_q += self.p.burst_size();
                continue;
            }
            let len = self.read_queue.len() + self.resp_queue.len();
            if let Some(n) = self.stats.rd_q_len_pdf.get_mut(len) {
                *n += 1;
            }
            let b = self.burst_entry(a, sz, now, slot, requestor);
            self.read_queue.push_back(b);
            self.stats.avg_rd_q_len.set(len + 1, now);
            left += 1;
        }
        if left == 0 {
            self.free_reads.push(slot);
            let when = now + self.p.static_frontend_latency;
            self.respond(pkt, when, ctx);
        } else {
            self.reads[slot as usize] = Some(PendingRead {
                pkt,
                bursts_left: left,
            });
        }
    }

    fn covered_by_write(&self, addr: u64, size: u32) -> bool {
        let aligned = addr & !(self.p.burst_size() - 1);
        self.queued_writes.contains(&aligned)
            && self
                .write_queue
                .iter()
                .any(|w| w.addr <= addr && addr + size as u64 <= w.addr + w.size as u64)
    }

    /// Queue a write's bursts, merging those already queued.
    pub(super) fn add_to_write_queue(&mut self, addr: u64, size: usize, now: Tick, requestor: u32) {
        let mask = !(self.p.burst_size() - 1);
        for (a, sz) in self.pieces(addr, size) {
            self.stats.write_bursts += 1;
            self.stats.write_pkt_size[size_log2(sz)] += 1;
            if !self.queued_writes.insert(a & mask) {
                self.stats.merged_wr_bursts += 1;
                continue;
            }
            let len = self.write_queue.len();
            if let Some(n) = self.stats.wr_q_len_pdf.get_mut(len) {
                *n += 1;
            }
            let b = self.burst_entry(a, sz, now, 0, requestor);
            self.write_queue.push_back(b);
            self.stats.avg_wr_q_len.set(len + 1, now);
        }
    }

    /// Send `pkt`'s response (if it wants one) at `when`.
    pub(super) fn respond(&mut self, mut pkt: PacketPtr, when: Tick, ctx: &mut Ctx) {
        if pkt.cmd.needs_response() {
            pkt.make_response();
            ctx.send_timing_at(0, pkt, when);
        }
    }

    /// Make sure a scheduling decision happens at `now` (gem5: schedule
    /// `nextReqEvent` if it is not already scheduled).
    pub(super) fn kick(&mut self, ctx: &mut Ctx) {
        if !self.next_req_scheduled {
            self.next_req_scheduled = true;
            ctx.schedule(ctx.now(), 0, self.ev_base + EV_NEXT_REQ);
        }
    }

    /// One scheduling decision: pick a read or write burst for the bus and decide
    /// which kind comes next (gem5's `processNextReqEvent`).
    pub(super) fn process_next_req(&mut self, ctx: &mut Ctx) {
        self.next_req_scheduled = false;
        let now = ctx.now();
        self.state.catch_up_refresh(&self.p, now);
        let switched = self.bus != self.bus_next;
        if switched && self.bus_next == BusState::Read {
            self.writes_this_time = 0;
        }
        self.bus = self.bus_next;
        match self.bus {
            BusState::Read => {
                if self.read_queue.is_empty() {
                    if self.write_queue.len() <= self.p.write_low_threshold()
                        || self.write_queue.is_empty()
                    {
                        return; // idle until the next request arrives
                    }
                    self.bus_next = BusState::Write;
                } else {
                    let extra = if switched {
                        self.min_write_to_read_gap()
                    } else {
                        Tick(0)
                    };
                    self.issue(true, extra, ctx);
                    if self.write_queue.len() > self.p.write_high_threshold() {
                        self.bus_next = BusState::Write;
                    }
                }
            }
            BusState::Write => {
                if !self.write_queue.is_empty() {
                    let extra = if switched {
                        self.min_read_to_write_gap()
                    } else {
                        Tick(0)
                    };
                    self.issue(false, extra, ctx);
                    self.writes_this_time += 1;
                }
                let left = self.write_queue.len();
                let below = left + self.p.min_writes_per_switch < self.p.write_low_threshold();
                if left == 0
                    || below
                    || (!self.read_queue.is_empty()
                        && self.writes_this_time >= self.p.min_writes_per_switch)
                {
                    self.bus_next = BusState::Read;
                }
                if self.retry_wr && left < self.p.write_buffer_size {
                    self.retry_wr = false;
                    ctx.send_retry_req(0);
                }
            }
        }
        // Decide early enough to hide a precharge and activate behind the bus.
        let offset = self.p.t_rp + self.p.t_rcd;
        let next = Tick(self.state.next_burst_at.0.saturating_sub(offset.0)).max(now);
        self.next_req_scheduled = true;
        ctx.schedule(next, 0, self.ev_base + EV_NEXT_REQ);
    }

    fn min_write_to_read_gap(&self) -> Tick {
        let p = &self.p;
        (p.t_cl + p.t_burst + p.t_wtr).min(p.t_burst + p.t_cs)
    }

    fn min_read_to_write_gap(&self) -> Tick {
        let p = &self.p;
        (p.t_rtw + p.t_burst).min(p.t_burst + p.t_cs)
    }

    /// Choose a burst from the read (or write) queue and issue it to the DRAM.
    fn issue(&mut self, is_read: bool, extra_col_delay: Tick, ctx: &mut Ctx) {
        let now = ctx.now();
        let min_col_at = (self.state.next_burst_at + extra_col_delay).max(now);
        let queue = if is_read {
            &self.read_queue
        } else {
            &self.write_queue
        };
        let i = choose_frfcfs(queue, &self.state, &self.p, is_read, now, min_col_at)
            .expect("the queue is not empty");
        let queue = if is_read {
            &mut self.read_queue
        } else {
            &mut self.write_queue
        };
        let b = queue.remove(i).expect("chosen index is in the queue");
        let peers = queued_peers(queue, usize::MAX, b.loc);
        let t = self.state.burst(&self.p, b.loc, is_read, now, peers);
        self.record_burst(&b, &t, is_read);
        if is_read {
            self.resp_queue.push_back((t.ready_at, b.parent));
            if !self.respond_scheduled {
                self.respond_scheduled = true;
                ctx.schedule(t.ready_at, 0, self.ev_base + EV_RESPOND);
            }
        } else {
            self.queued_writes
                .remove(&(b.addr & !(self.p.burst_size() - 1)));
        }
    }

    fn record_burst(&mut self, b: &Burst, t: &BurstTiming, is_read: bool) {
        let r = self.stats.requestor(b.requestor);
        let latency = (t.ready_at - b.entry_time).0;
        if is_read {
            r.read_bytes += b.size as u64;
            r.read_total_lat += latency;
        } else {
            r.write_bytes += b.size as u64;
            r.write_total_lat += latency;
        }
        let s = &mut self.dram_stats;
        let bank = b.loc.rank as usize * self.p.banks_per_rank as usize + b.loc.bank as usize;
        if is_read {
            s.read_bursts += 1;
            s.read_row_hits += t.row_hit as u64;
            s.bytes_read += self.p.burst_size();
            s.per_bank_rd_bursts[bank] += 1;
            s.tot_mem_acc_lat += (t.ready_at - b.entry_time).0;
            s.tot_q_lat += (t.cmd_at - b.entry_time).0;
            s.tot_bus_lat += self.p.t_burst.0;
        } else {
            s.write_bursts += 1;
            s.write_row_hits += t.row_hit as u64;
            s.bytes_written += self.p.burst_size();
            s.per_bank_wr_bursts[bank] += 1;
        }
    }

    /// Read bursts whose data is on its way: answer each read whose last burst
    /// finished, and let a refused requester retry (gem5's `processRespondEvent`).
    pub(super) fn process_respond(&mut self, ctx: &mut Ctx) {
        self.respond_scheduled = false;
        let now = ctx.now();
        while let Some(&(ready, slot)) = self.resp_queue.front() {
            if ready > now {
                break;
            }
            self.resp_queue.pop_front();
            let pending = self.reads[slot as usize]
                .as_mut()
                .expect("issued burst belongs to a pending read");
            pending.bursts_left -= 1;
            if pending.bursts_left == 0 {
                let done = self.reads[slot as usize].take().expect("checked above");
                self.free_reads.push(slot);
                let when = now + self.p.static_frontend_latency + self.p.static_backend_latency;
                self.respond(done.pkt, when, ctx);
            }
        }
        if let Some(&(ready, _)) = self.resp_queue.front() {
            self.respond_scheduled = true;
            ctx.schedule(ready, 0, self.ev_base + EV_RESPOND);
        }
        if self.retry_rd {
            self.retry_rd = false;
            ctx.send_retry_req(0);
        }
    }
}
