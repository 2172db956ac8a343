//! Parameters of a traffic generator (gem5's `BaseTrafficGen` parameters), read
//! from a config.json node.

use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};
use sim_core::{AddrRange, Tick};

/// The gem5 parameters [`TrafficGenParams::from_tree`] reads, sorted by name
/// ([`TrafficGenParams::from_node`] reads all but `system`).
pub const TRAFFIC_GEN_PARAMS: &[&str] = &[
    "elastic_req",
    "max_outstanding_reqs",
    "progress_check",
    "system",
];

/// What shapes a traffic generator besides its phases.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficGenParams {
    /// The generator's path (`board.processor.cores.generator`), for errors.
    pub path: String,
    /// Slow down when requests are refused (gem5's `elastic_req`, default false):
    /// the gap to the next request then counts from when the refused one went out.
    pub elastic_req: bool,
    /// Requests waiting for responses before the generator stops sending; 0 means
    /// no limit (gem5's `max_outstanding_reqs`, default 0; negative values also
    /// mean no limit there, and are read as 0).
    pub max_outstanding_reqs: u64,
    /// Time without sending anything (waiting for a retry or for responses) after
    /// which the run stops with an error (gem5's `progress_check`, default 1 ms).
    pub progress_check: Tick,
    /// The system's cache line size: a request may not be larger (gem5 reads it
    /// from `system`; default 64).
    pub cache_line_size: u64,
    /// Ranges of memory: requests elsewhere are dropped and counted in
    /// `numSuppressed`, as gem5's `system->isMemAddr` check does. Empty: all
    /// addresses are memory.
    pub mem_ranges: Vec<AddrRange>,
    /// Requestor id carried by the packets (writes are filled with its low byte,
    /// as gem5 fills them with the requestor id).
    pub requestor_id: u32,
    /// Seed of the generator's random stream; `None` derives it from the
    /// component's path, so two generators differ and every run is the same.
    pub seed: Option<u64>,
}

impl Default for TrafficGenParams {
    /// gem5's defaults.
    fn default() -> Self {
        TrafficGenParams {
            path: String::new(),
            elastic_req: false,
            max_outstanding_reqs: 0,
            progress_check: Tick(1_000_000_000),
            cache_line_size: 64,
            mem_ranges: Vec::new(),
            requestor_id: 0,
            seed: None,
        }
    }
}

impl TrafficGenParams {
    /// Read gem5's `BaseTrafficGen` parameters from `node` (a `PyTrafficGen`).
    /// The cache line size and memory ranges come from the system; the builder
    /// fills them from the node `system` refers to.
    pub fn from_node(node: &ObjectNode) -> Result<TrafficGenParams, BuildError> {
        // gem5 limits only when the value is above 0: 0 and negatives mean no limit.
        let max = node.i64("max_outstanding_reqs")?.max(0) as u64;
        Ok(TrafficGenParams {
            path: node.path.clone(),
            elastic_req: node.bool("elastic_req")?,
            max_outstanding_reqs: max,
            progress_check: node.ticks("progress_check")?,
            ..TrafficGenParams::default()
        })
    }

    /// [`TrafficGenParams::from_node`], plus what gem5 takes from the `system`
    /// the generator belongs to: its `cache_line_size` (the largest request) and
    /// `mem_ranges` (requests elsewhere are suppressed).
    pub fn from_tree(node: &ObjectNode, ctx: &BuildCtx) -> Result<TrafficGenParams, BuildError> {
        let mut params = TrafficGenParams::from_node(node)?;
        if let Some(system) = node.object_ref("system")? {
            let system = ctx.node(&system)?;
            params.cache_line_size = system.u64("cache_line_size")?;
            params.mem_ranges = system.addr_ranges("mem_ranges")?;
        }
        Ok(params)
    }
}
