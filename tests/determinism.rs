//! Determinism: the same program run twice (same working directory, different
//! output directories) gives byte-identical stats.txt once host-side
//! measurements (stat names starting with `host`) are removed, an identical
//! config.ini, and the same guest output.

mod common;

use common::Termination;

/// A run: program, `sim se` options, guest arguments.
type Run = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Programs exercised: plain ones, m5op ones with several dump blocks, and the
/// timing CPU with caches and DRAM, alone and with threads on several cores, and
/// the minor CPU with caches, alone and with threads.
const PROGRAMS: &[Run] = &[
    ("qsort_bsearch", &[], &[]),
    ("fp_arith", &[], &[]),
    ("m5_dump2", &[], &[]),
    ("m5_reset_dump", &[], &[]),
    (
        "qsort_bsearch",
        &["--cpu-type", "timing", "--caches", "--l2cache"],
        &[],
    ),
    (
        "threads",
        &[
            "-n",
            "2",
            "--cpu-type",
            "timing",
            "--caches",
            "--l2cache",
            "--mem-type",
            "DDR4_2400_8x8",
        ],
        &["3", "500"],
    ),
    (
        "qsort_bsearch",
        &["--cpu-type", "minor", "--caches", "--l2cache"],
        &[],
    ),
    (
        "threads",
        &["-n", "2", "--cpu-type", "minor", "--caches"],
        &["3", "500"],
    ),
];

fn check(run: Run) -> String {
    let (name, options, args) = run;
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let cwd = common::tempdir("sim-det-cwd-");
    let out_a = common::tempdir("sim-det-a-");
    let out_b = common::tempdir("sim-det-b-");
    let bin = common::guest_bin(name);
    let a = common::run_sim_with(out_a.path(), cwd.path(), options, &bin, &args, &[]);
    let b = common::run_sim_with(out_b.path(), cwd.path(), options, &bin, &args, &[]);

    let mut report = String::new();
    for (label, run) in [("first", &a), ("second", &b)] {
        if run.status != Termination::Exit(0) || common::has_panic(&run.stderr_text()) {
            report.push_str(&format!(
                "  {label} run failed: {}\n{}\n",
                run.status,
                run.stderr_text()
            ));
        }
    }
    if a.status != b.status {
        report.push_str(&format!("  status differs: {} vs {}\n", a.status, b.status));
    }
    report.push_str(&common::describe_diff(
        "stdout", "first", &a.stdout, "second", &b.stdout,
    ));
    for file in ["stats.txt", "config.ini"] {
        let (pa, pb) = (out_a.path().join(file), out_b.path().join(file));
        match (std::fs::read_to_string(&pa), std::fs::read_to_string(&pb)) {
            (Ok(ta), Ok(tb)) => {
                let (ta, tb) = if file == "stats.txt" {
                    if common::count_blocks(&ta) == 0 {
                        report.push_str("  stats.txt has no stats block\n");
                    }
                    (common::strip_host_stats(&ta), common::strip_host_stats(&tb))
                } else {
                    (ta, tb)
                };
                report.push_str(&common::describe_diff(
                    file,
                    "first",
                    ta.as_bytes(),
                    "second",
                    tb.as_bytes(),
                ));
            }
            (ra, rb) => report.push_str(&format!(
                "  cannot read {file}: first {:?}, second {:?}\n",
                ra.err().map(|e| e.to_string()),
                rb.err().map(|e| e.to_string())
            )),
        }
    }
    if report.is_empty() {
        eprintln!("ok   {name} {options:?}");
        String::new()
    } else {
        format!("{name} {options:?}:\n{report}")
    }
}

#[test]
fn repeated_runs_give_identical_stats_and_config() {
    common::build_guests();
    let failures: Vec<String> = common::parallel_map(PROGRAMS.to_vec(), check)
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    if !failures.is_empty() {
        panic!(
            "{} of {} programs are not deterministic:\n\n{}",
            failures.len(),
            PROGRAMS.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn host_stats_filter_keeps_everything_else() {
    let text = "---------- Begin Simulation Statistics ----------\n\
                simSeconds 0.001 # Number of seconds simulated (Second)\n\
                hostSeconds 1.23 # Real time elapsed on the host (Second)\n\
                hostMemory 1234 # Number of bytes of host memory used (Byte)\n\
                system.cpu.numCycles 100 # cycles (Cycle)\n\
                ---------- End Simulation Statistics   ----------\n";
    let stripped = common::strip_host_stats(text);
    assert!(!stripped.contains("hostSeconds"));
    assert!(!stripped.contains("hostMemory"));
    assert!(stripped.contains("simSeconds"));
    assert!(stripped.contains("system.cpu.numCycles"));
    assert_eq!(common::count_blocks(text), 1);
    let blocks = common::parse_stats(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        common::stat_value(&blocks[0], "system.cpu.numCycles"),
        Some(100.0)
    );
}

/// Stopping every simulated millisecond to ask whether to stop (how `sim se` and
/// Python notice Ctrl-C) changes nothing: stats.txt equals that of one unbroken run.
#[test]
fn polling_for_ctrl_c_changes_no_stat() {
    use models::boards::se::{SeOptions, SeWorkload};
    use models::boards::spec::{HierarchyKind, HierarchySpec};
    common::build_guests();
    let run = |polling: bool| -> (String, usize) {
        let out = common::tempdir("sim-det-poll-");
        let opts = SeOptions {
            // About 4.7 simulated milliseconds: several polls.
            workloads: vec![SeWorkload {
                binary: common::guest_bin("threads"),
                args: vec!["4".into(), "8000".into()],
            }],
            env: vec![],
            outdir: out.path().to_path_buf(),
            cpu_type: "timing".into(),
            bp_type: None,
            num_cores: 2,
            hierarchy: HierarchySpec {
                kind: HierarchyKind::PrivateL1SharedL2,
                ..HierarchySpec::default()
            },
            mem_type: "DDR4_2400_8x8".into(),
            cpu_clock: "2GHz".into(),
            sys_clock: "1GHz".into(),
            mem_size: "512MiB".into(),
            max_insts: None,
            max_tick: None,
            trace_exec: false,
            verbose: false,
            paths: Default::default(),
        };
        let mut session = sim::build_se_for_elf(&opts).expect("cannot build the system");
        let mut polls = 0;
        loop {
            let cause = if polling {
                session.run_polling(None, |_| {
                    polls += 1;
                    false
                })
            } else {
                session.run(None)
            }
            .expect("run failed");
            if cause.is_terminal() {
                break;
            }
        }
        session.dump_stats().expect("cannot dump stats");
        let stats = common::read_output(out.path(), "stats.txt");
        (common::strip_host_stats(&stats), polls)
    };
    let (whole, _) = run(false);
    let (sliced, polls) = run(true);
    assert!(polls > 1, "the run was not sliced ({polls} polls)");
    assert!(whole.contains("system.l2"), "no L2 stats in:\n{whole}");
    let diff = common::describe_diff(
        "stats.txt",
        "whole",
        whole.as_bytes(),
        "polled",
        sliced.as_bytes(),
    );
    assert!(diff.is_empty(), "polling changed the stats:\n{diff}");
}
