//! Robust mutexes against the real Linux kernel: `guest/src/robust_mutex.c`
//! built for the host with `cc -pthread` and run natively must print exactly
//! the committed expected output, and the simulator must print the same for
//! the riscv64 build on 1 and 2 cores, atomic and timing CPUs (with caches).
//!
//! qemu-user cannot be the reference here: it returns ENOSYS for
//! `set_robust_list`, and glibc then refuses robust mutexes.

mod common;

use common::Termination;
use std::process::Command;

const PROGRAM: &str = "robust_mutex";
const EXPECTED: &str = "expected/robust_mutex.out";

/// Build the program for the host and run it on the host kernel.
fn native_output() -> Vec<u8> {
    let dir = common::tempdir("sim-robust-native-");
    let src = common::guest_dir().join("src").join(format!("{PROGRAM}.c"));
    let bin = dir.path().join(PROGRAM);
    let built = Command::new("cc")
        .args(["-O2", "-Wall", "-pthread", "-o"])
        .arg(&bin)
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("host cc is needed (apt-get install gcc libc6-dev): {e}"));
    assert!(
        built.status.success(),
        "host `cc -pthread` failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut cmd = Command::new(&bin);
    cmd.current_dir(dir.path());
    common::fixed_env(&mut cmd);
    let out = common::run_with_timeout(&mut cmd, &[], common::timeout());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "native run: {}",
        out.stderr_text()
    );
    out.stdout
}

#[test]
fn robust_mutex_output_matches_linux_on_every_cpu_configuration() {
    common::build_guests();
    let native = native_output();
    let expected_path = common::guest_dir().join(EXPECTED);
    let expected = std::fs::read(&expected_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected_path.display()));
    let d = common::describe_diff("stdout", "expected", &expected, "native", &native);
    assert!(
        d.is_empty(),
        "the host kernel disagrees with {EXPECTED}:\n{d}"
    );
    assert!(
        String::from_utf8_lossy(&native).contains("EOWNERDEAD"),
        "the reference never saw EOWNERDEAD"
    );

    let mut failures = Vec::new();
    for cores in ["1", "2"] {
        for config in [
            &["--cpu-type", "atomic"][..],
            &["--cpu-type", "timing", "--caches"][..],
        ] {
            let mut opts = vec!["-n", cores];
            opts.extend_from_slice(config);
            let outdir = common::tempdir("sim-robust-out-");
            let cwd = common::tempdir("sim-robust-cwd-");
            let out = common::run_sim_with(
                outdir.path(),
                cwd.path(),
                &opts,
                &common::guest_bin(PROGRAM),
                &[],
                &[],
            );
            if out.status != Termination::Exit(0) {
                failures.push(format!(
                    "{opts:?}: {} (stderr: {})",
                    out.status,
                    out.stderr_text()
                ));
            }
            let d = common::describe_diff("stdout", "native", &native, "sim", &out.stdout);
            if !d.is_empty() {
                failures.push(format!("{opts:?}:\n{d}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
