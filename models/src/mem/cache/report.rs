//! Writing [`CacheStats`] out through a [`StatVisitor`], in gem5's order and names.

use super::stats::{ratio, CacheStats, CmdStats, CMD_NAMES, DEMAND, HARD_PF};
use sim_core::stats::{StatFlags, StatVisitor, Unit};

/// gem5's flags on every per-requestor cache stat: a zero or NaN line is left out.
const PER_REQUESTOR: StatFlags = StatFlags::NOZERO.with(StatFlags::NONAN);

/// The order gem5 lists the per-command groups in (its `MemCmd` order), as
/// indices into [`CMD_NAMES`]; `None` is the `WritebackClean` group.
const CMD_ORDER: [Option<usize>; 9] = [
    Some(0),
    Some(1),
    None,
    Some(HARD_PF),
    Some(3),
    Some(2),
    Some(5),
    Some(6),
    Some(4),
];

/// One per-requestor stat, printed (as yet) by its `::total` line only.
fn total_line(v: &mut dyn StatVisitor, name: &str, x: f64, formula: bool, desc: &str, unit: Unit) {
    let full = format!("{name}::total");
    if formula {
        v.formula_flagged(&full, x, None, PER_REQUESTOR, desc, unit);
    } else {
        v.scalar_flagged(&full, x, PER_REQUESTOR, desc, unit);
    }
}

impl CacheStats {
    /// Report everything, gem5's order.
    pub fn visit(
        &self,
        v: &mut dyn StatVisitor,
        tags_in_use: usize,
        prefetcher: bool,
        clock_period: u64,
    ) {
        const OVERALL: [usize; 4] = [0, 1, 2, HARD_PF];
        let t = |v: &mut dyn StatVisitor, name: &str, x: f64, desc: &str, unit: Unit| {
            total_line(v, name, x, false, desc, unit);
        };
        let tf = |v: &mut dyn StatVisitor, name: &str, x: f64, desc: &str, unit: Unit| {
            total_line(v, name, x, true, desc, unit);
        };
        let dh = self.demand_hits();
        let oh = self.sum(&OVERALL, |c| c.hits);
        let dm = self.demand_misses();
        let om = self.sum(&OVERALL, |c| c.misses);
        let dl = self.sum(&DEMAND, |c| c.miss_latency);
        let ol = self.sum(&OVERALL, |c| c.miss_latency);
        let tick = Unit::Tick;
        let tpc = Unit::TICK_PER_COUNT;
        t(
            v,
            "demandHits",
            dh as f64,
            "number of demand (read+write) hits",
            Unit::Count,
        );
        t(
            v,
            "overallHits",
            oh as f64,
            "number of overall hits",
            Unit::Count,
        );
        t(
            v,
            "demandMisses",
            dm as f64,
            "number of demand (read+write) misses",
            Unit::Count,
        );
        t(
            v,
            "overallMisses",
            om as f64,
            "number of overall misses",
            Unit::Count,
        );
        t(
            v,
            "demandMissLatency",
            dl as f64,
            "number of demand (read+write) miss ticks",
            tick,
        );
        t(
            v,
            "overallMissLatency",
            ol as f64,
            "number of overall miss ticks",
            tick,
        );
        let (da, oa) = (dh + dm, oh + om);
        tf(
            v,
            "demandAccesses",
            da as f64,
            "number of demand (read+write) accesses",
            Unit::Count,
        );
        tf(
            v,
            "overallAccesses",
            oa as f64,
            "number of overall (read+write) accesses",
            Unit::Count,
        );
        tf(
            v,
            "demandMissRate",
            ratio(dm, da),
            "miss rate for demand accesses",
            Unit::Ratio,
        );
        tf(
            v,
            "overallMissRate",
            ratio(om, oa),
            "miss rate for overall accesses",
            Unit::Ratio,
        );
        tf(
            v,
            "demandAvgMissLatency",
            ratio(dl, dm),
            "average overall miss latency in ticks",
            tpc,
        );
        tf(
            v,
            "overallAvgMissLatency",
            ratio(ol, om),
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
        t(
            v,
            "writebacks",
            self.writebacks as f64,
            "number of writebacks",
            Unit::Count,
        );
        let dmh = self.demand_mshr_hits();
        let omh = self.sum(&OVERALL, |c| c.mshr_hits);
        let dmm = self.demand_mshr_misses();
        let omm = self.sum(&OVERALL, |c| c.mshr_misses);
        let dml = self.sum(&DEMAND, |c| c.mshr_miss_latency);
        let oml = self.sum(&OVERALL, |c| c.mshr_miss_latency);
        t(
            v,
            "demandMshrHits",
            dmh as f64,
            "number of demand (read+write) MSHR hits",
            Unit::Count,
        );
        t(
            v,
            "overallMshrHits",
            omh as f64,
            "number of overall MSHR hits",
            Unit::Count,
        );
        t(
            v,
            "demandMshrMisses",
            dmm as f64,
            "number of demand (read+write) MSHR misses",
            Unit::Count,
        );
        t(
            v,
            "overallMshrMisses",
            omm as f64,
            "number of overall MSHR misses",
            Unit::Count,
        );
        t(
            v,
            "demandMshrMissLatency",
            dml as f64,
            "number of demand (read+write) MSHR miss ticks",
            tick,
        );
        t(
            v,
            "overallMshrMissLatency",
            oml as f64,
            "number of overall MSHR miss ticks",
            tick,
        );
        tf(
            v,
            "demandMshrMissRate",
            ratio(dmm, da),
            "mshr miss ratio for demand accesses",
            Unit::Ratio,
        );
        tf(
            v,
            "overallMshrMissRate",
            ratio(omm, oa),
            "mshr miss ratio for overall accesses",
            Unit::Ratio,
        );
        tf(
            v,
            "demandAvgMshrMissLatency",
            ratio(dml, dmm),
            "average overall mshr miss latency",
            tpc,
        );
        tf(
            v,
            "overallAvgMshrMissLatency",
            ratio(oml, omm),
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
                Some(k) => visit_cmd(v, CMD_NAMES[k], &self.cmd[k]),
                None => {
                    let wbc = CmdStats {
                        hits: self.writeback_clean_hits,
                        ..CmdStats::default()
                    };
                    visit_cmd(v, "WritebackClean", &wbc);
                }
            }
        }
        v.begin_group("tags");
        v.scalar(
            "tagsInUse",
            tags_in_use as f64,
            "Average ticks per tags in use",
            Unit::Count,
        );
        v.end_group();
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
            ratio(p.useful, p.issued),
            None,
            "accuracy of the prefetcher",
            Unit::Count,
        );
        let cov = ratio(p.useful, p.useful + self.demand_misses());
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

fn visit_cmd(v: &mut dyn StatVisitor, name: &str, c: &CmdStats) {
    let t = |v: &mut dyn StatVisitor, stat: &str, x: f64, desc: String, unit: Unit, f: bool| {
        total_line(v, stat, x, f, &desc, unit);
    };
    let acc = c.hits + c.misses;
    v.begin_group(name);
    t(
        v,
        "hits",
        c.hits as f64,
        format!("number of {name} hits"),
        Unit::Count,
        false,
    );
    t(
        v,
        "misses",
        c.misses as f64,
        format!("number of {name} misses"),
        Unit::Count,
        false,
    );
    t(
        v,
        "missLatency",
        c.miss_latency as f64,
        format!("number of {name} miss ticks"),
        Unit::Tick,
        false,
    );
    t(
        v,
        "accesses",
        acc as f64,
        format!("number of {name} accesses(hits+misses)"),
        Unit::Count,
        true,
    );
    t(
        v,
        "missRate",
        ratio(c.misses, acc),
        format!("miss rate for {name} accesses"),
        Unit::Ratio,
        true,
    );
    let aml = ratio(c.miss_latency, c.misses);
    t(
        v,
        "avgMissLatency",
        aml,
        format!("average {name} miss latency"),
        Unit::TICK_PER_COUNT,
        true,
    );
    t(
        v,
        "mshrHits",
        c.mshr_hits as f64,
        format!("number of {name} MSHR hits"),
        Unit::Count,
        false,
    );
    t(
        v,
        "mshrMisses",
        c.mshr_misses as f64,
        format!("number of {name} MSHR misses"),
        Unit::Count,
        false,
    );
    let ml = c.mshr_miss_latency as f64;
    t(
        v,
        "mshrMissLatency",
        ml,
        format!("number of {name} MSHR miss ticks"),
        Unit::Tick,
        false,
    );
    let mr = ratio(c.mshr_misses, acc);
    t(
        v,
        "mshrMissRate",
        mr,
        format!("mshr miss rate for {name} accesses"),
        Unit::Ratio,
        true,
    );
    let aml = ratio(c.mshr_miss_latency, c.mshr_misses);
    t(
        v,
        "avgMshrMissLatency",
        aml,
        format!("average {name} mshr miss latency"),
        Unit::TICK_PER_COUNT,
        true,
    );
    v.end_group();
}
