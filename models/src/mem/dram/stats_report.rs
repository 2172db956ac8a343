//! How the DRAM controller's counters are reported: gem5's names, descriptions,
//! units, precisions and derived formulas, in gem5's order.

use super::params::DramParams;
use super::power::{energy, Histogram, PowerState, PWR_STATE_NAMES};
use super::stats::{CtrlStats, DramStats, RequestorCounts, Window};
use sim_core::stats::requestors;
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

/// Per-requestor vectors named by the visitor's requestor names.
struct PerRequestor<'a> {
    counts: &'a [RequestorCounts],
    names: Vec<String>,
}

impl<'a> PerRequestor<'a> {
    fn new(s: &'a CtrlStats, v: &dyn StatVisitor) -> Self {
        let known = v.requestor_names();
        let n = known.len().max(s.by_requestor.len()).max(2);
        PerRequestor {
            counts: &s.by_requestor,
            names: requestors::subnames(known, n),
        }
    }

    /// `f` of each requestor's counts (0 beyond those seen); `total` is the
    /// stat's total (a formula's is the formula over its operands' totals),
    /// which decides whether a `nozero` vector prints its elements.
    #[allow(clippy::too_many_arguments)]
    fn write(
        &self,
        v: &mut dyn StatVisitor,
        name: &str,
        f: impl Fn(&RequestorCounts) -> f64,
        total: f64,
        flags: StatFlags,
        precision: Option<u8>,
        desc: &str,
        unit: Unit,
    ) {
        let zero = RequestorCounts::default();
        let values: Vec<f64> = (0..self.names.len())
            .map(|i| f(self.counts.get(i).unwrap_or(&zero)))
            .collect();
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let mut stat = VectorStat::new(&values)
            .subnames(&names)
            .total(total)
            .flags(flags);
        if let Some(p) = precision {
            stat = stat.precision(p);
        }
        v.vector_stat(name, stat, desc, unit);
    }

    fn sum(&self, f: impl Fn(&RequestorCounts) -> u64) -> u64 {
        self.counts.iter().map(f).sum()
    }
}

/// Report the stats gem5's DRAM interface inherits from `AbstractMemory`
/// (`bytesRead::cpu.inst`, ..., `bwTotal::total`), which it prints before its
/// own: per requestor, `total | nozero | nonan`.
pub(super) fn visit_memory(s: &CtrlStats, w: Window, v: &mut dyn StatVisitor) {
    let flags = StatFlags::TOTAL | StatFlags::NOZERO | StatFlags::NONAN;
    let secs = w.seconds();
    let p = PerRequestor::new(s, v);
    let c = Unit::Count;
    let b = Unit::Byte;
    let rd = |r: &RequestorCounts| r.mem_bytes_read;
    let ird = |r: &RequestorCounts| r.mem_bytes_inst_read;
    let wr = |r: &RequestorCounts| r.mem_bytes_written;
    let (trd, tird, twr) = (p.sum(rd) as f64, p.sum(ird) as f64, p.sum(wr) as f64);
    let count = |f: fn(&RequestorCounts) -> u64| move |r: &RequestorCounts| f(r) as f64;
    p.write(
        v,
        "bytesRead",
        count(rd),
        trd,
        flags,
        None,
        "Number of bytes read from this memory",
        b,
    );
    p.write(
        v,
        "bytesInstRead",
        count(ird),
        tird,
        flags,
        None,
        "Number of instructions bytes read from this memory",
        b,
    );
    p.write(
        v,
        "bytesWritten",
        count(wr),
        twr,
        flags,
        None,
        "Number of bytes written to this memory",
        b,
    );
    let nr = |r: &RequestorCounts| r.mem_num_reads;
    let nw = |r: &RequestorCounts| r.mem_num_writes;
    p.write(
        v,
        "numReads",
        count(nr),
        p.sum(nr) as f64,
        flags,
        None,
        "Number of read requests responded to by this memory",
        c,
    );
    p.write(
        v,
        "numWrites",
        count(nw),
        p.sum(nw) as f64,
        flags,
        None,
        "Number of write requests responded to by this memory",
        c,
    );
    let other = s.neither_read_nor_write_reqs as f64;
    p.write(
        v,
        "numOther",
        |_| 0.0,
        other,
        flags,
        None,
        "Number of other requests responded to by this memory",
        c,
    );
    let bw = |f: fn(&RequestorCounts) -> u64| move |r: &RequestorCounts| f(r) as f64 / secs;
    p.write(
        v,
        "bwRead",
        bw(rd),
        trd / secs,
        flags,
        Some(0),
        "Total read bandwidth from this memory",
        BPS,
    );
    p.write(
        v,
        "bwInstRead",
        bw(ird),
        tird / secs,
        flags,
        Some(0),
        "Instruction read bandwidth from this memory",
        BPS,
    );
    p.write(
        v,
        "bwWrite",
        bw(wr),
        twr / secs,
        flags,
        Some(0),
        "Write bandwidth from this memory",
        BPS,
    );
    let both = move |r: &RequestorCounts| (r.mem_bytes_read + r.mem_bytes_written) as f64 / secs;
    p.write(
        v,
        "bwTotal",
        both,
        (trd + twr) / secs,
        flags,
        Some(0),
        "Total bandwidth to/from this memory",
        BPS,
    );
}

/// Report the controller's per-requestor stats (gem5's `requestorReadBytes` ...,
/// which have no `::total` line).
fn visit_ctrl_requestors(s: &CtrlStats, w: Window, v: &mut dyn StatVisitor) {
    let nz = StatFlags::NOZERO | StatFlags::NONAN;
    let secs = w.seconds();
    let p = PerRequestor::new(s, v);
    let (b, c, t) = (Unit::Byte, Unit::Count, Unit::Tick);
    let rb = |r: &RequestorCounts| r.read_bytes;
    let wb = |r: &RequestorCounts| r.write_bytes;
    let f = |g: fn(&RequestorCounts) -> u64| move |r: &RequestorCounts| g(r) as f64;
    let per_sec = |g: fn(&RequestorCounts) -> u64| move |r: &RequestorCounts| g(r) as f64 / secs;
    p.write(
        v,
        "requestorReadBytes",
        f(rb),
        p.sum(rb) as f64,
        nz,
        None,
        "Per-requestor bytes read from memory",
        b,
    );
    p.write(
        v,
        "requestorWriteBytes",
        f(wb),
        p.sum(wb) as f64,
        nz,
        None,
        "Per-requestor bytes write to memory",
        b,
    );
    p.write(
        v,
        "requestorReadRate",
        per_sec(rb),
        p.sum(rb) as f64 / secs,
        nz,
        Some(12),
        "Per-requestor bytes read from memory rate",
        BPS,
    );
    p.write(
        v,
        "requestorWriteRate",
        per_sec(wb),
        p.sum(wb) as f64 / secs,
        nz,
        Some(12),
        "Per-requestor bytes write to memory rate",
        BPS,
    );
    let ra = |r: &RequestorCounts| r.read_accesses;
    let wa = |r: &RequestorCounts| r.write_accesses;
    let nozero = StatFlags::NOZERO;
    p.write(
        v,
        "requestorReadAccesses",
        f(ra),
        p.sum(ra) as f64,
        nozero,
        None,
        "Per-requestor read serviced memory accesses",
        c,
    );
    p.write(
        v,
        "requestorWriteAccesses",
        f(wa),
        p.sum(wa) as f64,
        nozero,
        None,
        "Per-requestor write serviced memory accesses",
        c,
    );
    let rl = |r: &RequestorCounts| r.read_total_lat;
    let wl = |r: &RequestorCounts| r.write_total_lat;
    p.write(
        v,
        "requestorReadTotalLat",
        f(rl),
        p.sum(rl) as f64,
        nz,
        None,
        "Per-requestor read total memory access latency",
        t,
    );
    p.write(
        v,
        "requestorWriteTotalLat",
        f(wl),
        p.sum(wl) as f64,
        nz,
        None,
        "Per-requestor write total memory access latency",
        t,
    );
    let nonan = StatFlags::NONAN;
    let ral = |r: &RequestorCounts| r.read_total_lat as f64 / r.read_accesses as f64;
    let wal = |r: &RequestorCounts| r.write_total_lat as f64 / r.write_accesses as f64;
    let avg = |l: u64, a: u64| l as f64 / a as f64;
    let total_ral = avg(p.sum(rl), p.sum(ra));
    let total_wal = avg(p.sum(wl), p.sum(wa));
    p.write(
        v,
        "requestorReadAvgLat",
        ral,
        total_ral,
        nonan,
        Some(2),
        "Per-requestor read average memory access latency",
        TPC,
    );
    p.write(
        v,
        "requestorWriteAvgLat",
        wal,
        total_wal,
        nonan,
        Some(2),
        "Per-requestor write average memory access latency",
        TPC,
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
    visit_ctrl_requestors(s, w, v);
}

/// Report the `dram` subgroup's stats (the caller opens the group).
pub(super) fn visit_dram(
    s: &DramStats,
    p: &DramParams,
    power: &PowerState,
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
    visit_histogram(
        v,
        "bytesPerActivate",
        &power.bytes_per_activate,
        "Bytes accessed per row activation",
        Unit::Byte,
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
        visit_rank_power(v, p, power, r as usize, w);
        v.end_group();
    }
}

/// A gem5 `Histogram` with `nozero`: nothing without samples; otherwise
/// `::samples`, `::mean`, `::gmean`, `::stdev`, the non-empty buckets with their
/// pdf and cdf, and `::total`.
fn visit_histogram(v: &mut dyn StatVisitor, name: &str, h: &Histogram, desc: &str, unit: Unit) {
    if h.samples == 0 {
        return;
    }
    let n = h.samples as f64;
    let nz = StatFlags::NOZERO;
    let stdev = ((n * h.squares - h.sum * h.sum) / (n * (n - 1.0))).sqrt();
    v.scalar_flagged(&format!("{name}::samples"), n, nz, desc, unit);
    v.formula_flagged(&format!("{name}::mean"), h.sum / n, None, nz, desc, unit);
    let gmean = (h.logs / n).exp();
    v.formula_flagged(&format!("{name}::gmean"), gmean, None, nz, desc, unit);
    v.formula_flagged(&format!("{name}::stdev"), stdev, None, nz, desc, unit);
    let (labels, counts): (Vec<String>, Vec<f64>) =
        h.buckets().map(|(label, c)| (label, c as f64)).unzip();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let flags = nz
        .with(StatFlags::PDF)
        .with(StatFlags::CDF)
        .with(StatFlags::TOTAL);
    let stat = VectorStat::new(&counts)
        .subnames(&labels)
        .total(n)
        .flags(flags);
    v.vector_stat(name, stat, desc, unit);
}

/// gem5's `RankStats` of rank `r`: DRAMPower's energies (pJ), the average power
/// (mW) since the last reset, and the time in each power state (ticks). Without
/// power-down or self-refresh their energies and times are 0, as gem5 prints them.
fn visit_rank_power(
    v: &mut dyn StatVisitor,
    p: &DramParams,
    power: &PowerState,
    r: usize,
    w: Window,
) {
    let rank = &power.ranks[r];
    let e = energy(p, &rank.counters);
    let j = Unit::Joule;
    v.scalar(
        "actEnergy",
        e.act,
        "Energy for activate commands per rank (pJ)",
        j,
    );
    v.scalar(
        "preEnergy",
        e.pre,
        "Energy for precharge commands per rank (pJ)",
        j,
    );
    v.scalar(
        "readEnergy",
        e.read,
        "Energy for read commands per rank (pJ)",
        j,
    );
    v.scalar(
        "writeEnergy",
        e.write,
        "Energy for write commands per rank (pJ)",
        j,
    );
    v.scalar(
        "refreshEnergy",
        e.refresh,
        "Energy for refresh commands per rank (pJ)",
        j,
    );
    v.scalar(
        "actBackEnergy",
        e.act_back,
        "Energy for active background per rank (pJ)",
        j,
    );
    v.scalar(
        "preBackEnergy",
        e.pre_back,
        "Energy for precharge background per rank (pJ)",
        j,
    );
    v.scalar(
        "actPowerDownEnergy",
        0.0,
        "Energy for active power-down per rank (pJ)",
        j,
    );
    v.scalar(
        "prePowerDownEnergy",
        0.0,
        "Energy for precharge power-down per rank (pJ)",
        j,
    );
    v.scalar(
        "selfRefreshEnergy",
        0.0,
        "Energy for self refresh per rank (pJ)",
        j,
    );
    v.scalar("totalEnergy", e.total, "Total energy per rank (pJ)", j);
    // pJ per tick (ps) is W; gem5 prints mW.
    let ticks = w.now.0.saturating_sub(w.start.0) as f64;
    v.scalar(
        "averagePower",
        e.total / ticks * 1000.0,
        "Core power per rank (mW)",
        Unit::Watt,
    );
    v.scalar(
        "totalIdleTime",
        0.0,
        "Total Idle time Per DRAM Rank",
        Unit::Tick,
    );
    let times: Vec<f64> = rank.state_time.iter().map(|&t| t as f64).collect();
    let stat = VectorStat::new(&times).subnames(&PWR_STATE_NAMES);
    v.vector_stat(
        "pwrStateTime",
        stat,
        "Time in different power states",
        Unit::Tick,
    );
}
