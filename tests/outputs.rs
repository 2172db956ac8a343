//! What `sim se` leaves in its output directory and on its output streams when
//! things go wrong: a previous run's files, a kill mid-dump, a removed output
//! directory, a full disk, a closed pipe, and warnings that repeat.

mod common;

use common::Termination;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const END_BANNER: &str = "---------- End Simulation Statistics   ----------";

/// Every file a run writes in its output directory.
const RUN_FILES: &[&str] = &[
    "stats.txt",
    "stats.json",
    "stats.h5",
    "config.ini",
    "config.json",
    "config.dot",
];

/// `sim se -d OUTDIR OPTIONS... BINARY ARGS...` in a fresh working directory.
fn sim_se(outdir: &Path, options: &[&str], program: &str, args: &[&str]) -> common::Output {
    common::build_guests();
    let cwd = common::tempdir("sim-outputs-cwd-");
    let mut cmd = Command::new(common::sim_bin());
    cmd.args(["se", "-e", "/dev/null", "-d"])
        .arg(outdir)
        .args(options)
        .arg(common::guest_bin(program))
        .args(args)
        .current_dir(cwd.path());
    common::run_with_timeout(&mut cmd, &[], common::timeout())
}

/// Check that `text` is a sequence of whole stats blocks; the number of blocks.
fn whole_blocks(text: &str) -> usize {
    let begins = common::count_blocks(text);
    let ends = text.lines().filter(|l| *l == END_BANNER).count();
    assert_eq!(begins, ends, "a block without its end banner");
    assert!(
        text.is_empty() || text.ends_with(&format!("{END_BANNER}\n")),
        "stats.txt ends inside a block: ...{:?}",
        &text[text.len().saturating_sub(200)..]
    );
    begins
}

/// Check that stats.json, if there, is a whole document; its number of dumps.
fn json_dumps(outdir: &Path) -> Option<usize> {
    let bytes = std::fs::read(outdir.join("stats.json")).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("stats.json is not a whole JSON document: {e}"));
    Some(json.as_array().expect("stats.json is an array").len())
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_replaces_every_file_of_the_previous_run() {
    let dir = common::tempdir("sim-outputs-");
    let out = dir.path();
    for name in RUN_FILES {
        std::fs::write(out.join(name), "stale, from an earlier run").unwrap();
    }
    std::fs::write(out.join(".stats.json.tmp"), "stale temporary").unwrap();
    std::fs::write(out.join("notes.txt"), "the user's own").unwrap();

    let run = sim_se(out, &[], "m5_dump2", &[]);
    assert_eq!(run.status, Termination::Exit(0), "{}", run.stderr_text());
    let mut expected = vec![
        "config.dot",
        "config.ini",
        "config.json",
        "notes.txt",
        "stats.json",
        "stats.txt",
    ];
    if cfg!(feature = "hdf5") {
        expected.push("stats.h5");
        expected.sort();
    }
    assert_eq!(names_in(out), expected);
    for name in expected {
        let text = std::fs::read(out.join(name)).unwrap();
        assert!(
            !text.starts_with(b"stale"),
            "{name} is still the previous run's"
        );
    }
    let text = common::read_output(out, "stats.txt");
    assert_eq!(whole_blocks(&text), 3);
    assert_eq!(json_dumps(out), Some(3));
}

#[test]
fn a_run_that_cannot_start_leaves_the_previous_outputs_alone() {
    let dir = common::tempdir("sim-outputs-");
    let out = dir.path();
    std::fs::write(out.join("stats.txt"), "earlier run").unwrap();
    let run = sim_se(out, &["--mem-type", "NoSuchMemory"], "hello", &[]);
    assert_eq!(run.status, Termination::Exit(1), "{}", run.stderr_text());
    assert_eq!(names_in(out), ["stats.txt"]);
    assert_eq!(common::read_output(out, "stats.txt"), "earlier run");
}

/// SIGKILL at several moments of a run that dumps stats all the time: whatever
/// the moment, stats.txt holds whole blocks and stats.json a whole document at
/// most one dump behind.
#[test]
fn a_killed_run_leaves_only_whole_blocks() {
    common::build_guests();
    let mut dumps_seen = Vec::new();
    for delay_ms in [150, 400, 650, 900, 1150, 1400] {
        let dir = common::tempdir("sim-outputs-kill-");
        let out = dir.path().join("m5out");
        let mut child = Command::new(common::sim_bin())
            .args(["se", "-e", "/dev/null", "-d"])
            .arg(&out)
            .arg(common::guest_bin("m5_dump_loop"))
            .arg("1000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start sim");
        let start = Instant::now();
        while !out.join("stats.json").exists() && start.elapsed() < common::timeout() {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "ended before the kill"
        );

        let text = std::fs::read_to_string(out.join("stats.txt")).unwrap();
        let blocks = whole_blocks(&text);
        let json = json_dumps(&out).expect("stats.json was there before the kill");
        assert!(
            json == blocks || json + 1 == blocks,
            "stats.json has {json} dumps, stats.txt {blocks}"
        );
        for name in names_in(&out) {
            let known = RUN_FILES
                .iter()
                .any(|f| name == *f || name == format!(".{f}.tmp"));
            assert!(known, "unexpected file {name}");
        }
        dumps_seen.push(blocks);
    }
    assert!(
        dumps_seen.windows(2).any(|w| w[0] != w[1]),
        "every kill found the same {dumps_seen:?} blocks: the kills did not land mid-run"
    );
}

/// The output directory removed while the run goes on is noticed at once and
/// written again with everything so far, with a warning; nothing is lost.
#[test]
fn an_output_directory_removed_mid_run_is_written_again() {
    common::build_guests();
    let dir = common::tempdir("sim-outputs-rm-");
    let out = dir.path().join("m5out");
    let child = Command::new(common::sim_bin())
        .args(["se", "-e", "/dev/null", "-d"])
        .arg(&out)
        .arg(common::guest_bin("m5_dump_loop"))
        .arg("250")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start sim");
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(out.join("stats.txt")).unwrap_or_default();
        if common::count_blocks(&text) >= 20 {
            break;
        }
        assert!(start.elapsed() < common::timeout(), "no dumps appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Moved away in one step, then deleted: `rm -rf` on a directory being written
    // to can fail with "Directory not empty".
    let moved = dir.path().join("removed");
    std::fs::rename(&out, &moved).unwrap();
    std::fs::remove_dir_all(&moved).unwrap();
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("was removed during the run; created it again"),
        "no warning: {stderr}"
    );
    let text = common::read_output(&out, "stats.txt");
    assert_eq!(whole_blocks(&text), 251);
    assert_eq!(json_dumps(&out), Some(251));
    assert!(common::read_output(&out, "config.ini").starts_with("[root]"));
}

/// A full disk: one error naming the file, a non-zero status, whole blocks only.
/// Needs a small tmpfs of its own (`unshare -m` as root); skipped where that is
/// not allowed.
#[test]
fn a_full_disk_ends_the_run_with_one_error_and_whole_blocks() {
    common::build_guests();
    let dir = common::tempdir("sim-outputs-full-");
    let mnt = dir.path().join("mnt");
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&mnt).unwrap();
    // Mount a 512 KiB tmpfs in a private mount namespace, run there, and copy the
    // outputs out before the namespace (and the mount) goes away.
    let script = r#"
        mount -t tmpfs -o size=512k tmpfs "$1" || exit 99
        "$3" se -e /dev/null -d "$1/m5out" "$4" 100000 >/dev/null 2>"$2.err"
        echo $? >"$2.status"
        cp -a "$1/m5out" "$2"
    "#;
    let run = Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&mnt)
        .arg(&copy)
        .arg(common::sim_bin())
        .arg(common::guest_bin("m5_dump_loop"))
        .output();
    match run {
        Ok(o) if o.status.code() == Some(0) => {}
        other => {
            eprintln!("skipped: cannot mount a tmpfs in a private namespace ({other:?})");
            return;
        }
    }
    let status = std::fs::read_to_string(dir.path().join("copy.status")).unwrap();
    let stderr = std::fs::read_to_string(dir.path().join("copy.err")).unwrap();
    assert_eq!(status.trim(), "1", "stderr: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one error line expected: {stderr}");
    let prefix = format!("sim: error: output: {}/stats.", mnt.join("m5out").display());
    assert!(
        lines[0].starts_with(&prefix)
            && lines[0].ends_with(": No space left on device (os error 28)")
            && lines[0].matches("No space").count() == 1,
        "{stderr}"
    );
    let text = std::fs::read_to_string(copy.join("stats.txt")).unwrap();
    let blocks = whole_blocks(&text);
    assert!(blocks > 0, "the disk filled up before the first dump");
    if let Some(json) = json_dumps(&copy) {
        assert!(
            json <= blocks,
            "stats.json {json} dumps, stats.txt {blocks}"
        );
    }
}

/// `sim se --debug-flags=Exec prog | head -1`: sim ends by SIGPIPE, quietly, as
/// a Unix tool does.
#[test]
fn a_trace_into_a_closed_pipe_ends_quietly_by_sigpipe() {
    common::build_guests();
    let dir = common::tempdir("sim-outputs-pipe-");
    let mut child = Command::new(common::sim_bin())
        .args(["se", "-e", "/dev/null", "--debug-flags=Exec", "-d"])
        .arg(dir.path())
        .arg(common::guest_bin("hello"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start sim");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe is closed.
    assert!(first.contains("system.cpu: T0 : 0x"), "{first}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "status {status:?}");
    assert!(!common::has_panic(&stderr), "{stderr}");
    assert!(
        !stderr.contains("Broken pipe") && stderr.len() < 1000,
        "stderr should stay (nearly) silent: {} bytes: {}",
        stderr.len(),
        &stderr[..stderr.len().min(500)]
    );
}

/// `--debug-file /dev/full`: one clear error, a non-zero status, the run stopped
/// early with its stats dumped.
#[test]
fn a_debug_file_on_a_full_disk_fails_with_one_error() {
    let dir = common::tempdir("sim-outputs-");
    let run = sim_se(
        dir.path(),
        &["--debug-flags=Exec", "--debug-file", "/dev/full"],
        "bench",
        &["1"],
    );
    let stderr = run.stderr_text();
    assert_eq!(run.status, Termination::Exit(1), "{stderr}");
    assert!(!common::has_panic(&stderr), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [format!(
            "sim: error: cannot write debug file /dev/full: No space left on device (os error 28); \
             stopped the run (the stats so far are in {})",
            dir.path().join("stats.txt").display()
        )]
    );
    let text = common::read_output(dir.path(), "stats.txt");
    let blocks = common::parse_stats(&text);
    assert_eq!(blocks.len(), 1);
    let insts = common::stat_value(&blocks[0], "simInsts").unwrap();
    // One round of bench is about 26 million instructions; the trace failed in the
    // first few thousand, and the run stopped at the next poll.
    assert!(insts > 0.0 && insts < 10e6, "simInsts {insts}");
}

/// An unimplemented syscall called in a loop: one warning when it first happens,
/// one line with the count of repeats when the run ends (even an early end).
#[test]
fn a_repeated_warning_is_printed_once_with_a_count() {
    let dir = common::tempdir("sim-outputs-");
    let warning = "warn: unimplemented syscall 4000 (unknown), returning -ENOSYS";
    let run = sim_se(dir.path(), &[], "enosys_loop", &["1000"]);
    assert_eq!(run.status, Termination::Exit(0), "{}", run.stderr_text());
    assert_eq!(run.stdout_text(), "1000 of 1000 calls failed with ENOSYS\n");
    assert_eq!(
        run.stderr_text().lines().collect::<Vec<_>>(),
        [
            warning.to_string(),
            format!("{warning} [repeated 999 more times]")
        ]
    );

    let run = sim_se(
        dir.path(),
        &["--maxinsts", "100000"],
        "enosys_loop",
        &["100000000"],
    );
    let stderr = run.stderr_text();
    assert_eq!(run.status, Termination::Exit(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], warning);
    assert!(
        lines[1].starts_with(&format!("{warning} [repeated ")),
        "{stderr}"
    );
}

#[test]
fn every_system_call_counts_in_workload_num_syscalls() {
    // gem5's `Process::numSyscalls` (`system.cpu.workload.numSyscalls`): N more
    // calls of the loop add exactly N.
    let syscalls = |n: &str| {
        let dir = common::tempdir("sim-outputs-");
        let run = sim_se(dir.path(), &[], "enosys_loop", &[n]);
        assert_eq!(run.status, Termination::Exit(0), "{}", run.stderr_text());
        let stats = common::parse_stats(&common::read_output(dir.path(), "stats.txt"));
        common::stat_value(&stats[0], "system.cpu.workload.numSyscalls").unwrap()
    };
    assert_eq!(syscalls("150") - syscalls("50"), 100.0);
}
