//! Requestor ids: who made a memory request, for gem5's per-requestor stats
//! (`overallMisses::cpu.data`, `writebacks::writebacks`, DRAM
//! `requestorReadBytes::cpu.inst`).
//!
//! A packet carries its requestor as a small integer ([`Requestor::id`]); caches and
//! memories index their per-requestor counters by it. The id is derived from the
//! requesting component's id, so no registry is needed while simulating: ids
//! 0-2 are gem5's system-wide requestors (`writebacks`, `functional`,
//! `interrupt`), then each component has four, one per [`RequestorPort`]. At dump
//! time [`requestor_names`] names every id after the component's path without
//! the system's own name, as gem5's `System::getRequestorName` does
//! (`system.cpu` → `cpu.inst`, `cpu.data`; `system.cpu.dcache` →
//! `cpu.dcache.prefetcher`).
//!
//! [`Requestor::id`]: crate::mem::Requestor

use crate::component::ComponentId;

/// Lines written back or evicted by a cache (gem5's `wbRequestorId`).
pub const WRITEBACKS: u32 = 0;
/// Functional accesses (gem5's `funcRequestorId`).
pub const FUNCTIONAL: u32 = 1;
/// Interrupt controllers (gem5's `intRequestorId`).
pub const INTERRUPT: u32 = 2;
/// Names of the system-wide requestors, by id.
const SYSTEM_REQUESTORS: [&str; 3] = ["writebacks", "functional", "interrupt"];

/// Which of a component's requestors made a request.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RequestorPort {
    /// A CPU's instruction fetches (`cpu.inst`).
    Inst = 0,
    /// A CPU's data accesses (`cpu.data`).
    Data = 1,
    /// A cache's prefetcher (`cpu.dcache.prefetcher`).
    Prefetcher = 2,
    /// The component itself (a traffic generator: `tgen`).
    Own = 3,
}

const PER_COMPONENT: u32 = 4;
const SUFFIXES: [&str; PER_COMPONENT as usize] = [".inst", ".data", ".prefetcher", ""];

/// The requestor id of `port` of component `component`.
pub const fn requestor_id(component: ComponentId, port: RequestorPort) -> u32 {
    SYSTEM_REQUESTORS.len() as u32 + component.0 * PER_COMPONENT + port as u32
}

/// Every requestor id's name, by id, for a system whose components are named by
/// `names` (in component-id order). The system's own name (the first path
/// component, `system` or the stdlib's `board`) is left out, as gem5 does.
pub fn requestor_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = SYSTEM_REQUESTORS.iter().map(|s| s.to_string()).collect();
    for name in names {
        let local = name.split_once('.').map_or(name, |(_, rest)| rest);
        out.extend(SUFFIXES.iter().map(|s| format!("{local}{s}")));
    }
    out
}

/// Whether requests of `id` are instruction fetches (a CPU's `inst` requestor):
/// gem5's `Request::isInstFetch`, which levels below the first cache still see.
pub const fn is_inst_fetch(id: u32) -> bool {
    let first = SYSTEM_REQUESTORS.len() as u32;
    id >= first && (id - first) % PER_COMPONENT == RequestorPort::Inst as u32
}

/// Subnames for a per-requestor vector of `n` elements: the visitor's names
/// (`known`), and the index for ids beyond them.
pub fn subnames(known: &[String], n: usize) -> Vec<String> {
    (0..n)
        .map(|i| known.get(i).cloned().unwrap_or_else(|| i.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_agree() {
        let names = requestor_names(["system.cpu", "system.cpu.dcache", "board.tgen"]);
        let id = |c, p| names[requestor_id(ComponentId(c), p) as usize].as_str();
        assert_eq!(names[WRITEBACKS as usize], "writebacks");
        assert_eq!(names[FUNCTIONAL as usize], "functional");
        assert_eq!(names[INTERRUPT as usize], "interrupt");
        assert_eq!(id(0, RequestorPort::Inst), "cpu.inst");
        assert_eq!(id(0, RequestorPort::Data), "cpu.data");
        assert_eq!(id(1, RequestorPort::Prefetcher), "cpu.dcache.prefetcher");
        assert_eq!(id(2, RequestorPort::Own), "tgen");
        assert_eq!(names.len(), 3 + 3 * 4);
        assert!(is_inst_fetch(requestor_id(
            ComponentId(1),
            RequestorPort::Inst
        )));
        assert!(!is_inst_fetch(requestor_id(
            ComponentId(1),
            RequestorPort::Data
        )));
        assert!(!is_inst_fetch(WRITEBACKS));
        assert_eq!(subnames(&names[..2], 3), ["writebacks", "functional", "2"]);
    }
}
