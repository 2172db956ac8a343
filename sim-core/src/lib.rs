//! # sim-core: the simulator's foundation
//!
//! Time, the event queue, components, ports and packets, statistics, config output,
//! exit causes and the simulate loop. This crate knows nothing about any ISA or CPU;
//! [`arch`] only states the contract between ISAs and CPU models: an ISA decodes
//! bytes into instructions exposing op class, flags, register ids and semantics
//! written against [`arch::ExecContext`], and every CPU model drives them through it.
//!
//! ## Components
//!
//! A component is a plain struct implementing [`Component`]: a CPU, a cache, a
//! crossbar, a memory, a device. [`SystemBuilder::add`] moves it into the arena of
//! a [`System`] under a hierarchical name (`system.cpu`) and hands back its
//! [`ComponentId`]. Components never hold references to each other; they talk
//! through *ports* and they act over time through *events*. While a component runs
//! it is taken out of the arena, so a call that comes back into it (A → B → A)
//! is a wiring bug and panics naming the component.
//!
//! ## Ports
//!
//! [`Component::ports`] declares request and response ports
//! ([`component::PortDecl`]), in local-index order. [`SystemBuilder::connect`] or
//! [`SystemBuilder::connect_named`] binds a request port to exactly one response
//! port. Mistakes are [`system::BuildError`]s: an unknown port name lists the ports
//! that exist, two ports of the same role or a port bound twice names both ends, and
//! [`SystemBuilder::build`] names any port left unbound. At run time a component sends through its local port index via
//! [`Ctx`], and the peer's `recv_*` method runs. As in gem5 there are three protocols:
//!
//! * **functional** ([`Ctx::send_functional`]): immediate, no timing (loaders, debuggers);
//! * **atomic** ([`Ctx::send_atomic`]): immediate, returns the latency of the whole path;
//! * **timing** ([`Ctx::send_timing_req`] / [`Ctx::send_timing_resp`]): the receiver
//!   accepts the packet (`Ok`) or gives it back (`Err`); whoever refused later calls
//!   [`Ctx::send_retry_req`] / [`Ctx::send_retry_resp`] and the sender tries again.
//!   The retry arrives as an event at the current tick, after the refusing side has
//!   returned, so the sender may resend right inside `recv_*_retry`.
//!
//! ## Events
//!
//! A component schedules its own events with [`Ctx::schedule`]`(tick, priority,
//! code)`; the `u64` code means whatever the component wants, and
//! [`Component::handle_event`] receives it at that tick. The [`EventQueue`] orders
//! by (tick, [`Priority`] (lower first), insertion order), so runs are deterministic.
//!
//! ```text
//!   system.cpu (id 0)          system.membus (id 1)               system.mem (id 2)
//!  ┌───────────────────┐      ┌────────────────────────────┐     ┌────────────────┐
//!  │ dcache_port (req) ●─────▶○ cpu_side_ports[0] (resp)   │     │                │
//!  │                   │      │ mem_side_ports[0] (req)    ●────▶○ port (resp)    │
//!  └─────────┬─────────┘      └────────────────────────────┘     └────────────────┘
//!            │ ctx.schedule(Tick(500), Priority::CPU_TICK, FETCH)
//!            ▼
//!  EventQueue: (tick 500, prio 50, seq n) ─▶ ComponentId(0).handle_event(FETCH, ctx)
//! ```
//!
//! ## Running
//!
//! [`System::simulate`] runs `startup` on every component once, then pops events
//! until a component calls [`Ctx::exit`] (the first cause raised wins; the loop stops
//! after the current event), the tick limit is passed ([`ExitCause::MaxTick`], with
//! `now()` left at the limit) or the queue is empty, and returns the [`ExitCause`]:
//! the caller decides whether to go on. [`Simulation`] wraps a system with its
//! output directory: [`Simulation::run`] performs the stats dumps and resets that
//! components ask for with [`Ctx::request_stats`] at their tick (appending to
//! `stats.txt`, rewriting `stats.json`) and keeps going, and
//! [`Simulation::write_config`] writes `config.ini`, `config.json` and `config.dot`;
//! [`outdir`] writes them so that they never contradict each other.
//!
//! ## Example: a CPU reading memory
//!
//! ```
//! use sim_core::component::PortDecl;
//! use sim_core::mem::{Packet, ReqFlags, Requestor};
//! use sim_core::{Addr, Component, Ctx, ExitCause, SystemBuilder, Tick};
//! use std::any::Any;
//!
//! const LOAD: u64 = 1;
//!
//! /// At tick 1000, reads 4 bytes at address 8 through its only port, then exits.
//! #[derive(Default)]
//! struct TinyCpu { value: u64, latency: Tick }
//!
//! impl Component for TinyCpu {
//!     fn type_name(&self) -> &'static str { "TinyCpu" }
//!     fn ports(&self) -> Vec<PortDecl> { vec![PortDecl::request("mem_port")] }
//!     fn startup(&mut self, ctx: &mut Ctx) { ctx.schedule(Tick(1000), 0, LOAD); }
//!     fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
//!         assert_eq!(code, LOAD);
//!         let mut pkt = Packet::read(Addr(8), 4, ReqFlags::NONE, Requestor::default());
//!         self.latency = ctx.send_atomic(0, &mut pkt); // port 0 is "mem_port"
//!         self.value = pkt.data_le();
//!         ctx.exit(ExitCause::m5_exit(0));
//!     }
//!     fn as_any(&self) -> &dyn Any { self }
//!     fn as_any_mut(&mut self) -> &mut dyn Any { self }
//! }
//!
//! /// Answers reads and writes from an array, taking 30 ns.
//! struct TinyMem { bytes: [u8; 64] }
//!
//! impl Component for TinyMem {
//!     fn type_name(&self) -> &'static str { "TinyMemory" }
//!     fn ports(&self) -> Vec<PortDecl> { vec![PortDecl::response("port")] }
//!     fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) -> Tick {
//!         let range = pkt.addr.0 as usize..pkt.end().0 as usize;
//!         if pkt.cmd.is_read() {
//!             pkt.data.copy_from_slice(&self.bytes[range]);
//!         } else {
//!             self.bytes[range].copy_from_slice(&pkt.data);
//!         }
//!         pkt.make_response();
//!         Tick(30_000)
//!     }
//!     fn as_any(&self) -> &dyn Any { self }
//!     fn as_any_mut(&mut self) -> &mut dyn Any { self }
//! }
//!
//! let mut bytes = [0u8; 64];
//! bytes[8..12].copy_from_slice(&0xcafe_f00d_u32.to_le_bytes());
//!
//! let mut b = SystemBuilder::new();
//! let cpu = b.add("system.cpu", Box::new(TinyCpu::default()))?;
//! let mem = b.add("system.mem", Box::new(TinyMem { bytes }))?;
//! b.connect_named(cpu, "mem_port", mem, "port")?;
//! let mut system = b.build()?;
//!
//! assert_eq!(system.simulate(None), ExitCause::m5_exit(0));
//! assert_eq!(system.now(), Tick(1000)); // atomic accesses take no simulated time
//! let cpu = system.component(cpu).as_any().downcast_ref::<TinyCpu>().unwrap();
//! assert_eq!(cpu.value, 0xcafe_f00d);
//! assert_eq!(cpu.latency, Tick(30_000));
//! # Ok::<(), sim_core::system::BuildError>(())
//! ```
#![warn(missing_docs)]

pub mod addr;
pub mod arch;
pub mod mem;
pub mod time;

pub use addr::{Addr, AddrRange};
pub use time::{ClockDomain, Cycles, Frequency, Tick, FREQUENCY_TOLERANCE, SIM_FREQ};
pub mod edge;
pub mod event;
pub mod exit;
pub mod property;
pub mod rng;
pub mod units;

pub use event::{EventHandle, EventQueue, Priority, ScheduleError};
pub use exit::ExitCause;
pub use units::{LatencyOrCycles, MemSize};
pub mod stats;

pub use stats::{StatGroup, StatVisitor, StatsSnapshot, Unit};
pub mod component;
pub mod outdir;
pub mod simulation;
pub mod system;
pub mod warnings;

pub use component::{Component, ComponentId, Ctx};
pub use simulation::Simulation;
pub use system::{System, SystemBuilder};
pub mod config;

pub use config::{ConfigNode, ConfigPort, ConfigTree, PortRole};

#[cfg(test)]
mod system_delivery_tests;
#[cfg(test)]
mod system_tests;
