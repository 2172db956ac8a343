//! Fetch1: line fetches through `icache_port`, running ahead of Fetch2 as
//! gem5's Fetch1 does. A line starts at the fetch address (rounded down to a
//! fetch word) and ends at the next `fetch1LineSnapWidth` boundary or after
//! `fetch1LineWidth` bytes. Fetch1 sends at most one request a cycle, keeps at
//! most `fetch1FetchLimit` in flight, and sends one only if it can reserve an
//! entry in Fetch2's input buffer (`fetch2InputBufferSize` lines, counting the
//! lines in flight). It follows its stream sequentially until a change of
//! stream reaches it: a predicted-taken branch from Fetch2
//! (`fetch1ToFetch2BackwardDelay` cycles after Fetch2 predicted it) or a
//! misprediction from Execute (`executeBranchDelay` cycles after Execute
//! resolved it). Until then it goes on fetching the old stream, so the lines
//! of a wrong path (and the sequential lines after a taken branch) reach the
//! icache; they are discarded, and one still in flight keeps its fetch slot and
//! buffer entry until its response arrives.

use super::{MinorCpu, Status, Wait, EV_FETCH1};
use crate::cpu::tlb::PAGE_SIZE;
use crate::cpu::{FETCH_BYTES, ICACHE_PORT};
use sim_core::arch::{Isa, MemAccess};
use sim_core::component::Ctx;
use sim_core::event::Priority;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::{Addr, Tick};
use std::collections::VecDeque;

/// A cycle that has not come (a line still in flight).
const NEVER: u64 = u64::MAX;

/// A line of the current stream, requested and not yet finished by Fetch2.
#[derive(Copy, Clone, Debug)]
pub(super) struct Line {
    /// Virtual addresses `[start, end)`.
    pub start: u64,
    pub end: u64,
    /// Request number (the packet's tag).
    seq: u64,
    /// Cycle the response was handled (`NEVER` while in flight).
    pub arrived: u64,
    /// Cycle Fetch2 took the last instruction from it (0: none yet).
    pub last_use: u64,
}

/// Fetch1's state: its stream, the lines it holds in Fetch2's input buffer,
/// and the changes of stream on their way to it.
#[derive(Clone, Debug, Default)]
pub(super) struct Fetch1 {
    /// Where the next line request of the current stream starts.
    addr: u64,
    /// Lines of the current stream not yet finished by Fetch2, oldest first.
    pub lines: VecDeque<Line>,
    /// Requests in flight (discarded ones included).
    in_flight: u32,
    /// Requests in flight whose lines were discarded (they keep their entry).
    stale: u32,
    /// Cycles at which entries of finished lines become free (future ones).
    freeing: VecDeque<u64>,
    /// Earliest cycle of the next request.
    next_cycle: u64,
    /// Changes of stream on their way: (address, cycle they reach Fetch1).
    redirects: VecDeque<(u64, u64)>,
    /// The stream cannot be fetched (its translation faulted); a redirect
    /// restarts it.
    stopped: bool,
    /// Not fetching at all (no thread, or halted).
    halted: bool,
    seq: u64,
    /// Tick of the EV_FETCH1 event to act on.
    pub event_at: Option<Tick>,
}

impl Fetch1 {
    /// Start a new stream at `addr` now; Fetch1 may request from cycle `at`.
    /// Every line held is discarded; returns how many arrived unused.
    fn change_stream(&mut self, addr: u64, at: u64) -> u64 {
        let mut discarded = 0;
        for l in self.lines.drain(..) {
            if l.arrived == NEVER {
                self.stale += 1;
            } else if l.last_use == 0 {
                discarded += 1;
            }
        }
        self.addr = addr;
        self.stopped = false;
        self.next_cycle = self.next_cycle.max(at);
        discarded
    }

    /// Entries of Fetch2's input buffer held at `cycle`.
    fn reserved(&mut self, cycle: u64) -> u32 {
        while self.freeing.front().is_some_and(|&c| c <= cycle) {
            self.freeing.pop_front();
        }
        self.lines.len() as u32 + self.stale + self.freeing.len() as u32
    }

    /// Fetch2 has finished the oldest line (at the cycle of its last use).
    pub fn pop_line(&mut self) {
        if let Some(l) = self.lines.pop_front() {
            if l.arrived == NEVER {
                // Skipped while in flight: its response frees the entry.
                self.stale += 1;
                return;
            }
            if self.freeing.back().is_some_and(|&c| c > l.last_use) {
                // Entries free in order.
                let last = *self.freeing.back().unwrap();
                self.freeing.push_back(last);
            } else {
                self.freeing.push_back(l.last_use);
            }
        }
    }

    /// True if a change of stream is on its way.
    pub fn redirect_pending(&self) -> bool {
        !self.redirects.is_empty()
    }

    /// Where the stream stopped (its translation missed or faulted), if it did.
    pub fn stopped_at(&self) -> Option<u64> {
        self.stopped.then_some(self.addr)
    }

    /// True if Fetch1's stream will fetch the line holding `pc` next.
    pub fn heads_for(&self, pc: u64) -> bool {
        !self.stopped && self.addr & !(FETCH_BYTES - 1) == pc & !(FETCH_BYTES - 1)
    }
}

impl<I: Isa> MinorCpu<I> {
    /// A change of stream reaching Fetch1 at cycle `at` (Fetch1 goes on with
    /// its current stream until then).
    pub(super) fn fetch1_redirect(&mut self, addr: u64, at: u64, ctx: &mut Ctx) {
        self.fetch1.redirects.push_back((addr, at));
        self.fetch1_kick(at, ctx);
    }

    /// Restart Fetch1 at `addr` from cycle `at`, forgetting changes of stream
    /// on their way (a squash of everything: a new thread, a signal handler).
    pub(super) fn fetch1_restart(&mut self, addr: u64, at: u64, ctx: &mut Ctx) {
        self.fetch1.redirects.clear();
        self.fetch1.halted = false;
        let n = self.fetch1.change_stream(addr, at);
        self.minor_stats.discarded_line_fetches += n;
        self.fetch1_kick(at, ctx);
    }

    /// Stop fetching (no thread).
    pub(super) fn fetch1_halt(&mut self) {
        self.fetch1.redirects.clear();
        let now = self.fetch1.next_cycle;
        let n = self.fetch1.change_stream(0, now);
        self.minor_stats.discarded_line_fetches += n;
        self.fetch1.halted = true;
    }

    /// Have Fetch1 act at cycle `at` (or the next edge if that has passed).
    pub(super) fn fetch1_kick(&mut self, at: u64, ctx: &mut Ctx) {
        let edge = self.core.domain.next_edge(ctx.now());
        let t = self.tick_of(at).max(edge);
        if self
            .fetch1
            .event_at
            .is_some_and(|e| e <= t && e >= ctx.now())
        {
            return;
        }
        self.fetch1.event_at = Some(t);
        ctx.schedule(t, Priority::CPU_TICK, EV_FETCH1);
    }

    /// EV_FETCH1: Fetch1's work at this edge.
    pub(super) fn fetch1_event(&mut self, ctx: &mut Ctx) {
        if self.fetch1.event_at != Some(ctx.now()) {
            return;
        }
        self.fetch1.event_at = None;
        self.fetch1_step(ctx);
    }

    /// Apply the changes of stream that have reached Fetch1, then send the
    /// next line request if Fetch1 may; arrange to be called again when it
    /// next can act.
    pub(super) fn fetch1_step(&mut self, ctx: &mut Ctx) {
        let c = self.cycle_of(ctx.now());
        let changed = self.fetch1_apply_redirects(c);
        if changed && self.wait == Wait::Line && self.status == Status::Running {
            // Fetch2 was waiting for the change of stream.
            self.wait = Wait::Nothing;
            self.advance(ctx);
        }
        let next_redirect = self.fetch1.redirects.front().map(|r| r.1);
        let f = &mut self.fetch1;
        let limit = self.params.fetch1_fetch_limit;
        let size = self.params.fetch2_input_buffer_size.max(1);
        let mut wake = next_redirect;
        if self.status == Status::Running && !f.halted && !f.stopped && f.in_flight < limit {
            if f.reserved(c) >= size {
                wake = min_some(wake, f.freeing.front().copied());
            } else if f.next_cycle > c {
                wake = min_some(wake, Some(f.next_cycle));
            } else if self.blocked[ICACHE_PORT as usize].is_none() {
                self.send_line(c, ctx);
                if self.fetch1.in_flight < limit {
                    // Another may go next cycle (otherwise a response wakes it).
                    wake = min_some(wake, Some(c + 1));
                }
            }
        }
        if let Some(at) = wake {
            self.fetch1_kick(at, ctx);
        }
    }

    /// Apply the changes of stream that have reached Fetch1 by cycle `c`.
    /// True if there were some.
    pub(super) fn fetch1_apply_redirects(&mut self, c: u64) -> bool {
        let mut changed = false;
        while let Some(&(addr, at)) = self.fetch1.redirects.front() {
            if at > c {
                break;
            }
            self.fetch1.redirects.pop_front();
            let n = self.fetch1.change_stream(addr, at);
            self.minor_stats.discarded_line_fetches += n;
            changed = true;
        }
        changed
    }

    /// Send the line request of Fetch1's stream at cycle `c`.
    fn send_line(&mut self, c: u64, ctx: &mut Ctx) {
        let addr = self.fetch1.addr;
        let start = addr & !(FETCH_BYTES - 1);
        let snap = self.params.line_snap();
        let end = ((start & !(snap - 1)) + snap).min(start + self.params.line_width());
        let hit = match self.core.translate(start, MemAccess::Fetch) {
            Ok(h) => h,
            Err(_) => {
                // Fetch2 meets the fault when it decodes there (if it is not a
                // wrong path); in full system Execute also runs the walk a miss
                // needs (`fs.rs`), so Fetch1 never walks a path speculatively.
                let _ = self.core.take_deferred_walk();
                self.fetch1.stopped = true;
                return;
            }
        };
        let paddr = Addr(hit.paddr + (start & (PAGE_SIZE - 1)));
        let flags = ReqFlags::INST_FETCH | ReqFlags::TIMING_ONLY;
        let mut pkt = Packet::command(
            MemCmd::FetchReq,
            paddr,
            (end - start) as usize,
            flags,
            self.core.inst_requestor,
        );
        let f = &mut self.fetch1;
        f.seq += 1;
        pkt.pc = start;
        pkt.tag = f.seq;
        f.lines.push_back(Line {
            start,
            end,
            seq: f.seq,
            arrived: NEVER,
            last_use: 0,
        });
        f.in_flight += 1;
        f.addr = end;
        f.next_cycle = c + 1;
        self.minor_stats.line_fetches += 1;
        self.send(ICACHE_PORT, pkt, ctx);
    }

    /// A line arrived (at a clock edge): Fetch2 may use it (if it is not of a
    /// discarded stream) and Fetch1 may send another request.
    pub(super) fn line_arrived(&mut self, tag: u64, ctx: &mut Ctx) {
        let now = self.cycle_of(ctx.now());
        let f = &mut self.fetch1;
        f.in_flight -= 1;
        match f.lines.iter_mut().find(|l| l.seq == tag) {
            Some(l) => l.arrived = now,
            None => {
                f.stale -= 1;
                self.minor_stats.discarded_line_fetches += 1;
            }
        }
        self.fetch1_step(ctx);
        if self.wait == Wait::Line && self.status == Status::Running {
            self.wait = Wait::Nothing;
            self.advance(ctx);
        }
    }
}

fn min_some(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
