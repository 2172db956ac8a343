//! Memory-side objects as tree nodes: `Cache` (with its replacement policy and
//! prefetcher children), the crossbars (`CoherentXBar`, which gem5's `SystemXBar`
//! and `L2XBar` are, and `NoncoherentXBar`), `SimpleMemory` and `MemCtrl` with its
//! `DRAMInterface`.

use super::clock::clock_of;
use super::wiring::{has_cache_above, mem_side_ranges, port_count};
use super::Built;
use crate::boards::limits::{self, Limit};
use crate::mem::cache::{Cache, CacheParams, ReplacementPolicy, StridePrefetcherParams};
use crate::mem::coherent_xbar::{CoherentXBar, CoherentXBarParams, SnoopFilterParams};
use crate::mem::dram::{AddrMapping, DramCtrl, DramParams, PagePolicy};
use crate::mem::{SimpleMemory, SimpleMemoryParams, XBar, XBarParams};
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode, ParamError};
use sim_core::mem::BackingStore;
use sim_core::{AddrRange, Cycles, Tick};
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

/// Parameters the `MemCtrl` constructor reads (its interface's are below).
pub const MEM_CTRL_PARAMS: &[&str] = &[
    "dram",
    "min_writes_per_switch",
    "static_backend_latency",
    "static_frontend_latency",
    "write_high_thresh_perc",
    "write_low_thresh_perc",
];

/// Parameters of a `DRAMInterface` node that its controller reads.
pub const DRAM_INTERFACE_PARAMS: &[&str] = &[
    "activation_limit",
    "addr_mapping",
    "bank_groups_per_rank",
    "banks_per_rank",
    "burst_length",
    "device_bus_width",
    "device_rowbuffer_size",
    "device_size",
    "devices_per_rank",
    "max_accesses_per_row",
    "page_policy",
    "range",
    "ranks_per_channel",
    "read_buffer_size",
    "tBURST",
    "tCCD_L",
    "tCK",
    "tCL",
    "tCS",
    "tRAS",
    "tRCD",
    "tREFI",
    "tRFC",
    "tRP",
    "tRRD",
    "tRRD_L",
    "tRTP",
    "tRTW",
    "tWR",
    "tWTR",
    "tXAW",
    "write_buffer_size",
];

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

/// The address range a memory node serves, if it is a memory.
pub fn memory_range(node: &ObjectNode) -> Result<Option<AddrRange>, ParamError> {
    match node.type_name.as_str() {
        "SimpleMemory" | "DRAMInterface" => Ok(Some(node.addr_range("range")?)),
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
    Ok(Built::Component(Box::new(CoherentXBar::new(p))))
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

fn ticks(node: &ObjectNode, p: &str) -> Result<Tick, BuildError> {
    Ok(node.ticks(p)?)
}

fn count(node: &ObjectNode, p: &str) -> Result<u32, BuildError> {
    let v = node.u64(p)?;
    u32::try_from(v).map_err(|_| invalid(node, format!("{p}: is {v}; allowed values: 0 to 2^32-1")))
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
    let page_policy = match d
        .enumeration(
            "page_policy",
            &["open", "open_adaptive", "close", "close_adaptive"],
        )?
        .as_str()
    {
        "open" => PagePolicy::Open,
        "open_adaptive" => PagePolicy::OpenAdaptive,
        "close" => PagePolicy::Close,
        _ => PagePolicy::CloseAdaptive,
    };
    let addr_mapping = match d
        .enumeration("addr_mapping", &["RoRaBaChCo", "RoRaBaCoCh", "RoCoRaBaCh"])?
        .as_str()
    {
        "RoRaBaChCo" => AddrMapping::RoRaBaChCo,
        "RoRaBaCoCh" => AddrMapping::RoRaBaCoCh,
        _ => AddrMapping::RoCoRaBaCh,
    };
    let p = DramParams {
        range: d.addr_range("range")?,
        device_size: d.bytes("device_size")?,
        device_bus_width: count(d, "device_bus_width")?,
        burst_length: count(d, "burst_length")?,
        device_rowbuffer_size: d.bytes("device_rowbuffer_size")?,
        devices_per_rank: count(d, "devices_per_rank")?,
        ranks_per_channel: count(d, "ranks_per_channel")?,
        banks_per_rank: count(d, "banks_per_rank")?,
        bank_groups_per_rank: count(d, "bank_groups_per_rank")?,
        t_ck: ticks(d, "tCK")?,
        t_burst: ticks(d, "tBURST")?,
        t_rcd: ticks(d, "tRCD")?,
        t_cl: ticks(d, "tCL")?,
        t_rp: ticks(d, "tRP")?,
        t_ras: ticks(d, "tRAS")?,
        t_wr: ticks(d, "tWR")?,
        t_rtp: ticks(d, "tRTP")?,
        t_wtr: ticks(d, "tWTR")?,
        t_rtw: ticks(d, "tRTW")?,
        t_cs: ticks(d, "tCS")?,
        t_rrd: ticks(d, "tRRD")?,
        t_rrd_l: ticks(d, "tRRD_L")?,
        t_ccd_l: ticks(d, "tCCD_L")?,
        t_xaw: ticks(d, "tXAW")?,
        activation_limit: count(d, "activation_limit")?,
        t_rfc: ticks(d, "tRFC")?,
        t_refi: ticks(d, "tREFI")?,
        read_buffer_size: d.u64("read_buffer_size")? as usize,
        write_buffer_size: d.u64("write_buffer_size")? as usize,
        write_high_thresh_perc: count(ctrl, "write_high_thresh_perc")?,
        write_low_thresh_perc: count(ctrl, "write_low_thresh_perc")?,
        min_writes_per_switch: ctrl.u64("min_writes_per_switch")? as usize,
        page_policy,
        max_accesses_per_row: count(d, "max_accesses_per_row")?,
        addr_mapping,
        static_frontend_latency: ticks(ctrl, "static_frontend_latency")?,
        static_backend_latency: ticks(ctrl, "static_backend_latency")?,
    };
    check_dram(&p).map_err(|what| invalid(d, what))?;
    Ok(p)
}

/// A `MemCtrl` over `store`.
pub fn mem_ctrl(
    node: &ObjectNode,
    ctx: &BuildCtx,
    store: Option<&Arc<BackingStore>>,
) -> Result<Built, BuildError> {
    let p = dram_params(node, ctx)?;
    match store {
        Some(store) => Ok(Built::Component(Box::new(DramCtrl::new(p, store.clone())))),
        None => Ok(Built::Part),
    }
}

/// Refuse DRAM geometry and timing the controller cannot model (zero sizes or
/// periods, more banks or ranks than a burst location holds), naming the parameter.
fn check_dram(p: &DramParams) -> Result<(), String> {
    let range = |name: &str, v: u64, low: u64, high: u64| {
        if (low..=high).contains(&v) {
            Ok(())
        } else {
            Err(format!("{name}: is {v}; allowed values: {low} to {high}"))
        }
    };
    range("devices_per_rank", p.devices_per_rank.into(), 1, 1024)?;
    range("device_bus_width", p.device_bus_width.into(), 1, 1024)?;
    range("burst_length", p.burst_length.into(), 1, 1024)?;
    if p.burst_size() == 0 {
        return Err(format!(
            "device_bus_width: is {}; allowed values: enough bits for a burst of at least a byte",
            p.device_bus_width
        ));
    }
    range("device_rowbuffer_size", p.device_rowbuffer_size, 1, 1 << 30)?;
    range("banks_per_rank", p.banks_per_rank.into(), 1, 256)?;
    range("ranks_per_channel", p.ranks_per_channel.into(), 1, 256)?;
    range(
        "bank_groups_per_rank",
        p.bank_groups_per_rank.into(),
        0,
        p.banks_per_rank.into(),
    )?;
    range("tCK", p.t_ck.0, 1, u64::MAX)?;
    range("tBURST", p.t_burst.0, 1, u64::MAX)?;
    range("read_buffer_size", p.read_buffer_size as u64, 1, 1 << 16)?;
    range("write_buffer_size", p.write_buffer_size as u64, 1, 1 << 16)?;
    range(
        "write_high_thresh_perc",
        p.write_high_thresh_perc.into(),
        1,
        100,
    )?;
    range(
        "write_low_thresh_perc",
        p.write_low_thresh_perc.into(),
        0,
        100,
    )?;
    Ok(())
}
