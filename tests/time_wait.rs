//! Time and waiting in SE mode: a sleep moves simulated time without burning
//! host time, and a guest TCP server on the loopback is reachable by a host
//! client (the guest waits in a host `poll` meanwhile).

mod common;

use common::Termination;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_one_second_sleep_is_cheap_in_host_time_and_moves_simulated_time() {
    common::build_guests();
    for config in [
        &["--cpu-type", "atomic"][..],
        &["-n", "2", "--cpu-type", "timing", "--caches", "--l2cache"][..],
    ] {
        let outdir = common::tempdir("sim-sleep-out-");
        let cwd = common::tempdir("sim-sleep-cwd-");
        let out = common::run_sim_with(
            outdir.path(),
            cwd.path(),
            config,
            &common::guest_bin("sleep_long"),
            &[],
            &[],
        );
        assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
        assert_eq!(out.stdout_text(), "slept at least 1 s: 1\n");
        let stats = common::read_output(outdir.path(), "stats.txt");
        let blocks = common::parse_stats(&stats);
        let last = blocks.last().expect("a stats block");
        let sim_seconds = common::stat_value(last, "simSeconds").expect("simSeconds");
        assert!(sim_seconds >= 1.0, "{config:?}: simSeconds {sim_seconds}");
        let host_seconds = common::stat_value(last, "hostSeconds").expect("hostSeconds");
        assert!(
            host_seconds < 1.0 && out.elapsed < Duration::from_secs(10),
            "{config:?}: 1 s of sleep took {host_seconds} s of simulation, {:?} in all",
            out.elapsed
        );
    }
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local address").port()
}

#[test]
fn a_host_client_reaches_a_guest_tcp_server() {
    common::build_guests();
    let port = free_port();
    let outdir = common::tempdir("sim-tcp-out-");
    let mut cmd = Command::new(common::sim_bin());
    cmd.arg("se")
        .arg("-d")
        .arg(outdir.path())
        .arg(common::guest_bin("tcp_echo"))
        .arg(port.to_string());
    common::fixed_env(&mut cmd);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sim");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    lines
        .read_line(&mut first)
        .expect("read the guest's first line");
    assert_eq!(first, "listening\n");
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to the guest");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(b"GET /from-host HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read the reply");
    assert!(reply.starts_with("HTTP/1.0 200 OK\r\n"), "{reply:?}");
    assert!(
        reply.ends_with("\r\n\r\nhello from the guest\n"),
        "{reply:?}"
    );
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "sim did not exit"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut rest = String::new();
    lines.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "sim failed: {status:?}");
    assert_eq!(rest, "served: GET /from-host HTTP/1.0\n");
}
