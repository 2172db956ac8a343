//! Fetch: up to `fetchWidth` instructions a cycle from the fetch buffer (one
//! `fetchBufferSize` block fetched through `icache_port`, extended by the
//! next block for an instruction straddling two), predicted by the branch
//! predictor; a predicted-taken branch ends the cycle's fetch. Decoding uses
//! the shared decode cache; the line fetches give the timing. A fetch or
//! decode fault becomes an instruction carrying it (taken only if it reaches
//! commit) and fetch waits for a squash.

use super::dyn_inst::ExecKind;
use super::{bp_seq, O3Cpu};
use crate::cpu::tlb::PAGE_SIZE;
use crate::cpu::ICACHE_PORT;
use sim_core::arch::{Fault, InstFlags, Isa, MemAccess, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::Addr;

/// Instructions that execute at the ROB head on the architectural state.
pub(super) const AT_HEAD: u32 = InstFlags::SERIALIZING.0
    | InstFlags::NON_SPECULATIVE.0
    | InstFlags::SYSCALL.0
    | InstFlags::M5OP.0
    | InstFlags::MEM_BARRIER.0
    | InstFlags::WRITE_BARRIER.0
    | InstFlags::INST_FENCE.0
    | InstFlags::ATOMIC.0;

/// How an instruction with `flags` executes.
#[inline]
pub(super) fn exec_kind(flags: InstFlags) -> ExecKind {
    if flags.0 & AT_HEAD != 0 {
        ExecKind::AtHead
    } else if flags.0 & (InstFlags::LOAD.0 | InstFlags::STORE.0) != 0 {
        ExecKind::Memory
    } else {
        ExecKind::Ordinary
    }
}

/// Fetch's state.
#[derive(Clone, Debug, Default)]
pub(super) struct FetchState {
    /// Next PC to fetch.
    pub pc: u64,
    /// Fetched virtual bytes `[lo, hi)`.
    lo: u64,
    hi: u64,
    /// A block request is out: its range, and whether it extends `[lo, hi)`.
    pending: bool,
    pending_lo: u64,
    pending_hi: u64,
    extending: bool,
    /// Bumped by every redirect; responses of older requests are dropped.
    pub gen: u64,
    /// First cycle fetch may work after a redirect.
    resume_at: u64,
    /// A fault instruction was fetched: nothing more until a redirect.
    stopped: bool,
}

impl FetchState {
    /// The first cycle fetch may work after the last redirect.
    pub fn resume_at(&self) -> u64 {
        self.resume_at
    }

    /// Fetch from `pc` from cycle `at` on, with an empty buffer.
    pub fn redirect(&mut self, pc: u64, at: u64) {
        self.pc = pc;
        self.lo = 0;
        self.hi = 0;
        self.pending = false;
        self.gen += 1;
        self.resume_at = at;
        self.stopped = false;
    }
}

impl<I: Isa> O3Cpu<I> {
    /// The fetch stage of this cycle.
    pub(super) fn fetch_stage(&mut self, ctx: &mut Ctx) {
        let now = self.cycle;
        let f = &self.fetch;
        if now < f.resume_at {
            self.stats.fetch_squash_cycles += 1;
            return;
        }
        if f.stopped {
            self.stats.fetch_idle_cycles += 1;
            return;
        }
        if f.pending {
            self.stats.fetch_icache_stall_cycles += 1;
            return;
        }
        let oldest = self.sq.front().map_or(self.head, |s| s.min(self.head));
        let cap = self.ring.len() as u64;
        let mut fetched = 0;
        while fetched < self.params.fetch_width {
            if self.tail - self.decode_next >= self.params.fetch_queue_size as u64
                || self.tail - oldest >= cap
            {
                self.stats.fetch_blocked_cycles += (fetched == 0) as u64;
                break;
            }
            let pc = self.fetch.pc;
            let (inst, flags) = match self.core.decoded.get_flagged(pc) {
                Some(known) => known,
                None => match self.core.fetch_decode(pc, ctx) {
                    Ok(inst) => (inst, inst.flags()),
                    Err(fault) => {
                        self.push_fault(pc, fault, ctx);
                        break;
                    }
                },
            };
            let size = inst.size();
            let end = pc + size as u64;
            let f = &self.fetch;
            if pc < f.lo || end > f.hi {
                let straddles = pc >= f.lo && pc < f.hi;
                let from = if straddles { f.hi } else { pc };
                self.request_block(from, straddles, ctx);
                break;
            }
            let seq = self.tail;
            self.tail += 1;
            let tick = ctx.now().0;
            let kind = exec_kind(flags);
            let slot = self.slot(seq);
            self.next_uid += 1;
            let d = &mut self.ring[slot];
            d.refill(
                seq,
                self.next_uid,
                Some(inst),
                flags,
                kind,
                pc,
                size,
                now,
                tick,
            );
            fetched += 1;
            if flags.has(InstFlags::CONTROL) {
                let target = self.bp.predict_spec(bp_seq(seq), pc, size, flags).target;
                self.ring[slot].pred_next = target;
                self.stats.fetch_predicted_branches += (target != end) as u64;
                self.fetch.pc = target;
                if target != end {
                    break;
                }
            } else {
                self.fetch.pc = end;
            }
        }
        self.stats.fetch_insts += fetched as u64;
        self.stats.fetch_cycles += (fetched > 0) as u64;
    }

    /// Put an instruction carrying `fault` (at `pc`) into the pipeline and
    /// stop fetching until a redirect.
    fn push_fault(&mut self, pc: u64, fault: Fault, ctx: &mut Ctx) {
        let seq = self.tail;
        self.tail += 1;
        let slot = self.slot(seq);
        let (now, tick) = (self.cycle, ctx.now().0);
        self.next_uid += 1;
        let d = &mut self.ring[slot];
        d.refill(
            seq,
            self.next_uid,
            None,
            InstFlags::NONE,
            ExecKind::FaultOnly,
            pc,
            0,
            now,
            tick,
        );
        d.fault = Some(fault);
        d.pred_next = pc;
        d.next_pc = pc;
        self.fetch.stopped = true;
    }

    /// Request the fetch block holding `addr` (extending the buffer if
    /// `extend`).
    fn request_block(&mut self, addr: u64, extend: bool, ctx: &mut Ctx) {
        let block = self.params.fetch_buffer_size as u64;
        let start = addr & !(block - 1);
        let hit = match self.core.translate(start, MemAccess::Fetch) {
            Ok(h) => h,
            Err(fault) => {
                let pc = self.fetch.pc;
                let fault = match fault {
                    Fault::PageFault { access, .. } => Fault::PageFault {
                        addr: Addr(pc.max(start)),
                        access,
                    },
                    other => other,
                };
                return self.push_fault(pc, fault, ctx);
            }
        };
        let paddr = Addr(hit.paddr + (start & (PAGE_SIZE - 1)));
        let flags = ReqFlags::INST_FETCH | ReqFlags::TIMING_ONLY;
        let mut pkt = Packet::command(
            MemCmd::FetchReq,
            paddr,
            block as usize,
            flags,
            self.core.inst_requestor,
        );
        pkt.pc = addr;
        pkt.tag = self.fetch.gen << 2;
        let f = &mut self.fetch;
        f.pending = true;
        f.pending_lo = start;
        f.pending_hi = start + block;
        f.extending = extend;
        self.stats.fetch_cache_lines += 1;
        self.send(ICACHE_PORT, pkt, ctx);
    }

    /// A fetch block arrived (`tag` names the redirect generation it belongs to).
    pub(super) fn line_arrived(&mut self, tag: u64) {
        let f = &mut self.fetch;
        if tag >> 2 != f.gen || !f.pending {
            self.stats.fetch_icache_squashes += 1;
            return;
        }
        f.pending = false;
        if !f.extending {
            f.lo = f.pending_lo;
        }
        f.hi = f.pending_hi;
    }

    /// Decode: up to `decodeWidth` instructions `fetchToDecodeDelay` cycles
    /// after fetch. An unconditional direct branch whose target fetch did not
    /// predict (a BTB miss) redirects fetch from here, as gem5's decode does.
    pub(super) fn decode_stage(&mut self) {
        let now = self.cycle;
        let delay = self.params.fetch_to_decode_delay;
        let mut n = 0;
        while n < self.params.decode_width && self.decode_next < self.tail {
            let seq = self.decode_next;
            let slot = self.slot(seq);
            let d = &mut self.ring[slot];
            if d.fetch_cycle + delay > now {
                break;
            }
            d.decode_cycle = now;
            d.ticks.decode = now * self.period;
            self.decode_next += 1;
            n += 1;
            self.stats.decode_insts += 1;
            let flags = d.flags;
            if flags.has(InstFlags::CONTROL)
                && flags.has(InstFlags::DIRECT)
                && !flags.has(InstFlags::CONDITIONAL)
            {
                let target = d.inst.and_then(|i| i.direct_target(Addr(d.pc)));
                if let Some(t) = target.map(|a| a.0) {
                    if t != d.pred_next {
                        d.pred_next = t;
                        self.stats.decode_branch_mispred += 1;
                        self.bp.squash_mispredict(bp_seq(seq), t, true, false);
                        let at = now + self.params.decode_to_fetch_delay;
                        self.squash_after(seq, t, at);
                        break;
                    }
                }
            }
        }
        if n == 0 {
            self.stats.decode_idle_cycles += 1;
        } else {
            self.stats.decode_run_cycles += 1;
        }
    }
}
