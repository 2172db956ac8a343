//! The memory side of Execute: a memory instruction's access (from
//! `initiate_acc`) goes out on `dcache_port` at its issue tick, split at cache
//! lines; when every response is in, the access is performed on the backing
//! store and `complete_acc` finishes the instruction, its result ready at the
//! response's cycle. One access is in flight at a time.

use super::execute::MEMORY;
use super::{DataInFlight, MinorCpu, Wait};
use crate::cpu::exec_context::Xc;
use crate::cpu::DCACHE_PORT;
use sim_core::arch::{Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::Packet;

impl<I: Isa> MinorCpu<I> {
    /// Initiate the planned memory instruction and send its request(s). True if
    /// it completed without one (and the pipeline goes on now).
    pub(super) fn start_memory(&mut self, ctx: &mut Ctx) -> bool {
        let p = self.planned.expect("a memory instruction is planned");
        debug_assert!(p.flags.0 & MEMORY != 0);
        let mut xc = Xc::new(&mut self.core, ctx, p.pc, p.inst.size());
        let r = p.inst.initiate_acc(&mut xc);
        let (next_pc, result) = (xc.next_pc, xc.result);
        let Some(access) = self.core.pending_access.as_ref().filter(|_| r.is_ok()) else {
            self.core.pending_access = None;
            return self.commit(next_pc, result, &r, p.issue + p.op_lat, ctx);
        };
        if let Some(planned) = self.planned.as_mut() {
            planned.next_pc = next_pc;
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

    /// Send the data fragments not sent yet (stopping at a refusal).
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
            if !self.send(DCACHE_PORT, pkt, ctx) {
                return;
            }
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
        let mut xc = Xc::new(&mut self.core, ctx, p.pc, p.inst.size());
        xc.next_pc = p.next_pc;
        let r = p.inst.complete_acc(&mut xc, value);
        let (next_pc, result) = (xc.next_pc, xc.result);
        let done = self.cycle_of(ctx.now()).max(p.issue + p.op_lat);
        self.commit(next_pc, result, &r, done, ctx)
    }
}
