//! How the DRAM controller's counters are reported: gem5's names, descriptions,
//! units, precisions and derived formulas, in gem5's order.

use super::params::DramParams;
use super::stats::{CtrlStats, DramStats, Window};
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};

/// A vector gem5 registers without flags: every element, no `::total` line.
fn plain_vector(
    v: &mut dyn StatVisitor,
    name: &str,
    values: &[u64],
    _: Option<&[&str]>,
    desc: &str,
    unit: Unit,
) {
    let values: Vec<f64> = values.iter().map(|&x| x as f64).collect();
    v.vector_stat(name, VectorStat::new(&values), desc, unit);
}

const BPS: Unit = Unit::BYTE_PER_SECOND;
const TPC: Unit = Unit::TICK_PER_COUNT;

/// Report the stats gem5's DRAM interface inherits from `AbstractMemory`
/// (`bytesRead`, ..., `bwTotal`), which it prints before its own. They are kept
/// per requestor in gem5 (`total | nozero | nonan`); here only their `::total`
/// lines, from the controller's counts of the packets it answered. The
/// instruction-fetch ones (`bytesInstRead`, `bwInstRead`) are not kept.
pub(super) fn visit_memory(s: &CtrlStats, w: Window, v: &mut dyn StatVisitor) {
    let flags = StatFlags::NOZERO.with(StatFlags::NONAN);
    let secs = w.seconds();
    let mut total = |name: &str, x: f64, formula: bool, desc: &str, unit: Unit| {
        let name = format!("{name}::total");
        if formula {
            v.formula_flagged(&name, x, Some(0), flags, desc, unit);
        } else {
            v.scalar_flagged(&name, x, flags, desc, unit);
        }
    };
    let (rd, wr) = (s.bytes_read_sys as f64, s.bytes_written_sys as f64);
    let c = Unit::Count;
    total(
        "bytesRead",
        rd,
        false,
        "Number of bytes read from this memory",
        Unit::Byte,
    );
    total(
        "bytesWritten",
        wr,
        false,
        "Number of bytes written to this memory",
        Unit::Byte,
    );
    let reads = s.read_reqs as f64;
    total(
        "numReads",
        reads,
        false,
        "Number of read requests responded to by this memory",
        c,
    );
    let writes = s.write_reqs as f64;
    total(
        "numWrites",
        writes,
        false,
        "Number of write requests responded to by this memory",
        c,
    );
    let other = s.neither_read_nor_write_reqs as f64;
    total(
        "numOther",
        other,
        false,
        "Number of other requests responded to by this memory",
        c,
    );
    total(
        "bwRead",
        rd / secs,
        true,
        "Total read bandwidth from this memory",
        BPS,
    );
    total(
        "bwWrite",
        wr / secs,
        true,
        "Write bandwidth from this memory",
        BPS,
    );
    total(
        "bwTotal",
        (rd + wr) / secs,
        true,
        "Total bandwidth to/from this memory",
        BPS,
    );
}

/// Report the controller-level stats.
pub(super) fn visit_ctrl(s: &CtrlStats, w: Window, v: &mut dyn StatVisitor) {
    let c = Unit::Count;
    v.scalar(
        "readReqs",
        s.read_reqs as f64,
        "Number of read requests accepted",
        c,
    );
    v.scalar(
        "writeReqs",
        s.write_reqs as f64,
        "Number of write requests accepted",
        c,
    );
    v.scalar(
        "readBursts",
        s.read_bursts as f64,
        "Number of controller read bursts, including those serviced by the write queue",
        c,
    );
    v.scalar(
        "writeBursts",
        s.write_bursts as f64,
        "Number of controller write bursts, including those merged in the write queue",
        c,
    );
    v.scalar(
        "servicedByWrQ",
        s.serviced_by_wr_q as f64,
        "Number of controller read bursts serviced by the write queue",
        c,
    );
    v.scalar(
        "mergedWrBursts",
        s.merged_wr_bursts as f64,
        "Number of controller write bursts merged with an existing one",
        c,
    );
    v.scalar(
        "neitherReadNorWriteReqs",
        s.neither_read_nor_write_reqs as f64,
        "Number of requests that are neither read nor write",
        c,
    );
    let per_tick = Unit::Rate(&Unit::Count, &Unit::Tick);
    v.formula(
        "avgRdQLen",
        s.avg_rd_q_len.mean(w.start, w.now),
        Some(2),
        "Average read queue length when enqueuing",
        per_tick,
    );
    v.formula(
        "avgWrQLen",
        s.avg_wr_q_len.mean(w.start, w.now),
        Some(2),
        "Average write queue length when enqueuing",
        per_tick,
    );
    v.scalar(
        "numRdRetry",
        s.num_rd_retry as f64,
        "Number of times read queue was full causing retry",
        c,
    );
    v.scalar(
        "numWrRetry",
        s.num_wr_retry as f64,
        "Number of times write queue was full causing retry",
        c,
    );
    plain_vector(
        v,
        "readPktSize",
        &s.read_pkt_size,
        None,
        "Read request sizes (log2)",
        c,
    );
    plain_vector(
        v,
        "writePktSize",
        &s.write_pkt_size,
        None,
        "Write request sizes (log2)",
        c,
    );
    plain_vector(
        v,
        "rdQLenPdf",
        &s.rd_q_len_pdf,
        None,
        "What read queue length does an incoming req see",
        c,
    );
    plain_vector(
        v,
        "wrQLenPdf",
        &s.wr_q_len_pdf,
        None,
        "What write queue length does an incoming req see",
        c,
    );
    v.scalar(
        "bytesReadWrQ",
        s.bytes_read_wr_q as f64,
        "Total number of bytes read from write queue",
        Unit::Byte,
    );
    v.scalar(
        "bytesReadSys",
        s.bytes_read_sys as f64,
        "Total read bytes from the system interface side",
        Unit::Byte,
    );
    v.scalar(
        "bytesWrittenSys",
        s.bytes_written_sys as f64,
        "Total written bytes from the system interface side",
        Unit::Byte,
    );
    let secs = w.seconds();
    v.formula(
        "avgRdBWSys",
        s.bytes_read_sys as f64 / secs,
        Some(8),
        "Average system read bandwidth in Byte/s",
        BPS,
    );
    v.formula(
        "avgWrBWSys",
        s.bytes_written_sys as f64 / secs,
        Some(8),
        "Average system write bandwidth in Byte/s",
        BPS,
    );
    v.scalar(
        "totGap",
        s.tot_gap as f64,
        "Total gap between requests",
        Unit::Tick,
    );
    v.formula(
        "avgGap",
        s.tot_gap as f64 / (s.read_reqs + s.write_reqs) as f64,
        Some(2),
        "Average gap between requests",
        TPC,
    );
}

/// Report the `dram` subgroup's stats (the caller opens the group).
pub(super) fn visit_dram(
    s: &DramStats,
    p: &DramParams,
    refreshes: u64,
    w: Window,
    v: &mut dyn StatVisitor,
) {
    let c = Unit::Count;
    let rd = s.read_bursts as f64;
    let wr = s.write_bursts as f64;
    v.scalar("readBursts", rd, "Number of DRAM read bursts", c);
    v.scalar("writeBursts", wr, "Number of DRAM write bursts", c);
    plain_vector(
        v,
        "perBankRdBursts",
        &s.per_bank_rd_bursts,
        None,
        "Per bank write bursts",
        c,
    );
    plain_vector(
        v,
        "perBankWrBursts",
        &s.per_bank_wr_bursts,
        None,
        "Per bank write bursts",
        c,
    );
    v.scalar(
        "totQLat",
        s.tot_q_lat as f64,
        "Total ticks spent queuing",
        Unit::Tick,
    );
    v.scalar(
        "totBusLat",
        s.tot_bus_lat as f64,
        "Total ticks spent in databus transfers",
        Unit::Tick,
    );
    v.scalar(
        "totMemAccLat",
        s.tot_mem_acc_lat as f64,
        "Total ticks spent from burst creation until serviced by the DRAM",
        Unit::Tick,
    );
    v.formula(
        "avgQLat",
        s.tot_q_lat as f64 / rd,
        Some(2),
        "Average queueing delay per DRAM burst",
        TPC,
    );
    v.formula(
        "avgBusLat",
        s.tot_bus_lat as f64 / rd,
        Some(2),
        "Average bus latency per DRAM burst",
        TPC,
    );
    v.formula(
        "avgMemAccLat",
        s.tot_mem_acc_lat as f64 / rd,
        Some(2),
        "Average memory access latency per DRAM burst",
        TPC,
    );
    v.scalar(
        "readRowHits",
        s.read_row_hits as f64,
        "Number of row buffer hits during reads",
        c,
    );
    v.scalar(
        "writeRowHits",
        s.write_row_hits as f64,
        "Number of row buffer hits during writes",
        c,
    );
    v.formula(
        "readRowHitRate",
        s.read_row_hits as f64 / rd * 100.0,
        Some(2),
        "Row buffer hit rate for reads",
        Unit::Ratio,
    );
    v.formula(
        "writeRowHitRate",
        s.write_row_hits as f64 / wr * 100.0,
        Some(2),
        "Row buffer hit rate for writes",
        Unit::Ratio,
    );
    v.scalar(
        "dramBytesRead",
        s.bytes_read as f64,
        "Total bytes read",
        Unit::Byte,
    );
    v.scalar(
        "dramBytesWritten",
        s.bytes_written as f64,
        "Total bytes written",
        Unit::Byte,
    );
    // As gem5: the DRAM-level bandwidths are in MB/s despite their unit.
    let secs = w.seconds();
    let rd_bw = s.bytes_read as f64 / 1e6 / secs;
    let wr_bw = s.bytes_written as f64 / 1e6 / secs;
    let peak = sim_core::SIM_FREQ as f64 / p.t_burst.0 as f64 * p.burst_size() as f64 / 1e6;
    v.formula(
        "avgRdBW",
        rd_bw,
        None,
        "Average DRAM read bandwidth in MiBytes/s",
        BPS,
    );
    v.formula(
        "avgWrBW",
        wr_bw,
        None,
        "Average DRAM write bandwidth in MiBytes/s",
        BPS,
    );
    v.formula(
        "peakBW",
        peak,
        Some(2),
        "Theoretical peak bandwidth in MiByte/s",
        BPS,
    );
    v.formula(
        "busUtil",
        (rd_bw + wr_bw) / peak * 100.0,
        Some(2),
        "Data bus utilization in percentage",
        Unit::Ratio,
    );
    v.formula(
        "busUtilRead",
        rd_bw / peak * 100.0,
        Some(2),
        "Data bus utilization in percentage for reads",
        Unit::Ratio,
    );
    v.formula(
        "busUtilWrite",
        wr_bw / peak * 100.0,
        Some(2),
        "Data bus utilization in percentage for writes",
        Unit::Ratio,
    );
    v.formula(
        "pageHitRate",
        (s.read_row_hits + s.write_row_hits) as f64 / (rd + wr) * 100.0,
        Some(2),
        "Row buffer hit rate, read and write combined",
        Unit::Ratio,
    );
    for r in 0..p.ranks_per_channel {
        v.begin_group(&format!("rank{r}"));
        v.scalar(
            "numRefreshes",
            refreshes as f64,
            "Number of refreshes issued to this rank",
            c,
        );
        v.end_group();
    }
}
