//! Simulated time: ticks, cycles, frequencies and clock domains.
//!
//! One tick is one picosecond (`SIM_FREQ` = 1e12 ticks per second), as in gem5, so
//! stats such as `simSeconds = simTicks / simFreq` match gem5's numbers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Ticks per simulated second.
pub const SIM_FREQ: u64 = 1_000_000_000_000;

/// A point in (or a span of) simulated time, in picoseconds.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Tick(pub u64);

impl Tick {
    /// The largest representable tick; used as "never".
    pub const MAX: Tick = Tick(u64::MAX);
    /// Seconds represented by this many ticks.
    pub fn as_seconds(self) -> f64 {
        self.0 as f64 / SIM_FREQ as f64
    }
}

impl std::ops::Add for Tick {
    type Output = Tick;
    fn add(self, rhs: Tick) -> Tick {
        Tick(self.0.saturating_add(rhs.0))
    }
}

impl std::ops::Sub for Tick {
    type Output = Tick;
    fn sub(self, rhs: Tick) -> Tick {
        Tick(self.0 - rhs.0)
    }
}

impl fmt::Display for Tick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A number of clock cycles of some clock domain.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Cycles(pub u64);

/// A frequency in Hz.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frequency(pub u64);

/// Largest relative error of a clock period rounded to whole ticks that passes
/// without a warning (gem5's `frequency_tolerance` in `m5/ticks.py`: 0.1%).
pub const FREQUENCY_TOLERANCE: f64 = 0.001;

impl Frequency {
    /// The highest frequency a tick can time: 1 THz, a period of one tick.
    pub const MAX: Frequency = Frequency(SIM_FREQ);

    /// The clock period in ticks, rounded half up to a whole tick as gem5's
    /// `ticks.fromSeconds` does. Never zero, so a clock domain never divides by
    /// zero: a frequency above [`Frequency::MAX`] gives one tick and a zero frequency
    /// the period of 1 Hz (users cannot ask for either: `models::boards::limits`
    /// refuses clocks outside 1 MHz to 1 THz).
    pub fn period(self) -> Tick {
        let f = u128::from(self.0.max(1));
        let p = (u128::from(SIM_FREQ) + f / 2) / f;
        Tick(p.max(1) as u64)
    }

    /// How far [`Frequency::period`] is from the exact period, relative to it
    /// (0.0 when the period is a whole number of ticks). gem5 warns above
    /// [`FREQUENCY_TOLERANCE`].
    pub fn period_error(self) -> f64 {
        let f = u128::from(self.0.max(1));
        let exact = u128::from(SIM_FREQ);
        let rounded = u128::from(self.period().0) * f;
        rounded.abs_diff(exact) as f64 / exact as f64
    }
}

/// A clock domain: a period that turns cycles into ticks and finds clock edges.
///
/// The period is at least one tick (the field is private and every way to make a
/// domain checks it), so the conversions below never divide by zero.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DomainState", into = "DomainState")]
pub struct ClockDomain {
    /// Clock period in ticks (never 0).
    period: Tick,
}

/// The plain serialized form of a [`ClockDomain`], checked when read back.
#[derive(Copy, Clone, Serialize, Deserialize)]
struct DomainState {
    period: Tick,
}

impl TryFrom<DomainState> for ClockDomain {
    type Error = &'static str;
    fn try_from(s: DomainState) -> Result<Self, Self::Error> {
        ClockDomain::from_period(s.period).ok_or("a clock domain's period must be at least 1 tick")
    }
}

impl From<ClockDomain> for DomainState {
    fn from(d: ClockDomain) -> Self {
        DomainState { period: d.period }
    }
}

impl ClockDomain {
    /// A domain running at `freq` (see [`Frequency::period`]).
    pub fn new(freq: Frequency) -> Self {
        ClockDomain {
            period: freq.period(),
        }
    }
    /// A domain with a clock period of `period` ticks; `None` for a zero period.
    pub fn from_period(period: Tick) -> Option<Self> {
        (period.0 > 0).then_some(ClockDomain { period })
    }
    /// Clock period in ticks (at least 1).
    #[inline]
    pub fn period(&self) -> Tick {
        self.period
    }
    /// Ticks spanned by `c` cycles.
    #[inline]
    pub fn cycles_to_ticks(&self, c: Cycles) -> Tick {
        Tick(c.0 * self.period.0)
    }
    /// Whole cycles elapsed by tick `t` (rounded down).
    #[inline]
    pub fn ticks_to_cycles(&self, t: Tick) -> Cycles {
        Cycles(t.0 / self.period.0)
    }
    /// The first clock edge at or after `t`.
    #[inline]
    pub fn next_edge(&self, t: Tick) -> Tick {
        let p = self.period.0;
        Tick(t.0.div_ceil(p) * p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_round_half_up_and_are_never_zero() {
        assert_eq!(Frequency(2_000_000_000).period(), Tick(500));
        assert_eq!(Frequency(1_600_000_000).period(), Tick(625));
        // 3 GHz is 333.33 ps: rounded down, 0.1% off, within gem5's tolerance.
        assert_eq!(Frequency(3_000_000_000).period(), Tick(333));
        assert!(Frequency(3_000_000_000).period_error() <= FREQUENCY_TOLERANCE);
        // 1.5 THz is 0.67 ps: one tick, 50% off.
        assert_eq!(Frequency(1_500_000_000_000).period(), Tick(1));
        assert!((Frequency(1_500_000_000_000).period_error() - 0.5).abs() < 1e-9);
        assert_eq!(Frequency::MAX.period(), Tick(1));
        assert_eq!(Frequency::MAX.period_error(), 0.0);
        for f in [0, 1, 3_000_000_000_000, u64::MAX] {
            let d = ClockDomain::new(Frequency(f));
            assert!(d.period().0 >= 1, "{f} Hz");
            assert_eq!(d.ticks_to_cycles(Tick(10)).0, 10 / d.period().0);
        }
        assert_eq!(Frequency(0).period(), Tick(SIM_FREQ));
    }

    #[test]
    fn a_zero_period_domain_cannot_be_made_or_read_back() {
        assert!(ClockDomain::from_period(Tick(0)).is_none());
        assert_eq!(
            ClockDomain::from_period(Tick(500)),
            Some(ClockDomain::new(Frequency(2_000_000_000)))
        );
        let json = serde_json::to_string(&ClockDomain::new(Frequency(1_000_000_000))).unwrap();
        assert_eq!(json, r#"{"period":1000}"#);
        assert!(serde_json::from_str::<ClockDomain>(&json).is_ok());
        assert!(serde_json::from_str::<ClockDomain>(r#"{"period":0}"#).is_err());
    }
}
