//! The timing CPU (gem5's `TimingSimpleCPU`): one instruction at a time, each
//! fetched with a timing request and, for memory instructions, accessing data with
//! a second one; the CPU waits for every response.
//!
//! ```text
//!  fetch word(s) ──icache_port──▶ response ─▶ decode (DecodeCache) ─▶ execute
//!      ▲                                                        │ memory op:
//!      │                                       initiate_acc ────┤  request(s) on dcache_port
//!      │                                                        ▼  response: move bytes through
//!      └──────────── commit (stats, trace, OS actions) ◀── complete_acc   the backdoor now
//! ```
//!
//! Responses are handled at the CPU's next clock edge (as gem5 does), and the next
//! fetch goes out from inside that handling, so an instruction costs its fetch
//! latency plus, for memory instructions, its data latency. Fetches are aligned
//! [`FETCH_BYTES`](super::FETCH_BYTES) words (an instruction that straddles two
//! words fetches both); data accesses crossing a cache line are split in two.
//!
//! Packets carry `TIMING_ONLY` where the backdoor covers the address (the bytes move
//! through it when the response arrives) and data elsewhere. A refused request is
//! kept and resent on `recv_req_retry`.

mod exec;
mod fetch;
mod fs_exec;
mod walk;

use super::core::Core;
use super::monitor::MonitorLink;
use super::os::ThreadOs;
use super::{DCACHE_PORT, ICACHE_PORT};
use sim_core::arch::{Fault, InstFlags, Isa};
use sim_core::component::{Binding, Component, Ctx, PortDecl};
use sim_core::edge::EdgeTest;
use sim_core::event::Priority;
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use std::any::Any;

/// Event: start fetching at this clock edge (startup, wake-up).
const EV_FETCH: u64 = 0;
/// Event: handle the response that arrived between clock edges.
const EV_RESPONSE: u64 = 1;
/// Event: the OS asked to be asked for a thread again at this tick (a sleeper wakes).
pub(super) const EV_WAKE: u64 = 2;

/// Parameters of the timing CPU (shared with the atomic CPU).
pub type TimingCpuParams = super::params::SimpleCpuParams;

/// What the CPU is doing.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Status {
    /// No thread: nothing scheduled or in flight until a wake-up.
    Idle,
    /// A fetch start is scheduled.
    Starting,
    /// A fetch or data access is in flight.
    Busy,
    /// Stopped by a guest fault.
    Halted,
}

/// The instruction being fetched.
#[derive(Clone, Copy)]
struct Fetch<T> {
    /// Its address.
    pc: u64,
    /// Virtual address of the fetch word in flight.
    word: u64,
    /// The instruction and its flags once known (decode cache or decoder).
    inst: Option<(T, InstFlags)>,
    /// Bytes from data-carrying fetch responses, from `pc` rounded down to a word.
    bytes: [u8; 16],
    /// Valid bytes in `bytes`.
    have: u8,
}

/// A memory instruction waiting for its data. Its access stays where
/// `initiate_acc` left it, in `Core::pending_access`, until it completes: the
/// requests and the completion read it in place instead of copying it around.
#[derive(Clone, Copy)]
struct DataInFlight<T> {
    inst: T,
    pc: u64,
    next_pc: u64,
    /// Next fragment to send.
    next_frag: u8,
    /// Responses still expected.
    outstanding: u8,
    /// Bytes returned by data-carrying responses, at their offsets in the access.
    resp: [u8; 8],
}

/// The timing CPU component. Ports: `icache_port` (0), `dcache_port` (1).
pub struct TimingCpu<I: Isa> {
    params: TimingCpuParams,
    core: Core<I>,
    status: Status,
    fault: Option<Fault>,
    fetch: Fetch<I::Inst>,
    data: Option<DataInFlight<I::Inst>>,
    /// A refused request (port, packet), resent on `recv_req_retry`.
    blocked: Option<(u16, PacketPtr)>,
    /// Responses that arrived between clock edges, handled at the next edge (a
    /// split data access has two in flight).
    deferred: [Option<(u16, PacketPtr)>; 2],
    /// The box of a response already handled, reused for the next request so the
    /// per-instruction requests allocate nothing.
    spare: Option<PacketPtr>,
    /// The bindings of `icache_port` and `dcache_port`, resolved at the first
    /// send: every access goes out through one of them.
    bindings: [Option<Binding>; 2],
    /// Tick of the last commit (or of the start): always a clock edge, since
    /// responses are handled at edges.
    counted_to: Tick,
    /// Start of the running stretch `counted_to` ends (the CPU's start or last
    /// wake-up, or the last stats reset): a commit only moves `counted_to`.
    running_since: Tick,
    /// Ticks spent running since the last stats reset in the stretches before
    /// the current one. `numCycles` is (this + `counted_to` - `running_since`)
    /// / period, kept in ticks so the per-instruction path does not divide.
    active_ticks: u64,
    /// Whether a tick is a clock edge, without dividing.
    edges: EdgeTest,
    /// Full system: the page-table walk in flight, if any.
    walker: crate::cpu::walker::TimingWalker<walk::Resume<I::Inst>>,
}

impl<I: Isa> TimingCpu<I> {
    /// A CPU that will start at `pc` with `regs` (ignored with
    /// [`TimingCpuParams::start_idle`]), its OS side given by `os`.
    pub fn new(
        params: TimingCpuParams,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
    ) -> Self {
        let monitor = MonitorLink::attach_or_private(params.monitor.as_ref());
        let core = Core::new(params.clock, params.cpu_id, regs, pc, os, monitor);
        let edges = EdgeTest::new(core.domain.period());
        TimingCpu {
            status: if params.start_idle {
                Status::Idle
            } else {
                Status::Starting
            },
            params,
            core,
            fault: None,
            fetch: Fetch {
                pc,
                word: pc,
                inst: None,
                bytes: [0; 16],
                have: 0,
            },
            data: None,
            blocked: None,
            deferred: [None, None],
            spare: None,
            bindings: [None, None],
            counted_to: Tick(0),
            running_since: Tick(0),
            active_ticks: 0,
            edges,
            walker: Default::default(),
        }
    }

    /// The guest fault that stopped this CPU, if one did.
    pub fn fault(&self) -> Option<Fault> {
        self.fault
    }

    /// The architectural registers.
    pub fn regs(&self) -> &I::Regs {
        &self.core.regs
    }

    /// The next PC to execute.
    pub fn pc(&self) -> u64 {
        self.core.pc
    }

    /// Instructions committed since the CPU started (not reset by stats resets).
    pub fn total_insts(&self) -> u64 {
        self.core.insts_total
    }

    /// True while the CPU has no thread to run.
    pub fn is_idle(&self) -> bool {
        self.status == Status::Idle
    }

    /// Schedule the first fetch at the next clock edge.
    fn schedule_start(&mut self, ctx: &mut Ctx) {
        let edge = self.core.domain.next_edge(ctx.now());
        self.status = Status::Starting;
        self.active_ticks += self.counted_to.0 - self.running_since.0;
        self.counted_to = edge;
        self.running_since = edge;
        ctx.schedule(edge, Priority::CPU_TICK, EV_FETCH);
    }

    /// Ask the OS for a thread; with one, start fetching.
    fn try_switch_in(&mut self, ctx: &mut Ctx) {
        if self.status != Status::Idle {
            return;
        }
        if self.core.switch_in(ctx.now()) {
            self.schedule_start(ctx);
        } else {
            self.core.arm_wake(ctx, EV_WAKE);
        }
    }

    /// Send a request (in the spare box, if there is one), keeping it for a retry
    /// if refused. True if accepted.
    #[inline(always)]
    fn send(&mut self, port: u16, pkt: Packet, ctx: &mut Ctx) -> bool {
        let mut pkt = match self.spare.take() {
            Some(mut b) => {
                *b = pkt;
                b
            }
            None => pkt.boxed(),
        };
        pkt.issued_at = ctx.now();
        self.send_boxed(port, pkt, ctx)
    }

    /// Send a boxed request, keeping it for a retry if refused. True if accepted.
    #[inline(always)]
    fn send_boxed(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) -> bool {
        let binding = *self.bindings[port as usize].get_or_insert_with(|| ctx.binding(port));
        match ctx.send_timing_req_on(binding, pkt) {
            Ok(()) => true,
            Err(pkt) => {
                self.blocked = Some((port, pkt));
                false
            }
        }
    }

    /// The first clock edge at or after `t`. Responses come a few cycles after the
    /// last commit (an edge), so stepping from there usually beats a division.
    #[inline]
    fn edge_at_or_after(&self, t: Tick) -> Tick {
        let period = self.core.domain.period().0;
        let mut edge = self.counted_to.0;
        for _ in 0..8 {
            if edge >= t.0 {
                return Tick(edge);
            }
            edge += period;
        }
        self.core.domain.next_edge(t)
    }

    /// A response between clock edges: handle it at the next edge. Out of line, so
    /// the usual on-edge path stays small.
    #[cold]
    #[inline(never)]
    fn defer_response(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        let edge = self.edge_at_or_after(ctx.now());
        // Responses waiting for the same edge share its event.
        if self.deferred.iter().all(Option::is_none) {
            ctx.schedule(edge, Priority::CPU_TICK, EV_RESPONSE);
        }
        let slot = self.deferred.iter_mut().find(|d| d.is_none());
        *slot.expect("at most two responses are in flight") = Some((port, pkt));
    }

    /// Keep a handled response's box for the next request.
    #[inline(always)]
    fn recycle(&mut self, pkt: PacketPtr) {
        self.spare = Some(pkt);
    }

    /// A response: handled now if it arrived on a clock edge (the caches are
    /// clocked too, so almost always), else at the next edge.
    #[inline(always)]
    fn on_response(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        if self.edges.is_edge(ctx.now()) {
            self.handle_response(port, pkt, ctx);
        } else {
            self.defer_response(port, pkt, ctx);
        }
    }

    /// A response at a clock edge.
    #[inline(always)]
    fn handle_response(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        if port == ICACHE_PORT {
            self.fetch_done(pkt, ctx);
        } else {
            self.data_done(pkt, ctx);
        }
    }
}

impl<I: Isa> Component for TimingCpu<I> {
    fn type_name(&self) -> &'static str {
        "TimingSimpleCPU"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("cpu_id".into(), json!(self.params.cpu_id)),
            ("isa".into(), json!(I::NAME)),
            ("clock".into(), json!(self.core.domain.period().0)),
            (
                "max_insts_any_thread".into(),
                json!(self.params.max_insts.unwrap_or(0)),
            ),
        ]
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![
            PortDecl::request("icache_port"),
            PortDecl::request("dcache_port"),
        ]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.core.set_requestor_ids(ctx.me());
        let backdoor = ctx.request_backdoor(DCACHE_PORT);
        self.core.set_backdoor(backdoor, true);
        match self.status {
            Status::Idle => self.try_switch_in(ctx),
            _ => self.schedule_start(ctx),
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            EV_FETCH if self.status == Status::Starting => {
                self.status = Status::Busy;
                if self.core.fs.is_some() {
                    self.fs_boundary(ctx);
                } else {
                    self.start_fetch(ctx);
                }
            }
            EV_WAKE => {
                self.core.wake_fired(ctx.now());
                self.try_switch_in(ctx);
            }
            EV_RESPONSE => {
                for i in 0..self.deferred.len() {
                    if let Some((port, pkt)) = self.deferred[i].take() {
                        self.handle_response(port, pkt, ctx);
                    }
                }
            }
            fs_exec::EV_FS_TIMER => self.fs_wakeup(true, ctx),
            _ => {}
        }
    }
    fn recv_timing_resp(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let (mut port, mut pkt) = (port, pkt);
        loop {
            self.on_response(port, pkt, ctx);
            // Handling a response sends the next request; an L1 hit answers it
            // before anything else happens, so the next event is usually its
            // response: handle it here instead of returning to the simulate loop.
            match ctx.take_next_response() {
                Some((p, next)) => (port, pkt) = (p, next),
                None => return Ok(()),
            }
        }
    }
    fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        match self.blocked.take() {
            Some((p, pkt)) if p == port => self.resend(p, pkt, ctx),
            other => self.blocked = other,
        }
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        if self.core.fs.is_some() {
            // Full system: only a sleeping hart cares (lines are read at boundaries).
            return self.fs_wakeup(false, ctx);
        }
        match self.status {
            Status::Idle => self.try_switch_in(ctx),
            // Checked once the next instruction is fetched, before it executes
            // (an access already in flight completes).
            Status::Starting | Status::Busy => self.core.kick(),
            Status::Halted => {}
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let active = self.active_ticks + (self.counted_to.0 - self.running_since.0);
        let period = self.core.domain.period().0;
        self.core.stats.visit(v, active / period, period);
        if let Some(fs) = &self.core.fs {
            fs.sys.visit_stats(v);
            self.walker.visit_stats(v);
        }
    }
    fn reset_stats(&mut self) {
        self.reset_stats_at(self.counted_to);
    }
    fn reset_stats_at(&mut self, now: Tick) {
        self.core.stats.reset(now);
        self.active_ticks = 0;
        self.running_since = self.counted_to;
        if let Some(fs) = &mut self.core.fs {
            fs.sys.reset_stats();
            self.walker.reset_stats();
        }
    }
    fn committed(&self) -> Option<(u64, u64)> {
        let insts = self.core.stats.num_insts();
        Some((insts, insts))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
