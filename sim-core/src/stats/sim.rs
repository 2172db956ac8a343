//! The global statistics at the top of every stats.txt block.

use super::{StatGroup, StatVisitor, Unit};
use crate::time::{Tick, SIM_FREQ};

/// Inputs for the root statistics gem5 prints first in every dump:
/// `simSeconds simTicks finalTick simFreq hostSeconds hostTickRate hostMemory
/// simInsts simOps hostInstRate hostOpRate`, in that order, with gem5's
/// descriptions, units and precisions.
///
/// The simulate loop fills this in at dump time. Unlike gem5, `simInsts`,
/// `simOps` and their rates are printed even when zero, because every stats.txt
/// this project writes carries them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimStats {
    /// The current tick (`finalTick`).
    pub cur_tick: Tick,
    /// The tick of the last stats reset (`simTicks = cur_tick - reset_tick`).
    pub reset_tick: Tick,
    /// Instructions committed since the last reset, over all CPUs.
    pub sim_insts: u64,
    /// Ops (micro-ops) committed since the last reset, over all CPUs.
    pub sim_ops: u64,
    /// Host wall-clock seconds since the last reset.
    pub host_seconds: f64,
    /// Host memory in use, in bytes (see [`host_memory_bytes`]).
    pub host_memory: u64,
}

impl SimStats {
    /// Root stats for a dump now, measuring the host memory of this process.
    pub fn new(
        cur_tick: Tick,
        reset_tick: Tick,
        sim_insts: u64,
        sim_ops: u64,
        host_seconds: f64,
    ) -> Self {
        SimStats {
            cur_tick,
            reset_tick,
            sim_insts,
            sim_ops,
            host_seconds,
            host_memory: host_memory_bytes(),
        }
    }

    /// Ticks simulated since the last reset.
    pub fn sim_ticks(&self) -> u64 {
        self.cur_tick.0.saturating_sub(self.reset_tick.0)
    }
}

impl StatGroup for SimStats {
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        let ticks = self.sim_ticks() as f64;
        let host = self.host_seconds;
        v.formula(
            "simSeconds",
            ticks / SIM_FREQ as f64,
            None,
            "Number of seconds simulated",
            Unit::Second,
        );
        v.scalar("simTicks", ticks, "Number of ticks simulated", Unit::Tick);
        v.scalar(
            "finalTick",
            self.cur_tick.0 as f64,
            "Number of ticks from beginning of simulation (restored from checkpoints and never reset)",
            Unit::Tick,
        );
        v.scalar(
            "simFreq",
            SIM_FREQ as f64,
            "The number of ticks per simulated second",
            Unit::TICK_PER_SECOND,
        );
        v.formula(
            "hostSeconds",
            host,
            Some(2),
            "Real time elapsed on the host",
            Unit::Second,
        );
        v.formula(
            "hostTickRate",
            ticks / host,
            Some(0),
            "The number of ticks simulated per host second (ticks/s)",
            Unit::TICK_PER_SECOND,
        );
        v.scalar(
            "hostMemory",
            self.host_memory as f64,
            "Number of bytes of host memory used",
            Unit::Byte,
        );
        v.formula(
            "simInsts",
            self.sim_insts as f64,
            Some(0),
            "Number of instructions simulated",
            Unit::Count,
        );
        v.formula(
            "simOps",
            self.sim_ops as f64,
            Some(0),
            "Number of ops (including micro ops) simulated",
            Unit::Count,
        );
        v.formula(
            "hostInstRate",
            self.sim_insts as f64 / host,
            Some(0),
            "Simulator instruction rate (inst/s)",
            Unit::COUNT_PER_SECOND,
        );
        v.formula(
            "hostOpRate",
            self.sim_ops as f64 / host,
            Some(0),
            "Simulator op (including micro ops) rate (op/s)",
            Unit::COUNT_PER_SECOND,
        );
    }

    fn reset_stats(&mut self) {
        self.reset_tick = self.cur_tick;
        self.sim_insts = 0;
        self.sim_ops = 0;
        self.host_seconds = 0.0;
    }
}

/// The resident memory of this process in bytes: `VmRSS` from `/proc/self/status`,
/// or resident pages from `/proc/self/statm` (4 KiB pages assumed) if that is missing;
/// 0 where neither exists (non-Linux hosts).
pub fn host_memory_bytes() -> u64 {
    if let Ok(s) = std::fs::read_to_string("/proc/self/status") {
        let kb = s.lines().find_map(|l| {
            let rest = l.strip_prefix("VmRSS:")?;
            rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        });
        if let Some(kb) = kb {
            return kb * 1024;
        }
    }
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}
