//! Microbenchmarks of the in-order CPU with answers known in advance, read from
//! the first `stats.txt` block (guest/bench/pipeline_micro.c, the kernel alone, on
//! `--cpu-type minor` with L1+L2):
//! dependent multiplies run near one per multiplier latency (3 cycles in gem5's
//! default pool), dependent adds near one a cycle (the integer ALUs' timing rule
//! takes a source 2 cycles after issue, so a dependent add issues the cycle after
//! its source), independent adds faster still (two ALUs, `executeIssueLimit` 2);
//! an always-taken loop branch is almost never mispredicted and a branch on random
//! bits about half the time; Fetch1 fetches past taken branches and down wrong
//! paths (discarded lines); stores commit into the store buffer instead of waiting
//! for the data cache; a load of a just-stored word is forwarded.

mod common;

use common::Termination;

/// Loop iterations of the kernels (`ITERS` in pipeline_micro.c).
const ITERS: f64 = 100_000.0;

/// Run kernel `k` on the minor CPU; its stats block.
fn run(k: &str) -> Vec<common::Stat> {
    run_with(k, "TournamentBP")
}

/// Run kernel `k` on the minor CPU with branch predictor `bp`; its stats block.
fn run_with(k: &str, bp: &str) -> Vec<common::Stat> {
    let cwd = common::tempdir("sim-minor-cwd-");
    let out = common::tempdir("sim-minor-out-");
    let bin = common::guest_bin("pipeline_micro");
    let opts = [
        "--cpu-type",
        "minor",
        "--caches",
        "--l2cache",
        "--bp-type",
        bp,
    ];
    let r = common::run_sim_with(out.path(), cwd.path(), &opts, &bin, &[k.to_string()], &[]);
    assert_eq!(r.status, Termination::Exit(0), "{k}: {}", r.stderr_text());
    assert!(r.stdout_text().starts_with(k), "{k}: {}", r.stdout_text());
    let stats = common::read_output(out.path(), "stats.txt");
    // The first block covers the kernel alone (reset before, dumped after).
    common::parse_stats(&stats)
        .into_iter()
        .next()
        .expect("a stats block")
}

fn stat(block: &[common::Stat], name: &str) -> f64 {
    common::stat_value(block, &format!("system.cpu.{name}"))
        .unwrap_or_else(|| panic!("no system.cpu.{name} in stats.txt"))
}

#[test]
fn minor_pipeline_microbenchmarks() {
    common::build_guests();
    let kernels = [
        "dep_add",
        "indep_add",
        "dep_mul",
        "loop",
        "random",
        "stores",
        "l1_chase",
        "store_load",
    ];
    let blocks = common::parallel_map(kernels.to_vec(), run);
    let ipc = |i: usize| stat(&blocks[i], "ipc");
    // 16 dependent multiplies of latency 3 and 2 loop instructions: 18 / 48.
    let mul = ipc(2);
    assert!(
        (0.30..0.42).contains(&mul),
        "dependent multiplies: IPC {mul}, expected near 1/3"
    );
    // 16 dependent adds, one a cycle, and 2 loop instructions beside them:
    // about 18 / 17, less the taken branch's fetch bubbles.
    let add = ipc(0);
    assert!(
        (0.85..1.2).contains(&add),
        "dependent adds: IPC {add}, expected near 1"
    );
    let indep = ipc(1);
    assert!(
        indep > 1.2 && indep > 1.15 * add,
        "independent adds: IPC {indep}, expected above dependent ones ({add})"
    );
    let loop_wrong = stat(&blocks[3], "branchPred.condIncorrect");
    assert!(
        loop_wrong < 0.01 * 4.0 * ITERS,
        "always-taken loop: {loop_wrong} conditional mispredictions"
    );
    // 2 * ITERS random branches, half mispredicted; the loop branch is not.
    let random_wrong = stat(&blocks[4], "branchPred.condIncorrect");
    let expected = ITERS;
    assert!(
        (0.85 * expected..1.15 * expected).contains(&random_wrong),
        "random branch: {random_wrong} mispredictions, expected about {expected}"
    );
    fetch_past_branches(&blocks[3], &blocks[4], random_wrong);
    memory_queue(&blocks[5], &blocks[6], &blocks[7]);
}

/// Fetch1 sends the line after a taken branch's before Fetch2's redirect reaches
/// it (`fetch1ToFetch2BackwardDelay`), and goes on down a mispredicted path until
/// Execute's squash does; those lines reach the icache and are discarded.
fn fetch_past_branches(lp: &[common::Stat], random: &[common::Stat], random_wrong: f64) {
    let taken = stat(lp, "fetch1.predictedTakenRedirects");
    let discarded = stat(lp, "fetch1.discardedLineFetches");
    assert!(
        taken > 0.99 * 4.0 * ITERS && (0.9 * taken..1.1 * taken).contains(&discarded),
        "always-taken loop: {discarded} discarded lines for {taken} taken branches"
    );
    let icache = stat(lp, "icache.overallAccesses::total");
    assert!(
        icache > 1.9 * 4.0 * ITERS,
        "always-taken loop: {icache} icache accesses, expected two lines an iteration"
    );
    let wrong_path = stat(random, "fetch1.discardedLineFetches")
        - stat(random, "fetch1.predictedTakenRedirects");
    assert!(
        wrong_path > 0.5 * random_wrong,
        "random branch: {wrong_path} wrong-path lines for {random_wrong} mispredictions"
    );
}

/// Stores commit into the store buffer and drain behind, so 16 independent
/// stores an iteration run near `executeMemoryIssueLimit` (one a cycle) rather
/// than one per data-cache round trip (what a chain of dependent loads runs
/// at); a load of the word just stored is forwarded and never reaches the dcache.
fn memory_queue(stores: &[common::Stat], chase: &[common::Stat], forward: &[common::Stat]) {
    let (st, ld) = (stat(stores, "ipc"), stat(chase, "ipc"));
    assert!(
        st > 0.7 && st > 1.4 * ld,
        "stores: IPC {st}, expected near 1 and well above dependent loads' {ld}"
    );
    let forwarded = stat(forward, "execute.forwardedLoads");
    let dcache = stat(forward, "dcache.overallAccesses::total");
    assert!(
        forwarded > 0.99 * ITERS && dcache < 1.1 * ITERS,
        "forward: {forwarded} forwarded loads, {dcache} dcache accesses for {ITERS} store+load pairs"
    );
}

/// LTAGE on the minor CPU: the always-taken loop is almost never
/// mispredicted, the random branch about half the time, and the exit of a
/// 1000-iteration inner loop (longer than any TAGE history) is foreseen by the
/// loop predictor, which TournamentBP misses every time.
#[test]
fn minor_with_ltage() {
    common::build_guests();
    let runs = [
        ("loop", "LTAGE"),
        ("random", "LTAGE"),
        ("trip", "LTAGE"),
        ("trip", "TournamentBP"),
    ];
    let blocks = common::parallel_map(runs.to_vec(), |(k, bp)| run_with(k, bp));
    let wrong = |i: usize| stat(&blocks[i], "branchPred.condIncorrect");
    assert!(
        wrong(0) < 0.01 * 4.0 * ITERS,
        "always-taken loop: {} mispredictions",
        wrong(0)
    );
    assert!(
        (0.85 * ITERS..1.15 * ITERS).contains(&wrong(1)),
        "random branch: {} mispredictions, expected about {ITERS}",
        wrong(1)
    );
    // 400 runs of the inner loop: one exit each. TournamentBP misses every
    // exit; LTAGE's loop predictor foresees them once it has seen a few.
    let exits = ITERS / 250.0;
    let ltage_cond = stat(&blocks[2], "branchPred.mispredicted_0::DirectCond");
    let tournament_cond = wrong(3);
    assert!(
        tournament_cond - ltage_cond > 0.75 * exits,
        "1000-iteration loop: LTAGE {ltage_cond}, TournamentBP {tournament_cond} conditional mispredictions"
    );
    let correct = stat(&blocks[2], "branchPred.loop_predictor.correct");
    let lp_wrong = stat(&blocks[2], "branchPred.loop_predictor.wrong");
    assert!(
        correct > 0.95 * 1000.0 * exits && lp_wrong < 10.0,
        "loop predictor: {correct} right, {lp_wrong} wrong"
    );
    // gem5 v24's per-type table.
    let lookups = stat(&blocks[2], "branchPred.lookups_0::DirectCond");
    assert!(lookups >= 1000.0 * exits, "{lookups} DirectCond lookups");
}

/// TAGE and LTAGE on the minor CPU: the always-taken loop is almost never
/// mispredicted, and a branch repeating a period-8 pattern, which LocalBP's
/// 2-bit counters get wrong most of the time, is learnt from the global
/// history.
#[test]
fn minor_with_tage_on_a_pattern() {
    common::build_guests();
    let runs = [
        ("pattern", "LocalBP"),
        ("loop", "TAGE"),
        ("pattern", "TAGE"),
        ("loop", "LTAGE"),
        ("pattern", "LTAGE"),
    ];
    let blocks = common::parallel_map(runs.to_vec(), |(k, bp)| run_with(k, bp));
    let wrong = |i: usize| stat(&blocks[i], "branchPred.condIncorrect");
    let local = wrong(0);
    assert!(
        local > 0.4 * 2.0 * ITERS,
        "pattern: LocalBP {local} mispredictions, expected most of {}",
        2.0 * ITERS
    );
    for (i, bp) in [(1, "TAGE"), (3, "LTAGE")] {
        let (lp, pat) = (wrong(i), wrong(i + 1));
        assert!(
            lp < 0.01 * 4.0 * ITERS,
            "always-taken loop: {bp} {lp} mispredictions"
        );
        assert!(
            pat < 0.01 * 2.0 * ITERS && pat < 0.05 * local,
            "pattern: {bp} {pat} mispredictions, LocalBP {local}"
        );
    }
}
