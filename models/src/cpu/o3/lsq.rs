//! The load/store queue. A load that has its address searches the older
//! stores in the store queue, youngest first: a store covering it forwards
//! its value (`lsq0.forwLoads`); one overlapping it in part makes it wait
//! until that store has reached memory (then it executes again); otherwise
//! its request goes to `dcache_port`, wrong-path loads included. Loads do
//! not wait for older stores whose address is unknown: when a store's
//! address resolves, an executed younger load that overlaps it is a
//! memory-order violation and is squashed and fetched again, and the store
//! sets (gem5's `StoreSet`) learn to make that load wait for the store. Stores write to
//! memory in order after they commit, several requests in flight.
//!
//! At most `cacheLoadPorts` loads go to the data cache a cycle (the others
//! try again the next cycle) and `cacheStorePorts` committed stores.
//!
//! Packet tags: `uid << 16 | slot << 2 | 1 + fragment` for data,
//! `generation << 2` for fetch blocks.

use super::dyn_inst::MemState;
use super::xc::O3Xc;
use super::O3Cpu;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::Packet;

/// How a load's bytes relate to a store's.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Overlap {
    None,
    Covers,
    Partial,
}

/// The tag of fragment `frag` of the access of instruction `uid` in `slot`.
pub(super) fn data_tag(uid: u64, slot: usize, frag: usize) -> u64 {
    (uid << 16) | ((slot as u64) << 2) | (1 + frag as u64)
}

fn overlap(store: (u64, u8), load: (u64, u8)) -> Overlap {
    let (s0, s1) = (store.0, store.0 + store.1 as u64);
    let (l0, l1) = (load.0, load.0 + load.1 as u64);
    if l1 <= s0 || s1 <= l0 {
        Overlap::None
    } else if s0 <= l0 && l1 <= s1 {
        Overlap::Covers
    } else {
        Overlap::Partial
    }
}

impl<I: Isa> O3Cpu<I> {
    /// Store sets: a load or store whose set has an older store in flight
    /// that has not issued waits for it (the store wakes it when it issues);
    /// returns 1 if the instruction in `slot` (`uid`) waits. A store then
    /// becomes its set's last fetched store.
    pub(super) fn predict_store_dependence(&mut self, slot: usize, uid: u64) -> u8 {
        let (pc, store) = (self.ring[slot].pc, self.ring[slot].is_store());
        let mut waits = 0;
        if let Some(dep) = self.store_sets.check_inst(pc) {
            for i in (0..self.sq.len()).rev() {
                let s = self.slot(self.sq.get(i));
                let st = &mut self.ring[s];
                if st.uid == dep && st.uid < uid {
                    if !st.issued {
                        st.mem_waiters.push((slot as u16, uid));
                        waits = 1;
                    }
                    break;
                }
            }
        }
        if store {
            self.store_sets.insert_store(pc, uid);
        } else {
            self.store_sets.insert_load(pc, uid);
        }
        waits
    }

    /// The load in `slot` has its address: forward, wait or send it.
    pub(super) fn load_executed(&mut self, slot: usize, seq: u64, ctx: &mut Ctx) {
        let (addr, size) = (self.ring[slot].vaddr, self.ring[slot].mem_size);
        for i in (0..self.sq.len()).rev() {
            let sseq = self.sq.get(i);
            if sseq > seq {
                continue;
            }
            let st = &self.ring[self.slot(sseq)];
            if st.mem != MemState::Done || st.access.is_none() {
                continue;
            }
            match overlap((st.vaddr, st.mem_size), (addr, size)) {
                Overlap::None => continue,
                Overlap::Covers => {
                    let data = match st.access.map(|a| a.kind) {
                        Some(crate::cpu::access::AccessKind::Write(v)) => v,
                        _ => 0,
                    };
                    let shift = (addr - st.vaddr) * 8;
                    let bits = size as u32 * 8;
                    let v = if bits >= 64 {
                        data >> shift
                    } else {
                        (data >> shift) & ((1u64 << bits) - 1)
                    };
                    self.stats.lsq_forw_loads += 1;
                    let d = &mut self.ring[slot];
                    d.forwarded = true;
                    d.wait_store = sseq;
                    let at = self.cycle + 1;
                    self.complete_load(slot, v, at, ctx);
                    return;
                }
                Overlap::Partial => {
                    let d = &mut self.ring[slot];
                    d.mem = MemState::Blocked;
                    d.wait_store = sseq;
                    self.blocked_loads += 1;
                    self.stats.lsq_rescheduled_loads += 1;
                    return;
                }
            }
        }
        if !self.take_load_port() {
            // Every `cacheLoadPorts` port is taken: try again next cycle.
            let uid = self.ring[slot].uid;
            self.replay.push((slot as u16, uid));
            return;
        }
        self.send_access(slot, ctx);
    }

    /// Send the fragments of the access in `slot` to `dcache_port`.
    pub(super) fn send_access(&mut self, slot: usize, ctx: &mut Ctx) {
        let Some(access) = self.ring[slot].access else {
            return;
        };
        let d = &mut self.ring[slot];
        d.mem = MemState::InFlight;
        d.outstanding = access.nfrags;
        d.resp = [0; 8];
        let (pc, uid) = (d.pc, d.uid);
        let requestor = self.core.requestor;
        for i in 0..access.nfrags as usize {
            let mut pkt: Packet = if access.is_plain(i) {
                access.plain_packet(i, requestor, pc)
            } else {
                access.packet(i, requestor, pc)
            };
            pkt.tag = data_tag(uid, slot, i);
            self.send(DCACHE_PORT, pkt, ctx);
        }
    }

    /// The load in `slot` has value `v` (memory order) at cycle `at`.
    fn complete_load(&mut self, slot: usize, v: u64, at: u64, ctx: &mut Ctx) {
        let inst = self.ring[slot].inst.expect("loads are decoded");
        self.ring[slot].mem = MemState::Done;
        let r = {
            let mut xc = O3Xc {
                core: &mut self.core,
                ctx,
                rf: &mut self.rf,
                di: &mut self.ring[slot],
                at_commit: false,
                result: None,
            };
            inst.complete_acc(&mut xc, v)
        };
        if let Err(f) = r {
            self.ring[slot].fault = Some(f);
        }
        self.finish(slot, at);
    }

    /// The store in `slot` has its address and data (complete at `at`):
    /// check the younger loads that already executed for a violation.
    pub(super) fn store_executed(&mut self, slot: usize, seq: u64, at: u64) {
        let d = &mut self.ring[slot];
        d.mem = MemState::Done;
        let (addr, size, pc, uid) = (d.vaddr, d.mem_size, d.pc, d.uid);
        self.store_sets.issued(pc, uid, true);
        self.finish(slot, at);
        let waiters = std::mem::take(&mut self.ring[slot].mem_waiters);
        for &(s, q) in &waiters {
            self.wake_one(s as usize, q, self.cycle);
        }
        let mut w = waiters;
        w.clear();
        self.ring[slot].mem_waiters = w;
        for i in 0..self.lq.len() {
            let lseq = self.lq.get(i);
            if lseq < seq {
                continue;
            }
            let l = &self.ring[self.slot(lseq)];
            let executed = matches!(l.mem, MemState::InFlight | MemState::Done);
            if !executed || (l.forwarded && l.wait_store > seq) {
                continue;
            }
            if overlap((addr, size), (l.vaddr, l.mem_size)) == Overlap::None {
                continue;
            }
            let load_pc = l.pc;
            self.stats.iew_mem_order_violations += 1;
            self.stats.lsq_mem_order_violations += 1;
            self.note_violation(pc, load_pc);
            let at = self.cycle + 1;
            self.squash_after(lseq - 1, load_pc, at);
            return;
        }
    }

    /// A store at `store_pc` and a younger load at `load_pc` were reordered
    /// wrongly (for a memory-dependence predictor).
    fn note_violation(&mut self, store_pc: u64, load_pc: u64) {
        self.store_sets.violation(store_pc, load_pc);
    }

    /// A data response (at a clock edge).
    pub(super) fn data_arrived(&mut self, pkt: &Packet, ctx: &mut Ctx) {
        let (uid, slot) = (pkt.tag >> 16, ((pkt.tag >> 2) & 0x3fff) as usize);
        let frag = ((pkt.tag & 3) as usize).saturating_sub(1);
        if slot >= self.ring.len() || self.ring[slot].uid != uid {
            return;
        }
        let d = &mut self.ring[slot];
        let seq = d.seq;
        if d.mem != MemState::InFlight && !(d.committed && d.store_sent) {
            return;
        }
        if let Some(access) = d.access {
            let f = access.frags[frag];
            if f.host == 0 && pkt.data.len() >= f.size as usize {
                let (at, n) = (f.offset as usize, f.size as usize);
                d.resp[at..at + n].copy_from_slice(&pkt.data[..n]);
            }
        }
        d.outstanding = d.outstanding.saturating_sub(1);
        if d.outstanding > 0 {
            return;
        }
        if d.committed {
            d.store_written = true;
            self.retire_written_stores();
        } else if seq == self.head && d.kind == super::dyn_inst::ExecKind::AtHead {
            self.at_head_data(slot, ctx);
        } else {
            let value = d
                .access
                .as_ref()
                .map_or(0, |a| a.perform(&self.core.monitor, &d.resp));
            let at = self.cycle;
            self.complete_load(slot, value, at, ctx);
        }
    }

    /// Send committed stores to memory, oldest first.
    pub(super) fn drain_stores(&mut self, ctx: &mut Ctx) {
        let mut sent = 0;
        for i in 0..self.sq.len() {
            if sent >= self.params.cache_store_ports {
                break;
            }
            let sseq = self.sq.get(i);
            let slot = self.slot(sseq);
            let d = &self.ring[slot];
            if !d.committed {
                break;
            }
            if d.store_sent {
                continue;
            }
            let Some(access) = d.access else {
                continue;
            };
            let d = &mut self.ring[slot];
            d.store_sent = true;
            d.outstanding = access.nfrags;
            let (pc, uid) = (d.pc, d.uid);
            let requestor = self.core.requestor;
            for f in 0..access.nfrags as usize {
                let mut pkt: Packet = if access.is_plain(f) {
                    access.plain_packet(f, requestor, pc)
                } else {
                    access.packet(f, requestor, pc)
                };
                pkt.tag = data_tag(uid, slot, f);
                self.send(DCACHE_PORT, pkt, ctx);
            }
            sent += 1;
        }
    }

    /// Perform the stores at the front of the store queue whose writes
    /// completed, in order, and let loads waiting for them go on.
    fn retire_written_stores(&mut self) {
        while let Some(sseq) = self.sq.front() {
            let slot = self.slot(sseq);
            let d = &self.ring[slot];
            if !d.store_written {
                break;
            }
            if let Some(a) = d.access.as_ref() {
                a.perform(&self.core.monitor, &d.resp);
            }
            self.sq.pop_front();
            if self.pipeview {
                let uid = self.ring[slot].uid;
                self.pipeview_store_done(uid);
            }
            self.ring[slot].seq = u64::MAX;
            self.ring[slot].uid = u64::MAX;
            if self.blocked_loads > 0 {
                self.unblock_loads(sseq);
            }
        }
    }

    /// Write every committed store to memory now (the thread leaves the CPU:
    /// another CPU may run it next, or another address space may follow).
    /// Responses of those already sent are then ignored.
    pub(super) fn flush_stores_now(&mut self) {
        while let Some(sseq) = self.sq.front() {
            let slot = self.slot(sseq);
            let d = &self.ring[slot];
            debug_assert!(d.committed, "only committed stores outlive a squash");
            if let Some(a) = d.access.as_ref() {
                a.perform(&self.core.monitor, &d.resp);
            }
            self.sq.pop_front();
            if self.pipeview {
                let uid = self.ring[slot].uid;
                self.pipeview_store_done(uid);
            }
            self.ring[slot].seq = u64::MAX;
            self.ring[slot].uid = u64::MAX;
        }
    }

    /// Loads blocked on store `sseq` (now in memory) execute again next cycle.
    fn unblock_loads(&mut self, sseq: u64) {
        for i in 0..self.lq.len() {
            let lseq = self.lq.get(i);
            let slot = self.slot(lseq);
            let d = &mut self.ring[slot];
            if d.mem == MemState::Blocked && d.wait_store == sseq {
                d.mem = MemState::Idle;
                self.blocked_loads -= 1;
                self.replay.push((slot as u16, d.uid));
            }
        }
    }

    /// Send the loads unblocked since the last cycle.
    pub(super) fn replay_loads(&mut self, ctx: &mut Ctx) {
        if self.replay.is_empty() {
            return;
        }
        let mut list = std::mem::take(&mut self.replay);
        for &(slot, uid) in &list {
            let d = &self.ring[slot as usize];
            if d.uid == uid {
                let seq = d.seq;
                self.load_executed(slot as usize, seq, ctx);
            }
        }
        list.clear();
        // Loads that found no port meanwhile stay for the next cycle.
        let again = std::mem::replace(&mut self.replay, list);
        self.replay.extend(again);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_are_classified() {
        assert_eq!(overlap((0x100, 8), (0x104, 4)), Overlap::Covers);
        assert_eq!(overlap((0x100, 4), (0x102, 4)), Overlap::Partial);
        assert_eq!(overlap((0x100, 4), (0x104, 4)), Overlap::None);
        assert_eq!(overlap((0x104, 1), (0x100, 8)), Overlap::Partial);
    }
}
