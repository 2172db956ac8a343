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

// The trait's default timing methods only report a wiring bug and ignore the
// packet, which is boxed because the timing protocol moves packets as `PacketPtr`.
#![allow(clippy::boxed_local)]

use crate::mem::{BackingStore, Packet, PacketPtr};
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

/// One of the running component's ports together with what it is bound to,
/// resolved once by [`Ctx::binding`](crate::system::Ctx::binding).
///
/// Bindings never change after the system is built, so a component that sends
/// through a port on every access may keep its binding and send with
/// [`Ctx::send_timing_req_on`](crate::system::Ctx::send_timing_req_on) or
/// [`Ctx::send_timing_at_on`](crate::system::Ctx::send_timing_at_on): the same
/// sends without looking the peer up in the port table each time.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The component's own port.
    pub(crate) port: PortRef,
    /// The port it is connected to.
    pub(crate) peer: PortRef,
    /// The role of the component's own port.
    pub(crate) role: PortRole,
    /// The receiver word of a delivery sent through this port (the system's
    /// packed event form), worked out once with the rest.
    pub(crate) delivery: u64,
}

impl Binding {
    /// The component's own port.
    pub fn port(&self) -> PortRef {
        self.port
    }
    /// The port it is connected to.
    pub fn peer(&self) -> PortRef {
        self.peer
    }
}

/// Direct access to memory bytes that a response port may offer (gem5's backdoor):
/// the requester may read and write `store` for addresses in `range`.
///
/// Caches here model tags, coherence state and timing but hold no copy of the data:
/// the bytes always live in the backing store, and a CPU moves them at the moment its
/// access completes in simulated time (as gem5's Ruby does with `access_backing_store`).
/// So a path with caches still offers a backdoor, marked `data_only`: the requester
/// must present every access to the hierarchy too (as a packet flagged
/// [`ReqFlags::TIMING_ONLY`](crate::mem::ReqFlags::TIMING_ONLY)), and use the backdoor
/// only to move the bytes when that access completes. Without `data_only` nothing on
/// the path needs to see the accesses and the requester may skip packets entirely.
#[derive(Clone)]
pub struct Backdoor {
    /// Physical range covered.
    pub range: AddrRange,
    /// The bytes.
    pub store: Arc<BackingStore>,
    /// Something on the path (a cache) must still see every access; see above.
    pub data_only: bool,
}

/// What a snooped component reports back to the crossbar that snooped it.
///
/// Snoops are *express*, as in gem5's classic memory system: they reach every cache
/// above a coherent crossbar instantly, at the moment the crossbar accepts the request
/// (the point where requests to a line are ordered), and change the snooped caches'
/// states immediately.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct SnoopResult {
    /// A snooped cache keeps a valid copy after the snoop: the requester must take
    /// the line shared (sets [`Packet::has_sharers`](crate::mem::Packet::has_sharers)).
    pub had_copy: bool,
    /// A snooped cache owned the line dirty and supplies it (gem5's `cacheResponding`):
    /// the response comes from that cache instead of memory.
    pub supplied: bool,
    /// Time the snooped cache takes to answer (its lookup, plus supplying the line).
    pub latency: Tick,
}

impl SnoopResult {
    /// Combine the answers of several snooped components.
    pub fn merge(self, other: SnoopResult) -> SnoopResult {
        SnoopResult {
            had_copy: self.had_copy || other.had_copy,
            supplied: self.supplied || other.supplied,
            latency: self.latency.max(other.latency),
        }
    }
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
    fn recv_timing_req(
        &mut self,
        port: u16,
        _pkt: PacketPtr,
        _ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
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
    fn recv_timing_resp(
        &mut self,
        port: u16,
        _pkt: PacketPtr,
        _ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        wiring_bug(self.type_name(), port, "recv_timing_resp")
    }
    /// Request side: the peer can now take a request it refused earlier.
    fn recv_req_retry(&mut self, port: u16, _ctx: &mut Ctx) {
        wiring_bug(self.type_name(), port, "recv_req_retry")
    }
    /// Request side: a coherent crossbar below snoops this component (an express
    /// snoop; see [`SnoopResult`]). `pkt` is the request being ordered. Components
    /// that hold no cached state ignore snoops (the default).
    fn recv_snoop(&mut self, _port: u16, _pkt: &Packet, _ctx: &mut Ctx) -> SnoopResult {
        SnoopResult::default()
    }

    /// Either side: a packet sent with [`Ctx::send_timing_at`] was refused by the peer
    /// when it came due. The sender owns it again and resends it after the peer's retry.
    fn recv_refused(&mut self, port: u16, _pkt: PacketPtr, _ctx: &mut Ctx) {
        wiring_bug(self.type_name(), port, "recv_refused")
    }
    /// Another component says there may be work for this one (the SE kernel made a
    /// thread runnable on this CPU, an interrupt controller raised a line). Delivered
    /// as an event, see [`Ctx::wake`].
    fn wakeup(&mut self, _ctx: &mut Ctx) {}

    /// Report statistics (names relative to this component).
    fn visit_stats(&self, _v: &mut dyn StatVisitor) {}
    /// Zero statistics (m5 reset_stats, `sim.stats.reset()`).
    fn reset_stats(&mut self) {}
    /// Zero statistics at simulated time `now`: components with rate or
    /// time-average stats restart their window there. Defaults to
    /// [`Component::reset_stats`].
    fn reset_stats_at(&mut self, _now: Tick) {
        self.reset_stats()
    }
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
