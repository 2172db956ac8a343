//! The system: the arena of components, port bindings, the event queue and the
//! simulate loop.
//!
//! ```text
//!  SystemBuilder::add("system.cpu", cpu) ──▶ ComponentId ──┐
//!  SystemBuilder::connect(cpu.dcache_port, membus.cpu_side_ports[0])
//!  SystemBuilder::build() ──▶ System (every port bound exactly once, or an error
//!                                     naming both ends)
//!
//!  System::simulate(limit)
//!    loop: pop (tick, priority, seq) ─▶ component.handle_event(code, ctx)
//!                                         │ ctx.send_atomic(port, pkt) ─▶ peer.recv_atomic
//!                                         │ ctx.schedule(when, prio, code)
//!                                         │ ctx.exit(cause) / ctx.request_stats(..)
//!          until an exit cause, the tick limit or an empty queue ─▶ ExitCause
//! ```
//!
//! A component handling a response may take the responses due to it next itself
//! ([`Ctx::take_next_response`]) instead of returning to the loop for each: the
//! events run in the same order at the same ticks either way.

use crate::component::{
    Backdoor, Binding, Component, ComponentId, PortDecl, PortRef, PortRole, SnoopResult,
};
use crate::event::{EventHandle, EventQueue, Priority};
use crate::exit::ExitCause;
use crate::mem::{Packet, PacketPtr};
use crate::Tick;
use thiserror::Error;

/// What a scheduled event does: run a component's own event, or one of the
/// system's (a retry or a packet delivered to a port, a wake-up). Kept apart from
/// the component's code, so components may use all 64 bits of their codes and a
/// delivery can carry its packet in the code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u16)]
enum Kind {
    /// `handle_event(code)` of the target.
    Component,
    /// `recv_req_retry(port)` of the target.
    RetryReq,
    /// `recv_resp_retry(port)` of the target.
    RetryResp,
    /// A request arriving at the target's response port `port`; `code` holds it.
    DeliverReq,
    /// A response arriving at the target's request port `port`; `code` holds it.
    DeliverResp,
    /// `wakeup()` of the target.
    Wake,
}

/// One bound port, as the hot paths need it: its peer and its own role.
#[derive(Copy, Clone, Debug)]
struct Link {
    peer: PortRef,
    role: PortRole,
}

/// The payload of a scheduled event: which component, what to run there, and the
/// component's own event code (or, for a delivery, the packet).
///
/// Two whole words, the component id, the port and the kind packed in one (bits
/// 0..32, 32..48 and 48..64) and the code in the other: the event queue copies
/// entries around (heap sifts, the near buffer), and a word read back after it was
/// written in pieces of other sizes would stall the host on every copy.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Event {
    dest: u64,
    /// Component-defined code; for a delivery, the packet's raw box pointer
    /// (see [`Event::deliver`]).
    code: u64,
}

impl Event {
    /// An event of `kind` at port `port` of `target`.
    #[inline(always)]
    fn new(target: ComponentId, port: u16, kind: Kind, code: u64) -> Self {
        Event {
            dest: target.0 as u64 | (port as u64) << 32 | (kind as u64) << 48,
            code,
        }
    }

    /// True if this is the delivery of a response to `target` (at any port):
    /// one compare of the packed word with the port masked out.
    #[inline(always)]
    fn is_response_to(&self, target: ComponentId) -> bool {
        let want = (Kind::DeliverResp as u64) << 48 | target.0 as u64;
        self.dest & !(0xFFFF << 32) == want
    }

    /// A component's own event.
    fn component(target: ComponentId, code: u64) -> Self {
        Event::new(target, 0, Kind::Component, code)
    }

    /// The component that runs the event (for a delivery: the receiver).
    #[inline(always)]
    pub fn target(&self) -> ComponentId {
        ComponentId(self.dest as u32)
    }

    /// The target's port a retry or delivery arrives at.
    #[inline(always)]
    fn port(&self) -> u16 {
        (self.dest >> 32) as u16
    }

    /// What the event does.
    #[inline(always)]
    fn kind(&self) -> Kind {
        match (self.dest >> 48) as u16 {
            0 => Kind::Component,
            1 => Kind::RetryReq,
            2 => Kind::RetryResp,
            3 => Kind::DeliverReq,
            4 => Kind::DeliverResp,
            _ => Kind::Wake,
        }
    }

    /// A delivery of `pkt` to port `to` from a port of role `from_role` (a request
    /// port sends requests, a response port responses).
    ///
    /// The box is turned into a raw pointer for the (`Copy`) event queue and back
    /// into a box exactly once, by [`System::deliver`] when the event runs: a
    /// delivery is scheduled untracked, so it cannot be descheduled, and the queue
    /// never copies a payload out except to run it. Deliveries still pending when
    /// the system is dropped are freed by its `Drop`.
    #[inline(always)]
    fn deliver(to: PortRef, from_role: PortRole, pkt: PacketPtr) -> Self {
        Event::deliver_packed(Event::delivery_dest(to, from_role), pkt)
    }

    /// The receiver word ([`Event::dest`]) of a delivery to `to` from a port of
    /// role `from_role`.
    #[inline(always)]
    fn delivery_dest(to: PortRef, from_role: PortRole) -> u64 {
        let kind = match from_role {
            PortRole::Request => Kind::DeliverReq,
            PortRole::Response => Kind::DeliverResp,
        };
        Event::new(to.component, to.port, kind, 0).dest
    }

    /// [`Event::deliver`] with the receiver word worked out already.
    #[inline(always)]
    fn deliver_packed(dest: u64, pkt: PacketPtr) -> Self {
        Event {
            dest,
            code: Box::into_raw(pkt) as u64,
        }
    }
}

/// A statistics action requested during simulation (m5ops, exit handlers).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StatsRequest {
    /// Append a stats dump.
    Dump,
    /// Zero all stats.
    Reset,
    /// Dump, then zero.
    DumpAndReset,
}

/// An error found while building a system.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BuildError {
    /// Two components share a name.
    #[error("duplicate component name '{0}'")]
    DuplicateName(String),
    /// A named port does not exist.
    #[error("component '{component}' has no port '{port}' (it has: {available})")]
    NoSuchPort {
        /// Component path.
        component: String,
        /// Requested port name.
        port: String,
        /// The ports it does have.
        available: String,
    },
    /// Ports of the wrong roles were connected.
    #[error("cannot connect '{a}' to '{b}': a request port must be connected to a response port")]
    RoleMismatch {
        /// First end.
        a: String,
        /// Second end.
        b: String,
    },
    /// A port was connected twice.
    #[error(
        "port '{port}' is already connected to '{existing}', cannot also connect it to '{new}'"
    )]
    AlreadyBound {
        /// The port.
        port: String,
        /// Its current peer.
        existing: String,
        /// The peer asked for.
        new: String,
    },
    /// A port was left unconnected.
    #[error("port '{port}' of {ty} is not connected to anything")]
    Unbound {
        /// Full port name.
        port: String,
        /// Component type.
        ty: String,
    },
}

struct Slot {
    name: String,
    ports: Vec<PortDecl>,
    peers: Vec<Option<PortRef>>,
    component: Option<Box<dyn Component>>,
}

/// Collects components and connections; [`SystemBuilder::build`] validates them.
#[derive(Default)]
pub struct SystemBuilder {
    slots: Vec<Slot>,
}

impl SystemBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a component under a hierarchical name (`system.cpu`).
    pub fn add(
        &mut self,
        name: &str,
        component: Box<dyn Component>,
    ) -> Result<ComponentId, BuildError> {
        if self.slots.iter().any(|s| s.name == name) {
            return Err(BuildError::DuplicateName(name.to_string()));
        }
        let ports = component.ports();
        let id = ComponentId(self.slots.len() as u32);
        self.slots.push(Slot {
            name: name.to_string(),
            peers: vec![None; ports.len()],
            ports,
            component: Some(component),
        });
        Ok(id)
    }

    /// Find a port of a component by name.
    pub fn port(&self, component: ComponentId, name: &str) -> Result<PortRef, BuildError> {
        let slot = &self.slots[component.0 as usize];
        match slot.ports.iter().position(|p| p.name == name) {
            Some(i) => Ok(PortRef {
                component,
                port: i as u16,
            }),
            None => Err(BuildError::NoSuchPort {
                component: slot.name.clone(),
                port: name.to_string(),
                available: slot
                    .ports
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    fn port_name(&self, p: PortRef) -> String {
        let slot = &self.slots[p.component.0 as usize];
        format!("{}.{}", slot.name, slot.ports[p.port as usize].name)
    }

    /// Bind a request port to a response port (in either argument order).
    pub fn connect(&mut self, a: PortRef, b: PortRef) -> Result<(), BuildError> {
        let role = |p: PortRef| self.slots[p.component.0 as usize].ports[p.port as usize].role;
        if role(a) == role(b) {
            return Err(BuildError::RoleMismatch {
                a: self.port_name(a),
                b: self.port_name(b),
            });
        }
        for (this, other) in [(a, b), (b, a)] {
            if let Some(existing) = self.slots[this.component.0 as usize].peers[this.port as usize]
            {
                return Err(BuildError::AlreadyBound {
                    port: self.port_name(this),
                    existing: self.port_name(existing),
                    new: self.port_name(other),
                });
            }
        }
        self.slots[a.component.0 as usize].peers[a.port as usize] = Some(b);
        self.slots[b.component.0 as usize].peers[b.port as usize] = Some(a);
        Ok(())
    }

    /// Connect by names: `connect_named(cpu, "dcache_port", membus, "cpu_side_ports[0]")`.
    pub fn connect_named(
        &mut self,
        a: ComponentId,
        a_port: &str,
        b: ComponentId,
        b_port: &str,
    ) -> Result<(), BuildError> {
        let pa = self.port(a, a_port)?;
        let pb = self.port(b, b_port)?;
        self.connect(pa, pb)
    }

    /// Check that every port is bound and produce the system.
    pub fn build(self) -> Result<System, BuildError> {
        for slot in &self.slots {
            for (decl, peer) in slot.ports.iter().zip(&slot.peers) {
                if peer.is_none() {
                    let ty = slot
                        .component
                        .as_ref()
                        .map(|c| c.type_name())
                        .unwrap_or("?");
                    return Err(BuildError::Unbound {
                        port: format!("{}.{}", slot.name, decl.name),
                        ty: ty.to_string(),
                    });
                }
            }
        }
        let mut port_base = Vec::with_capacity(self.slots.len());
        let mut links = Vec::new();
        let mut components = Vec::with_capacity(self.slots.len());
        let mut slots = self.slots;
        for slot in &mut slots {
            components.push(slot.component.take());
            port_base.push(links.len() as u32);
            for (decl, peer) in slot.ports.iter().zip(&slot.peers) {
                links.push(Link {
                    peer: peer.expect("checked above"),
                    role: decl.role,
                });
            }
        }
        Ok(System {
            slots: slots.into_iter().map(SlotInfo::from).collect(),
            components,
            links,
            port_base,
            queue: EventQueue::new(),
            exit: None,
            stats_requests: Vec::new(),
            stop_raised: false,
            limit: Tick(0),
            started: false,
        })
    }
}

/// A component's name and ports, once the system is built.
struct SlotInfo {
    name: String,
    ports: Vec<PortDecl>,
    peers: Vec<Option<PortRef>>,
}

impl From<Slot> for SlotInfo {
    fn from(s: Slot) -> Self {
        SlotInfo {
            name: s.name,
            ports: s.ports,
            peers: s.peers,
        }
    }
}

/// A built system: components, bindings and the event queue.
pub struct System {
    slots: Vec<SlotInfo>,
    /// The components, by id (`None` while one runs: it is taken out of the arena).
    components: Vec<Option<Box<dyn Component>>>,
    /// Every component's ports, flattened (component `c`'s port `p` is at
    /// `port_base[c] + p`): one indexed load finds a peer on the send paths.
    links: Vec<Link>,
    port_base: Vec<u32>,
    queue: EventQueue<Event>,
    exit: Option<ExitCause>,
    stats_requests: Vec<StatsRequest>,
    /// An exit or stats request was raised since the simulate loop last looked:
    /// one flag for the loop to test after each event.
    stop_raised: bool,
    /// The tick limit of the running `simulate` call (events after it wait).
    limit: Tick,
    started: bool,
}

impl Drop for System {
    /// Free the packets of deliveries still pending (their events own them).
    fn drop(&mut self) {
        while let Some((_, ev)) = self.queue.pop() {
            if matches!(ev.kind(), Kind::DeliverReq | Kind::DeliverResp) {
                // SAFETY: a pending delivery's code is the pointer `Event::deliver`
                // made from a box; popping it here is its only use.
                drop(unsafe { Box::from_raw(ev.code as *mut Packet) });
            }
        }
    }
}

impl System {
    /// Current simulated time.
    pub fn now(&self) -> Tick {
        self.queue.cur_tick()
    }

    /// Number of components.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True if the system has no components.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Hierarchical name of a component.
    pub fn name(&self, id: ComponentId) -> &str {
        &self.slots[id.0 as usize].name
    }

    /// All component ids, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = ComponentId> {
        (0..self.slots.len() as u32).map(ComponentId)
    }

    /// Look up a component by name.
    pub fn find(&self, name: &str) -> Option<ComponentId> {
        self.slots
            .iter()
            .position(|s| s.name == name)
            .map(|i| ComponentId(i as u32))
    }

    /// Shared access to a component (not while it runs).
    pub fn component(&self, id: ComponentId) -> &dyn Component {
        self.components[id.0 as usize]
            .as_deref()
            .expect("component is running")
    }

    /// Mutable access to a component (not while it runs).
    pub fn component_mut(&mut self, id: ComponentId) -> &mut dyn Component {
        self.components[id.0 as usize]
            .as_deref_mut()
            .expect("component is running")
    }

    /// Ports of a component and the full names of their peers (for config output).
    pub fn port_bindings(&self, id: ComponentId) -> Vec<(PortDecl, String)> {
        let slot = &self.slots[id.0 as usize];
        slot.ports
            .iter()
            .zip(&slot.peers)
            .map(|(d, p)| {
                let p = p.expect("bound at build time");
                let peer = &self.slots[p.component.0 as usize];
                (
                    d.clone(),
                    format!("{}.{}", peer.name, peer.ports[p.port as usize].name),
                )
            })
            .collect()
    }

    /// Statistics actions requested since the last call (the caller performs them).
    pub fn take_stats_requests(&mut self) -> Vec<StatsRequest> {
        std::mem::take(&mut self.stats_requests)
    }

    /// Run every component's `startup` once.
    fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        for id in 0..self.slots.len() as u32 {
            self.with_component(ComponentId(id), |c, ctx| c.startup(ctx));
        }
    }

    /// Run until an exit cause, `limit` (absolute tick), or an empty event queue.
    ///
    /// Stats requests raised during the run stop the loop too (cause
    /// [`ExitCause::DumpStats`]/[`ExitCause::ResetStats`], unless an exit was raised as
    /// well, which wins) so the front end performs them, from
    /// [`System::take_stats_requests`], at the exact tick.
    pub fn simulate(&mut self, limit: Option<Tick>) -> ExitCause {
        let limit = limit.unwrap_or(Tick::MAX);
        self.limit = limit;
        self.start();
        if let Some(cause) = self.pending_stop() {
            return cause;
        }
        loop {
            let Some((_, ev)) = self.queue.pop_until(limit) else {
                if self.queue.next_tick().is_none() {
                    return ExitCause::Exit {
                        code: 0,
                        message: "event queue empty: nothing left to simulate".into(),
                    };
                }
                // Cannot fail: no event is due before `limit` and `limit` > now.
                let _ = self.queue.advance_to(limit);
                return ExitCause::MaxTick;
            };
            self.dispatch(ev);
            if self.stop_raised {
                self.stop_raised = false;
                if let Some(cause) = self.pending_stop() {
                    return cause;
                }
            }
        }
    }

    /// Run one event.
    #[inline]
    fn dispatch(&mut self, ev: Event) {
        let (target, port) = (ev.target(), ev.port());
        match ev.kind() {
            Kind::Component => self.with_component(target, |c, ctx| c.handle_event(ev.code, ctx)),
            Kind::RetryReq => self.with_component(target, |c, ctx| c.recv_req_retry(port, ctx)),
            Kind::RetryResp => self.with_component(target, |c, ctx| c.recv_resp_retry(port, ctx)),
            Kind::DeliverReq | Kind::DeliverResp => self.deliver(ev),
            Kind::Wake => self.with_component(target, |c, ctx| c.wakeup(ctx)),
        }
    }

    /// Deliver a packet sent with [`Ctx::send_timing_at`]: the event names the
    /// receiving port and carries the packet; a refusal hands it back to the sender
    /// (the receiving port's peer).
    ///
    /// This and the timing sends are the hot path of every timing-mode model: they
    /// take the component out by hand instead of through [`System::with_component`].
    #[inline]
    fn deliver(&mut self, ev: Event) {
        // SAFETY: `ev` is a delivery event, so its code is the pointer
        // `Event::deliver` made from a box, and each event runs once.
        let pkt = unsafe { Box::from_raw(ev.code as *mut Packet) };
        let (to, port) = (ev.target(), ev.port());
        let mut c = self.take_component(to);
        let mut ctx = Ctx { sys: self, me: to };
        let refused = if ev.kind() == Kind::DeliverReq {
            c.recv_timing_req(port, pkt, &mut ctx)
        } else {
            c.recv_timing_resp(port, pkt, &mut ctx)
        };
        self.put_component(to, c);
        if let Err(pkt) = refused {
            self.refused(to, port, pkt);
        }
    }

    /// Hand a delivered packet that port `port` of `to` refused back to its sender.
    #[cold]
    #[inline(never)]
    fn refused(&mut self, to: ComponentId, port: u16, pkt: PacketPtr) {
        let from = self.link(to, port).peer;
        self.with_component(from.component, |c, ctx| c.recv_refused(from.port, pkt, ctx));
    }

    /// The link of `port` of component `id`.
    #[inline(always)]
    fn link(&self, id: ComponentId, port: u16) -> Link {
        self.links[self.port_base[id.0 as usize] as usize + port as usize]
    }

    /// An exit raised by a component, else a stop for pending stats requests
    /// (which the front end performs at this tick before continuing).
    fn pending_stop(&mut self) -> Option<ExitCause> {
        if let Some(cause) = self.exit.take() {
            return Some(cause);
        }
        match self.stats_requests.last() {
            Some(StatsRequest::Reset) => Some(ExitCause::ResetStats),
            Some(_) => Some(ExitCause::DumpStats),
            None => None,
        }
    }

    /// Take a component out of the arena while it runs.
    #[inline(always)]
    fn take_component(&mut self, id: ComponentId) -> Box<dyn Component> {
        match self.components[id.0 as usize].take() {
            Some(c) => c,
            None => self.reentered(id),
        }
    }

    #[cold]
    #[inline(never)]
    fn reentered(&self, id: ComponentId) -> ! {
        panic!(
            "internal wiring error: re-entrant call into '{}'",
            self.slots[id.0 as usize].name
        )
    }

    /// Put a component taken with [`System::take_component`] back.
    #[inline(always)]
    fn put_component(&mut self, id: ComponentId, c: Box<dyn Component>) {
        let empty = self.components[id.0 as usize].replace(c);
        // The slot was emptied by `take_component`: nothing to drop (and no drop
        // code on this hot path).
        debug_assert!(empty.is_none());
        std::mem::forget(empty);
    }

    /// Call `f` with the component taken out of the arena and a context for it.
    fn with_component<R>(
        &mut self,
        id: ComponentId,
        f: impl FnOnce(&mut dyn Component, &mut Ctx) -> R,
    ) -> R {
        let mut c = self.take_component(id);
        let r = f(c.as_mut(), &mut Ctx { sys: self, me: id });
        self.put_component(id, c);
        r
    }
}

/// What a running component may do: read the time, schedule its events, send
/// through its ports, and ask the simulate loop to stop or handle stats.
pub struct Ctx<'a> {
    sys: &'a mut System,
    me: ComponentId,
}

impl Ctx<'_> {
    /// Current simulated time.
    #[inline]
    pub fn now(&self) -> Tick {
        self.sys.queue.cur_tick()
    }
    /// The running component's id.
    pub fn me(&self) -> ComponentId {
        self.me
    }
    /// The running component's hierarchical name.
    pub fn name(&self) -> &str {
        &self.sys.slots[self.me.0 as usize].name
    }
    /// Tick of the earliest pending event, if any.
    #[inline]
    pub fn next_event_tick(&self) -> Option<Tick> {
        self.sys.queue.next_tick()
    }
    /// Schedule an event for the running component at `when` (not in the past);
    /// its `handle_event` gets `code`.
    pub fn schedule(&mut self, when: Tick, priority: i16, code: u64) -> EventHandle {
        debug_assert!(
            when >= self.now(),
            "{} scheduled an event in the past",
            self.name()
        );
        let when = when.max(self.now());
        self.sys
            .queue
            .schedule(when, priority, Event::component(self.me, code))
            .expect("scheduling at or after the current tick")
    }
    /// Move the current tick forward to `t` while this event runs: a component that
    /// executed ahead (an atomic CPU running a batch of instructions) reports the
    /// time it reached, so an exit or stats dump it raised happens at that tick.
    /// Refused (false) if `t` is in the past or another event is due before it.
    pub fn advance_to(&mut self, t: Tick) -> bool {
        self.sys.queue.advance_to(t).is_ok()
    }
    /// Cancel a scheduled event; false if it already ran or was cancelled.
    pub fn deschedule(&mut self, handle: EventHandle) -> bool {
        self.sys.queue.deschedule(handle)
    }
    /// Stop the simulate loop after the current event, returning `cause`.
    /// The first cause raised wins.
    pub fn exit(&mut self, cause: ExitCause) {
        if self.sys.exit.is_none() {
            self.sys.exit = Some(cause);
        }
        self.sys.stop_raised = true;
    }
    /// True if the simulate loop will stop after this event (an exit, or a stats
    /// request the front end must perform at this tick).
    pub fn stop_pending(&self) -> bool {
        self.sys.exit.is_some() || !self.sys.stats_requests.is_empty()
    }
    /// True if an exit has been requested during this event.
    pub fn exit_requested(&self) -> bool {
        self.sys.exit.is_some()
    }
    /// Ask the front end to dump and/or reset statistics; the simulate loop stops
    /// after this event so the dump happens at the current tick. Unlike
    /// [`Ctx::exit`] this does not occupy the exit slot: an exit raised in the same
    /// event is still returned (after the stats are handled).
    pub fn request_stats(&mut self, req: StatsRequest) {
        self.sys.stats_requests.push(req);
        self.sys.stop_raised = true;
    }

    #[inline(always)]
    fn peer(&self, port: u16) -> PortRef {
        self.sys.link(self.me, port).peer
    }

    fn call_peer<R>(
        &mut self,
        port: u16,
        f: impl FnOnce(&mut dyn Component, u16, &mut Ctx) -> R,
    ) -> R {
        let peer = self.peer(port);
        self.sys
            .with_component(peer.component, |c, ctx| f(c, peer.port, ctx))
    }

    /// Atomic protocol: perform `pkt` through request port `port`; returns the latency.
    pub fn send_atomic(&mut self, port: u16, pkt: &mut Packet) -> Tick {
        self.call_peer(port, |c, p, ctx| c.recv_atomic(p, pkt, ctx))
    }
    /// Functional protocol: perform `pkt` through request port `port`, no timing.
    pub fn send_functional(&mut self, port: u16, pkt: &mut Packet) {
        self.call_peer(port, |c, p, ctx| c.recv_functional(p, pkt, ctx))
    }
    /// The full name of the port that the running component's port `port` is
    /// connected to (`system.l2.cpu_side`), as gem5's `Port::getPeer().name()`.
    pub fn peer_name(&self, port: u16) -> String {
        let peer = self.sys.link(self.me, port).peer;
        let slot = &self.sys.slots[peer.component.0 as usize];
        format!("{}.{}", slot.name, slot.ports[peer.port as usize].name)
    }
    /// The binding of the running component's port `port` (what it is connected
    /// to), for the `_on` sends.
    pub fn binding(&self, port: u16) -> Binding {
        let Link { peer, role } = self.sys.link(self.me, port);
        Binding {
            port: PortRef {
                component: self.me,
                port,
            },
            peer,
            role,
            delivery: Event::delivery_dest(peer, role),
        }
    }
    /// Timing protocol: offer a request; `Err` gives it back (wait for `recv_req_retry`).
    #[inline(always)]
    pub fn send_timing_req(&mut self, port: u16, pkt: PacketPtr) -> Result<(), PacketPtr> {
        let peer = self.peer(port);
        self.timing_req_to(peer, pkt)
    }
    /// [`Ctx::send_timing_req`] through the running component's port `b` (a
    /// request port) resolved by [`Ctx::binding`].
    #[inline(always)]
    pub fn send_timing_req_on(&mut self, b: Binding, pkt: PacketPtr) -> Result<(), PacketPtr> {
        debug_assert!(
            b.port.component == self.me && b.role == PortRole::Request,
            "a binding of another component or of a response port"
        );
        self.timing_req_to(b.peer, pkt)
    }
    #[inline(always)]
    fn timing_req_to(&mut self, peer: PortRef, pkt: PacketPtr) -> Result<(), PacketPtr> {
        let mut c = self.sys.take_component(peer.component);
        let r = c.recv_timing_req(
            peer.port,
            pkt,
            &mut Ctx {
                sys: self.sys,
                me: peer.component,
            },
        );
        self.sys.put_component(peer.component, c);
        r
    }
    /// Timing protocol: offer a response; `Err` gives it back (wait for `recv_resp_retry`).
    #[inline]
    pub fn send_timing_resp(&mut self, port: u16, pkt: PacketPtr) -> Result<(), PacketPtr> {
        let peer = self.peer(port);
        let mut c = self.sys.take_component(peer.component);
        let r = c.recv_timing_resp(
            peer.port,
            pkt,
            &mut Ctx {
                sys: self.sys,
                me: peer.component,
            },
        );
        self.sys.put_component(peer.component, c);
        r
    }
    /// The response the simulate loop would deliver to the running component next,
    /// taken now: if the next event is the delivery of a response to one of the
    /// running component's request ports, due within the run's tick limit, and no
    /// exit or stats request is pending, it is popped (time advances to it) and
    /// its port and packet are returned, and the component handles them as if
    /// [`Component::recv_timing_resp`] had been called for them (which must
    /// accept them); otherwise `None`, and the loop goes on as usual.
    ///
    /// A requester whose response handling sends the next request (a timing
    /// CPU, whose L1 hit answers before anything else happens) can so handle a
    /// chain of responses in one loop instead of returning to the simulate loop
    /// for each. Event order and times are exactly those of the simulate loop.
    #[inline(always)]
    pub fn take_next_response(&mut self) -> Option<(u16, PacketPtr)> {
        let sys = &mut *self.sys;
        let (me, limit, stop) = (self.me, sys.limit, sys.stop_raised);
        let (_, ev) = sys
            .queue
            .pop_if(|t, ev| ev.is_response_to(me) && t <= limit && !stop)?;
        // SAFETY: a delivery event's code is the pointer `Event::deliver` made
        // from a box, and this pop is the event's only run.
        let pkt = unsafe { Box::from_raw(ev.code as *mut Packet) };
        Some((ev.port(), pkt))
    }
    /// Tell the requester on response port `port` that it may resend a refused request.
    ///
    /// The retry is delivered as an event at the current tick, after the running
    /// component returns, so the requester can resend from inside `recv_req_retry`
    /// (gem5's usual pattern) without re-entering the component that refused.
    pub fn send_retry_req(&mut self, port: u16) {
        self.schedule_retry(port, Kind::RetryReq);
    }
    /// Tell the responder on request port `port` that it may resend a refused response
    /// (delivered like [`Ctx::send_retry_req`]).
    pub fn send_retry_resp(&mut self, port: u16) {
        self.schedule_retry(port, Kind::RetryResp);
    }
    fn schedule_retry(&mut self, port: u16, kind: Kind) {
        let peer = self.peer(port);
        let ev = Event::new(peer.component, peer.port, kind, 0);
        self.sys
            .queue
            .schedule_untracked(self.now(), Priority::DEFAULT, ev)
            .expect("the current tick is never in the past");
    }
    /// Timing protocol, delayed: offer `pkt` through `port` (a request on a request
    /// port, a response on a response port) at tick `when`, as gem5's queued ports
    /// do. The packet waits in the system (its delivery event carries it), not in
    /// the sender, and the event names the receiving port; if the peer refuses it
    /// then, the sender gets it back through [`Component::recv_refused`] and resends
    /// after the peer's retry. Packets due at the same tick arrive in the order sent.
    #[inline(always)]
    pub fn send_timing_at(&mut self, port: u16, pkt: PacketPtr, when: Tick) {
        let Link { peer, role } = self.sys.link(self.me, port);
        self.schedule_delivery(Event::deliver(peer, role, pkt), when);
    }
    /// [`Ctx::send_timing_at`] through the running component's port `b`, resolved
    /// by [`Ctx::binding`].
    #[inline(always)]
    pub fn send_timing_at_on(&mut self, b: Binding, pkt: PacketPtr, when: Tick) {
        debug_assert!(
            b.port.component == self.me,
            "a binding of another component"
        );
        self.schedule_delivery(Event::deliver_packed(b.delivery, pkt), when);
    }
    #[inline(always)]
    fn schedule_delivery(&mut self, ev: Event, when: Tick) {
        let sys = &mut *self.sys;
        let when = when.max(sys.queue.cur_tick());
        sys.queue
            .schedule_untracked(when, Priority::DEFAULT, ev)
            .expect("not in the past");
    }
    /// Express snoop (see [`SnoopResult`]): show the request `pkt` to the component
    /// above response port `port` now; it updates its state and answers.
    pub fn send_snoop(&mut self, port: u16, pkt: &Packet) -> SnoopResult {
        self.call_peer(port, |c, p, ctx| c.recv_snoop(p, pkt, ctx))
    }
    /// Tell component `target` there may be work for it: its
    /// [`Component::wakeup`] runs in an event at the current tick.
    pub fn wake(&mut self, target: ComponentId) {
        self.sys
            .queue
            .schedule(
                self.now(),
                Priority::CPU_TICK,
                Event::new(target, 0, Kind::Wake, 0),
            )
            .expect("the current tick is never in the past");
    }
    /// Ask the component behind request port `port` for a memory backdoor.
    pub fn request_backdoor(&mut self, port: u16) -> Option<Backdoor> {
        self.call_peer(port, |c, p, ctx| c.backdoor(p, ctx))
    }
    /// Role of one of the running component's ports.
    pub fn port_role(&self, port: u16) -> PortRole {
        self.sys.link(self.me, port).role
    }
}
