//! Device behaviour against the specifications (16550 datasheet, RISC-V PLIC 1.0,
//! SiFive CLINT, goldfish RTC, sifive_test), in the three protocols.

use super::clint::{virt_timebase, Clint, MTIME, MTIMECMP_BASE};
use super::irq::{HartIrq, HartIrqLines, PlicInputs};
use super::pio::{Pio, DEFAULT_PIO_LATENCY};
use super::plic::{
    parse_hart_config, Plic, CONTEXT_BASE, CONTEXT_STRIDE, ENABLE_BASE, PENDING_BASE,
};
use super::rtc::{GoldfishRtc, DEFAULT_EPOCH_SECS};
use super::syscon::TestFinisher;
use super::test_support::*;
use super::uart::{self, SerialSource, Uart8250};
use sim_core::component::ComponentId;
use sim_core::{AddrRange, ExitCause};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

const BASE: u64 = 0x1000_0000;
const LAT: u64 = DEFAULT_PIO_LATENCY.0;

fn pio<D: super::pio::PioDevice>(dev: D) -> Box<Pio<D>> {
    Box::new(Pio::new(
        dev,
        AddrRange::new(BASE, 0x100_0000),
        DEFAULT_PIO_LATENCY,
    ))
}

/// The id of the `i`th extra component given to `run_device`.
fn other(i: u32) -> ComponentId {
    ComponentId(2 + i)
}

#[test]
fn clint_mtime_counts_at_10_mhz_of_simulated_time_in_every_protocol() {
    for mode in [Mode::Atomic, Mode::Timing, Mode::Functional] {
        let lines = HartIrqLines::new(1);
        let clint = Clint::new(1, virt_timebase(), lines);
        let script = vec![
            rd(0, BASE + MTIME, 8),
            rd(1_000_000, BASE + MTIME, 8),
            rd(12_345_678, BASE + MTIME, 8),
            rd(12_345_678, BASE + MTIME + 4, 4),
            // Software sets mtime; it keeps counting from there.
            wr(20_000_000, BASE + MTIME, 8, 1_000),
            rd(21_000_000, BASE + MTIME, 8),
        ];
        let (sys, p, _, _) = run_device(pio(clint), mode, script, vec![], 1 << 40);
        assert_eq!(values(&sys, p), [0, 10, 123, 0, 0, 1_010], "{mode:?}");
        let ticks: Vec<u64> = get::<Probe>(&sys, p).done.iter().map(|d| d.tick).collect();
        let lat = if mode == Mode::Functional { 0 } else { LAT };
        assert_eq!(ticks[1], 1_000_000 + lat, "{mode:?}: pio latency");
    }
}

#[test]
fn clint_raises_mtip_when_mtime_reaches_mtimecmp_and_msip_on_write() {
    let lines = HartIrqLines::new(2);
    let clint = Clint::new(2, virt_timebase(), lines.clone());
    let script = vec![
        // Hart 0: compare at 50 counts = 5 us, written as two halves.
        wr(0, BASE + MTIMECMP_BASE + 4, 4, 0),
        wr(0, BASE + MTIMECMP_BASE, 4, 50),
        rd(100, BASE + MTIMECMP_BASE, 8),
        // Hart 1's software interrupt.
        wr(1_000_000, BASE + 4, 4, 1),
        // Moving hart 0's compare into the future lowers MTIP again.
        wr(7_000_000, BASE + MTIMECMP_BASE, 8, 1_000),
    ];
    let harts: Vec<Box<dyn sim_core::Component>> = vec![
        Box::new(FakeHart::new(0, lines.clone())),
        Box::new(FakeHart::new(1, lines.clone())),
    ];
    let (sys, p, _, _) = run_device(pio(clint), Mode::Timing, script, harts, 9_000_000);
    assert_eq!(values(&sys, p)[2], 50);
    let mtip = HartIrq::MachineTimer.mask();
    // The hart is woken exactly when mtime becomes 50, and when MTIP falls again.
    assert_eq!(
        get::<FakeHart>(&sys, other(0)).wakes,
        [(5_000_000, mtip), (7_000_000, 0)]
    );
    assert_eq!(
        get::<FakeHart>(&sys, other(1)).wakes,
        [(1_000_000, HartIrq::MachineSoftware.mask())]
    );
    assert_eq!(lines.pending(0), 0, "MTIP follows mtime >= mtimecmp");
    assert_eq!(lines.pending(1), HartIrq::MachineSoftware.mask());
}

/// A PLIC for two harts (contexts: 0 = hart 0 M, 1 = hart 0 S, 2 = hart 1 M, 3 = hart 1 S).
fn plic_system() -> (Arc<PlicInputs>, Arc<HartIrqLines>, Plic) {
    let inputs = PlicInputs::new();
    let lines = HartIrqLines::new(2);
    let plic = Plic::new(96, 7, "MS,MS", inputs.clone(), lines.clone()).unwrap();
    (inputs, lines, plic)
}

fn claim_addr(ctx: u64) -> u64 {
    BASE + CONTEXT_BASE + CONTEXT_STRIDE * ctx + 4
}

#[test]
fn plic_claims_by_priority_above_threshold_and_repends_on_complete() {
    let (inputs, lines, plic) = plic_system();
    let s_ctx = 1;
    let script = vec![
        wr(0, BASE + 4 * 3, 4, 1),
        wr(0, BASE + 4 * 5, 4, 6),
        wr(0, BASE + 4 * 7, 4, 6),
        wr(
            0,
            BASE + ENABLE_BASE + 0x80 * s_ctx,
            4,
            (1 << 3) | (1 << 5) | (1 << 7),
        ),
        rd(200, BASE + PENDING_BASE, 4),
        // Equal priorities go to the lower id; claimed sources are skipped.
        rd(300, claim_addr(s_ctx), 4),
        rd(400, claim_addr(s_ctx), 4),
        rd(500, claim_addr(s_ctx), 4),
        rd(600, claim_addr(s_ctx), 4),
        // Completing 5 while its line is still high makes it pending again.
        wr(700, claim_addr(s_ctx), 4, 5),
        // Threshold 6: a priority-6 source no longer interrupts.
        wr(800, BASE + CONTEXT_BASE + CONTEXT_STRIDE * s_ctx, 4, 6),
        rd(900, claim_addr(s_ctx), 4),
        wr(1000, BASE + CONTEXT_BASE + CONTEXT_STRIDE * s_ctx, 4, 0),
        rd(1100, claim_addr(s_ctx), 4),
        // Priority writes are WARL: 9 keeps its low 3 bits.
        wr(1200, BASE + 4 * 3, 4, 9),
        rd(1300, BASE + 4 * 3, 4),
    ];
    let drive = Box::new(LineDriver::new(vec![
        (100, inputs.line(3), true),
        (100, inputs.line(5), true),
        (100, inputs.line(7), true),
    ]));
    let hart0 = Box::new(FakeHart::new(0, lines.clone()));
    let (sys, p, _, _) = run_device(pio(plic), Mode::Atomic, script, vec![drive, hart0], 1 << 30);
    let v = values(&sys, p);
    let pending = (1 << 3) | (1 << 5) | (1 << 7);
    assert_eq!(v[4], pending);
    assert_eq!(&v[5..9], [5, 7, 3, 0]);
    assert_eq!(v[11], 0, "threshold 6 masks priority 6");
    assert_eq!(v[13], 5, "re-pended after completion");
    assert_eq!(v[15], 1);
    // The S context raised SEIP when the lines rose; M-mode had nothing enabled.
    let wakes = &get::<FakeHart>(&sys, other(1)).wakes;
    assert_eq!(wakes[0], (100, HartIrq::SupervisorExternal.mask()));
    assert_eq!(lines.pending(0) & HartIrq::MachineExternal.mask(), 0);
}

#[test]
fn plic_pending_follows_a_falling_line_and_hart_config_parses() {
    let (inputs, lines, plic) = plic_system();
    let script = vec![
        wr(0, BASE + 4 * 10, 4, 1),
        wr(0, BASE + ENABLE_BASE, 4, 1 << 10),
        rd(150, BASE + PENDING_BASE, 4),
        rd(250, BASE + PENDING_BASE, 4),
        rd(260, claim_addr(0), 4),
    ];
    let drive = Box::new(LineDriver::new(vec![
        (100, inputs.line(10), true),
        (200, inputs.line(10), false),
    ]));
    let (sys, p, _, _) = run_device(pio(plic), Mode::Timing, script, vec![drive], 1 << 30);
    assert_eq!(values(&sys, p)[2..], [1 << 10, 0, 0]);
    assert_eq!(lines.pending(0), 0, "MEIP fell with the line");
    let c = parse_hart_config("M,MS").unwrap();
    assert_eq!(c.len(), 3);
    assert_eq!(
        (c[2].hart, c[2].line),
        (1, Some(HartIrq::SupervisorExternal))
    );
    assert!(parse_hart_config("MM").is_err());
    assert!(parse_hart_config("MX")
        .unwrap_err()
        .to_string()
        .contains("'X'"));
}

/// A sink the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Input(Arc<Mutex<VecDeque<u8>>>);

impl SerialSource for Input {
    fn poll(&mut self, buf: &mut Vec<u8>, max: usize) {
        let mut q = self.0.lock().unwrap();
        while buf.len() < max {
            match q.pop_front() {
                Some(b) => buf.push(b),
                None => break,
            }
        }
    }
}

#[test]
fn uart_16550_transmits_identifies_interrupts_and_receives() {
    use uart::reg::*;
    let out = Shared::default();
    let inputs = PlicInputs::new();
    let keys = Arc::new(Mutex::new(VecDeque::from(b"ok".to_vec())));
    let dev = Uart8250::new(Box::new(out.clone()), Some(inputs.line(10)))
        .with_source(Box::new(Input(keys)), sim_core::Tick(5_000_000));
    let r = |t, reg| rd(t, BASE + reg, 1);
    let w = |t, reg, v| wr(t, BASE + reg, 1, v);
    let script = vec![
        r(0, LSR),     // 0: idle transmitter: THRE | TEMT
        r(0, IIR_FCR), // 1: nothing pending
        w(10, RBR_THR, b'h' as u64),
        w(10, RBR_THR, b'i' as u64),
        w(20, IIR_FCR, 0x01), // FIFOs on
        w(30, IER, uart::IER_THRI as u64),
        r(40, IIR_FCR), // 6: THR empty (FIFO bits set); reading acknowledges it
        r(50, IIR_FCR), // 7: nothing
        // Divisor latch: bytes go to the divisor, not the line.
        w(60, LCR, 0x83),
        w(60, RBR_THR, 0x0c),
        r(70, RBR_THR), // 10: divisor low
        w(80, LCR, 0x03),
        w(90, IER, uart::IER_RDI as u64),
        // Input "ok" arrives at 5 us (the first poll).
        r(6_000_000, LSR),     // 13: data ready
        r(6_000_000, IIR_FCR), // 14: received data (trigger level 1)
        r(6_000_000, IIR_FCR), // 15: reading IIR does not clear received data
        r(6_000_000, RBR_THR), // 16
        r(6_000_000, RBR_THR), // 17
        r(6_000_000, LSR),     // 18: drained
        r(6_000_000, SCR),     // 19
        w(6_000_000, SCR, 0x5a),
        r(6_000_000, SCR), // 21
    ];
    let (sys, p, _, _) = run_device(pio(dev), Mode::Atomic, script, vec![], 7_000_000);
    let v = values(&sys, p);
    assert_eq!(out.0.lock().unwrap().as_slice(), b"hi");
    assert_eq!(v[0], (uart::LSR_THRE | uart::LSR_TEMT) as u64);
    assert_eq!(v[1], uart::IIR_NO_INT as u64);
    assert_eq!(v[6], (uart::IIR_FIFO | uart::IIR_THRI) as u64);
    assert_eq!(v[7], (uart::IIR_FIFO | uart::IIR_NO_INT) as u64);
    assert_eq!(v[10], 0x0c);
    assert_eq!(v[13] & uart::LSR_DR as u64, 1);
    assert_eq!(v[14], (uart::IIR_FIFO | uart::IIR_RDI) as u64);
    assert_eq!(v[15], v[14]);
    assert_eq!((v[16], v[17]), (b'o' as u64, b'k' as u64));
    assert_eq!(v[18] & uart::LSR_DR as u64, 0);
    assert_eq!((v[19], v[21]), (0, 0x5a));
    assert!(!inputs.level(10), "line low once the FIFO is drained");
}

#[test]
fn uart_line_is_high_while_a_cause_is_pending() {
    use uart::reg::*;
    let inputs = PlicInputs::new();
    let dev = Uart8250::new(Box::new(std::io::sink()), Some(inputs.line(10)));
    let script = vec![wr(0, BASE + IER, 1, uart::IER_THRI as u64)];
    let (_sys, _, _, _) = run_device(pio(dev), Mode::Timing, script, vec![], 1 << 20);
    assert!(inputs.level(10), "enabling THRI with THR empty interrupts");
    let dev = Uart8250::new(Box::new(std::io::sink()), Some(inputs.line(10)));
    let script = vec![
        wr(0, BASE + IER, 1, uart::IER_THRI as u64),
        rd(10, BASE + IIR_FCR, 1),
    ];
    let (_sys, _, _, _) = run_device(pio(dev), Mode::Timing, script, vec![], 1 << 20);
    assert!(!inputs.level(10), "reading IIR acknowledged THR empty");
}

#[test]
fn goldfish_rtc_reads_epoch_plus_simulated_time_and_fires_its_alarm() {
    let inputs = PlicInputs::new();
    let rtc = GoldfishRtc::new(DEFAULT_EPOCH_SECS, Some(inputs.line(11)));
    let epoch_ns = DEFAULT_EPOCH_SECS * 1_000_000_000;
    let alarm = epoch_ns + 5_000; // 5 us after tick 0
    let script = vec![
        rd(3_000_000, BASE, 4),
        rd(3_000_000, BASE + 4, 4),
        wr(3_000_000, BASE + 0x10, 4, 1),
        wr(3_000_000, BASE + 0x0c, 4, alarm >> 32),
        wr(3_000_000, BASE + 0x08, 4, alarm & 0xffff_ffff),
        rd(3_000_001, BASE + 0x18, 4),
        rd(6_000_000, BASE + 0x18, 4),
        wr(7_000_000, BASE + 0x1c, 4, 1),
    ];
    let (sys, p, _, _) = run_device(pio(rtc), Mode::Atomic, script.clone(), vec![], 6_500_000);
    let v = values(&sys, p);
    assert_eq!((v[1] << 32) | v[0], epoch_ns + 3_000);
    assert_eq!((v[5], v[6]), (1, 0), "alarm armed, then fired");
    assert!(inputs.level(11), "the fired alarm interrupts");
    let (_sys, _, _, _) = run_device(
        pio(GoldfishRtc::new(DEFAULT_EPOCH_SECS, Some(inputs.line(11)))),
        Mode::Atomic,
        script,
        vec![],
        8_000_000,
    );
    assert!(!inputs.level(11), "CLEAR_INTERRUPT lowers the line");
}

#[test]
fn test_device_ends_the_simulation_with_its_cause() {
    let cases = [
        (
            0x5555,
            ExitCause::Exit {
                code: 0,
                message: super::syscon::POWEROFF_MESSAGE.into(),
            },
        ),
        ((7 << 16) | 0x3333, ExitCause::Fail { code: 7 }),
        (
            0x7777,
            ExitCause::Exit {
                code: 0,
                message: super::syscon::REBOOT_MESSAGE.into(),
            },
        ),
    ];
    for (value, want) in cases {
        let script = vec![wr(1_000, BASE, 4, value)];
        let (sys, _, _, cause) =
            run_device(pio(TestFinisher), Mode::Atomic, script, vec![], 1 << 30);
        assert_eq!(cause, want);
        assert_eq!(sys.now().0, 1_000);
    }
}
