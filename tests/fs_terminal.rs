//! The full-system console beyond its file: `sim fs --listener-mode on` serves
//! the UART over TCP (gem5's terminal port; a client reads what the terminal file
//! holds and types into a busybox shell on the console), and a Linux kernel
//! panic ends the run with its message, exit status 1 and the stats written.
//! Both boot OpenSBI and Debian's Linux from `guest/fs/build.sh` on the atomic
//! CPU; skipped, with a note, when the guest is not built.

mod common;

use common::{run_sim_raw, sim_bin, tempdir, Termination};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn fs_dir() -> PathBuf {
    common::guest_dir().join("build").join("fs")
}

fn built(files: &[&str]) -> bool {
    let ok = files.iter().all(|f| fs_dir().join(f).is_file());
    if !ok {
        eprintln!("skipped: the full-system guest is not built (bash guest/fs/build.sh)");
    }
    ok
}

/// The kernel gives up when it cannot mount its root (no initrd, no such disk):
/// about 1.04 billion instructions into the boot.
#[test]
fn a_kernel_panic_ends_the_run_with_its_message_status_1_and_stats() {
    if !built(&["fw_jump.bin", "Image"]) {
        return;
    }
    let dir = tempdir("fs-panic");
    let out_dir = dir.path().join("m5out");
    let (fw, kernel) = (fs_dir().join("fw_jump.bin"), fs_dir().join("Image"));
    let args: Vec<&OsStr> = vec![
        OsStr::new("fs"),
        OsStr::new("-v"),
        OsStr::new("-d"),
        out_dir.as_os_str(),
        OsStr::new("-I"),
        OsStr::new("1500000000"),
        OsStr::new("--bootloader"),
        fw.as_os_str(),
        OsStr::new("--kernel"),
        kernel.as_os_str(),
        OsStr::new("--kernel-args"),
        OsStr::new("console=ttyS0 earlycon=sbi root=/dev/nonexistent"),
    ];
    let out = run_sim_raw(&args, dir.path());
    let stderr = out.stderr_text();
    assert_eq!(out.status, Termination::Exit(1), "{stderr}");
    let message = "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)";
    assert!(
        stderr.contains(&format!("sim: kernel panic: {message}\n")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "because Kernel panic in simulated system: {message}\n"
        )),
        "the exit cause: {stderr}"
    );
    let term = std::fs::read_to_string(out_dir.join("system.platform.terminal")).unwrap();
    assert!(
        term.trim_end().ends_with(message),
        "stops at the line: {term}"
    );
    assert_eq!(
        out.stdout_text(),
        term,
        "standard output echoes the console"
    );
    let stats = std::fs::read_to_string(out_dir.join("stats.txt")).unwrap();
    let insts = common::parse_stats(&stats)
        .last()
        .and_then(|b| common::stat_value(b, "simInsts"))
        .expect("simInsts in stats.txt");
    assert!(
        (5e8..1.5e9).contains(&insts),
        "ended by the panic, not the limit: {insts}"
    );
}

/// Kills the simulator if the test fails half way.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Read from `s` until `done(all so far)` or `limit` passes.
fn read_until(s: &mut TcpStream, got: &mut Vec<u8>, limit: Duration, done: impl Fn(&[u8]) -> bool) {
    let end = Instant::now() + limit;
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while !done(got) && Instant::now() < end {
        match s.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("reading the terminal: {e}"),
        }
    }
}

/// `rdinit=/bin/sh`: busybox's shell runs on the console. The client waits for
/// its prompt (which ends in the cursor-position query `ESC [6n`), types a sum,
/// reads the answer, then powers the machine off.
#[test]
fn a_tcp_client_reads_the_console_and_types_into_a_shell() {
    if !built(&["fw_jump.bin", "Image", "initramfs.cpio"]) {
        return;
    }
    let dir = tempdir("fs-term");
    let out_dir = dir.path().join("m5out");
    let mut cmd = Command::new(sim_bin());
    cmd.arg("fs")
        .arg("-d")
        .arg(&out_dir)
        .args(["-I", "3000000000", "--listener-mode", "on", "--bootloader"])
        .arg(fs_dir().join("fw_jump.bin"))
        .arg("--kernel")
        .arg(fs_dir().join("Image"))
        .arg("--initrd")
        .arg(fs_dir().join("initramfs.cpio"))
        .args(["--kernel-args", "console=ttyS0 rdinit=/bin/sh"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut sim = Running(cmd.spawn().expect("start sim"));
    let stdout = sim.0.stdout.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = BufReader::new(stdout).read_to_end(&mut v);
        v
    });
    let (port_tx, port_rx) = mpsc::channel();
    let stderr = BufReader::new(sim.0.stderr.take().unwrap());
    let stderr = std::thread::spawn(move || {
        let mut all = String::new();
        for line in stderr.lines().map_while(Result::ok) {
            let prefix = "system.platform.terminal: Listening for connections on port ";
            if let Some(p) = line.strip_prefix(prefix) {
                let _ = port_tx.send(p.parse::<u16>().expect("a port number"));
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the listening message on standard error");
    assert!(port >= 3456);
    let mut client = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut got = Vec::new();
    let limit = Duration::from_secs(110);
    let prompt = |g: &[u8]| {
        String::from_utf8_lossy(g).contains("job control turned off") && g.ends_with(b"\x1b[6n")
    };
    read_until(&mut client, &mut got, limit, prompt);
    assert!(
        prompt(&got),
        "no shell prompt: {}",
        String::from_utf8_lossy(&got)
    );
    client.write_all(b"echo $((6*7))x\n").unwrap();
    read_until(&mut client, &mut got, limit, |g| {
        g.ends_with(b"42x\r\n~ # \x1b[6n")
    });
    client.write_all(b"poweroff -f\n").unwrap();
    read_until(&mut client, &mut got, limit, |_| false);
    let status = sim.0.wait().unwrap();
    let stderr = stderr.join().unwrap();
    let stdout = stdout.join().unwrap();
    let text = String::from_utf8_lossy(&got).into_owned();
    assert!(status.success(), "{status}: {stderr}\nterminal: {text}");
    assert!(text.contains("echo $((6*7))x\r\n42x\r\n"), "{text}");
    assert!(text.contains("reboot: Power down"), "{text}");
    let file = std::fs::read(out_dir.join("system.platform.terminal")).unwrap();
    let hello = b"==== m5 terminal: Terminal 0 ====\r\n";
    assert!(got.starts_with(hello), "{text}");
    assert!(
        got[hello.len()..] == file[..],
        "the client saw what the terminal file holds:\nclient: {text}\nfile: {}",
        String::from_utf8_lossy(&file)
    );
    assert_eq!(stdout, file, "standard output echoes the console");
}
