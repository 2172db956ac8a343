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

impl Frequency {
    /// The clock period in ticks (rounded to the nearest picosecond, as gem5 does).
    pub fn period(self) -> Tick {
        Tick((SIM_FREQ + self.0 / 2) / self.0)
    }
}

/// A clock domain: a period that turns cycles into ticks and finds clock edges.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockDomain {
    /// Clock period in ticks.
    pub period: Tick,
}

impl ClockDomain {
    /// A domain running at `freq`.
    pub fn new(freq: Frequency) -> Self {
        ClockDomain {
            period: freq.period(),
        }
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
