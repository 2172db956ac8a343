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
    let cwd = common::tempdir("sim-minor-cwd-");
    let out = common::tempdir("sim-minor-out-");
    let bin = common::guest_bin("minor_micro");
    let opts = ["--cpu-type", "minor", "--caches", "--l2cache"];
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
