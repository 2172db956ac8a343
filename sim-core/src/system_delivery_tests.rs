//! Tests of delayed packet delivery ([`Ctx::send_timing_at`]), express snoops and wake-ups.

use crate::component::{Component, ComponentId, Ctx, PortDecl, SnoopResult};
use crate::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use crate::{Addr, SystemBuilder, Tick};
use std::any::Any;

macro_rules! any_impl {
    () => {
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
    };
}

/// Sends two requests with `send_timing_at` (due at 100 and 100); gets refusals back.
#[derive(Default)]
struct Sender {
    log: Vec<String>,
    refused: Vec<PacketPtr>,
    /// Send through a resolved binding (`send_timing_at_on`) instead of the port.
    bound: bool,
}

impl Component for Sender {
    fn type_name(&self) -> &'static str {
        "Sender"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("out")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for a in [0x40, 0x80] {
            let pkt = Packet::command(
                MemCmd::ReadReq,
                Addr(a),
                8,
                ReqFlags::NONE,
                Requestor::default(),
            );
            if self.bound {
                let b = ctx.binding(0);
                ctx.send_timing_at_on(b, pkt.boxed(), Tick(100));
            } else {
                ctx.send_timing_at(0, pkt.boxed(), Tick(100));
            }
        }
    }
    fn recv_refused(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        assert_eq!(port, 0);
        self.log
            .push(format!("refused {:#x}@{}", pkt.addr.0, ctx.now().0));
        self.refused.push(pkt);
    }
    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.log.push(format!("retry@{}", ctx.now().0));
        let pkt = self.refused.remove(0);
        ctx.send_timing_at(0, pkt, ctx.now() + Tick(5));
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.log
            .push(format!("resp {:#x}@{}", pkt.addr.0, ctx.now().0));
        Ok(())
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        self.log.push(format!("woken@{}", ctx.now().0));
    }
    any_impl!();
}

/// Takes the first request, refuses the second until tick 150, answers 10 ticks later;
/// wakes component `wake` when it sees the first request.
struct Receiver {
    busy_until: Tick,
    refused: bool,
    wake: ComponentId,
    seen: Vec<(u64, u64)>,
}

impl Component for Receiver {
    fn type_name(&self) -> &'static str {
        "Receiver"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("in")]
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if ctx.now() < self.busy_until {
            self.refused = true;
            ctx.schedule(self.busy_until, 0, 1);
            return Err(pkt);
        }
        self.seen.push((pkt.addr.0, ctx.now().0));
        if self.seen.len() == 1 {
            self.busy_until = Tick(150);
            ctx.wake(self.wake);
        }
        pkt.make_response();
        ctx.send_timing_at(0, pkt, ctx.now() + Tick(10));
        Ok(())
    }
    fn handle_event(&mut self, _code: u64, ctx: &mut Ctx) {
        if std::mem::take(&mut self.refused) {
            ctx.send_retry_req(0);
        }
    }
    any_impl!();
}

#[test]
fn delayed_packets_arrive_on_time_and_refusals_go_back_to_the_sender() {
    delayed_delivery_through(false);
}

#[test]
fn a_resolved_binding_sends_like_its_port() {
    delayed_delivery_through(true);
}

/// Run the delayed-delivery scenario, sending through the port or its binding.
fn delayed_delivery_through(bound: bool) {
    let mut b = SystemBuilder::new();
    let sender = Sender {
        bound,
        ..Sender::default()
    };
    let s = b.add("s", Box::new(sender)).unwrap();
    let r = b
        .add(
            "r",
            Box::new(Receiver {
                busy_until: Tick(0),
                refused: false,
                wake: s,
                seen: Vec::new(),
            }),
        )
        .unwrap();
    b.connect_named(s, "out", r, "in").unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    let sender = sys.component(s).as_any().downcast_ref::<Sender>().unwrap();
    assert_eq!(
        sender.log,
        [
            "refused 0x80@100",
            "woken@100",
            "resp 0x40@110",
            "retry@150",
            "resp 0x80@165"
        ]
    );
    let recv = sys
        .component(r)
        .as_any()
        .downcast_ref::<Receiver>()
        .unwrap();
    assert_eq!(recv.seen, [(0x40, 100), (0x80, 155)]);
}

#[test]
fn a_system_stopped_before_its_deliveries_can_be_dropped() {
    let mut b = SystemBuilder::new();
    let s = b.add("s", Box::new(Sender::default())).unwrap();
    let r = b
        .add(
            "r",
            Box::new(Receiver {
                busy_until: Tick(0),
                refused: false,
                wake: s,
                seen: Vec::new(),
            }),
        )
        .unwrap();
    b.connect_named(s, "out", r, "in").unwrap();
    let mut sys = b.build().unwrap();
    // Stop before the packets sent at startup (due at 100) arrive: dropping the
    // system then frees them from their delivery events.
    sys.simulate(Some(Tick(50)));
    let recv = sys
        .component(r)
        .as_any()
        .downcast_ref::<Receiver>()
        .unwrap();
    assert!(recv.seen.is_empty());
    assert_eq!(sys.now(), Tick(50));
    drop(sys);
}

/// Answers snoops: a copy, dirty if `dirty`.
struct Snoopee {
    dirty: bool,
    snooped: Vec<MemCmd>,
}

impl Component for Snoopee {
    fn type_name(&self) -> &'static str {
        "Snoopee"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("mem_side")]
    }
    fn recv_snoop(&mut self, port: u16, pkt: &Packet, _ctx: &mut Ctx) -> SnoopResult {
        assert_eq!(port, 0);
        self.snooped.push(pkt.cmd);
        SnoopResult {
            had_copy: pkt.cmd == MemCmd::ReadReq,
            supplied: self.dirty,
            latency: Tick(if self.dirty { 7 } else { 3 }),
        }
    }
    any_impl!();
}

/// Snoops both upstream ports at startup and records the merged answers.
#[derive(Default)]
struct Snooper {
    answers: Vec<SnoopResult>,
}

impl Component for Snooper {
    fn type_name(&self) -> &'static str {
        "Snooper"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![
            PortDecl::response("cpu_side_ports[0]"),
            PortDecl::response("cpu_side_ports[1]"),
        ]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for cmd in [MemCmd::ReadReq, MemCmd::ReadExReq] {
            let pkt = Packet::command(cmd, Addr(0), 64, ReqFlags::NONE, Requestor::default());
            let a = ctx.send_snoop(0, &pkt);
            let b = ctx.send_snoop(1, &pkt);
            self.answers.push(a.merge(b));
        }
    }
    any_impl!();
}

#[test]
fn express_snoops_reach_the_component_above_and_answers_merge() {
    let mut b = SystemBuilder::new();
    let x = b.add("xbar", Box::new(Snooper::default())).unwrap();
    let clean = b
        .add(
            "c0",
            Box::new(Snoopee {
                dirty: false,
                snooped: vec![],
            }),
        )
        .unwrap();
    let dirty = b
        .add(
            "c1",
            Box::new(Snoopee {
                dirty: true,
                snooped: vec![],
            }),
        )
        .unwrap();
    b.connect_named(clean, "mem_side", x, "cpu_side_ports[0]")
        .unwrap();
    b.connect_named(dirty, "mem_side", x, "cpu_side_ports[1]")
        .unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    let s = sys.component(x).as_any().downcast_ref::<Snooper>().unwrap();
    assert_eq!(
        s.answers,
        [
            SnoopResult {
                had_copy: true,
                supplied: true,
                latency: Tick(7)
            },
            SnoopResult {
                had_copy: false,
                supplied: true,
                latency: Tick(7)
            },
        ]
    );
    let c0 = sys
        .component(clean)
        .as_any()
        .downcast_ref::<Snoopee>()
        .unwrap();
    assert_eq!(c0.snooped, [MemCmd::ReadReq, MemCmd::ReadExReq]);
}

type Log = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// Sends a request, and the next one from each response, `left` times; with
/// `chain` it takes the responses that come next with `Ctx::take_next_response`.
struct Pinger {
    chain: bool,
    left: u32,
    chained: u32,
    log: Log,
}

impl Pinger {
    fn ping(&mut self, ctx: &mut Ctx) {
        if self.left > 0 {
            self.left -= 1;
            let pkt = Packet::command(
                MemCmd::ReadReq,
                Addr(self.left as u64),
                8,
                ReqFlags::NONE,
                Requestor::default(),
            );
            assert!(ctx.send_timing_req(0, pkt.boxed()).is_ok());
        }
    }
    fn pong(&mut self, pkt: &Packet, ctx: &mut Ctx) {
        let line = format!("resp {:#x}@{}", pkt.addr.0, ctx.now().0);
        self.log.lock().unwrap().push(line);
        self.ping(ctx);
    }
}

impl Component for Pinger {
    fn type_name(&self) -> &'static str {
        "Pinger"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("out")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.ping(ctx);
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.pong(&pkt, ctx);
        while self.chain {
            let Some((_, next)) = ctx.take_next_response() else {
                break;
            };
            self.chained += 1;
            self.pong(&next, ctx);
        }
        Ok(())
    }
    any_impl!();
}

/// Answers each request 10 ticks later; exits the run at tick 95.
struct Ponger {
    log: Log,
}

impl Component for Ponger {
    fn type_name(&self) -> &'static str {
        "Ponger"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("in")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for t in [25, 42, 95] {
            ctx.schedule(Tick(t), 0, t);
        }
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        pkt.make_response();
        ctx.send_timing_at(0, pkt, ctx.now() + Tick(10));
        Ok(())
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.log
            .lock()
            .unwrap()
            .push(format!("event {code}@{}", ctx.now().0));
        if code == 95 {
            ctx.exit(crate::ExitCause::MaxTick);
        }
    }
    any_impl!();
}

/// Run Pinger and Ponger until `limit`; the log and how many responses chained.
fn ping_pong(chain: bool, limit: u64) -> (Vec<String>, u32) {
    let log = Log::default();
    let mut b = SystemBuilder::new();
    let pinger = Pinger {
        chain,
        left: 20,
        chained: 0,
        log: log.clone(),
    };
    let p = b.add("p", Box::new(pinger)).unwrap();
    let q = b.add("q", Box::new(Ponger { log: log.clone() })).unwrap();
    b.connect_named(p, "out", q, "in").unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(Some(Tick(limit)));
    let lines = log.lock().unwrap().clone();
    let pinger = sys.component(p).as_any().downcast_ref::<Pinger>().unwrap();
    (lines, pinger.chained)
}

#[test]
fn responses_taken_in_a_chain_come_in_the_simulate_loops_order() {
    for limit in [64, 1000] {
        let (plain, none) = ping_pong(false, limit);
        let (chained, n) = ping_pong(true, limit);
        assert_eq!(plain, chained, "limit {limit}");
        assert_eq!(none, 0);
        assert!(n > 0, "some responses were taken in a chain");
    }
    // The exit at 95 stops the chain: the response due at 100 waits.
    let (log, _) = ping_pong(true, 1000);
    assert_eq!(log.last().unwrap(), "event 95@95");
    assert_eq!(log[..3], ["resp 0x13@10", "resp 0x12@20", "event 25@25"]);
    assert_eq!(log[log.len() - 2], "resp 0xb@90");
}
