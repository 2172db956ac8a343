//! The `O3PipeView` trace (gem5's format, read by `util/o3-pipeview.py` and
//! the Konata viewer): for every committed instruction, one line per stage
//! with the tick it got there.
//!
//! ```text
//! O3PipeView:fetch:2000:0x000100b0:0:5:addi a0, zero, 1
//! O3PipeView:decode:3000
//! O3PipeView:rename:4000
//! O3PipeView:dispatch:6000
//! O3PipeView:issue:7000
//! O3PipeView:complete:8000
//! O3PipeView:retire:10000:store:0
//! ```
//! As in gem5, a store's record is written when the store has completed its
//! write to memory after commit (gem5's `completeStore`), with that tick
//! after `store:`; other records are written at commit with `store:0`. Store
//! records thus come later than those of younger instructions committed
//! meanwhile (`o3-pipeview.py` sorts by sequence number).
//!
//! Lines go through `tracing` (target `O3PipeView`); the front end writes
//! them to `--debug-file`.

use super::O3Cpu;
use sim_core::arch::{Isa, StaticInst};

impl<I: Isa> O3Cpu<I> {
    /// Write the record of the instruction in `slot`, committing now; a
    /// store's waits for its write ([`Self::pipeview_store_done`]).
    #[cold]
    pub(super) fn pipeview_line(&mut self, slot: usize) {
        let d = &self.ring[slot];
        let t = &d.ticks;
        let text = d
            .inst
            .map(|i| I::disassemble(i.raw(), i.size(), d.pc))
            .unwrap_or_default();
        let retire = self.cycle * self.period;
        let issue = if t.issue == 0 { t.dispatch } else { t.issue };
        let complete = if t.complete == 0 { issue } else { t.complete };
        let record = format!(
            "O3PipeView:fetch:{}:0x{:08x}:0:{}:{}\nO3PipeView:decode:{}\nO3PipeView:rename:{}\nO3PipeView:dispatch:{}\nO3PipeView:issue:{}\nO3PipeView:complete:{}\nO3PipeView:retire:{}:store:",
            t.fetch, d.pc, d.seq + 1, text, t.decode, t.rename, t.dispatch, issue, complete, retire
        );
        if d.is_store() && d.access.is_some() {
            self.pipeview_stores.push_back((d.uid, record));
        } else {
            tracing::info!(target: "O3PipeView", "{record}0");
        }
    }

    /// The committed store `uid` has completed its write to memory now:
    /// write its record.
    #[cold]
    pub(super) fn pipeview_store_done(&mut self, uid: u64) {
        let Some(i) = self.pipeview_stores.iter().position(|(u, _)| *u == uid) else {
            return;
        };
        let (_, record) = self.pipeview_stores.remove(i).expect("found above");
        let tick = self.cycle * self.period;
        tracing::info!(target: "O3PipeView", "{record}{tick}");
    }
}
