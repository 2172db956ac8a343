//! Fetch1: line fetches through `icache_port`. A line starts at the fetch
//! address (rounded down to a fetch word) and ends at the next
//! `fetch1LineSnapWidth` boundary or after `fetch1LineWidth` bytes; the next
//! sequential line may be requested as soon as the previous one has arrived
//! (`fetch1FetchLimit` 1), a redirected one at the cycle the redirect reaches
//! Fetch1.

use super::{MinorCpu, Wait};
use crate::cpu::tlb::PAGE_SIZE;
use crate::cpu::{FETCH_BYTES, ICACHE_PORT};
use sim_core::arch::{Isa, MemAccess};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::Addr;

impl<I: Isa> MinorCpu<I> {
    /// Fetch the line holding `addr` (extending the fetched bytes if `extend`),
    /// at Fetch1's next free cycle. The pipeline goes on when it arrives.
    pub(super) fn fetch_line(&mut self, addr: u64, extend: bool, ctx: &mut Ctx) {
        self.front.fetching = addr;
        self.front.extending = extend;
        let at = self.front.next_fetch;
        if self.wait_for_cycle(at, Wait::FetchCycle, ctx) {
            return;
        }
        self.send_line(ctx);
    }

    /// Send the line request Fetch1 is due to send.
    pub(super) fn send_line(&mut self, ctx: &mut Ctx) {
        let addr = self.front.fetching;
        let start = addr & !(FETCH_BYTES - 1);
        let snap = self.params.line_snap();
        let end = ((start & !(snap - 1)) + snap).min(start + self.params.line_width());
        let hit = match self.core.translate(start, MemAccess::Fetch) {
            Ok(h) => h,
            Err(f) => return self.guest_fault(f, ctx),
        };
        let paddr = Addr(hit.paddr + (start & (PAGE_SIZE - 1)));
        let flags = ReqFlags::INST_FETCH | ReqFlags::TIMING_ONLY;
        let size = (end - start) as usize;
        let mut pkt = Packet::command(
            MemCmd::FetchReq,
            paddr,
            size,
            flags,
            self.core.inst_requestor,
        );
        pkt.pc = addr;
        self.minor_stats.line_fetches += 1;
        self.wait = Wait::Line;
        self.front.hi = if self.front.extending {
            self.front.hi
        } else {
            0
        };
        self.front.fetching = start;
        self.front.fetch_end = end;
        self.send(ICACHE_PORT, pkt, ctx);
    }

    /// A line arrived (at a clock edge): its bytes join the fetched ones.
    pub(super) fn line_arrived(&mut self, ctx: &mut Ctx) {
        if self.wait != Wait::Line {
            return;
        }
        let now = self.cycle_of(ctx.now());
        let f = &mut self.front;
        if !f.extending {
            f.lo = f.fetching;
        }
        f.hi = f.fetch_end;
        f.arrived = now;
        f.next_fetch = f.next_fetch.max(now);
        self.wait = Wait::Nothing;
        self.advance(ctx);
    }
}
