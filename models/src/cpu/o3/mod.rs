//! The out-of-order CPU (gem5's `O3CPU`): fetch with branch prediction,
//! decode, rename onto physical register files, an issue queue feeding a
//! functional-unit pool, a load/store queue, a reorder buffer and in-order
//! commit, with gem5's parameters and defaults ([`O3CpuParams`]).
//!
//! ```text
//!  fetch ─▶ decode ─▶ rename ─▶ dispatch ─▶ IQ ─issue─▶ FU pool ─▶ writeback
//!  │ bpred, icache   │ map, free list  │ LQ/SQ          │ wake dependents
//!  ▲                                   └──────▶ ROB ◀───┘
//!  └── squash: mispredict (execute), memory-order violation (LSQ),
//!      fault / serializing instruction / thread switch (commit)
//! ```
//!
//! Instructions really execute out of order on their physical registers
//! ([`StaticInst::execute`](sim_core::arch::StaticInst::execute) and
//! `initiate_acc`/`complete_acc` with an execution context over the renamed
//! operands), down the predicted path: wrong-path instructions are fetched,
//! executed (loads send their requests) and squashed when a branch resolves
//! the other way. The architectural registers ([`Core::regs`]) are written at
//! commit, so the OS, signals and serializing instructions see a precise
//! state. Serializing and non-speculative instructions (system calls, m5
//! operations, CSR accesses, fences, LR/SC, AMOs) execute at the ROB head on
//! that state once everything older has committed and the store queue has
//! drained; rename holds younger instructions back until they commit, then
//! the front end restarts (gem5's serialize-after).
//!
//! One clock event per cycle runs the stages from commit back to fetch, so
//! each stage sees what the stages before it produced in earlier cycles, and
//! gem5's forward delays are the cycles an instruction waits between stages.
//! Squashes take effect at once, commit then waiting while the ROB squashes
//! `squashWidth` entries a cycle (`limits.rs`), and the branch predictor's
//! global history is the committed one.

mod commit;
mod dyn_inst;
mod fetch;
mod fs;
pub mod fu_pool;
mod idle;
mod iew;
mod limits;
mod lsq;
pub mod params;
mod pipeview;
mod regfile;
mod rename;
pub mod stats;
mod walk;
mod xc;

use super::bpred::BranchPredictor;
use super::core::Core;
use super::monitor::MonitorLink;
use super::os::ThreadOs;
use super::store_sets::StoreSets;
use super::DCACHE_PORT;
use dyn_inst::{DynInst, SeqRing};
use fetch::FetchState;
use fu_pool::FuPool;
pub use params::O3CpuParams;
use regfile::RegFile;
use sim_core::arch::{ArchRegs, Fault, Isa};
use sim_core::component::{Binding, Component, Ctx, PortDecl};
use sim_core::event::Priority;
use sim_core::mem::{Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use stats::O3Stats;
use std::any::Any;
use std::collections::VecDeque;

/// Event: the clock edge of the next cycle.
const EV_TICK: u64 = 0;
/// Event: the OS asked to be asked for a thread again at this tick.
const EV_WAKE: u64 = 2;

/// What the CPU is doing.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Status {
    /// No thread: nothing scheduled until a wake-up.
    Idle,
    /// Running a thread.
    Running,
    /// Stopped by a guest fault.
    Halted,
    /// Full system: waiting for an interrupt after a WFI (no events).
    Asleep,
}

/// The out-of-order CPU component. Ports: `icache_port` (0), `dcache_port` (1).
pub struct O3Cpu<I: Isa> {
    params: O3CpuParams,
    core: Core<I>,
    status: Status,
    fault: Option<Fault>,
    /// In-flight instructions by `seq & mask` (see [`dyn_inst`]).
    ring: Vec<DynInst<I::Inst>>,
    mask: u64,
    /// Oldest uncommitted instruction (the ROB head).
    head: u64,
    dispatch_next: u64,
    rename_next: u64,
    decode_next: u64,
    /// Next sequence number fetch gives out.
    tail: u64,
    /// The last instruction's unique id.
    next_uid: u64,
    rf: RegFile,
    fus: FuPool,
    bp: BranchPredictor,
    /// Memory-dependence prediction (store sets).
    store_sets: StoreSets,
    /// Issue-queue instructions ready to issue, a bit per ring slot.
    ready: Vec<u64>,
    iq_count: u32,
    /// Instructions becoming ready at a later cycle, by cycle modulo its length.
    wheel: Vec<Vec<(u16, u64)>>,
    lq: SeqRing,
    sq: SeqRing,
    /// Loads waiting for an older store to reach memory.
    blocked_loads: u32,
    /// Loads unblocked by a store reaching memory, executed again next cycle.
    replay: Vec<(u16, u64)>,
    /// An at-head instruction is in the ROB: rename waits for its commit.
    serial_block: bool,
    fetch: FetchState,
    stats: O3Stats,
    /// The cycle being simulated.
    cycle: u64,
    tick_scheduled: bool,
    /// The last cycle simulated.
    ticked: Option<u64>,
    /// Responses received since the last clock edge (and a spare list).
    responses: Vec<(u16, PacketPtr)>,
    handling: Vec<(u16, PacketPtr)>,
    /// Requests sent, and those whose response has not come back.
    sends: u64,
    sends_outstanding: u64,
    /// Requests a port refused, resent in order on its retry.
    retry: [VecDeque<PacketPtr>; 2],
    bindings: [Option<Binding>; 2],
    /// Boxes of handled responses, reused for requests.
    spare: Vec<PacketPtr>,
    period: u64,
    counted_to: Tick,
    running_since: Tick,
    active_ticks: u64,
    /// `--debug-flags=O3PipeView` is on.
    pipeview: bool,
    /// Committed stores' pipeview records, written when the store completes.
    pipeview_stores: VecDeque<(u64, String)>,
    /// Writeback width, load ports, ROB squashing, issue-to-execute delay.
    limits: limits::CycleLimits,
    /// Full system: the page-table walker of the committed path.
    walker: super::walker::TimingWalker<()>,
}

impl<I: Isa> O3Cpu<I> {
    /// A CPU that will start at `pc` with `regs` (ignored with `start_idle`), its
    /// OS side given by `os`. `params` must pass [`O3CpuParams::check`].
    pub fn new(
        params: O3CpuParams,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
    ) -> Self {
        let monitor = MonitorLink::attach_or_private(params.base.monitor.as_ref());
        let core = Core::new(params.base.clock, params.base.cpu_id, regs, pc, os, monitor);
        let period = core.domain.period().0;
        let cap = params::ring_capacity(&params);
        let rf = RegFile::new(
            [
                params.num_phys_int_regs,
                params.num_phys_float_regs,
                params.num_phys_cc_regs,
            ],
            [I::Regs::NUM_INT, I::Regs::NUM_FLOAT, I::Regs::NUM_CC],
        );
        O3Cpu {
            status: if params.base.start_idle {
                Status::Idle
            } else {
                Status::Running
            },
            fault: None,
            ring: (0..cap).map(|_| DynInst::empty()).collect(),
            mask: cap as u64 - 1,
            head: 0,
            dispatch_next: 0,
            rename_next: 0,
            decode_next: 0,
            tail: 0,
            next_uid: 0,
            rf,
            fus: FuPool::new(&params.fu_pool),
            bp: BranchPredictor::new_speculative(params.branch_pred.clone()),
            store_sets: StoreSets::new(&params.store_set_params()),
            ready: vec![0; cap.div_ceil(64)],
            iq_count: 0,
            wheel: vec![Vec::new(); 128],
            lq: SeqRing::new(params.lq_entries as usize),
            sq: SeqRing::new(params.sq_entries as usize),
            blocked_loads: 0,
            replay: Vec::new(),
            serial_block: false,
            fetch: FetchState::default(),
            stats: O3Stats::default(),
            cycle: 0,
            tick_scheduled: false,
            ticked: None,
            responses: Vec::new(),
            handling: Vec::new(),
            sends: 0,
            sends_outstanding: 0,
            retry: [VecDeque::new(), VecDeque::new()],
            bindings: [None, None],
            spare: Vec::new(),
            period,
            counted_to: Tick(0),
            running_since: Tick(0),
            active_ticks: 0,
            pipeview: tracing::enabled!(target: "O3PipeView", tracing::Level::INFO),
            limits: limits::CycleLimits::default(),
            pipeview_stores: VecDeque::new(),
            walker: super::walker::TimingWalker::default(),
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

    /// The next PC to commit.
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

    #[inline]
    fn slot(&self, seq: u64) -> usize {
        (seq & self.mask) as usize
    }

    /// Schedule the next clock edge not simulated yet, if none is scheduled.
    fn schedule_tick(&mut self, ctx: &mut Ctx) {
        if !self.tick_scheduled {
            self.tick_scheduled = true;
            let mut edge = self.core.domain.next_edge(ctx.now());
            if self.ticked == Some(self.cycle_of(edge)) {
                edge = Tick(edge.0 + self.period);
            }
            ctx.schedule(edge, Priority::CPU_TICK, EV_TICK);
        }
    }

    #[inline]
    fn cycle_of(&self, t: Tick) -> u64 {
        t.0.div_ceil(self.period)
    }

    /// Start running the thread in `core` (registers and PC) at the next edge:
    /// the pipeline is empty.
    fn start_thread(&mut self, ctx: &mut Ctx) {
        let edge = self.core.domain.next_edge(ctx.now()).max(self.counted_to);
        self.status = Status::Running;
        self.active_ticks += self.counted_to.0 - self.running_since.0;
        self.counted_to = edge;
        self.running_since = edge;
        let c = self.cycle_of(edge);
        self.restart_from_arch(c);
        self.schedule_tick(ctx);
    }

    /// Squash everything in flight and restart fetch at `core.pc` at cycle
    /// `at`, the physical registers holding the architectural state.
    fn restart_from_arch(&mut self, at: u64) {
        if self.tail > self.head {
            self.squash_after(self.head.wrapping_sub(1), self.core.pc, at);
        } else {
            self.fetch.redirect(self.core.pc, at);
        }
        self.rf.rebuild(&self.core.regs);
        self.serial_block = false;
        self.flush_stores_now();
    }

    /// Ask the OS for a thread; with one, start fetching.
    fn try_switch_in(&mut self, ctx: &mut Ctx) {
        if self.status != Status::Idle {
            return;
        }
        if self.core.switch_in(ctx.now()) {
            self.start_thread(ctx);
        } else {
            self.core.arm_wake(ctx, EV_WAKE);
        }
    }

    /// No thread left: drop what is in flight and wait for a wake-up.
    fn go_idle(&mut self, ctx: &mut Ctx) {
        let c = self.cycle;
        if self.tail > self.head {
            self.squash_after(self.head.wrapping_sub(1), self.core.pc, c);
        }
        self.flush_stores_now();
        self.status = Status::Idle;
        self.active_ticks += self.counted_to.0 - self.running_since.0;
        self.running_since = self.counted_to;
        self.stats.times_idled += 1;
        self.core.arm_wake(ctx, EV_WAKE);
    }

    /// Send a request (or queue it behind refused ones). Boxes are reused.
    fn send(&mut self, port: u16, pkt: Packet, ctx: &mut Ctx) {
        let mut boxed = match self.spare.pop() {
            Some(mut b) => {
                *b = pkt;
                b
            }
            None => pkt.boxed(),
        };
        boxed.issued_at = ctx.now();
        self.sends += 1;
        self.sends_outstanding += 1;
        let q = &mut self.retry[port as usize];
        if !q.is_empty() {
            q.push_back(boxed);
            return;
        }
        let binding = *self.bindings[port as usize].get_or_insert_with(|| ctx.binding(port));
        if let Err(p) = ctx.send_timing_req_on(binding, boxed) {
            self.retry[port as usize].push_back(p);
        }
    }

    /// One clock edge: every stage, from commit back to fetch.
    fn tick(&mut self, ctx: &mut Ctx) {
        self.tick_scheduled = false;
        if self.status != Status::Running {
            return;
        }
        self.cycle = self.cycle_of(ctx.now());
        self.ticked = Some(self.cycle);
        self.counted_to = ctx.now();
        let had_responses = !self.responses.is_empty();
        if had_responses {
            std::mem::swap(&mut self.responses, &mut self.handling);
            let mut list = std::mem::take(&mut self.handling);
            for (port, pkt) in list.drain(..) {
                self.sends_outstanding -= 1;
                self.handle_response(port, &pkt, ctx);
                self.spare.push(pkt);
            }
            self.handling = list;
        }
        if self.status != Status::Running {
            return;
        }
        let before = self.activity();
        self.wake_due();
        self.commit_stage(ctx);
        if self.status != Status::Running {
            return;
        }
        self.drain_stores(ctx);
        self.replay_loads(ctx);
        self.run_delayed_mem(ctx);
        self.issue_stage(ctx);
        self.dispatch_stage();
        self.rename_stage();
        self.decode_stage();
        self.fetch_stage(ctx);
        if had_responses || self.activity() != before {
            self.schedule_tick(ctx);
        } else if let Some(c) = self.next_busy_cycle() {
            self.tick_scheduled = true;
            ctx.schedule(Tick(c * self.period), Priority::CPU_TICK, EV_TICK);
        }
    }

    /// A response at a clock edge.
    fn handle_response(&mut self, port: u16, pkt: &Packet, ctx: &mut Ctx) {
        if port == super::ICACHE_PORT {
            self.line_arrived(pkt.tag);
        } else if pkt.tag == walk::WALK_TAG && self.walker.busy() {
            self.walk_response(ctx);
        } else {
            self.data_arrived(pkt, ctx);
        }
    }
}

impl<I: Isa> Component for O3Cpu<I> {
    fn type_name(&self) -> &'static str {
        "O3CPU"
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
            ("fetchWidth".into(), json!(p.fetch_width)),
            ("issueWidth".into(), json!(p.issue_width)),
            ("commitWidth".into(), json!(p.commit_width)),
            ("numROBEntries".into(), json!(p.num_rob_entries)),
            ("numIQEntries".into(), json!(p.num_iq_entries)),
            ("LQEntries".into(), json!(p.lq_entries)),
            ("SQEntries".into(), json!(p.sq_entries)),
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
            _ => self.start_thread(ctx),
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        match code {
            EV_TICK => self.tick(ctx),
            EV_WAKE => {
                self.core.wake_fired(ctx.now());
                self.try_switch_in(ctx);
            }
            fs::EV_FS_TIMER => self.fs_wakeup(true, ctx),
            _ => {}
        }
    }
    fn recv_timing_resp(
        &mut self,
        port: u16,
        pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.responses.push((port, pkt));
        if self.status == Status::Running {
            self.schedule_tick(ctx);
        }
        Ok(())
    }
    fn recv_req_retry(&mut self, port: u16, ctx: &mut Ctx) {
        let binding = *self.bindings[port as usize].get_or_insert_with(|| ctx.binding(port));
        while let Some(pkt) = self.retry[port as usize].pop_front() {
            if let Err(p) = ctx.send_timing_req_on(binding, pkt) {
                self.retry[port as usize].push_front(p);
                break;
            }
        }
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        if self.core.fs.is_some() {
            // A line changed: a running hart's commit sees it next cycle.
            return self.fs_wakeup(false, ctx);
        }
        match self.status {
            Status::Idle => self.try_switch_in(ctx),
            // Checked at the next commit.
            Status::Running => self.core.kick(),
            Status::Halted | Status::Asleep => {}
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let active = self.active_ticks + (self.counted_to.0 - self.running_since.0);
        let cycles = active / self.period;
        self.core.stats.visit(v, cycles, self.period);
        self.bp.visit(v);
        self.stats.visit(v, cycles);
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
        self.stats = O3Stats::default();
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

/// The branch predictor's sequence number for instruction `seq`: one more, so
/// that squashing everything after `head - 1` with `head` 0 (`keep` wraps to
/// `u64::MAX`) drops every record (`squash(0)`).
fn bp_seq(seq: u64) -> u64 {
    seq.wrapping_add(1)
}
