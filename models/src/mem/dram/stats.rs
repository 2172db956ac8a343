//! Counters of the DRAM controller (gem5's `MemCtrl::CtrlStats` and
//! `DRAMInterface::DRAMStats`); `stats_report` names and prints them.

use super::params::DramParams;
use sim_core::Tick;

/// A gem5 `Average` stat: the time-weighted mean of a value that is set at events
/// (gem5 sets the queue lengths on every enqueue and holds them in between).
#[derive(Clone, Debug, Default)]
pub(super) struct TimeAverage {
    area: f64,
    value: f64,
    since: Tick,
}

impl TimeAverage {
    /// The value becomes `v` at tick `now`.
    pub fn set(&mut self, v: usize, now: Tick) {
        self.area += self.value * now.0.saturating_sub(self.since.0) as f64;
        self.value = v as f64;
        self.since = now;
    }
    /// The mean over `[start, now)`.
    pub fn mean(&self, start: Tick, now: Tick) -> f64 {
        let area = self.area + self.value * now.0.saturating_sub(self.since.0) as f64;
        area / now.0.saturating_sub(start.0) as f64
    }
    /// The sum of two averages as one (two queues counted as one), at `now`.
    pub fn combined(&self, other: &TimeAverage, now: Tick) -> TimeAverage {
        let settled = |t: &TimeAverage| t.area + t.value * now.0.saturating_sub(t.since.0) as f64;
        TimeAverage {
            area: settled(self) + settled(other),
            value: self.value + other.value,
            since: now,
        }
    }
    /// Start a new averaging window at `now`, keeping the current value.
    pub fn reset(&mut self, now: Tick) {
        self.area = 0.0;
        self.since = now;
    }
}

/// Controller-level counters (gem5's `MemCtrl::CtrlStats`).
#[derive(Clone, Debug, Default)]
pub(super) struct CtrlStats {
    pub read_reqs: u64,
    pub write_reqs: u64,
    pub read_bursts: u64,
    pub write_bursts: u64,
    pub serviced_by_wr_q: u64,
    pub merged_wr_bursts: u64,
    pub neither_read_nor_write_reqs: u64,
    pub avg_rd_q_len: TimeAverage,
    pub avg_wr_q_len: TimeAverage,
    pub num_rd_retry: u64,
    pub num_wr_retry: u64,
    /// Indexed by ceil(log2(burst bytes)), 0..=6.
    pub read_pkt_size: [u64; 7],
    pub write_pkt_size: [u64; 7],
    pub rd_q_len_pdf: Vec<u64>,
    pub wr_q_len_pdf: Vec<u64>,
    pub bytes_read_wr_q: u64,
    pub bytes_read_sys: u64,
    pub bytes_written_sys: u64,
    pub tot_gap: u64,
    /// Per requestor id (see `sim_core::stats::requestors`).
    pub by_requestor: Vec<RequestorCounts>,
}

/// Per-requestor counters: the controller's (gem5's `requestorReadBytes` ...)
/// and those of the memory behind it (`AbstractMemory`'s `bytesRead` ...).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct RequestorCounts {
    /// Bytes of read bursts issued to the DRAM.
    pub read_bytes: u64,
    /// Bytes of write bursts issued to the DRAM.
    pub write_bytes: u64,
    /// Read bursts queued (including those the write queue served).
    pub read_accesses: u64,
    /// Write bursts queued (including merged ones).
    pub write_accesses: u64,
    /// Ticks from queueing to data of the read bursts issued.
    pub read_total_lat: u64,
    /// Ticks from queueing to data of the write bursts issued.
    pub write_total_lat: u64,
    /// Bytes of the read packets answered.
    pub mem_bytes_read: u64,
    /// Of those, bytes of instruction fetches.
    pub mem_bytes_inst_read: u64,
    /// Bytes of the write packets answered.
    pub mem_bytes_written: u64,
    /// Read packets answered.
    pub mem_num_reads: u64,
    /// Write packets answered.
    pub mem_num_writes: u64,
}

/// DRAM-level counters (gem5's `DRAMInterface::DRAMStats`).
#[derive(Clone, Debug, Default)]
pub(super) struct DramStats {
    pub read_bursts: u64,
    pub write_bursts: u64,
    pub per_bank_rd_bursts: Vec<u64>,
    pub per_bank_wr_bursts: Vec<u64>,
    pub tot_q_lat: u64,
    pub tot_bus_lat: u64,
    pub tot_mem_acc_lat: u64,
    pub read_row_hits: u64,
    pub write_row_hits: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
}

impl CtrlStats {
    /// The counters of requestor `id`.
    pub fn requestor(&mut self, id: u32) -> &mut RequestorCounts {
        let i = id as usize;
        if i >= self.by_requestor.len() {
            self.by_requestor.resize(i + 1, RequestorCounts::default());
        }
        &mut self.by_requestor[i]
    }

    /// Zeroed counters sized for `p`'s queues.
    pub fn new(p: &DramParams) -> Self {
        CtrlStats {
            rd_q_len_pdf: vec![0; p.read_buffer_size],
            wr_q_len_pdf: vec![0; p.write_buffer_size],
            ..Default::default()
        }
    }
}

impl DramStats {
    /// Zeroed counters sized for `p`'s banks.
    pub fn new(p: &DramParams) -> Self {
        DramStats {
            per_bank_rd_bursts: vec![0; p.total_banks()],
            per_bank_wr_bursts: vec![0; p.total_banks()],
            ..Default::default()
        }
    }
}

/// ceil(log2(size)), the index gem5's packet-size histograms use.
pub(super) fn size_log2(size: u32) -> usize {
    (size.max(1).next_power_of_two().trailing_zeros() as usize).min(6)
}

/// The time window stats are reported over.
#[derive(Copy, Clone, Debug)]
pub(super) struct Window {
    /// Tick of the last reset.
    pub start: Tick,
    /// Tick the stats are read at.
    pub now: Tick,
}

impl Window {
    /// Seconds in the window.
    pub fn seconds(self) -> f64 {
        (self.now.0.saturating_sub(self.start.0)) as f64 / sim_core::SIM_FREQ as f64
    }
}
