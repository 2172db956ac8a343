//! Parameters out of range (`models::boards::limits`): `sim se` refuses each with
//! exit status 1 and one line naming the parameter, the value and the allowed
//! range, never with a panic or an allocation abort; and a simulated memory far
//! larger than what the guest touches costs the host only what is touched.

mod common;

use common::{Output, Termination};
use std::ffi::OsString;
use std::process::{Command, Stdio};

/// `sim se -d TMP OPTS... hello`.
fn se_hello(opts: &[&str]) -> Output {
    let cwd = common::tempdir("sim-params-");
    let outdir = cwd.path().join("m5out");
    common::run_sim_with(
        &outdir,
        cwd.path(),
        opts,
        &common::guest_bin("hello"),
        &[],
        &[],
    )
}

/// Every case: the options and the start of the one error line that must follow
/// `sim: error: `.
const BAD: &[(&[&str], &str)] = &[
    (
        &["--mem-size", "65TiB"],
        "mem_size: is 65TiB; allowed values: 4KiB to 64TiB",
    ),
    (
        &["--mem-size", "16EiB"],
        "mem_size: is 16EiB; allowed values: 4KiB to 64TiB",
    ),
    (
        &["--caches", "--l1d-size", "1TiB"],
        "l1d_size: is 1TiB; allowed values: 64B to 1GiB",
    ),
    (
        &["--caches", "--l2cache", "--l2-size", "64GiB"],
        "l2_size: is 64GiB; allowed values: 64B to 1GiB",
    ),
    (
        &[
            "--caches",
            "--l2cache",
            "--private-l2",
            "-n",
            "16",
            "--l2-size",
            "1GiB",
        ],
        "l2_size: is 1GiB; allowed values: sizes whose caches total at most 8GiB",
    ),
    (
        &["-n", "33", "--caches", "--l2cache"],
        "num_cores: is 33; allowed values: 1 to 32 with private L1 caches and a shared L2",
    ),
    (
        &["-n", "33", "--caches"],
        "num_cores: is 33; allowed values: 1 to 32 with private L1 caches",
    ),
    (
        &["-n", "65", "--caches", "--l2cache", "--private-l2"],
        "num_cores: is 65; allowed values: 1 to 64 with private L1 and L2 caches",
    ),
    (
        &["-n", "257"],
        "num_cores: is 257; allowed values: 1 to 256",
    ),
    (
        &["--cpu-clock", "3THz"],
        "cpu_clock: is 3THz; allowed values: 1MHz to 1THz",
    ),
    (
        &["--cpu-clock", "1.5THz"],
        "cpu_clock: is 1.5THz; allowed values: 1MHz to 1THz",
    ),
    (
        &["--sys-clock", "0.5ps"],
        "sys_clock: is 0.5ps; allowed values: 1MHz to 1THz",
    ),
    (
        &["--sys-clock", "999kHz"],
        "sys_clock: is 999kHz; allowed values: 1MHz to 1THz",
    ),
    (
        &["--cpu-clock", "0Hz"],
        "cpu_clock: is 0Hz; allowed values: 1MHz to 1THz",
    ),
    (
        &["--maxinsts", "0"],
        "max_insts: is 0; allowed values: 1 to 18446744073709551615",
    ),
    (
        &["-m", "0"],
        "abs_max_tick: is 0; allowed values: 1 to 18446744073709551615",
    ),
    (
        &["--cacheline-size", "128"],
        "cacheline_size: is 128; allowed values: 64",
    ),
    (
        &["--caches", "--l1i-assoc", "0"],
        "l1i_assoc: is 0; allowed values: 1 to 65536",
    ),
    (
        &["--caches", "--l1d-assoc", "3"],
        "l1d_size: is 64KiB; allowed values: sizes of a power-of-two number of sets",
    ),
    (
        &[
            "--caches",
            "--replacement-policy",
            "TreePLRU",
            "--l1d-assoc",
            "6",
            "--l1d-size",
            "48KiB",
        ],
        "l1d_assoc: is 6; allowed values: a power of two with the TreePLRU replacement policy",
    ),
];

#[test]
fn out_of_range_values_are_one_line_errors_naming_parameter_value_and_range() {
    common::build_guests();
    let outs = common::parallel_map(BAD.to_vec(), |(opts, _)| se_hello(opts));
    for ((opts, want), out) in BAD.iter().zip(outs) {
        let stderr = out.stderr_text();
        assert_eq!(
            out.status,
            Termination::Exit(1),
            "{opts:?}: stderr: {stderr}"
        );
        assert!(
            !common::has_panic(&stderr) && !stderr.contains("backtrace"),
            "{opts:?}: {stderr}"
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "{opts:?}: not one line: {stderr}"
        );
        let line = stderr.trim_end();
        assert!(
            line.starts_with(&format!("sim: error: {want}")),
            "{opts:?}:\n got: {line}\nwant: sim: error: {want}..."
        );
        assert!(out.stdout.is_empty(), "{opts:?}: the guest ran");
    }
}

/// Runs `sim se -d TMP --mem-size SIZE hello` and returns its status, stdout and
/// peak resident memory in KiB (`ru_maxrss` of the waited-for child).
fn hello_with_memory(size: &str) -> (i32, String, i64) {
    let cwd = common::tempdir("sim-params-mem-");
    let mut cmd = Command::new(common::sim_bin());
    let args: [OsString; 6] = [
        "se".into(),
        "-d".into(),
        cwd.path().join("m5out").into(),
        "--mem-size".into(),
        size.into(),
        common::guest_bin("hello").into(),
    ];
    common::fixed_env(&mut cmd)
        .args(args)
        .current_dir(cwd.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("spawn sim");
    let pid = child.id() as libc::pid_t;
    // Read the pipes before waiting (the guest's output is small, but keep it safe).
    let output = std::thread::spawn(move || {
        use std::io::Read;
        let (mut out, mut err) = (String::new(), String::new());
        let mut child = child;
        let _ = child.stdout.take().unwrap().read_to_string(&mut out);
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        (out, err)
    });
    let mut status = 0;
    // SAFETY: plain wait4 on our own child; rusage is a zeroed out-parameter.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4: {}", std::io::Error::last_os_error());
    let (out, err) = output.join().unwrap();
    assert!(
        libc::WIFEXITED(status),
        "sim died: {status:#x}; stderr: {err}"
    );
    assert!(!common::has_panic(&err), "{err}");
    (libc::WEXITSTATUS(status), out, usage.ru_maxrss)
}

#[test]
fn a_huge_memory_costs_only_what_the_guest_touches() {
    common::build_guests();
    // 64 GiB used to abort in the allocator; 64 TiB is the largest allowed size.
    for size in ["64GiB", "64TiB"] {
        let (code, stdout, max_rss_kib) = hello_with_memory(size);
        assert_eq!(code, 0, "--mem-size {size}");
        assert!(
            stdout.contains("Hello, world!"),
            "--mem-size {size}: {stdout}"
        );
        assert!(
            max_rss_kib < 128 << 10,
            "--mem-size {size}: peak RSS {max_rss_kib} KiB; it should stay near the few MiB \
             hello touches"
        );
    }
}

#[test]
fn a_clock_period_rounded_past_the_tolerance_is_warned_about_once() {
    common::build_guests();
    // 700 GHz is a period of 1.43 ps: one tick, 30% off (gem5 warns above 0.1%).
    let out = se_hello(&["--cpu-clock", "700GHz", "--caches"]);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    let stderr = out.stderr_text();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("rounded")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("cpu_clock") && warnings[0].contains("700GHz"),
        "{stderr}"
    );
    // 2 GHz is exactly 500 ticks: nothing to say.
    let out = se_hello(&["--cpu-clock", "2GHz"]);
    assert!(
        !out.stderr_text().contains("rounded"),
        "{}",
        out.stderr_text()
    );
}
