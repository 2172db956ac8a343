//! Clock-edge arithmetic for the timing-mode hot paths, without divisions.
//!
//! Edges are the multiples of the clock period. Almost every packet arrives on
//! an edge (clocked components send at their edges), so the hot question is "is
//! `t` a multiple of the period?", answered with the classic exact-divisibility
//! test (Hacker's Delight 10-17): write the period as `2^shift * odd`; `t` is a
//! multiple iff `t * odd⁻¹` (mod 2^64), rotated right by `shift`, is at most
//! `u64::MAX / period` (a multiply, a rotate and a compare).

use crate::Tick;

/// A precomputed divisibility test for one clock period.
#[derive(Copy, Clone, Debug)]
pub struct EdgeTest {
    /// The period.
    period: u64,
    /// Trailing zero bits of the period.
    shift: u32,
    /// Multiplicative inverse of the period's odd part, mod 2^64.
    inverse: u64,
    /// `u64::MAX / period`: rotated products at most this come from multiples.
    limit: u64,
}

impl EdgeTest {
    /// The test for `period` ticks (> 0).
    pub fn new(period: Tick) -> Self {
        let p = period.0;
        assert!(p > 0, "a clock period is at least one tick");
        let shift = p.trailing_zeros();
        let odd = p >> shift;
        // Newton's iteration doubles the correct low bits each step: an odd `x` is
        // its own inverse mod 8 (3 bits), so five steps give more than 64.
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        EdgeTest {
            period: p,
            shift,
            inverse,
            limit: u64::MAX / p,
        }
    }

    /// True if `t` lies on a clock edge (is a multiple of the period).
    #[inline(always)]
    pub fn is_edge(&self, t: Tick) -> bool {
        t.0.wrapping_mul(self.inverse).rotate_right(self.shift) <= self.limit
    }

    /// The first clock edge at or after `t` (as [`ClockDomain::next_edge`](crate::ClockDomain::next_edge)),
    /// dividing only when `t` is not an edge itself.
    #[inline(always)]
    pub fn next_edge(&self, t: Tick) -> Tick {
        if self.is_edge(t) {
            t
        } else {
            Tick(t.0.div_ceil(self.period) * self.period)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_remainder_for_many_periods_and_times() {
        for p in [
            1u64,
            2,
            3,
            250,
            333,
            500,
            625,
            1000,
            1024,
            3 << 20,
            999_999_937,
        ] {
            let e = EdgeTest::new(Tick(p));
            let times = (0..3000u64)
                .chain((0..3000).map(|i| u64::MAX - i))
                .chain((1..200u64).flat_map(|k| [k * p, k * p + 1, k * p - 1].into_iter()));
            for t in times {
                assert_eq!(e.is_edge(Tick(t)), t % p == 0, "period {p}, t {t}");
                if t <= u64::MAX - p {
                    assert_eq!(
                        e.next_edge(Tick(t)).0,
                        t.div_ceil(p) * p,
                        "period {p}, t {t}"
                    );
                }
            }
        }
    }
}
