//! # sim-core: the simulator's foundation
//!
//! Time, the event queue, components, ports and packets, statistics, config output,
//! exit causes and the simulate loop. This crate knows nothing about any ISA or CPU;
//! [`arch`] only states the contract between ISAs and CPU models.
#![warn(missing_docs)]

pub mod addr;
pub mod arch;
pub mod mem;
pub mod time;

pub use addr::{Addr, AddrRange};
pub use time::{ClockDomain, Cycles, Frequency, Tick, SIM_FREQ};
