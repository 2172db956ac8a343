//! Dynamically linked executables, compared with qemu-riscv64 byte for byte.
//!
//! * The `dynamic` programs of `guest/tests.txt` (linked against the cross
//!   toolchain's glibc) run under `sim se -L /usr/riscv64-linux-gnu` and
//!   `qemu-riscv64 -L /usr/riscv64-linux-gnu`.
//! * Debian trixie's own riscv64 programs (bash, coreutils, gawk, Python 3.13)
//!   run from the sysroot `guest/sysroot.sh` builds (it downloads the packages
//!   once), under `sim se -L SYSROOT` and `qemu-riscv64 -L SYSROOT`.
//!
//! Each runs on the atomic CPU and on the timing CPU with caches and two cores
//! (the longest Python run on atomic only). stdout, stderr and the exit status
//! must match; the simulator's own `warn:` lines on stderr (system calls it does
//! not implement yet, which the guest survives) are not the guest's output and
//! are left out of the comparison.

mod common;

use common::{Mode, Output, Termination};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The cross toolchain's sysroot: its ELF interpreter and glibc.
const CROSS_SYSROOT: &str = "/usr/riscv64-linux-gnu";

/// The configurations: atomic, and timing with private caches on two cores.
const ATOMIC: &[&str] = &[];
const TIMING: &[&str] = &["--cpu-type", "timing", "--caches", "-n", "2"];

/// Build (or find) the Debian sysroot; panics with the script's log on failure.
fn debian_sysroot() -> PathBuf {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let r = ROOT.get_or_init(|| {
        let script = common::guest_dir().join("sysroot.sh");
        let out = Command::new("bash")
            .arg(&script)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if !out.status.success() {
            return Err(format!(
                "guest/sysroot.sh failed (it needs apt-get, dpkg-deb and a reachable Debian mirror):\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(PathBuf::from(
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        ))
    });
    r.clone().unwrap_or_else(|e| panic!("{e}"))
}

/// One program run: a host executable, its sysroot, arguments and input files.
#[derive(Clone)]
struct Case {
    label: String,
    sysroot: PathBuf,
    exe: PathBuf,
    args: Vec<String>,
    /// Files written into the working directory first: (name, contents).
    files: Vec<(&'static str, &'static str)>,
    configs: Vec<&'static [&'static str]>,
}

fn prepare(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn run_qemu(c: &Case, cwd: &Path) -> Output {
    let mut cmd = Command::new("qemu-riscv64");
    cmd.arg("-L")
        .arg(&c.sysroot)
        .arg(&c.exe)
        .args(&c.args)
        .current_dir(cwd);
    common::fixed_env(&mut cmd);
    common::run_with_timeout(&mut cmd, &[], common::timeout())
}

fn run_sim(c: &Case, cwd: &Path, config: &[&str]) -> Output {
    let outdir = common::tempdir("sim-dyn-out-");
    let mut cmd = Command::new(common::sim_bin());
    cmd.arg("se")
        .arg("-d")
        .arg(outdir.path())
        .arg("-L")
        .arg(&c.sysroot)
        .args(config)
        .arg(&c.exe)
        .arg("--")
        .args(&c.args)
        .current_dir(cwd);
    common::fixed_env(&mut cmd);
    let mut out = common::run_with_timeout(&mut cmd, &[], common::timeout());
    out.stderr = without_warnings(&out.stderr);
    out
}

/// `stderr` without the simulator's `warn:` lines.
fn without_warnings(stderr: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("warn: "))
        .collect::<String>()
        .into_bytes()
}

/// Run `c` under qemu and under sim on each configuration; the mismatches.
fn check(c: Case) -> String {
    let ref_dir = common::tempdir("sim-dyn-ref-");
    prepare(ref_dir.path(), &c.files);
    let reference = run_qemu(&c, ref_dir.path());
    let mut report = String::new();
    if matches!(
        reference.status,
        Termination::Timeout | Termination::SpawnError(_)
    ) {
        report.push_str(&format!(
            "  qemu-riscv64 did not complete: {}\n",
            reference.status
        ));
    }
    for config in &c.configs {
        let dir = common::tempdir("sim-dyn-cwd-");
        prepare(dir.path(), &c.files);
        let actual = run_sim(&c, dir.path(), config);
        let mut r = String::new();
        if reference.status != actual.status {
            r.push_str(&format!(
                "  status differs: qemu {}, sim {}\n",
                reference.status, actual.status
            ));
        }
        r.push_str(&common::describe_diff(
            "stdout",
            "qemu",
            &reference.stdout,
            "sim",
            &actual.stdout,
        ));
        r.push_str(&common::describe_diff(
            "stderr",
            "qemu",
            &reference.stderr,
            "sim",
            &actual.stderr,
        ));
        if !r.is_empty() {
            report.push_str(&format!("  [sim se {}]\n{r}", config.join(" ")));
        } else {
            eprintln!(
                "ok   {:24} [{}] sim {:.2?}, qemu {:.2?}",
                c.label,
                config.join(" "),
                actual.elapsed,
                reference.elapsed
            );
        }
    }
    if report.is_empty() {
        return report;
    }
    format!("{} (args {:?}):\n{report}", c.label, c.args)
}

fn check_all(cases: Vec<Case>) {
    let total = cases.len();
    let failures: Vec<String> = common::parallel_map(cases, check)
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {total} dynamically linked runs differ between sim and qemu-riscv64:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn dynamic_guest_programs_match_qemu_with_the_cross_sysroot() {
    common::require_tool("qemu-riscv64", "qemu-user");
    common::build_guests();
    let programs = common::programs(Mode::Dynamic);
    assert!(
        !programs.is_empty() || std::env::var("SIM_TEST_ONLY").is_ok(),
        "no dynamic programs in guest/tests.txt"
    );
    let cases = programs
        .into_iter()
        .map(|p| Case {
            label: p.name.clone(),
            sysroot: CROSS_SYSROOT.into(),
            exe: common::guest_bin(&p.name),
            args: p.args.clone(),
            files: Vec::new(),
            configs: vec![ATOMIC, TIMING],
        })
        .collect();
    check_all(cases);
}

const LINES: &str = "pear 3\napple 10\nfig 7\nbanana 2\ncherry 10\n";
const CSV: &str = "a,1.5\nb,2.25\nc,-0.75\n";

/// A bash script with pipelines, command substitution, a subshell, a background job,
/// `trap` and a signal to the shell itself. Its children are programs whose output
/// the host's own equal (qemu-user cannot run a riscv64 child: it execs the host's).
const BASH_SCRIPT: &str = "echo hi | tr a-z A-Z; x=$(echo sub; echo two | wc -l); echo \"$x\"; \
    (echo subshell; exit 3); echo rc=$?; sleep 0.1 & wait $!; echo waited $?; \
    trap 'echo trapped' USR1; kill -USR1 $$; for i in 1 2 3; do echo $i; done | sort -r | head -2; \
    sort -k2,2n lines.txt | head -3";

/// Python's subprocess: a captured child, a shell pipeline (`/bin/sh` is dash) and
/// `os.system`'s exit status.
const PY_SUBPROCESS: &str = "import subprocess, os\n\
    r = subprocess.run(['/usr/bin/echo', 'from child'], capture_output=True, text=True)\n\
    print(r.returncode, r.stdout.strip())\n\
    print(subprocess.check_output('echo a b | wc -w', shell=True).decode().strip())\n\
    print(os.system('exit 3') >> 8)";

/// A Debian program of the sysroot with its arguments.
fn debian(
    root: &Path,
    label: &str,
    prog: &str,
    args: &[&str],
    configs: Vec<&'static [&'static str]>,
) -> Case {
    Case {
        label: label.into(),
        sysroot: root.to_path_buf(),
        exe: root.join(prog.trim_start_matches('/')),
        args: args.iter().map(|s| s.to_string()).collect(),
        files: vec![("lines.txt", LINES), ("data.csv", CSV)],
        configs,
    }
}

#[test]
fn debian_coreutils_gawk_and_python_match_qemu() {
    common::require_tool("qemu-riscv64", "qemu-user");
    let root = debian_sysroot();
    let both = || vec![ATOMIC, TIMING];
    let py_modules = "import json, re, hashlib, collections, itertools, math, struct, base64, \
                      textwrap, fractions, decimal, unicodedata\n\
                      d = {'b': [1, 2.5, None], 'a': 'x\\u00e9'}\n\
                      print(json.dumps(d, sort_keys=True), json.loads('[1, {\"k\": true}]'))\n\
                      print(re.findall(r'(\\w)(\\d+)', 'a1 b22 c333'), re.sub('o+', '0', 'foo boo'))\n\
                      print(hashlib.sha256(b'sim').hexdigest(), hashlib.md5(b'').hexdigest())\n\
                      print(collections.Counter('mississippi').most_common(2))\n\
                      print(list(itertools.permutations('abc', 2))[:4], math.factorial(25))\n\
                      print(struct.pack('<iHd', -2, 7, 1.5).hex(), base64.b64encode(b'riscv'))\n\
                      print(fractions.Fraction(3, 7) + fractions.Fraction(1, 3), decimal.Decimal('1.1') * 3)\n\
                      print(unicodedata.name('\\u00e9'), textwrap.fill('one two three four', 9))";
    let cases = vec![
        debian(&root, "echo", "/usr/bin/echo", &["-e", "tab\\there", "x"], both()),
        debian(&root, "cat", "/usr/bin/cat", &["lines.txt", "data.csv"], both()),
        debian(&root, "ls", "/usr/bin/ls", &["-1", "-a", "."], both()),
        debian(&root, "sort", "/usr/bin/sort", &["-k2,2n", "-k1,1r", "lines.txt"], both()),
        debian(&root, "wc", "/usr/bin/wc", &["-l", "-w", "-c", "lines.txt", "data.csv"], both()),
        debian(
            &root,
            "gawk",
            "/usr/bin/gawk",
            &[
                "-F,",
                "{ s += $2; n[NR] = toupper($1) } END { printf \"%d rows sum %.4f %s%s%s sqrt %.6f\\n\", NR, s, n[1], n[2], n[3], sqrt(s) }",
                "data.csv",
            ],
            both(),
        ),
        debian(
            &root,
            "python3 -c print",
            "/usr/bin/python3.13",
            &["-c", "import sys; print(sum(i * i for i in range(100)), sys.version_info[:2])"],
            both(),
        ),
        debian(&root, "python3 stdlib", "/usr/bin/python3.13", &["-c", py_modules], vec![ATOMIC]),
        debian(&root, "bash", "/usr/bin/bash", &["-c", BASH_SCRIPT], both()),
        debian(&root, "python3 subprocess", "/usr/bin/python3.13", &["-c", PY_SUBPROCESS], vec![ATOMIC]),
    ];
    check_all(cases);
}
