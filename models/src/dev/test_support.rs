//! Test harness for devices: a probe that performs a script of register accesses
//! at given ticks in one protocol, and a hart stand-in that records wake-ups.

use super::irq::HartIrqLines;
use sim_core::component::{Component, ComponentId, Ctx, PortDecl};
use sim_core::mem::{Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::{Addr, Tick};
use std::any::Any;
use std::sync::Arc;

/// Which protocol the probe uses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Atomic,
    Timing,
    Functional,
}

/// One scripted access: at `tick`, read (`write == None`) or write `size` bytes at `addr`.
#[derive(Clone, Debug)]
pub(crate) struct Op {
    pub tick: u64,
    pub addr: u64,
    pub size: usize,
    pub write: Option<u64>,
}

pub(crate) fn rd(tick: u64, addr: u64, size: usize) -> Op {
    Op {
        tick,
        addr,
        size,
        write: None,
    }
}

pub(crate) fn wr(tick: u64, addr: u64, size: usize, v: u64) -> Op {
    Op {
        tick,
        addr,
        size,
        write: Some(v),
    }
}

/// What an access returned: the tick its response arrived (atomic: issue tick plus
/// latency) and the value read (0 for writes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Done {
    pub tick: u64,
    pub value: u64,
}

pub(crate) struct Probe {
    mode: Mode,
    script: Vec<Op>,
    pub done: Vec<Done>,
}

impl Probe {
    pub(crate) fn new(mode: Mode, script: Vec<Op>) -> Self {
        Probe {
            mode,
            script,
            done: Vec::new(),
        }
    }
    fn packet(op: &Op) -> Packet {
        match op.write {
            Some(v) => Packet::write(
                Addr(op.addr),
                &v.to_le_bytes()[..op.size],
                ReqFlags::UNCACHEABLE,
                Requestor::default(),
            ),
            None => Packet::read(
                Addr(op.addr),
                op.size,
                ReqFlags::UNCACHEABLE,
                Requestor::default(),
            ),
        }
    }
    fn value(pkt: &Packet) -> u64 {
        let mut b = [0u8; 8];
        let n = pkt.data.len().min(8);
        b[..n].copy_from_slice(&pkt.data[..n]);
        if pkt.cmd.is_write() || pkt.cmd == sim_core::mem::MemCmd::WriteResp {
            0
        } else {
            u64::from_le_bytes(b)
        }
    }
}

impl Component for Probe {
    fn type_name(&self) -> &'static str {
        "TestProbe"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for (i, op) in self.script.iter().enumerate() {
            ctx.schedule(Tick(op.tick), 0, i as u64);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        let op = self.script[code as usize].clone();
        let mut pkt = Self::packet(&op);
        match self.mode {
            Mode::Atomic => {
                let lat = ctx.send_atomic(0, &mut pkt);
                self.done.push(Done {
                    tick: ctx.now().0 + lat.0,
                    value: Self::value(&pkt),
                });
            }
            Mode::Functional => {
                ctx.send_functional(0, &mut pkt);
                self.done.push(Done {
                    tick: ctx.now().0,
                    value: Self::value(&pkt),
                });
            }
            Mode::Timing => {
                if ctx.send_timing_req(0, pkt.boxed()).is_err() {
                    panic!("a device refused a request");
                }
            }
        }
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.done.push(Done {
            tick: ctx.now().0,
            value: Self::value(&pkt),
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

/// Stands in for hart `hart`'s CPU: records (tick, pending mip bits) at each wake-up.
pub(crate) struct FakeHart {
    hart: usize,
    lines: Arc<HartIrqLines>,
    pub wakes: Vec<(u64, u64)>,
}

impl FakeHart {
    pub(crate) fn new(hart: usize, lines: Arc<HartIrqLines>) -> Self {
        FakeHart {
            hart,
            lines,
            wakes: Vec::new(),
        }
    }
}

impl Component for FakeHart {
    fn type_name(&self) -> &'static str {
        "TestHart"
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.lines.attach(self.hart, ctx.me());
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        self.wakes
            .push((ctx.now().0, self.lines.pending(self.hart)));
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The component `id` of `sys` as a `T`.
pub(crate) fn get<T: 'static>(sys: &sim_core::System, id: ComponentId) -> &T {
    sys.component(id)
        .as_any()
        .downcast_ref::<T>()
        .expect("component type")
}

/// Drives PLIC source lines on a script of (tick, line, level).
pub(crate) struct LineDriver {
    script: Vec<(u64, super::irq::IrqLine, bool)>,
}

impl LineDriver {
    pub(crate) fn new(script: Vec<(u64, super::irq::IrqLine, bool)>) -> Self {
        LineDriver { script }
    }
}

impl Component for LineDriver {
    fn type_name(&self) -> &'static str {
        "TestLineDriver"
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for (i, (t, _, _)) in self.script.iter().enumerate() {
            ctx.schedule(Tick(*t), 0, i as u64);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        let (_, line, level) = self.script[code as usize].clone();
        line.set(ctx, level);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A system of `probe` (playing `script` in `mode`) wired to `device` at `base`,
/// plus `others` (fake harts, line drivers), simulated until `until`.
/// Returns the system, the probe's id and the device's id.
pub(crate) fn run_device(
    device: Box<dyn Component>,
    mode: Mode,
    script: Vec<Op>,
    others: Vec<Box<dyn Component>>,
    until: u64,
) -> (
    sim_core::System,
    ComponentId,
    ComponentId,
    sim_core::ExitCause,
) {
    let mut b = sim_core::SystemBuilder::new();
    let p = b.add("probe", Box::new(Probe::new(mode, script))).unwrap();
    let d = b.add("dev", device).unwrap();
    b.connect_named(p, "port", d, "pio").unwrap();
    for (i, o) in others.into_iter().enumerate() {
        b.add(&format!("other{i}"), o).unwrap();
    }
    let mut sys = b.build().unwrap();
    let cause = sys.simulate(Some(Tick(until)));
    (sys, p, d, cause)
}

/// The values the probe read, in order.
pub(crate) fn values(sys: &sim_core::System, probe: ComponentId) -> Vec<u64> {
    get::<Probe>(sys, probe)
        .done
        .iter()
        .map(|d| d.value)
        .collect()
}
