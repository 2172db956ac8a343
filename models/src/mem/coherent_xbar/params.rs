//! Parameters of the coherent crossbar and gem5's two presets.

use super::snoop_filter::SnoopFilterParams;
use crate::mem::xbar::XBarTiming;
use crate::mem::XBarParams;
use sim_core::{AddrRange, Cycles, Frequency};

/// Parameters of a coherent crossbar (gem5's `CoherentXBar`).
#[derive(Clone, Debug)]
pub struct CoherentXBarParams {
    /// Number of CPU-side (response) ports; at most
    /// [`MAX_CPU_SIDE_PORTS`](super::MAX_CPU_SIDE_PORTS) (the snoop filter's port mask).
    pub cpu_side_ports: usize,
    /// Address range served behind each memory-side (request) port.
    pub mem_side_ranges: Vec<AddrRange>,
    /// Clock of the crossbar.
    pub clock: Frequency,
    /// Datapath width in bytes per cycle (gem5 `width`).
    pub width: u32,
    /// Cycles a packet's header occupies a layer (gem5 `header_latency`, default 1).
    pub header_latency: Cycles,
    /// Cycles to accept a request (gem5 `frontend_latency`).
    pub frontend_latency: Cycles,
    /// Cycles to forward a request (gem5 `forward_latency`).
    pub forward_latency: Cycles,
    /// Cycles to return a response (gem5 `response_latency`).
    pub response_latency: Cycles,
    /// Cycles to return a response a snooped cache supplied (gem5 `snoop_response_latency`).
    pub snoop_response_latency: Cycles,
    /// This crossbar is where coherence is resolved (the memory bus): it answers
    /// `UpgradeReq`/`InvalidateReq` itself and sinks `CleanEvict` (gem5 `point_of_coherency`).
    pub point_of_coherency: bool,
    /// The snoop filter; `None` broadcasts every snoop to all other CPU-side ports.
    pub snoop_filter: Option<SnoopFilterParams>,
}

impl CoherentXBarParams {
    /// gem5's `SystemXBar` (the memory bus): width 16, frontend 3, forward 4,
    /// response 2, snoop response 4 cycles, point of coherency, snoop filter with
    /// lookup latency 0.
    pub fn system_xbar(cpu_side_ports: usize, ranges: Vec<AddrRange>, clock: Frequency) -> Self {
        CoherentXBarParams {
            cpu_side_ports,
            mem_side_ranges: ranges,
            clock,
            width: 16,
            header_latency: Cycles(1),
            frontend_latency: Cycles(3),
            forward_latency: Cycles(4),
            response_latency: Cycles(2),
            snoop_response_latency: Cycles(4),
            point_of_coherency: true,
            snoop_filter: Some(SnoopFilterParams {
                lookup_latency: Cycles(0),
                ..SnoopFilterParams::default()
            }),
        }
    }

    /// gem5's `L2XBar` (between L1s and a shared or private L2): width 32, frontend 1,
    /// forward 0, response 1, snoop response 1 cycle, not the point of coherency,
    /// snoop filter with lookup latency 0.
    pub fn l2_xbar(cpu_side_ports: usize, ranges: Vec<AddrRange>, clock: Frequency) -> Self {
        CoherentXBarParams {
            width: 32,
            frontend_latency: Cycles(1),
            forward_latency: Cycles(0),
            response_latency: Cycles(1),
            snoop_response_latency: Cycles(1),
            point_of_coherency: false,
            ..Self::system_xbar(cpu_side_ports, ranges, clock)
        }
    }

    /// The timing shared with the non-coherent crossbar.
    pub(crate) fn timing(&self) -> XBarTiming {
        XBarParams {
            cpu_side_ports: self.cpu_side_ports,
            mem_side_ranges: Vec::new(),
            clock: self.clock,
            width: self.width,
            header_latency: self.header_latency,
            frontend_latency: self.frontend_latency,
            forward_latency: self.forward_latency,
            response_latency: self.response_latency,
        }
        .timing()
    }
}
