//! The allowed range of every number a user can set on a board, in one table.
//!
//! `sim se` (through [`SeSession::build`](super::session::SeSession::build)), the
//! Python extension (its config dict) and any later front end check values here, so a
//! value is refused the same way whoever gave it. Parameters are named as `sim se`
//! names them (se.py's option names: `l1d_size`, `mem_size`, `cpu_clock`); the Python
//! extension translates these to its config key paths. An error is one line:
//!
//! ```text
//! l1d_size: is 1TiB; allowed values: 64B to 1GiB
//! ```
//!
//! Why each limit is what it is:
//!
//! | parameter        | allowed               | why                                                    |
//! |------------------|-----------------------|--------------------------------------------------------|
//! | `num_cores`      | 1 to 256, and per hierarchy [`max_cores`] | a coherent crossbar snoops at most 64 CPU-side ports |
//! | `mem_size`       | 4KiB to 64TiB         | one page; the store is one host mapping, and a 47-bit host user address space (128 TiB) holds 64 TiB beside the simulator |
//! | `*_size` (cache) | 64B to 1GiB           | a tag store costs about 17 host bytes per 64-byte line, allocated when the cache is built |
//! | all caches       | 8GiB in total         | the same, summed over every cache of every core (about 2 GiB of host memory) |
//! | `*_assoc`        | 1 to 65536            | ways are searched one by one                           |
//! | `*_latency`      | 0 to 65536 cycles     |                                                        |
//! | `*_mshrs`, `*_tgts_per_mshr` | 1 to 65536 | target lists grow on demand past a small preallocation |
//! | `cacheline_size` | 64                    | the only line size the hierarchy and SE memory model   |
//! | `cpu_clock`, `sys_clock` | 1MHz to 1THz  | 1 tick is 1 ps; below 1 MHz a cycle count times the period could overflow a tick count in a long run |
//! | `max_insts`, `abs_max_tick` | 1 to 2^64 - 1 | 0 would stop before the first instruction (gem5 reads it as "no limit") |
//!
//! A clock whose period is not a whole number of ticks is rounded half up, and
//! warned about (once, when checked) if that is more than 0.1% off, as gem5's
//! `ticks.fromSeconds` does.

use super::spec::{CacheSpec, HierarchyKind, HierarchySpec, Replacement};
use crate::mem::coherent_xbar::MAX_CPU_SIDE_PORTS;
use sim_core::units::{format_frequency, MemSize};
use sim_core::{Frequency, FREQUENCY_TOLERANCE};
use thiserror::Error;

/// What a limit's numbers measure (how they are printed).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A plain count ("1 to 256").
    Count,
    /// Bytes ("64B to 1GiB").
    Bytes,
    /// Hertz ("1MHz to 1THz").
    Hertz,
}

/// A closed range of allowed values.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Smallest allowed value.
    pub low: u64,
    /// Largest allowed value.
    pub high: u64,
    /// What the numbers measure.
    pub unit: Unit,
}

/// A value outside its parameter's allowed range.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{path}: is {value}; allowed values: {allowed}")]
pub struct OutOfRange {
    /// The parameter (`l1d_size`; the Python extension uses its key paths).
    pub path: String,
    /// The value given, as the user would write it.
    pub value: String,
    /// What is allowed.
    pub allowed: String,
}

impl Limit {
    const fn new(low: u64, high: u64, unit: Unit) -> Limit {
        Limit { low, high, unit }
    }

    /// `value` in this limit's unit, as a user would write it.
    pub fn show(&self, value: u64) -> String {
        match self.unit {
            Unit::Count => value.to_string(),
            Unit::Bytes => MemSize(value).to_string(),
            Unit::Hertz => format_frequency(Frequency(value)),
        }
    }

    /// The allowed values as text: "1 to 256", or "64" when only one is allowed.
    pub fn allowed(&self) -> String {
        if self.low == self.high {
            self.show(self.low)
        } else {
            format!("{} to {}", self.show(self.low), self.show(self.high))
        }
    }

    /// True if `value` is allowed.
    pub fn contains(&self, value: u64) -> bool {
        (self.low..=self.high).contains(&value)
    }

    /// `value` if allowed, else the error naming `path`.
    pub fn check(&self, path: &str, value: u64) -> Result<u64, OutOfRange> {
        self.check_shown(path, value, || self.show(value))
    }

    /// [`Limit::check`] for a signed value (Python integers may be negative).
    pub fn check_signed(&self, path: &str, value: i64) -> Result<u64, OutOfRange> {
        match u64::try_from(value) {
            Ok(v) => self.check(path, v),
            Err(_) => Err(self.out_of_range(path, value.to_string())),
        }
    }

    /// [`Limit::check`] naming the value as `shown()` (what the user typed, "3THz").
    pub fn check_shown(
        &self,
        path: &str,
        value: u64,
        shown: impl FnOnce() -> String,
    ) -> Result<u64, OutOfRange> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(self.out_of_range(path, shown()))
        }
    }

    fn out_of_range(&self, path: &str, value: String) -> OutOfRange {
        OutOfRange {
            path: path.into(),
            value,
            allowed: self.allowed(),
        }
    }
}

/// Cores of a board (se.py `--num-cpus`); see also [`max_cores`].
pub const NUM_CORES: Limit = Limit::new(1, 256, Unit::Count);
/// Simulated memory size in bytes: at least a page, at most 64 TiB (module docs).
pub const MEM_SIZE: Limit = Limit::new(4 << 10, 64 << 40, Unit::Bytes);
/// One cache's size in bytes.
pub const CACHE_SIZE: Limit = Limit::new(64, 1 << 30, Unit::Bytes);
/// All caches of a hierarchy together, in bytes.
pub const TOTAL_CACHE_SIZE: Limit = Limit::new(0, 8 << 30, Unit::Bytes);
/// Ways per set.
pub const ASSOC: Limit = Limit::new(1, 1 << 16, Unit::Count);
/// Tag, data and response latencies, in cycles of the cache's clock.
pub const CACHE_LATENCY: Limit = Limit::new(0, 1 << 16, Unit::Count);
/// Miss status holding registers of a cache.
pub const MSHRS: Limit = Limit::new(1, 1 << 16, Unit::Count);
/// Requests one MSHR can hold.
pub const TGTS_PER_MSHR: Limit = Limit::new(1, 1 << 16, Unit::Count);
/// Cache line size in bytes (se.py `--cacheline_size`).
pub const CACHE_LINE_SIZE: Limit = Limit::new(64, 64, Unit::Count);
/// CPU and system clocks.
pub const CLOCK: Limit = Limit::new(1_000_000, Frequency::MAX.0, Unit::Hertz);
/// Instruction limit (se.py `--maxinsts`).
pub const MAX_INSTS: Limit = Limit::new(1, u64::MAX, Unit::Count);
/// Absolute tick limit (se.py `--abs-max-tick`).
pub const MAX_TICK: Limit = Limit::new(1, u64::MAX, Unit::Count);

/// Every named limit, for front ends that show or export them (the Python
/// extension's `limits()`): the name is the parameter's last path component.
pub const TABLE: &[(&str, Limit)] = &[
    ("num_cores", NUM_CORES),
    ("mem_size", MEM_SIZE),
    ("cache_size", CACHE_SIZE),
    ("total_cache_size", TOTAL_CACHE_SIZE),
    ("assoc", ASSOC),
    ("tag_latency", CACHE_LATENCY),
    ("data_latency", CACHE_LATENCY),
    ("response_latency", CACHE_LATENCY),
    ("mshrs", MSHRS),
    ("tgts_per_mshr", TGTS_PER_MSHR),
    ("cacheline_size", CACHE_LINE_SIZE),
    ("clock", CLOCK),
    ("max_insts", MAX_INSTS),
    ("max_tick", MAX_TICK),
];

/// CPU-side ports each core takes on the busiest coherent crossbar of `kind`
/// (0: no coherent crossbar, the memory bus is non-coherent).
fn coherent_ports_per_core(kind: HierarchyKind) -> usize {
    match kind {
        HierarchyKind::NoCache => 0,
        // Both L1s of every core on the memory bus, or on the shared L2's crossbar.
        HierarchyKind::PrivateL1 | HierarchyKind::PrivateL1SharedL2 => 2,
        // Every core's private L2 on the memory bus.
        HierarchyKind::PrivateL1PrivateL2 => 1,
    }
}

/// The most cores hierarchy `kind` can connect: [`NUM_CORES`]' maximum, less where
/// a coherent crossbar would need more than its [`MAX_CPU_SIDE_PORTS`].
pub fn max_cores(kind: HierarchyKind) -> u64 {
    match coherent_ports_per_core(kind) {
        0 => NUM_CORES.high,
        per_core => NUM_CORES.high.min((MAX_CPU_SIDE_PORTS / per_core) as u64),
    }
}

/// Check `num_cores` (named `path`) against [`NUM_CORES`] and hierarchy `kind`.
pub fn check_num_cores(path: &str, value: u64, kind: HierarchyKind) -> Result<u64, OutOfRange> {
    NUM_CORES.check(path, value)?;
    let high = max_cores(kind);
    if value <= high {
        return Ok(value);
    }
    Err(OutOfRange {
        path: path.into(),
        value: value.to_string(),
        allowed: format!(
            "1 to {high} with {} (its coherent crossbar has at most {MAX_CPU_SIDE_PORTS} \
             CPU-side ports, {} per core)",
            hierarchy_name(kind),
            coherent_ports_per_core(kind)
        ),
    })
}

fn hierarchy_name(kind: HierarchyKind) -> &'static str {
    match kind {
        HierarchyKind::NoCache => "no caches",
        HierarchyKind::PrivateL1 => "private L1 caches",
        HierarchyKind::PrivateL1PrivateL2 => "private L1 and L2 caches",
        HierarchyKind::PrivateL1SharedL2 => "private L1 caches and a shared L2",
    }
}

/// Check a clock frequency named `path` (given as `text`), and warn if its period
/// is rounded by more than gem5's 0.1% tolerance.
pub fn check_clock(path: &str, freq: Frequency, text: &str) -> Result<Frequency, OutOfRange> {
    CLOCK.check_shown(path, freq.0, || text.trim().to_string())?;
    let error = freq.period_error();
    if error > FREQUENCY_TOLERANCE {
        sim_core::warn_counted!(
            freq.0,
            "{path}: the clock period of {} is {:.3} ticks, rounded to {} ({:.2}% off, \
             more than the {}% tolerance)",
            text.trim(),
            sim_core::SIM_FREQ as f64 / freq.0 as f64,
            freq.period().0,
            error * 100.0,
            FREQUENCY_TOLERANCE * 100.0
        );
    }
    Ok(freq)
}

/// Which cache of a hierarchy a [`CacheSpec`] describes (names its parameters).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CacheLevel {
    /// The L1 instruction caches.
    L1i,
    /// The L1 data caches.
    L1d,
    /// The L2 cache(s).
    L2,
}

impl CacheLevel {
    /// The prefix of its parameters' names (`l1d` in `l1d_size`).
    pub fn name(self) -> &'static str {
        match self {
            CacheLevel::L1i => "l1i",
            CacheLevel::L1d => "l1d",
            CacheLevel::L2 => "l2",
        }
    }
}

/// Check one cache's numbers and geometry (a power-of-two number of sets of
/// `assoc` lines; a power-of-two `assoc` for TreePLRU); its parameters are named
/// `<level>_<param>`.
pub fn check_cache(
    level: CacheLevel,
    c: &CacheSpec,
    replacement: Replacement,
) -> Result<(), OutOfRange> {
    let name = |param: &str| format!("{}_{param}", level.name());
    CACHE_SIZE.check(&name("size"), c.size)?;
    let assoc = ASSOC.check(&name("assoc"), c.assoc as u64)?;
    CACHE_LATENCY.check(&name("tag_latency"), c.tag_latency)?;
    CACHE_LATENCY.check(&name("data_latency"), c.data_latency)?;
    CACHE_LATENCY.check(&name("response_latency"), c.response_latency)?;
    MSHRS.check(&name("mshrs"), c.mshrs as u64)?;
    TGTS_PER_MSHR.check(&name("tgts_per_mshr"), c.tgts_per_mshr as u64)?;
    if replacement == Replacement::TreePlru && !assoc.is_power_of_two() {
        return Err(OutOfRange {
            path: name("assoc"),
            value: assoc.to_string(),
            allowed: "a power of two with the TreePLRU replacement policy".into(),
        });
    }
    let way_bytes = assoc * CACHE_LINE_SIZE.low;
    let sets = c.size / way_bytes;
    if sets == 0 || !c.size.is_multiple_of(way_bytes) || !sets.is_power_of_two() {
        let below = way_bytes << sets.max(1).ilog2();
        let examples = if sets == 0 {
            MemSize(way_bytes).to_string()
        } else {
            format!("{} or {}", MemSize(below), MemSize(below * 2))
        };
        return Err(OutOfRange {
            path: name("size"),
            value: MemSize(c.size).to_string(),
            allowed: format!(
                "sizes of a power-of-two number of sets of {}_assoc ({assoc}) {}-byte \
                 lines, such as {examples}",
                level.name(),
                CACHE_LINE_SIZE.low
            ),
        });
    }
    Ok(())
}

/// Check every cache `spec` builds for `cores` cores, and their total size.
pub fn check_hierarchy(spec: &HierarchySpec, cores: u64) -> Result<(), OutOfRange> {
    let (l1s, l2s) = match spec.kind {
        HierarchyKind::NoCache => return Ok(()),
        HierarchyKind::PrivateL1 => (cores, 0),
        HierarchyKind::PrivateL1PrivateL2 => (cores, cores),
        HierarchyKind::PrivateL1SharedL2 => (cores, 1),
    };
    check_cache(CacheLevel::L1i, &spec.l1i, spec.replacement)?;
    check_cache(CacheLevel::L1d, &spec.l1d, spec.replacement)?;
    if l2s > 0 {
        check_cache(CacheLevel::L2, &spec.l2, spec.replacement)?;
    }
    // Each size is at most 1 GiB and cores at most 256: no overflow.
    let total = l1s * (spec.l1i.size + spec.l1d.size) + l2s * spec.l2.size;
    if TOTAL_CACHE_SIZE.contains(total) {
        return Ok(());
    }
    let (path, size) = if l2s > 0 && spec.l2.size * l2s >= l1s * spec.l1d.size {
        ("l2_size", spec.l2.size)
    } else {
        ("l1d_size", spec.l1d.size)
    };
    Err(OutOfRange {
        path: path.into(),
        value: MemSize(size).to_string(),
        allowed: format!(
            "sizes whose caches total at most {} over all cores (these total {})",
            MemSize(TOTAL_CACHE_SIZE.high),
            MemSize(total)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_print_in_their_units() {
        assert_eq!(NUM_CORES.allowed(), "1 to 256");
        assert_eq!(MEM_SIZE.allowed(), "4KiB to 64TiB");
        assert_eq!(CACHE_SIZE.allowed(), "64B to 1GiB");
        assert_eq!(CLOCK.allowed(), "1MHz to 1THz");
        assert_eq!(CACHE_LINE_SIZE.allowed(), "64");
        let e = MSHRS.check("l1d_mshrs", 0).unwrap_err();
        assert_eq!(e.to_string(), "l1d_mshrs: is 0; allowed values: 1 to 65536");
        let e = CACHE_SIZE.check("l1d_size", 1 << 40).unwrap_err();
        assert_eq!(
            e.to_string(),
            "l1d_size: is 1TiB; allowed values: 64B to 1GiB"
        );
        assert_eq!(MSHRS.check("m", 65536), Ok(65536));
        let e = CACHE_LATENCY.check_signed("hierarchy.l2.tag_latency", -1);
        assert_eq!(
            e.unwrap_err().to_string(),
            "hierarchy.l2.tag_latency: is -1; allowed values: 0 to 65536"
        );
        assert_eq!(MAX_INSTS.check("max_insts", u64::MAX), Ok(u64::MAX));
        assert!(MAX_INSTS.check("max_insts", 0).is_err());
    }

    #[test]
    fn the_table_names_every_limit_once() {
        let mut names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE.len());
        for (name, l) in TABLE {
            assert!(l.low <= l.high, "{name}");
        }
    }

    #[test]
    fn core_counts_depend_on_the_hierarchys_crossbars() {
        use HierarchyKind::*;
        assert_eq!(max_cores(NoCache), 256);
        assert_eq!(max_cores(PrivateL1), 32);
        assert_eq!(max_cores(PrivateL1SharedL2), 32);
        assert_eq!(max_cores(PrivateL1PrivateL2), 64);
        assert_eq!(check_num_cores("num_cores", 256, NoCache), Ok(256));
        assert_eq!(check_num_cores("num_cores", 32, PrivateL1SharedL2), Ok(32));
        let e = check_num_cores("num_cores", 33, PrivateL1SharedL2).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("num_cores: is 33; allowed values: 1 to 32 with private L1"),
            "{e}"
        );
        let e = check_num_cores("num_cores", 300, PrivateL1PrivateL2).unwrap_err();
        assert_eq!(e.allowed, "1 to 256");
        assert!(check_num_cores("num_cores", 0, NoCache).is_err());
    }

    #[test]
    fn clocks_stop_at_one_tick_and_one_megahertz() {
        let ok = |hz: u64| check_clock("cpu_clock", Frequency(hz), "x");
        assert!(ok(1_000_000_000_000).is_ok());
        assert!(ok(1_000_000).is_ok());
        let e = check_clock("cpu_clock", Frequency(3_000_000_000_000), " 3THz").unwrap_err();
        assert_eq!(
            e.to_string(),
            "cpu_clock: is 3THz; allowed values: 1MHz to 1THz"
        );
        assert!(ok(1_500_000_000_000).is_err());
        assert!(ok(999_999).is_err());
        assert!(ok(0).is_err());
    }

    fn hierarchy(kind: HierarchyKind) -> HierarchySpec {
        HierarchySpec {
            kind,
            ..HierarchySpec::se()
        }
    }

    #[test]
    fn caches_are_checked_for_range_and_geometry() {
        let mut h = hierarchy(HierarchyKind::PrivateL1SharedL2);
        assert_eq!(check_hierarchy(&h, 4), Ok(()));
        h.l2.size = 64 << 30;
        let e = check_hierarchy(&h, 4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "l2_size: is 64GiB; allowed values: 64B to 1GiB"
        );
        // Without an L2 its size is not looked at.
        h.kind = HierarchyKind::PrivateL1;
        assert_eq!(check_hierarchy(&h, 4), Ok(()));
        h.l1d.assoc = 3;
        let e = check_hierarchy(&h, 1).unwrap_err();
        assert_eq!(e.path, "l1d_size");
        assert!(
            e.allowed.contains("such as 48KiB or 96KiB"),
            "64 KiB of 3-way 64-byte lines is 341.3 sets: {e}"
        );
        h.l1d.assoc = 0;
        assert_eq!(check_hierarchy(&h, 1).unwrap_err().path, "l1d_assoc");
        h.l1d.assoc = 6;
        h.l1d.size = 6 * 64 * 128;
        assert_eq!(check_hierarchy(&h, 1), Ok(()));
        h.replacement = Replacement::TreePlru;
        let e = check_hierarchy(&h, 1).unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_str()), ("l1d_assoc", "6"));
        let mut h = hierarchy(HierarchyKind::PrivateL1);
        h.l1i.mshrs = 0;
        assert_eq!(check_hierarchy(&h, 1).unwrap_err().path, "l1i_mshrs");
        // A hierarchy without caches checks none of them.
        h.kind = HierarchyKind::NoCache;
        assert_eq!(check_hierarchy(&h, 1), Ok(()));
    }

    #[test]
    fn caches_of_all_cores_together_are_bounded() {
        let mut h = hierarchy(HierarchyKind::PrivateL1PrivateL2);
        h.l2.size = 1 << 30;
        assert_eq!(check_hierarchy(&h, 7), Ok(()));
        let e = check_hierarchy(&h, 64).unwrap_err();
        assert_eq!(e.path, "l2_size");
        assert!(e.allowed.contains("at most 8GiB"), "{e}");
        let mut h = hierarchy(HierarchyKind::PrivateL1);
        h.l1d.size = 1 << 30;
        h.l1d.assoc = 8;
        assert_eq!(check_hierarchy(&h, 7), Ok(()));
        assert_eq!(check_hierarchy(&h, 8).unwrap_err().path, "l1d_size");
    }
}
