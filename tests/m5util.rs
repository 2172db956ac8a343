//! The guest `m5` utility (`guest/m5util/m5.c`, the full-system disk image's
//! `/sbin/m5`) under `sim se`: each command issues its m5op with gem5's argument
//! syntax, and outside a simulator (qemu-riscv64) the utility reports that instead
//! of dying with SIGILL.

mod common;

use common::Termination;

/// Runs `sim se -v m5util ARGS...`; returns the output and the stats blocks count.
fn run(args: &[&str]) -> (common::Output, usize) {
    let outdir = common::tempdir("sim-m5util-out-");
    let cwd = common::tempdir("sim-m5util-cwd-");
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        &["-v"],
        &common::guest_bin("m5util"),
        &args,
        &[],
    );
    assert!(
        !common::has_panic(&out.stderr_text()),
        "{}",
        out.stderr_text()
    );
    let stats = std::fs::read_to_string(outdir.path().join("stats.txt")).unwrap_or_default();
    (out, common::count_blocks(&stats))
}

/// Asserts that the run ended for `cause` (the text of sim's "Exiting ... because").
fn assert_cause(out: &common::Output, cause: &str) {
    let err = out.stderr_text();
    assert!(
        err.contains(&format!("because {cause}")),
        "expected exit cause '{cause}':\n{err}"
    );
}

#[test]
fn exit_ends_the_simulation_at_the_m5op() {
    common::build_guests();
    let (out, _) = run(&["exit"]);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert_cause(&out, "m5_exit instruction encountered");
    assert!(
        !out.stderr_text().contains("last active thread"),
        "{}",
        out.stderr_text()
    );
    let (out, _) = run(&["exit", "1000"]);
    assert_cause(&out, "m5_exit instruction encountered");
}

#[test]
fn fail_takes_the_code_first_then_the_delay() {
    common::build_guests();
    let (out, _) = run(&["fail", "7"]);
    assert_eq!(out.status, Termination::Exit(7), "{}", out.stderr_text());
    assert_cause(&out, "m5_fail instruction encountered");
    let (out, _) = run(&["fail", "0x9", "100"]);
    assert_eq!(out.status, Termination::Exit(9), "{}", out.stderr_text());
}

#[test]
fn sum_and_initparam_print_what_the_simulator_returns() {
    common::build_guests();
    let (out, _) = run(&["sum", "1", "2", "3", "4", "5", "6"]);
    assert_eq!(out.stdout_text(), "Sum is 21.\n");
    let (out, _) = run(&["sum", "40", "2"]);
    assert_eq!(out.stdout_text(), "Sum is 42.\n");
    // No init parameter is set: gem5 answers 0, printed without a newline.
    let (out, _) = run(&["initparam", "key"]);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert_eq!(out.stdout_text(), "0");
}

#[test]
fn stats_work_items_and_cpu_switches_reach_the_simulator() {
    common::build_guests();
    let (out, blocks) = run(&["dumpstats"]);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert_eq!(blocks, 2, "one m5 dump plus the final dump");
    let (_, blocks) = run(&["dumpresetstats", "0", "0"]);
    assert_eq!(blocks, 2);
    let (_, blocks) = run(&["resetstats"]);
    assert_eq!(blocks, 1);
    let (out, _) = run(&["workbegin", "1", "2"]);
    assert_cause(&out, "workbegin");
    let (out, _) = run(&["workend"]);
    assert_cause(&out, "workend");
    let (out, _) = run(&["switchcpu"]);
    assert_cause(&out, "switchcpu");
}

#[test]
fn readfile_without_a_host_file_prints_nothing() {
    common::build_guests();
    let (out, _) = run(&["readfile"]);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert!(out.stdout.is_empty(), "{}", out.stdout_text());
}

#[test]
fn bad_command_lines_print_the_usage_and_exit_1() {
    common::build_guests();
    for args in [
        &[][..],
        &["bogus"],
        &["fail"],
        &["exit", "soon"],
        &["sum", "1"],
    ] {
        let (out, _) = run(args);
        assert_eq!(
            out.status,
            Termination::Exit(1),
            "m5 {args:?}: {}",
            out.stderr_text()
        );
        assert!(
            out.stderr_text().contains("Usage: "),
            "m5 {args:?}: {}",
            out.stderr_text()
        );
    }
}

#[test]
fn outside_a_simulator_the_utility_says_so_and_exits_3() {
    common::build_guests();
    common::require_tool("qemu-riscv64", "qemu-user");
    let mut cmd = std::process::Command::new("qemu-riscv64");
    cmd.arg(common::guest_bin("m5util")).arg("exit");
    common::fixed_env(&mut cmd);
    let out = common::run_with_timeout(&mut cmd, &[], common::timeout());
    assert_eq!(out.status, Termination::Exit(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("not running under a simulator"),
        "{}",
        out.stderr_text()
    );
}
