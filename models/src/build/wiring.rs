//! Ports of the tree as connections between components, and what a constructor
//! needs to know about its neighbours: how many ports a crossbar has, which
//! addresses each of its memory-side ports leads to, whether caches sit above a cache.

use crate::mem::dram::interleaved_range;
use crate::mem::Interleave;
use sim_core::component::ComponentId;
use sim_core::config::object_tree::{BuildError, ObjectNode, ObjectTree, PortEnd};
use sim_core::{AddrRange, SystemBuilder};
use std::collections::HashMap;

/// Type names of the crossbars (snoops and ranges pass through them).
const XBAR_TYPES: &[&str] = &["CoherentXBar", "NoncoherentXBar"];

/// How deep neighbour searches go (a tree deeper than this is a loop).
const MAX_DEPTH: usize = 64;

/// Connections of `node`'s port `name` (0 when unconnected).
pub fn port_count(node: &ObjectNode, name: &str) -> usize {
    node.port(name).map_or(0, |p| p.peers.len())
}

/// The smallest range covering `a` and `b`.
fn hull(a: AddrRange, b: AddrRange) -> AddrRange {
    AddrRange::new(a.start.0.min(b.start.0), a.end.0.max(b.end.0))
}

/// Every address (a port whose far side decides for itself).
fn all_memory() -> AddrRange {
    AddrRange::new(0, u64::MAX)
}

/// The addresses reachable through the port `peer` (the far end of a memory-side port).
fn range_behind(tree: &ObjectTree, peer: &PortEnd, depth: usize) -> Result<AddrRange, BuildError> {
    let node = tree.node(&peer.port.owner)?;
    if depth > MAX_DEPTH {
        return Ok(all_memory());
    }
    if let Some(r) = super::memory_objects::memory_range(node)? {
        return Ok(r);
    }
    let interface = |name: &str| -> Result<Option<AddrRange>, BuildError> {
        match node.object_ref(name).ok().flatten() {
            Some(path) => super::memory_objects::memory_range(tree.node(&path)?),
            None => Ok(None),
        }
    };
    if let Some(mut r) = interface("dram")? {
        if let Some(r2) = interface("dram_2")? {
            r = hull(r, r2);
        }
        return Ok(r);
    }
    if let Ok(base) = node.u64("pio_addr") {
        // A programmed-I/O device: its window (4 KiB unless it says).
        return Ok(AddrRange::new(base, node.u64("pio_size").unwrap_or(0x1000)));
    }
    if XBAR_TYPES.contains(&node.type_name.as_str()) {
        let ranges = mem_side_ranges(tree, node)?;
        return Ok(ranges.into_iter().reduce(hull).unwrap_or_else(all_memory));
    }
    Ok(match node.addr_ranges("addr_ranges") {
        Ok(rs) if !rs.is_empty() => rs.into_iter().reduce(hull).unwrap_or_else(all_memory),
        _ => all_memory(),
    })
}

/// The address range behind each memory-side port of crossbar `node`, in port order.
pub fn mem_side_ranges(tree: &ObjectTree, node: &ObjectNode) -> Result<Vec<AddrRange>, BuildError> {
    let Some(port) = node.port("mem_side_ports") else {
        return Ok(Vec::new());
    };
    port.peers
        .iter()
        .map(|peer| range_behind(tree, peer, 0))
        .collect()
}

/// For each memory-side port of crossbar `node`, the slice of interleaved memory
/// behind it: a `MemCtrl` whose interface's range has interleaving masks (one
/// channel of gem5's multi-channel memories); `None` for other ports.
pub fn mem_side_interleaving(
    tree: &ObjectTree,
    node: &ObjectNode,
) -> Result<Vec<Option<Interleave>>, BuildError> {
    let Some(port) = node.port("mem_side_ports") else {
        return Ok(Vec::new());
    };
    port.peers
        .iter()
        .map(|peer| {
            let owner = tree.node(&peer.port.owner)?;
            if owner.type_name != "MemCtrl" {
                return Ok(None);
            }
            let Some(iface) = owner.object_ref("dram")? else {
                return Ok(None);
            };
            let range = interleaved_range(tree.node(&iface)?, "range")?;
            if range.masks.is_empty() {
                return Ok(None);
            }
            Ok(Some(Interleave {
                masks: range.masks,
                select: range.intlv_match,
            }))
        })
        .collect()
}

/// Whether a cache sits above `node`'s `cpu_side` port (directly or through
/// crossbars): then the cache must show snoops upward.
pub fn has_cache_above(tree: &ObjectTree, node: &ObjectNode) -> bool {
    fn above(tree: &ObjectTree, node: &ObjectNode, port: &str, depth: usize) -> bool {
        let Some(p) = node.port(port) else {
            return false;
        };
        p.peers.iter().any(|peer| {
            let Some(up) = tree.get(&peer.port.owner) else {
                return false;
            };
            match up.type_name.as_str() {
                "Cache" | "NoncoherentCache" => true,
                t if XBAR_TYPES.contains(&t) && depth < MAX_DEPTH => {
                    above(tree, up, "cpu_side_ports", depth + 1)
                }
                _ => false,
            }
        })
    }
    above(tree, node, "cpu_side", 0)
}

/// The component-side name of a port end: `icache_port`, `cpu_side_ports[2]`.
fn port_name(end: &PortEnd) -> String {
    match end.index {
        Some(i) => format!("{}[{i}]", end.port.port),
        None => end.port.port.clone(),
    }
}

/// Connect every binding of `tree` between the components in `ids` (path → id).
pub fn connect_all(
    tree: &ObjectTree,
    ids: &HashMap<String, ComponentId>,
    b: &mut SystemBuilder,
) -> Result<(), BuildError> {
    let id_of = |end: &PortEnd| {
        ids.get(&end.port.owner)
            .copied()
            .ok_or_else(|| BuildError::Invalid {
                path: end.port.owner.clone(),
                what: format!(
                    "{end}: this object has no simulated ports (its type models no component)"
                ),
            })
    };
    for binding in tree.bindings()? {
        let (req, resp) = (&binding.requestor, &binding.responder);
        b.connect_named(id_of(req)?, &port_name(req), id_of(resp)?, &port_name(resp))
            .map_err(|e| BuildError::Invalid {
                path: req.port.owner.clone(),
                what: format!("connecting {req} to {resp}: {e}"),
            })?;
    }
    Ok(())
}
