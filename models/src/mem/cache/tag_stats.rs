//! gem5's `tags` stat group (`BaseTags::BaseTagStats`): valid tags and per-requestor
//! occupancy averaged over simulated time, references per block, the warm-up tick,
//! occupancy and age per task id, and tag/data array accesses.
//!
//! Everything but the per-line reference count is kept off the hit path: time
//! averages change when a line is installed or dropped, and the array accesses
//! are derived at dump time from the per-command hit and miss counts.
//!
//! As in gem5's final dump (its exit callback samples the lines still valid
//! before the exit dump), `totalRefs` and `sampledRefs` include the valid lines
//! at every dump. Task ids: simple CPUs in SE mode leave requests at gem5's
//! `Unknown` task (1024) and prefetches carry `Prefetcher` (1022); a line
//! installed by a writeback counts as `Unknown` (gem5 gives it the task of the
//! evicted line above).

use sim_core::component::ComponentId;
use sim_core::stats::requestors::{self, RequestorPort};
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};
use sim_core::Tick;

/// gem5's `context_switch_task_id::Prefetcher`.
const TASK_PREFETCHER: usize = 1022;
/// gem5's `context_switch_task_id::Unknown`.
const TASK_UNKNOWN: usize = 1024;
/// gem5's `context_switch_task_id::NumTaskId`.
const NUM_TASK_IDS: usize = 1025;
/// Upper bounds (exclusive, in ticks of 1 ps) of gem5's block-age buckets:
/// <10 us, <100 us, <1 ms, <10 ms; the fifth bucket holds the rest.
const AGE_BOUNDS: [u64; 4] = [10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000];

/// A count averaged over simulated time (gem5's `Average` storage, `AvgStor`).
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct TimeAverage {
    current: i64,
    /// Integral of `current` over ticks, up to `last`.
    area: f64,
    last: u64,
    last_reset: u64,
}

impl TimeAverage {
    fn change(&mut self, now: Tick, delta: i64) {
        let now = now.0.max(self.last);
        self.area += self.current as f64 * (now - self.last) as f64;
        self.last = now;
        self.current += delta;
    }

    /// gem5's `AvgStor::result` at `now`: (integral + current) / (ticks + 1).
    fn result(&self, now: Tick) -> f64 {
        let now = now.0.max(self.last);
        let area = self.area + self.current as f64 * (now - self.last) as f64;
        (area + self.current as f64) / (now - self.last_reset + 1) as f64
    }

    fn reset(&mut self, now: Tick) {
        self.area = 0.0;
        self.last = now.0.max(self.last);
        self.last_reset = self.last;
    }
}

/// The task id gem5 gives a line installed by a request of `requestor`.
fn task_of(requestor: u32) -> usize {
    let id = |c, port| requestors::requestor_id(ComponentId(c), port);
    let first = id(0, RequestorPort::Inst);
    let per_component = id(1, RequestorPort::Inst) - first;
    let prefetcher = id(0, RequestorPort::Prefetcher) - first;
    if requestor >= first && (requestor - first) % per_component == prefetcher {
        TASK_PREFETCHER
    } else {
        TASK_UNKNOWN
    }
}

/// Counters of the tag store (see the module docs).
#[derive(Clone, Debug, Default)]
pub(super) struct TagStats {
    in_use: TimeAverage,
    /// Per requestor id: lines it installed that are still valid, over time.
    occupancies: Vec<TimeAverage>,
    /// References of the lines dropped since the last reset.
    total_refs: u64,
    /// Lines dropped since the last reset.
    sampled_refs: u64,
    warmed_up: bool,
    warmup_tick: u64,
    /// Lines installed (one tag and one data write each).
    pub inserts: u64,
    /// Lookups by writebacks and eviction notices from above (the per-command
    /// stats count every other lookup).
    pub eviction_lookups: u64,
    /// Lookups that found their line but did not count as a hit (a request
    /// without enough permission, a writeback or eviction notice).
    pub other_finds: u64,
}

impl TagStats {
    fn occupancy(&mut self, requestor: u32) -> &mut TimeAverage {
        let r = requestor as usize;
        if r >= self.occupancies.len() {
            let start = TimeAverage {
                last: self.in_use.last,
                last_reset: self.in_use.last_reset,
                ..TimeAverage::default()
            };
            self.occupancies.resize(r + 1, start);
        }
        &mut self.occupancies[r]
    }

    /// The last tick a line was installed or dropped (the dump time for a
    /// visitor that does not know the simulated time).
    pub fn last_change(&self) -> Tick {
        Tick(self.in_use.last)
    }

    /// A line installed at `now` by `requestor` (gem5's `insertBlock`); the
    /// warm-up tick is the first insertion (gem5's default warm-up bound is 0).
    pub fn installed(&mut self, now: Tick, requestor: u32) {
        if !self.warmed_up {
            self.warmed_up = true;
            self.warmup_tick = now.0;
        }
        self.inserts += 1;
        self.in_use.change(now, 1);
        self.occupancy(requestor).change(now, 1);
    }

    /// A line with `refs` references installed by `requestor` dropped at `now`.
    pub fn dropped(&mut self, now: Tick, requestor: u32, refs: u32) {
        self.total_refs += refs as u64;
        self.sampled_refs += 1;
        self.in_use.change(now, -1);
        self.occupancy(requestor).change(now, -1);
    }

    /// Restart the counters at `now` (gem5's `resetStats`: the warm-up state and
    /// the lines' reference counts stay).
    pub fn reset(&mut self, now: Tick) {
        self.in_use.reset(now);
        self.occupancies.iter_mut().for_each(|o| o.reset(now));
        self.total_refs = 0;
        self.sampled_refs = 0;
        self.warmup_tick = 0;
        self.inserts = 0;
        self.eviction_lookups = 0;
        self.other_finds = 0;
    }
}

/// What the dump needs to know besides the counters.
pub(super) struct TagDump<'a> {
    pub now: Tick,
    /// Total lines of the cache.
    pub lines: usize,
    pub assoc: usize,
    pub sequential_access: bool,
    /// Hits and misses of every command group (each looked the tags up once).
    pub cmd_lookups: u64,
    /// Hits of every command group (each found its line).
    pub cmd_hits: u64,
    /// (references, installing requestor, insertion tick) of each valid line.
    pub valid: &'a mut dyn Iterator<Item = (u32, u32, u64)>,
}

impl TagStats {
    /// Report the `tags` group in gem5's order, names, units and flags.
    pub fn visit(&self, v: &mut dyn StatVisitor, d: TagDump<'_>) {
        let now = d.now;
        let mut total_refs = self.total_refs;
        let mut sampled_refs = self.sampled_refs;
        let mut occ_task = vec![0.0; NUM_TASK_IDS];
        let mut age_task = [[0.0f64; 5]; 2];
        for (refs, requestor, inserted) in d.valid {
            total_refs += refs as u64;
            sampled_refs += 1;
            let task = task_of(requestor);
            occ_task[task] += 1.0;
            let age = now.0.saturating_sub(inserted);
            let bucket = AGE_BOUNDS.iter().position(|&b| age < b).unwrap_or(4);
            age_task[usize::from(task == TASK_UNKNOWN)][bucket] += 1.0;
        }
        let lookups = d.cmd_lookups + self.eviction_lookups;
        let finds = d.cmd_hits + self.other_finds;
        let assoc = d.assoc as u64;
        let data_lookups = if d.sequential_access {
            finds
        } else {
            assoc * lookups
        };
        v.begin_group("tags");
        v.scalar(
            "tagsInUse",
            self.in_use.result(now),
            "Average ticks per tags in use",
            Unit::TICK_PER_COUNT,
        );
        v.scalar(
            "totalRefs",
            total_refs as f64,
            "Total number of references to valid blocks.",
            Unit::Count,
        );
        v.scalar(
            "sampledRefs",
            sampled_refs as f64,
            "Sample count of references to valid blocks.",
            Unit::Count,
        );
        v.formula(
            "avgRefs",
            total_refs as f64 / sampled_refs as f64,
            None,
            "Average number of references to valid blocks.",
            Unit::Rate(&Unit::Count, &Unit::Count),
        );
        v.scalar(
            "warmupTick",
            self.warmup_tick as f64,
            "The tick when the warmup percentage was hit.",
            Unit::Tick,
        );
        let names = v.requestor_names().to_vec();
        let n = names.len().max(self.occupancies.len());
        let subnames = requestors::subnames(&names, n);
        let subnames: Vec<&str> = subnames.iter().map(String::as_str).collect();
        let mut occ = vec![0.0; n];
        for (o, a) in occ.iter_mut().zip(&self.occupancies) {
            *o = a.result(now);
        }
        v.vector_stat(
            "occupancies",
            VectorStat::new(&occ)
                .subnames(&subnames)
                .flags(StatFlags::NOZERO | StatFlags::NONAN),
            "Average occupied blocks per tick, per requestor",
            Unit::Rate(&Unit::Count, &Unit::Tick),
        );
        let blocks = d.lines as f64;
        let avg_occ: Vec<f64> = occ.iter().map(|o| o / blocks).collect();
        let occ_total: f64 = occ.iter().sum();
        v.vector_stat(
            "avgOccs",
            VectorStat::new(&avg_occ)
                .subnames(&subnames)
                .total(occ_total / blocks)
                .flags(StatFlags::NOZERO | StatFlags::TOTAL),
            "Average percentage of cache occupancy",
            Unit::Rate(&Unit::Ratio, &Unit::Tick),
        );
        v.vector_stat(
            "occupanciesTaskId",
            VectorStat::new(&occ_task).flags(StatFlags::NOZERO | StatFlags::NONAN),
            "Occupied blocks per task id",
            Unit::Count,
        );
        for (task, ages) in [
            (TASK_PREFETCHER, &age_task[0]),
            (TASK_UNKNOWN, &age_task[1]),
        ] {
            v.vector_stat(
                &format!("ageTaskId_{task}"),
                VectorStat::new(ages).flags(StatFlags::NOZERO | StatFlags::NONAN),
                "Occupied blocks per task id, per block age",
                Unit::Count,
            );
        }
        let ratio: Vec<f64> = occ_task.iter().map(|o| o / blocks).collect();
        v.vector_stat(
            "ratioOccsTaskId",
            VectorStat::new(&ratio).flags(StatFlags::NOZERO),
            "Ratio of occupied blocks and all blocks, per task id",
            Unit::Ratio,
        );
        v.scalar(
            "tagAccesses",
            (assoc * lookups + self.inserts) as f64,
            "Number of tag accesses",
            Unit::Count,
        );
        v.scalar(
            "dataAccesses",
            (data_lookups + self.inserts) as f64,
            "Number of data accesses",
            Unit::Count,
        );
        v.end_group();
    }
}
