//! Instruction fetch of the timing CPU: one aligned fetch word per request, as many
//! words as the instruction spans; decoding from the decode cache, the backdoor, or
//! (where no backdoor covers the code) the bytes the responses carried.

use super::{Status, TimingCpu};
use crate::cpu::os_fault::FaultTaken;
use crate::cpu::threads::AfterKick;
use crate::cpu::{FETCH_BYTES, ICACHE_PORT};
use sim_core::arch::{DecodeError, Fault, InstFlags, Isa, MemAccess, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::Addr;

impl<I: Isa> TimingCpu<I> {
    /// Begin fetching the instruction at the current PC.
    #[inline(always)]
    pub(super) fn start_fetch(&mut self, ctx: &mut Ctx) {
        let pc = self.core.pc;
        self.fetch.pc = pc;
        self.fetch.word = pc & !(FETCH_BYTES - 1);
        self.fetch.inst = None;
        self.fetch.have = 0;
        self.send_fetch_word(ctx);
    }

    /// Send the request for the fetch word at `self.fetch.word`.
    #[inline(always)]
    fn send_fetch_word(&mut self, ctx: &mut Ctx) {
        let word = self.fetch.word;
        let hit = match self.core.translate(word, MemAccess::Fetch) {
            Ok(h) => h,
            Err(f) => return self.guest_fault(f, ctx),
        };
        let paddr = Addr(hit.paddr + (word & (crate::cpu::tlb::PAGE_SIZE - 1)));
        let size = FETCH_BYTES as usize;
        let requestor = self.core.inst_requestor;
        let mut pkt = if hit.host != 0 {
            let flags = ReqFlags::INST_FETCH | ReqFlags::TIMING_ONLY;
            Packet::command(MemCmd::FetchReq, paddr, size, flags, requestor)
        } else {
            Packet::read(paddr, size, ReqFlags::INST_FETCH, requestor)
        };
        pkt.pc = self.fetch.pc;
        self.send(ICACHE_PORT, pkt, ctx);
    }

    /// A fetch response at a clock edge: decode, fetch more words, or execute.
    #[inline(always)]
    pub(super) fn fetch_done(&mut self, pkt: PacketPtr, ctx: &mut Ctx) {
        if !pkt.timing_only() {
            self.keep_fetched_bytes(&pkt);
        }
        self.recycle(pkt);
        // Usual case: the decode cache knows the instruction (first word).
        let (inst, flags) = match self.fetch.inst {
            Some(known) => known,
            None => match self.core.decoded.get_flagged(self.fetch.pc) {
                Some(known) => known,
                None => match self.identify(ctx) {
                    Ok(Some(known)) => known,
                    // What is known of the instruction reaches into the next word.
                    Ok(None) => return self.fetch_next_word(None, ctx),
                    Err(f) => return self.guest_fault(f, ctx),
                },
            },
        };
        if self.fetch.pc + inst.size() as u64 > self.fetch.word + FETCH_BYTES {
            return self.fetch_next_word(Some((inst, flags)), ctx);
        }
        if self.core.kicked && !self.keep_thread_after_kick(ctx) {
            return;
        }
        if self.core.fs.is_some() {
            return self.fs_execute(inst, flags, ctx);
        }
        self.execute(&inst, flags, ctx);
    }

    /// Woken while running: before the fetched instruction executes, ask the OS
    /// whether the thread must go (killed by another CPU's `exit_group`). True to
    /// execute it; otherwise the fetch is dropped and the next thread's first
    /// fetch has started, or the CPU is idle.
    #[cold]
    #[inline(never)]
    fn keep_thread_after_kick(&mut self, ctx: &mut Ctx) -> bool {
        match self.core.honour_kick(ctx.now()) {
            AfterKick::Kept => return true,
            AfterKick::Switched => self.start_fetch(ctx),
            AfterKick::Idle => {
                self.count_cycles(ctx.now());
                self.status = Status::Idle;
                self.core.arm_wake(ctx, super::EV_WAKE);
            }
        }
        false
    }

    /// Go on with the next fetch word of the instruction (`inst` with its flags, if
    /// already known).
    #[inline(always)]
    fn fetch_next_word(&mut self, inst: Option<(I::Inst, InstFlags)>, ctx: &mut Ctx) {
        self.fetch.inst = inst;
        self.fetch.word += FETCH_BYTES;
        self.send_fetch_word(ctx);
    }

    /// Remember the bytes a data-carrying fetch response returned.
    fn keep_fetched_bytes(&mut self, pkt: &Packet) {
        let at = (self.fetch.word - (self.fetch.pc & !(FETCH_BYTES - 1))) as usize;
        let n = pkt
            .data
            .len()
            .min(self.fetch.bytes.len().saturating_sub(at));
        self.fetch.bytes[at..at + n].copy_from_slice(&pkt.data[..n]);
        self.fetch.have = (at + n) as u8;
    }

    /// The instruction at the fetch PC and its flags, on a decode-cache miss:
    /// decoded from the backdoor, or from the fetched bytes (`None`: more bytes
    /// needed).
    #[inline(never)]
    fn identify(&mut self, ctx: &mut Ctx) -> Result<Option<(I::Inst, InstFlags)>, Fault> {
        let pc = self.fetch.pc;
        if self.core.translate(pc, MemAccess::Fetch)?.host != 0 {
            let inst = self.core.fetch_decode(pc, ctx)?;
            return Ok(Some((inst, inst.flags())));
        }
        let from = (pc & (FETCH_BYTES - 1)) as usize;
        let bytes = &self.fetch.bytes[from..(self.fetch.have as usize).max(from)];
        match I::decode(bytes, Addr(pc)) {
            Ok(inst) => {
                let flags = inst.flags();
                self.core.cache_decoded(pc, inst, flags);
                Ok(Some((inst, flags)))
            }
            Err(DecodeError::Truncated { need })
                if (need as usize) <= I::MAX_INST_BYTES && from + (need as usize) <= 16 =>
            {
                Ok(None)
            }
            Err(err) => Err(Fault::Decode { pc: Addr(pc), err }),
        }
    }

    /// Stop on a guest fault, unless the OS turns it into a signal: then the
    /// thread goes on at the next clock edge (an event, not a call, so a handler
    /// that faults again does not recurse here).
    pub(super) fn guest_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        if self.core.fs.is_some() {
            return self.fs_fault(f, ctx);
        }
        self.data = None;
        self.core.pending_access = None;
        match self.core.offer_fault(f, ctx) {
            FaultTaken::Resumed => {
                let running = !self.core.os_actions.any() || self.core.finish_os_actions(ctx);
                if running {
                    self.schedule_start(ctx);
                } else {
                    self.count_cycles(ctx.now());
                    self.status = Status::Idle;
                }
                return;
            }
            FaultTaken::Ended => {
                self.status = Status::Halted;
                return;
            }
            FaultTaken::Refused => {}
        }
        self.status = Status::Halted;
        self.fault = Some(f);
        crate::cpu::exec_context::exit_for_fault::<I>(f, self.core.pc, ctx);
    }
}
