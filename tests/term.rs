//! `sim term` (gem5's m5term) against a stand-in terminal server: it prints what
//! the server sends, sends what it reads, leaves on `~.` at the start of a line
//! and when the server closes the connection.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Run `sim term PORT` with `input` on its standard input against a server that
/// greets it and then runs `serve` on the connection; returns (status, stdout,
/// what the server received).
fn session(input: &[u8], close_after_greeting: bool) -> (i32, Vec<u8>, Vec<u8>) {
    let server = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = server.local_addr().unwrap().port();
    let serving = std::thread::spawn(move || {
        let (mut s, _) = server.accept().unwrap();
        s.write_all(b"==== m5 terminal: Terminal 0 ====\r\nlogin: ")
            .unwrap();
        if close_after_greeting {
            return Vec::new();
        }
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        got
    });
    let mut child = Command::new(common::sim_bin())
        .args(["term", &port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Give the greeting time to arrive first; keep the pipe open (no EOF).
    std::thread::sleep(Duration::from_millis(300));
    let _ = stdin.write_all(input);
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let got = serving.join().unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, got)
}

#[test]
fn tilde_dot_at_a_line_start_leaves_after_sending_the_line() {
    let (status, stdout, got) = session(b"root\n~~x a~.b\n~.ignored\n", false);
    assert_eq!(status, 0);
    assert!(
        stdout.ends_with(b"login: "),
        "{:?}",
        String::from_utf8_lossy(&stdout)
    );
    assert_eq!(got, b"root\n~x a~.b\n");
}

#[test]
fn the_server_closing_the_connection_ends_it() {
    let (status, stdout, _) = session(b"", true);
    assert_eq!(status, 0);
    assert_eq!(stdout, b"==== m5 terminal: Terminal 0 ====\r\nlogin: ");
}
