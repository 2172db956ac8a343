//! gem5's `Terminal`: the far end of a UART. Every byte the guest transmits goes
//! to the terminal's dump (`outfile`: the file `m5out/<terminal path>`, standard
//! output or error, or nowhere), optionally echoed on standard output (`sim fs`
//! does), and, when listeners are on, to a TCP client attached to the terminal's
//! port (`sim term PORT`, `telnet`); bytes the client sends are the UART's input.
//!
//! As gem5: the listener binds the loopback address at the `port` parameter
//! (3456) or, when that is taken, the next free port, and says so on standard
//! error (`system.platform.terminal: Listening for connections on port 3456`); a
//! client is greeted with `==== m5 terminal: Terminal 0 ====` followed by the
//! last 16 KiB of output; a second client is told `terminal already attached!`.
//!
//! The simulator never waits for the socket: the listener and the client are
//! non-blocking and read when the UART polls its source (an event every
//! [`POLL_INTERVAL`] of simulated time, scheduled only while a listener exists,
//! so a run without one has no extra events). Output a slow client cannot take
//! at once waits in a bounded queue sent at the next write or poll.
//!
//! Listeners are a process-wide switch, off by default, as gem5's
//! `--listener-mode`: front ends turn them on with [`set_listeners_enabled`].

use super::uart::{SerialSink, SerialSource};
use sim_core::Tick;
use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use thiserror::Error;

/// How often a listening terminal looks for a client and its input: 100 µs of
/// simulated time (a keystroke's delay is invisible; one non-blocking system
/// call per 100 µs costs well under 1% of a busy guest's host time).
pub const POLL_INTERVAL: Tick = Tick(100_000_000);
/// Output kept for a client that attaches later (gem5's `txbuf`).
pub const HISTORY_BYTES: usize = 16384;
/// Input kept while the UART's FIFO is full (gem5's `rxbuf`).
const INPUT_BYTES: usize = 16384;
/// Output queued for a client that does not read; beyond it the client is dropped.
const BACKLOG_BYTES: usize = 1 << 20;

static LISTENERS: AtomicBool = AtomicBool::new(false);
static ECHO_STDOUT: AtomicBool = AtomicBool::new(false);

/// Let terminals built from now on listen for connections (gem5's listener mode).
pub fn set_listeners_enabled(on: bool) {
    LISTENERS.store(on, Ordering::Relaxed);
}

/// Whether terminals built now listen for connections.
pub fn listeners_enabled() -> bool {
    LISTENERS.load(Ordering::Relaxed)
}

/// Let terminals built from now on copy their output to standard output too.
pub fn set_echo_stdout(on: bool) {
    ECHO_STDOUT.store(on, Ordering::Relaxed);
}

/// Whether terminals built now copy their output to standard output.
pub fn echo_stdout() -> bool {
    ECHO_STDOUT.load(Ordering::Relaxed)
}

/// Why a terminal could not listen.
#[derive(Debug, Error)]
pub enum TerminalError {
    /// Every port from the configured one up was taken or refused.
    #[error("{name}.port: no port from {first} to 65535 could be listened on: {source}")]
    NoPort {
        /// The terminal's path.
        name: String,
        /// The configured port.
        first: u16,
        /// The last failure.
        source: std::io::Error,
    },
}

/// The terminal.
pub struct Terminal {
    name: String,
    number: i64,
    dump: Option<Box<dyn Write + Send>>,
    echo: bool,
    listener: Option<TcpListener>,
    client: Option<TcpStream>,
    history: VecDeque<u8>,
    input: VecDeque<u8>,
    backlog: Vec<u8>,
}

impl Terminal {
    /// The terminal at `name` (its path), number `number`, writing its output to
    /// `dump` and, when `echo`, to standard output.
    pub fn new(name: &str, number: i64, dump: Option<Box<dyn Write + Send>>, echo: bool) -> Self {
        Terminal {
            name: name.to_string(),
            number,
            dump,
            echo,
            listener: None,
            client: None,
            history: VecDeque::new(),
            input: VecDeque::new(),
            backlog: Vec::new(),
        }
    }

    /// Listen on the loopback address at `port`, or the next free port above it;
    /// prints gem5's message and returns the port.
    pub fn listen(&mut self, port: u16) -> Result<u16, TerminalError> {
        let mut p = port;
        let listener = loop {
            match TcpListener::bind((Ipv4Addr::LOCALHOST, p)) {
                Ok(l) => break l,
                Err(e) if e.kind() == ErrorKind::AddrInUse && p < u16::MAX => p += 1,
                Err(source) => {
                    return Err(TerminalError::NoPort {
                        name: self.name.clone(),
                        first: port,
                        source,
                    })
                }
            }
        };
        listener
            .set_nonblocking(true)
            .map_err(|source| TerminalError::NoPort {
                name: self.name.clone(),
                first: port,
                source,
            })?;
        let bound = listener.local_addr().map(|a| a.port()).unwrap_or(p);
        eprintln!("{}: Listening for connections on port {bound}", self.name);
        self.listener = Some(listener);
        Ok(bound)
    }

    /// Whether the terminal listens for clients.
    pub fn is_listening(&self) -> bool {
        self.listener.is_some()
    }

    /// Whether a client is attached.
    pub fn has_client(&self) -> bool {
        self.client.is_some()
    }

    /// Output from the UART.
    pub fn output(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.history.len() == HISTORY_BYTES {
                self.history.pop_front();
            }
            self.history.push_back(b);
        }
        if let Some(d) = &mut self.dump {
            // A dump that cannot be written loses output, as a disconnected line would.
            let _ = d.write_all(bytes).and_then(|_| d.flush());
        }
        if self.echo {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(bytes).and_then(|_| out.flush());
        }
        if self.client.is_some() {
            self.send(bytes);
        }
    }

    /// Send `bytes` to the client after anything still queued; a client that
    /// went away or lets too much pile up is detached.
    fn send(&mut self, bytes: &[u8]) {
        self.backlog.extend_from_slice(bytes);
        let Some(c) = &mut self.client else {
            self.backlog.clear();
            return;
        };
        let mut sent = 0;
        while sent < self.backlog.len() {
            match Write::write(c, &self.backlog[sent..]) {
                Ok(0) => break,
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(_) => {
                    self.detach();
                    return;
                }
            }
        }
        self.backlog.drain(..sent);
        if self.backlog.len() > BACKLOG_BYTES {
            self.detach();
        }
    }

    fn detach(&mut self) {
        self.client = None;
        self.backlog.clear();
    }

    /// Take a waiting client: greet it and replay the output so far.
    fn accept(&mut self) {
        let Some(l) = &self.listener else { return };
        let Ok((stream, _)) = l.accept() else { return };
        if self.client.is_some() {
            let mut s = stream;
            let _ = s.write_all(b"terminal already attached!\n");
            return;
        }
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        let _ = stream.set_nodelay(true);
        self.client = Some(stream);
        let mut hello = format!("==== m5 terminal: Terminal {} ====\r\n", self.number).into_bytes();
        hello.extend(self.history.iter());
        self.send(&hello);
    }

    /// Read what the client sent (without waiting); a closed connection detaches it.
    fn receive(&mut self) {
        let mut buf = [0u8; 1024];
        while self.input.len() < INPUT_BYTES {
            let Some(c) = &mut self.client else { return };
            match c.read(&mut buf) {
                Ok(0) => return self.detach(),
                Ok(n) => self.input.extend(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(_) => return self.detach(),
            }
        }
    }

    /// Look for a client and its input; append up to `max` input bytes to `buf`.
    pub fn poll_input(&mut self, buf: &mut Vec<u8>, max: usize) {
        if self.listener.is_none() {
            return;
        }
        self.accept();
        if self.client.is_some() {
            if !self.backlog.is_empty() {
                self.send(&[]);
            }
            self.receive();
        }
        let n = max.min(self.input.len());
        buf.extend(self.input.drain(..n));
    }
}

/// A terminal shared by its UART's output and input sides.
#[derive(Clone)]
pub struct SharedTerminal(pub Arc<Mutex<Terminal>>);

impl SharedTerminal {
    /// Share `t`.
    pub fn new(t: Terminal) -> Self {
        SharedTerminal(Arc::new(Mutex::new(t)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Terminal> {
        // A panic while holding the lock leaves the terminal usable: its state
        // is buffers only.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SerialSink for SharedTerminal {
    fn write(&mut self, bytes: &[u8]) {
        self.lock().output(bytes);
    }
}

impl SerialSource for SharedTerminal {
    fn poll(&mut self, buf: &mut Vec<u8>, max: usize) {
        self.lock().poll_input(buf, max);
    }
}
