//! Execution and data accesses of the timing CPU, and what happens when an
//! instruction commits.

use super::{DataInFlight, Status, TimingCpu};
use crate::cpu::exec_context::Xc;
use crate::cpu::{trace, DCACHE_PORT};
use sim_core::arch::{Fault, InstFlags, Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::mem::PacketPtr;
use sim_core::Tick;

/// Instructions that access data memory through `initiate_acc`/`complete_acc`.
pub(super) const MEMORY: u32 = InstFlags::LOAD.0 | InstFlags::STORE.0 | InstFlags::ATOMIC.0;

/// Where an instruction's execution ended, for [`TimingCpu::finish`] (which
/// takes the result of `execute`/`complete_acc` by reference, where the call
/// left it, rather than moved into this).
pub(super) struct Outcome {
    pub pc: u64,
    pub next_pc: u64,
    pub result: Option<u64>,
}

impl<I: Isa> TimingCpu<I> {
    /// Execute the fetched instruction (`flags` are its flags): completely, or up
    /// to its data request.
    #[inline(always)]
    pub(super) fn execute(&mut self, inst: &I::Inst, flags: InstFlags, ctx: &mut Ctx) {
        let pc = self.fetch.pc;
        let mut xc = Xc::new(&mut self.core, ctx, pc, inst.size());
        let memory = flags.0 & MEMORY != 0;
        let r = if memory {
            inst.initiate_acc(&mut xc)
        } else {
            inst.execute(&mut xc)
        };
        let (next_pc, result) = (xc.next_pc, xc.result);
        if memory {
            if r.is_ok() && self.core.pending_access.is_some() {
                return self.start_data(*inst, pc, next_pc, ctx);
            }
            self.core.pending_access = None;
        }
        self.finish(
            inst,
            Outcome {
                pc,
                next_pc,
                result,
            },
            &r,
            ctx,
        );
    }

    /// Send the data request(s) of a memory instruction whose access
    /// `initiate_acc` left in `Core::pending_access`.
    pub(super) fn start_data(&mut self, inst: I::Inst, pc: u64, next_pc: u64, ctx: &mut Ctx) {
        let access = self
            .core
            .pending_access
            .as_ref()
            .expect("an access was initiated");
        // As gem5: an SC whose reservation is gone completes without a request.
        let sc_failed = access.sc_already_failed(&self.core.monitor);
        self.data = Some(DataInFlight {
            inst,
            pc,
            next_pc,
            next_frag: 0,
            outstanding: if sc_failed { 0 } else { access.nfrags },
            resp: [0; 8],
        });
        if sc_failed {
            return self.complete_data(ctx);
        }
        self.send_data(ctx);
    }

    /// Send the data fragments not sent yet (stopping at a refusal).
    #[inline(always)]
    fn send_data(&mut self, ctx: &mut Ctx) {
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
            let (requestor, pc) = (self.core.requestor, d.pc);
            // Two sends, so the usual packet is built in the recycled box.
            let accepted = if access.is_plain(i) {
                let pkt = access.plain_packet(i, requestor, pc);
                self.send(DCACHE_PORT, pkt, ctx)
            } else {
                let pkt = access.packet(i, requestor, pc);
                self.send(DCACHE_PORT, pkt, ctx)
            };
            if !accepted {
                return;
            }
        }
    }

    /// The peer takes requests again: resend the refused one, then the rest.
    pub(super) fn resend(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        if self.send_boxed(port, pkt, ctx) && port == DCACHE_PORT {
            self.send_data(ctx);
        }
    }

    /// A data response at a clock edge.
    #[inline(always)]
    pub(super) fn data_done(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        let (Some(d), Some(access)) = (self.data.as_mut(), self.core.pending_access.as_ref())
        else {
            return self.other_data_response(pkt, ctx);
        };
        let f = access.frags[pkt.tag as usize];
        if f.host == 0 && pkt.data.len() >= f.size as usize {
            let (at, n) = (f.offset as usize, f.size as usize);
            d.resp[at..at + n].copy_from_slice(&pkt.data[..n]);
        }
        d.outstanding -= 1;
        let done = d.outstanding == 0;
        self.recycle(pkt);
        if done {
            self.complete_data(ctx);
        }
    }

    /// Every response is in: perform the access on the backing store now and
    /// finish the instruction.
    fn complete_data(&mut self, ctx: &mut Ctx) {
        // Read both in place rather than moving them out.
        let d = self.data.as_ref().expect("a data access is in flight");
        let access = self.core.pending_access.as_ref();
        let value = access
            .expect("an access was initiated")
            .perform(&self.core.monitor, &d.resp);
        let (inst, pc, next_pc) = (d.inst, d.pc, d.next_pc);
        self.data = None;
        self.core.pending_access = None;
        let mut xc = Xc::new(&mut self.core, ctx, pc, inst.size());
        xc.next_pc = next_pc;
        let r = inst.complete_acc(&mut xc, value);
        let result = xc.result;
        let outcome = Outcome {
            pc,
            next_pc,
            result,
        };
        self.finish(&inst, outcome, &r, ctx);
    }

    /// Commit (or fault), then go on with the next instruction unless the CPU
    /// halted, its process ended, or it has no thread left. The next fetch goes
    /// out even when the simulation is about to stop (an m5 exit or stats dump),
    /// so a resume continues. Inlined into its two callers: it runs once per
    /// instruction.
    #[inline(always)]
    pub(super) fn finish(
        &mut self,
        inst: &I::Inst,
        o: Outcome,
        r: &Result<(), Fault>,
        ctx: &mut Ctx,
    ) {
        if self.params.trace_exec {
            trace::exec_line::<I>(ctx, ctx.now(), o.pc, inst, o.result, r);
        }
        let process_ended = match *r {
            Ok(()) => false,
            Err(Fault::Stop) => true,
            Err(f) => return self.guest_fault(f, ctx),
        };
        self.core.pc = o.next_pc;
        self.core.stats.count(inst);
        self.core.insts_total += 1;
        // Read once: the tick does not move while the CPU handles its response.
        let now = ctx.now();
        self.count_cycles(now);
        if let Some(max) = self.params.max_insts {
            if self.core.insts_total >= max && !ctx.exit_requested() {
                ctx.exit(ExitCause::MaxInsts);
            }
        }
        // A process that ended has nothing left to fetch (unlike an m5 exit, which
        // a later simulate call resumes from).
        let mut running = !process_ended;
        if running && self.core.os_actions.any() {
            running = self.core.finish_os_actions(ctx);
        }
        if running && self.core.os.is_some() {
            running = self.core.time_slice(1, now);
        } else if self.core.fs.is_some() {
            return self.fs_boundary(ctx);
        }
        if running {
            self.start_fetch(ctx);
        } else {
            self.status = Status::Idle;
            self.core.arm_wake(ctx, super::EV_WAKE);
        }
    }

    /// Count the time since the last commit as running time (it extends the
    /// current running stretch, see `TimingCpu::running_since`).
    pub(super) fn count_cycles(&mut self, now: Tick) {
        debug_assert!(now >= self.counted_to, "commits come in time order");
        self.counted_to = now;
    }
}
