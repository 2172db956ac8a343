//! Differential tests: every `diff` program of `guest/tests.txt` runs under
//! `sim se` and under `qemu-riscv64` with the same arguments, stdin and
//! environment, each in a fresh working directory. stdout, stderr and the exit
//! status (or terminating signal) must match byte for byte, on every CPU model
//! and cache hierarchy in [`CONFIGS`]. On the in-order CPU ([`MINOR_CONFIGS`];
//! all of them with `SIM_TEST_MINOR_FULL=1`, see [`MINOR_FULL_CONFIGS`]) and
//! the out-of-order one ([`O3_CONFIGS`]; [`O3_FULL_CONFIGS`] with
//! `SIM_TEST_O3_FULL=1`) each one-core run of a single-threaded program must also commit as many
//! instructions as the atomic CPU does (a threaded one's spin loops run as long
//! as the other threads take, which depends on timing).
//! All mismatches are collected and reported together.

mod common;

use common::{Mode, Output, Program, Termination};
use std::path::Path;
use std::process::Command;

/// `stderr` without the lines starting with `notice`, which the emulator itself
/// prints when a guest dies of a signal (qemu-user and sim word them differently).
fn drop_death_notice(stderr: &[u8], notice: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(stderr);
    if !text.contains(notice) {
        return stderr.to_vec();
    }
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with(notice))
        .collect::<String>()
        .into_bytes()
}

fn run_reference(p: &Program, cwd: &Path, stdin: &[u8]) -> Output {
    let mut cmd = Command::new("qemu-riscv64");
    cmd.arg(common::guest_bin(&p.name))
        .args(p.args_in(cwd))
        .current_dir(cwd);
    common::fixed_env(&mut cmd);
    let mut out = common::run_with_timeout(&mut cmd, stdin, common::timeout());
    out.stderr = drop_death_notice(&out.stderr, "qemu: uncaught target signal");
    out
}

/// The `sim se` configurations every program runs on: both CPU models, every
/// hierarchy shape, both memory kinds, one core and two (threads then run in
/// parallel, so what one thread does to memory must reach the other's core).
const CONFIGS: &[&[&str]] = &[
    &[],
    &["-n", "2"],
    &["-n", "2", "--cpu-type", "timing", "--caches", "--l2cache"],
    &["--cpu-type", "timing"],
    &["--cpu-type", "atomic", "--caches", "--l2cache"],
    &["--cpu-type", "timing", "--caches"],
    &["--cpu-type", "timing", "--caches", "--l2cache"],
    &[
        "--cpu-type",
        "timing",
        "--caches",
        "--l2cache",
        "--private-l2",
        "--mem-type",
        "DDR4_2400_8x8",
    ],
];

/// In-order CPU configurations run in CI: with L1+L2 on one core, with L1 on
/// four (threads then spread over the cores).
const MINOR_CONFIGS: &[&[&str]] = &[
    &["--cpu-type", "minor", "--caches", "--l2cache"],
    &["-n", "4", "--cpu-type", "minor", "--caches"],
];

/// The rest of the in-order CPU matrix, run when `SIM_TEST_MINOR_FULL` is set
/// (`SIM_TEST_MINOR_FULL=1 cargo test --release --test differential`).
const MINOR_FULL_CONFIGS: &[&[&str]] = &[
    &["--cpu-type", "minor"],
    &["--cpu-type", "minor", "--caches"],
    &["-n", "4", "--cpu-type", "minor"],
    &["-n", "4", "--cpu-type", "minor", "--caches", "--l2cache"],
];

/// Out-of-order CPU configurations run in CI: with L1+L2 on one core, with L1
/// on four.
const O3_CONFIGS: &[&[&str]] = &[
    &["--cpu-type", "o3", "--caches", "--l2cache"],
    &["-n", "4", "--cpu-type", "o3", "--caches"],
];

/// The rest of the out-of-order CPU matrix, run when `SIM_TEST_O3_FULL` is set
/// (`SIM_TEST_O3_FULL=1 cargo test --release --test differential`).
const O3_FULL_CONFIGS: &[&[&str]] = &[
    &["--cpu-type", "o3"],
    &["--cpu-type", "o3", "--caches"],
    &["-n", "4", "--cpu-type", "o3"],
    &["-n", "4", "--cpu-type", "o3", "--caches", "--l2cache"],
];

/// Instructions committed by a run (`simInsts` of the last stats block).
fn committed_insts(outdir: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(outdir.join("stats.txt")).ok()?;
    let block = common::parse_stats(&text).pop()?;
    common::stat_value(&block, "simInsts")
}

fn run_under_test(p: &Program, cwd: &Path, stdin: &[u8], config: &[&str]) -> (Output, Option<f64>) {
    let binary = common::guest_bin(&p.name);
    let args = p.args_in(cwd);
    if let Ok(over) = std::env::var("SIM_UNDER_TEST_OVERRIDE") {
        let mut words = over.split_whitespace();
        let program = words.next().expect("SIM_UNDER_TEST_OVERRIDE is empty");
        let mut cmd = Command::new(program);
        cmd.args(words).arg(&binary).args(&args).current_dir(cwd);
        common::fixed_env(&mut cmd);
        return (
            common::run_with_timeout(&mut cmd, stdin, common::timeout()),
            None,
        );
    }
    let outdir = common::tempdir("sim-diff-out-");
    let mut out = common::run_sim_with(outdir.path(), cwd, config, &binary, &args, stdin);
    out.stderr = drop_death_notice(&out.stderr, "sim: guest fault:");
    (out, committed_insts(outdir.path()))
}

/// Compares one program; returns a report of the mismatches (empty if none).
fn check(p: Program) -> String {
    let stdin = p.stdin_bytes();
    let ref_dir = common::tempdir("sim-diff-ref-");
    let reference = run_reference(&p, ref_dir.path(), &stdin);
    let configs: Vec<&[&str]> = if std::env::var("SIM_UNDER_TEST_OVERRIDE").is_ok() {
        CONFIGS[..1].to_vec()
    } else if p.heavy {
        CONFIGS
            .iter()
            .filter(|c| !c.contains(&"timing"))
            .copied()
            .collect()
    } else {
        let mut all = CONFIGS.to_vec();
        all.extend(MINOR_CONFIGS);
        if std::env::var("SIM_TEST_MINOR_FULL").is_ok() {
            all.extend(MINOR_FULL_CONFIGS);
        }
        all.extend(O3_CONFIGS);
        if std::env::var("SIM_TEST_O3_FULL").is_ok() {
            all.extend(O3_FULL_CONFIGS);
        }
        all
    };
    let mut report = String::new();
    // Committed instructions of the atomic one-core run (the first config).
    let mut atomic_insts = None;
    for config in &configs {
        let sim_dir = common::tempdir("sim-diff-cwd-");
        let (actual, insts) = run_under_test(&p, sim_dir.path(), &stdin, config);
        if config.is_empty() {
            atomic_insts = insts;
        }
        let mut r = compare(&reference, &actual);
        let one_core = !config.contains(&"-n");
        let detailed = config.contains(&"minor") || config.contains(&"o3");
        if one_core && !p.threaded && detailed && insts != atomic_insts {
            r.push_str(&format!(
                "  committed instructions differ: atomic {atomic_insts:?}, {} {insts:?}\n",
                config[1]
            ));
        }
        if !r.is_empty() {
            report.push_str(&format!("  [sim se {}]\n{r}", config.join(" ")));
        }
    }
    if report.is_empty() {
        eprintln!(
            "ok   {:18} ({}, {} configurations, qemu {:.2?})",
            p.name,
            reference.status,
            configs.len(),
            reference.elapsed
        );
        return report;
    }
    eprintln!("FAIL {}", p.name);
    let args = p.args_in(Path::new("TMPDIR"));
    format!(
        "{} (args {:?}{}):\n{report}",
        p.name,
        args,
        p.stdin
            .as_deref()
            .map(|s| format!(", stdin {s}"))
            .unwrap_or_default()
    )
}

/// The mismatches between the reference run and one sim run (empty if none).
fn compare(reference: &Output, actual: &Output) -> String {
    let mut report = String::new();
    if matches!(
        reference.status,
        Termination::Timeout | Termination::SpawnError(_)
    ) {
        report.push_str(&format!(
            "  reference qemu-riscv64 did not complete: {}\n",
            reference.status
        ));
    }
    if reference.status != actual.status {
        report.push_str(&format!(
            "  status differs: qemu {}, sim {}\n",
            reference.status, actual.status
        ));
    }
    report.push_str(&common::describe_diff(
        "stdout",
        "qemu",
        &reference.stdout,
        "sim",
        &actual.stdout,
    ));
    report.push_str(&common::describe_diff(
        "stderr",
        "qemu",
        &reference.stderr,
        "sim",
        &actual.stderr,
    ));
    report
}

#[test]
fn guest_programs_match_qemu() {
    common::require_tool("qemu-riscv64", "qemu-user");
    common::build_guests();
    let programs = common::programs(Mode::Diff);
    assert!(
        !programs.is_empty() || std::env::var("SIM_TEST_ONLY").is_ok(),
        "no diff programs in guest/tests.txt"
    );
    let total = programs.len();
    let reports = common::parallel_map(programs, check);
    let failures: Vec<String> = reports.into_iter().filter(|r| !r.is_empty()).collect();
    if !failures.is_empty() {
        panic!(
            "{} of {} guest programs differ between sim and qemu-riscv64:\n\n{}",
            failures.len(),
            total,
            failures.join("\n")
        );
    }
}
