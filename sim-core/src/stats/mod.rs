//! Statistics: how components expose counters, and gem5-format output.
//!
//! Components keep their counters as plain struct fields, so the fast path is just
//! `self.stats.num_insts += 1`. At dump time each component's [`StatGroup`] walks its
//! counters through a [`StatVisitor`], naming each one with a description and a
//! [`Unit`]. A [`StatsSnapshot`] collects one walk (with fully qualified names such
//! as `system.cpu.numInsts`, in visit order); [`write_text`] prints it as one gem5
//! `stats.txt` block and [`write_json`] as a `stats.json` entry.
//!
//! With the `hdf5` cargo feature (which links the HDF5 C library, Debian's
//! `libhdf5-dev`), `append_hdf5` also adds each dump to `stats.h5` in gem5's HDF5
//! layout: a group per name component and a dataset per stat, one row per dump
//! (`/system/cpu/numCycles[dump]`). Without the feature nothing links HDF5.
//!
//! ```
//! use sim_core::stats::{StatGroup, StatVisitor, StatsSnapshot, Unit, visit_group, write_text};
//!
//! #[derive(Default)]
//! struct CpuStats { num_insts: u64, num_cycles: u64 }
//!
//! impl StatGroup for CpuStats {
//!     fn visit_stats(&self, v: &mut dyn StatVisitor) {
//!         v.scalar("numInsts", self.num_insts as f64, "Number of instructions", Unit::Count);
//!         v.scalar("numCycles", self.num_cycles as f64, "Number of cycles", Unit::Cycle);
//!         v.formula("ipc", self.num_insts as f64 / self.num_cycles as f64, None,
//!                   "IPC", Unit::Rate(&Unit::Count, &Unit::Cycle));
//!     }
//!     fn reset_stats(&mut self) { *self = CpuStats::default(); }
//! }
//!
//! let cpu = CpuStats { num_insts: 3, num_cycles: 4 };
//! let mut snap = StatsSnapshot::new();
//! snap.begin_group("system");
//! visit_group(&mut snap, "cpu", &cpu);
//! snap.end_group();
//! let mut out = Vec::new();
//! write_text(&snap, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("system.cpu.ipc"));
//! ```

mod dist;
mod flags;
#[cfg(feature = "hdf5")]
mod h5;
mod json;
pub mod requestors;
mod sim;
mod snapshot;
mod text;

pub use dist::Distribution;
pub use flags::{StatFlags, VectorStat};
#[cfg(feature = "hdf5")]
pub use h5::append_hdf5;
#[cfg(feature = "hdf5")]
pub(crate) use h5::write_hdf5_dump;
pub use json::{snapshot_to_json, write_json};
pub use sim::{host_memory_bytes, SimStats};
pub use snapshot::{StatEntry, StatValue, StatsSnapshot};
pub use text::{format_value, write_text, BEGIN_BANNER, END_BANNER};

use std::fmt;

/// The unit of a statistic, printed after its description as gem5 does
/// (`(Count)`, `(Tick)`, and rates as `((Byte/Second))`).
///
/// Rates nest through `'static` references so the type stays `Copy`:
/// `Unit::Rate(&Unit::Byte, &Unit::Second)`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A number of events or things.
    Count,
    /// Simulated ticks.
    Tick,
    /// Seconds (simulated or host, as the description says).
    Second,
    /// Clock cycles.
    Cycle,
    /// Bytes.
    Byte,
    /// Bits.
    Bit,
    /// A dimensionless ratio of two like quantities.
    Ratio,
    /// Energy.
    Joule,
    /// Power.
    Watt,
    /// Voltage.
    Volt,
    /// Temperature.
    Celsius,
    /// A unit not (yet) given; gem5 prints `Unspecified`.
    Unspecified,
    /// One unit per another, e.g. bytes per second.
    Rate(&'static Unit, &'static Unit),
}

impl Unit {
    /// Ticks per second (`simFreq`, `hostTickRate`).
    pub const TICK_PER_SECOND: Unit = Unit::Rate(&Unit::Tick, &Unit::Second);
    /// Counts per second (`hostInstRate`).
    pub const COUNT_PER_SECOND: Unit = Unit::Rate(&Unit::Count, &Unit::Second);
    /// Bytes per second (bandwidths).
    pub const BYTE_PER_SECOND: Unit = Unit::Rate(&Unit::Byte, &Unit::Second);
    /// Counts per cycle (IPC).
    pub const COUNT_PER_CYCLE: Unit = Unit::Rate(&Unit::Count, &Unit::Cycle);
    /// Cycles per count (CPI).
    pub const CYCLE_PER_COUNT: Unit = Unit::Rate(&Unit::Cycle, &Unit::Count);
    /// Ticks per count (average latencies).
    pub const TICK_PER_COUNT: Unit = Unit::Rate(&Unit::Tick, &Unit::Count);
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Unit::Count => "Count",
            Unit::Tick => "Tick",
            Unit::Second => "Second",
            Unit::Cycle => "Cycle",
            Unit::Byte => "Byte",
            Unit::Bit => "Bit",
            Unit::Ratio => "Ratio",
            Unit::Joule => "Joule",
            Unit::Watt => "Watt",
            Unit::Volt => "Volt",
            Unit::Celsius => "Celsius",
            Unit::Unspecified => "Unspecified",
            Unit::Rate(a, b) => return write!(f, "({a}/{b})"),
        };
        f.write_str(s)
    }
}

/// Receives a component's statistics, one call per stat, at dump time.
///
/// Names passed here are local (`numInsts`); the visitor prefixes the enclosing
/// group names given through [`begin_group`](StatVisitor::begin_group).
pub trait StatVisitor {
    /// The simulated time of this dump, when the visitor knows it: components
    /// whose stats are rates or time averages (bandwidth, utilisation, average queue
    /// length) close their window here rather than at their last activity.
    fn now(&self) -> Option<crate::Tick> {
        None
    }
    /// The names of the requestor ids (see [`requestors`]), for per-requestor
    /// stats' subnames; empty when the visitor does not know the system.
    fn requestor_names(&self) -> &[String] {
        &[]
    }
    /// Enter a named subgroup; later names are prefixed with it (`cpu` → `cpu.x`).
    fn begin_group(&mut self, name: &str);
    /// Leave the subgroup entered last.
    fn end_group(&mut self);
    /// A single value, printed without decimals when integral and with six
    /// otherwise (gem5's default precision rule).
    fn scalar(&mut self, name: &str, value: f64, desc: &str, unit: Unit) {
        self.scalar_flagged(name, value, StatFlags::NONE, desc, unit);
    }
    /// A single value with gem5's display flags (`nozero`, `nonan`).
    fn scalar_flagged(&mut self, name: &str, value: f64, flags: StatFlags, desc: &str, unit: Unit);
    /// A vector of values, printed as `name::sub` (or `name::0`, `name::1`, ...) lines
    /// and a `name::total` line (the sum). A subname given as empty hides that element.
    fn vector(
        &mut self,
        name: &str,
        values: &[f64],
        subnames: Option<&[&str]>,
        desc: &str,
        unit: Unit,
    ) {
        let mut stat = VectorStat::new(values).flags(StatFlags::TOTAL);
        if let Some(s) = subnames {
            stat = stat.subnames(s);
        }
        self.vector_stat(name, stat, desc, unit);
    }
    /// A vector with explicit flags, total (formula vectors compute theirs from the
    /// totals of their operands) and precision; see [`VectorStat`].
    fn vector_stat(&mut self, name: &str, stat: VectorStat<'_>, desc: &str, unit: Unit);
    /// A histogram (see [`Distribution`]).
    fn distribution(&mut self, name: &str, dist: &Distribution, desc: &str, unit: Unit) {
        self.distribution_flagged(name, dist, StatFlags::NONE, desc, unit);
    }
    /// A histogram with display flags (`nozero` drops it when it has no samples, and
    /// drops its zero lines otherwise, as gem5 does).
    fn distribution_flagged(
        &mut self,
        name: &str,
        dist: &Distribution,
        flags: StatFlags,
        desc: &str,
        unit: Unit,
    );
    /// A value computed at dump time from other stats (IPC, miss rate, ...).
    /// `precision` fixes the number of decimals; `None` applies the default rule.
    fn formula(&mut self, name: &str, value: f64, precision: Option<u8>, desc: &str, unit: Unit) {
        self.formula_flagged(name, value, precision, StatFlags::NONE, desc, unit);
    }
    /// A formula with display flags.
    fn formula_flagged(
        &mut self,
        name: &str,
        value: f64,
        precision: Option<u8>,
        flags: StatFlags,
        desc: &str,
        unit: Unit,
    );

    /// Convenience for integer counters kept as `u64`.
    fn vector_u64(
        &mut self,
        name: &str,
        values: &[u64],
        subnames: Option<&[&str]>,
        desc: &str,
        unit: Unit,
    ) {
        let v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
        self.vector(name, &v, subnames, desc, unit);
    }
}

/// A set of statistics owned by one component (or the simulation root).
pub trait StatGroup {
    /// Report every statistic (and subgroup) to `v`, in a fixed order.
    fn visit_stats(&self, v: &mut dyn StatVisitor);
    /// Return every counter to its initial value (gem5's `resetStats`).
    fn reset_stats(&mut self);
}

/// Visit `group` as a subgroup called `name` of whatever `v` is currently in.
pub fn visit_group(v: &mut dyn StatVisitor, name: &str, group: &dyn StatGroup) {
    v.begin_group(name);
    group.visit_stats(v);
    v.end_group();
}

#[cfg(test)]
mod tests;
