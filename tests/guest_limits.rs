//! Guest programs meeting Linux's limits: simulated memory running out
//! (`ENOMEM`, or death by `SIGKILL` as from the OOM killer, with a message
//! naming the memory size) and writes to a pipe with no reader (`SIGPIPE`, also
//! when the reader of the simulator's own stdout goes away, as with `| head`).
//! The manifest runs `malloc_oom` and `oom_touch` once; these tests add the
//! other CPU models and check what the simulator says on stderr.

mod common;

use common::Termination;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MEM: &[&str] = &["--mem-size", "16MiB"];
const MODELS: &[&[&str]] = &[&[], &["--cpu-type", "timing", "--caches"], &["-n", "2"]];

fn run(options: &[&str], program: &str, args: &[&str]) -> common::Output {
    let outdir = common::tempdir("sim-limits-out-");
    let cwd = common::tempdir("sim-limits-cwd-");
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        options,
        &common::guest_bin(program),
        &args,
        &[],
    );
    assert!(
        outdir.path().join("stats.txt").is_file(),
        "{program}: no stats.txt after the run"
    );
    out
}

#[test]
fn running_out_of_memory_kills_with_a_message_naming_the_size() {
    common::build_guests();
    for how in ["store", "syscall"] {
        for model in MODELS {
            let opts = [MEM, model].concat();
            let out = run(&opts, "oom_touch", &["16", how]);
            let err = out.stderr_text();
            let what = format!("oom_touch {how} with {opts:?}");
            assert_eq!(out.status, Termination::Signal(9), "{what}: {err}");
            assert!(
                err.contains("out of simulated memory") && err.contains("16MiB"),
                "{what}: stderr does not say memory ran out: {err}"
            );
            assert!(!common::has_panic(&err), "{what}: {err}");
            let by = if how == "store" {
                "stores"
            } else {
                "getrandom"
            };
            assert_eq!(
                out.stdout_text(),
                format!("touching 32 MiB by {by}\n"),
                "{what}"
            );
        }
    }
}

#[test]
fn malloc_fails_cleanly_on_every_cpu_model() {
    common::build_guests();
    let expected = std::fs::read_to_string(common::guest_dir().join("expected/malloc_oom.out"))
        .expect("guest/expected/malloc_oom.out");
    for model in MODELS {
        let opts = [MEM, model].concat();
        let out = run(&opts, "malloc_oom", &["16"]);
        assert_eq!(
            out.status,
            Termination::Exit(0),
            "{opts:?}: {}",
            out.stderr_text()
        );
        let d = common::describe_diff(
            "stdout",
            "expected",
            expected.as_bytes(),
            "sim",
            &out.stdout,
        );
        assert!(d.is_empty(), "{opts:?}:\n{d}");
    }
}

/// Runs `cmd` (a guest writing lines to stdout forever), reads one line, closes
/// the pipe and returns how the process ended.
fn end_after_one_line(cmd: &mut Command) -> Termination {
    use std::os::unix::process::ExitStatusExt;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut line)
        .expect("one line");
    assert_eq!(line, "y\n");
    // The reader is dropped here: the pipe has no reader any more.
    let deadline = Instant::now() + common::timeout();
    loop {
        if let Some(st) = child.try_wait().expect("wait") {
            return match (st.code(), st.signal()) {
                (Some(c), _) => Termination::Exit(c),
                (_, s) => Termination::Signal(s.unwrap_or(0)),
            };
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Termination::Timeout;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_closed_stdout_pipe_kills_the_guest_and_sim_with_sigpipe() {
    common::build_guests();
    let bin = common::guest_bin("sigpipe_default");
    let outdir = common::tempdir("sim-limits-out-");
    let mut sim = Command::new(common::sim_bin());
    sim.arg("se")
        .arg("-d")
        .arg(outdir.path())
        .arg(&bin)
        .arg("stdout");
    assert_eq!(
        end_after_one_line(&mut sim),
        Termination::Signal(13),
        "sim se"
    );
    // The reference behaves the same (when it is installed).
    let qemu_present = Command::new("qemu-riscv64")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if qemu_present {
        let mut qemu = Command::new("qemu-riscv64");
        qemu.arg(&bin).arg("stdout");
        assert_eq!(
            end_after_one_line(&mut qemu),
            Termination::Signal(13),
            "qemu"
        );
    }
}
