//! Express snoops from the coherent crossbar below.
//!
//! A snoop is first forwarded up (the levels above may hold the line, dirtier),
//! then applied here: reads downgrade (M->O, E->S), ReadEx/Upgrade/Invalidate (and
//! writes) invalidate. A dirty copy — in the tags or as a queued `WritebackDirty` —
//! supplies the line to readers. A snoop for a line whose miss is already accepted
//! below was ordered after that miss: it is recorded in the MSHR and applied once
//! the fill has served its targets.

use super::mshr::DeferredSnoop;
use super::tags::bits;
use super::timing::EV_UNBLOCK;
use super::{Cache, MemOut, CPU_SIDE};
use sim_core::component::{Ctx, SnoopResult};
use sim_core::mem::{MemCmd, Packet};

/// What a snooped request does to other copies of its line.
fn snoop_action(cmd: MemCmd) -> Option<DeferredSnoop> {
    match cmd {
        MemCmd::ReadReq
        | MemCmd::FetchReq
        | MemCmd::LoadLockedReq
        | MemCmd::ReadCleanReq
        | MemCmd::ReadSharedReq => Some(DeferredSnoop::Downgrade),
        MemCmd::ReadExReq
        | MemCmd::UpgradeReq
        | MemCmd::InvalidateReq
        | MemCmd::WriteReq
        | MemCmd::StoreCondReq
        | MemCmd::SwapReq => Some(DeferredSnoop::Invalidate),
        _ => None,
    }
}

/// True if the snooped request wants the line's data (a dirty holder supplies it).
fn wants_data(cmd: MemCmd) -> bool {
    matches!(
        cmd,
        MemCmd::ReadReq
            | MemCmd::FetchReq
            | MemCmd::LoadLockedReq
            | MemCmd::ReadExReq
            | MemCmd::ReadCleanReq
            | MemCmd::ReadSharedReq
    )
}

impl Cache {
    /// Answer a snoop arriving on `mem_side`.
    pub(super) fn snoop(&mut self, pkt: &Packet, ctx: &mut Ctx) -> SnoopResult {
        if pkt.cmd == MemCmd::WritebackClean {
            return self.snoop_cached(pkt, ctx);
        }
        let Some(action) = snoop_action(pkt.cmd) else {
            return SnoopResult::default();
        };
        let above = if self.p.forward_snoops {
            ctx.send_snoop(CPU_SIDE, pkt)
        } else {
            SnoopResult::default()
        };
        let line = self.tags.line_of(pkt.addr.0);
        let mut here = SnoopResult::default();
        let mut involved = false;

        let in_service = self
            .mshrs
            .find(line)
            .filter(|&mi| self.mshrs.get(mi).in_service);
        if let Some(mi) = in_service {
            // Ordered after this cache's own request: applied once the fill has
            // served its targets; until then a reader must take the line shared.
            involved = true;
            let m = self.mshrs.get_mut(mi);
            m.deferred = Some(m.deferred.map_or(action, |d| d.merge(action)));
            here.had_copy = action == DeferredSnoop::Downgrade;
            if let Some(i) = self.tags.lookup(line) {
                here.supplied = self.tags.state(i) & bits::DIRTY != 0 && wants_data(pkt.cmd);
            }
        } else if let Some(i) = self.tags.lookup(line) {
            involved = true;
            let state = self.tags.state(i);
            here.supplied = state & bits::DIRTY != 0 && wants_data(pkt.cmd);
            match action {
                DeferredSnoop::Invalidate => {
                    if state & bits::PREFETCHED != 0 {
                        self.stats.pf.unused += 1;
                    }
                    self.tags.invalidate(i, ctx.now());
                }
                DeferredSnoop::Downgrade => {
                    self.tags.clear_bits(i, bits::WRITABLE);
                    here.had_copy = true;
                }
            }
        }

        // A `WritebackClean` of the line waiting in the write buffer (gem5's
        // `recvTimingSnoopReq` on a write-queue hit): an invalidation discards it,
        // a read leaves it shared so the level below does not take it writable.
        let line_addr = self.tags.line_addr(line);
        let queued_clean = self.mem_queue.iter().position(|(_, item)| {
            matches!(item, MemOut::Evict(wb)
                if wb.cmd == MemCmd::WritebackClean && wb.addr.0 == line_addr)
        });
        if let Some(pos) = queued_clean {
            involved = true;
            match action {
                DeferredSnoop::Invalidate => {
                    self.mem_queue.remove(pos);
                    self.write_buffer_used -= 1;
                    if self.need_retry {
                        ctx.schedule(ctx.now(), sim_core::Priority::DEFAULT, EV_UNBLOCK);
                    }
                }
                DeferredSnoop::Downgrade => {
                    if let Some((_, MemOut::Evict(wb))) = self.mem_queue.get_mut(pos) {
                        wb.has_sharers = true;
                    }
                    here.had_copy = true;
                }
            }
        }

        if wants_data(pkt.cmd) {
            let dirty_in_write_buffer = self.mem_queue.iter().any(|(_, item)| {
                matches!(item, MemOut::Evict(wb)
                    if wb.cmd == MemCmd::WritebackDirty && wb.addr.0 == line_addr)
            });
            if dirty_in_write_buffer {
                involved = true;
                here.supplied = true;
            }
        }

        if involved {
            here.latency = self.cycles(self.p.tag_latency.0);
        }
        above.merge(here)
    }

    /// A `WritebackClean` from below asks whether this cache or one above holds
    /// the line (gem5's `isCachedAbove` snoop): a copy in the tags, an outstanding
    /// miss or a queued eviction of the line says yes. Nothing changes.
    fn snoop_cached(&mut self, pkt: &Packet, ctx: &mut Ctx) -> SnoopResult {
        let above = if self.p.forward_snoops {
            ctx.send_snoop(CPU_SIDE, pkt)
        } else {
            SnoopResult::default()
        };
        let line = self.tags.line_of(pkt.addr.0);
        let here = SnoopResult {
            had_copy: self.tags.lookup(line).is_some()
                || self.mshrs.find(line).is_some()
                || self.eviction_queued(line),
            ..SnoopResult::default()
        };
        above.merge(here)
    }
}
