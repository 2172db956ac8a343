//! What a board is built from, as plain data: the CPU model, the cache hierarchy
//! and the memory. The `sim se` command line and the Python layer both fill these in;
//! [`super::hierarchy`] and [`super::memory`] turn them into components.

use sim_core::units::{parse_mem_size, UnitError};
use thiserror::Error;

/// A parameter that names something this simulator does not offer.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("parameter '{name}' is '{value}'; allowed values: {allowed}")]
pub struct Unsupported {
    /// Parameter path.
    pub name: String,
    /// Given value.
    pub value: String,
    /// What is allowed.
    pub allowed: String,
}

/// A parameter with a malformed value (a size, a frequency, a count).
#[derive(Debug, Error)]
pub enum SpecError {
    /// The value does not parse.
    #[error("parameter '{name}'")]
    Param {
        /// Parameter path.
        name: String,
        /// What is wrong and what is allowed.
        source: UnitError,
    },
    /// The value names something unsupported.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
}

/// The CPU model of every core.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CpuKind {
    /// `AtomicSimpleCPU`: memory accesses complete at once.
    Atomic,
    /// `TimingSimpleCPU`: every fetch and data access goes through timing ports.
    Timing,
    /// `MinorCPU`: the in-order pipeline.
    Minor,
    /// `O3CPU`: the out-of-order core.
    O3,
}

impl CpuKind {
    /// Names accepted on the command line (gem5's short names and class names).
    pub const ALLOWED: &'static str =
        "atomic, timing, minor, o3 (or AtomicSimpleCPU, TimingSimpleCPU, MinorCPU, RiscvMinorCPU, \
         O3CPU, DerivO3CPU, RiscvO3CPU, BaseO3CPU)";

    /// Parse `--cpu-type` (parameter path `name` for errors).
    pub fn parse(name: &str, value: &str) -> Result<CpuKind, Unsupported> {
        match value {
            "atomic" | "AtomicSimpleCPU" => Ok(CpuKind::Atomic),
            "timing" | "TimingSimpleCPU" => Ok(CpuKind::Timing),
            "minor" | "MinorCPU" | "RiscvMinorCPU" => Ok(CpuKind::Minor),
            "o3" | "O3CPU" | "DerivO3CPU" | "RiscvO3CPU" | "BaseO3CPU" => Ok(CpuKind::O3),
            other => Err(Unsupported {
                name: name.into(),
                value: other.into(),
                allowed: CpuKind::ALLOWED.into(),
            }),
        }
    }

    /// The gem5 memory mode the CPU needs.
    pub fn mem_mode(self) -> &'static str {
        match self {
            CpuKind::Atomic => "atomic",
            CpuKind::Timing | CpuKind::Minor | CpuKind::O3 => "timing",
        }
    }
}

/// One cache of a hierarchy: its geometry, timing, queues and prefetcher (the
/// parameters gem5's `Cache` subclasses in `configs/common/Caches.py` and in the
/// stdlib's `cachehierarchies/classic/caches/` set).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct CacheSpec {
    /// Capacity in bytes.
    pub size: u64,
    /// Ways per set.
    pub assoc: usize,
    /// Cycles to look up the tags.
    pub tag_latency: u64,
    /// Cycles to access the data array.
    pub data_latency: u64,
    /// Cycles from a fill arriving to the response leaving toward the requester.
    pub response_latency: u64,
    /// Miss status holding registers.
    pub mshrs: usize,
    /// Requests one MSHR can hold.
    pub tgts_per_mshr: usize,
    /// gem5's `writeback_clean`: clean victims leave as `WritebackClean` (see
    /// [`CacheParams::writeback_clean`](crate::mem::cache::CacheParams::writeback_clean)).
    pub writeback_clean: bool,
    /// A `StridePrefetcher` (gem5 defaults) on this cache.
    pub stride_prefetcher: bool,
}

impl CacheSpec {
    /// Parse a size string ("32KiB", gem5's "32kB"); `name` is the parameter path.
    pub fn parse_size(name: &str, size: &str) -> Result<u64, SpecError> {
        Ok(parse_mem_size(size)
            .map_err(|source| SpecError::Param {
                name: name.into(),
                source,
            })?
            .0)
    }

    /// se.py's `L1_ICache` (`configs/common/Caches.py`): as its `L1_DCache`, plus
    /// `writeback_clean` ("writeback clean lines as well").
    pub const fn se_l1i(size: u64, assoc: usize) -> CacheSpec {
        CacheSpec {
            writeback_clean: true,
            ..CacheSpec::se_l1d(size, assoc)
        }
    }

    /// se.py's `L1_DCache` (`configs/common/Caches.py`'s `L1Cache`): latencies
    /// 2/2/2, 4 MSHRs of 20 targets, no prefetcher.
    pub const fn se_l1d(size: u64, assoc: usize) -> CacheSpec {
        CacheSpec {
            size,
            assoc,
            tag_latency: 2,
            data_latency: 2,
            response_latency: 2,
            mshrs: 4,
            tgts_per_mshr: 20,
            writeback_clean: false,
            stride_prefetcher: false,
        }
    }

    /// se.py's `L2Cache`: latencies 20/20/20, 20 MSHRs of 12 targets.
    pub const fn se_l2(size: u64, assoc: usize) -> CacheSpec {
        CacheSpec {
            size,
            assoc,
            tag_latency: 20,
            data_latency: 20,
            response_latency: 20,
            mshrs: 20,
            tgts_per_mshr: 12,
            writeback_clean: false,
            stride_prefetcher: false,
        }
    }

    /// gem5 stdlib's `L1ICache` defaults: 8-way, latencies 1/1/1, 16 MSHRs of 20
    /// targets, `writeback_clean`, a `StridePrefetcher`.
    pub const fn stdlib_l1i(size: u64) -> CacheSpec {
        CacheSpec {
            size,
            assoc: 8,
            tag_latency: 1,
            data_latency: 1,
            response_latency: 1,
            mshrs: 16,
            tgts_per_mshr: 20,
            writeback_clean: true,
            stride_prefetcher: true,
        }
    }

    /// gem5 stdlib's `L1DCache` defaults: as `L1ICache` without `writeback_clean`.
    pub const fn stdlib_l1d(size: u64) -> CacheSpec {
        CacheSpec {
            writeback_clean: false,
            ..CacheSpec::stdlib_l1i(size)
        }
    }

    /// gem5 stdlib's `L2Cache` defaults: 16-way, latencies 10/10/1, 20 MSHRs of 12
    /// targets, `writeback_clean`, a `StridePrefetcher`.
    pub const fn stdlib_l2(size: u64) -> CacheSpec {
        CacheSpec {
            size,
            assoc: 16,
            tag_latency: 10,
            data_latency: 10,
            response_latency: 1,
            mshrs: 20,
            tgts_per_mshr: 12,
            writeback_clean: true,
            stride_prefetcher: true,
        }
    }
}

/// Replacement policy of every cache (names as gem5's `*RP` classes, without the suffix).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Replacement {
    /// Least recently used.
    Lru,
    /// Uniformly random (deterministically seeded).
    Random,
    /// Tree pseudo-LRU.
    TreePlru,
    /// Bimodal re-reference interval prediction.
    Brrip,
}

impl Replacement {
    /// Names accepted on the command line.
    pub const ALLOWED: &'static str = "LRU, Random, TreePLRU, BRRIP";

    /// Parse a policy name (case-insensitive, an `RP` suffix allowed).
    pub fn parse(name: &str, value: &str) -> Result<Replacement, Unsupported> {
        let v = value.to_ascii_lowercase();
        match v.strip_suffix("rp").unwrap_or(&v) {
            "lru" => Ok(Replacement::Lru),
            "random" => Ok(Replacement::Random),
            "treeplru" => Ok(Replacement::TreePlru),
            "brrip" => Ok(Replacement::Brrip),
            _ => Err(Unsupported {
                name: name.into(),
                value: value.into(),
                allowed: Replacement::ALLOWED.into(),
            }),
        }
    }
}

/// Prefetcher names a cache accepts (the front ends' `--*-hwp-type` and the Python
/// `prefetcher` key).
pub const PREFETCHERS: &str = "StridePrefetcher, Null (no prefetcher)";

/// Parse a prefetcher name: true for `StridePrefetcher`, false for none (`Null`,
/// as gem5 scripts write `NULL`, or `None`).
pub fn parse_stride_prefetcher(name: &str, value: &str) -> Result<bool, Unsupported> {
    match value {
        "StridePrefetcher" => Ok(true),
        "Null" | "null" | "NULL" | "None" | "none" => Ok(false),
        _ => Err(Unsupported {
            name: name.into(),
            value: value.into(),
            allowed: PREFETCHERS.into(),
        }),
    }
}

/// The cache hierarchy between the cores and memory (gem5 stdlib's classic hierarchies).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum HierarchyKind {
    /// CPUs talk to the memory bus directly (`NoCache`).
    NoCache,
    /// Private L1 instruction and data caches per core (`PrivateL1CacheHierarchy`).
    PrivateL1,
    /// Private L1s and a private L2 per core (`PrivateL1PrivateL2CacheHierarchy`).
    PrivateL1PrivateL2,
    /// Private L1s and one L2 shared by all cores (`PrivateL1SharedL2CacheHierarchy`,
    /// also what gem5's se.py builds with `--caches --l2cache`).
    PrivateL1SharedL2,
}

/// A full cache hierarchy description.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct HierarchySpec {
    /// Shape.
    pub kind: HierarchyKind,
    /// L1 instruction cache (of every core).
    pub l1i: CacheSpec,
    /// L1 data cache (of every core).
    pub l1d: CacheSpec,
    /// L2 (ignored without one).
    pub l2: CacheSpec,
    /// Replacement policy of every cache.
    pub replacement: Replacement,
}

impl HierarchySpec {
    /// gem5 se.py's caches (`configs/common/Caches.py`) with se.py's default sizes:
    /// 32 KiB 2-way L1I, 64 KiB 2-way L1D, 2 MiB 8-way L2, LRU, no prefetchers.
    /// What `sim se` builds.
    pub const fn se() -> Self {
        HierarchySpec {
            kind: HierarchyKind::NoCache,
            l1i: CacheSpec::se_l1i(32 << 10, 2),
            l1d: CacheSpec::se_l1d(64 << 10, 2),
            l2: CacheSpec::se_l2(2 << 20, 8),
            replacement: Replacement::Lru,
        }
    }

    /// gem5 stdlib's classic caches (`L1ICache`, `L1DCache`, `L2Cache` defaults,
    /// each with a `StridePrefetcher`), at se.py's sizes (the stdlib hierarchies
    /// always pass sizes); LRU. What the Python config dict starts from.
    pub const fn stdlib() -> Self {
        HierarchySpec {
            kind: HierarchyKind::NoCache,
            l1i: CacheSpec::stdlib_l1i(32 << 10),
            l1d: CacheSpec::stdlib_l1d(64 << 10),
            l2: CacheSpec::stdlib_l2(2 << 20),
            replacement: Replacement::Lru,
        }
    }
}

impl Default for HierarchySpec {
    /// [`HierarchySpec::se`].
    fn default() -> Self {
        HierarchySpec::se()
    }
}

/// The memory behind the memory bus.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MemoryKind {
    /// `SimpleMemory`: fixed 30 ns latency, 12.8 GiB/s.
    Simple,
    /// One channel of DDR3-1600 x64 (`DDR3_1600_8x8`, stdlib `SingleChannelDDR3_1600`).
    Ddr3_1600,
    /// One channel of DDR4-2400 x64 (`DDR4_2400_8x8`, stdlib `SingleChannelDDR4_2400`).
    Ddr4_2400,
}

impl MemoryKind {
    /// Names accepted by `--mem-type`.
    pub const ALLOWED: &'static str = "SimpleMemory, DDR3_1600_8x8, DDR4_2400_8x8 \
         (or SingleChannelDDR3_1600, SingleChannelDDR4_2400)";

    /// Parse a memory type name.
    pub fn parse(name: &str, value: &str) -> Result<MemoryKind, Unsupported> {
        match value {
            "SimpleMemory" | "simple" => Ok(MemoryKind::Simple),
            "DDR3_1600_8x8" | "SingleChannelDDR3_1600" => Ok(MemoryKind::Ddr3_1600),
            "DDR4_2400_8x8" | "SingleChannelDDR4_2400" => Ok(MemoryKind::Ddr4_2400),
            other => Err(Unsupported {
                name: name.into(),
                value: other.into(),
                allowed: MemoryKind::ALLOWED.into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_bad_names_list_the_allowed_ones() {
        assert_eq!(CpuKind::parse("cpu_type", "timing"), Ok(CpuKind::Timing));
        assert_eq!(
            CpuKind::parse("cpu_type", "AtomicSimpleCPU"),
            Ok(CpuKind::Atomic)
        );
        assert_eq!(CpuKind::parse("cpu_type", "minor"), Ok(CpuKind::Minor));
        assert_eq!(
            CpuKind::parse("cpu_type", "RiscvMinorCPU"),
            Ok(CpuKind::Minor)
        );
        assert_eq!(CpuKind::parse("cpu_type", "DerivO3CPU"), Ok(CpuKind::O3));
        let e = CpuKind::parse("cpu_type", "o4").unwrap_err().to_string();
        assert!(e.contains("'cpu_type'") && e.contains("timing"), "{e}");
        assert_eq!(
            Replacement::parse("r", "TreePLRURP"),
            Ok(Replacement::TreePlru)
        );
        assert_eq!(Replacement::parse("r", "random"), Ok(Replacement::Random));
        assert!(Replacement::parse("r", "fifo").is_err());
        assert_eq!(
            MemoryKind::parse("mem_type", "SingleChannelDDR4_2400"),
            Ok(MemoryKind::Ddr4_2400)
        );
        let e = MemoryKind::parse("mem_type", "HBM")
            .unwrap_err()
            .to_string();
        assert!(e.contains("DDR3_1600_8x8"), "{e}");
        assert_eq!(CacheSpec::parse_size("l1d_size", "32kB").unwrap(), 32 << 10);
        let e = CacheSpec::parse_size("l1d_size", "lots")
            .unwrap_err()
            .to_string();
        assert!(e.contains("l1d_size"), "{e}");
    }

    #[test]
    fn presets_follow_gem5s_cache_classes() {
        let se = HierarchySpec::se();
        assert_eq!(
            (se.l1d.tag_latency, se.l1d.mshrs, se.l1d.tgts_per_mshr),
            (2, 4, 20)
        );
        assert_eq!(
            (se.l2.response_latency, se.l2.mshrs, se.l2.tgts_per_mshr),
            (20, 20, 12)
        );
        assert!(!se.l1i.stride_prefetcher && !se.l1d.stride_prefetcher && !se.l2.stride_prefetcher);
        assert!(se.l1i.writeback_clean && !se.l1d.writeback_clean);
        let st = HierarchySpec::stdlib();
        assert_eq!(
            (
                st.l1d.assoc,
                st.l1d.tag_latency,
                st.l1d.mshrs,
                st.l1d.writeback_clean
            ),
            (8, 1, 16, false)
        );
        assert!(st.l1i.writeback_clean && st.l1i.stride_prefetcher);
        assert_eq!(
            (
                st.l2.assoc,
                st.l2.tag_latency,
                st.l2.data_latency,
                st.l2.response_latency
            ),
            (16, 10, 10, 1)
        );
        assert!(st.l2.writeback_clean && st.l2.stride_prefetcher);
    }
}
