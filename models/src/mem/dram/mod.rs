//! DRAM controller with a DDR timing model (gem5's `MemCtrl` + `DRAMInterface`).
//!
//! ```text
//!  port ──▶ recv_timing_req ── split into bursts ──▶ read queue / write queue
//!                                 (writes answered after the frontend latency)
//!  nextReq event: FR-FCFS pick ──▶ DramState::burst (precharge, activate, column
//!                 command under tRCD/tRAS/tRRD/tXAW/tCCD/turnaround/refresh limits)
//!  respond event: read data ready ──▶ response after frontend + backend latency
//! ```
//!
//! [`DramCtrl`] is the component (type `MemCtrl`, one response port `port`);
//! [`DramParams`] holds the interface timings, with presets for gem5's
//! `DDR3_1600_8x8`, `DDR4_2400_8x8` and `HBM_2000_4H_1x64`; [`HbmCtrl`] is gem5's
//! `HBMCtrl`, two pseudo channels behind one port.

mod bank;
mod component;
mod ctrl;
mod from_node;
mod hbm;
mod params;
mod power;
mod scheduler;
mod stats;
mod stats_report;

#[cfg(test)]
mod hbm_tests;
#[cfg(test)]
mod tests;

pub use ctrl::DramCtrl;
pub use from_node::{interleaved_range, InterleavedRange, DRAM_INTERFACE_PARAMS, MEM_CTRL_PARAMS};
pub use hbm::{HbmCtrl, HBM_CTRL_PARAMS, PSEUDO_CHANNEL_BIT};
pub use params::{AddrMapping, BurstLocation, DramParams, PagePolicy};
pub use power::DramPowerParams;
