//! The in-order CPU (gem5's `MinorCPU`): a four-stage pipeline, Fetch1 (line
//! fetch through `icache_port`), Fetch2 (split lines into instructions, branch
//! prediction), Decode and Execute (in-order issue to a functional-unit pool with
//! a register scoreboard, memory instructions through `dcache_port`, in-order
//! commit), with gem5's parameters and defaults ([`MinorCpuParams`]).
//!
//! ```text
//!  Fetch1 ─line─▶ Fetch2 ──▶ Decode ──▶ Execute: issue ─▶ FU pool ─▶ commit
//!    ▲   icache     │ bpred                │ scoreboard, issue/commit limits
//!    │              │ predicted taken      │ loads/stores on dcache_port
//!    └──────────────┴──────────────────────┘ mispredict: redirect after executeBranchDelay
//! ```
//!
//! The model is timing-directed: instructions are executed in program order
//! (the committed path only), and each is given the cycle it passes every
//! stage under the stages' widths, the delays between them, the input
//! buffers' back-pressure (`buffers.rs`), its source registers' readiness (a
//! scoreboard; results forward `opLat` cycles after issue, early by the unit's
//! `srcRegsRelativeLats`), its functional unit's availability and the commit
//! bandwidth. Fetch1 is its own agent (`fetch1.rs`): it runs ahead with up to
//! `fetch1FetchLimit` line fetches in flight and fetches the predicted path,
//! wrong or not, until a change of stream reaches it, so wrong-path lines
//! reach the icache (wrong-path instructions are never executed). Plain loads
//! and stores go through a load/store queue (`store_buffer.rs`): loads to
//! memory or forwarded from the store buffer, later independent instructions
//! issuing behind them; stores committing into the store buffer, which drains
//! behind. Line fetches and data accesses are real timing requests sent at
//! their cycle; serializing instructions (system calls, m5 operations,
//! fences, CSR accesses, LR/SC, AMOs) issue only once everything older has
//! committed and left the load/store queue, and act at that tick.
//!
//! Simplifications: Fetch2 stops planning at an instruction that waits for a
//! load in flight, so Fetch1's run-ahead is bounded by the lines of the
//! instructions planned so far (gem5's buffers would go on filling); the
//! wrong path is fetched but not decoded (no wrong-path `fetch2.*`
//! counts); plain loads and stores read and write the backing store when
//! they issue and commit (the packets give the timing).

mod buffers;
mod decode;
mod execute;
mod fetch1;
mod fetch2;
mod fs;
pub mod fu_pool;
pub mod fu_timing;
mod lsq;
pub mod params;
pub mod stats;
mod store_buffer;

use super::bpred::BranchPredictor;
use super::core::Core;
use super::monitor::MonitorLink;
use super::os::ThreadOs;
use super::os_fault::FaultTaken;
use super::walker::TimingWalker;
use super::{DCACHE_PORT, ICACHE_PORT};
use buffers::BufferedOutput;
use decode::Slots;
use fetch1::Fetch1;
use fu_pool::FuPool;
use fu_timing::ClassTiming;
pub use params::MinorCpuParams;
use sim_core::arch::{Fault, InstFlags, Isa};
use sim_core::component::{Binding, Component, Ctx, PortDecl};
use sim_core::event::Priority;
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use stats::MinorStats;
use std::any::Any;
use std::collections::VecDeque;
use store_buffer::{Lsq, TAG_LOAD, TAG_STORE};

/// Event: go on with what the CPU waits for (`MinorCpu::wait`) at this edge.
const EV_RESUME: u64 = 0;
/// Event: handle the responses that arrived between clock edges.
const EV_RESPONSE: u64 = 1;
/// Event: the OS asked to be asked for a thread again at this tick.
const EV_WAKE: u64 = 2;
/// Event: Fetch1 may act at this edge.
const EV_FETCH1: u64 = 3;
/// Event: the store buffer may send stores at this edge.
const EV_STORE_BUFFER: u64 = 4;

/// What the CPU is doing.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Status {
    /// No thread: nothing scheduled or in flight until a wake-up.
    Idle,
    /// Running a thread (possibly waiting for a request or a cycle).
    Running,
    /// Stopped by a guest fault.
    Halted,
    /// Full system: asleep in a wait-for-interrupt (no events until a wake-up).
    Sleeping,
}

/// What the running CPU waits for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Wait {
    /// Nothing: the pipeline is being advanced.
    Nothing,
    /// A cycle to pass before going on (EV_RESUME).
    FetchCycle,
    /// A line from Fetch1 (or a change of stream on its way to it).
    Line,
    /// The issue cycle of the planned instruction (EV_RESUME).
    IssueCycle,
    /// Data responses of the planned memory instruction.
    Data,
    /// Full system: the page-table walk a translation needs.
    Walk,
}

/// The instruction Execute is working on, with its timeline so far.
#[derive(Copy, Clone, Debug)]
struct Planned<T> {
    inst: T,
    flags: InstFlags,
    pc: u64,
    /// Cycle it reached Fetch2 (for predicted-taken redirects).
    fetch2: u64,
    /// Issue cycle.
    issue: u64,
    /// Cycles from issue to result.
    op_lat: u64,
    /// Cycles after the result before its registers count as ready
    /// (`extraAssumedLat`).
    extra_assumed: u64,
    /// Cycles after the result before it may commit (`extraCommitLat`).
    extra_commit: u64,
    /// Next PC from `initiate_acc` (memory instructions).
    next_pc: u64,
}

/// The front end after Fetch1: the stages' bandwidth and input buffers.
#[derive(Clone, Debug)]
struct FrontEnd {
    /// An instruction straddling two lines whose first line Fetch2 has
    /// finished: (its PC, the cycle those bytes arrived, where the rest starts).
    partial: Option<(u64, u64, u64)>,
    /// Fetch2's output into Decode's input buffer.
    fetch2: BufferedOutput,
    /// Decode's output into Execute's input buffer.
    decode: BufferedOutput,
    execute_in: Slots,
}

impl FrontEnd {
    fn new(p: &MinorCpuParams) -> Self {
        FrontEnd {
            partial: None,
            fetch2: BufferedOutput::new(p.decode_input_buffer_size),
            decode: BufferedOutput::new(p.execute_input_buffer_size),
            execute_in: Slots::default(),
        }
    }
}

/// Execute's state: the scoreboard, the FU pool, issue and commit bandwidth.
#[derive(Clone, Debug)]
struct ExecState {
    /// Cycle each register's value is ready, by `RegClass * 4096 + index`.
    ready: Vec<u64>,
    fus: FuPool,
    issue: Slots,
    mem_issue: Slots,
    commit: Slots,
    mem_commit: Slots,
    /// Cycle of the last commit.
    last_commit: u64,
    /// Instructions Execute's functional units hold at once (the sum of their
    /// `opLat`, gem5's in-flight queue size): how many may issue behind a
    /// load in flight.
    in_flight_capacity: u32,
    /// The functional units' timing rules by op class.
    class_timing: Vec<ClassTiming>,
}

/// A memory instruction waiting for its data (its access stays in
/// `Core::pending_access` until it completes).
#[derive(Clone, Copy)]
struct DataInFlight {
    next_frag: u8,
    outstanding: u8,
    resp: [u8; 8],
}

/// The in-order CPU component. Ports: `icache_port` (0), `dcache_port` (1).
pub struct MinorCpu<I: Isa> {
    params: MinorCpuParams,
    core: Core<I>,
    status: Status,
    wait: Wait,
    fault: Option<Fault>,
    /// Full system: the fault of the translation of the line Execute needs next.
    fetch_fault: Option<Fault>,
    /// Full system: the page-table walker (walks through `dcache_port`).
    walker: TimingWalker<()>,
    fetch1: Fetch1,
    front: FrontEnd,
    exec: ExecState,
    planned: Option<Planned<I::Inst>>,
    data: Option<DataInFlight>,
    lsq: Lsq,
    /// Data requests waiting behind a refused one.
    dqueue: VecDeque<PacketPtr>,
    bp: BranchPredictor,
    minor_stats: MinorStats,
    /// A refused request on each port, resent on `recv_req_retry`.
    blocked: [Option<PacketPtr>; 2],
    /// Responses that arrived between clock edges, handled at the next edge.
    deferred: Vec<(u16, PacketPtr)>,
    bindings: [Option<Binding>; 2],
    /// The box of a handled response, reused for the next request.
    spare: Option<PacketPtr>,
    period: u64,
    /// Tick of the last commit (or the start); see `TimingCpu` for the scheme.
    counted_to: Tick,
    running_since: Tick,
    active_ticks: u64,
}

impl<I: Isa> MinorCpu<I> {
    /// A CPU that will start at `pc` with `regs` (ignored with `start_idle`), its
    /// OS side given by `os`. `params` must pass [`MinorCpuParams::check`].
    pub fn new(
        params: MinorCpuParams,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
    ) -> Self {
        let monitor = MonitorLink::attach_or_private(params.base.monitor.as_ref());
        let core = Core::new(params.base.clock, params.base.cpu_id, regs, pc, os, monitor);
        let period = core.domain.period().0;
        MinorCpu {
            status: if params.base.start_idle {
                Status::Idle
            } else {
                Status::Running
            },
            wait: Wait::Nothing,
            fault: None,
            fetch_fault: None,
            walker: TimingWalker::default(),
            fetch1: Fetch1::default(),
            front: FrontEnd::new(&params),
            exec: ExecState {
                ready: vec![0; sim_core::arch::RegClass::COUNT * 4096],
                fus: FuPool::new(params.func_units.clone()),
                issue: Slots::default(),
                mem_issue: Slots::default(),
                commit: Slots::default(),
                mem_commit: Slots::default(),
                last_commit: 0,
                class_timing: ClassTiming::table(&params.func_units, &params.func_unit_timings),
                in_flight_capacity: params
                    .func_units
                    .iter()
                    .map(|u| u.op_lat.max(1) as u32)
                    .sum(),
            },
            planned: None,
            data: None,
            lsq: Lsq::default(),
            dqueue: VecDeque::new(),
            bp: BranchPredictor::new(params.branch_pred.clone()),
            minor_stats: MinorStats::default(),
            blocked: [None, None],
            deferred: Vec::new(),
            bindings: [None, None],
            spare: None,
            period,
            counted_to: Tick(0),
            running_since: Tick(0),
            active_ticks: 0,
            core,
            params,
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

    /// Instructions committed since the CPU started.
    pub fn total_insts(&self) -> u64 {
        self.core.insts_total
    }

    /// True while the CPU has no thread to run.
    pub fn is_idle(&self) -> bool {
        self.status == Status::Idle
    }

    /// The cycle of tick `t` (rounded up to an edge).
    #[inline]
    fn cycle_of(&self, t: Tick) -> u64 {
        t.0.div_ceil(self.period)
    }

    /// The tick of cycle `c`.
    #[inline]
    fn tick_of(&self, c: u64) -> Tick {
        Tick(c * self.period)
    }

    /// Start running a thread at the next clock edge: the pipeline is empty.
    fn schedule_start(&mut self, ctx: &mut Ctx) {
        let edge = self.core.domain.next_edge(ctx.now()).max(self.counted_to);
        self.status = Status::Running;
        self.active_ticks += self.counted_to.0 - self.running_since.0;
        self.counted_to = edge;
        self.running_since = edge;
        self.planned = None;
        let c = self.cycle_of(edge);
        self.front.partial = None;
        self.fetch1_restart(self.core.pc, c, ctx);
        self.wait = Wait::FetchCycle;
        ctx.schedule(edge, Priority::CPU_TICK, EV_RESUME);
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

    /// Wait until cycle `c` (an EV_RESUME then), or go on now if it has come.
    /// True if the caller must return and wait.
    fn wait_for_cycle(&mut self, c: u64, wait: Wait, ctx: &mut Ctx) -> bool {
        let at = self.tick_of(c);
        if at <= ctx.now() {
            return false;
        }
        self.wait = wait;
        ctx.schedule(at, Priority::CPU_TICK, EV_RESUME);
        true
    }

    /// Send a request, keeping it for a retry if refused. True if accepted.
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

    fn send_boxed(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) -> bool {
        let binding = *self.bindings[port as usize].get_or_insert_with(|| ctx.binding(port));
        match ctx.send_timing_req_on(binding, pkt) {
            Ok(()) => true,
            Err(pkt) => {
                self.blocked[port as usize] = Some(pkt);
                false
            }
        }
    }

    /// A response at a clock edge.
    fn handle_response(&mut self, port: u16, pkt: PacketPtr, ctx: &mut Ctx) {
        if port == ICACHE_PORT {
            let tag = pkt.tag;
            self.spare = Some(pkt);
            self.line_arrived(tag, ctx);
        } else if pkt.tag == fs::TAG_WALK {
            self.spare = Some(pkt);
            self.walk_response(ctx);
        } else if pkt.tag & (TAG_LOAD | TAG_STORE) != 0 {
            let tag = pkt.tag;
            self.spare.get_or_insert(pkt);
            self.lsq_response(tag, ctx);
        } else {
            self.data_arrived(&pkt, ctx);
            self.spare.get_or_insert(pkt);
        }
    }

    /// A guest fault: offered to the OS first (in SE mode it becomes a signal
    /// whose handler runs, the pipeline starting again at the handler the next
    /// cycle); otherwise the CPU stops on it.
    fn guest_fault(&mut self, f: Fault, ctx: &mut Ctx) {
        self.wait = Wait::Nothing;
        self.data = None;
        self.planned = None;
        self.core.pending_access = None;
        let now = self.cycle_of(ctx.now());
        self.forget_pending_loads(now);
        if self.core.fs.is_some() {
            return self.fs_fault(f, ctx);
        }
        match self.core.offer_fault(f, ctx) {
            FaultTaken::Resumed => {
                let running = !self.core.os_actions.any() || self.core.finish_os_actions(ctx);
                if !running {
                    self.go_idle(ctx);
                    return;
                }
                let next = self.cycle_of(ctx.now()) + 1;
                self.squash_all(next, ctx);
                self.wait_for_cycle(next, Wait::FetchCycle, ctx);
                return;
            }
            FaultTaken::Ended => {
                self.status = Status::Halted;
                return;
            }
            FaultTaken::Refused => {}
        }
        self.status = Status::Halted;
        self.fault = Some(f);
        crate::cpu::exec_context::exit_for_fault::<I>(f, self.core.pc, ctx);
    }
}

impl<I: Isa> Component for MinorCpu<I> {
    fn type_name(&self) -> &'static str {
        "MinorCPU"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let p = &self.params;
        vec![
            ("cpu_id".into(), json!(p.base.cpu_id)),
            ("isa".into(), json!(I::NAME)),
            ("clock".into(), json!(self.period)),
            (
                "max_insts_any_thread".into(),
                json!(p.base.max_insts.unwrap_or(0)),
            ),
            ("fetch1LineWidth".into(), json!(p.line_width())),
            ("decodeInputWidth".into(), json!(p.decode_input_width)),
            ("executeIssueLimit".into(), json!(p.execute_issue_limit)),
            ("executeCommitLimit".into(), json!(p.execute_commit_limit)),
            (
                "branchPred".into(),
                json!(p.branch_pred.direction.type_name()),
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
            EV_RESUME if self.status == Status::Running => match self.wait {
                Wait::FetchCycle | Wait::IssueCycle => {
                    self.wait = Wait::Nothing;
                    self.advance(ctx);
                }
                _ => {}
            },
            EV_FETCH1 => self.fetch1_event(ctx),
            EV_STORE_BUFFER => self.store_buffer_event(ctx),
            fs::EV_FS_TIMER => self.fs_wakeup(true, ctx),
            EV_WAKE => {
                self.core.wake_fired(ctx.now());
                self.try_switch_in(ctx);
            }
            EV_RESPONSE => {
                for (port, pkt) in std::mem::take(&mut self.deferred) {
                    self.handle_response(port, pkt, ctx);
                }
            }
            _ => {}
        }
    }
    fn recv_timing_resp(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let now = ctx.now();
        if now.0.is_multiple_of(self.period) && self.deferred.is_empty() {
            self.handle_response(port, pkt, ctx);
        } else {
            if self.deferred.is_empty() {
                let edge = self.core.domain.next_edge(now);
                ctx.schedule(edge, Priority::CPU_TICK, EV_RESPONSE);
            }
            self.deferred.push((port, pkt));
        }
        Ok(())
    }
    fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        if let Some(pkt) = self.blocked[port as usize & 1].take() {
            if self.send_boxed(port, pkt, ctx) {
                if port == DCACHE_PORT {
                    self.dsend_queued(ctx);
                } else {
                    self.fetch1_step(ctx);
                }
            }
        }
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        if self.core.fs.is_some() {
            // Full system: only a sleeping hart cares (lines are read at boundaries).
            return self.fs_wakeup(false, ctx);
        }
        match self.status {
            Status::Idle => self.try_switch_in(ctx),
            // Checked before the next instruction executes.
            Status::Running => self.core.kick(),
            Status::Halted | Status::Sleeping => {}
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let active = self.active_ticks + (self.counted_to.0 - self.running_since.0);
        self.core.stats.visit(v, active / self.period, self.period);
        self.bp.visit(v);
        self.minor_stats.visit(v);
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
        self.bp.reset_stats();
        self.minor_stats = MinorStats::default();
        if let Some(fs) = &mut self.core.fs {
            fs.sys.reset_stats();
            self.walker.reset_stats();
        }
        self.active_ticks = 0;
        self.running_since = self.counted_to;
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
