//! Components: the simulated objects (CPUs, caches, crossbars, memories, devices).
//!
//! A component is a plain struct implementing [`Component`]. The [`System`](crate::system::System)
//! owns every component in an arena indexed by [`ComponentId`]; components never hold
//! references to each other. They interact in exactly two ways:
//!
//! * **Ports.** A component declares its ports ([`PortDecl`]) when it is added; the
//!   builder binds each request port to exactly one response port. At run time a
//!   component sends through its *local* port index via [`Ctx`] and the system
//!   delivers the call to the peer's matching `recv_*` method.
//! * **Events.** A component schedules events for itself ([`Ctx::schedule`]) with a
//!   component-defined `u64` code; the system calls [`Component::handle_event`] at
//!   that tick.
//!
//! Calls are synchronous for the functional and atomic protocols (the peer's method runs
//! inside the sender's call) and for the hand-shake of the timing protocol (the peer
//! accepts a packet or refuses it and later sends a retry). While a component runs,
//! it is taken out of the arena, so Rust's borrow rules hold without `RefCell`; a
//! call that would re-enter a component already on the call stack is a wiring bug and
//! is reported with the re-entered component's name.

// Timing-protocol calls give a refused packet back in `Err` (as gem5's sendTimingReq
// returning false leaves the packet with the sender); boxing it would cost an
// allocation per refusal, so the large `Err` is deliberate.
#![allow(clippy::result_large_err)]

use crate::mem::{BackingStore, Packet};
use crate::stats::StatVisitor;
use crate::{AddrRange, Tick};
use std::any::Any;
use std::sync::Arc;

/// Index of a component in its system's arena.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentId(pub u32);

/// Which side of a connection a port is on.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PortRole {
    /// Sends requests, receives responses (gem5's `RequestPort`, e.g. `dcache_port`).
    Request,
    /// Receives requests, sends responses (gem5's `ResponsePort`, e.g. `cpu_side_ports[0]`).
    Response,
}

/// A port a component declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortDecl {
    /// Name as it appears in config.ini (`icache_port`, `mem_side_ports[1]`).
    pub name: String,
    /// Which side.
    pub role: PortRole,
}

impl PortDecl {
    /// A request port.
    pub fn request(name: impl Into<String>) -> Self {
        PortDecl {
            name: name.into(),
            role: PortRole::Request,
        }
    }
    /// A response port.
    pub fn response(name: impl Into<String>) -> Self {
        PortDecl {
            name: name.into(),
            role: PortRole::Response,
        }
    }
}

/// One end of a connection: a component and one of its ports (local index).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct PortRef {
    /// The component.
    pub component: ComponentId,
    /// Index into the component's [`Component::ports`] list.
    pub port: u16,
}

/// Direct access to memory bytes that a response port may offer (gem5's backdoor):
/// the requester may read and write `store` for addresses in `range`, bypassing
/// packets, when no timing or caching component lies on the path.
#[derive(Clone)]
pub struct Backdoor {
    /// Physical range covered.
    pub range: AddrRange,
    /// The bytes.
    pub store: Arc<BackingStore>,
}

/// A simulated object. See the module docs for how components interact.
///
/// Methods for the side of the protocol a component does not implement keep their
/// defaults, which report the wiring bug (a port bound to a component that cannot serve it).
pub trait Component: Any + Send {
    /// The gem5-style type name for config.ini (`AtomicSimpleCPU`, `SimpleMemory`).
    fn type_name(&self) -> &'static str;
    /// Parameters for config.ini/config.json, in declaration order.
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        Vec::new()
    }
    /// Ports, in local-index order. Called once, when the component is added.
    fn ports(&self) -> Vec<PortDecl> {
        Vec::new()
    }
    /// Called once after the system is built, before simulation starts.
    fn startup(&mut self, _ctx: &mut Ctx) {}
    /// An event this component scheduled has fired.
    fn handle_event(&mut self, _code: u64, _ctx: &mut Ctx) {}

    /// Response side, atomic protocol: perform `pkt` now, turn it into its response
    /// and return the latency it took.
    fn recv_atomic(&mut self, port: u16, _pkt: &mut Packet, _ctx: &mut Ctx) -> Tick {
        wiring_bug(self.type_name(), port, "recv_atomic")
    }
    /// Response side, functional protocol: perform `pkt` now without timing effects.
    fn recv_functional(&mut self, port: u16, _pkt: &mut Packet, _ctx: &mut Ctx) {
        wiring_bug(self.type_name(), port, "recv_functional")
    }
    /// Response side, timing protocol: accept `pkt` (Ok) or refuse it (Err gives it
    /// back); a component that refuses must later call [`Ctx::send_retry_req`].
    fn recv_timing_req(&mut self, port: u16, _pkt: Packet, _ctx: &mut Ctx) -> Result<(), Packet> {
        wiring_bug(self.type_name(), port, "recv_timing_req")
    }
    /// Response side: the requester can now take a response it refused earlier.
    fn recv_resp_retry(&mut self, port: u16, _ctx: &mut Ctx) {
        wiring_bug(self.type_name(), port, "recv_resp_retry")
    }
    /// Response side: offer a [`Backdoor`] to memory behind this port, if the path allows.
    fn backdoor(&mut self, _port: u16, _ctx: &mut Ctx) -> Option<Backdoor> {
        None
    }

    /// Request side, timing protocol: a response arrives; refuse with Err to apply back-pressure.
    fn recv_timing_resp(&mut self, port: u16, _pkt: Packet, _ctx: &mut Ctx) -> Result<(), Packet> {
        wiring_bug(self.type_name(), port, "recv_timing_resp")
    }
    /// Request side: the peer can now take a request it refused earlier.
    fn recv_req_retry(&mut self, port: u16, _ctx: &mut Ctx) {
        wiring_bug(self.type_name(), port, "recv_req_retry")
    }

    /// Report statistics (names relative to this component).
    fn visit_stats(&self, _v: &mut dyn StatVisitor) {}
    /// Zero statistics (m5 reset_stats, `sim.stats.reset()`).
    fn reset_stats(&mut self) {}
    /// Instructions and micro-ops committed since the last stats reset, for CPUs
    /// (feeds `simInsts`/`simOps`); other components return `None`.
    fn committed(&self) -> Option<(u64, u64)> {
        None
    }

    /// Downcasting, for front ends that need the concrete type.
    fn as_any(&self) -> &dyn Any;
    /// Mutable downcasting.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

fn wiring_bug(ty: &str, port: u16, what: &str) -> ! {
    panic!("internal wiring error: {ty} port {port} received {what}, which it does not implement")
}

pub use crate::system::Ctx;
