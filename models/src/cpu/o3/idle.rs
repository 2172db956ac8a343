//! Skipping idle cycles: when a cycle changed nothing (no instruction moved,
//! none issued, no request went out, no response came in), the next clock
//! event is scheduled at the first cycle something is due (an instruction's
//! delay between stages elapses, a result becomes ready, the head completes),
//! or not at all while only outstanding memory requests can make progress:
//! their responses schedule it. A long cache miss then costs a few events
//! instead of one per cycle. The cycle counts are unchanged (they follow
//! simulated time); per-stage idle and stall counters skip those cycles.

use super::dyn_inst::{ExecKind, MemState, NEVER};
use super::O3Cpu;
use sim_core::arch::Isa;

/// What a cycle may have changed, compared before and after it.
pub(super) type Activity = [u64; 8];

impl<I: Isa> O3Cpu<I> {
    /// The state a cycle that did something changes.
    #[inline]
    pub(super) fn activity(&self) -> Activity {
        [
            self.head,
            self.tail,
            self.decode_next,
            self.rename_next,
            self.dispatch_next,
            self.stats.iq_issued,
            self.sends,
            self.fetch.gen,
        ]
    }

    /// The next cycle after an idle one at which a stage has something to do,
    /// or `None` if only a response can bring progress.
    pub(super) fn next_busy_cycle(&self) -> Option<u64> {
        let now = self.cycle;
        let soon = Some(now + 1);
        if self.ready.iter().any(|w| *w != 0) || !self.replay.is_empty() || self.has_delayed_mem() {
            return soon;
        }
        if self.sends_outstanding == 0 {
            // Nothing can arrive: keep ticking (never sleep without a waker).
            return soon;
        }
        let mut t = u64::MAX;
        let w = self.wheel.len() as u64;
        if let Some(k) = (1..w).find(|k| !self.wheel[((now + k) % w) as usize].is_empty()) {
            t = now + k;
        }
        let p = &self.params;
        if self.head < self.dispatch_next {
            let d = &self.ring[self.slot(self.head)];
            if d.kind == ExecKind::AtHead && !d.issued {
                if self.sq.len() == 0 {
                    return soon;
                }
            } else if d.mem == MemState::Uncached {
                if !self.committed_stores_pending() {
                    return soon;
                }
            } else if d.done_cycle != NEVER {
                t = t.min(d.done_cycle + p.iew_to_commit_delay);
            }
        }
        if let Some(s) = self.sq.front() {
            let d = &self.ring[self.slot(s)];
            if d.committed && !d.store_sent {
                return soon;
            }
        }
        let future = |gate: u64| if gate > now { gate } else { u64::MAX };
        if self.dispatch_next < self.rename_next {
            let d = &self.ring[self.slot(self.dispatch_next)];
            t = t.min(future(d.rename_cycle + p.rename_to_iew_delay));
        }
        if self.rename_next < self.decode_next && !self.serial_block {
            let d = &self.ring[self.slot(self.rename_next)];
            t = t.min(future(d.decode_cycle + p.decode_to_rename_delay));
        }
        if self.decode_next < self.tail {
            let d = &self.ring[self.slot(self.decode_next)];
            t = t.min(future(d.fetch_cycle + p.fetch_to_decode_delay));
        }
        t = t.min(future(self.fetch.resume_at()));
        (t != u64::MAX).then(|| t.max(now + 1))
    }
}
