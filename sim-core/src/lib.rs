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
pub mod event;
pub mod exit;
pub mod units;

pub use event::{EventHandle, EventQueue, Priority, ScheduleError};
pub use exit::ExitCause;
pub use units::{LatencyOrCycles, MemSize};
pub mod stats;

pub use stats::{StatGroup, StatVisitor, StatsSnapshot, Unit};
pub mod component;
pub mod simulation;
pub mod system;

pub use component::{Component, ComponentId, Ctx};
pub use simulation::Simulation;
pub use system::{System, SystemBuilder};
pub mod config;

pub use config::{ConfigNode, ConfigPort, ConfigTree, PortRole};
