//! Small components for crossbar and memory tests: a requester that plays a script of
//! timing requests (and answers snoops like a tiny cache), and a responder that plays
//! a memory (and can snoop upward like a cache below a crossbar).

use sim_core::component::{Component, ComponentId, Ctx, PortDecl, SnoopResult};
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::{Addr, System, Tick};
use std::any::Any;
use std::collections::VecDeque;

/// A timing-only request of `size` bytes.
pub(crate) fn request(cmd: MemCmd, addr: u64, size: usize) -> Packet {
    Packet::command(
        cmd,
        Addr(addr),
        size,
        ReqFlags::TIMING_ONLY,
        Requestor::default(),
    )
}

/// The component `id` of `sys` as a `T`.
pub(crate) fn get<T: 'static>(sys: &System, id: ComponentId) -> &T {
    sys.component(id)
        .as_any()
        .downcast_ref::<T>()
        .expect("component type")
}

/// What a requester saw come back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub tick: u64,
    pub cmd: MemCmd,
    pub addr: u64,
    pub has_sharers: bool,
}

/// Sends its script of requests through `mem_side`, resends refused ones after the
/// retry (in order), records responses and snoops, and answers snoops with `answer`.
pub(crate) struct Requester {
    script: Vec<(u64, Packet)>,
    queue: VecDeque<PacketPtr>,
    pub answer: SnoopResult,
    pub responses: Vec<Seen>,
    pub snoops: Vec<(u64, MemCmd, u64)>,
    pub refusals: u32,
    /// Refuse the next this-many responses (then send a retry one cycle later).
    pub refuse_responses: u32,
}

impl Requester {
    /// A requester that will send `script` (tick, packet) and answers snoops "no copy".
    pub(crate) fn new(script: Vec<(u64, Packet)>) -> Self {
        Requester {
            script,
            queue: VecDeque::new(),
            answer: SnoopResult::default(),
            responses: Vec::new(),
            snoops: Vec::new(),
            refusals: 0,
            refuse_responses: 0,
        }
    }

    fn drain(&mut self, ctx: &mut Ctx) {
        while let Some(pkt) = self.queue.pop_front() {
            if let Err(pkt) = ctx.send_timing_req(0, pkt) {
                self.refusals += 1;
                self.queue.push_front(pkt);
                return;
            }
        }
    }
}

/// Event codes of [`Requester`]: script entries are `0..`, this one retries a response.
const RESP_RETRY: u64 = 1 << 40;

impl Component for Requester {
    fn type_name(&self) -> &'static str {
        "TestRequester"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("mem_side")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for (i, (t, _)) in self.script.iter().enumerate() {
            ctx.schedule(Tick(*t), 0, i as u64);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        if code == RESP_RETRY {
            ctx.send_retry_resp(0);
            return;
        }
        let pkt = self.script[code as usize].1.clone();
        let was_idle = self.queue.is_empty();
        self.queue.push_back(pkt.boxed());
        if was_idle {
            self.drain(ctx);
        }
    }
    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.drain(ctx);
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if self.refuse_responses > 0 {
            self.refuse_responses -= 1;
            ctx.schedule(ctx.now() + Tick(1000), 0, RESP_RETRY);
            return Err(pkt);
        }
        self.responses.push(Seen {
            tick: ctx.now().0,
            cmd: pkt.cmd,
            addr: pkt.addr.0,
            has_sharers: pkt.has_sharers,
        });
        Ok(())
    }
    fn recv_snoop(&mut self, _port: u16, pkt: &Packet, ctx: &mut Ctx) -> SnoopResult {
        self.snoops.push((ctx.now().0, pkt.cmd, pkt.addr.0));
        self.answer
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A memory on `port`: answers after `latency`, refuses requests before `open_at`
/// (retrying the requester then), and at `snoop_at` snoops upward with `snoop`.
pub(crate) struct Responder {
    pub latency: Tick,
    pub open_at: Tick,
    refused: bool,
    pub received: Vec<(u64, MemCmd, u64)>,
    pub snoop: Option<(u64, Packet)>,
    pub snoop_answer: Option<SnoopResult>,
    stalled: VecDeque<PacketPtr>,
}

impl Responder {
    /// A memory answering after `latency`, always open.
    pub(crate) fn new(latency: u64) -> Self {
        Responder {
            latency: Tick(latency),
            open_at: Tick(0),
            refused: false,
            received: Vec::new(),
            snoop: None,
            snoop_answer: None,
            stalled: VecDeque::new(),
        }
    }
}

const OPEN: u64 = 1;
const SNOOP: u64 = 2;

impl Component for Responder {
    fn type_name(&self) -> &'static str {
        "TestResponder"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        if let Some((t, _)) = &self.snoop {
            ctx.schedule(Tick(*t), 0, SNOOP);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            OPEN if std::mem::take(&mut self.refused) => ctx.send_retry_req(0),
            SNOOP => {
                let pkt = self.snoop.as_ref().expect("scripted snoop").1.clone();
                self.snoop_answer = Some(ctx.send_snoop(0, &pkt));
            }
            _ => {}
        }
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if ctx.now() < self.open_at {
            if !self.refused {
                self.refused = true;
                ctx.schedule(self.open_at, 0, OPEN);
            }
            return Err(pkt);
        }
        self.received.push((ctx.now().0, pkt.cmd, pkt.addr.0));
        if pkt.cmd.needs_response() {
            pkt.make_response();
            ctx.send_timing_at(0, pkt, ctx.now() + self.latency);
        }
        Ok(())
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.received.push((ctx.now().0, pkt.cmd, pkt.addr.0));
        pkt.make_response();
        self.latency
    }
    fn recv_refused(&mut self, _port: u16, pkt: PacketPtr, _ctx: &mut Ctx) {
        self.stalled.push_back(pkt);
    }
    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        while let Some(pkt) = self.stalled.pop_front() {
            if let Err(pkt) = ctx.send_timing_resp(0, pkt) {
                self.stalled.push_front(pkt);
                return;
            }
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// At startup, performs each packet of its script atomically through `mem_side` and
/// records (latency, response command, has_sharers).
pub(crate) struct AtomicProbe {
    script: Vec<Packet>,
    pub results: Vec<(Tick, MemCmd, bool)>,
    pub answer: SnoopResult,
}

impl AtomicProbe {
    /// A probe that will perform `script` in order and answer snoops with `answer`.
    pub(crate) fn new(script: Vec<Packet>, answer: SnoopResult) -> Self {
        AtomicProbe {
            script,
            results: Vec::new(),
            answer,
        }
    }
}

impl Component for AtomicProbe {
    fn type_name(&self) -> &'static str {
        "TestAtomicProbe"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("mem_side")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for mut pkt in std::mem::take(&mut self.script) {
            let latency = ctx.send_atomic(0, &mut pkt);
            self.results.push((latency, pkt.cmd, pkt.has_sharers));
        }
    }
    fn recv_snoop(&mut self, _port: u16, _pkt: &Packet, _ctx: &mut Ctx) -> SnoopResult {
        self.answer
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
