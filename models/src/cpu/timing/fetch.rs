//! Instruction fetch of the timing CPU: one aligned fetch word per request, as many
//! words as the instruction spans; decoding from the decode cache, the backdoor, or
//! (where no backdoor covers the code) the bytes the responses carried.

use super::{Status, TimingCpu};
use crate::cpu::{FETCH_BYTES, ICACHE_PORT};
use sim_core::arch::{DecodeError, Fault, Isa, MemAccess, StaticInst};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::Addr;

impl<I: Isa> TimingCpu<I> {
    /// Begin fetching the instruction at the current PC.
    pub(super) fn start_fetch(&mut self, ctx: &mut Ctx) {
        let pc = self.core.pc;
        self.fetch.pc = pc;
        self.fetch.word = pc & !(FETCH_BYTES - 1);
        self.fetch.inst = None;
        self.fetch.have = 0;
        self.send_fetch_word(ctx);
    }

    /// Send the request for the fetch word at `self.fetch.word`.
    fn send_fetch_word(&mut self, ctx: &mut Ctx) {
        let word = self.fetch.word;
        let hit = match self.core.translate(word, MemAccess::Fetch) {
            Ok(h) => h,
            Err(f) => return self.guest_fault(f, ctx),
        };
        let paddr = Addr(hit.paddr + (word & (crate::cpu::tlb::PAGE_SIZE - 1)));
        let size = FETCH_BYTES as usize;
        let requestor = self.core.requestor;
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
    pub(super) fn fetch_done(&mut self, pkt: &Packet, ctx: &mut Ctx) {
        if !pkt.timing_only() {
            self.keep_fetched_bytes(pkt);
        }
        let inst = match self.fetch.inst {
            Some(i) => Some(i),
            None => match self.identify(ctx) {
                Ok(i) => i,
                Err(f) => return self.guest_fault(f, ctx),
            },
        };
        self.fetch.inst = inst;
        let next_word = self.fetch.word + FETCH_BYTES;
        let end = inst.map(|i| self.fetch.pc + i.size() as u64);
        if end.is_none_or(|end| end > next_word) {
            // The instruction (or what is known of it) reaches into the next word.
            self.fetch.word = next_word;
            return self.send_fetch_word(ctx);
        }
        self.execute(inst.expect("known once all its words are fetched"), ctx);
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

    /// The instruction at the fetch PC: from the decode cache, decoded from the
    /// backdoor, or decoded from the fetched bytes (`None`: more bytes needed).
    fn identify(&mut self, ctx: &mut Ctx) -> Result<Option<I::Inst>, Fault> {
        let pc = self.fetch.pc;
        if let Some(i) = self.core.decoded.get(pc) {
            return Ok(Some(i));
        }
        if self.core.translate(pc, MemAccess::Fetch)?.host != 0 {
            return self.core.fetch_decode(pc, ctx).map(Some);
        }
        let from = (pc & (FETCH_BYTES - 1)) as usize;
        let bytes = &self.fetch.bytes[from..(self.fetch.have as usize).max(from)];
        match I::decode(bytes, Addr(pc)) {
            Ok(inst) => {
                self.core.decoded.insert(pc, inst);
                Ok(Some(inst))
            }
            Err(DecodeError::Truncated { need })
                if (need as usize) <= I::MAX_INST_BYTES && from + (need as usize) <= 16 =>
            {
                Ok(None)
            }
            Err(err) => Err(Fault::Decode { pc: Addr(pc), err }),
        }
    }

    /// Stop on a guest fault.
    pub(super) fn guest_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        self.status = Status::Halted;
        self.fault = Some(f);
        self.data = None;
        crate::cpu::exec_context::exit_for_fault::<I>(f, self.core.pc, ctx);
    }
}
