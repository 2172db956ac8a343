//! Classic cache hierarchies as building blocks (gem5 stdlib's
//! `NoCache`, `PrivateL1CacheHierarchy`, `PrivateL1PrivateL2CacheHierarchy`,
//! `PrivateL1SharedL2CacheHierarchy`), wired between the cores and the memory bus.
//!
//! ```text
//!  NoCache            cpuN.{icache,dcache}_port ──────────────▶ membus (non-coherent)
//!  PrivateL1          cpuN ─▶ cpuN.{icache,dcache} ────────────────────────▶ membus
//!  PrivateL1PrivateL2 cpuN ─▶ cpuN.{icache,dcache} ─▶ cpuN.toL2Bus ─▶ cpuN.l2cache ─▶ membus
//!  PrivateL1SharedL2  cpuN ─▶ cpuN.{icache,dcache} ─▶ system.tol2bus ─▶ system.l2 ─▶ membus
//!                                         membus.mem_side_ports[0] ─▶ memory
//! ```
//!
//! Names follow gem5's so stats read the same (`system.cpu.dcache.overallMisses::total`).

use super::spec::{CacheSpec, HierarchyKind, HierarchySpec, Replacement};
use crate::mem::cache::{
    Cache, CacheConfigError, CacheParams, ReplacementPolicy, StridePrefetcherParams,
};
use crate::mem::coherent_xbar::{CoherentXBar, CoherentXBarParams};
use crate::mem::{XBar, XBarParams};
use sim_core::component::{Component, ComponentId, PortRef};
use sim_core::system::BuildError;
use sim_core::{AddrRange, Cycles, Frequency, SystemBuilder};
use thiserror::Error;

/// Why a hierarchy could not be built.
#[derive(Debug, Error)]
pub enum HierarchyError {
    /// A cache's parameters are inconsistent (names the cache and the parameter).
    #[error("{path}.{}", source.param)]
    Cache {
        /// The cache's component path (`system.cpu.dcache`).
        path: String,
        /// What is wrong.
        source: CacheConfigError,
    },
    /// Wiring failed.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// Clocks of the parts of a hierarchy.
#[derive(Copy, Clone, Debug)]
pub struct HierarchyClocks {
    /// Core clock: L1s, private L2s and the L2 crossbars run on it (as in se.py).
    pub cpu: Frequency,
    /// System clock: the memory bus.
    pub system: Frequency,
}

fn policy(r: Replacement) -> ReplacementPolicy {
    match r {
        Replacement::Lru => ReplacementPolicy::Lru,
        Replacement::Random => ReplacementPolicy::Random,
        Replacement::TreePlru => ReplacementPolicy::TreePlru,
        Replacement::Brrip => ReplacementPolicy::Brrip,
    }
}

/// Adds one cache named `path` and returns its id.
fn add_cache(
    b: &mut SystemBuilder,
    path: String,
    mut params: CacheParams,
    spec: &HierarchySpec,
) -> Result<ComponentId, HierarchyError> {
    params.replacement = policy(spec.replacement);
    let cache = Cache::new(params).map_err(|source| HierarchyError::Cache {
        path: path.clone(),
        source,
    })?;
    Ok(b.add(&path, Box::new(cache))?)
}

/// Which kind of cache a [`CacheSpec`] is built as.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Level {
    /// An instruction cache: read-only.
    L1i,
    /// A data cache.
    L1d,
    /// An L2: forwards snoops to the L1s above.
    L2,
}

/// The parameters of cache `c` at `level`, on `clock`.
fn cache_params(c: &CacheSpec, level: Level, clock: Frequency) -> CacheParams {
    let mut p = match level {
        Level::L1i => CacheParams::l1i(c.size, c.assoc, clock),
        Level::L1d => CacheParams::l1d(c.size, c.assoc, clock),
        Level::L2 => CacheParams::l2(c.size, c.assoc, clock),
    };
    p.tag_latency = Cycles(c.tag_latency);
    p.data_latency = Cycles(c.data_latency);
    p.response_latency = Cycles(c.response_latency);
    p.mshrs = c.mshrs;
    p.tgts_per_mshr = c.tgts_per_mshr;
    p.writeback_clean = c.writeback_clean;
    p.prefetcher = c.stride_prefetcher.then(StridePrefetcherParams::default);
    p
}

/// Build `spec` for the cores `cpus` (component id and path, e.g. `system.cpu0`) and a
/// memory bus over `mem_range`; returns the bus's memory-side port, for the memory.
pub fn build_hierarchy(
    b: &mut SystemBuilder,
    cpus: &[(ComponentId, String)],
    spec: &HierarchySpec,
    clocks: HierarchyClocks,
    mem_range: AddrRange,
) -> Result<PortRef, HierarchyError> {
    let n = cpus.len();
    let membus_ports = match spec.kind {
        HierarchyKind::NoCache | HierarchyKind::PrivateL1 => 2 * n,
        HierarchyKind::PrivateL1PrivateL2 => n,
        HierarchyKind::PrivateL1SharedL2 => 1,
    };
    // Without caches nothing needs snooping: the bus is non-coherent (as gem5
    // stdlib's NoCache), so no snoop filter tracks lines the CPUs never keep.
    let membus: Box<dyn Component> = if spec.kind == HierarchyKind::NoCache {
        Box::new(XBar::new(XBarParams::system(
            membus_ports,
            vec![mem_range],
            clocks.system,
        )))
    } else {
        Box::new(CoherentXBar::new(CoherentXBarParams::system_xbar(
            membus_ports,
            vec![mem_range],
            clocks.system,
        )))
    };
    let membus = b.add("system.membus", membus)?;
    let bus_port = |i: usize| format!("cpu_side_ports[{i}]");
    let shared_l2_bus = if spec.kind == HierarchyKind::PrivateL1SharedL2 {
        let bus = b.add(
            "system.tol2bus",
            Box::new(CoherentXBar::new(CoherentXBarParams::l2_xbar(
                2 * n,
                vec![mem_range],
                clocks.cpu,
            ))),
        )?;
        let l2 = add_cache(
            b,
            "system.l2".into(),
            cache_params(&spec.l2, Level::L2, clocks.cpu),
            spec,
        )?;
        b.connect_named(bus, "mem_side_ports[0]", l2, "cpu_side")?;
        b.connect_named(l2, "mem_side", membus, &bus_port(0))?;
        Some(bus)
    } else {
        None
    };
    for (i, (cpu, path)) in cpus.iter().enumerate() {
        let ports = ["icache_port", "dcache_port"];
        match spec.kind {
            HierarchyKind::NoCache => {
                for (k, port) in ports.iter().enumerate() {
                    b.connect_named(*cpu, port, membus, &bus_port(2 * i + k))?;
                }
            }
            HierarchyKind::PrivateL1 | HierarchyKind::PrivateL1SharedL2 => {
                for (k, (port, kind)) in ports.iter().zip(["icache", "dcache"]).enumerate() {
                    let (c, level) = if k == 0 {
                        (&spec.l1i, Level::L1i)
                    } else {
                        (&spec.l1d, Level::L1d)
                    };
                    let c = add_cache(
                        b,
                        format!("{path}.{kind}"),
                        cache_params(c, level, clocks.cpu),
                        spec,
                    )?;
                    b.connect_named(*cpu, port, c, "cpu_side")?;
                    let (below, idx) = match shared_l2_bus {
                        Some(bus) => (bus, 2 * i + k),
                        None => (membus, 2 * i + k),
                    };
                    b.connect_named(c, "mem_side", below, &bus_port(idx))?;
                }
            }
            HierarchyKind::PrivateL1PrivateL2 => {
                let bus = b.add(
                    &format!("{path}.toL2Bus"),
                    Box::new(CoherentXBar::new(CoherentXBarParams::l2_xbar(
                        2,
                        vec![mem_range],
                        clocks.cpu,
                    ))),
                )?;
                for (k, (port, kind)) in ports.iter().zip(["icache", "dcache"]).enumerate() {
                    let (c, level) = if k == 0 {
                        (&spec.l1i, Level::L1i)
                    } else {
                        (&spec.l1d, Level::L1d)
                    };
                    let c = add_cache(
                        b,
                        format!("{path}.{kind}"),
                        cache_params(c, level, clocks.cpu),
                        spec,
                    )?;
                    b.connect_named(*cpu, port, c, "cpu_side")?;
                    b.connect_named(c, "mem_side", bus, &bus_port(k))?;
                }
                let l2 = add_cache(
                    b,
                    format!("{path}.l2cache"),
                    cache_params(&spec.l2, Level::L2, clocks.cpu),
                    spec,
                )?;
                b.connect_named(bus, "mem_side_ports[0]", l2, "cpu_side")?;
                b.connect_named(l2, "mem_side", membus, &bus_port(i))?;
            }
        }
    }
    Ok(b.port(membus, "mem_side_ports[0]")?)
}
