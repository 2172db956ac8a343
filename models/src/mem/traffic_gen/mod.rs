//! Traffic generators (gem5's `BaseTrafficGen`/`PyTrafficGen`): synthetic
//! requesters that drive a memory system with linear or random traffic, for
//! measuring memories and interconnects without a CPU.
//!
//! ```text
//!  start(phases) ─▶ [linear | random | idle | exit] ... played in order
//!  update event: next request ──▶ port ──▶ memory      (refused: wait for retry)
//!                next gap = uniform(min_period, max_period)
//!  phase ends after `duration` ticks, or when its data limit is reached
//!  exit phase ─▶ ExitCause::Exit "<path> has encountered the exit state ..."
//! ```
//!
//! [`TrafficGen`] is the component (type `PyTrafficGen`, request port `port`),
//! [`TrafficPhase`] a phase as the Python side describes it (JSON with a `kind`),
//! [`PortTerminator`] the silent end of a generator core's unused ports.

mod component;
mod params;
mod phase;
mod port_terminator;
mod stats;

#[cfg(test)]
mod tests;

pub use component::TrafficGen;
pub use params::{TrafficGenParams, TRAFFIC_GEN_PARAMS};
pub use phase::{NextRequest, PhaseError, StochasticArgs, TrafficPhase};
pub use port_terminator::PortTerminator;
pub use stats::GenStats;
