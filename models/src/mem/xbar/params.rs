//! Parameters of the non-coherent crossbar, and the timing both crossbars share.

use sim_core::{AddrRange, ClockDomain, Cycles, Frequency, Tick};

/// Parameters of a non-coherent crossbar (gem5's `NoncoherentXBar`).
#[derive(Clone, Debug)]
pub struct XBarParams {
    /// Number of CPU-side (response) ports.
    pub cpu_side_ports: usize,
    /// Address range served behind each memory-side (request) port.
    pub mem_side_ranges: Vec<AddrRange>,
    /// Clock of the crossbar.
    pub clock: Frequency,
    /// Datapath width in bytes per cycle: a packet's payload occupies its layer for
    /// `ceil(size / width)` cycles (gem5 `width`).
    pub width: u32,
    /// Cycles a packet's header occupies a layer (gem5 `header_latency`, default 1).
    pub header_latency: Cycles,
    /// Cycles to accept a request (gem5 `frontend_latency`).
    pub frontend_latency: Cycles,
    /// Cycles to forward a request (gem5 `forward_latency`).
    pub forward_latency: Cycles,
    /// Cycles to return a response (gem5 `response_latency`).
    pub response_latency: Cycles,
}

impl XBarParams {
    /// gem5's `SystemXBar` timing (width 16, frontend 3, forward 4, response 2) with
    /// one memory-side port per range.
    pub fn system(cpu_side_ports: usize, ranges: Vec<AddrRange>, clock: Frequency) -> Self {
        XBarParams {
            cpu_side_ports,
            mem_side_ranges: ranges,
            clock,
            width: 16,
            header_latency: Cycles(1),
            frontend_latency: Cycles(3),
            forward_latency: Cycles(4),
            response_latency: Cycles(2),
        }
    }

    /// The timing part, shared with the coherent crossbar.
    pub(crate) fn timing(&self) -> XBarTiming {
        XBarTiming {
            domain: ClockDomain::new(self.clock),
            width: self.width.max(1),
            header: self.header_latency,
            frontend: self.frontend_latency,
            forward: self.forward_latency,
            response: self.response_latency,
        }
    }
}

/// The latencies and width every crossbar has, converted for fast use.
#[derive(Copy, Clone, Debug)]
pub(crate) struct XBarTiming {
    /// The crossbar's clock.
    pub domain: ClockDomain,
    /// Bytes per cycle (at least 1).
    pub width: u32,
    /// Header cycles per packet on a layer.
    pub header: Cycles,
    /// Request acceptance cycles.
    pub frontend: Cycles,
    /// Request forwarding cycles.
    pub forward: Cycles,
    /// Response cycles.
    pub response: Cycles,
}

impl XBarTiming {
    /// Ticks spanned by `c` cycles of the crossbar clock.
    #[inline]
    pub fn ticks(&self, c: u64) -> Tick {
        self.domain.cycles_to_ticks(Cycles(c))
    }

    /// The crossbar's first clock edge at or after `now` (packets move on edges).
    #[inline]
    pub fn edge(&self, now: Tick) -> Tick {
        self.domain.next_edge(now)
    }

    /// Cycles a packet with `bytes` of payload occupies a layer (header + payload).
    #[inline]
    pub fn layer_cycles(&self, bytes: u64) -> u64 {
        self.header.0 + bytes.div_ceil(self.width as u64)
    }

    /// Latency a request sees through the crossbar (frontend + forward).
    #[inline]
    pub fn request_delay(&self) -> Tick {
        self.ticks(self.frontend.0 + self.forward.0)
    }

    /// Latency a response sees through the crossbar.
    #[inline]
    pub fn response_delay(&self) -> Tick {
        self.ticks(self.response.0)
    }

    /// gem5-style parameter list for config.ini.
    pub fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("width".into(), json!(self.width)),
            ("header_latency".into(), json!(self.header.0)),
            ("frontend_latency".into(), json!(self.frontend.0)),
            ("forward_latency".into(), json!(self.forward.0)),
            ("response_latency".into(), json!(self.response.0)),
            ("clk_domain".into(), json!(self.domain.period().0)),
        ]
    }
}
