//! Memory-side objects as tree nodes: `Cache` (with its replacement policy and
//! prefetcher children), the crossbars (`CoherentXBar`, which gem5's `SystemXBar`
//! and `L2XBar` are, and `NoncoherentXBar`), `SimpleMemory` and `MemCtrl` with its
//! `DRAMInterface`.

use super::clock::clock_of;
use super::wiring::{has_cache_above, mem_side_interleaving, mem_side_ranges, port_count};
use super::Built;
use crate::boards::limits::{self, Limit};
use crate::mem::cache::{Cache, CacheParams, ReplacementPolicy, StridePrefetcherParams};
use crate::mem::coherent_xbar::{CoherentXBar, CoherentXBarParams, SnoopFilterParams};
use crate::mem::dram::{interleaved_range, DramCtrl, DramParams, MEM_CTRL_PARAMS};
use crate::mem::{SimpleMemory, SimpleMemoryParams, XBar, XBarParams};
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};
use sim_core::mem::BackingStore;
use sim_core::{AddrRange, Cycles};
use std::sync::Arc;

/// Parameters the `Cache` constructor reads.
pub const CACHE_PARAMS: &[&str] = &[
    "assoc",
    "clk_domain",
    "clusivity",
    "data_latency",
    "is_read_only",
    "mshrs",
    "prefetcher",
    "replacement_policy",
    "response_latency",
    "sequential_access",
    "size",
    "system",
    "tag_latency",
    "tgts_per_mshr",
    "write_buffers",
    "writeback_clean",
];

/// Parameters a `StridePrefetcher` node has that the cache reads.
pub const STRIDE_PREFETCHER_PARAMS: &[&str] = &[
    "confidence_counter_bits",
    "confidence_threshold",
    "degree",
    "initial_confidence",
    "queue_size",
    "table_assoc",
    "table_entries",
];

/// Parameters both crossbars read.
pub const XBAR_PARAMS: &[&str] = &[
    "clk_domain",
    "forward_latency",
    "frontend_latency",
    "header_latency",
    "response_latency",
    "width",
];

/// Parameters the coherent crossbar reads besides [`XBAR_PARAMS`].
pub const COHERENT_XBAR_PARAMS: &[&str] = &[
    "point_of_coherency",
    "snoop_filter",
    "snoop_response_latency",
];

/// Parameters a `SnoopFilter` node has that its crossbar reads.
pub const SNOOP_FILTER_PARAMS: &[&str] = &["lookup_latency", "max_capacity"];

/// Parameters the `SimpleMemory` constructor reads.
pub const SIMPLE_MEMORY_PARAMS: &[&str] = &["bandwidth", "latency", "range"];

/// Parameters the `MemCtrl` constructor reads (its `dram` interface's are
/// [`DRAM_INTERFACE_PARAMS`]).
pub fn mem_ctrl_params() -> Vec<&'static str> {
    let mut p = vec!["dram"];
    p.extend_from_slice(MEM_CTRL_PARAMS);
    p
}

/// The replacement policy types a cache accepts.
pub const REPLACEMENT_TYPES: &[&str] = &["LRURP", "RandomRP", "TreePLRURP", "BRRIPRP"];

fn invalid(node: &ObjectNode, what: String) -> BuildError {
    super::invalid_at(&node.path, what)
}

/// `node.param` as a `usize` within `limit`.
fn limited(node: &ObjectNode, param: &str, limit: Limit) -> Result<u64, BuildError> {
    let v = node.u64(param)?;
    limit
        .check(&format!("{}.{param}", node.path), v)
        .map_err(|e| invalid(node, e.to_string()))
}

/// The address range a memory node serves, if it is a memory (the whole span
/// of an interleaved DRAM interface's range).
pub fn memory_range(node: &ObjectNode) -> Result<Option<AddrRange>, BuildError> {
    match node.type_name.as_str() {
        "SimpleMemory" => Ok(Some(node.addr_range("range")?)),
        "DRAMInterface" => Ok(Some(interleaved_range(node, "range")?.span)),
        _ => Ok(None),
    }
}

/// The replacement policy named by the cache's `replacement_policy` child.
fn replacement(node: &ObjectNode, ctx: &BuildCtx) -> Result<ReplacementPolicy, BuildError> {
    let Some(path) = node.object_ref("replacement_policy")? else {
        return Err(invalid(
            node,
            format!(
                "replacement_policy: is NULL; allowed values: {}",
                REPLACEMENT_TYPES.join(", ")
            ),
        ));
    };
    let rp = ctx.node(&path)?;
    Ok(match rp.type_name.as_str() {
        "LRURP" => ReplacementPolicy::Lru,
        "RandomRP" => ReplacementPolicy::Random,
        "TreePLRURP" => ReplacementPolicy::TreePlru,
        "BRRIPRP" => ReplacementPolicy::Brrip,
        other => {
            return Err(invalid(
                node,
                format!(
                    "replacement_policy: is {other}; allowed values: {}",
                    REPLACEMENT_TYPES.join(", ")
                ),
            ))
        }
    })
}

/// The cache's prefetcher, if any.
fn prefetcher(
    node: &ObjectNode,
    ctx: &BuildCtx,
) -> Result<Option<StridePrefetcherParams>, BuildError> {
    let Some(path) = node.object_ref("prefetcher")? else {
        return Ok(None);
    };
    let pf = ctx.node(&path)?;
    if pf.type_name != "StridePrefetcher" {
        return Err(invalid(
            node,
            format!(
                "prefetcher: is {}; allowed values: StridePrefetcher or NULL",
                pf.type_name
            ),
        ));
    }
    let small = |p: &str| -> Result<u32, BuildError> {
        let v = pf.u64(p)?;
        u32::try_from(v)
            .map_err(|_| invalid(pf, format!("{p}: is {v}; allowed values: 0 to 2^32-1")))
    };
    Ok(Some(StridePrefetcherParams {
        degree: small("degree")?,
        table_entries: pf.u64("table_entries")? as usize,
        table_assoc: pf.u64("table_assoc")? as usize,
        confidence_counter_bits: small("confidence_counter_bits")?,
        initial_confidence: small("initial_confidence")?,
        confidence_threshold: small("confidence_threshold")?,
        queue_size: pf.u64("queue_size")? as usize,
    }))
}

/// The line size of the system a node belongs to (gem5's `cache_line_size`).
fn line_size(node: &ObjectNode, ctx: &BuildCtx) -> Result<u64, BuildError> {
    let Some(sys) = node.object_ref("system")? else {
        return Ok(64);
    };
    let sys = ctx.node(&sys)?;
    limited(sys, "cache_line_size", limits::CACHE_LINE_SIZE)
}

/// A `Cache`.
pub fn cache(node: &ObjectNode, ctx: &BuildCtx) -> Result<Built, BuildError> {
    node.enumeration("clusivity", &["mostly_incl"])?;
    let size = limited(node, "size", limits::CACHE_SIZE)?;
    let assoc = limited(node, "assoc", limits::ASSOC)? as usize;
    let lat = |p: &str| limited(node, p, limits::CACHE_LATENCY).map(Cycles);
    let clock = clock_of(node, ctx)?;
    let mut p = CacheParams::l1d(size, assoc, clock);
    p.line_size = line_size(node, ctx)?;
    p.tag_latency = lat("tag_latency")?;
    p.data_latency = lat("data_latency")?;
    p.response_latency = lat("response_latency")?;
    p.sequential_access = node.bool("sequential_access")?;
    p.mshrs = limited(node, "mshrs", limits::MSHRS)? as usize;
    p.tgts_per_mshr = limited(node, "tgts_per_mshr", limits::TGTS_PER_MSHR)? as usize;
    p.write_buffers = limited(node, "write_buffers", limits::MSHRS)? as usize;
    p.is_read_only = node.bool("is_read_only")?;
    p.writeback_clean = node.bool("writeback_clean")?;
    p.replacement = replacement(node, ctx)?;
    p.prefetcher = prefetcher(node, ctx)?;
    p.forward_snoops = has_cache_above(ctx.tree(), node);
    let cache = Cache::new(p).map_err(|e| {
        invalid(
            node,
            format!("{}: is {}; allowed values: {}", e.param, e.value, e.allowed),
        )
    })?;
    Ok(Built::Component(Box::new(cache)))
}

/// The crossbar timing every crossbar reads.
fn xbar_params(node: &ObjectNode, ctx: &BuildCtx) -> Result<XBarParams, BuildError> {
    let width = node.u64("width")?;
    let width = u32::try_from(width)
        .ok()
        .filter(|w| *w > 0)
        .ok_or_else(|| {
            invalid(
                node,
                format!("width: is {width}; allowed values: 1 to 2^32-1"),
            )
        })?;
    let ranges = mem_side_ranges(ctx.tree(), node)?;
    if ranges.is_empty() {
        return Err(invalid(
            node,
            "mem_side_ports: is not connected; allowed values: at least one port below".into(),
        ));
    }
    Ok(XBarParams {
        cpu_side_ports: port_count(node, "cpu_side_ports"),
        mem_side_ranges: ranges,
        clock: clock_of(node, ctx)?,
        width,
        header_latency: Cycles(node.u64("header_latency")?),
        frontend_latency: Cycles(node.u64("frontend_latency")?),
        forward_latency: Cycles(node.u64("forward_latency")?),
        response_latency: Cycles(node.u64("response_latency")?),
    })
}

/// A `NoncoherentXBar`.
pub fn noncoherent_xbar(node: &ObjectNode, ctx: &BuildCtx) -> Result<Built, BuildError> {
    Ok(Built::Component(Box::new(XBar::new(xbar_params(
        node, ctx,
    )?))))
}

/// A `CoherentXBar` (gem5's `SystemXBar`, `L2XBar`).
pub fn coherent_xbar(node: &ObjectNode, ctx: &BuildCtx) -> Result<Built, BuildError> {
    let x = xbar_params(node, ctx)?;
    let max = crate::mem::coherent_xbar::MAX_CPU_SIDE_PORTS;
    if x.cpu_side_ports > max {
        return Err(invalid(
            node,
            format!(
                "cpu_side_ports: has {} connections; allowed values: at most {max} (the snoop \
                 filter tracks ports in a 64-bit mask)",
                x.cpu_side_ports
            ),
        ));
    }
    let snoop_filter = match node.object_ref("snoop_filter")? {
        None => None,
        Some(path) => {
            let sf = ctx.node(&path)?;
            Some(SnoopFilterParams {
                max_capacity: sf.bytes("max_capacity")?,
                lookup_latency: Cycles(sf.u64("lookup_latency")?),
            })
        }
    };
    let p = CoherentXBarParams {
        snoop_response_latency: Cycles(node.u64("snoop_response_latency")?),
        point_of_coherency: node.bool("point_of_coherency")?,
        snoop_filter,
        width: x.width,
        header_latency: x.header_latency,
        frontend_latency: x.frontend_latency,
        forward_latency: x.forward_latency,
        response_latency: x.response_latency,
        ..CoherentXBarParams::system_xbar(x.cpu_side_ports, x.mem_side_ranges, x.clock)
    };
    let mut xbar = CoherentXBar::new(p);
    xbar.set_interleaving(mem_side_interleaving(ctx.tree(), node)?);
    Ok(Built::Component(Box::new(xbar)))
}

/// A `SimpleMemory` over `store`.
pub fn simple_memory(
    node: &ObjectNode,
    store: Option<&Arc<BackingStore>>,
) -> Result<Built, BuildError> {
    let mut p = SimpleMemoryParams::new(node.addr_range("range")?);
    p.latency = node.ticks("latency")?;
    p.bandwidth = node.bandwidth("bandwidth")?;
    match store {
        Some(store) => Ok(Built::Component(Box::new(SimpleMemory::new(
            p,
            store.clone(),
        )))),
        None => Ok(Built::Part),
    }
}

/// The DRAM parameters of `ctrl` (a `MemCtrl`) and its `dram` interface.
pub fn dram_params(ctrl: &ObjectNode, ctx: &BuildCtx) -> Result<DramParams, BuildError> {
    let path = ctrl.object_ref("dram")?.ok_or_else(|| {
        invalid(
            ctrl,
            "dram: is NULL; allowed values: a DRAMInterface".into(),
        )
    })?;
    let d = ctx.node(&path)?;
    if d.type_name != "DRAMInterface" {
        return Err(invalid(
            ctrl,
            format!(
                "dram: is a {}; allowed values: a DRAMInterface",
                d.type_name
            ),
        ));
    }
    DramParams::from_nodes(ctrl, d)
}

/// A `MemCtrl` over `store`. When its interface's range is one slice of memory
/// interleaved over several controllers, the controller drops the bits that select
/// the slice before decoding (the lowest bit of each interleaving mask).
pub fn mem_ctrl(
    node: &ObjectNode,
    ctx: &BuildCtx,
    store: Option<&Arc<BackingStore>>,
) -> Result<Built, BuildError> {
    let p = dram_params(node, ctx)?;
    let Some(store) = store else {
        return Ok(Built::Part);
    };
    let mut ctrl = DramCtrl::new(p, store.clone());
    if let Some(iface) = node.object_ref("dram")? {
        let range = interleaved_range(ctx.node(&iface)?, "range")?;
        let bits = range
            .masks
            .iter()
            .filter(|m| **m != 0)
            .map(|m| m.trailing_zeros());
        ctrl.set_channel_bits(bits.collect());
    }
    Ok(Built::Component(Box::new(ctrl)))
}
