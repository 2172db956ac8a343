//! Atomic protocol: the same state changes as the timing path, with misses and
//! evictions performed below at once; the returned latency sums the lookup and the
//! level below (writebacks add none, as in gem5). There are no MSHRs in atomic
//! mode, so MSHR stats and miss latencies stay zero (as in gem5), and the
//! prefetcher does not issue.

use super::stats::cmd_index;
use super::tags::bits;
use super::{needs_writable, Cache, MEM_SIDE};
use sim_core::component::Ctx;
use sim_core::mem::{MemCmd, Packet, ReqFlags};
use sim_core::{Addr, Tick};

impl Cache {
    /// A request from above (atomic protocol); returns its latency.
    pub(super) fn atomic_req(&mut self, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        let lookup = self.cycles(self.p.tag_latency.0);
        if !pkt.timing_only() || pkt.flags.has(ReqFlags::UNCACHEABLE) {
            return lookup + ctx.send_atomic(MEM_SIDE, pkt);
        }
        match pkt.cmd {
            MemCmd::WritebackDirty => {
                if let Some(mut victim) = self.absorb_writeback(pkt, ctx.now()) {
                    ctx.send_atomic(MEM_SIDE, &mut victim);
                }
                return lookup;
            }
            MemCmd::WritebackClean => {
                if let Some(mut victim) = self.absorb_clean_writeback(pkt, ctx.now()) {
                    ctx.send_atomic(MEM_SIDE, &mut victim);
                }
                return lookup;
            }
            MemCmd::CleanEvict => {
                if self.clean_evict_passes(pkt) {
                    ctx.send_atomic(MEM_SIDE, pkt);
                }
                return lookup;
            }
            _ => {}
        }
        let Some(ci) = cmd_index(pkt) else {
            return lookup + ctx.send_atomic(MEM_SIDE, pkt);
        };
        let line = self.tags.line_of(pkt.addr.0);
        let need_w = needs_writable(pkt.cmd);
        if let Some(i) = self.tags.lookup(line) {
            if !need_w || self.tags.state(i) & bits::WRITABLE != 0 {
                self.stats.count_hit(pkt.requestor.id, ci);
                self.tags.touch(i);
                self.satisfy(i, pkt);
                return self.hit_ticks;
            }
            self.tags.found(i);
        }
        self.stats.cmd_mut(pkt.requestor.id, ci).misses += 1;
        let mut bus = Packet::command(
            self.fetch_cmd(line, need_w),
            Addr(self.tags.line_addr(line)),
            self.p.line_size as usize,
            ReqFlags::TIMING_ONLY,
            pkt.requestor,
        );
        bus.pc = pkt.pc;
        let below = ctx.send_atomic(MEM_SIDE, &mut bus);
        let writable =
            matches!(bus.cmd, MemCmd::ReadExResp | MemCmd::UpgradeResp) || !bus.has_sharers;
        let granted = if writable { bits::WRITABLE } else { 0 };
        let index = match self.tags.lookup(line) {
            Some(i) => {
                self.tags.set_bits(i, granted);
                i
            }
            None => {
                let (i, victim) = self.install(line, granted, pkt.requestor.id, ctx.now());
                if let Some(mut v) = victim {
                    ctx.send_atomic(MEM_SIDE, &mut v);
                }
                i
            }
        };
        self.satisfy(index, pkt);
        lookup + below
    }
}
