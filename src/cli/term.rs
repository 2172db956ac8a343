//! `sim term`: gem5's `m5term` — attach to a simulated system's terminal over
//! TCP, copy both ways, leave with `~.` typed at the start of a line (as ssh)
//! or when the simulator closes the connection. When standard input is a
//! terminal it is put in raw mode, so every key (Ctrl-C, arrows) goes to the
//! guest; the mode is restored on the way out.
//!
//! Also the listener switch of `sim fs` (gem5's `--listener-mode`).
//!
//! Raw mode uses `libc`'s termios calls, which the binary already links for its
//! signal handling: a terminal crate would add a dependency for four calls.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::net::{Shutdown, TcpStream};

/// gem5's `--listener-mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ListenerMode {
    /// Listen for terminal connections.
    On,
    /// Never listen.
    Off,
    /// Listen when standard input is a terminal (an interactive run).
    Auto,
}

/// Set up the terminals a full-system run builds: listening as `mode` says,
/// and their output copied to standard output.
pub(super) fn configure_terminals(mode: ListenerMode) {
    let on = match mode {
        ListenerMode::On => true,
        ListenerMode::Off => false,
        ListenerMode::Auto => {
            let interactive = std::io::stdin().is_terminal();
            if !interactive {
                crate::debug_output::eprint_line(format_args!(
                    "info: Standard input is not a terminal, disabling listeners."
                ));
            }
            interactive
        }
    };
    models::dev::terminal::set_listeners_enabled(on);
    models::dev::terminal::set_echo_stdout(true);
}

#[derive(Args)]
pub(super) struct TermArgs {
    /// `PORT` (on localhost), `HOST PORT` as m5term takes them, or `PORT HOST`.
    #[arg(num_args = 1..=2, required = true, value_names = ["PORT", "HOST"])]
    target: Vec<String>,
}

/// The host and port `args` name.
fn target(args: &[String]) -> Result<(String, u16)> {
    let port = |s: &str| s.parse::<u16>().ok();
    match args {
        [p] => match port(p) {
            Some(p) => Ok(("localhost".into(), p)),
            None => bail!("port: is {p}; allowed values: 0 to 65535"),
        },
        [a, b] => match (port(a), port(b)) {
            (_, Some(p)) => Ok((a.clone(), p)),
            (Some(p), None) => Ok((b.clone(), p)),
            (None, None) => bail!("port: neither {a} nor {b} is a port (0 to 65535)"),
        },
        _ => bail!("usage: sim term PORT [HOST]"),
    }
}

/// Standard input in raw mode until dropped.
struct RawMode(libc::termios);

impl RawMode {
    /// Raw mode on standard input, if it is a terminal.
    fn enter() -> Option<RawMode> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        // SAFETY: tcgetattr/tcsetattr read and write a termios we own on fd 0.
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut saved) != 0 {
                return None;
            }
            let mut raw = saved;
            libc::cfmakeraw(&mut raw);
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) != 0 {
                return None;
            }
            Some(RawMode(saved))
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in `enter` on fd 0.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.0);
        }
    }
}

/// What the keyboard side decided about one input byte.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    /// Send these bytes.
    Send(Vec<u8>),
    /// `~.` at the start of a line: leave.
    Quit,
}

/// ssh-style escapes: `~` at the start of a line waits for the next byte; `~.`
/// leaves, `~~` sends one `~`, anything else sends both.
struct Escapes {
    line_start: bool,
    tilde: bool,
}

impl Escapes {
    fn new() -> Self {
        Escapes {
            line_start: true,
            tilde: false,
        }
    }

    fn key(&mut self, b: u8) -> Key {
        let out = if self.tilde {
            self.tilde = false;
            match b {
                b'.' => return Key::Quit,
                b'~' => vec![b'~'],
                _ => vec![b'~', b],
            }
        } else if self.line_start && b == b'~' {
            self.tilde = true;
            return Key::Send(Vec::new());
        } else {
            vec![b]
        };
        self.line_start = matches!(out.last(), Some(b'\r' | b'\n'));
        Key::Send(out)
    }
}

/// Copy standard input to `sock` until `~.`, end of input or a broken connection.
fn keyboard(mut sock: TcpStream) {
    let mut esc = Escapes::new();
    let mut buf = [0u8; 1024];
    let mut stdin = std::io::stdin().lock();
    loop {
        let n = match stdin.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = sock.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => n,
        };
        let mut out = Vec::with_capacity(n);
        for &b in &buf[..n] {
            match esc.key(b) {
                Key::Send(bytes) => out.extend(bytes),
                Key::Quit => {
                    let _ = sock.write_all(&out);
                    let _ = sock.shutdown(Shutdown::Both);
                    return;
                }
            }
        }
        if sock.write_all(&out).is_err() {
            return;
        }
    }
}

/// `sim term PORT [HOST]`.
pub(super) fn term(args: TermArgs) -> Result<i32> {
    let (host, port) = target(&args.target)?;
    let sock = TcpStream::connect((host.as_str(), port))
        .with_context(|| format!("cannot connect to {host} port {port}"))?;
    let raw = RawMode::enter();
    let to_guest = sock.try_clone().context("cannot share the connection")?;
    std::thread::spawn(move || keyboard(to_guest));
    let mut from_guest = sock;
    let mut buf = [0u8; 4096];
    let mut stdout = std::io::stdout().lock();
    loop {
        match from_guest.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if stdout
                    .write_all(&buf[..n])
                    .and_then(|_| stdout.flush())
                    .is_err()
                {
                    break;
                }
            }
        }
    }
    drop(raw);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &[u8]) -> (Vec<u8>, bool) {
        let mut e = Escapes::new();
        let mut out = Vec::new();
        for &b in s {
            match e.key(b) {
                Key::Send(v) => out.extend(v),
                Key::Quit => return (out, true),
            }
        }
        (out, false)
    }

    #[test]
    fn tilde_dot_at_line_start_quits_elsewhere_it_is_text() {
        assert_eq!(typed(b"~."), (vec![], true));
        assert_eq!(typed(b"ls\r~."), (b"ls\r".to_vec(), true));
        assert_eq!(typed(b"a~.b"), (b"a~.b".to_vec(), false));
        assert_eq!(typed(b"~~.\r"), (b"~.\r".to_vec(), false));
        assert_eq!(typed(b"~x"), (b"~x".to_vec(), false));
    }

    #[test]
    fn port_and_host_in_either_order() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(target(&s(&["3456"])).unwrap(), ("localhost".into(), 3456));
        assert_eq!(target(&s(&["3457", "h"])).unwrap(), ("h".into(), 3457));
        assert_eq!(target(&s(&["h", "3458"])).unwrap(), ("h".into(), 3458));
        assert!(target(&s(&["70000"])).is_err());
    }
}
