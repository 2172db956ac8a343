//! A 16550A UART (gem5's `Uart8250`; QEMU `virt`'s `ns16550a` at 0x1000_0000,
//! PLIC source 10), with byte-wide registers at consecutive offsets.
//!
//! Written here rather than taken from rust-vmm's `vm-superio`: that crate's
//! `Serial` signals an edge trigger with no level to read, clears every pending
//! cause (received data too) when IIR is read, and raises no THR-empty interrupt
//! when software enables it with the transmitter already empty, where the 16550
//! datasheet and QEMU's `serial.c` (which Linux's 8250 driver is exercised against)
//! keep a level line, clear only the THR-empty cause on an IIR read and raise it on
//! enable. A PLIC source needs that level.
//!
//! Transmission is instantaneous (no baud-rate timing, as QEMU with a ready
//! back end): a THR write goes to the [`SerialSink`] at once and the transmitter
//! is empty again. Input comes from a [`SerialSource`] polled every
//! `poll_interval` of simulated time, or from [`Uart8250::receive`].
//!
//! With [`Uart8250::with_panic_exit`] the transmitted stream is watched for
//! Linux's panic line ([`PanicWatch`]), which ends the run with
//! [`ExitCause::KernelPanic`].

use super::irq::IrqLine;
use super::panic_watch::PanicWatch;
use super::pio::PioDevice;
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::{Priority, Tick};
use std::collections::VecDeque;

/// Register offsets.
pub mod reg {
    /// Receive buffer (read) / transmit holding (write); divisor low with DLAB.
    pub const RBR_THR: u64 = 0;
    /// Interrupt enable; divisor high with DLAB.
    pub const IER: u64 = 1;
    /// Interrupt identification (read) / FIFO control (write).
    pub const IIR_FCR: u64 = 2;
    /// Line control.
    pub const LCR: u64 = 3;
    /// Modem control.
    pub const MCR: u64 = 4;
    /// Line status.
    pub const LSR: u64 = 5;
    /// Modem status.
    pub const MSR: u64 = 6;
    /// Scratch.
    pub const SCR: u64 = 7;
}

/// IER: received data available.
pub const IER_RDI: u8 = 0x01;
/// IER: transmit holding register empty.
pub const IER_THRI: u8 = 0x02;
/// IER: receiver line status.
pub const IER_RLSI: u8 = 0x04;
/// IER: modem status.
pub const IER_MSI: u8 = 0x08;
/// IIR: no interrupt pending.
pub const IIR_NO_INT: u8 = 0x01;
/// IIR: transmit holding register empty.
pub const IIR_THRI: u8 = 0x02;
/// IIR: received data available.
pub const IIR_RDI: u8 = 0x04;
/// IIR: receiver line status.
pub const IIR_RLSI: u8 = 0x06;
/// IIR: character timeout (data below the FIFO trigger level).
pub const IIR_CTI: u8 = 0x0c;
/// IIR: FIFOs enabled.
pub const IIR_FIFO: u8 = 0xc0;
/// LSR: data ready.
pub const LSR_DR: u8 = 0x01;
/// LSR: overrun error.
pub const LSR_OE: u8 = 0x02;
/// LSR: transmit holding register empty.
pub const LSR_THRE: u8 = 0x20;
/// LSR: transmitter empty.
pub const LSR_TEMT: u8 = 0x40;
/// LCR: divisor latch access.
pub const LCR_DLAB: u8 = 0x80;
/// MCR: loopback.
pub const MCR_LOOP: u8 = 0x10;
/// Receive FIFO depth of a 16550A.
pub const FIFO_DEPTH: usize = 16;

/// Where transmitted bytes go (a terminal: its file, its client; see [`super::terminal`]).
pub trait SerialSink: Send {
    /// Take transmitted bytes.
    fn write(&mut self, bytes: &[u8]);
}

impl<W: std::io::Write + Send> SerialSink for W {
    fn write(&mut self, bytes: &[u8]) {
        // A terminal that cannot be written loses output, as a disconnected line would.
        let _ = self.write_all(bytes).and_then(|_| self.flush());
    }
}

/// Where received bytes come from (a terminal's client, a script).
pub trait SerialSource: Send {
    /// Append up to `max` bytes that have arrived since the last call.
    fn poll(&mut self, buf: &mut Vec<u8>, max: usize);
}

/// Event code: poll the source.
const POLL: u64 = 1;

/// The UART.
pub struct Uart8250 {
    irq: Option<IrqLine>,
    sink: Box<dyn SerialSink>,
    source: Option<Box<dyn SerialSource>>,
    poll_interval: Tick,
    rx: VecDeque<u8>,
    ier: u8,
    lcr: u8,
    mcr: u8,
    lsr: u8,
    scr: u8,
    fcr: u8,
    divisor: u16,
    thr_pending: bool,
    level: bool,
    panic_watch: Option<PanicWatch>,
}

impl Uart8250 {
    /// A UART sending to `sink`, raising `irq` (if wired).
    pub fn new(sink: Box<dyn SerialSink>, irq: Option<IrqLine>) -> Self {
        Uart8250 {
            irq,
            sink,
            source: None,
            poll_interval: Tick(1_000_000_000),
            rx: VecDeque::new(),
            ier: 0,
            lcr: 0,
            mcr: 0,
            lsr: LSR_THRE | LSR_TEMT,
            scr: 0,
            fcr: 0,
            divisor: 0,
            thr_pending: false,
            level: false,
            panic_watch: None,
        }
    }

    /// End the run with [`ExitCause::KernelPanic`] once the transmitted stream
    /// holds a complete `Kernel panic - not syncing: ...` line.
    pub fn with_panic_exit(mut self) -> Self {
        self.panic_watch = Some(PanicWatch::new());
        self
    }

    /// Read input from `source` every `interval` of simulated time.
    pub fn with_source(mut self, source: Box<dyn SerialSource>, interval: Tick) -> Self {
        self.source = Some(source);
        self.poll_interval = Tick(interval.0.max(1));
        self
    }

    /// Bytes arrive on the line; beyond the FIFO's room they are lost (LSR overrun).
    pub fn receive(&mut self, bytes: &[u8], ctx: &mut Ctx) {
        for &b in bytes {
            if self.rx.len() < FIFO_DEPTH {
                self.rx.push_back(b);
            } else {
                self.lsr |= LSR_OE;
            }
        }
        if !self.rx.is_empty() {
            self.lsr |= LSR_DR;
        }
        self.update_irq(ctx);
    }

    fn fifo_enabled(&self) -> bool {
        self.fcr & 1 != 0
    }

    fn trigger_level(&self) -> usize {
        if !self.fifo_enabled() {
            return 1;
        }
        [1, 4, 8, 14][(self.fcr >> 6) as usize]
    }

    /// The interrupt identification, highest-priority cause first.
    fn iir(&self) -> u8 {
        let id = if self.ier & IER_RLSI != 0 && self.lsr & LSR_OE != 0 {
            IIR_RLSI
        } else if self.ier & IER_RDI != 0 && self.lsr & LSR_DR != 0 {
            if self.rx.len() >= self.trigger_level() {
                IIR_RDI
            } else {
                IIR_CTI
            }
        } else if self.ier & IER_THRI != 0 && self.thr_pending {
            IIR_THRI
        } else {
            IIR_NO_INT
        };
        id | if self.fifo_enabled() { IIR_FIFO } else { 0 }
    }

    fn update_irq(&mut self, ctx: &mut Ctx) {
        let level = self.iir() & IIR_NO_INT == 0;
        if level != self.level {
            self.level = level;
            if let Some(irq) = &self.irq {
                irq.set(ctx, level);
            }
        }
    }

    /// Whether the interrupt line is high.
    pub fn irq_level(&self) -> bool {
        self.level
    }

    fn transmit(&mut self, byte: u8, ctx: &mut Ctx) {
        if self.mcr & MCR_LOOP != 0 {
            self.receive(&[byte], ctx);
        } else {
            self.sink.write(&[byte]);
            if let Some(message) = self.panic_watch.as_mut().and_then(|w| w.push(byte)) {
                ctx.exit(ExitCause::KernelPanic { message });
            }
        }
        self.lsr |= LSR_THRE | LSR_TEMT;
        self.thr_pending = true;
    }

    fn msr(&self) -> u8 {
        if self.mcr & MCR_LOOP != 0 {
            // DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD.
            let m = self.mcr;
            ((m & 1) << 5) | ((m & 2) << 3) | ((m & 4) << 4) | ((m & 8) << 4)
        } else {
            0xb0 // DCD, DSR, CTS: a terminal is attached
        }
    }
}

impl PioDevice for Uart8250 {
    fn type_name(&self) -> &'static str {
        "Uart8250"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![("pio_size".into(), 0x100.into())]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        if self.source.is_some() {
            ctx.schedule(ctx.now() + self.poll_interval, Priority::DEFAULT, POLL);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        if code != POLL {
            return;
        }
        if let Some(src) = &mut self.source {
            let mut buf = Vec::new();
            src.poll(&mut buf, FIFO_DEPTH - self.rx.len());
            if !buf.is_empty() {
                self.receive(&buf, ctx);
            }
        }
        ctx.schedule(ctx.now() + self.poll_interval, Priority::DEFAULT, POLL);
    }
    fn read(&mut self, offset: u64, _size: usize, ctx: &mut Ctx) -> u64 {
        let dlab = self.lcr & LCR_DLAB != 0;
        let v = match offset {
            reg::RBR_THR if dlab => self.divisor as u8,
            reg::RBR_THR => {
                let b = self.rx.pop_front().unwrap_or(0);
                if self.rx.is_empty() {
                    self.lsr &= !LSR_DR;
                }
                self.update_irq(ctx);
                b
            }
            reg::IER if dlab => (self.divisor >> 8) as u8,
            reg::IER => self.ier,
            reg::IIR_FCR => {
                let iir = self.iir();
                if iir & 0x0f == IIR_THRI {
                    // Reading IIR with THR-empty as the cause acknowledges it.
                    self.thr_pending = false;
                    self.update_irq(ctx);
                }
                iir
            }
            reg::LCR => self.lcr,
            reg::MCR => self.mcr,
            reg::LSR => {
                let v = self.lsr;
                self.lsr &= !LSR_OE;
                self.update_irq(ctx);
                v
            }
            reg::MSR => self.msr(),
            reg::SCR => self.scr,
            _ => 0,
        };
        v as u64
    }
    fn write(&mut self, offset: u64, _size: usize, value: u64, ctx: &mut Ctx) {
        let v = value as u8;
        let dlab = self.lcr & LCR_DLAB != 0;
        match offset {
            reg::RBR_THR if dlab => self.divisor = (self.divisor & 0xff00) | v as u16,
            reg::RBR_THR => {
                self.thr_pending = false;
                self.transmit(v, ctx);
            }
            reg::IER if dlab => self.divisor = (self.divisor & 0x00ff) | ((v as u16) << 8),
            reg::IER => {
                let enabled_thri = v & IER_THRI != 0 && self.ier & IER_THRI == 0;
                self.ier = v & 0x0f;
                if enabled_thri && self.lsr & LSR_THRE != 0 {
                    self.thr_pending = true;
                }
            }
            reg::IIR_FCR => {
                if v & 0x02 != 0 {
                    self.rx.clear();
                    self.lsr &= !LSR_DR;
                }
                self.fcr = v & 0xc9;
            }
            reg::LCR => self.lcr = v,
            reg::MCR => self.mcr = v & 0x1f,
            reg::SCR => self.scr = v,
            _ => {}
        }
        self.update_irq(ctx);
    }
}
