//! The project's machine-mode ISA test suite (`guest/isa/`): small self-checking
//! bare-metal programs, one per extension or instruction group, that report
//! through HTIF `tohost` (exit status 0, or the number of the first failed
//! check). Every program must pass under QEMU's `spike` board (Debian's
//! qemu-system-riscv64 7.2, fetched by `guest/fs/qemu-fetch.sh`; skipped with a
//! note when it cannot be fetched), so that the checks test the hardware rather
//! than a reading of the specification, and under `sim fs --kernel` on every
//! CPU configuration below, with one committed instruction count per program
//! across all of them.

mod common;

use common::{parse_stats, repo_root, run_sim_raw, run_with_timeout, stat_value, Termination};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// The CPU configurations every program runs on (name, `sim fs` options).
const CPU_CONFIGS: &[(&str, &[&str])] = &[
    ("atomic", &["--cpu-type", "atomic"]),
    ("timing", &["--cpu-type", "timing"]),
    (
        "timing+l1+l2",
        &["--cpu-type", "timing", "--caches", "--l2cache"],
    ),
    ("minor", &["--cpu-type", "minor"]),
    ("o3", &["--cpu-type", "o3"]),
    ("o3+l1+l2", &["--cpu-type", "o3", "--caches", "--l2cache"]),
];

/// Programs the simulator is known to fail, with the check it fails and why.
/// The simulator must fail exactly there (so a fix shows up here); QEMU must pass.
const KNOWN_SIM_FAILURES: &[(&str, i32, &str)] = &[];

/// Builds the suite once (guest/isa/build.sh) and lists its programs.
fn programs() -> &'static [PathBuf] {
    static BUILT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let isa = repo_root().join("guest/isa");
        let out = Command::new("bash")
            .arg(isa.join("build.sh"))
            .output()
            .expect("run guest/isa/build.sh");
        assert!(
            out.status.success(),
            "guest/isa/build.sh failed (needs gcc-riscv64-linux-gnu): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut names: Vec<String> = std::fs::read_dir(&isa)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("rv") && n.ends_with(".S"))
            .map(|n| n.trim_end_matches(".S").to_string())
            .collect();
        names.sort();
        let build = repo_root().join("guest/build/isa");
        names
            .iter()
            .map(|n| build.join(format!("{n}.elf")))
            .collect()
    })
}

fn name(elf: &Path) -> String {
    elf.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The exit status the simulator must give for a program.
fn expected_sim_status(program: &str) -> i32 {
    KNOWN_SIM_FAILURES
        .iter()
        .find(|(p, _, _)| *p == program)
        .map_or(0, |(_, check, _)| *check)
}

/// QEMU's system emulator and its unpacked root, or `None` (with a note) when
/// it cannot be fetched.
fn qemu() -> Option<&'static (PathBuf, PathBuf)> {
    static QEMU: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    QEMU.get_or_init(|| {
        let out = Command::new("bash")
            .arg(repo_root().join("guest/fs/qemu-fetch.sh"))
            .output()
            .expect("run guest/fs/qemu-fetch.sh");
        if !out.status.success() {
            eprintln!(
                "note: QEMU runs skipped: guest/fs/qemu-fetch.sh failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return None;
        }
        let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        Some((bin, repo_root().join("guest/build/qemu/root")))
    })
    .as_ref()
}

fn run_qemu(bin: &Path, root: &Path, elf: &Path) -> common::Output {
    let lib = format!(
        "{}:{}",
        root.join("usr/lib/x86_64-linux-gnu").display(),
        root.join("lib/x86_64-linux-gnu").display()
    );
    let mut cmd = Command::new(bin);
    cmd.env("LD_LIBRARY_PATH", lib)
        .arg("-L")
        .arg(root.join("usr/share/qemu"))
        .args([
            "-machine",
            "spike",
            "-bios",
            "none",
            "-nographic",
            "-kernel",
        ])
        .arg(elf);
    run_with_timeout(&mut cmd, &[], Duration::from_secs(60))
}

/// Runs a program on the simulator; returns its exit status and `simInsts`.
fn run_sim(elf: &Path, options: &[&str]) -> (Termination, u64, String) {
    let dir = common::tempdir("sim-isa-");
    let out_dir = dir.path().join("m5out");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("fs"),
        OsStr::new("-d"),
        out_dir.as_os_str(),
        OsStr::new("--kernel"),
        elf.as_os_str(),
    ];
    args.extend(options.iter().map(OsStr::new));
    let out = run_sim_raw(&args, dir.path());
    let insts = std::fs::read_to_string(out_dir.join("stats.txt"))
        .ok()
        .and_then(|t| {
            parse_stats(&t)
                .last()
                .and_then(|b| stat_value(b, "simInsts"))
        })
        .unwrap_or(-1.0);
    let stderr = out.stderr_text();
    (out.status, insts as u64, stderr)
}

#[test]
fn the_suite_covers_every_advertised_extension() {
    let names: Vec<String> = programs().iter().map(|p| name(p)).collect();
    for family in [
        "rv64ui",
        "rv64um",
        "rv64ua",
        "rv64uf",
        "rv64ud",
        "rv64uc",
        "rv64ub",
        "rv64zifencei",
        "rv64mi",
        "rv64si",
    ] {
        assert!(
            names.iter().any(|n| n == family),
            "{family} missing: {names:?}"
        );
    }
}

#[test]
fn every_program_passes_under_qemu() {
    let Some((bin, root)) = qemu() else { return };
    for elf in programs() {
        let out = run_qemu(bin, root, elf);
        assert_eq!(
            out.status,
            Termination::Exit(0),
            "{} under QEMU (exit status = the failed check): {}",
            name(elf),
            out.stderr_text()
        );
    }
}

#[test]
fn every_program_passes_on_every_cpu_with_one_instruction_count() {
    let jobs: Vec<(PathBuf, usize)> = programs()
        .iter()
        .flat_map(|p| (0..CPU_CONFIGS.len()).map(move |c| (p.clone(), c)))
        .collect();
    let results = common::parallel_map(jobs, |(elf, c)| run_sim(&elf, CPU_CONFIGS[c].1));
    let mut failures = Vec::new();
    for (elf, counts) in programs().iter().zip(results.chunks(CPU_CONFIGS.len())) {
        let program = name(elf);
        let want = expected_sim_status(&program);
        for ((config, _), (status, insts, stderr)) in CPU_CONFIGS.iter().zip(counts) {
            if *status != Termination::Exit(want) {
                failures.push(format!(
                    "{program} on {config}: {status}, expected exit {want} \
                     (exit status = the failed check); {}",
                    stderr.trim()
                ));
            }
            if *insts != counts[0].1 {
                failures.push(format!(
                    "{program}: {insts} instructions on {config}, {} on {}",
                    counts[0].1, CPU_CONFIGS[0].0
                ));
            }
        }
        // Passing programs run their checks: at least a hundred instructions.
        if want == 0 {
            assert!(
                counts[0].1 >= 100,
                "{program}: {} instructions",
                counts[0].1
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The harness sees failures: a program whose third check is wrong ends with
/// status 3 on the simulator and under QEMU.
#[test]
fn a_failing_check_ends_the_run_with_its_number() {
    programs();
    let dir = common::tempdir("sim-isa-fail-");
    let src = dir.path().join("rv64fail.S");
    std::fs::write(
        &src,
        "#include \"isa.h\"\n    .text\n    .globl tests\ntests:\n\
         TEST_RR(1, add, 3, 1, 2)\n    TEST_RR(2, sub, 1, 3, 2)\n\
         TEST_RR(3, add, 4, 1, 2)\n    j pass\n",
    )
    .unwrap();
    let out = Command::new("bash")
        .arg(repo_root().join("guest/isa/build.sh"))
        .arg(&src)
        .arg(dir.path())
        .output()
        .expect("run guest/isa/build.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let elf = dir.path().join("rv64fail.elf");
    let (status, insts, stderr) = run_sim(&elf, CPU_CONFIGS[0].1);
    assert_eq!(status, Termination::Exit(3), "{stderr}");
    assert!(insts > 10);
    if let Some((bin, root)) = qemu() {
        assert_eq!(run_qemu(bin, root, &elf).status, Termination::Exit(3));
    }
}
