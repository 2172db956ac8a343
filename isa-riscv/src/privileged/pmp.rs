//! Physical memory protection (3.7): up to 64 entries of `pmpcfg` bytes and
//! `pmpaddr` registers, matching TOR, NA4 and NAPOT regions with a granularity of
//! 4 bytes, locked entries binding M-mode too.

use sim_core::arch::MemAccess;

/// `pmpcfg` R bit.
const R: u8 = 1;
/// `pmpcfg` W bit.
const W: u8 = 2;
/// `pmpcfg` X bit.
const X: u8 = 4;
/// `pmpcfg` A field (address matching mode).
const A: u8 = 3 << 3;
/// `pmpcfg` L bit (locked).
const L: u8 = 1 << 7;
const A_TOR: u8 = 1 << 3;
const A_NA4: u8 = 2 << 3;
const A_NAPOT: u8 = 3 << 3;
/// `pmpaddr` holds address bits 55:2.
const ADDR_MASK: u64 = (1 << 54) - 1;

/// The outcome of a PMP check.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PmpResult {
    /// Allowed.
    Allow,
    /// Denied: the access takes an access-fault exception.
    Deny,
}

/// The PMP registers of one hart.
#[derive(Clone, Debug)]
pub struct Pmp {
    n: usize,
    cfg: [u8; 64],
    addr: [u64; 64],
}

impl Pmp {
    /// `n` implemented entries (the rest read as zero and ignore writes).
    pub fn new(n: usize) -> Self {
        Pmp {
            n: n.min(64),
            cfg: [0; 64],
            addr: [0; 64],
        }
    }

    fn locked(&self, i: usize) -> bool {
        self.cfg[i] & L != 0
    }

    /// `pmpcfg{2 × reg}` (RV64 packs eight entries per register).
    pub fn read_cfg(&self, reg: usize) -> u64 {
        (0..8).fold(0, |v, k| v | (self.cfg[reg * 8 + k] as u64) << (8 * k))
    }

    /// Write `pmpcfg{2 × reg}`: locked entries keep their byte, bits 6:5 read as
    /// zero and the reserved R=0/W=1 combination drops W.
    pub fn write_cfg(&mut self, reg: usize, v: u64) {
        for k in 0..8 {
            let i = reg * 8 + k;
            if i >= self.n || self.locked(i) {
                continue;
            }
            let mut b = (v >> (8 * k)) as u8 & (R | W | X | A | L);
            if b & (R | W) == W {
                b &= !W;
            }
            self.cfg[i] = b;
        }
    }

    /// `pmpaddr{i}`.
    pub fn read_addr(&self, i: usize) -> u64 {
        self.addr[i]
    }

    /// Write `pmpaddr{i}` unless entry `i` is locked, or entry `i + 1` is a locked
    /// TOR entry (whose bottom it is).
    pub fn write_addr(&mut self, i: usize, v: u64) {
        if i >= self.n || self.locked(i) {
            return;
        }
        if i + 1 < self.n && self.locked(i + 1) && self.cfg[i + 1] & A == A_TOR {
            return;
        }
        self.addr[i] = v & ADDR_MASK;
    }

    /// The byte range `[lo, hi)` entry `i` matches (empty when off).
    fn range(&self, i: usize) -> (u128, u128) {
        let a = self.addr[i] as u128;
        match self.cfg[i] & A {
            A_TOR => {
                let lo = if i == 0 {
                    0
                } else {
                    (self.addr[i - 1] as u128) << 2
                };
                (lo, a << 2)
            }
            A_NA4 => (a << 2, (a << 2) + 4),
            A_NAPOT => {
                let ones = (!self.addr[i]).trailing_zeros().min(54);
                let base = (a & !((1u128 << ones) - 1)) << 2;
                (base, base + (1u128 << (ones + 3)))
            }
            _ => (0, 0),
        }
    }

    /// Check an access of `size` bytes at physical `paddr` by privilege `prv`
    /// (3.7.1): the lowest-numbered entry matching any byte decides; it must
    /// match every byte; M-mode is bound only by locked entries and is allowed
    /// when nothing matches, S and U are denied then (if any entry exists).
    pub fn check(&self, paddr: u64, size: usize, access: MemAccess, prv: u8) -> PmpResult {
        let (s, e) = (paddr as u128, paddr as u128 + size.max(1) as u128);
        for i in 0..self.n {
            let (lo, hi) = self.range(i);
            if lo >= hi || e <= lo || s >= hi {
                continue;
            }
            if s < lo || e > hi {
                return PmpResult::Deny;
            }
            if prv == super::PRV_M && !self.locked(i) {
                return PmpResult::Allow;
            }
            let need = match access {
                MemAccess::Fetch => X,
                MemAccess::Load => R,
                MemAccess::Store => W,
            };
            return if self.cfg[i] & need != 0 {
                PmpResult::Allow
            } else {
                PmpResult::Deny
            };
        }
        if prv == super::PRV_M || self.n == 0 {
            PmpResult::Allow
        } else {
            PmpResult::Deny
        }
    }
}
