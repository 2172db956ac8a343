//! gem5's `BaseTrafficGen::StatGroup`: counters and the formulas over them.

use sim_core::stats::{StatVisitor, Unit};

/// The counters; the averages and bandwidths are computed when visited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Requests dropped because their address is not memory.
    pub num_suppressed: u64,
    /// Requests generated.
    pub num_packets: u64,
    /// Retries received.
    pub num_retries: u64,
    /// Ticks refused packets waited before they went out.
    pub retry_ticks: u64,
    /// Bytes read (counted at the response).
    pub bytes_read: u64,
    /// Bytes written (counted at the response).
    pub bytes_written: u64,
    /// Sum of read latencies, from generation to response.
    pub total_read_latency: u64,
    /// Sum of write latencies.
    pub total_write_latency: u64,
    /// Reads answered.
    pub total_reads: u64,
    /// Writes answered.
    pub total_writes: u64,
}

impl GenStats {
    /// Report in gem5's order; `seconds` is the stats window (gem5's `simSeconds`).
    pub fn visit(&self, seconds: f64, v: &mut dyn StatVisitor) {
        let c = |x: u64| x as f64;
        v.scalar(
            "numSuppressed",
            c(self.num_suppressed),
            "Number of suppressed packets to non-memory space",
            Unit::Count,
        );
        v.scalar(
            "numPackets",
            c(self.num_packets),
            "Number of packets generated",
            Unit::Count,
        );
        v.scalar(
            "numRetries",
            c(self.num_retries),
            "Number of retries",
            Unit::Count,
        );
        v.scalar(
            "retryTicks",
            c(self.retry_ticks),
            "Time spent waiting due to back-pressure",
            Unit::Tick,
        );
        v.scalar(
            "bytesRead",
            c(self.bytes_read),
            "Number of bytes read",
            Unit::Byte,
        );
        v.scalar(
            "bytesWritten",
            c(self.bytes_written),
            "Number of bytes written",
            Unit::Byte,
        );
        v.scalar(
            "totalReadLatency",
            c(self.total_read_latency),
            "Total latency of read requests",
            Unit::Tick,
        );
        v.scalar(
            "totalWriteLatency",
            c(self.total_write_latency),
            "Total latency of write requests",
            Unit::Tick,
        );
        v.scalar(
            "totalReads",
            c(self.total_reads),
            "Total num of reads",
            Unit::Count,
        );
        v.scalar(
            "totalWrites",
            c(self.total_writes),
            "Total num of writes",
            Unit::Count,
        );
        v.formula(
            "avgReadLatency",
            c(self.total_read_latency) / c(self.total_reads),
            None,
            "Avg latency of read requests",
            Unit::TICK_PER_COUNT,
        );
        v.formula(
            "avgWriteLatency",
            c(self.total_write_latency) / c(self.total_writes),
            None,
            "Avg latency of write requests",
            Unit::TICK_PER_COUNT,
        );
        v.formula(
            "readBW",
            c(self.bytes_read) / seconds,
            None,
            "Read bandwidth",
            Unit::BYTE_PER_SECOND,
        );
        v.formula(
            "writeBW",
            c(self.bytes_written) / seconds,
            None,
            "Write bandwidth",
            Unit::BYTE_PER_SECOND,
        );
    }
}
