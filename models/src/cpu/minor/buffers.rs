//! Input buffers between the in-order stages, with gem5's back-pressure: a stage
//! may pass a bundle (the instructions it outputs in one cycle) on only if it can
//! reserve an entry in the next stage's input buffer, which holds
//! `decodeInputBufferSize` / `executeInputBufferSize` bundles counting those
//! still travelling through the latch. An entry is freed the cycle the next stage
//! has taken the last instruction of its bundle, so a full buffer holds back the
//! stage feeding it (and, through it, the stages before).

use super::decode::Slots;

/// A stage's output bandwidth (`width` instructions a cycle) feeding an input
/// buffer of `capacity` bundles.
#[derive(Clone, Debug)]
pub struct BufferedOutput {
    slots: Slots,
    /// A bundle has been produced.
    started: bool,
    /// The entry of the current bundle, and of the next one (bundles take the
    /// entries in turn).
    current: usize,
    next: usize,
    /// For each entry, the cycle the last instruction of the bundle it held
    /// left the buffer (0 until it has, or while unused).
    freed: Vec<u64>,
}

impl BufferedOutput {
    /// An output into a buffer of `capacity` bundles (at least 1).
    pub fn new(capacity: u32) -> Self {
        BufferedOutput {
            slots: Slots::default(),
            started: false,
            current: 0,
            next: 0,
            freed: vec![0; capacity.max(1) as usize],
        }
    }

    /// Pass an instruction on at `earliest` or later with at most `width` a
    /// cycle, starting a new bundle (and waiting for a free entry) when the
    /// current cycle is past or full. Returns the cycle and the bundle's
    /// entry (for [`Self::taken`]).
    #[inline]
    pub fn push(&mut self, earliest: u64, width: u32) -> (u64, u64) {
        if self.started && self.slots.joins(earliest, width) {
            return (self.slots.take(earliest, width), self.current as u64);
        }
        let entry = self.next;
        // The entry last held the bundle `capacity` before: free once that
        // one has left (0 if never used).
        let free = self.freed[entry];
        self.freed[entry] = 0;
        self.started = true;
        self.current = entry;
        self.next = if entry + 1 == self.freed.len() {
            0
        } else {
            entry + 1
        };
        let cycle = self.slots.take_new(earliest.max(free), width);
        (cycle, entry as u64)
    }

    /// The next stage took an instruction of the bundle in `entry` at `cycle`.
    #[inline]
    pub fn taken(&mut self, entry: u64, cycle: u64) {
        let e = &mut self.freed[entry as usize];
        *e = (*e).max(cycle);
    }

    /// Drop the buffered bundles (a squash): every entry is free from `cycle`.
    pub fn flush(&mut self, cycle: u64) {
        for f in &mut self.freed {
            *f = (*f).min(cycle);
        }
        self.slots.close();
    }
}

#[cfg(test)]
mod tests {
    use super::BufferedOutput;

    #[test]
    fn a_full_buffer_holds_back_the_stage_feeding_it() {
        // One-wide output into a 2-entry buffer whose reader takes one bundle
        // every 5 cycles: the third bundle waits for the first to leave.
        let mut out = BufferedOutput::new(2);
        let (c0, b0) = out.push(0, 1);
        let (c1, b1) = out.push(0, 1);
        assert_eq!((c0, c1), (0, 1));
        out.taken(b0, 5);
        out.taken(b1, 10);
        let (c2, b2) = out.push(2, 1);
        assert_eq!((c2, b2), (5, 0), "waits for bundle 0 to leave its entry");
        let (c3, _) = out.push(6, 1);
        assert_eq!(c3, 10, "waits for bundle 1");
    }

    #[test]
    fn instructions_of_one_cycle_share_a_bundle() {
        let mut out = BufferedOutput::new(1);
        let (a, ba) = out.push(3, 2);
        let (b, bb) = out.push(3, 2);
        assert_eq!((a, b, ba, bb), (3, 3, 0, 0));
        out.taken(0, 7);
        assert_eq!(out.push(3, 2), (7, 0), "the single entry is busy until 7");
    }
}
