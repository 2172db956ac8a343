//! Per-cycle bandwidth of the in-order stages: how many instructions a stage
//! passes on in one cycle (`decodeInputWidth`, `executeInputWidth`,
//! `executeIssueLimit`, `executeCommitLimit`, ...). Instructions go through
//! every stage in program order, so each stage's cycles only move forward.

/// The cycle a stage is filling and how many instructions it has taken in it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Slots {
    cycle: u64,
    used: u32,
}

impl Slots {
    /// Take a slot at `earliest` or, if that cycle is full (`width` taken) or
    /// past, at the first later cycle with room. Returns the cycle.
    #[inline]
    pub fn take(&mut self, earliest: u64, width: u32) -> u64 {
        if earliest > self.cycle {
            self.cycle = earliest;
            self.used = 0;
        }
        if self.used >= width {
            self.cycle += 1;
            self.used = 0;
        }
        self.used += 1;
        self.cycle
    }

    /// True if a slot taken at `earliest` would go in the cycle being filled.
    #[inline]
    pub fn joins(&self, earliest: u64, width: u32) -> bool {
        earliest <= self.cycle && self.used < width
    }

    /// Take a slot in a new cycle, `earliest` or the first after the one
    /// being filled.
    #[inline]
    pub fn take_new(&mut self, earliest: u64, width: u32) -> u64 {
        self.close();
        self.take(earliest, width)
    }

    /// Take no more slots in the cycle being filled (if any was taken in it).
    pub fn close(&mut self) {
        if self.used > 0 {
            self.used = u32::MAX;
        }
    }

    /// The last cycle a slot was taken in.
    pub fn last(&self) -> u64 {
        self.cycle
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;

    #[test]
    fn a_two_wide_stage_passes_two_per_cycle_in_order() {
        let mut s = Slots::default();
        let got: Vec<u64> = (0..5).map(|_| s.take(3, 2)).collect();
        assert_eq!(got, [3, 3, 4, 4, 5]);
        assert_eq!(s.take(2, 2), 5, "never earlier than the last slot");
        assert_eq!(s.take(9, 2), 9);
    }
}
