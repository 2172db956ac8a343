//! TAGE's history registers (the global direction history and its folded
//! copies) and the saturating counters of its tables.

/// A history folded to `comp_length` bits (gem5's `FoldedHistory`).
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct Folded {
    pub(super) comp: u32,
    pub(super) comp_length: u32,
    pub(super) orig_length: usize,
    pub(super) outpoint: u32,
}

impl Folded {
    pub(super) fn new(orig_length: u32, comp_length: u32) -> Self {
        Folded {
            comp: 0,
            comp_length,
            orig_length: orig_length as usize,
            outpoint: orig_length % comp_length.max(1),
        }
    }
    pub(super) fn update(&mut self, h: &GlobalHist) {
        let mut c = (self.comp << 1) | h.at(0) as u32;
        c ^= (h.at(self.orig_length) as u32) << self.outpoint;
        c ^= c >> self.comp_length;
        self.comp = c & ((1u32 << self.comp_length) - 1);
    }
}

/// The global direction history: a ring of bits, newest at `pt` (gem5 keeps a
/// large buffer it rolls over; a ring is the same for every reachable entry).
#[derive(Clone, Debug)]
pub(super) struct GlobalHist {
    pub(super) bits: Vec<u8>,
    pub(super) pt: usize,
}

impl GlobalHist {
    pub(super) fn at(&self, i: usize) -> u8 {
        self.bits[(self.pt + i) & (self.bits.len() - 1)]
    }
    pub(super) fn push(&mut self, taken: bool) {
        self.pt = (self.pt + self.bits.len() - 1) & (self.bits.len() - 1);
        self.bits[self.pt] = taken as u8;
    }
}

/// gem5's signed saturating counter update (`ctrUpdate`).
pub(super) fn ctr_update(ctr: &mut i32, taken: bool, nbits: u32) {
    if taken {
        if *ctr < (1 << (nbits - 1)) - 1 {
            *ctr += 1;
        }
    } else if *ctr > -(1 << (nbits - 1)) {
        *ctr -= 1;
    }
}

pub(super) fn ctr8_update(ctr: &mut i8, taken: bool, nbits: u32) {
    let mut c = *ctr as i32;
    ctr_update(&mut c, taken, nbits);
    *ctr = c as i8;
}

pub(super) fn u_update(ctr: &mut u8, up: bool, nbits: u32) {
    if up {
        if (*ctr as u32) < (1 << nbits) - 1 {
            *ctr += 1;
        }
    } else if *ctr > 0 {
        *ctr -= 1;
    }
}

/// A shift by `amount` as x86 performs it (the count taken modulo 32), which is
/// what gem5's hash does when a table is smaller than its bank number.
pub(super) fn shr(v: i32, amount: i32) -> i32 {
    v >> (amount & 31)
}
