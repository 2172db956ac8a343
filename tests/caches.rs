//! Cache behaviour checked against miss counts known in advance: the
//! `cache_probe` guest program brackets a region of interest with m5 stats
//! reset/dump, and the L1 data cache's demand misses in that block must be what
//! the access pattern implies for the configured geometry and policy.

mod common;

use common::Termination;

/// Runs `cache_probe ARGS` with `options`; returns the stats blocks.
fn probe(options: &[&str], args: &[&str]) -> Vec<Vec<common::Stat>> {
    run_guest("cache_probe", options, args)
}

/// Runs guest program `name ARGS` with `options`; returns the stats blocks.
fn run_guest(name: &str, options: &[&str], args: &[&str]) -> Vec<Vec<common::Stat>> {
    common::build_guests();
    let outdir = common::tempdir("sim-cache-out-");
    let cwd = common::tempdir("sim-cache-cwd-");
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        options,
        &common::guest_bin(name),
        &args,
        &[],
    );
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "{name} {args:?} with {options:?} failed: {}",
        out.stderr_text()
    );
    common::parse_stats(&common::read_output(outdir.path(), "stats.txt"))
}

/// A cache stat's value; the per-requestor cache stats are `nozero` (as in gem5),
/// so a stat left out of the block reads as 0.
fn stat(block: &[common::Stat], name: &str) -> f64 {
    common::stat_value(block, name).unwrap_or(0.0)
}

const L1D_MISSES: &str = "system.cpu.dcache.demandMisses::total";
const L1D_HITS: &str = "system.cpu.dcache.demandHits::total";

/// Both CPU models present every access to the caches.
const CPUS: [&str; 2] = ["atomic", "timing"];

#[test]
fn a_stream_over_four_times_the_l1d_misses_once_per_line() {
    for cpu in CPUS {
        let blocks = probe(
            &["--cpu-type", cpu, "--caches", "--l2cache"],
            &["stream", "256"],
        );
        let misses = stat(&blocks[0], L1D_MISSES);
        let lines = 256.0 * 1024.0 / 64.0;
        assert!(
            (lines..=lines + 8.0).contains(&misses),
            "{cpu}: {misses} L1D misses for a {lines}-line stream"
        );
    }
}

#[test]
fn a_working_set_that_fits_misses_only_on_first_touch() {
    for cpu in CPUS {
        let blocks = probe(&["--cpu-type", cpu, "--caches"], &["fit", "16", "4"]);
        let first = stat(&blocks[0], L1D_MISSES);
        let lines = 16.0 * 1024.0 / 64.0;
        assert!(
            (lines..=lines + 8.0).contains(&first),
            "{cpu}: first pass {first} misses, expected about {lines}"
        );
        let later = stat(&blocks[1], L1D_MISSES);
        assert!(later <= 4.0, "{cpu}: later passes missed {later} times");
        assert!(
            stat(&blocks[1], L1D_HITS) >= 4.0 * lines,
            "{cpu}: later passes should hit"
        );
    }
}

const SMALL_L1D: &[&str] = &["--caches", "--l1d-size", "4KiB", "--l1d-assoc", "2"];

#[test]
fn lru_keeps_the_hot_line_and_random_does_not() {
    let iters = 1000.0;
    let run = |policy: &str, cpu: &str| {
        let mut opts = vec!["--cpu-type", cpu, "--replacement-policy", policy];
        opts.extend_from_slice(SMALL_L1D);
        stat(&probe(&opts, &["set", "1000"])[0], L1D_MISSES)
    };
    for cpu in CPUS {
        let lru = run("LRU", cpu);
        assert!(
            (2.0 * iters + 1.0..=2.0 * iters + 4.0).contains(&lru),
            "{cpu}: LRU missed {lru} times, expected 2*{iters}+1"
        );
        let plru = run("TreePLRU", cpu);
        assert_eq!(plru, lru, "{cpu}: tree-PLRU is exact LRU with two ways");
        let random = run("Random", cpu);
        assert!(
            random > lru + iters / 10.0,
            "{cpu}: random replacement missed {random} times, LRU {lru}: random should evict the hot line sometimes"
        );
    }
}

#[test]
fn the_timing_cpu_takes_longer_with_a_small_cache() {
    let ticks = |opts: &[&str]| stat(&probe(opts, &["set", "1000"])[0], "simTicks");
    let mut small = vec!["--cpu-type", "timing", "--replacement-policy", "Random"];
    small.extend_from_slice(SMALL_L1D);
    let big = ticks(&["--cpu-type", "timing", "--caches"]);
    let thrash = ticks(&small);
    assert!(
        thrash > big,
        "conflict misses should cost time: {thrash} ticks vs {big} with a large L1D"
    );
}

/// se.py's `--l2-hwp-type`: the L2's stride prefetcher learns from the L1D's
/// misses (they carry the load's PC) and covers most of a stream larger than
/// the L2 (it trains on misses only); an L1I's never prefetches (a fetch's PC is
/// its address: no stride), as in gem5.
#[test]
fn l2_and_l1i_stride_prefetchers() {
    const L2_MISSES: &str = "system.l2.demandMisses::total";
    let base = [
        "--cpu-type",
        "timing",
        "--caches",
        "--l2cache",
        "--l2-size",
        "128KiB",
    ];
    let plain = probe(&base, &["stream", "256"]);
    let with_pf: Vec<&str> = base
        .iter()
        .copied()
        .chain([
            "--l2-hwp-type",
            "StridePrefetcher",
            "--l1i-hwp-type",
            "StridePrefetcher",
        ])
        .collect();
    let pf = probe(&with_pf, &["stream", "256"]);
    let issued = stat(&pf[0], "system.l2.prefetcher.pfIssued");
    assert!(issued > 1000.0, "L2 prefetches issued: {issued}");
    let (before, after) = (stat(&plain[0], L2_MISSES), stat(&pf[0], L2_MISSES));
    assert!(after < before / 2.0, "L2 misses {before} -> {after}");
    assert_eq!(
        stat(&pf[0], "system.cpu.icache.prefetcher.pfIdentified"),
        0.0
    );
    assert!(common::stat_value(&plain[0], "system.l2.prefetcher.pfIssued").is_none());
}

/// Below the L1s the requests are gem5's cache commands: the L1I's misses reach
/// the L2 as `ReadCleanReq` and the L1D's reads as `ReadSharedReq` (the CPU's
/// `ReadReq` stops at the L1s), counted per command and in the demand sums, and
/// the crossbars' `transDist` lists them.
#[test]
fn l1_misses_reach_the_l2_as_read_clean_and_read_shared() {
    for cpu in CPUS {
        let blocks = run_guest("hello", &["--cpu-type", cpu, "--caches", "--l2cache"], &[]);
        let s = &blocks[blocks.len() - 1];
        // Atomic caches keep no MSHR stats (as gem5): count their misses.
        let l1i_requests = if cpu == "atomic" {
            stat(s, "system.cpu.icache.ReadReq.misses::cpu.inst")
        } else {
            stat(s, "system.cpu.icache.ReadReq.mshrMisses::cpu.inst")
        };
        let clean = stat(s, "system.l2.ReadCleanReq.accesses::cpu.inst");
        assert!(clean > 10.0, "{cpu}: {clean} ReadCleanReq at the L2");
        assert_eq!(clean, l1i_requests, "{cpu}: one ReadCleanReq per L1I miss");
        assert_eq!(stat(s, "system.l2.ReadCleanReq.accesses::cpu.data"), 0.0);
        let shared = stat(s, "system.l2.ReadSharedReq.accesses::cpu.data");
        assert!(shared > 10.0, "{cpu}: {shared} ReadSharedReq at the L2");
        assert!(
            s.iter()
                .all(|st| !st.name.starts_with("system.l2.ReadReq.")),
            "{cpu}: the L2 sees no ReadReq"
        );
        let demand = stat(s, "system.l2.ReadCleanReq.accesses::total")
            + stat(s, "system.l2.ReadSharedReq.accesses::total")
            + stat(s, "system.l2.ReadExReq.accesses::total");
        assert_eq!(stat(s, "system.l2.demandAccesses::total"), demand, "{cpu}");
        assert_eq!(
            stat(s, "system.tol2bus.transDist::ReadCleanReq"),
            clean,
            "{cpu}"
        );
        assert!(stat(s, "system.membus.transDist::ReadSharedReq") > 0.0);
        assert_eq!(stat(s, "system.membus.transDist::ReadReq"), 0.0, "{cpu}");
    }
}
