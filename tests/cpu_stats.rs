//! The per-instruction CPU stats (gem5's `commitStats0`, `executeStats0`,
//! `fetchStats0` and `exec_context.thread_0` counts) agree with each other and
//! do not depend on the CPU model: the same program commits the same
//! instructions on the atomic and the timing CPU, with and without caches.

mod common;

use std::collections::BTreeMap;

/// Last stats block of `sim se OPTIONS qsort_bsearch`, as name → value.
fn stats(options: &[&str]) -> BTreeMap<String, f64> {
    common::build_guests();
    let outdir = common::tempdir("sim-cpustats-out-");
    let cwd = common::tempdir("sim-cpustats-cwd-");
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        options,
        &common::guest_bin("qsort_bsearch"),
        &[],
        &[],
    );
    assert_eq!(
        out.status,
        common::Termination::Exit(0),
        "{options:?}: {}",
        out.stderr_text()
    );
    let text = std::fs::read_to_string(outdir.path().join("stats.txt")).expect("stats.txt");
    let blocks = common::parse_stats(&text);
    let last = blocks.last().expect("one stats block");
    last.iter()
        .filter_map(|s| Some((s.name.clone(), s.value.parse().ok()?)))
        .collect()
}

fn get(s: &BTreeMap<String, f64>, name: &str) -> f64 {
    let full = format!("system.cpu.{name}");
    *s.get(&full).unwrap_or_else(|| panic!("no {full}"))
}

/// The instruction-mix stats, which only depend on what was committed.
const MIX: [&str; 14] = [
    "commitStats0.numInsts",
    "commitStats0.numIntInsts",
    "commitStats0.numFpInsts",
    "commitStats0.numLoadInsts",
    "commitStats0.numStoreInsts",
    "commitStats0.committedControl::IsControl",
    "commitStats0.committedControl::IsCall",
    "commitStats0.committedControl::IsReturn",
    "executeStats0.numIntRegReads",
    "executeStats0.numIntRegWrites",
    "executeStats0.numIntAluAccesses",
    "executeStats0.numMemRefs",
    "fetchStats0.numBranches",
    "exec_context.thread_0.numCallsReturns",
];

#[test]
fn instruction_mix_stats_are_consistent_and_the_same_on_every_cpu() {
    let atomic = stats(&["--cpu-type", "atomic"]);
    let c = |n: &str| get(&atomic, &format!("commitStats0.committedControl::{n}"));
    assert!(c("IsControl") > 1000.0, "a sort branches");
    assert_eq!(c("IsControl"), get(&atomic, "fetchStats0.numBranches"));
    assert_eq!(c("IsControl"), c("IsCondControl") + c("IsUncondControl"));
    assert_eq!(
        c("IsControl"),
        c("IsDirectControl") + c("IsIndirectControl")
    );
    assert_eq!(
        c("IsCall") + c("IsReturn"),
        get(&atomic, "exec_context.thread_0.numCallsReturns")
    );
    let mem_read = get(&atomic, "commitStats0.committedInstType::MemRead");
    assert!(get(&atomic, "commitStats0.numLoadInsts") >= mem_read);
    assert!(get(&atomic, "executeStats0.numIntRegReads") > get(&atomic, "commitStats0.numInsts"));
    // One thread that never waits: the CPU is never idle.
    assert_eq!(get(&atomic, "exec_context.thread_0.notIdleFraction"), 1.0);
    assert_eq!(
        get(&atomic, "exec_context.thread_0.numBusyCycles"),
        get(&atomic, "numCycles")
    );
    for options in [
        &["--cpu-type", "timing"][..],
        &["--cpu-type", "timing", "--caches", "--l2cache"][..],
    ] {
        let other = stats(options);
        for name in MIX {
            assert_eq!(
                get(&other, name),
                get(&atomic, name),
                "{name} on {options:?}"
            );
        }
    }
}
