//! The UART's far end: a TCP client of its `Terminal` types into the receive
//! FIFO (data ready, receive interrupt once enabled) and reads the output, the
//! kernel-panic line ends a run, and a taken port moves the listener up.

use super::irq::PlicInputs;
use super::pio::{Pio, DEFAULT_PIO_LATENCY};
use super::terminal::{SharedTerminal, Terminal, POLL_INTERVAL};
use super::test_support::*;
use super::uart::{self, reg::*, Uart8250};
use sim_core::{AddrRange, ExitCause, Tick};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const BASE: u64 = 0x1000_0000;
const US: u64 = 1_000_000;

fn pio(dev: Uart8250) -> Box<Pio<Uart8250>> {
    Box::new(Pio::new(
        dev,
        AddrRange::new(BASE, 0x100),
        DEFAULT_PIO_LATENCY,
    ))
}

/// A dump the test reads back.
#[derive(Clone, Default)]
struct Dump(Arc<Mutex<Vec<u8>>>);

impl Write for Dump {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Read from `s` until `n` bytes arrived (or a few seconds passed).
fn read_n(s: &mut TcpStream, n: usize) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while got.len() < n {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => got.extend_from_slice(&buf[..k]),
        }
    }
    got
}

#[test]
fn a_client_types_into_the_uart_and_reads_what_it_transmits() {
    let dump = Dump::default();
    let mut term = Terminal::new(
        "system.platform.terminal",
        0,
        Some(Box::new(dump.clone())),
        false,
    );
    let port = term.listen(0).expect("a free port");
    let shared = SharedTerminal::new(term);
    let inputs = PlicInputs::new();
    let dev = Uart8250::new(Box::new(shared.clone()), Some(inputs.line(10)))
        .with_source(Box::new(shared.clone()), POLL_INTERVAL);
    // The client connects and types before the first poll (at 100 us) takes it.
    let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    client.write_all(b"hi\n").unwrap();
    let script = vec![
        wr(10 * US, BASE + RBR_THR, 1, b'a' as u64), // 0: before the client is attached
        rd(50 * US, BASE + LSR, 1),                  // 1: nothing received yet
        rd(150 * US, BASE + LSR, 1),                 // 2: data ready
        rd(150 * US, BASE + IIR_FCR, 1),             // 3: no interrupt: IER is 0
        wr(160 * US, BASE + IER, 1, uart::IER_RDI as u64),
        rd(170 * US, BASE + IIR_FCR, 1), // 5: received data
        rd(200 * US, BASE + RBR_THR, 1), // 6..8: the typed bytes
        rd(200 * US, BASE + RBR_THR, 1),
        rd(200 * US, BASE + RBR_THR, 1),
        rd(200 * US, BASE + LSR, 1), // 9: drained
        wr(210 * US, BASE + RBR_THR, 1, b'o' as u64),
        wr(210 * US, BASE + RBR_THR, 1, b'k' as u64),
    ];
    let (mut sys, p, _, cause) = run_device(pio(dev), Mode::Atomic, script, vec![], 180 * US);
    assert_eq!(cause, ExitCause::MaxTick);
    assert!(
        inputs.level(10),
        "enabling the receive interrupt raises the line"
    );
    // A second client is turned away at the next poll.
    let mut second = TcpStream::connect(("127.0.0.1", port)).unwrap();
    sys.simulate(Some(Tick(250 * US)));
    let v = values(&sys, p);
    assert_eq!(v[1] & uart::LSR_DR as u64, 0);
    assert_eq!(v[2] & uart::LSR_DR as u64, uart::LSR_DR as u64);
    assert_eq!(v[3], uart::IIR_NO_INT as u64);
    assert_eq!(v[5], uart::IIR_RDI as u64);
    assert_eq!(&v[6..9], &[b'h' as u64, b'i' as u64, b'\n' as u64]);
    assert_eq!(v[9] & uart::LSR_DR as u64, 0);
    assert!(!inputs.level(10), "the line falls once the FIFO is read");
    let hello = b"==== m5 terminal: Terminal 0 ====\r\n";
    let want = [&hello[..], b"aok"].concat();
    assert_eq!(read_n(&mut client, want.len()), want);
    assert_eq!(dump.0.lock().unwrap().as_slice(), b"aok");
    let refused = b"terminal already attached!\n";
    assert_eq!(read_n(&mut second, refused.len()), refused);
}

#[test]
fn a_complete_kernel_panic_line_ends_the_run_when_asked() {
    let line = b"[    0.45] Kernel panic - not syncing: Attempted to kill init!\r\n";
    let script: Vec<_> = line
        .iter()
        .enumerate()
        .map(|(i, &b)| wr(i as u64 * US, BASE + RBR_THR, 1, b as u64))
        .collect();
    let end = line.len() as u64 * US;
    let dev = Uart8250::new(Box::new(std::io::sink()), None).with_panic_exit();
    let (sys, _, _, cause) = run_device(pio(dev), Mode::Timing, script.clone(), vec![], 2 * end);
    assert_eq!(
        cause,
        ExitCause::KernelPanic {
            message: "Kernel panic - not syncing: Attempted to kill init!".into()
        }
    );
    assert_eq!(sys.now().0, (line.len() as u64 - 1) * US, "at the newline");
    let dev = Uart8250::new(Box::new(std::io::sink()), None);
    let (sys, _, _, cause) = run_device(pio(dev), Mode::Timing, script, vec![], 2 * end);
    assert_ne!(cause.event_name(), "KERNEL_PANIC", "without the watch");
    assert!(
        sys.now().0 > (line.len() as u64 - 1) * US,
        "it went past the newline"
    );
}

#[test]
fn a_taken_port_moves_the_listener_to_a_later_one() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let busy = taken.local_addr().unwrap().port();
    let mut term = Terminal::new("t", 0, None, false);
    let got = term.listen(busy).unwrap();
    assert!(got > busy, "{got} after {busy}");
    assert!(term.is_listening() && !term.has_client());
}
