//! Writing [`CacheStats`] out through a [`StatVisitor`], in gem5's order and names:
//! every per-requestor stat is a vector over the requestor ids, named by the
//! visitor's requestor names (`overallMisses::cpu.data`) and flagged
//! `total | nozero | nonan` as gem5 registers them.

use super::stats::{CacheStats, CmdStats, CMD_NAMES, DEMAND, HARD_PF, READ_CLEAN, READ_SHARED};
use sim_core::stats::requestors::WRITEBACKS;
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};

/// gem5's flags on every per-requestor cache stat.
const PER_REQUESTOR: StatFlags = StatFlags::TOTAL
    .with(StatFlags::NOZERO)
    .with(StatFlags::NONAN);

/// Slots summed by the overall stats: demand plus hardware prefetches.
const OVERALL: [usize; 6] = [0, 1, 2, READ_CLEAN, READ_SHARED, HARD_PF];

/// The order gem5 lists the per-command groups in (its `MemCmd` order), as
/// indices into [`CMD_NAMES`]; `None` is the `WritebackClean` group.
const CMD_ORDER: [Option<usize>; 11] = [
    Some(0),
    Some(1),
    None,
    Some(HARD_PF),
    Some(3),
    Some(2),
    Some(READ_CLEAN),
    Some(READ_SHARED),
    Some(5),
    Some(6),
    Some(4),
];

/// `a / b` as gem5's formulas compute it (NaN for 0/0, infinite for x/0).
fn div(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

/// Per-requestor counters of one command group or of a sum of groups.
struct PerRequestor {
    by_req: Vec<CmdStats>,
    total: CmdStats,
}

impl PerRequestor {
    fn new(by_req: Vec<CmdStats>) -> Self {
        let mut total = CmdStats::default();
        by_req.iter().for_each(|c| total.add(c));
        PerRequestor { by_req, total }
    }
}

/// Writes per-requestor vectors named by the visitor's requestor names.
struct Writer<'a> {
    names: Vec<&'a str>,
}

impl Writer<'_> {
    /// A counter vector: `f` of each requestor's counts, total = sum.
    fn counts(
        &self,
        v: &mut dyn StatVisitor,
        name: &str,
        p: &PerRequestor,
        f: impl Fn(&CmdStats) -> u64,
        desc: &str,
        unit: Unit,
    ) {
        let values: Vec<f64> = p.by_req.iter().map(|c| f(c) as f64).collect();
        self.write(v, name, &values, f(&p.total) as f64, desc, unit);
    }

    /// A formula vector: `f` of each requestor's counts, total = `f` of the totals.
    fn formula(
        &self,
        v: &mut dyn StatVisitor,
        name: &str,
        p: &PerRequestor,
        f: impl Fn(&CmdStats) -> f64,
        desc: &str,
        unit: Unit,
    ) {
        let values: Vec<f64> = p.by_req.iter().map(&f).collect();
        self.write(v, name, &values, f(&p.total), desc, unit);
    }

    fn write(
        &self,
        v: &mut dyn StatVisitor,
        name: &str,
        values: &[f64],
        total: f64,
        desc: &str,
        unit: Unit,
    ) {
        let stat = VectorStat::new(values)
            .subnames(&self.names[..values.len()])
            .total(total)
            .flags(PER_REQUESTOR);
        v.vector_stat(name, stat, desc, unit);
    }
}

impl CacheStats {
    /// Per-requestor counters of the `slots` groups summed, over `n` requestors.
    fn per_requestor(&self, slots: &[usize], n: usize) -> PerRequestor {
        let mut by_req = vec![CmdStats::default(); n];
        for (r, per) in self.rows().iter().enumerate() {
            for &s in slots {
                by_req[r].add(&per[s]);
            }
        }
        PerRequestor::new(by_req)
    }

    /// Report everything, gem5's order.
    pub fn visit(
        &self,
        v: &mut dyn StatVisitor,
        tags: &dyn Fn(&mut dyn StatVisitor),
        prefetcher: bool,
        clock_period: u64,
    ) {
        // One element per requestor id the system names (at least one per id seen),
        // so a vector never collapses to gem5's one-element scalar form.
        let known = v.requestor_names().to_vec();
        let n = known
            .len()
            .max(self.rows().len())
            .max(WRITEBACKS as usize + 2);
        let fallback: Vec<String> = (known.len()..n).map(|i| i.to_string()).collect();
        let w = Writer {
            names: known.iter().chain(&fallback).map(String::as_str).collect(),
        };
        let demand = self.per_requestor(&DEMAND, n);
        let overall = self.per_requestor(&OVERALL, n);
        let (tick, tpc, count) = (Unit::Tick, Unit::TICK_PER_COUNT, Unit::Count);
        w.counts(
            v,
            "demandHits",
            &demand,
            |c| c.hits,
            "number of demand (read+write) hits",
            count,
        );
        w.counts(
            v,
            "overallHits",
            &overall,
            |c| c.hits,
            "number of overall hits",
            count,
        );
        w.counts(
            v,
            "demandMisses",
            &demand,
            |c| c.misses,
            "number of demand (read+write) misses",
            count,
        );
        w.counts(
            v,
            "overallMisses",
            &overall,
            |c| c.misses,
            "number of overall misses",
            count,
        );
        let lat = |c: &CmdStats| c.miss_latency;
        w.counts(
            v,
            "demandMissLatency",
            &demand,
            lat,
            "number of demand (read+write) miss ticks",
            tick,
        );
        w.counts(
            v,
            "overallMissLatency",
            &overall,
            lat,
            "number of overall miss ticks",
            tick,
        );
        let acc = |c: &CmdStats| (c.hits + c.misses) as f64;
        w.formula(
            v,
            "demandAccesses",
            &demand,
            acc,
            "number of demand (read+write) accesses",
            count,
        );
        w.formula(
            v,
            "overallAccesses",
            &overall,
            acc,
            "number of overall (read+write) accesses",
            count,
        );
        let rate = |c: &CmdStats| div(c.misses, c.hits + c.misses);
        w.formula(
            v,
            "demandMissRate",
            &demand,
            rate,
            "miss rate for demand accesses",
            Unit::Ratio,
        );
        w.formula(
            v,
            "overallMissRate",
            &overall,
            rate,
            "miss rate for overall accesses",
            Unit::Ratio,
        );
        let avg = |c: &CmdStats| div(c.miss_latency, c.misses);
        w.formula(
            v,
            "demandAvgMissLatency",
            &demand,
            avg,
            "average overall miss latency in ticks",
            tpc,
        );
        w.formula(
            v,
            "overallAvgMissLatency",
            &overall,
            avg,
            "average overall miss latency",
            tpc,
        );
        let blocked_cycles = self.blocked_ticks / clock_period.max(1);
        v.scalar(
            "blockedCycles::no_mshrs",
            blocked_cycles as f64,
            "number of cycles access was blocked",
            Unit::Cycle,
        );
        let mut wb = vec![0.0; n];
        wb[WRITEBACKS as usize] = self.writebacks as f64;
        w.write(
            v,
            "writebacks",
            &wb,
            self.writebacks as f64,
            "number of writebacks",
            count,
        );
        let mh = |c: &CmdStats| c.mshr_hits;
        w.counts(
            v,
            "demandMshrHits",
            &demand,
            mh,
            "number of demand (read+write) MSHR hits",
            count,
        );
        w.counts(
            v,
            "overallMshrHits",
            &overall,
            mh,
            "number of overall MSHR hits",
            count,
        );
        let mm = |c: &CmdStats| c.mshr_misses;
        w.counts(
            v,
            "demandMshrMisses",
            &demand,
            mm,
            "number of demand (read+write) MSHR misses",
            count,
        );
        w.counts(
            v,
            "overallMshrMisses",
            &overall,
            mm,
            "number of overall MSHR misses",
            count,
        );
        let ml = |c: &CmdStats| c.mshr_miss_latency;
        w.counts(
            v,
            "demandMshrMissLatency",
            &demand,
            ml,
            "number of demand (read+write) MSHR miss ticks",
            tick,
        );
        w.counts(
            v,
            "overallMshrMissLatency",
            &overall,
            ml,
            "number of overall MSHR miss ticks",
            tick,
        );
        let mr = |c: &CmdStats| div(c.mshr_misses, c.hits + c.misses);
        w.formula(
            v,
            "demandMshrMissRate",
            &demand,
            mr,
            "mshr miss ratio for demand accesses",
            Unit::Ratio,
        );
        w.formula(
            v,
            "overallMshrMissRate",
            &overall,
            mr,
            "mshr miss ratio for overall accesses",
            Unit::Ratio,
        );
        let am = |c: &CmdStats| div(c.mshr_miss_latency, c.mshr_misses);
        w.formula(
            v,
            "demandAvgMshrMissLatency",
            &demand,
            am,
            "average overall mshr miss latency",
            tpc,
        );
        w.formula(
            v,
            "overallAvgMshrMissLatency",
            &overall,
            am,
            "average overall mshr miss latency",
            tpc,
        );
        v.scalar(
            "replacements",
            self.replacements as f64,
            "number of replacements",
            Unit::Count,
        );
        // Every command group is listed; its lines are `nozero`, so only the
        // commands the cache saw print (a group with no line prints nothing).
        for k in CMD_ORDER {
            match k {
                Some(k) => w.visit_cmd(v, CMD_NAMES[k], &self.per_requestor(&[k], n)),
                None => {
                    let mut by_req = vec![CmdStats::default(); n];
                    by_req[WRITEBACKS as usize].hits = self.writeback_clean_hits;
                    w.visit_cmd(v, "WritebackClean", &PerRequestor::new(by_req));
                }
            }
        }
        tags(v);
        if prefetcher {
            self.visit_prefetcher(v);
        }
    }

    fn visit_prefetcher(&self, v: &mut dyn StatVisitor) {
        let p = &self.pf;
        let c = Unit::Count;
        v.begin_group("prefetcher");
        v.scalar(
            "pfIdentified",
            p.identified as f64,
            "number of prefetch candidates identified",
            c,
        );
        v.scalar(
            "pfHitInCache",
            p.hit_in_cache as f64,
            "number of prefetches hitting in cache",
            c,
        );
        v.scalar(
            "pfHitInMSHR",
            p.hit_in_mshr as f64,
            "number of prefetches hitting in a MSHR",
            c,
        );
        v.scalar("pfIssued", p.issued as f64, "number of hwpf issued", c);
        v.scalar("pfUseful", p.useful as f64, "number of useful prefetch", c);
        v.scalar(
            "pfUnused",
            p.unused as f64,
            "number of HardPF blocks evicted w/o reference",
            c,
        );
        v.scalar("pfLate", p.late as f64, "number of late prefetches", c);
        v.formula(
            "accuracy",
            div(p.useful, p.issued),
            None,
            "accuracy of the prefetcher",
            Unit::Count,
        );
        let cov = div(p.useful, p.useful + self.demand_misses());
        v.formula(
            "coverage",
            cov,
            None,
            "coverage brought by this prefetcher",
            Unit::Count,
        );
        v.end_group();
    }
}

impl Writer<'_> {
    /// One command's group (`ReadReq.hits::cpu.data`, ...).
    fn visit_cmd(&self, v: &mut dyn StatVisitor, name: &str, p: &PerRequestor) {
        let (tick, tpc, count) = (Unit::Tick, Unit::TICK_PER_COUNT, Unit::Count);
        v.begin_group(name);
        self.counts(
            v,
            "hits",
            p,
            |c| c.hits,
            &format!("number of {name} hits"),
            count,
        );
        self.counts(
            v,
            "misses",
            p,
            |c| c.misses,
            &format!("number of {name} misses"),
            count,
        );
        let lat = |c: &CmdStats| c.miss_latency;
        self.counts(
            v,
            "missLatency",
            p,
            lat,
            &format!("number of {name} miss ticks"),
            tick,
        );
        let acc = |c: &CmdStats| (c.hits + c.misses) as f64;
        self.formula(
            v,
            "accesses",
            p,
            acc,
            &format!("number of {name} accesses(hits+misses)"),
            count,
        );
        let rate = |c: &CmdStats| div(c.misses, c.hits + c.misses);
        self.formula(
            v,
            "missRate",
            p,
            rate,
            &format!("miss rate for {name} accesses"),
            Unit::Ratio,
        );
        let avg = |c: &CmdStats| div(c.miss_latency, c.misses);
        self.formula(
            v,
            "avgMissLatency",
            p,
            avg,
            &format!("average {name} miss latency"),
            tpc,
        );
        let mh = |c: &CmdStats| c.mshr_hits;
        self.counts(
            v,
            "mshrHits",
            p,
            mh,
            &format!("number of {name} MSHR hits"),
            count,
        );
        let mm = |c: &CmdStats| c.mshr_misses;
        self.counts(
            v,
            "mshrMisses",
            p,
            mm,
            &format!("number of {name} MSHR misses"),
            count,
        );
        let ml = |c: &CmdStats| c.mshr_miss_latency;
        self.counts(
            v,
            "mshrMissLatency",
            p,
            ml,
            &format!("number of {name} MSHR miss ticks"),
            tick,
        );
        let mr = |c: &CmdStats| div(c.mshr_misses, c.hits + c.misses);
        self.formula(
            v,
            "mshrMissRate",
            p,
            mr,
            &format!("mshr miss rate for {name} accesses"),
            Unit::Ratio,
        );
        let am = |c: &CmdStats| div(c.mshr_miss_latency, c.mshr_misses);
        self.formula(
            v,
            "avgMshrMissLatency",
            p,
            am,
            &format!("average {name} mshr miss latency"),
            tpc,
        );
        v.end_group();
    }
}
