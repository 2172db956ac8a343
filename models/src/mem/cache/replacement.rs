//! Replacement policies: which valid way of a full set gives way to a new line.
//!
//! The per-line data lives in flat arrays indexed like the tag array
//! (`set * assoc + way`), so touching a line on a hit is one store. Invalid ways
//! are always taken first (the tag store checks them before asking the policy).

use super::params::ReplacementPolicy;

/// Largest re-reference prediction value of a 2-bit RRPV (gem5 BRRIP `num_bits = 2`).
const RRPV_MAX: u8 = 3;
/// Percent of BRRIP insertions predicted "long" instead of "distant" (gem5 `btp`).
const BRRIP_BTP_PERCENT: u64 = 3;

/// Replacement state of every line of one cache.
pub struct Replacer {
    policy: ReplacementPolicy,
    assoc: usize,
    /// LRU: a monotonically increasing use counter per line (0 = never used).
    stamps: Vec<u64>,
    use_counter: u64,
    /// BRRIP: re-reference prediction value per line.
    rrpv: Vec<u8>,
    /// Tree-PLRU: per set, one bit per inner node (1 = the victim is to the right).
    plru: Vec<u64>,
    /// Random and BRRIP: xorshift64* state, seeded from the params.
    rng: u64,
}

impl Replacer {
    /// State for `sets * assoc` lines.
    pub fn new(policy: ReplacementPolicy, sets: usize, assoc: usize, seed: u64) -> Self {
        let lines = sets * assoc;
        Replacer {
            policy,
            assoc,
            stamps: if policy == ReplacementPolicy::Lru {
                vec![0; lines]
            } else {
                Vec::new()
            },
            use_counter: 0,
            rrpv: if policy == ReplacementPolicy::Brrip {
                vec![RRPV_MAX; lines]
            } else {
                Vec::new()
            },
            plru: if policy == ReplacementPolicy::TreePlru {
                vec![0; sets]
            } else {
                Vec::new()
            },
            rng: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: tiny, deterministic, good enough for way selection.
        let mut x = self.rng.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A hit on line `index` (`set * assoc + way`). LRU, the default policy, is
    /// tested first (one compare instead of a jump through a table).
    #[inline(always)]
    pub fn touch(&mut self, index: usize) {
        if self.policy == ReplacementPolicy::Lru {
            self.use_counter += 1;
            self.stamps[index] = self.use_counter;
        } else {
            self.touch_other(index);
        }
    }

    /// [`Replacer::touch`] for the policies other than LRU.
    fn touch_other(&mut self, index: usize) {
        match self.policy {
            ReplacementPolicy::Lru => {
                self.use_counter += 1;
                self.stamps[index] = self.use_counter;
            }
            ReplacementPolicy::Random => {}
            ReplacementPolicy::TreePlru => self.plru_point_away(index),
            ReplacementPolicy::Brrip => self.rrpv[index] = self.rrpv[index].saturating_sub(1),
        }
    }

    /// A new line was installed at `index`.
    pub fn insert(&mut self, index: usize) {
        match self.policy {
            ReplacementPolicy::Brrip => {
                let long = self.next_random() % 100 < BRRIP_BTP_PERCENT;
                self.rrpv[index] = if long { RRPV_MAX - 1 } else { RRPV_MAX };
            }
            _ => self.touch(index),
        }
    }

    /// The way of `set` to evict; every way of the set is valid.
    pub fn victim(&mut self, set: usize) -> usize {
        let base = set * self.assoc;
        match self.policy {
            ReplacementPolicy::Lru => {
                let ways = &self.stamps[base..base + self.assoc];
                let mut best = 0;
                for (w, &s) in ways.iter().enumerate() {
                    if s < ways[best] {
                        best = w;
                    }
                }
                best
            }
            ReplacementPolicy::Random => (self.next_random() % self.assoc as u64) as usize,
            ReplacementPolicy::TreePlru => {
                let bits = self.plru[set];
                let (mut node, mut way) = (0usize, 0usize);
                let mut span = self.assoc;
                while span > 1 {
                    let right = (bits >> node) & 1;
                    way = way * 2 + right as usize;
                    node = 2 * node + 1 + right as usize;
                    span /= 2;
                }
                way
            }
            ReplacementPolicy::Brrip => {
                let ways = &mut self.rrpv[base..base + self.assoc];
                let mut best = 0;
                for (w, &r) in ways.iter().enumerate() {
                    if r > ways[best] {
                        best = w;
                    }
                }
                // Age the set so the victim's prediction reaches "distant" (gem5 BRRIP).
                let age = RRPV_MAX - ways[best];
                for r in ways.iter_mut() {
                    *r = (*r + age).min(RRPV_MAX);
                }
                best
            }
        }
    }

    /// Make the set's tree point away from `index`'s way.
    fn plru_point_away(&mut self, index: usize) {
        let set = index / self.assoc;
        let way = index % self.assoc;
        let levels = self.assoc.trailing_zeros();
        let mut bits = self.plru[set];
        let mut node = 0usize;
        for level in (0..levels).rev() {
            let right = (way >> level) & 1;
            if right == 1 {
                bits &= !(1 << node);
            } else {
                bits |= 1 << node;
            }
            node = 2 * node + 1 + right;
        }
        self.plru[set] = bits;
    }
}
