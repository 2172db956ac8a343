//! The atomic CPU (gem5's `AtomicSimpleCPU`): one instruction per cycle, memory
//! accesses complete immediately through the atomic protocol.
//!
//! Speed comes from three things: instructions are executed in batches inside one
//! event (up to the next event anyone else scheduled, so ordering with other
//! components is exactly what per-cycle events would give); decoded instructions are
//! cached by PC; and when the memory path offers a backdoor with no caches in between
//! loads and stores go straight to the backing store through a software TLB.
//!
//! Behind caches (a `data_only` backdoor) every fetch and data access is also sent
//! as a `TIMING_ONLY` atomic packet so the caches see and count it; its latency is
//! ignored (gem5's `simulate_inst_stalls`/`simulate_data_stalls` are false), and the
//! bytes still move through the backdoor.

mod fs_run;
mod run;

use super::core::Core;
use super::monitor::MonitorLink;
use super::os::ThreadOs;
pub use super::{DCACHE_PORT, ICACHE_PORT};
use sim_core::arch::{Fault, Isa};
use sim_core::component::{Component, Ctx, PortDecl};
use sim_core::event::Priority;
use sim_core::mem::PacketPtr;
use sim_core::stats::StatVisitor;
use sim_core::Tick;
use std::any::Any;

const EV_TICK: u64 = 0;
/// The OS asked to be asked for a thread again at this tick (a sleeper wakes).
const EV_WAKE: u64 = 1;

/// Parameters of the atomic CPU (shared with the timing CPU).
pub type AtomicCpuParams = super::params::SimpleCpuParams;

/// The atomic CPU component.
pub struct AtomicCpu<I: Isa> {
    params: AtomicCpuParams,
    core: Core<I>,
    halted: bool,
    /// No thread to run: nothing scheduled until [`Component::wakeup`].
    idle: bool,
    fault: Option<Fault>,
    /// Full system: the tick the hart's last batch reached. With run-ahead
    /// ([`run::FS_RUN_AHEAD`]) that can lie past other events, so a wake-up
    /// resumes no earlier: the hart's clock never goes backwards.
    fs_reached: sim_core::Tick,
}

impl<I: Isa> AtomicCpu<I> {
    /// A CPU that will start at `pc` with `regs` (ignored with
    /// [`AtomicCpuParams::start_idle`]), its OS side given by `os`.
    pub fn new(
        params: AtomicCpuParams,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
    ) -> Self {
        let monitor = MonitorLink::attach_or_private(params.monitor.as_ref());
        let core = Core::new(params.clock, params.cpu_id, regs, pc, os, monitor);
        AtomicCpu {
            idle: params.start_idle,
            params,
            core,
            halted: false,
            fault: None,
            fs_reached: sim_core::Tick(0),
        }
    }

    /// Run the hart as a full system from `pc` with `regs` (before the
    /// simulation starts): privileged state, translation and interrupts come from
    /// `fs` (see [`crate::cpu::fs`]); there is no OS side.
    pub fn start_full_system(&mut self, fs: super::fs::FsHart<I::Regs>, regs: I::Regs, pc: u64) {
        self.core.fs = Some(Box::new(fs));
        self.core.os = None;
        self.core.regs = regs;
        self.core.pc = pc;
        self.idle = false;
    }

    /// The full-system state of the hart, if it runs one.
    pub fn full_system(&self) -> Option<&super::fs::FsHart<I::Regs>> {
        self.core.fs.as_deref()
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
        self.idle
    }

    /// Ask the OS for a thread and, given one, schedule the first instruction.
    fn try_switch_in(&mut self, ctx: &mut Ctx) {
        if self.halted || !self.idle {
            return;
        }
        if !self.core.switch_in(ctx.now()) {
            self.core.arm_wake(ctx, EV_WAKE);
            return;
        }
        self.idle = false;
        let first = self.core.domain.next_edge(ctx.now());
        ctx.schedule(first, Priority::CPU_TICK, EV_TICK);
    }
}

impl<I: Isa> Component for AtomicCpu<I> {
    fn type_name(&self) -> &'static str {
        "AtomicSimpleCPU"
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
            ("simulate_data_stalls".into(), json!(false)),
            ("simulate_inst_stalls".into(), json!(false)),
            ("width".into(), json!(1)),
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
        self.core.set_backdoor(backdoor, false);
        if self.idle {
            self.try_switch_in(ctx);
        } else {
            let first = self.core.domain.next_edge(ctx.now());
            ctx.schedule(first, Priority::CPU_TICK, EV_TICK);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        if code == EV_TICK && !self.halted && !self.idle {
            self.run(ctx);
        } else if code == fs_run::EV_FS_TIMER {
            self.fs_wakeup(true, ctx);
        } else if code == EV_WAKE {
            self.core.wake_fired(ctx.now());
            self.try_switch_in(ctx);
        }
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        if self.core.fs.is_some() {
            // Full system: only a sleeping hart cares (lines are read at boundaries).
            self.fs_wakeup(false, ctx);
        } else if self.idle {
            self.try_switch_in(ctx);
        } else if !self.halted {
            // Checked at the next batch, before any instruction runs.
            self.core.kick();
        }
    }
    fn recv_timing_resp(
        &mut self,
        _port: u16,
        pkt: PacketPtr,
        _ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        // The atomic CPU never sends timing requests, so it never gets responses.
        Err(pkt)
    }
    fn recv_req_retry(&mut self, _port: u16, _ctx: &mut Ctx) {}
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let stats = &self.core.stats;
        stats.visit(v, stats.num_cycles, self.core.domain.period().0);
        if let Some(fs) = &self.core.fs {
            fs.sys.visit_stats(v);
        }
    }
    fn reset_stats(&mut self) {
        let since = self.core.stats.reset_tick;
        self.core.stats.reset(since);
        if let Some(fs) = &mut self.core.fs {
            fs.sys.reset_stats();
        }
    }
    fn reset_stats_at(&mut self, now: Tick) {
        self.core.stats.reset(now);
        if let Some(fs) = &mut self.core.fs {
            fs.sys.reset_stats();
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
