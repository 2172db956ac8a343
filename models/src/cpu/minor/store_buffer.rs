//! The load/store queue's state after issue (gem5's Minor `LSQ`): loads in
//! the memory system (the transfers queue, `executeLSQTransfersQueueSize`) and
//! the store buffer (`executeLSQStoreBufferSize`). A store commits into the
//! store buffer without waiting for memory and the buffer drains behind, in
//! order, at most `executeLSQMaxStoreBufferStoresPerCycle` stores a cycle; at
//! most `executeMaxAccessesInMemory` loads and stores are in the memory
//! system at once. A load whose bytes the youngest overlapping buffered store
//! covers is forwarded from it; one it overlaps only in part waits for that
//! store to drain (gem5's `PartialAddrRangeCoverage`).
//!
//! Plain loads and stores (host-backed, no special flags) read or write the
//! backing store when they issue or commit, so the functional result is that
//! of program order; their packets (timing-only) give the timing. Everything
//! else (atomics, LR/SC, accesses without a backdoor) waits until the queue is
//! empty and goes the blocking way of `lsq.rs`.

use super::{MinorCpu, Status, Wait, EV_STORE_BUFFER};
use crate::cpu::access::{AccessKind, DataAccess};
use crate::cpu::DCACHE_PORT;
use sim_core::arch::Isa;
use sim_core::component::Ctx;
use sim_core::event::Priority;
use sim_core::Tick;
use std::collections::VecDeque;

/// Tag bit of a load's packets (the low bit is the fragment, then its id).
pub(super) const TAG_LOAD: u64 = 1 << 62;
/// Tag bit of a store-buffer drain's packets.
pub(super) const TAG_STORE: u64 = 1 << 61;
/// A register value a load in flight has not delivered yet (scoreboard).
pub(super) const PENDING: u64 = u64::MAX;

/// A committed store waiting in the store buffer.
#[derive(Copy, Clone, Debug)]
struct BufferedStore {
    id: u64,
    access: DataAccess,
    pc: u64,
    /// First cycle it may be sent.
    ready: u64,
    sent: bool,
    /// Responses still to come once sent.
    outstanding: u8,
}

/// A load in the memory system.
#[derive(Copy, Clone, Debug)]
struct LoadInFlight {
    id: u64,
    /// Scoreboard slots of its destinations.
    dests: [usize; 2],
    ndests: u8,
    /// Earliest cycle its result can be ready (issue + the unit's latency).
    earliest: u64,
    outstanding: u8,
}

/// How a load's bytes meet the store buffer.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Coverage {
    /// No buffered store touches them: go to memory.
    None,
    /// The youngest buffered store touching them holds them all: forward.
    Full,
    /// It holds some of them: wait for it to drain.
    Partial,
}

/// Loads in flight and the store buffer.
#[derive(Clone, Debug, Default)]
pub(super) struct Lsq {
    stores: VecDeque<BufferedStore>,
    loads: VecDeque<LoadInFlight>,
    /// Loads and stores in the memory system.
    in_memory: u32,
    next_id: u64,
    /// Instructions committed since the oldest load in flight issued.
    pub younger: u32,
    /// Tick of the EV_STORE_BUFFER event to act on.
    event_at: Option<Tick>,
}

impl Lsq {
    /// True if no load is in flight and the store buffer is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.loads.is_empty() && self.stores.is_empty()
    }

    /// True if a load is in flight.
    #[inline]
    pub fn loads_pending(&self) -> bool {
        !self.loads.is_empty()
    }

    /// Stores in the buffer.
    pub fn stores_buffered(&self) -> u32 {
        self.stores.len() as u32
    }

    /// Loads in the memory system.
    pub fn loads_in_flight(&self) -> u32 {
        self.loads.len() as u32
    }

    /// Loads and stores in the memory system.
    pub fn in_memory(&self) -> u32 {
        self.in_memory
    }

    /// How a load of `access` meets the buffered stores.
    pub fn coverage(&self, access: &DataAccess) -> Coverage {
        let ranges = |a: &DataAccess| {
            let mut r = [(0u64, 0u64); 2];
            for (i, f) in a.fragments().iter().enumerate() {
                r[i] = (f.paddr, f.paddr + f.size as u64);
            }
            (r, a.nfrags as usize)
        };
        let (load, nl) = ranges(access);
        for s in self.stores.iter().rev() {
            let (st, ns) = ranges(&s.access);
            let overlaps = load[..nl]
                .iter()
                .any(|l| st[..ns].iter().any(|x| l.0 < x.1 && x.0 < l.1));
            if !overlaps {
                continue;
            }
            let covered = load[..nl]
                .iter()
                .all(|l| st[..ns].iter().any(|x| x.0 <= l.0 && l.1 <= x.1));
            return if covered && nl == 1 {
                Coverage::Full
            } else {
                Coverage::Partial
            };
        }
        Coverage::None
    }
}

impl<I: Isa> MinorCpu<I> {
    /// Put a committed store (performed on the backing store already) into the
    /// store buffer; it may drain from cycle `ready`.
    pub(super) fn buffer_store(&mut self, access: DataAccess, pc: u64, ready: u64, ctx: &mut Ctx) {
        let l = &mut self.lsq;
        l.next_id += 1;
        l.stores.push_back(BufferedStore {
            id: l.next_id,
            access,
            pc,
            ready,
            sent: false,
            outstanding: 0,
        });
        self.store_buffer_kick(ready, ctx);
    }

    /// Send a load to memory: its destinations (scoreboard `dests`) are ready
    /// when the last response arrives, and no earlier than `earliest`.
    pub(super) fn send_load(
        &mut self,
        access: DataAccess,
        pc: u64,
        dests: &[usize],
        earliest: u64,
        ctx: &mut Ctx,
    ) {
        let l = &mut self.lsq;
        l.next_id += 1;
        let id = l.next_id;
        let mut d = [0; 2];
        for (i, s) in dests.iter().take(2).enumerate() {
            d[i] = *s;
            self.exec.ready[*s] = PENDING;
        }
        if l.loads.is_empty() {
            l.younger = 0;
        }
        l.loads.push_back(LoadInFlight {
            id,
            dests: d,
            ndests: dests.len().min(2) as u8,
            earliest,
            outstanding: access.nfrags,
        });
        l.in_memory += 1;
        for i in 0..access.nfrags as usize {
            let mut pkt = access.plain_packet(i, self.core.requestor, pc);
            pkt.tag = TAG_LOAD | id << 1 | i as u64;
            self.dsend(pkt, ctx);
        }
    }

    /// Forget the scoreboard entries of loads in flight (the thread's
    /// registers are about to be another's): they count as ready at `now`, and
    /// the loads' responses only free their slots.
    pub(super) fn forget_pending_loads(&mut self, now: u64) {
        for l in &mut self.lsq.loads {
            for s in &l.dests[..l.ndests as usize] {
                if self.exec.ready[*s] == PENDING {
                    self.exec.ready[*s] = now;
                }
            }
            l.ndests = 0;
        }
        self.lsq.younger = 0;
    }

    /// Have the store buffer act at cycle `at` (or the next edge).
    fn store_buffer_kick(&mut self, at: u64, ctx: &mut Ctx) {
        let edge = self.core.domain.next_edge(ctx.now());
        let t = self.tick_of(at).max(edge);
        if self.lsq.event_at.is_some_and(|e| e <= t && e >= ctx.now()) {
            return;
        }
        self.lsq.event_at = Some(t);
        ctx.schedule(t, Priority::CPU_TICK, EV_STORE_BUFFER);
    }

    /// EV_STORE_BUFFER: send the stores that may go this cycle, in order.
    pub(super) fn store_buffer_event(&mut self, ctx: &mut Ctx) {
        if self.lsq.event_at != Some(ctx.now()) {
            return;
        }
        self.lsq.event_at = None;
        let c = self.cycle_of(ctx.now());
        let limit = self.params.execute_lsq_max_store_buffer_stores_per_cycle;
        let max_in_memory = self.params.execute_max_accesses_in_memory;
        let mut issued = 0;
        let mut wake = None;
        let mut i = 0;
        while i < self.lsq.stores.len() {
            let s = self.lsq.stores[i];
            i += 1;
            if s.sent {
                continue;
            }
            if s.ready > c {
                wake = Some(s.ready);
                break;
            }
            if issued >= limit {
                wake = Some(c + 1);
                break;
            }
            if self.lsq.in_memory >= max_in_memory {
                break; // a response kicks the buffer again
            }
            issued += 1;
            self.lsq.in_memory += 1;
            let e = &mut self.lsq.stores[i - 1];
            e.sent = true;
            e.outstanding = s.access.nfrags;
            for f in 0..s.access.nfrags as usize {
                let mut pkt = s.access.plain_packet(f, self.core.requestor, s.pc);
                pkt.tag = TAG_STORE | s.id << 1 | f as u64;
                self.dsend(pkt, ctx);
            }
        }
        if let Some(at) = wake {
            self.store_buffer_kick(at, ctx);
        }
    }

    /// A response to a load or a store-buffer drain (tag `tag`) at an edge.
    pub(super) fn lsq_response(&mut self, tag: u64, ctx: &mut Ctx) {
        let id = (tag & !(TAG_LOAD | TAG_STORE)) >> 1;
        let now = self.cycle_of(ctx.now());
        if tag & TAG_LOAD != 0 {
            let Some(k) = self.lsq.loads.iter().position(|l| l.id == id) else {
                return;
            };
            let l = &mut self.lsq.loads[k];
            l.outstanding -= 1;
            if l.outstanding > 0 {
                return;
            }
            let l = self.lsq.loads.remove(k).expect("found");
            let done = now.max(l.earliest);
            for s in &l.dests[..l.ndests as usize] {
                if self.exec.ready[*s] == PENDING {
                    self.exec.ready[*s] = done;
                }
            }
            self.exec.last_commit = self.exec.last_commit.max(done);
            self.counted_to = self.counted_to.max(self.tick_of(done));
        } else {
            let Some(k) = self.lsq.stores.iter().position(|s| s.id == id) else {
                return;
            };
            let s = &mut self.lsq.stores[k];
            s.outstanding -= 1;
            if s.outstanding > 0 {
                return;
            }
            self.lsq.stores.remove(k);
        }
        self.lsq.in_memory -= 1;
        if self.lsq.stores.iter().any(|s| !s.sent) {
            self.store_buffer_kick(now, ctx);
        }
        if self.wait == Wait::Data && self.data.is_none() && self.status == Status::Running {
            // Execute was waiting for the queue.
            self.wait = Wait::Nothing;
            self.advance(ctx);
        }
    }

    /// Send a data packet now or, behind a refused one, when the port retries.
    pub(super) fn dsend(&mut self, pkt: sim_core::mem::Packet, ctx: &mut Ctx) {
        if self.blocked[DCACHE_PORT as usize].is_some() || !self.dqueue.is_empty() {
            self.dqueue.push_back(pkt.boxed());
            return;
        }
        self.send(DCACHE_PORT, pkt, ctx);
    }

    /// The data port may take requests again: send the queued ones.
    pub(super) fn dsend_queued(&mut self, ctx: &mut Ctx) {
        while self.blocked[DCACHE_PORT as usize].is_none() {
            let Some(mut pkt) = self.dqueue.pop_front() else {
                return;
            };
            pkt.issued_at = ctx.now();
            self.send_boxed(DCACHE_PORT, pkt, ctx);
        }
    }
}

/// True if `access` is a plain load or store the queue handles: all of it
/// host-backed, no special request flags.
#[inline]
pub(super) fn is_plain(access: &DataAccess) -> bool {
    matches!(access.kind, AccessKind::Read | AccessKind::Write(_))
        && access.flags == sim_core::mem::ReqFlags::NONE
        && access.fragments().iter().all(|f| f.host != 0)
}
