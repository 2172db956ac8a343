//! Guest programs meeting Linux's limits: simulated memory running out
//! (`ENOMEM`, or death by `SIGKILL` as from the OOM killer, with a message
//! naming the memory size).
//! The manifest runs `malloc_oom` and `oom_touch` once; these tests add the
//! other CPU models and check what the simulator says on stderr.

mod common;

use common::Termination;

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
