//! Microbenchmarks of the in-order CPU with answers known in advance, read from
//! `stats.txt` (guest/bench/minor_micro.c, on `--cpu-type minor` with L1+L2):
//! dependent adds and dependent multiplies run near one instruction per
//! functional-unit latency (3 cycles in gem5's default pool), independent adds
//! several times faster (two integer ALUs, `executeIssueLimit` 2), an
//! always-taken loop branch is almost never mispredicted and a branch on random
//! bits about half the time.

mod common;

use common::Termination;

/// Loop iterations of the kernels (`ITERS` in minor_micro.c).
const ITERS: f64 = 100_000.0;

/// Run kernel `k` on the minor CPU; its stats block.
fn run(k: &str) -> Vec<common::Stat> {
    run_with(k, "TournamentBP")
}

/// Run kernel `k` on the minor CPU with branch predictor `bp`; its stats block.
fn run_with(k: &str, bp: &str) -> Vec<common::Stat> {
    let cwd = common::tempdir("sim-minor-cwd-");
    let out = common::tempdir("sim-minor-out-");
    let bin = common::guest_bin("minor_micro");
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
    common::parse_stats(&stats).pop().expect("a stats block")
}

fn stat(block: &[common::Stat], name: &str) -> f64 {
    common::stat_value(block, &format!("system.cpu.{name}"))
        .unwrap_or_else(|| panic!("no system.cpu.{name} in stats.txt"))
}

#[test]
fn minor_pipeline_microbenchmarks() {
    common::build_guests();
    let kernels = ["dep_add", "indep_add", "dep_mul", "loop", "random"];
    let blocks = common::parallel_map(kernels.to_vec(), run);
    let ipc = |i: usize| stat(&blocks[i], "ipc");
    // 16 dependent operations of latency 3 and 2 loop instructions: 18 / 48.
    for (i, what) in [(0, "dependent adds"), (2, "dependent multiplies")] {
        let v = ipc(i);
        assert!(
            (0.30..0.42).contains(&v),
            "{what}: IPC {v}, expected near 1/3"
        );
    }
    let indep = ipc(1);
    assert!(
        indep > 1.2 && indep > 3.0 * ipc(0),
        "independent adds: IPC {indep}, expected well above dependent ones ({})",
        ipc(0)
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
