//! Microbenchmarks of the out-of-order CPU with answers known in advance, read
//! from the first `stats.txt` block (guest/bench/pipeline_micro.c resets the stats
//! before its kernel and dumps them after; `--cpu-type o3` with L1+L2):
//! dependent adds run near IPC 1 (one-cycle ALUs, back-to-back wake-up),
//! independent adds well above it, dependent multiplies near one per IntMult
//! latency (3), an always-taken loop branch is almost never mispredicted and a
//! random one about half the time, a load right after a store to the same
//! address is forwarded (after one violation teaches the store sets), and a
//! pointer chase through 8 MiB (beyond the L2) runs at one load per memory
//! latency, as on the timing CPU, which waits for each load.

mod common;

use common::Termination;

/// Loop iterations of the kernels (`ITERS` in pipeline_micro.c).
const ITERS: f64 = 100_000.0;
/// Loads of the pointer chase (`CHASE_LOADS`).
const CHASE_LOADS: f64 = 20_000.0;

/// Run kernel `k` on `cpu` with L1+L2; the block covering the kernel.
fn run(cpu: &str, k: &str) -> Vec<common::Stat> {
    run_opts(cpu, k, &[])
}

/// Run kernel `k` on `cpu` with L1+L2 and branch predictor `bp`; the block
/// covering the kernel.
fn run_with(cpu: &str, k: &str, bp: &str) -> Vec<common::Stat> {
    run_opts(cpu, k, &["--bp-type", bp])
}

/// Run kernel `k` on `cpu` with L1+L2 and options `extra`; the block covering
/// the kernel.
fn run_opts(cpu: &str, k: &str, extra: &[&str]) -> Vec<common::Stat> {
    let cwd = common::tempdir("sim-o3-cwd-");
    let out = common::tempdir("sim-o3-out-");
    let bin = common::guest_bin("pipeline_micro");
    let mut opts = vec!["--cpu-type", cpu, "--caches", "--l2cache"];
    opts.extend_from_slice(extra);
    let r = common::run_sim_with(out.path(), cwd.path(), &opts, &bin, &[k.to_string()], &[]);
    assert_eq!(r.status, Termination::Exit(0), "{k}: {}", r.stderr_text());
    assert!(r.stdout_text().starts_with(k), "{k}: {}", r.stdout_text());
    let stats = common::read_output(out.path(), "stats.txt");
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
fn o3_pipeline_microbenchmarks() {
    common::build_guests();
    let runs = [
        ("o3", "dep_add"),
        ("o3", "indep_add"),
        ("o3", "dep_mul"),
        ("o3", "loop"),
        ("o3", "random"),
        ("o3", "store_load"),
        ("o3", "chase"),
        ("timing", "chase"),
    ];
    let blocks = common::parallel_map(runs.to_vec(), |(cpu, k)| run(cpu, k));
    let ipc = |i: usize| stat(&blocks[i], "ipc");
    // 16 dependent adds and 2 loop instructions each 16 cycles: 18 / 16.
    let dep = ipc(0);
    assert!(
        (0.9..1.25).contains(&dep),
        "dependent adds: IPC {dep}, expected near 1"
    );
    let indep = ipc(1);
    assert!(
        indep > 2.5,
        "independent adds: IPC {indep}, expected well above 1 (6 ALUs, 8 wide)"
    );
    // 16 dependent multiplies of latency 3 per iteration: 18 / 48.
    let mul = ipc(2);
    assert!(
        (0.33..0.42).contains(&mul),
        "dependent multiplies: IPC {mul}, expected near 1/3"
    );
    let loop_wrong = stat(&blocks[3], "branchPred.condIncorrect");
    assert!(
        loop_wrong < 0.01 * 4.0 * ITERS,
        "always-taken loop: {loop_wrong} conditional mispredictions"
    );
    let random_wrong = stat(&blocks[4], "branchPred.condIncorrect");
    assert!(
        (0.85 * ITERS..1.15 * ITERS).contains(&random_wrong),
        "random branch: {random_wrong} mispredictions, expected about {ITERS}"
    );
    let committed_wrong = stat(&blocks[4], "commit.branchMispredicts");
    // The predictor counts every resolved misprediction (wrong-path ones
    // included), commit only the committed ones.
    assert!(
        (0.95 * random_wrong..=random_wrong).contains(&committed_wrong),
        "commit counts {committed_wrong} mispredictions, the predictor {random_wrong}"
    );
    let forwarded = stat(&blocks[5], "lsq0.forwLoads");
    let violations = stat(&blocks[5], "iew.memOrderViolationEvents");
    assert!(
        forwarded >= ITERS - 1.0,
        "store then load: {forwarded} forwarded"
    );
    assert!(
        violations <= 5.0,
        "store then load: {violations} violations (store sets should learn)"
    );
    let per_load = |i: usize| stat(&blocks[i], "numCycles") / CHASE_LOADS;
    let (o3, timing) = (per_load(6), per_load(7));
    assert!(
        o3 > 50.0 && (0.8 * timing..1.1 * timing).contains(&o3),
        "pointer chase: {o3:.1} cycles per load on o3, {timing:.1} on timing"
    );
}

/// TAGE and LTAGE on the out-of-order CPU: the always-taken loop is almost
/// never mispredicted, and a branch repeating a period-8 pattern, which
/// LocalBP's 2-bit counters get wrong most of the time, is learnt from the
/// global history.
#[test]
fn o3_with_tage_and_ltage() {
    common::build_guests();
    let runs = [
        ("pattern", "LocalBP"),
        ("loop", "TAGE"),
        ("pattern", "TAGE"),
        ("loop", "LTAGE"),
        ("pattern", "LTAGE"),
    ];
    let blocks = common::parallel_map(runs.to_vec(), |(k, bp)| run_with("o3", k, bp));
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
        let lookups = stat(&blocks[i + 1], "branchPred.lookups_0::DirectCond");
        assert!(lookups >= 3.0 * ITERS, "{bp}: {lookups} DirectCond lookups");
    }
}
