//! Command-line behaviour of `sim se`: help, output directories, and clear
//! errors (never a panic) for binaries it cannot run.

mod common;

use common::{Output, Termination};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

fn sim(args: &[&OsStr], cwd: &Path) -> Output {
    common::run_sim_raw(args, cwd)
}

fn assert_clean_error(out: &Output, what: &str) {
    let stderr = out.stderr_text();
    assert!(
        matches!(out.status, Termination::Exit(c) if c != 0),
        "{what}: expected a non-zero exit code, got {} (stderr: {stderr})",
        out.status
    );
    assert!(
        !common::has_panic(&stderr),
        "{what}: the simulator panicked:\n{stderr}"
    );
}

#[test]
fn se_help_mentions_outdir() {
    let cwd = common::tempdir("sim-cli-");
    let out = sim(&["se".as_ref(), "--help".as_ref()], cwd.path());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "sim se --help failed: {}",
        out.stderr_text()
    );
    let text = format!("{}{}", out.stdout_text(), out.stderr_text());
    assert!(
        text.contains("--outdir"),
        "`sim se --help` does not mention --outdir:\n{text}"
    );
}

#[test]
fn top_level_help_lists_se() {
    let cwd = common::tempdir("sim-cli-");
    let out = sim(&["--help".as_ref()], cwd.path());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "sim --help failed: {}",
        out.stderr_text()
    );
    assert!(
        out.stdout_text().contains("se"),
        "`sim --help` does not list `se`:\n{}",
        out.stdout_text()
    );
}

#[test]
fn missing_binary_is_named_in_the_error() {
    let cwd = common::tempdir("sim-cli-");
    let outdir = common::tempdir("sim-cli-out-");
    let missing = cwd.path().join("no-such-program");
    let out = sim(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            outdir.path().as_os_str(),
            missing.as_os_str(),
        ],
        cwd.path(),
    );
    assert_clean_error(&out, "missing binary");
    assert!(
        out.stderr_text().contains("no-such-program"),
        "the error does not name the missing path:\n{}",
        out.stderr_text()
    );
}

#[test]
fn garbage_file_is_not_an_elf() {
    let cwd = common::tempdir("sim-cli-");
    let outdir = common::tempdir("sim-cli-out-");
    let path = cwd.path().join("garbage.bin");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let out = sim(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            outdir.path().as_os_str(),
            path.as_os_str(),
        ],
        cwd.path(),
    );
    assert_clean_error(&out, "garbage file");
    let stderr = out.stderr_text();
    assert!(
        stderr.to_lowercase().contains("elf"),
        "the error for a non-ELF file should say it is not an ELF:\n{stderr}"
    );
}

#[test]
fn empty_file_and_directory_are_rejected() {
    let cwd = common::tempdir("sim-cli-");
    let outdir = common::tempdir("sim-cli-out-");
    let empty = cwd.path().join("empty.bin");
    std::fs::write(&empty, b"").unwrap();
    for target in [empty.as_path(), cwd.path()] {
        let out = sim(
            &[
                "se".as_ref(),
                "-d".as_ref(),
                outdir.path().as_os_str(),
                target.as_os_str(),
            ],
            cwd.path(),
        );
        assert_clean_error(&out, &format!("{}", target.display()));
    }
}

#[test]
fn truncated_elf_is_rejected() {
    common::build_guests();
    let cwd = common::tempdir("sim-cli-");
    let outdir = common::tempdir("sim-cli-out-");
    let full = std::fs::read(common::guest_bin("hello")).unwrap();
    let path = cwd.path().join("truncated");
    std::fs::write(&path, &full[..100]).unwrap();
    let out = sim(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            outdir.path().as_os_str(),
            path.as_os_str(),
        ],
        cwd.path(),
    );
    assert_clean_error(&out, "truncated ELF");
}

#[test]
fn x86_64_binary_is_rejected_clearly() {
    let cwd = common::tempdir("sim-cli-");
    let outdir = common::tempdir("sim-cli-out-");
    let src = cwd.path().join("tiny.c");
    let bin = cwd.path().join("tiny-x86_64");
    std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
    let built = Command::new("gcc")
        .arg("-static")
        .arg("-o")
        .arg(&bin)
        .arg(&src)
        .output()
        .unwrap_or_else(|e| {
            panic!("host gcc is needed for this test (apt-get install gcc libc6-dev): {e}")
        });
    assert!(
        built.status.success(),
        "host `gcc -static` failed (apt-get install gcc libc6-dev):\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = sim(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            outdir.path().as_os_str(),
            bin.as_os_str(),
        ],
        cwd.path(),
    );
    assert_clean_error(&out, "x86-64 binary");
    let stderr = out.stderr_text().to_lowercase();
    assert!(
        [
            "x86",
            "machine",
            "not supported",
            "unsupported",
            "not yet supported"
        ]
        .iter()
        .any(|w| stderr.contains(w)),
        "the error should name the machine or say it is unsupported:\n{stderr}"
    );
}

#[test]
fn default_outdir_is_m5out_in_cwd() {
    common::build_guests();
    let cwd = common::tempdir("sim-cli-");
    let bin = common::guest_bin("hello");
    let out = sim(&["se".as_ref(), bin.as_os_str()], cwd.path());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "stderr: {}",
        out.stderr_text()
    );
    assert!(out.stdout_text().starts_with("Hello, world!\n"));
    assert!(
        cwd.path().join("m5out").join("stats.txt").is_file(),
        "no m5out/stats.txt in the working directory"
    );
}

#[test]
fn long_outdir_option_and_guest_exit_code() {
    common::build_guests();
    let cwd = common::tempdir("sim-cli-");
    let outdir = cwd.path().join("nested").join("out");
    let opt = format!("--outdir={}", outdir.display());
    let bin = common::guest_bin("ret42");
    let out = sim(&["se".as_ref(), opt.as_ref(), bin.as_os_str()], cwd.path());
    assert_eq!(
        out.status,
        Termination::Exit(42),
        "stderr: {}",
        out.stderr_text()
    );
    assert_eq!(out.stdout_text(), "returning 42\n");
    let stats = common::read_output(&outdir, "stats.txt");
    assert!(
        common::count_blocks(&stats) >= 1,
        "stats.txt has no block:\n{stats}"
    );
    assert!(
        outdir.join("config.ini").is_file(),
        "no config.ini in {}",
        outdir.display()
    );
}

#[test]
fn bad_hierarchy_options_are_named_in_the_error() {
    let cwd = common::tempdir("sim-cli-");
    let hello = common::guest_bin("hello");
    common::build_guests();
    for (opts, needle) in [
        (&["--cpu-type", "kvm"][..], "cpu_type"),
        (&["--mem-type", "HBM"][..], "DDR4_2400_8x8"),
        (&["--caches", "--l1d-size", "lots"][..], "l1d_size"),
        (&["--caches", "--l1d-size", "3KiB"][..], "size"),
        (&["--l2cache"][..], "--caches"),
        (&["--replacement-policy", "FIFO"][..], "TreePLRU"),
        (&["-n", "0"][..], "num_cores"),
    ] {
        let mut args: Vec<&OsStr> = vec!["se".as_ref()];
        args.extend(opts.iter().map(OsStr::new));
        args.push(hello.as_os_str());
        let out = sim(&args, cwd.path());
        assert_clean_error(&out, &format!("{opts:?}"));
        assert!(
            out.stderr_text().contains(needle),
            "{opts:?}: the error should mention {needle}: {}",
            out.stderr_text()
        );
    }
}

#[test]
fn stats_command_greps_and_diffs_stats_files() {
    common::build_guests();
    let cwd = common::tempdir("sim-cli-");
    let (a, b) = (common::tempdir("sim-st-a-"), common::tempdir("sim-st-b-"));
    let hello = common::guest_bin("hello");
    for (dir, cpu) in [(&a, "atomic"), (&b, "timing")] {
        let out = sim(
            &[
                "se".as_ref(),
                "-d".as_ref(),
                dir.path().as_os_str(),
                "--cpu-type".as_ref(),
                cpu.as_ref(),
                hello.as_os_str(),
            ],
            cwd.path(),
        );
        assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    }
    let (sa, sb) = (a.path().join("stats.txt"), b.path().join("stats.txt"));
    let out = sim(
        &[
            "stats".as_ref(),
            sa.as_os_str(),
            "--grep".as_ref(),
            "^simInsts$".as_ref(),
        ],
        cwd.path(),
    );
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    let text = out.stdout_text();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("simInsts"), "{text}");
    let out = sim(
        &[
            "stats".as_ref(),
            sa.as_os_str(),
            "--diff".as_ref(),
            sb.as_os_str(),
        ],
        cwd.path(),
    );
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    let text = out.stdout_text();
    assert!(
        text.contains("simTicks"),
        "the timing CPU takes longer: {text}"
    );
    assert!(
        !text.contains("hostSeconds"),
        "host stats are left out: {text}"
    );
    let out = sim(
        &["stats".as_ref(), "/nonexistent/stats.txt".as_ref()],
        cwd.path(),
    );
    assert_clean_error(&out, "missing stats file");
}

/// `sim run` hands a config script to the Python package (installed in `.venv` by
/// `python/install.sh`, which tests/run.sh runs before the cargo tests): the script
/// sees its own arguments, the run writes stats.txt into `-d`, and a bad parameter
/// is an error naming the board parameter.
#[test]
fn run_command_runs_a_python_config_script() {
    common::build_guests();
    let cwd = common::tempdir("sim-cli-");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = cwd.path().join("cfg.py");
    std::fs::write(
        &script,
        format!(
            r#"import sys
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import PrivateL1CacheHierarchy
from sim.components.memory import SingleChannelDDR4_2400
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import BinaryResource
from sim.simulate.simulator import Simulator
print("script args:", sys.argv[1:])
board = SimpleBoard(
    clk_freq="2GHz",
    processor=SimpleProcessor(cpu_type=CPUTypes.TIMING, isa=ISA.RISCV, num_cores=1),
    memory=SingleChannelDDR4_2400(size="512MiB"),
    cache_hierarchy=PrivateL1CacheHierarchy(l1d_size=sys.argv[1], l1i_size="32KiB"),
)
board.set_se_binary_workload(BinaryResource(local_path={hello:?}), arguments=[])
Simulator(board=board).run()
"#,
            hello = root.join("guest/build/riscv64/hello").to_string_lossy()
        ),
    )
    .unwrap();
    let outdir = cwd.path().join("out");
    let run = |l1d: &str| {
        sim(
            &[
                "run".as_ref(),
                "-d".as_ref(),
                outdir.as_os_str(),
                script.as_os_str(),
                l1d.as_ref(),
            ],
            cwd.path(),
        )
    };
    let out = run("16KiB");
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert!(
        out.stdout_text().contains("script args: ['16KiB']"),
        "{}",
        out.stdout_text()
    );
    let stats = std::fs::read_to_string(outdir.join("stats.txt")).unwrap();
    // The stdlib's names, from the object tree.
    assert!(stats.contains("board.cache_hierarchy.l1dcaches.demandMisses::total"));
    let out = run("lots");
    assert_clean_error(&out, "sim run with a bad l1d_size");
    let err = out.stderr_text();
    assert!(
        err.contains("board.cache_hierarchy.l1dcaches.size") && err.contains("KiB"),
        "{err}"
    );
}

/// Ctrl-C (SIGINT) and SIGTERM stop a long `sim se` run: the stats so far are
/// dumped, as gem5 does, and the process then dies by that signal (so a shell
/// script running it stops too).
#[test]
fn stop_signals_dump_stats_and_end_by_the_signal() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};
    common::build_guests();
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let cwd = common::tempdir("sim-cli-");
        let outdir = cwd.path().join("out");
        // 1000 rounds of the benchmark take minutes; the signal comes long before.
        let child = Command::new(common::sim_bin())
            .args(["se", "-e", "/dev/null", "-d"])
            .arg(&outdir)
            .arg(common::guest_bin("bench"))
            .arg("1000")
            .current_dir(cwd.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("cannot start sim");
        // config.ini is written after the handlers are installed, once the system is built.
        let start = Instant::now();
        while !outdir.join("config.ini").exists() {
            assert!(
                start.elapsed() < common::timeout(),
                "sim never wrote config.ini"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
        let out = child.wait_with_output().expect("cannot wait for sim");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.signal(),
            Some(sig),
            "sim should end by signal {sig}; status {:?}, stderr: {stderr}",
            out.status
        );
        assert!(
            stderr.contains("interrupted by SIG"),
            "no interrupt message: {stderr}"
        );
        let stats = std::fs::read_to_string(outdir.join("stats.txt")).expect("no stats.txt");
        let blocks = common::parse_stats(&stats);
        assert_eq!(blocks.len(), 1, "one final stats block expected");
        let insts = common::stat_value(&blocks[0], "simInsts").expect("no simInsts");
        assert!(insts > 0.0, "no instructions counted before the signal");
    }
}
