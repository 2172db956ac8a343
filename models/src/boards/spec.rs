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
}

impl CpuKind {
    /// Names accepted on the command line (gem5's short names and class names).
    pub const ALLOWED: &'static str = "atomic, timing (or AtomicSimpleCPU, TimingSimpleCPU)";

    /// Parse `--cpu-type` (parameter path `name` for errors).
    pub fn parse(name: &str, value: &str) -> Result<CpuKind, Unsupported> {
        match value {
            "atomic" | "AtomicSimpleCPU" => Ok(CpuKind::Atomic),
            "timing" | "TimingSimpleCPU" => Ok(CpuKind::Timing),
            other => Err(Unsupported {
                name: name.into(),
                value: other.into(),
                allowed: format!(
                    "{} (minor and o3 are not implemented yet)",
                    CpuKind::ALLOWED
                ),
            }),
        }
    }

    /// The gem5 memory mode the CPU needs.
    pub fn mem_mode(self) -> &'static str {
        match self {
            CpuKind::Atomic => "atomic",
            CpuKind::Timing => "timing",
        }
    }
}

/// Size and associativity of one cache.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct CacheGeometry {
    /// Capacity in bytes.
    pub size: u64,
    /// Ways per set.
    pub assoc: usize,
}

impl CacheGeometry {
    /// Parse a size string ("32KiB", gem5's "32kB") with an associativity.
    pub fn parse(name: &str, size: &str, assoc: usize) -> Result<CacheGeometry, SpecError> {
        let size = parse_mem_size(size)
            .map_err(|source| SpecError::Param {
                name: name.into(),
                source,
            })?
            .0;
        Ok(CacheGeometry { size, assoc })
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
    /// L1 instruction cache.
    pub l1i: CacheGeometry,
    /// L1 data cache.
    pub l1d: CacheGeometry,
    /// L2 (ignored without one).
    pub l2: CacheGeometry,
    /// Replacement policy of every cache.
    pub replacement: Replacement,
    /// A stride prefetcher on each L1 data cache.
    pub l1d_stride_prefetcher: bool,
}

impl Default for HierarchySpec {
    /// gem5 se.py's defaults: 32 KiB 2-way L1I, 64 KiB 2-way L1D, 2 MiB 8-way L2, LRU.
    fn default() -> Self {
        HierarchySpec {
            kind: HierarchyKind::NoCache,
            l1i: CacheGeometry {
                size: 32 << 10,
                assoc: 2,
            },
            l1d: CacheGeometry {
                size: 64 << 10,
                assoc: 2,
            },
            l2: CacheGeometry {
                size: 2 << 20,
                assoc: 8,
            },
            replacement: Replacement::Lru,
            l1d_stride_prefetcher: false,
        }
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
        let e = CpuKind::parse("cpu_type", "o3").unwrap_err().to_string();
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
        let g = CacheGeometry::parse("l1d_size", "32kB", 4).unwrap();
        assert_eq!(g.size, 32 << 10);
        let e = CacheGeometry::parse("l1d_size", "lots", 4)
            .unwrap_err()
            .to_string();
        assert!(e.contains("l1d_size"), "{e}");
    }
}
