//! Helpers shared by the integration tests: the guest manifest
//! (`guest/tests.txt`), building the guest programs, running processes with a
//! timeout, and reading `stats.txt`.
//!
//! Environment knobs (all optional):
//! - `SIM_TEST_TIMEOUT_SECS`: per-process timeout (default 120 s).
//! - `SIM_TEST_JOBS`: worker threads for the table-driven tests (default 2).
//! - `SIM_TEST_ONLY`: comma-separated program names to restrict the tables to.
//! - `SIM_UNDER_TEST_OVERRIDE`: a command (split on whitespace) run as
//!   `CMD BINARY ARGS...` instead of `sim se -d DIR BINARY ARGS...`; only the
//!   differential test honours it, to check the harness itself against a known
//!   good emulator (e.g. `qemu-riscv64`).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// The stats banner that opens each dump block in `stats.txt`.
pub const STATS_BEGIN: &str = "---------- Begin Simulation Statistics ----------";

/// Stats every dump block must contain (see DESIGN.md, "Stats").
pub const REQUIRED_STATS: &[&str] = &[
    "simSeconds",
    "simTicks",
    "finalTick",
    "simFreq",
    "simInsts",
    "simOps",
    "hostSeconds",
    "hostInstRate",
    "hostOpRate",
    "hostTickRate",
    "hostMemory",
];

/// Root of the `sim` package (the workspace root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `guest/` directory.
pub fn guest_dir() -> PathBuf {
    repo_root().join("guest")
}

/// Path of a built RISC-V guest program.
pub fn guest_bin(name: &str) -> PathBuf {
    guest_dir().join("build").join("riscv64").join(name)
}

/// The simulator binary under test.
pub fn sim_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sim"))
}

/// Per-process timeout.
pub fn timeout() -> Duration {
    let secs = std::env::var("SIM_TEST_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

/// Number of worker threads for table-driven tests.
pub fn jobs() -> usize {
    std::env::var("SIM_TEST_JOBS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(2)
}

/// Builds every guest program (once per test binary). Panics with the build
/// log, or with install instructions when the cross compiler is missing.
pub fn build_guests() {
    static RESULT: OnceLock<Result<(), String>> = OnceLock::new();
    let result = RESULT.get_or_init(|| {
        let script = guest_dir().join("build.sh");
        let out = Command::new("bash")
            .arg(&script)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if out.status.success() {
            return Ok(());
        }
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.code() == Some(127) {
            Err(format!(
                "the RISC-V cross compiler is missing, so the guest programs cannot be built.\n\
                 Install it with `apt-get install gcc-riscv64-linux-gnu` (and `qemu-user` for the \
                 differential tests).\n{log}"
            ))
        } else {
            Err(format!("guest/build.sh failed:\n{log}"))
        }
    });
    if let Err(msg) = result {
        panic!("{msg}");
    }
}

/// How a program is checked (the MODE column of the manifest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Compared against qemu-riscv64.
    Diff,
    /// Simulator only (m5ops), checked against expectations.
    Sim,
    /// Built but not run by the tests.
    Bench,
    /// Linked dynamically; compared against qemu-riscv64 with a sysroot
    /// (tests/dynamic.rs).
    Dynamic,
}

/// One line of `guest/tests.txt`.
#[derive(Clone, Debug)]
pub struct Program {
    /// Program name; the binary is `guest/build/riscv64/NAME`.
    pub name: String,
    /// How the tests use it.
    pub mode: Mode,
    /// Guest arguments; `@TMPDIR@` stands for the run's temp dir.
    pub args: Vec<String>,
    /// File fed to stdin, relative to `guest/`.
    pub stdin: Option<String>,
    /// The program writes files in its working directory.
    pub tmpdir: bool,
    /// Hundreds of millions of instructions: the differential test runs it on the
    /// atomic CPU configurations only.
    pub heavy: bool,
    /// Built with `-pthread`: several threads, so how far a thread spins while
    /// another runs (and so its committed instructions) depends on timing.
    pub threaded: bool,
    /// Expected exit code (sim-only programs).
    pub exit: i32,
    /// Expected terminating signal instead of an exit code (sim-only programs).
    pub signal: Option<i32>,
    /// Extra `sim se` options (sim-only programs), e.g. `--mem-size 16MiB`.
    pub opts: Vec<String>,
    /// Expected stdout file, relative to `guest/` (sim-only programs).
    pub stdout: Option<String>,
    /// Expected number of stats blocks.
    pub dumps: Option<usize>,
    /// Expected number of `cpt.*` directories.
    pub cpt: Option<usize>,
}

impl Program {
    /// The bytes to feed to stdin.
    pub fn stdin_bytes(&self) -> Vec<u8> {
        match &self.stdin {
            Some(f) => {
                let p = guest_dir().join(f);
                std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
            }
            None => Vec::new(),
        }
    }

    /// How a sim-only program must end: its signal, or else its exit code.
    pub fn expected_termination(&self) -> Termination {
        self.signal
            .map_or(Termination::Exit(self.exit), Termination::Signal)
    }

    /// The extra `sim se` options as the `&str`s [`run_sim_with`] takes.
    pub fn opts(&self) -> Vec<&str> {
        self.opts.iter().map(String::as_str).collect()
    }

    /// The arguments with `@TMPDIR@` replaced by `dir`.
    pub fn args_in(&self, dir: &Path) -> Vec<String> {
        let d = dir.to_string_lossy();
        self.args
            .iter()
            .map(|a| a.replace("@TMPDIR@", &d))
            .collect()
    }
}

fn parse_line(line: &str) -> Result<Option<Program>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut tokens = line.split_whitespace();
    let name = tokens.next().ok_or("missing name")?.to_string();
    let mode = match tokens.next() {
        Some("diff") => Mode::Diff,
        Some("sim") => Mode::Sim,
        Some("bench") => Mode::Bench,
        Some("dynamic") => Mode::Dynamic,
        other => return Err(format!("{name}: bad mode {other:?}")),
    };
    let mut p = Program {
        name,
        mode,
        args: Vec::new(),
        stdin: None,
        tmpdir: false,
        heavy: false,
        threaded: false,
        exit: 0,
        signal: None,
        opts: Vec::new(),
        stdout: None,
        dumps: None,
        cpt: None,
    };
    let mut in_args = false;
    for tok in tokens {
        if in_args {
            let arg = if tok == "\"\"" {
                String::new()
            } else {
                tok.replace("\\x20", " ")
            };
            p.args.push(arg);
            continue;
        }
        let (key, value) = tok.split_once('=').unwrap_or((tok, ""));
        let number = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{}: bad number in {tok}", p.name))
        };
        match key {
            "--" => in_args = true,
            "tmpdir" => p.tmpdir = true,
            "heavy" => p.heavy = true,
            "stdin" => p.stdin = Some(value.to_string()),
            "stdout" => p.stdout = Some(value.to_string()),
            "exit" => p.exit = number(value)? as i32,
            "signal" => p.signal = Some(number(value)? as i32),
            "opts" => p.opts = value.split(',').map(String::from).collect(),
            "dumps" => p.dumps = Some(number(value)? as usize),
            "cpt" => p.cpt = Some(number(value)? as usize),
            "cflags" | "ldflags" if value.split(',').any(|f| f == "-pthread") => p.threaded = true,
            "src" | "march" | "cflags" | "ldflags" => {}
            _ => return Err(format!("{}: unknown key {tok}", p.name)),
        }
    }
    Ok(Some(p))
}

/// All programs in `guest/tests.txt`, filtered by `SIM_TEST_ONLY` if set.
pub fn manifest() -> Vec<Program> {
    let path = guest_dir().join("tests.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let only: Option<Vec<String>> = std::env::var("SIM_TEST_ONLY")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_line(line) {
            Ok(Some(p)) => {
                if only.as_ref().is_none_or(|o| o.contains(&p.name)) {
                    out.push(p);
                }
            }
            Ok(None) => {}
            Err(e) => panic!("{}:{}: {e}", path.display(), i + 1),
        }
    }
    out
}

/// Programs of one mode.
pub fn programs(mode: Mode) -> Vec<Program> {
    manifest().into_iter().filter(|p| p.mode == mode).collect()
}

/// How a process ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Termination {
    /// Normal exit with this code.
    Exit(i32),
    /// Killed by this signal.
    Signal(i32),
    /// Still running at the deadline; it was killed.
    Timeout,
    /// Could not be started.
    SpawnError(String),
}

impl std::fmt::Display for Termination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Termination::Exit(c) => write!(f, "exit code {c}"),
            Termination::Signal(s) => write!(f, "killed by signal {s}"),
            Termination::Timeout => write!(f, "timed out after {:?} (killed)", timeout()),
            Termination::SpawnError(e) => write!(f, "failed to start: {e}"),
        }
    }
}

/// The captured result of one process run.
#[derive(Clone, Debug)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Termination,
    pub elapsed: Duration,
}

impl Output {
    /// stderr as text (lossy).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// stdout as text (lossy).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Applies the fixed, small environment both the simulator and the reference
/// run with, so the guest sees the same environment under both.
pub fn fixed_env(cmd: &mut Command) -> &mut Command {
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C")
        .env("HOME", "/nonexistent")
        .env("SIMTEST_VAR", "hello world")
        .env("SIMTEST_EMPTY", "")
}

fn spawn_reader<R: Read + Send + 'static>(mut r: R) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// Runs `cmd` with `stdin` as its input, capturing stdout and stderr, and
/// kills it if it outlives `limit`.
pub fn run_with_timeout(cmd: &mut Command, stdin: &[u8], limit: Duration) -> Output {
    let start = Instant::now();
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Output {
                stdout: Vec::new(),
                stderr: Vec::new(),
                status: Termination::SpawnError(format!("{:?}: {e}", cmd.get_program())),
                elapsed: start.elapsed(),
            }
        }
    };
    let input = stdin.to_vec();
    let mut child_stdin = child.stdin.take().expect("piped stdin");
    let writer = thread::spawn(move || {
        // The child may exit without reading its input: ignore EPIPE.
        let _ = child_stdin.write_all(&input);
    });
    let out_reader = spawn_reader(child.stdout.take().expect("piped stdout"));
    let err_reader = spawn_reader(child.stderr.take().expect("piped stderr"));
    let deadline = start + limit;
    let mut nap = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => {
                break match (st.code(), st.signal()) {
                    (Some(c), _) => Termination::Exit(c),
                    (None, Some(s)) => Termination::Signal(s),
                    (None, None) => Termination::SpawnError("unknown exit status".into()),
                }
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Termination::Timeout;
            }
            Ok(None) => {
                thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(20));
            }
            Err(e) => break Termination::SpawnError(format!("wait failed: {e}")),
        }
    };
    let _ = writer.join();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Output {
        stdout,
        stderr,
        status,
        elapsed: start.elapsed(),
    }
}

/// Runs `sim se -d OUTDIR BINARY ARGS...` in `cwd` with the fixed environment.
pub fn run_sim(outdir: &Path, cwd: &Path, binary: &Path, args: &[String], stdin: &[u8]) -> Output {
    run_sim_with(outdir, cwd, &[], binary, args, stdin)
}

/// Like [`run_sim`], with extra `sim se` options (`--cpu-type timing --caches`)
/// before the binary.
pub fn run_sim_with(
    outdir: &Path,
    cwd: &Path,
    options: &[&str],
    binary: &Path,
    args: &[String],
    stdin: &[u8],
) -> Output {
    let mut cmd = Command::new(sim_bin());
    cmd.arg("se")
        .arg("-d")
        .arg(outdir)
        .args(options)
        .arg(binary)
        .args(args);
    cmd.current_dir(cwd);
    fixed_env(&mut cmd);
    run_with_timeout(&mut cmd, stdin, timeout())
}

/// Runs the simulator's command line `sim ARGS...` (no guest environment
/// games) and captures everything.
pub fn run_sim_raw(args: &[&std::ffi::OsStr], cwd: &Path) -> Output {
    run_sim_raw_within(args, cwd, timeout())
}

/// [`run_sim_raw`] for a run known to take longer: killed after `limit` (or
/// the per-process timeout, if that is longer).
pub fn run_sim_raw_within(args: &[&std::ffi::OsStr], cwd: &Path, limit: Duration) -> Output {
    let mut cmd = Command::new(sim_bin());
    cmd.args(args).current_dir(cwd);
    fixed_env(&mut cmd);
    run_with_timeout(&mut cmd, &[], limit.max(timeout()))
}

/// A fresh temporary directory, removed on drop.
pub fn tempdir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("cannot create a temp dir")
}

/// Runs `f` over `items` on `jobs()` worker threads and returns the results in
/// the order of `items`.
pub fn parallel_map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let n = items.len();
    let queue: Arc<Mutex<VecDeque<(usize, T)>>> =
        Arc::new(Mutex::new(items.into_iter().enumerate().collect()));
    let results: Arc<Mutex<Vec<Option<R>>>> = Arc::new(Mutex::new((0..n).map(|_| None).collect()));
    let f = Arc::new(f);
    let workers: Vec<_> = (0..jobs().min(n.max(1)))
        .map(|_| {
            let queue = Arc::clone(&queue);
            let results = Arc::clone(&results);
            let f = Arc::clone(&f);
            thread::spawn(move || loop {
                let next = queue.lock().unwrap().pop_front();
                let Some((i, item)) = next else { break };
                let r = f(item);
                results.lock().unwrap()[i] = Some(r);
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker thread panicked");
    }
    let mut results = results.lock().unwrap();
    results
        .iter_mut()
        .map(|r| r.take().expect("missing result"))
        .collect()
}

/// A readable description of how `expected` and `actual` differ: sizes, the
/// first differing line with a little context. Empty if they are equal.
pub fn describe_diff(
    what: &str,
    expected_label: &str,
    expected: &[u8],
    actual_label: &str,
    actual: &[u8],
) -> String {
    if expected == actual {
        return String::new();
    }
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let el: Vec<&str> = e.split_inclusive('\n').collect();
    let al: Vec<&str> = a.split_inclusive('\n').collect();
    let first = el
        .iter()
        .zip(al.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(el.len().min(al.len()));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  {what} differs ({expected_label}: {} bytes/{} lines, {actual_label}: {} bytes/{} lines), first difference at line {}:",
        expected.len(),
        el.len(),
        actual.len(),
        al.len(),
        first + 1
    );
    let from = first.saturating_sub(2);
    for (label, lines) in [(expected_label, &el), (actual_label, &al)] {
        let _ = writeln!(s, "    --- {label}");
        for (i, line) in lines.iter().enumerate().skip(from).take(first - from + 3) {
            let marker = if i == first { '>' } else { ' ' };
            let _ = writeln!(
                s,
                "    {marker}{:5}| {}",
                i + 1,
                clip(line.trim_end_matches('\n'))
            );
        }
        if lines.len() <= first {
            let _ = writeln!(s, "    >{:5}| <end of output>", first + 1);
        }
    }
    s
}

fn clip(line: &str) -> String {
    const MAX: usize = 200;
    if line.chars().count() > MAX {
        let mut t: String = line.chars().take(MAX).collect();
        t.push_str("...");
        t
    } else {
        format!("{line:?}").trim_matches('"').to_string()
    }
}

/// Does the text look like a Rust panic message?
pub fn has_panic(text: &str) -> bool {
    text.contains("panicked")
}

/// One `name value` statistic from `stats.txt`.
#[derive(Clone, Debug)]
pub struct Stat {
    pub name: String,
    pub value: String,
}

/// Splits `stats.txt` into dump blocks of statistics.
pub fn parse_stats(text: &str) -> Vec<Vec<Stat>> {
    let mut blocks: Vec<Vec<Stat>> = Vec::new();
    let mut current: Option<Vec<Stat>> = None;
    for line in text.lines() {
        let t = line.trim();
        if t == STATS_BEGIN {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            current = Some(Vec::new());
        } else if t.starts_with("---------- End Simulation Statistics") {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
        } else if let Some(b) = current.as_mut() {
            let mut parts = t.split_whitespace();
            if let (Some(name), Some(value)) = (parts.next(), parts.next()) {
                if !name.starts_with('#') {
                    b.push(Stat {
                        name: name.to_string(),
                        value: value.to_string(),
                    });
                }
            }
        }
    }
    if let Some(b) = current.take() {
        blocks.push(b);
    }
    blocks
}

/// Number of dump blocks (Begin banners) in `stats.txt`.
pub fn count_blocks(text: &str) -> usize {
    text.lines().filter(|l| l.trim() == STATS_BEGIN).count()
}

/// The numeric value of `name` in a block.
pub fn stat_value(block: &[Stat], name: &str) -> Option<f64> {
    block
        .iter()
        .find(|s| s.name == name)
        .and_then(|s| s.value.parse::<f64>().ok())
}

/// `stats.txt` without the lines of host-side measurements (stat names
/// starting with `host`), which legitimately vary from run to run.
pub fn strip_host_stats(text: &str) -> String {
    text.lines()
        .filter(|l| {
            !l.split_whitespace()
                .next()
                .is_some_and(|name| name.starts_with("host"))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Reads a file from a simulator output directory, with a clear panic message.
pub fn read_output(outdir: &Path, file: &str) -> String {
    let p = outdir.join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Checks a tool exists on PATH; panics with the package to install if not.
pub fn require_tool(tool: &str, package: &str) {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        panic!("`{tool}` not found: install it with `apt-get install {package}`");
    }
}
