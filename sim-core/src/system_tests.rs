//! Tests of the component model as a whole: building a system, dispatching events,
//! the three port protocols, the simulate loop's exit causes, and the
//! [`Simulation`](crate::Simulation) driver's stats and config output.

use crate::component::PortDecl;
use crate::config::ConfigNode;
use crate::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use crate::stats::{StatVisitor, BEGIN_BANNER};
use crate::system::{BuildError, StatsRequest};
use crate::{Addr, Component, ComponentId, Ctx, ExitCause, Simulation, SystemBuilder, Tick, Unit};
use std::any::Any;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

type Handler = Box<dyn FnMut(u64, &mut Ctx) + Send>;

/// A component whose ports, startup events and event handler are given by the test.
struct Scripted {
    ty: &'static str,
    ports: Vec<PortDecl>,
    /// `(tick, priority, code)` scheduled at startup.
    start: Vec<(u64, i16, u64)>,
    on_event: Handler,
    /// Events handled since the last stats reset (reported as `numEvents`).
    events: u64,
}

impl Scripted {
    fn new(ty: &'static str, ports: Vec<PortDecl>) -> Self {
        Scripted {
            ty,
            ports,
            start: Vec::new(),
            on_event: Box::new(|_, _| {}),
            events: 0,
        }
    }
    fn at(mut self, tick: u64, priority: i16, code: u64) -> Self {
        self.start.push((tick, priority, code));
        self
    }
    fn on_event(mut self, f: impl FnMut(u64, &mut Ctx) + Send + 'static) -> Self {
        self.on_event = Box::new(f);
        self
    }
}

impl Component for Scripted {
    fn type_name(&self) -> &'static str {
        self.ty
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![("start_events".into(), self.start.len().into())]
    }
    fn ports(&self) -> Vec<PortDecl> {
        self.ports.clone()
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for &(t, p, c) in &self.start {
            ctx.schedule(Tick(t), p, c);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.events += 1;
        (self.on_event)(code, ctx);
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.scalar(
            "numEvents",
            self.events as f64,
            "Events handled",
            Unit::Count,
        );
    }
    fn reset_stats(&mut self) {
        self.events = 0;
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A shared, ordered record of what happened, for assertions across components.
type Log = Arc<Mutex<Vec<String>>>;

fn log_push(log: &Log, s: String) {
    log.lock().unwrap().push(s);
}

fn log_take(log: &Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}

fn cpu_like() -> Scripted {
    Scripted::new("TestCpu", vec![PortDecl::request("dcache_port")])
}

fn mem_like() -> Scripted {
    Scripted::new("TestMem", vec![PortDecl::response("port")])
}

fn downcast<T: 'static>(sys: &crate::System, id: ComponentId) -> &T {
    sys.component(id)
        .as_any()
        .downcast_ref::<T>()
        .expect("component has the expected type")
}

/// A fresh, empty output directory under the system temp dir.
fn temp_outdir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sim-core-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The value printed for `name` in one stats.txt block.
fn stat_in(block: &str, name: &str) -> f64 {
    let line = block
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no stat {name} in block:\n{block}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

// ---------------------------------------------------------------------------
// Builder errors
// ---------------------------------------------------------------------------

#[test]
fn duplicate_component_name_is_rejected() {
    let mut b = SystemBuilder::new();
    b.add("system.cpu", Box::new(cpu_like())).unwrap();
    let err = b.add("system.cpu", Box::new(mem_like())).unwrap_err();
    assert_eq!(err, BuildError::DuplicateName("system.cpu".into()));
    assert!(err.to_string().contains("'system.cpu'"), "{err}");
}

#[test]
fn unknown_port_lists_the_available_ports() {
    let mut b = SystemBuilder::new();
    let xbar = b
        .add(
            "system.membus",
            Box::new(Scripted::new(
                "TestXBar",
                vec![
                    PortDecl::response("cpu_side_ports[0]"),
                    PortDecl::request("mem_side_ports[0]"),
                ],
            )),
        )
        .unwrap();
    let mem = b.add("system.mem", Box::new(mem_like())).unwrap();
    let expected = BuildError::NoSuchPort {
        component: "system.membus".into(),
        port: "cpu_side_port".into(),
        available: "cpu_side_ports[0], mem_side_ports[0]".into(),
    };
    assert_eq!(b.port(xbar, "cpu_side_port").unwrap_err(), expected);
    let err = b
        .connect_named(mem, "port", xbar, "cpu_side_port")
        .unwrap_err();
    assert_eq!(err, expected);
    let text = err.to_string();
    for part in [
        "system.membus",
        "cpu_side_port'",
        "cpu_side_ports[0]",
        "mem_side_ports[0]",
    ] {
        assert!(text.contains(part), "{part:?} missing from: {text}");
    }
    // The other side's name is checked too.
    let err = b.connect_named(mem, "prot", xbar, "mem_side_ports[0]");
    assert!(matches!(err, Err(BuildError::NoSuchPort { ref port, .. }) if port == "prot"));
}

#[test]
fn connecting_two_ports_of_the_same_role_names_both() {
    let mut b = SystemBuilder::new();
    let c0 = b.add("system.cpu0", Box::new(cpu_like())).unwrap();
    let c1 = b.add("system.cpu1", Box::new(cpu_like())).unwrap();
    let m0 = b.add("system.mem0", Box::new(mem_like())).unwrap();
    let m1 = b.add("system.mem1", Box::new(mem_like())).unwrap();
    let err = b
        .connect_named(c0, "dcache_port", c1, "dcache_port")
        .unwrap_err();
    assert_eq!(
        err,
        BuildError::RoleMismatch {
            a: "system.cpu0.dcache_port".into(),
            b: "system.cpu1.dcache_port".into(),
        }
    );
    let text = err.to_string();
    assert!(text.contains("system.cpu0.dcache_port") && text.contains("system.cpu1.dcache_port"));
    let err = b.connect_named(m0, "port", m1, "port").unwrap_err();
    assert!(matches!(err, BuildError::RoleMismatch { .. }), "{err}");
    // A failed connect binds nothing: the ports can still be connected properly.
    b.connect_named(c0, "dcache_port", m0, "port").unwrap();
    // Response side first is accepted as well.
    b.connect_named(m1, "port", c1, "dcache_port").unwrap();
    b.build().unwrap();
}

#[test]
fn binding_a_port_twice_names_the_port_its_peer_and_the_new_peer() {
    let mut b = SystemBuilder::new();
    let c0 = b.add("system.cpu0", Box::new(cpu_like())).unwrap();
    let c1 = b.add("system.cpu1", Box::new(cpu_like())).unwrap();
    let m0 = b.add("system.mem0", Box::new(mem_like())).unwrap();
    let m1 = b.add("system.mem1", Box::new(mem_like())).unwrap();
    b.connect_named(c0, "dcache_port", m0, "port").unwrap();

    // The response side is the one already bound.
    let err = b.connect_named(c1, "dcache_port", m0, "port").unwrap_err();
    assert_eq!(
        err,
        BuildError::AlreadyBound {
            port: "system.mem0.port".into(),
            existing: "system.cpu0.dcache_port".into(),
            new: "system.cpu1.dcache_port".into(),
        }
    );
    let text = err.to_string();
    for part in [
        "system.mem0.port",
        "system.cpu0.dcache_port",
        "system.cpu1.dcache_port",
    ] {
        assert!(text.contains(part), "{part:?} missing from: {text}");
    }
    // Same, with the arguments the other way round.
    assert_eq!(
        b.connect_named(m0, "port", c1, "dcache_port").unwrap_err(),
        err
    );

    // The request side is the one already bound.
    let err = b.connect_named(c0, "dcache_port", m1, "port").unwrap_err();
    assert_eq!(
        err,
        BuildError::AlreadyBound {
            port: "system.cpu0.dcache_port".into(),
            existing: "system.mem0.port".into(),
            new: "system.mem1.port".into(),
        }
    );

    // The refused connections left cpu1 and mem1 unbound, so they can be joined.
    b.connect_named(c1, "dcache_port", m1, "port").unwrap();
    b.build().unwrap();
}

#[test]
fn unbound_port_is_named_in_the_build_error() {
    let mut b = SystemBuilder::new();
    let cpu = b
        .add(
            "system.cpu",
            Box::new(Scripted::new(
                "TestCpu",
                vec![
                    PortDecl::request("icache_port"),
                    PortDecl::request("dcache_port"),
                ],
            )),
        )
        .unwrap();
    let mem = b.add("system.mem", Box::new(mem_like())).unwrap();
    b.connect_named(cpu, "icache_port", mem, "port").unwrap();
    let err = b.build().err().expect("dcache_port is unbound");
    assert_eq!(
        err,
        BuildError::Unbound {
            port: "system.cpu.dcache_port".into(),
            ty: "TestCpu".into(),
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("system.cpu.dcache_port") && text.contains("TestCpu"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Event dispatch and the simulate loop
// ---------------------------------------------------------------------------

#[test]
fn events_run_by_tick_then_priority_then_insertion_across_components() {
    let log: Log = Arc::default();
    let mut b = SystemBuilder::new();
    let la = log.clone();
    // A (added first, so its startup runs first): code 1 at 100/prio 0, code 5 at 50/prio 10.
    // In the event at 50 it schedules code 3 at 100/prio 0, i.e. after B's code 4.
    let a = Scripted::new("A", vec![])
        .at(100, 0, 1)
        .at(50, 10, 5)
        .on_event(move |code, ctx| {
            log_push(&la, format!("a{code}@{}", ctx.now().0));
            if code == 5 {
                ctx.schedule(Tick(100), 0, 3);
            }
        });
    let lb = log.clone();
    // B: code 4 at 100/prio 0 (inserted after A's code 1), code 2 at 100/prio -1.
    // Code 2 schedules code 6 at the current tick and priority -1: it runs next,
    // before the priority-0 events already pending at this tick.
    let bb = Scripted::new("B", vec![])
        .at(100, 0, 4)
        .at(100, -1, 2)
        .on_event(move |code, ctx| {
            log_push(&lb, format!("b{code}@{}", ctx.now().0));
            if code == 2 {
                let now = ctx.now();
                ctx.schedule(now, -1, 6);
            }
        });
    b.add("a", Box::new(a)).unwrap();
    b.add("b", Box::new(bb)).unwrap();
    let mut sys = b.build().unwrap();
    let cause = sys.simulate(None);
    assert!(
        matches!(cause, ExitCause::Exit { code: 0, .. }),
        "{cause:?}"
    );
    assert_eq!(
        log_take(&log),
        ["a5@50", "b2@100", "b6@100", "a1@100", "b4@100", "a3@100"]
    );
    assert_eq!(sys.now(), Tick(100));
}

#[test]
fn exit_stops_after_the_current_event_and_the_first_cause_wins() {
    let log: Log = Arc::default();
    let la = log.clone();
    let a = Scripted::new("A", vec![])
        .at(10, 0, 1)
        .on_event(move |code, ctx| {
            assert!(!ctx.exit_requested());
            ctx.exit(ExitCause::Fail { code: 3 });
            assert!(ctx.exit_requested());
            ctx.exit(ExitCause::m5_exit(0));
            // The current event still runs to its end.
            log_push(&la, format!("a{code}@{}", ctx.now().0));
        });
    let lb = log.clone();
    // Same tick and priority as A's event, inserted later: must not run before the loop returns.
    let bb = Scripted::new("B", vec![])
        .at(10, 0, 2)
        .on_event(move |code, ctx| log_push(&lb, format!("b{code}@{}", ctx.now().0)));
    let mut b = SystemBuilder::new();
    b.add("a", Box::new(a)).unwrap();
    b.add("b", Box::new(bb)).unwrap();
    let mut sys = b.build().unwrap();

    assert_eq!(sys.simulate(None), ExitCause::Fail { code: 3 });
    assert_eq!(sys.now(), Tick(10));
    assert_eq!(log_take(&log), ["a1@10"]);

    // The caller decides to continue: the remaining event runs, and the cause does not repeat.
    let cause = sys.simulate(None);
    assert!(
        matches!(cause, ExitCause::Exit { code: 0, ref message } if message.contains("empty")),
        "{cause:?}"
    );
    assert_eq!(log_take(&log), ["b2@10"]);
}

/// A component that handles an event every 100 ticks, forever.
fn periodic() -> Scripted {
    Scripted::new("Ticker", vec![])
        .at(100, 0, 0)
        .on_event(|code, ctx| {
            let next = ctx.now() + Tick(100);
            ctx.schedule(next, 0, code);
        })
}

#[test]
fn tick_limit_returns_max_tick_and_leaves_time_at_the_limit() {
    let mut b = SystemBuilder::new();
    let t = b.add("ticker", Box::new(periodic())).unwrap();
    let mut sys = b.build().unwrap();

    assert_eq!(sys.simulate(Some(Tick(1050))), ExitCause::MaxTick);
    assert_eq!(sys.now(), Tick(1050));
    assert_eq!(downcast::<Scripted>(&sys, t).events, 10); // ticks 100..=1000

    // An event exactly at the limit still runs.
    assert_eq!(sys.simulate(Some(Tick(1100))), ExitCause::MaxTick);
    assert_eq!(sys.now(), Tick(1100));
    assert_eq!(downcast::<Scripted>(&sys, t).events, 11);

    // Calling again with the same limit makes no progress and does not move time.
    assert_eq!(sys.simulate(Some(Tick(1100))), ExitCause::MaxTick);
    assert_eq!(sys.now(), Tick(1100));
    assert_eq!(downcast::<Scripted>(&sys, t).events, 11);
}

// ---------------------------------------------------------------------------
// Atomic protocol through a chain
// ---------------------------------------------------------------------------

/// Issues one atomic access at tick 1000 and records what came back.
struct AtomicCpu {
    pkt: Option<Packet>,
    result: Option<(Packet, Tick, Tick)>,
}

impl Component for AtomicCpu {
    fn type_name(&self) -> &'static str {
        "TestAtomicCpu"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("dcache_port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        ctx.schedule(Tick(1000), 0, 7);
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        assert_eq!(code, 7);
        let mut pkt = self.pkt.take().unwrap();
        let lat = ctx.send_atomic(0, &mut pkt);
        self.result = Some((pkt, lat, ctx.now()));
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Passes atomic requests from its response port (0) to its request port (1),
/// adding its own latency.
struct Forwarder {
    latency: Tick,
    seen_port: Option<u16>,
}

impl Component for Forwarder {
    fn type_name(&self) -> &'static str {
        "TestBridge"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![
            PortDecl::response("cpu_side"),
            PortDecl::request("mem_side"),
        ]
    }
    fn recv_atomic(&mut self, port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.seen_port = Some(port);
        ctx.send_atomic(1, pkt) + self.latency
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A memory answering from an array (addresses are offsets into it).
struct ArrayMem {
    bytes: [u8; 64],
    latency: Tick,
    accesses: Vec<(MemCmd, u64, Tick)>,
}

impl ArrayMem {
    fn access(&mut self, pkt: &mut Packet, now: Tick) {
        self.accesses.push((pkt.cmd, pkt.addr.0, now));
        let a = pkt.addr.0 as usize;
        if pkt.cmd.is_read() {
            pkt.data.copy_from_slice(&self.bytes[a..a + pkt.size]);
        } else {
            self.bytes[a..a + pkt.size].copy_from_slice(&pkt.data);
        }
        pkt.make_response();
    }
}

impl Component for ArrayMem {
    fn type_name(&self) -> &'static str {
        "TestMem"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.access(pkt, ctx.now());
        self.latency
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

fn atomic_chain(pkt: Packet) -> (crate::System, [ComponentId; 3]) {
    let mut bytes = [0u8; 64];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = i as u8 * 3;
    }
    let mut b = SystemBuilder::new();
    let cpu = b
        .add(
            "system.cpu",
            Box::new(AtomicCpu {
                pkt: Some(pkt),
                result: None,
            }),
        )
        .unwrap();
    let fwd = b
        .add(
            "system.bridge",
            Box::new(Forwarder {
                latency: Tick(500),
                seen_port: None,
            }),
        )
        .unwrap();
    let mem = b
        .add(
            "system.mem",
            Box::new(ArrayMem {
                bytes,
                latency: Tick(2000),
                accesses: Vec::new(),
            }),
        )
        .unwrap();
    // Bind in the "wrong" argument order on one link; the builder accepts either order.
    b.connect_named(cpu, "dcache_port", fwd, "cpu_side")
        .unwrap();
    b.connect_named(mem, "port", fwd, "mem_side").unwrap();
    (b.build().unwrap(), [cpu, fwd, mem])
}

#[test]
fn atomic_read_through_a_chain_sums_latencies_and_returns_the_data() {
    let pkt = Packet::read(Addr(0x10), 4, ReqFlags::NONE, Requestor::default());
    let (mut sys, [cpu, fwd, mem]) = atomic_chain(pkt);
    sys.simulate(None);
    let (pkt, lat, when) = downcast::<AtomicCpu>(&sys, cpu).result.clone().unwrap();
    assert_eq!(lat, Tick(2500));
    assert_eq!(when, Tick(1000), "atomic accesses take no simulated time");
    assert_eq!(pkt.cmd, MemCmd::ReadResp);
    assert_eq!(&pkt.data[..], &[0x30, 0x33, 0x36, 0x39]);
    assert_eq!(pkt.data_le(), 0x3936_3330);
    assert_eq!(downcast::<Forwarder>(&sys, fwd).seen_port, Some(0));
    assert_eq!(
        downcast::<ArrayMem>(&sys, mem).accesses,
        [(MemCmd::ReadReq, 0x10, Tick(1000))]
    );
}

#[test]
fn atomic_write_through_a_chain_updates_the_responder() {
    let pkt = Packet::write(
        Addr(0x20),
        &[0xde, 0xad],
        ReqFlags::NONE,
        Requestor::default(),
    );
    let (mut sys, [cpu, _, mem]) = atomic_chain(pkt);
    sys.simulate(None);
    let (pkt, lat, _) = downcast::<AtomicCpu>(&sys, cpu).result.clone().unwrap();
    assert_eq!(lat, Tick(2500));
    assert_eq!(pkt.cmd, MemCmd::WriteResp);
    let m = downcast::<ArrayMem>(&sys, mem);
    assert_eq!(&m.bytes[0x1f..0x23], &[0x1f * 3, 0xde, 0xad, 0x22 * 3]);
}

// ---------------------------------------------------------------------------
// Timing protocol: refusal and retry
// ---------------------------------------------------------------------------

const SEND: u64 = 1;
const RETRY_RESP: u64 = 2;
const FREE: u64 = 10;
const RESPOND: u64 = 11;

/// Sends one timing read at tick 10; optionally refuses the first response and
/// asks for it again 20 ticks later. On a retry it resends either directly inside
/// `recv_req_retry` (as gem5 models do) or from an event at the current tick (`defer`).
struct TimingCpu {
    log: Log,
    pending: Option<PacketPtr>,
    refuse_first_resp: bool,
    defer: bool,
    got: Option<PacketPtr>,
}

impl Component for TimingCpu {
    fn type_name(&self) -> &'static str {
        "TestTimingCpu"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("dcache_port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        ctx.schedule(Tick(10), 0, SEND);
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            SEND => {
                let pkt = self.pending.take().unwrap();
                match ctx.send_timing_req(0, pkt) {
                    Ok(()) => log_push(&self.log, format!("cpu: sent@{}", ctx.now().0)),
                    Err(pkt) => {
                        log_push(&self.log, format!("cpu: refused@{}", ctx.now().0));
                        self.pending = Some(pkt);
                    }
                }
            }
            RETRY_RESP => {
                log_push(&self.log, format!("cpu: retry resp@{}", ctx.now().0));
                ctx.send_retry_resp(0);
            }
            _ => unreachable!(),
        }
    }
    fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        assert_eq!(port, 0);
        log_push(&self.log, format!("cpu: retry@{}", ctx.now().0));
        assert!(self.pending.is_some(), "a refused request is pending");
        if self.defer {
            let now = ctx.now();
            ctx.schedule(now, 0, SEND);
        } else {
            self.handle_event(SEND, ctx);
        }
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if self.refuse_first_resp {
            self.refuse_first_resp = false;
            log_push(&self.log, format!("cpu: refuse resp@{}", ctx.now().0));
            let when = ctx.now() + Tick(20);
            ctx.schedule(when, 0, RETRY_RESP);
            return Err(pkt);
        }
        log_push(&self.log, format!("cpu: resp@{}", ctx.now().0));
        self.got = Some(pkt);
        Ok(())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Busy until tick 50 (refuses requests, then sends a retry); answers 100 ticks
/// after accepting; resends a refused response on `recv_resp_retry`, directly or
/// from an event at the current tick (`defer`).
struct TimingMem {
    log: Log,
    defer: bool,
    mem: ArrayMem,
    busy: bool,
    refused: bool,
    in_flight: Option<PacketPtr>,
}

impl Component for TimingMem {
    fn type_name(&self) -> &'static str {
        "TestTimingMem"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        ctx.schedule(Tick(50), 0, FREE);
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            FREE => {
                self.busy = false;
                if std::mem::take(&mut self.refused) {
                    ctx.send_retry_req(0);
                }
            }
            RESPOND => {
                let pkt = self.in_flight.take().unwrap();
                if let Err(pkt) = ctx.send_timing_resp(0, pkt) {
                    self.in_flight = Some(pkt);
                }
            }
            _ => unreachable!(),
        }
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if self.busy {
            self.refused = true;
            log_push(&self.log, format!("mem: refuse@{}", ctx.now().0));
            return Err(pkt);
        }
        log_push(&self.log, format!("mem: accept@{}", ctx.now().0));
        self.mem.access(&mut pkt, ctx.now());
        self.in_flight = Some(pkt);
        let when = ctx.now() + Tick(100);
        ctx.schedule(when, 0, RESPOND);
        Ok(())
    }
    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        log_push(&self.log, format!("mem: resend resp@{}", ctx.now().0));
        assert!(self.in_flight.is_some(), "a refused response is pending");
        if self.defer {
            let now = ctx.now();
            ctx.schedule(now, 0, RESPOND);
        } else {
            self.handle_event(RESPOND, ctx);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

fn timing_pair(
    refuse_first_resp: bool,
    cpu_defers: bool,
    mem_defers: bool,
) -> (crate::System, ComponentId, Log) {
    let log: Log = Arc::default();
    let mut bytes = [0u8; 64];
    bytes[8..16].copy_from_slice(&0x0123_4567_89ab_cdefu64.to_le_bytes());
    let mut b = SystemBuilder::new();
    let cpu = b
        .add(
            "system.cpu",
            Box::new(TimingCpu {
                log: log.clone(),
                pending: Some(
                    Packet::read(Addr(8), 8, ReqFlags::NONE, Requestor::default()).boxed(),
                ),
                refuse_first_resp,
                defer: cpu_defers,
                got: None,
            }),
        )
        .unwrap();
    let mem = b
        .add(
            "system.mem",
            Box::new(TimingMem {
                log: log.clone(),
                defer: mem_defers,
                mem: ArrayMem {
                    bytes,
                    latency: Tick(0),
                    accesses: Vec::new(),
                },
                busy: true,
                refused: false,
                in_flight: None,
            }),
        )
        .unwrap();
    b.connect_named(cpu, "dcache_port", mem, "port").unwrap();
    (b.build().unwrap(), cpu, log)
}

const REQ_RETRY_LOG: [&str; 6] = [
    "mem: refuse@10",
    "cpu: refused@10",
    "cpu: retry@50",
    "mem: accept@50",
    "cpu: sent@50",
    "cpu: resp@150",
];

const RESP_RETRY_LOG: [&str; 9] = [
    "mem: refuse@10",
    "cpu: refused@10",
    "cpu: retry@50",
    "mem: accept@50",
    "cpu: sent@50",
    "cpu: refuse resp@150",
    "cpu: retry resp@170",
    "mem: resend resp@170",
    "cpu: resp@170",
];

#[test]
fn timing_request_refused_then_resent_after_retry() {
    let (mut sys, cpu, log) = timing_pair(false, true, true);
    sys.simulate(None);
    assert_eq!(log_take(&log), REQ_RETRY_LOG);
    let got = downcast::<TimingCpu>(&sys, cpu).got.clone().unwrap();
    assert_eq!(got.cmd, MemCmd::ReadResp);
    assert_eq!(got.data_le(), 0x0123_4567_89ab_cdef);
    assert_eq!(sys.now(), Tick(150));
}

#[test]
fn timing_response_refused_then_resent_after_retry() {
    let (mut sys, cpu, log) = timing_pair(true, true, true);
    sys.simulate(None);
    assert_eq!(log_take(&log), RESP_RETRY_LOG);
    let got = downcast::<TimingCpu>(&sys, cpu).got.clone().unwrap();
    assert_eq!(got.data_le(), 0x0123_4567_89ab_cdef);
    assert_eq!(sys.now(), Tick(170));
}

/// Known bug: gem5's hand-shake has the requester resend from inside
/// `recvReqRetry`. Here `Ctx::send_retry_req` calls the requester while the
/// responder is out of the arena, so the resend is reported as a re-entrant call
/// into the responder (system.rs, `System::with_component`).
#[test]
fn timing_request_resent_directly_inside_recv_req_retry() {
    let (mut sys, _, log) = timing_pair(false, false, true);
    sys.simulate(None);
    assert_eq!(log_take(&log), REQ_RETRY_LOG);
}

/// Known bug: the same for responses: resending inside `recv_resp_retry` re-enters
/// the requester, which is out of the arena while it calls `send_retry_resp`.
#[test]
fn timing_response_resent_directly_inside_recv_resp_retry() {
    let (mut sys, _, log) = timing_pair(true, true, false);
    sys.simulate(None);
    assert_eq!(log_take(&log), RESP_RETRY_LOG);
}

// ---------------------------------------------------------------------------
// Simulation: stats requests and config output
// ---------------------------------------------------------------------------

#[test]
fn stats_requests_are_performed_at_their_tick_and_the_run_continues() {
    let cpu = Scripted::new("TestCpu", vec![])
        .at(100, 0, 1)
        .at(200, 0, 2)
        .at(300, 0, 3)
        .at(400, 0, 4)
        .on_event(|code, ctx| match code {
            1 => ctx.request_stats(StatsRequest::Reset),
            2 => ctx.request_stats(StatsRequest::Dump),
            3 => ctx.request_stats(StatsRequest::DumpAndReset),
            4 => ctx.exit(ExitCause::m5_exit(0)),
            _ => unreachable!(),
        });
    let mut b = SystemBuilder::new();
    let id = b.add("system.cpu", Box::new(cpu)).unwrap();
    let dir = temp_outdir("stats");
    let mut sim = Simulation::new(b.build().unwrap(), &dir).unwrap();

    assert_eq!(sim.run(None).unwrap(), ExitCause::m5_exit(0));
    assert_eq!(sim.now(), Tick(400));

    let text = std::fs::read_to_string(dir.join("stats.txt")).unwrap();
    let blocks: Vec<&str> = text.split(BEGIN_BANNER).skip(1).collect();
    assert_eq!(blocks.len(), 2, "two dumps expected:\n{text}");
    // Dump at 200: stats were reset at 100 (after that event counted itself).
    assert_eq!(stat_in(blocks[0], "finalTick"), 200.0);
    assert_eq!(stat_in(blocks[0], "simTicks"), 100.0);
    assert_eq!(stat_in(blocks[0], "system.cpu.numEvents"), 1.0);
    // Dump at 300, then reset.
    assert_eq!(stat_in(blocks[1], "finalTick"), 300.0);
    assert_eq!(stat_in(blocks[1], "simTicks"), 200.0);
    assert_eq!(stat_in(blocks[1], "system.cpu.numEvents"), 2.0);
    // Only the event at 400 is counted since the reset at 300.
    assert_eq!(downcast::<Scripted>(sim.system(), id).events, 1);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("stats.json")).unwrap()).unwrap();
    let dumps = json
        .as_array()
        .expect("stats.json holds one entry per dump");
    assert_eq!(dumps.len(), 2);
    assert_eq!(dumps[1]["system"]["cpu"]["numEvents"]["value"], 2.0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Known bug: a stats request and an exit
/// raised in the same event lose the exit, because `Ctx::request_stats` records
/// `ExitCause::DumpStats` as the (first, winning) cause and `Simulation::run`
/// continues after performing the dump.
#[test]
fn exit_raised_with_a_stats_request_in_the_same_event_is_not_lost() {
    let cpu = Scripted::new("TestCpu", vec![])
        .at(100, 0, 1)
        .at(200, 0, 2)
        .on_event(|code, ctx| {
            if code == 1 {
                ctx.request_stats(StatsRequest::Dump);
                ctx.exit(ExitCause::m5_exit(0));
            }
        });
    let mut b = SystemBuilder::new();
    b.add("system.cpu", Box::new(cpu)).unwrap();
    let dir = temp_outdir("stats-exit");
    let mut sim = Simulation::new(b.build().unwrap(), &dir).unwrap();
    let cause = sim.run(None).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(cause, ExitCause::m5_exit(0));
    assert_eq!(sim.now(), Tick(100));
}

/// Known bug: an exit requested in `startup` is only returned after the first event
/// has run (and, with an empty queue, is left pending for the next `simulate` call).
#[test]
fn exit_raised_in_startup_stops_before_the_first_event() {
    struct ExitAtStartup;
    impl Component for ExitAtStartup {
        fn type_name(&self) -> &'static str {
            "ExitAtStartup"
        }
        fn startup(&mut self, ctx: &mut Ctx) {
            ctx.schedule(Tick(10), 0, 0);
            ctx.exit(ExitCause::Checkpoint);
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
    }
    let mut b = SystemBuilder::new();
    b.add("system.x", Box::new(ExitAtStartup)).unwrap();
    let mut sys = b.build().unwrap();
    assert_eq!(sys.simulate(None), ExitCause::Checkpoint);
    assert_eq!(sys.now(), Tick(0));
}

#[test]
fn write_config_lists_components_and_port_peers() {
    let mut b = SystemBuilder::new();
    let cpu = b.add("system.cpu", Box::new(cpu_like())).unwrap();
    let xbar = b
        .add(
            "system.membus",
            Box::new(Scripted::new(
                "TestXBar",
                vec![
                    PortDecl::response("cpu_side_ports[0]"),
                    PortDecl::request("mem_side_ports[0]"),
                ],
            )),
        )
        .unwrap();
    let mem = b.add("system.mem", Box::new(mem_like())).unwrap();
    b.connect_named(cpu, "dcache_port", xbar, "cpu_side_ports[0]")
        .unwrap();
    b.connect_named(xbar, "mem_side_ports[0]", mem, "port")
        .unwrap();
    let dir = temp_outdir("config");
    let mut sim = Simulation::new(b.build().unwrap(), &dir).unwrap();
    sim.add_container(ConfigNode::new("system", "System").param("mem_mode", "atomic"));
    sim.write_config().unwrap();

    let ini = std::fs::read_to_string(dir.join("config.ini")).unwrap();
    assert!(ini.starts_with("[root]\ntype=Root\n"), "{ini}");
    for expected in [
        "[system]\ntype=System\nchildren=cpu mem membus\nmem_mode=atomic\n",
        "[system.cpu]\ntype=TestCpu\n",
        "dcache_port=system.membus.cpu_side_ports[0]\n",
        "[system.membus]\ntype=TestXBar\n",
        "cpu_side_ports=system.cpu.dcache_port\n",
        "mem_side_ports=system.mem.port\n",
        "[system.mem]\ntype=TestMem\n",
        "port=system.membus.mem_side_ports[0]\n",
        "start_events=0\n",
    ] {
        assert!(ini.contains(expected), "{expected:?} missing from:\n{ini}");
    }
    // Sections in tree order: children sorted by name.
    let pos = |s: &str| ini.find(s).unwrap();
    assert!(pos("[system.cpu]") < pos("[system.mem]"));
    assert!(pos("[system.mem]") < pos("[system.membus]"));

    for f in ["config.json", "config.dot"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        assert!(text.contains("membus"), "{f}: {text}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    assert!(json.is_object());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// Wiring bugs detected at run time
// ---------------------------------------------------------------------------

/// Request port 0 ("out"), response port 1 ("in"). On an event it sends an atomic
/// request; when it receives one, it forwards it through "out".
struct Looper;

impl Component for Looper {
    fn type_name(&self) -> &'static str {
        "Looper"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("out"), PortDecl::response("in")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        if ctx.name() == "system.a" {
            ctx.schedule(Tick(5), 0, 0);
        }
    }
    fn handle_event(&mut self, _code: u64, ctx: &mut Ctx) {
        let mut pkt = Packet::read(Addr(0), 1, ReqFlags::NONE, Requestor::default());
        ctx.send_atomic(0, &mut pkt);
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        ctx.send_atomic(0, pkt)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[test]
#[should_panic(expected = "re-entrant call into 'system.a'")]
fn reentrant_call_panics_naming_the_component() {
    let mut b = SystemBuilder::new();
    let a = b.add("system.a", Box::new(Looper)).unwrap();
    let bb = b.add("system.b", Box::new(Looper)).unwrap();
    b.connect_named(a, "out", bb, "in").unwrap();
    b.connect_named(bb, "out", a, "in").unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
}

#[test]
#[should_panic(expected = "TestMem port 0 received recv_atomic")]
fn protocol_the_peer_does_not_implement_panics() {
    let pkt = Packet::read(Addr(0), 1, ReqFlags::NONE, Requestor::default());
    let mut b = SystemBuilder::new();
    let cpu = b
        .add(
            "system.cpu",
            Box::new(AtomicCpu {
                pkt: Some(pkt),
                result: None,
            }),
        )
        .unwrap();
    let mem = b.add("system.mem", Box::new(mem_like())).unwrap();
    b.connect_named(cpu, "dcache_port", mem, "port").unwrap();
    b.build().unwrap().simulate(None);
}
