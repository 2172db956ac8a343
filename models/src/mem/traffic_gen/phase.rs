//! The phases a traffic generator plays (gem5's `BaseGen` subclasses `LinearGen`,
//! `RandomGen`, `IdleGen` and `ExitGen`): what each one sends and when.

use serde::{Deserialize, Serialize};
use sim_core::rng::SplitMix64;
use sim_core::Tick;

/// Arguments shared by the linear and random phases, as gem5's
/// `createLinear(duration, min_addr, max_addr, block_size, min_period, max_period,
/// read_percent, data_limit)` takes them (times in ticks, sizes in bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StochasticArgs {
    /// How long the phase lasts; 0 means until its data limit is reached.
    pub duration: u64,
    /// First address.
    pub min_addr: u64,
    /// Last address: a linear phase wraps once the next address passes it; a
    /// random phase draws below it.
    pub max_addr: u64,
    /// Bytes per request.
    pub block_size: u64,
    /// Shortest gap between requests.
    pub min_period: u64,
    /// Longest gap between requests.
    pub max_period: u64,
    /// Percentage of reads (0..=100).
    pub read_percent: u64,
    /// Bytes after which the phase stops sending (0: no limit).
    pub data_limit: u64,
}

/// One phase, as the Python side sends it: `{"kind": "linear", "duration": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TrafficPhase {
    /// Addresses from `min_addr` upwards in `block_size` steps (gem5's `LinearGen`).
    Linear(StochasticArgs),
    /// Block-aligned addresses drawn uniformly (gem5's `RandomGen`).
    Random(StochasticArgs),
    /// Nothing for `duration` ticks (gem5's `IdleGen`).
    Idle {
        /// How long.
        duration: u64,
    },
    /// Ends the simulation when entered (gem5's `ExitGen`).
    Exit {
        /// Kept as gem5 keeps it; the exit happens on entry.
        duration: u64,
    },
}

/// Why a phase's arguments cannot be used (gem5 stops with `fatal` for these).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhaseError {
    /// A request would straddle more than one cache line.
    #[error("{path}: phase {index}: block size ({block_size}) is larger than the cache line size ({line})")]
    BlockTooLarge {
        /// The generator's path.
        path: String,
        /// Position of the phase in the list.
        index: usize,
        /// The block size asked for.
        block_size: u64,
        /// The cache line size.
        line: u64,
    },
    /// Any other argument outside what gem5 accepts.
    #[error("{path}: phase {index}: {what}")]
    Invalid {
        /// The generator's path.
        path: String,
        /// Position of the phase in the list.
        index: usize,
        /// The argument, its value and what is allowed.
        what: String,
    },
}

impl TrafficPhase {
    /// How long the phase lasts (0 for "until it runs out of work").
    pub fn duration(&self) -> u64 {
        match self {
            TrafficPhase::Linear(a) | TrafficPhase::Random(a) => a.duration,
            TrafficPhase::Idle { duration } | TrafficPhase::Exit { duration } => *duration,
        }
    }

    /// Check the arguments as gem5's `StochasticGen` constructor does.
    pub fn validate(&self, path: &str, index: usize, line: u64) -> Result<(), PhaseError> {
        let (TrafficPhase::Linear(a) | TrafficPhase::Random(a)) = self else {
            return Ok(());
        };
        let invalid = |what: String| PhaseError::Invalid {
            path: path.to_string(),
            index,
            what,
        };
        if a.block_size > line {
            return Err(PhaseError::BlockTooLarge {
                path: path.to_string(),
                index,
                block_size: a.block_size,
                line,
            });
        }
        if a.block_size == 0 {
            return Err(invalid(
                "block_size 0 is not allowed (at least 1 byte)".into(),
            ));
        }
        if a.read_percent > 100 {
            return Err(invalid(format!(
                "read_percent {} is more than 100",
                a.read_percent
            )));
        }
        if a.min_period > a.max_period {
            return Err(invalid(format!(
                "min_period {} is larger than max_period {}",
                a.min_period, a.max_period
            )));
        }
        if matches!(self, TrafficPhase::Random(_)) && a.max_addr <= a.min_addr {
            return Err(invalid(format!(
                "max_addr {:#x} must be above min_addr {:#x}",
                a.max_addr, a.min_addr
            )));
        }
        Ok(())
    }
}

/// A request a phase wants sent.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct NextRequest {
    /// Address of the first byte.
    pub addr: u64,
    /// Bytes.
    pub size: u64,
    /// Read (true) or write.
    pub is_read: bool,
}

/// A phase being played: its arguments and progress.
#[derive(Clone, Debug)]
pub(super) struct ActivePhase {
    pub phase: TrafficPhase,
    next_addr: u64,
    data_manipulated: u64,
}

/// gem5's `random_mt.random(min, max)`: uniform over the closed range.
fn uniform(rng: &mut SplitMix64, min: u64, max: u64) -> u64 {
    match (max - min).checked_add(1) {
        Some(n) => min + rng.below(n),
        None => rng.next_u64(),
    }
}

/// Read or write, as gem5 chooses: `random(0, 100) < read_percent` unless 0 or 100.
fn choose_read(rng: &mut SplitMix64, read_percent: u64) -> bool {
    read_percent != 0 && (read_percent == 100 || uniform(rng, 0, 100) < read_percent)
}

impl ActivePhase {
    /// Enter `phase` (gem5's `enter`: counters restart).
    pub fn enter(phase: TrafficPhase) -> Self {
        let next_addr = match &phase {
            TrafficPhase::Linear(a) => a.min_addr,
            _ => 0,
        };
        ActivePhase {
            phase,
            next_addr,
            data_manipulated: 0,
        }
    }

    /// The next request (gem5's `getNextPacket`); `None` for idle and exit phases.
    pub fn next_request(&mut self, rng: &mut SplitMix64) -> Option<NextRequest> {
        match &self.phase {
            TrafficPhase::Linear(a) => {
                let is_read = choose_read(rng, a.read_percent);
                self.data_manipulated += a.block_size;
                let addr = self.next_addr;
                self.next_addr += a.block_size;
                if self.next_addr > a.max_addr {
                    self.next_addr = a.min_addr;
                }
                Some(NextRequest {
                    addr,
                    size: a.block_size,
                    is_read,
                })
            }
            TrafficPhase::Random(a) => {
                let is_read = choose_read(rng, a.read_percent);
                let mut addr = uniform(rng, a.min_addr, a.max_addr - 1);
                addr -= addr % a.block_size;
                self.data_manipulated += a.block_size;
                Some(NextRequest {
                    addr,
                    size: a.block_size,
                    is_read,
                })
            }
            TrafficPhase::Idle { .. } | TrafficPhase::Exit { .. } => None,
        }
    }

    /// When the next request is due (gem5's `nextPacketTick`): `Tick::MAX` once the
    /// data limit is reached or for phases that send nothing. Without `elastic`,
    /// `delay` (time lost waiting for a retry) is taken off the gap.
    pub fn next_packet_tick(
        &self,
        rng: &mut SplitMix64,
        now: Tick,
        elastic: bool,
        delay: Tick,
    ) -> Tick {
        let (TrafficPhase::Linear(a) | TrafficPhase::Random(a)) = &self.phase else {
            return Tick::MAX;
        };
        if a.data_limit != 0 && self.data_manipulated >= a.data_limit {
            return Tick::MAX;
        }
        let mut wait = uniform(rng, a.min_period, a.max_period);
        if !elastic {
            wait = wait.saturating_sub(delay.0);
        }
        now + Tick(wait)
    }
}
