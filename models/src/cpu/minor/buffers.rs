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
    /// Bundles produced so far; the current one is `produced - 1`.
    produced: u64,
    /// For each of the last `capacity` bundles, the cycle its last
    /// instruction left the buffer (0 until it has).
    freed: Vec<u64>,
}

impl BufferedOutput {
    /// An output into a buffer of `capacity` bundles (at least 1).
    pub fn new(capacity: u32) -> Self {
        BufferedOutput {
            slots: Slots::default(),
            produced: 0,
            freed: vec![0; capacity.max(1) as usize],
        }
    }

    /// Pass an instruction on at `earliest` or later with at most `width` a
    /// cycle, starting a new bundle (and waiting for a free entry) when the
    /// current cycle is past or full. Returns the cycle and the bundle.
    #[inline]
    pub fn push(&mut self, earliest: u64, width: u32) -> (u64, u64) {
        if self.produced > 0 && self.slots.joins(earliest, width) {
            return (self.slots.take(earliest, width), self.produced - 1);
        }
        let cap = self.freed.len() as u64;
        let b = self.produced;
        let entry = (b % cap) as usize;
        // The entry last held bundle `b - cap`: free once that one has left.
        let free = if b >= cap { self.freed[entry] } else { 0 };
        self.freed[entry] = 0;
        self.produced += 1;
        let cycle = self.slots.take_new(earliest.max(free), width);
        (cycle, b)
    }

    /// The next stage took an instruction of `bundle` at `cycle`.
    #[inline]
    pub fn taken(&mut self, bundle: u64, cycle: u64) {
        let cap = self.freed.len() as u64;
        let e = &mut self.freed[(bundle % cap) as usize];
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
        assert_eq!((c2, b2), (5, 2), "waits for bundle 0 to leave");
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
        assert_eq!(out.push(3, 2), (7, 1), "the single entry is busy until 7");
    }
}
