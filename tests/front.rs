//! The front end as a process: `sim run` behaves as one process with its Python
//! child (signals reach the child, the child's fate becomes `sim`'s, and the child
//! dies with `sim`), and inputs that are not regular files are refused at once.

mod common;

use common::{Output, Termination};
use std::ffi::OsStr;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A config script that records its pid in the file named by its first argument
/// and then sleeps, standing for a long simulation.
const SLEEPER: &str = "import os, sys, time\n\
    with open(sys.argv[1] + '.tmp', 'w') as f:\n    f.write(str(os.getpid()))\n\
    os.rename(sys.argv[1] + '.tmp', sys.argv[1])\n\
    time.sleep(120)\n";

/// Whether process `pid` has ended (gone, or a zombie nobody reaped yet).
fn has_ended(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z')),
        Err(_) => true,
    }
}

/// Wait up to `limit` for `cond`.
fn wait_for(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    cond()
}

/// Start `sim run [OPTIONS] SCRIPT PIDFILE [ARGS]` in `dir` with the config script
/// `text` (which writes its pid to PIDFILE, its first argument), and return it
/// with the pid of its Python child once the script has started.
fn start_script(
    dir: &Path,
    options: &[&str],
    text: &str,
    args: &[&OsStr],
) -> (std::process::Child, i32) {
    let script = dir.join("script.py");
    std::fs::write(&script, text).unwrap();
    let pidfile = dir.join("child.pid");
    let sim = Command::new(common::sim_bin())
        .arg("run")
        .args(options)
        .arg(&script)
        .arg(&pidfile)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start sim");
    assert!(
        wait_for(common::timeout(), || pidfile.exists()),
        "the script never wrote its pid"
    );
    let child: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (sim, child)
}

/// Start `sim run SLEEPER PIDFILE` and return it with the pid of its Python child.
fn start_sleeper(dir: &Path) -> (std::process::Child, i32) {
    start_script(dir, &[], SLEEPER, &[])
}

/// SIGTERM (and SIGHUP) sent to `sim run` by its pid reach the Python child: the
/// child ends, and `sim` then dies of the same signal, as a shell expects.
#[test]
fn run_passes_stop_signals_to_its_child_and_dies_of_them() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        let dir = common::tempdir("sim-front-");
        let (sim, child) = start_sleeper(dir.path());
        // SAFETY: signalling our own child process.
        assert_eq!(unsafe { libc::kill(sim.id() as i32, sig) }, 0);
        let out = sim.wait_with_output().expect("cannot wait for sim");
        assert_eq!(
            out.status.signal(),
            Some(sig),
            "sim run should die of signal {sig}; status {:?}, stderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            has_ended(child),
            "the Python child {child} outlived `sim run` (signal {sig})"
        );
    }
}

/// A config script that simulates a long program (guest `bench`, timing CPU) in
/// the output directory `out`, after recording its pid in the file named by its
/// first argument.
const LONG_SIMULATION: &str = "import os, sys\n\
    from sim.components.boards.simple_board import SimpleBoard\n\
    from sim.components.cachehierarchies.classic.no_cache import NoCache\n\
    from sim.components.memory import SingleChannelDDR3_1600\n\
    from sim.components.processors.cpu_types import CPUTypes\n\
    from sim.components.processors.simple_processor import SimpleProcessor\n\
    from sim.isas import ISA\n\
    from sim.resources.resource import BinaryResource\n\
    from sim.simulate.simulator import Simulator\n\
    board = SimpleBoard(clk_freq='3GHz', processor=SimpleProcessor(cpu_type=CPUTypes.TIMING, \
    num_cores=1, isa=ISA.RISCV), memory=SingleChannelDDR3_1600(size='512MiB'), \
    cache_hierarchy=NoCache())\n\
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[2]))\n\
    simulator = Simulator(board=board)\n\
    with open(sys.argv[1] + '.tmp', 'w') as f:\n    f.write(str(os.getpid()))\n\
    os.rename(sys.argv[1] + '.tmp', sys.argv[1])\n\
    simulator.run()\n";

/// SIGTERM stops a simulating `sim run` as Ctrl-C does: the stats so far are
/// written (one whole block), then `sim run` dies of SIGTERM, as `sim se` does.
#[test]
fn run_stopped_by_sigterm_writes_its_stats_first() {
    common::build_guests();
    let dir = common::tempdir("sim-front-");
    let bench = common::guest_bin("bench");
    let (sim, _child) = start_script(
        dir.path(),
        &["-d", "out"],
        LONG_SIMULATION,
        &[bench.as_os_str()],
    );
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: signalling our own child process.
    assert_eq!(unsafe { libc::kill(sim.id() as i32, libc::SIGTERM) }, 0);
    let out = sim.wait_with_output().expect("cannot wait for sim");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), Some(libc::SIGTERM), "stderr: {stderr}");
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    assert!(!stderr.contains("Traceback"), "{stderr}");
    let stats = common::read_output(&dir.path().join("out"), "stats.txt");
    let blocks = common::parse_stats(&stats);
    assert_eq!(blocks.len(), 1, "one whole block: {stats}");
    let insts = common::stat_value(&blocks[0], "simInsts").unwrap_or(0.0);
    assert!(insts > 0.0, "the stats cover the simulated part: {stats}");
}

/// SIGINT sent by a process (not a terminal) reaches the child too: the script is
/// interrupted without a traceback and `sim run` ends by SIGINT.
#[test]
fn run_passes_sigint_on_and_reports_it_in_one_line() {
    let dir = common::tempdir("sim-front-");
    let (sim, child) = start_sleeper(dir.path());
    // SAFETY: signalling our own child process.
    assert_eq!(unsafe { libc::kill(sim.id() as i32, libc::SIGINT) }, 0);
    let out = sim.wait_with_output().expect("cannot wait for sim");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), Some(libc::SIGINT), "stderr: {stderr}");
    assert!(has_ended(child), "the Python child outlived `sim run`");
    assert!(!stderr.contains("Traceback"), "{stderr}");
    assert!(stderr.contains("interrupted by SIGINT"), "{stderr}");
}

/// `sim run` killed outright (SIGKILL cannot be passed on) takes its child along.
#[test]
fn run_killed_outright_takes_its_child_along() {
    let dir = common::tempdir("sim-front-");
    let (mut sim, child) = start_sleeper(dir.path());
    sim.kill().expect("cannot kill sim");
    let status = sim.wait().expect("cannot wait for sim");
    assert_eq!(status.signal(), Some(libc::SIGKILL));
    assert!(
        wait_for(Duration::from_secs(10), || has_ended(child)),
        "the Python child {child} is still running after `sim run` was killed"
    );
}

fn run_script(dir: &Path, text: &str) -> Output {
    let script = dir.join("script.py");
    std::fs::write(&script, text).unwrap();
    common::run_sim_raw(&["run".as_ref(), script.as_os_str()], dir)
}

/// The child's fate is `sim run`'s: its exit status, or death by its signal
/// (not "status 1").
#[test]
fn run_ends_as_its_child_ended() {
    let dir = common::tempdir("sim-front-");
    let out = run_script(dir.path(), "import sys\nsys.exit(7)\n");
    assert_eq!(out.status, Termination::Exit(7), "{}", out.stderr_text());
    let out = run_script(
        dir.path(),
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    );
    assert_eq!(
        out.status,
        Termination::Signal(libc::SIGKILL),
        "{}",
        out.stderr_text()
    );
}

/// A FIFO made in `dir`.
fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("fifo");
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    path
}

/// A one-line error, quickly, with status 1, naming `path` and `kind`.
fn assert_refused(out: &Output, path: &Path, kind: &str) {
    let stderr = out.stderr_text();
    assert_eq!(
        out.status,
        Termination::Exit(1),
        "{}: {stderr}",
        path.display()
    );
    assert!(
        out.elapsed < Duration::from_secs(20),
        "took {:?}",
        out.elapsed
    );
    assert_eq!(stderr.lines().count(), 1, "not one line:\n{stderr}");
    assert!(
        stderr.contains(&path.display().to_string()) && stderr.contains(kind),
        "the error should name {} and say it is {kind}: {stderr}",
        path.display()
    );
    assert!(!common::has_panic(&stderr), "{stderr}");
}

/// `sim se` refuses a FIFO (which it would block on forever), a directory and a
/// device as the guest binary, and as one of the `--cmd` programs.
#[test]
fn se_refuses_inputs_that_are_not_regular_files() {
    common::build_guests();
    let dir = common::tempdir("sim-front-");
    let outdir = dir.path().join("out");
    let fifo = fifo(dir.path());
    let sub = dir.path().join("subdir");
    std::fs::create_dir(&sub).unwrap();
    let dev = PathBuf::from("/dev/zero");
    for (path, kind) in [(&fifo, "FIFO"), (&sub, "directory"), (&dev, "device")] {
        let out = common::run_sim_raw(
            &[
                "se".as_ref(),
                "-d".as_ref(),
                outdir.as_os_str(),
                path.as_os_str(),
            ],
            dir.path(),
        );
        assert_refused(&out, path, kind);
    }
    let cmd = format!(
        "{};{}",
        common::guest_bin("hello").display(),
        fifo.display()
    );
    let out = common::run_sim_raw(
        &[
            "se".as_ref(),
            "-n".as_ref(),
            "2".as_ref(),
            "-d".as_ref(),
            outdir.as_os_str(),
            "--cmd".as_ref(),
            OsStr::new(&cmd),
        ],
        dir.path(),
    );
    assert_refused(&out, &fifo, "FIFO");
}

/// `sim se --env FILE` reads at most what an environment can be: /dev/zero is an
/// error, not an endless read.
#[test]
fn se_env_file_is_bounded() {
    common::build_guests();
    let dir = common::tempdir("sim-front-");
    let out = common::run_sim_raw(
        &[
            "se".as_ref(),
            "-e".as_ref(),
            "/dev/zero".as_ref(),
            "-d".as_ref(),
            dir.path().join("out").as_os_str(),
            common::guest_bin("hello").as_os_str(),
        ],
        dir.path(),
    );
    assert_refused(&out, Path::new("/dev/zero"), "larger than");
}

/// `sim stats` refuses a device (which would be read forever), a FIFO and a
/// directory at once.
#[test]
fn stats_refuses_inputs_that_are_not_regular_files() {
    let dir = common::tempdir("sim-front-");
    let fifo = fifo(dir.path());
    let dev = PathBuf::from("/dev/zero");
    let sub = dir.path().join("subdir");
    std::fs::create_dir(&sub).unwrap();
    for (path, kind) in [(&dev, "device"), (&fifo, "FIFO"), (&sub, "directory")] {
        let out = common::run_sim_raw(&["stats".as_ref(), path.as_os_str()], dir.path());
        assert_refused(&out, path, kind);
    }
}

/// An error and its cause are printed once each: a truncated binary is not
/// reported as "...: truncated ELF: ...: truncated ELF: ...".
#[test]
fn se_error_chain_is_printed_once() {
    common::build_guests();
    let dir = common::tempdir("sim-front-");
    let full = std::fs::read(common::guest_bin("hello")).unwrap();
    let short = dir.path().join("short");
    std::fs::write(&short, &full[..20]).unwrap();
    let out = common::run_sim_raw(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            dir.path().join("out").as_os_str(),
            short.as_os_str(),
        ],
        dir.path(),
    );
    let stderr = out.stderr_text();
    assert_eq!(out.status, Termination::Exit(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("truncated ELF").count(), 1, "{stderr}");
}
