//! The per-cycle limits of gem5's O3 stages that are not a stage's width:
//!
//! - `wbWidth`: at most that many instructions write back (complete) in a
//!   cycle; later ones take the next cycle with room (gem5's IEW moves them to
//!   the next slot of its queue to commit).
//! - `cacheLoadPorts`: loads sent to the data cache a cycle; a load finding
//!   no port tries again the next cycle (`cacheStorePorts` limits the stores
//!   written after commit, in `lsq.rs`).
//! - `squashWidth`: a squash marks ROB entries squashed `squashWidth` a cycle
//!   and commit waits until it is done, from the cycle after the squash
//!   (gem5's commit sees it `iewToCommitDelay` later): one cycle at least,
//!   `ceil(entries / squashWidth)` cycles in all.
//! - `issueToExecuteDelay`: cycles from issue to execution. gem5's default
//!   of 1 is the pipeline's own timing here (a dependent add issues the
//!   cycle after its source); each cycle more delays execution, results and
//!   the memory access by one.

use super::O3Cpu;
use sim_core::arch::Isa;
use sim_core::component::Ctx;

/// Cycles of writeback counts kept (more than any latency in flight).
const WB_WINDOW: usize = 256;

/// The state behind the limits.
#[derive(Clone, Debug)]
pub(super) struct CycleLimits {
    /// (cycle, results written back in it), by cycle modulo the length.
    wb_used: Vec<(u64, u32)>,
    /// (cycle, loads sent in it).
    loads_sent: (u64, u32),
    /// The first cycle commit may run after the last squash.
    pub(super) commit_from: u64,
    /// Memory instructions issued and waiting for their execute cycle:
    /// (cycle, slot, uid, result latency).
    delayed_mem: Vec<(u64, u16, u64, u64)>,
}

impl Default for CycleLimits {
    fn default() -> Self {
        CycleLimits {
            wb_used: vec![(u64::MAX, 0); WB_WINDOW],
            loads_sent: (u64::MAX, 0),
            commit_from: 0,
            delayed_mem: Vec::new(),
        }
    }
}

impl<I: Isa> O3Cpu<I> {
    /// The cycle at or after `at` with a free writeback slot, taken.
    #[inline]
    pub(super) fn writeback_cycle(&mut self, mut at: u64) -> u64 {
        let width = self.params.wb_width;
        loop {
            let e = &mut self.limits.wb_used[at as usize % WB_WINDOW];
            if e.0 != at {
                *e = (at, 0);
            }
            if e.1 < width {
                e.1 += 1;
                return at;
            }
            at += 1;
        }
    }

    /// Take a load port for this cycle; false if all are in use.
    #[inline]
    pub(super) fn take_load_port(&mut self) -> bool {
        let now = self.cycle;
        let used = &mut self.limits.loads_sent;
        if used.0 != now {
            *used = (now, 0);
        }
        if used.1 >= self.params.cache_load_ports {
            return false;
        }
        used.1 += 1;
        true
    }

    /// A squash this cycle dropped `rob_entries` ROB entries: commit waits
    /// while the ROB squashes them.
    pub(super) fn rob_squashing(&mut self, rob_entries: u64) {
        let cycles = rob_entries.div_ceil(self.params.squash_width as u64).max(1);
        let from = self.cycle + 1 + cycles;
        self.limits.commit_from = self.limits.commit_from.max(from);
    }

    /// Cycles from issue to execution beyond the pipeline's own one.
    #[inline]
    pub(super) fn execute_delay(&self) -> u64 {
        self.params.issue_to_execute_delay.saturating_sub(1)
    }

    /// Hold the memory instruction `uid` in `slot`, issued this cycle with
    /// result latency `lat`, until cycle `at`.
    pub(super) fn delay_mem(&mut self, at: u64, slot: usize, uid: u64, lat: u64) {
        self.limits.delayed_mem.push((at, slot as u16, uid, lat));
    }

    /// True while memory instructions wait for their execute cycle.
    pub(super) fn has_delayed_mem(&self) -> bool {
        !self.limits.delayed_mem.is_empty()
    }

    /// Let the held memory instructions whose execute cycle has come go to
    /// the LSQ, oldest issue first.
    pub(super) fn run_delayed_mem(&mut self, ctx: &mut Ctx) {
        if self.limits.delayed_mem.is_empty() {
            return;
        }
        let now = self.cycle;
        let mut list = std::mem::take(&mut self.limits.delayed_mem);
        let mut later = Vec::new();
        for &(at, slot, uid, lat) in &list {
            if at > now {
                later.push((at, slot, uid, lat));
                continue;
            }
            let d = &self.ring[slot as usize];
            if d.uid != uid {
                continue; // squashed meanwhile
            }
            let seq = d.seq;
            if d.is_store() {
                self.store_executed(slot as usize, seq, now + lat);
            } else {
                self.load_executed(slot as usize, seq, ctx);
            }
        }
        list.clear();
        later.append(&mut self.limits.delayed_mem);
        self.limits.delayed_mem = later;
    }
}
