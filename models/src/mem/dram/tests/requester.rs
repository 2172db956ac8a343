//! A scripted test requester: sends timing requests at given ticks (holding back the
//! rest after a refusal until the retry), records when each response arrives, and
//! can refuse a response once to exercise the controller's response retry.

use sim_core::component::{Component, ComponentId, Ctx, PortDecl};
use sim_core::mem::{BackingStore, MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::{Addr, AddrRange, SystemBuilder, Tick};
use std::any::Any;
use std::collections::VecDeque;
use std::sync::Arc;

use super::super::{DramCtrl, DramParams};

/// Event code: send the requests that are due.
const EV_SEND: u64 = 1;
/// Event code: tell the controller it may resend the refused response.
const EV_RESP_RETRY: u64 = 2;

/// One response as received.
#[derive(Clone, Debug)]
pub struct Received {
    /// The request's tag (its index in the script).
    pub tag: u64,
    /// Tick the request was sent.
    pub sent: Tick,
    /// Tick the response arrived.
    pub at: Tick,
    /// The response.
    pub pkt: PacketPtr,
}

/// Sends `script` (tick, packet) in order; see the module docs.
#[derive(Default)]
pub struct Requester {
    script: VecDeque<(Tick, PacketPtr)>,
    blocked: bool,
    /// Responses in arrival order.
    pub received: Vec<Received>,
    /// Requests the controller refused.
    pub refusals: u32,
    /// Refuse the first response once, then ask for it again this much later.
    pub refuse_first_resp_for: Option<Tick>,
}

impl Requester {
    /// A requester that will send `script` (ticks ascending); tags are the indices.
    pub fn new(script: Vec<(Tick, Packet)>) -> Self {
        let script = script
            .into_iter()
            .enumerate()
            .map(|(i, (t, mut p))| {
                p.tag = i as u64;
                (t, p.boxed())
            })
            .collect();
        Requester {
            script,
            ..Default::default()
        }
    }

    /// Response tick of the request tagged `tag`, minus its send tick.
    pub fn latency(&self, tag: u64) -> Tick {
        let r = self
            .received
            .iter()
            .find(|r| r.tag == tag)
            .expect("answered");
        r.at - r.sent
    }

    fn send_due(&mut self, ctx: &mut Ctx) {
        while !self.blocked {
            match self.script.front() {
                Some((t, _)) if *t <= ctx.now() => {}
                Some((t, _)) => {
                    ctx.schedule(*t, 0, EV_SEND);
                    return;
                }
                None => return,
            }
            let (_, mut pkt) = self.script.pop_front().expect("checked");
            pkt.issued_at = ctx.now();
            if let Err(pkt) = ctx.send_timing_req(0, pkt) {
                self.refusals += 1;
                self.blocked = true;
                self.script.push_front((ctx.now(), pkt));
            }
        }
    }
}

impl Component for Requester {
    fn type_name(&self) -> &'static str {
        "TestRequester"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        if let Some((t, _)) = self.script.front() {
            ctx.schedule(*t, 0, EV_SEND);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            EV_SEND => self.send_due(ctx),
            EV_RESP_RETRY => ctx.send_retry_resp(0),
            _ => unreachable!(),
        }
    }
    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.blocked = false;
        self.send_due(ctx);
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if let Some(delay) = self.refuse_first_resp_for.take() {
            ctx.schedule(ctx.now() + delay, 0, EV_RESP_RETRY);
            return Err(pkt);
        }
        self.received.push(Received {
            tag: pkt.tag,
            sent: pkt.issued_at,
            at: ctx.now(),
            pkt,
        });
        Ok(())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// 256 MiB of memory at address 0.
pub fn range() -> AddrRange {
    AddrRange::new(0, 256 << 20)
}

/// A 64-byte read of `addr`.
pub fn read(addr: u64) -> Packet {
    Packet::read(Addr(addr), 64, ReqFlags::NONE, Requestor::default())
}

/// A 64-byte write of `fill` bytes to `addr`, with `flags`.
pub fn write(addr: u64, fill: u8, flags: ReqFlags) -> Packet {
    Packet::write(Addr(addr), &[fill; 64], flags, Requestor::default())
}

/// A data-less command packet (writeback, eviction notice).
pub fn command(cmd: MemCmd, addr: u64) -> Packet {
    Packet::command(cmd, Addr(addr), 64, ReqFlags::NONE, Requestor::default())
}

/// A finished run: the system, its two components and the store.
pub struct Run {
    sys: sim_core::System,
    req: ComponentId,
    ctrl: ComponentId,
    /// The memory's bytes.
    pub store: Arc<BackingStore>,
}

impl Run {
    /// The requester.
    pub fn req(&self) -> &Requester {
        self.sys
            .component(self.req)
            .as_any()
            .downcast_ref()
            .unwrap()
    }
    /// The controller.
    pub fn ctrl(&self) -> &DramCtrl {
        self.sys
            .component(self.ctrl)
            .as_any()
            .downcast_ref()
            .unwrap()
    }
    /// The controller, mutably (stats resets).
    pub fn ctrl_mut(&mut self) -> &mut DramCtrl {
        self.sys
            .component_mut(self.ctrl)
            .as_any_mut()
            .downcast_mut()
            .unwrap()
    }
    /// The tick simulation stopped at.
    pub fn end(&self) -> Tick {
        self.sys.now()
    }
}

/// Simulate `req` against a controller with `params` until nothing is left to do;
/// `prepare` may fill the store first.
pub fn run(params: DramParams, req: Requester, prepare: impl FnOnce(&BackingStore)) -> Run {
    let store = Arc::new(BackingStore::new(params.range).expect("map a test memory"));
    prepare(&store);
    let mut b = SystemBuilder::new();
    let r = b.add("req", Box::new(req)).unwrap();
    let m = b
        .add("mem_ctrl", Box::new(DramCtrl::new(params, store.clone())))
        .unwrap();
    b.connect_named(r, "port", m, "port").unwrap();
    let mut sys = b.build().unwrap();
    // Refreshes are lazy, so the queue empties once the script is done.
    sys.simulate(Some(Tick(1_000_000_000_000)));
    Run {
        sys,
        req: r,
        ctrl: m,
        store,
    }
}
