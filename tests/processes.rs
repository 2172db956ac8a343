//! Processes under `sim se`: the guest programs of the `# processes` block of
//! `guest/tests.txt` (fork, wait, exec, vfork, posix_spawn, process groups) and
//! Debian's static busybox shell running `sh -c` scripts (pipelines, subshells,
//! background jobs, `wait`, traps), each on the atomic CPU
//! and on two timing CPUs with caches. `diff` programs and the shell scripts are
//! compared with qemu-riscv64 (stdout, stderr and how the run ended); `sim`
//! programs (exec of a riscv64 child, which qemu-user cannot do on this host)
//! with their expected output.

mod common;

use common::{Mode, Output, Program, Termination};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The CPU configurations every run uses.
const CONFIGS: &[&[&str]] = &[
    &[],
    &["--cpu-type", "timing", "--caches", "--num-cpus", "2"],
];

/// Lines the emulators print on stderr themselves (sim's warnings about
/// unimplemented calls, the death notices of qemu and sim).
fn guest_stderr(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .filter(|l| {
            !l.starts_with("warn: ")
                && !l.starts_with("sim: guest fault:")
                && !l.starts_with("qemu: uncaught target signal")
        })
        .collect()
}

/// What differs between the reference and a sim run (empty if nothing).
fn compare(what: &str, reference: &Output, actual: &Output) -> String {
    let mut report = String::new();
    if reference.status != actual.status {
        report.push_str(&format!(
            "  {what}: status differs: reference {}, sim {}\n",
            reference.status, actual.status
        ));
    }
    let (rs, ss) = (
        guest_stderr(&reference.stderr),
        guest_stderr(&actual.stderr),
    );
    report.push_str(&common::describe_diff(
        &format!("{what}: stdout"),
        "reference",
        &reference.stdout,
        "sim",
        &actual.stdout,
    ));
    report.push_str(&common::describe_diff(
        &format!("{what}: stderr"),
        "reference",
        rs.as_bytes(),
        "sim",
        ss.as_bytes(),
    ));
    report
}

/// The programs of the `# processes` block of `guest/tests.txt` (its lines up
/// to the next blank line).
fn process_programs() -> Vec<Program> {
    let text = std::fs::read_to_string(common::guest_dir().join("tests.txt")).expect("manifest");
    let names: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("# processes"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    common::manifest()
        .into_iter()
        .filter(|p| names.contains(&p.name.as_str()) && p.mode != Mode::Bench)
        .collect()
}

/// The reference a program's sim runs must match.
fn reference(p: &Program) -> Output {
    match p.mode {
        Mode::Sim => Output {
            stdout: std::fs::read(common::guest_dir().join(p.stdout.as_deref().expect("stdout=")))
                .expect("expected output"),
            stderr: Vec::new(),
            status: p.expected_termination(),
            elapsed: Default::default(),
        },
        _ => {
            let dir = common::tempdir("sim-proc-ref-");
            let mut cmd = Command::new("qemu-riscv64");
            cmd.arg(common::guest_bin(&p.name))
                .args(p.args_in(dir.path()))
                .current_dir(dir.path());
            common::fixed_env(&mut cmd);
            common::run_with_timeout(&mut cmd, &p.stdin_bytes(), common::timeout())
        }
    }
}

fn check_program(p: Program) -> String {
    let expected = reference(&p);
    let mut report = String::new();
    for config in CONFIGS {
        let cwd = common::tempdir("sim-proc-cwd-");
        let out = common::tempdir("sim-proc-out-");
        let mut options = p.opts();
        options.extend_from_slice(config);
        let actual = common::run_sim_with(
            out.path(),
            cwd.path(),
            &options,
            &common::guest_bin(&p.name),
            &p.args_in(cwd.path()),
            &p.stdin_bytes(),
        );
        report.push_str(&compare(
            &format!("{} [sim se {}]", p.name, config.join(" ")),
            &expected,
            &actual,
        ));
    }
    report
}

#[test]
fn process_programs_match_qemu_or_their_expected_output() {
    common::require_tool("qemu-riscv64", "qemu-user");
    common::build_guests();
    let programs = process_programs();
    assert!(
        programs.len() >= 6,
        "the # processes block of guest/tests.txt lists the process programs"
    );
    let failures: String = common::parallel_map(programs, check_program).concat();
    assert!(failures.is_empty(), "process programs differ:\n{failures}");
}

/// Debian's static busybox, fetched into the guest sysroot when missing. The
/// tests of this file run in parallel: one fetches while the others wait, so
/// none runs a busybox that is still being written.
fn busybox() -> PathBuf {
    static FETCH: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = FETCH.lock().unwrap_or_else(|e| e.into_inner());
    let bb = common::guest_dir().join("build/debian/riscv64/sysroot/usr/bin/busybox");
    if !bb.exists() {
        let status = Command::new("bash")
            .arg(common::guest_dir().join("fetch-debian.sh"))
            .arg("busybox-static")
            .status()
            .expect("run guest/fetch-debian.sh");
        assert!(
            status.success(),
            "guest/fetch-debian.sh busybox-static failed"
        );
    }
    bb
}

/// Shell scripts run by `busybox sh -c`, under sim and under qemu-riscv64.
const SCRIPTS: &[&str] = &[
    "(echo in a subshell; exit 3); echo subshell status $?",
    "for i in 1 2 3; do (exit $i); echo $?; done; true && echo and; false || echo or",
    "sh -c 'exit 4'; echo nested shell $?; sh -c 'kill -9 $$'; echo killed $?",
    "echo redirected > f.txt; cat f.txt; rm f.txt; ls f.txt 2>/dev/null || echo gone",
    "f() { echo in function $1; return 7; }; f arg; echo returned $?",
    "x=outer; (x=inner; echo $x); echo $x; exec echo replaced by exec",
    "x=$(echo command substitution); echo \"$x\"; echo $(echo $(echo nested))",
    "echo a b c | wc -w; seq 1 5 | sort -r | head -2; echo piped | cat",
    "seq 1 2000 | tail -1; yes | head -3; echo x | cat | cat | tr x y",
    "for w in one two; do echo $w; done | sort -r | tr a-z A-Z; echo ${#PATH}",
];

fn run_busybox(bb: &Path, script: &str, config: Option<&[&str]>) -> Output {
    let cwd = common::tempdir("sim-proc-sh-");
    match config {
        None => {
            let mut cmd = Command::new("qemu-riscv64");
            cmd.arg(bb)
                .args(["sh", "-c", script])
                .current_dir(cwd.path());
            common::fixed_env(&mut cmd);
            common::run_with_timeout(&mut cmd, &[], common::timeout())
        }
        Some(config) => {
            let out = common::tempdir("sim-proc-sh-out-");
            let args = ["sh".to_string(), "-c".to_string(), script.to_string()];
            common::run_sim_with(out.path(), cwd.path(), config, bb, &args, &[])
        }
    }
}

#[test]
fn busybox_shell_scripts_match_qemu() {
    common::require_tool("qemu-riscv64", "qemu-user");
    let bb = busybox();
    let check = move |script: &'static str| {
        let reference = run_busybox(&bb, script, None);
        assert_eq!(
            reference.status,
            Termination::Exit(0),
            "qemu runs `{script}`: {}",
            reference.stderr_text()
        );
        CONFIGS
            .iter()
            .map(|c| {
                let actual = run_busybox(&bb, script, Some(c));
                let what = format!("`{script}` [sim se {}]", c.join(" "));
                compare(&what, &reference, &actual)
            })
            .collect::<String>()
    };
    let failures: String = common::parallel_map(SCRIPTS.to_vec(), check).concat();
    assert!(failures.is_empty(), "busybox scripts differ:\n{failures}");
}

/// Shell scripts with background jobs, `wait` and traps, with the stdout and
/// exit code Linux gives (known in advance: the job output order follows the
/// sleeps' lengths, the same in simulated and real time; a second apart, so a
/// loaded host running qemu keeps the order).
const JOB_SCRIPTS: &[(&str, &str, i32)] = &[
    (
        "sleep 0.1 & p=$!; echo started; wait $p; echo waited $?",
        "started\nwaited 0\n",
        0,
    ),
    ("(exit 5) & wait $!; echo status $?", "status 5\n", 0),
    (
        "sh -c 'exit 3' & p=$!; sleep 0.1; wait $p; echo reaped $?",
        "reaped 3\n",
        0,
    ),
    (
        "trap 'echo got USR1' USR1; kill -USR1 $$; echo after",
        "got USR1\nafter\n",
        0,
    ),
    ("trap 'echo bye' EXIT; echo main", "main\nbye\n", 0),
    (
        "trap 'echo term; exit 2' TERM; kill -TERM $$; echo not reached",
        "term\n",
        2,
    ),
    (
        "( sleep 1; echo a ) & echo b; wait; echo done",
        "b\na\ndone\n",
        0,
    ),
    (
        "for i in 3 1 2; do (sleep $i; echo job $i) & done; wait; echo all",
        "job 1\njob 2\njob 3\nall\n",
        0,
    ),
    // Whether the shell prints "Terminated" depends on when it reaps the job
    // (a blocking wait for it, or an earlier non-blocking one), on Linux too.
    (
        "sleep 5 & kill $!; wait $! 2>/dev/null; echo killed $?",
        "killed 143\n",
        0,
    ),
];

#[test]
fn busybox_jobs_and_traps_give_linux_answers_and_match_qemu() {
    common::require_tool("qemu-riscv64", "qemu-user");
    let bb = busybox();
    let check = move |(script, stdout, code): (&'static str, &'static str, i32)| {
        let reference = run_busybox(&bb, script, None);
        let mut report = String::new();
        if reference.status != Termination::Exit(code) || reference.stdout != stdout.as_bytes() {
            report.push_str(&format!(
                "  qemu runs `{script}`: {} with stdout {:?}, expected exit {code} and {stdout:?}\n",
                reference.status,
                String::from_utf8_lossy(&reference.stdout)
            ));
        }
        for c in CONFIGS {
            let actual = run_busybox(&bb, script, Some(c));
            let what = format!("`{script}` [sim se {}]", c.join(" "));
            if actual.status != Termination::Exit(code) || actual.stdout != stdout.as_bytes() {
                report.push_str(&format!(
                    "  {what}: {} with stdout {:?}, expected exit {code} and {stdout:?}\n",
                    actual.status,
                    String::from_utf8_lossy(&actual.stdout)
                ));
            }
            report.push_str(&compare(&what, &reference, &actual));
        }
        report
    };
    let failures: String = common::parallel_map(JOB_SCRIPTS.to_vec(), check).concat();
    assert!(failures.is_empty(), "busybox job scripts:\n{failures}");
}
