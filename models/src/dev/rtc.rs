//! The goldfish RTC of QEMU's `virt` (0x10_1000, PLIC source 11): wall-clock time
//! in nanoseconds and one alarm.
//!
//! Time is the simulated clock plus a start epoch, so runs are deterministic: by
//! default 2012-01-01 00:00:00 UTC, the default `time` of gem5's RTCs. Software
//! may set the time (Linux's `hwclock -w`); that moves an offset, not the clock.
//!
//! Registers (QEMU's `goldfish_rtc.c`): `0x00` TIME_LOW (reading it latches the
//! high half), `0x04` TIME_HIGH, `0x08` ALARM_LOW (writing it arms the alarm),
//! `0x0c` ALARM_HIGH, `0x10` IRQ_ENABLED, `0x14` CLEAR_ALARM, `0x18`
//! ALARM_STATUS, `0x1c` CLEAR_INTERRUPT.

use super::irq::IrqLine;
use super::pio::PioDevice;
use sim_core::component::Ctx;
use sim_core::{EventHandle, Priority, Tick};

/// gem5's default RTC time, 2012-01-01 00:00:00 UTC, in seconds since the epoch.
pub const DEFAULT_EPOCH_SECS: u64 = 1_325_376_000;

const TIME_LOW: u64 = 0x00;
const TIME_HIGH: u64 = 0x04;
const ALARM_LOW: u64 = 0x08;
const ALARM_HIGH: u64 = 0x0c;
const IRQ_ENABLED: u64 = 0x10;
const CLEAR_ALARM: u64 = 0x14;
const ALARM_STATUS: u64 = 0x18;
const CLEAR_INTERRUPT: u64 = 0x1c;

/// The RTC.
pub struct GoldfishRtc {
    epoch_secs: u64,
    /// Nanoseconds added to `epoch + simulated time` (software set the clock).
    offset_ns: u64,
    irq: Option<IrqLine>,
    time_high: u32,
    alarm_high: u32,
    alarm: Option<(u64, EventHandle)>,
    irq_enabled: bool,
    irq_pending: bool,
}

impl GoldfishRtc {
    /// An RTC reading `epoch_secs` at tick 0.
    pub fn new(epoch_secs: u64, irq: Option<IrqLine>) -> Self {
        GoldfishRtc {
            epoch_secs,
            offset_ns: 0,
            irq,
            time_high: 0,
            alarm_high: 0,
            alarm: None,
            irq_enabled: false,
            irq_pending: false,
        }
    }

    /// The time in nanoseconds since the epoch at tick `now`.
    pub fn time_ns(&self, now: Tick) -> u64 {
        (self.epoch_secs * 1_000_000_000)
            .wrapping_add(now.0 / 1000)
            .wrapping_add(self.offset_ns)
    }

    fn update_irq(&self, ctx: &mut Ctx) {
        if let Some(irq) = &self.irq {
            irq.set(ctx, self.irq_pending && self.irq_enabled);
        }
    }

    fn cancel_alarm(&mut self, ctx: &mut Ctx) {
        if let Some((_, h)) = self.alarm.take() {
            ctx.deschedule(h);
        }
    }

    fn arm(&mut self, at_ns: u64, ctx: &mut Ctx) {
        self.cancel_alarm(ctx);
        let now_ns = self.time_ns(ctx.now());
        if at_ns <= now_ns {
            self.irq_pending = true;
            self.update_irq(ctx);
            return;
        }
        let when = ctx
            .now()
            .0
            .saturating_add((at_ns - now_ns).saturating_mul(1000));
        let h = ctx.schedule(Tick(when), Priority::DEFAULT, 0);
        self.alarm = Some((at_ns, h));
    }
}

impl PioDevice for GoldfishRtc {
    fn type_name(&self) -> &'static str {
        "GoldfishRTC"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![("time".into(), self.epoch_secs.into())]
    }
    fn read(&mut self, offset: u64, _size: usize, ctx: &mut Ctx) -> u64 {
        match offset {
            TIME_LOW => {
                let t = self.time_ns(ctx.now());
                self.time_high = (t >> 32) as u32;
                t as u32 as u64
            }
            TIME_HIGH => self.time_high as u64,
            ALARM_LOW => self.alarm.map_or(0, |(a, _)| a as u32 as u64),
            ALARM_HIGH => self.alarm.map_or(0, |(a, _)| a >> 32),
            IRQ_ENABLED => self.irq_enabled as u64,
            ALARM_STATUS => self.alarm.is_some() as u64,
            _ => 0,
        }
    }
    fn write(&mut self, offset: u64, _size: usize, value: u64, ctx: &mut Ctx) {
        let value = value as u32;
        match offset {
            TIME_LOW => {
                let want = ((self.time_high as u64) << 32) | value as u64;
                let now = self.time_ns(ctx.now());
                self.offset_ns = self.offset_ns.wrapping_add(want.wrapping_sub(now));
            }
            TIME_HIGH => self.time_high = value,
            ALARM_LOW => {
                let at = ((self.alarm_high as u64) << 32) | value as u64;
                self.arm(at, ctx);
            }
            ALARM_HIGH => self.alarm_high = value,
            IRQ_ENABLED => {
                self.irq_enabled = value & 1 != 0;
                self.update_irq(ctx);
            }
            CLEAR_ALARM => self.cancel_alarm(ctx),
            CLEAR_INTERRUPT => {
                self.irq_pending = false;
                self.update_irq(ctx);
            }
            _ => {}
        }
    }
    fn handle_event(&mut self, _code: u64, ctx: &mut Ctx) {
        self.alarm = None;
        self.irq_pending = true;
        self.update_irq(ctx);
    }
}
