//! The memory side of Execute: a memory instruction's access (from
//! `initiate_acc`) at its issue tick. Plain loads and stores go through the
//! load/store queue of `store_buffer.rs` (a load goes to memory, or is
//! forwarded from the store buffer, and later instructions go on issuing; a
//! store commits into the store buffer). Other accesses wait until that queue
//! is empty, then go out on `dcache_port`, split at cache lines; when every
//! response is in, the access is performed on the backing store and
//! `complete_acc` finishes the instruction, its result ready at the
//! response's cycle.

use super::execute::{slot, MEMORY};
use super::fs::{Step, Stepped};
use super::store_buffer::{is_plain, Coverage};
use super::{DataInFlight, MinorCpu, Wait};
use sim_core::arch::{InstFlags, Isa, RegId, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::Packet;

impl<I: Isa> MinorCpu<I> {
    /// Initiate the planned memory instruction and send its request(s) or
    /// hand it to the load/store queue. True if the pipeline goes on now.
    pub(super) fn start_memory(&mut self, ctx: &mut Ctx) -> bool {
        let p = self.planned.expect("a memory instruction is planned");
        debug_assert!(p.flags.0 & MEMORY != 0);
        let params = &self.params;
        let lsq = &self.lsq;
        let full = if p.flags.has(InstFlags::STORE) {
            lsq.stores_buffered() >= params.execute_lsq_store_buffer_size
        } else {
            lsq.loads_in_flight() >= params.execute_lsq_transfers_queue_size
        };
        if full {
            self.minor_stats.lsq_full_stall_events += 1;
            self.wait = Wait::Data;
            return false;
        }
        let fall = p.pc + p.inst.size() as u64;
        let Stepped { r, next_pc, result } = self.step(&p.inst, p.pc, fall, Step::Initiate, ctx);
        let Some(access) = self.core.pending_access.as_ref().filter(|_| r.is_ok()) else {
            self.core.pending_access = None;
            return self.commit(next_pc, result, &r, p.issue + p.op_lat, ctx);
        };
        if let Some(planned) = self.planned.as_mut() {
            planned.next_pc = next_pc;
        }
        if access.fragments().iter().any(|f| f.host == 0) {
            // Device registers (full system): never cached, never queued.
            if let Some(a) = self.core.pending_access.as_mut() {
                a.flags = a.flags | sim_core::mem::ReqFlags::UNCACHEABLE;
            }
        }
        let access = self.core.pending_access.as_ref().expect("initiated");
        if is_plain(access) {
            return self.queue_access(next_pc, ctx);
        }
        if !self.lsq.is_empty() {
            // Not for the queue: wait until it is empty (initiated again then).
            self.core.pending_access = None;
            self.wait = Wait::Data;
            return false;
        }
        // As gem5: an SC whose reservation is gone completes without a request.
        let sc_failed = access.sc_already_failed(&self.core.monitor);
        self.data = Some(DataInFlight {
            next_frag: 0,
            outstanding: if sc_failed { 0 } else { access.nfrags },
            resp: [0; 8],
        });
        if sc_failed {
            return self.complete_data(ctx);
        }
        self.wait = Wait::Data;
        self.send_data(ctx);
        false
    }

    /// A plain load or store (initiated, in `Core::pending_access`) through
    /// the load/store queue: performed on the backing store now, its timing
    /// from the store buffer or memory. True if the pipeline goes on now.
    fn queue_access(&mut self, next_pc: u64, ctx: &mut Ctx) -> bool {
        let p = self.planned.expect("a memory instruction is planned");
        let access = self.core.pending_access.expect("initiated");
        let is_load = p.flags.has(InstFlags::LOAD);
        let coverage = if is_load {
            self.lsq.coverage(&access)
        } else {
            Coverage::None
        };
        let to_memory = is_load && coverage == Coverage::None;
        if coverage == Coverage::Partial
            || (to_memory && self.lsq.in_memory() >= self.params.execute_max_accesses_in_memory)
        {
            if coverage == Coverage::Partial {
                self.minor_stats.partial_coverage_stalls += 1;
            }
            self.core.pending_access = None;
            self.wait = Wait::Data;
            return false;
        }
        self.core.pending_access = None;
        let value = access.perform(&self.core.monitor, &[0; 8]);
        let step = Step::Complete(value);
        let Stepped { r, next_pc, result } = self.step(&p.inst, p.pc, next_pc, step, ctx);
        let done = p.issue + p.op_lat;
        if r.is_err() || !is_load {
            let going = self.commit(next_pc, result, &r, done, ctx);
            if r.is_ok() {
                let ready = self.exec.last_commit + 1;
                self.buffer_store(access, p.pc, ready, ctx);
            }
            return going;
        }
        if !to_memory {
            self.minor_stats.forwarded_loads += 1;
            return self.commit(next_pc, result, &r, done, ctx);
        }
        let mut dests = [RegId::int(0); 8];
        let n = p.inst.dests(&mut dests);
        let mut slots = [0usize; 2];
        for (i, d) in dests[..n.min(2)].iter().enumerate() {
            slots[i] = slot(d);
        }
        // Sent first: its destinations stay pending through the commit.
        self.send_load(access, p.pc, &slots[..n.min(2)], done, ctx);
        self.commit(next_pc, result, &r, done, ctx)
    }

    /// Send the data fragments of the blocking access.
    pub(super) fn send_data(&mut self, ctx: &mut Ctx) {
        loop {
            let (Some(d), Some(access)) = (self.data.as_mut(), self.core.pending_access.as_ref())
            else {
                return;
            };
            let i = d.next_frag as usize;
            if i >= access.nfrags as usize {
                return;
            }
            d.next_frag += 1;
            let pc = self.planned.map_or(0, |p| p.pc);
            let requestor = self.core.requestor;
            let pkt: Packet = if access.is_plain(i) {
                access.plain_packet(i, requestor, pc)
            } else {
                access.packet(i, requestor, pc)
            };
            self.dsend(pkt, ctx);
        }
    }

    /// A data response at a clock edge.
    pub(super) fn data_arrived(&mut self, pkt: &Packet, ctx: &mut Ctx) {
        let (Some(d), Some(access)) = (self.data.as_mut(), self.core.pending_access.as_ref())
        else {
            return;
        };
        let f = access.frags[pkt.tag as usize];
        if f.host == 0 && pkt.data.len() >= f.size as usize {
            let (at, n) = (f.offset as usize, f.size as usize);
            d.resp[at..at + n].copy_from_slice(&pkt.data[..n]);
        }
        d.outstanding -= 1;
        if d.outstanding == 0 && self.complete_data(ctx) {
            self.advance(ctx);
        }
    }

    /// Every response is in: perform the access and commit the instruction.
    /// True if the pipeline goes on now.
    fn complete_data(&mut self, ctx: &mut Ctx) -> bool {
        let d = self.data.take().expect("a data access is in flight");
        let access = self.core.pending_access.take();
        let value = access
            .as_ref()
            .expect("an access was initiated")
            .perform(&self.core.monitor, &d.resp);
        let p = self.planned.expect("a memory instruction is planned");
        self.wait = Wait::Nothing;
        let step = Step::Complete(value);
        let Stepped { r, next_pc, result } = self.step(&p.inst, p.pc, p.next_pc, step, ctx);
        let done = self.cycle_of(ctx.now()).max(p.issue + p.op_lat);
        self.commit(next_pc, result, &r, done, ctx)
    }
}
