//! Cache tests: a scripted CPU, a chain of caches and a scripted memory, wired with
//! `SystemBuilder`, in timing or atomic mode.

mod basic;
mod coherence;
mod prefetching;
mod replacement;
mod tag_stats;
mod writeback_clean;

use super::{Cache, CacheParams, CmdStats, READ_CLEAN, READ_SHARED};
use sim_core::component::{Component, ComponentId, Ctx, PortDecl, SnoopResult};
use sim_core::mem::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor};
use sim_core::{Addr, Frequency, System, SystemBuilder, Tick};
use std::any::Any;

/// One access of the CPU's script.
#[derive(Copy, Clone, Debug)]
pub struct Op {
    pub cmd: MemCmd,
    pub addr: u64,
    pub pc: u64,
    /// Not issued before this tick.
    pub not_before: Tick,
}

pub fn read(addr: u64) -> Op {
    Op {
        cmd: MemCmd::ReadReq,
        addr,
        pc: 0,
        not_before: Tick(0),
    }
}

pub fn write(addr: u64) -> Op {
    Op {
        cmd: MemCmd::WriteReq,
        ..read(addr)
    }
}

/// Issues its script through `port`: atomically at startup, or in timing mode with
/// at most `max_outstanding` requests in flight and `gap` ticks between issues.
pub struct TestCpu {
    pub ops: Vec<Op>,
    pub atomic: bool,
    pub max_outstanding: usize,
    pub gap: Tick,
    /// Refuse this many responses (then send a retry 7 ticks later).
    pub refuse_responses: usize,
    /// (script index, response command, tick) per response.
    pub responses: Vec<(u64, MemCmd, Tick)>,
    pub refusals: usize,
    next: usize,
    outstanding: usize,
    refused: Option<PacketPtr>,
}

const EV_ISSUE: u64 = 1;
const EV_RESP_RETRY: u64 = 2;

impl TestCpu {
    pub fn timing(ops: Vec<Op>, max_outstanding: usize) -> Self {
        TestCpu {
            ops,
            atomic: false,
            max_outstanding,
            gap: Tick(0),
            refuse_responses: 0,
            responses: Vec::new(),
            refusals: 0,
            next: 0,
            outstanding: 0,
            refused: None,
        }
    }

    pub fn atomic(ops: Vec<Op>) -> Self {
        TestCpu {
            atomic: true,
            ..Self::timing(ops, 1)
        }
    }

    fn packet(&self, i: usize, now: Tick) -> Packet {
        let op = self.ops[i];
        let mut pkt = Packet::command(
            op.cmd,
            Addr(op.addr),
            8,
            ReqFlags::TIMING_ONLY,
            Requestor::default(),
        );
        pkt.tag = i as u64;
        pkt.pc = op.pc;
        pkt.issued_at = now;
        pkt
    }

    fn sent(&mut self, ctx: &mut Ctx) {
        self.next += 1;
        self.outstanding += 1;
        if self.outstanding < self.max_outstanding {
            ctx.schedule(ctx.now() + self.gap, 0, EV_ISSUE);
        }
    }

    fn issue(&mut self, ctx: &mut Ctx) {
        if self.refused.is_some() || self.outstanding >= self.max_outstanding {
            return;
        }
        let Some(op) = self.ops.get(self.next) else {
            return;
        };
        if op.not_before > ctx.now() {
            ctx.schedule(op.not_before, 0, EV_ISSUE);
            return;
        }
        let pkt = self.packet(self.next, ctx.now());
        match ctx.send_timing_req(0, pkt.boxed()) {
            Ok(()) => self.sent(ctx),
            Err(p) => {
                self.refusals += 1;
                self.refused = Some(p);
            }
        }
    }
}

impl Component for TestCpu {
    fn type_name(&self) -> &'static str {
        "TestCpu"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        if !self.atomic {
            ctx.schedule(Tick(0), 0, EV_ISSUE);
            return;
        }
        let mut t = Tick(0);
        for i in 0..self.ops.len() {
            let mut pkt = self.packet(i, t);
            t = t + ctx.send_atomic(0, &mut pkt);
            self.responses.push((i as u64, pkt.cmd, t));
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            EV_ISSUE => self.issue(ctx),
            _ => ctx.send_retry_resp(0),
        }
    }
    fn recv_req_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        if let Some(p) = self.refused.take() {
            match ctx.send_timing_req(0, p) {
                Ok(()) => self.sent(ctx),
                Err(p) => {
                    self.refusals += 1;
                    self.refused = Some(p);
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
        if self.refuse_responses > 0 {
            self.refuse_responses -= 1;
            ctx.schedule(ctx.now() + Tick(7), 0, EV_RESP_RETRY);
            return Err(pkt);
        }
        self.outstanding -= 1;
        self.responses.push((pkt.tag, pkt.cmd, ctx.now()));
        ctx.schedule(ctx.now() + self.gap, 0, EV_ISSUE);
        Ok(())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A memory answering after `latency`; answers reads shared if `shared`; refuses
/// requests during `refuse` (then sends a retry); logs every accepted request and
/// sends the scripted snoops up at their ticks.
pub struct TestMem {
    pub latency: Tick,
    pub shared: bool,
    pub refuse: std::ops::Range<Tick>,
    pub log: Vec<(MemCmd, u64)>,
    pub snoops: Vec<(Tick, MemCmd, u64)>,
    pub snoop_results: Vec<SnoopResult>,
}

const EV_MEM_RETRY: u64 = 1 << 40;

impl TestMem {
    pub fn new(latency: u64) -> Self {
        TestMem {
            latency: Tick(latency),
            shared: false,
            refuse: Tick(0)..Tick(0),
            log: Vec::new(),
            snoops: Vec::new(),
            snoop_results: Vec::new(),
        }
    }

    fn perform(&mut self, pkt: &mut Packet) {
        self.log.push((pkt.cmd, pkt.addr.0));
        pkt.has_sharers = self.shared && pkt.cmd == MemCmd::ReadSharedReq;
        pkt.make_response();
    }

    /// Number of logged requests with `cmd`.
    pub fn count(&self, cmd: MemCmd) -> usize {
        self.log.iter().filter(|(c, _)| *c == cmd).count()
    }
}

impl Component for TestMem {
    fn type_name(&self) -> &'static str {
        "TestMem"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for (i, &(t, _, _)) in self.snoops.iter().enumerate() {
            ctx.schedule(t, 0, i as u64);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        if code == EV_MEM_RETRY {
            ctx.send_retry_req(0);
            return;
        }
        let (_, cmd, addr) = self.snoops[code as usize];
        let pkt = Packet::command(
            cmd,
            Addr(addr),
            64,
            ReqFlags::TIMING_ONLY,
            Requestor::default(),
        );
        let r = ctx.send_snoop(0, &pkt);
        self.snoop_results.push(r);
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        if self.refuse.contains(&ctx.now()) {
            ctx.schedule(self.refuse.end, 0, EV_MEM_RETRY);
            return Err(pkt);
        }
        let needs_response = pkt.cmd.needs_response();
        self.perform(&mut pkt);
        if needs_response {
            ctx.send_timing_at(0, pkt, ctx.now() + self.latency);
        }
        Ok(())
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) -> Tick {
        self.perform(pkt);
        self.latency
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A built test system: CPU -> caches[0] -> caches[1] ... -> memory.
pub struct Rig {
    pub sys: System,
    cpu: ComponentId,
    caches: Vec<ComponentId>,
    mem: ComponentId,
}

/// 1 GHz: one cycle is 1000 ticks.
pub const GHZ: Frequency = Frequency(1_000_000_000);

impl Rig {
    pub fn new(cpu: TestCpu, caches: Vec<CacheParams>, mem: TestMem) -> Rig {
        let mut b = SystemBuilder::new();
        let cpu = b.add("system.cpu", Box::new(cpu)).unwrap();
        let mut upstream = (cpu, "port");
        let mut ids = Vec::new();
        for (i, p) in caches.into_iter().enumerate() {
            let c = Cache::new(p).expect("valid test cache");
            let id = b.add(&format!("system.cache{i}"), Box::new(c)).unwrap();
            b.connect_named(upstream.0, upstream.1, id, "cpu_side")
                .unwrap();
            upstream = (id, "mem_side");
            ids.push(id);
        }
        let mem = b.add("system.mem", Box::new(mem)).unwrap();
        b.connect_named(upstream.0, upstream.1, mem, "port")
            .unwrap();
        Rig {
            sys: b.build().unwrap(),
            cpu,
            caches: ids,
            mem,
        }
    }

    /// Simulate until nothing is left to do.
    pub fn run(mut self) -> Rig {
        self.sys.simulate(None);
        self
    }

    pub fn cpu(&self) -> &TestCpu {
        self.sys
            .component(self.cpu)
            .as_any()
            .downcast_ref()
            .unwrap()
    }
    pub fn cache(&self, i: usize) -> &Cache {
        self.sys
            .component(self.caches[i])
            .as_any()
            .downcast_ref()
            .unwrap()
    }
    pub fn cache_mut(&mut self, i: usize) -> &mut Cache {
        self.sys
            .component_mut(self.caches[i])
            .as_any_mut()
            .downcast_mut()
            .unwrap()
    }
    pub fn mem(&self) -> &TestMem {
        self.sys
            .component(self.mem)
            .as_any()
            .downcast_ref()
            .unwrap()
    }
}

/// A `ways`-way cache of `sets` sets with L1 latencies (2 cycles at 1 GHz).
pub fn small_cache(sets: u64, ways: usize) -> CacheParams {
    CacheParams::l1d(sets * ways as u64 * 64, ways, GHZ)
}
