//! The CLINT (SiFive's core-local interruptor, as QEMU's `virt` maps its ACLINT
//! MSWI + MTIMER pair at 0x0200_0000): per hart a software-interrupt bit `msip`
//! and a timer compare `mtimecmp`, and one free-running `mtime`.
//!
//! `mtime` is not a counter that must be ticked: it is sim-core's [`Timebase`],
//! derived from simulated time, 10 MHz on QEMU's `virt` (`timebase-frequency` in
//! the device tree), so reading it costs nothing and the harts' `time` CSR reads a
//! clone of the same [`Timebase`]. A `mtimecmp` write schedules one event at the tick
//! `mtime` reaches it, which raises the hart's MTIP; MTIP stays high while
//! `mtime >= mtimecmp`, as the privileged spec says.
//!
//! Register map (offsets, as QEMU's `riscv_aclint` and SiFive's CLINT):
//! `0x0000 + 4*hart` msip (bit 0), `0x4000 + 8*hart` mtimecmp, `0xbff8` mtime.

use super::irq::{HartIrq, HartIrqLines};
use super::pio::PioDevice;
use sim_core::arch::Timebase;
use sim_core::component::Ctx;
use sim_core::{EventHandle, Priority, Tick};
use std::sync::Arc;

/// Offset of hart 0's `msip`.
pub const MSIP_BASE: u64 = 0x0000;
/// Offset of hart 0's `mtimecmp`.
pub const MTIMECMP_BASE: u64 = 0x4000;
/// Offset of `mtime`.
pub const MTIME: u64 = 0xbff8;
/// Size of the CLINT's window on QEMU's `virt`.
pub const CLINT_SIZE: u64 = 0x1_0000;
/// QEMU `virt`'s timebase: 10 MHz.
pub const VIRT_TIMEBASE_HZ: u64 = 10_000_000;

/// QEMU `virt`'s timebase as sim-core's [`Timebase`]: 100 000 ticks per count.
pub fn virt_timebase() -> Timebase {
    Timebase::new(sim_core::SIM_FREQ / VIRT_TIMEBASE_HZ)
}

/// The CLINT of `harts` harts.
pub struct Clint {
    harts: usize,
    timebase: Timebase,
    lines: Arc<HartIrqLines>,
    msip: Vec<bool>,
    mtimecmp: Vec<u64>,
    timers: Vec<Option<EventHandle>>,
}

impl Clint {
    /// A CLINT for `harts` harts, driving `lines` and reading `timebase`.
    /// `mtimecmp` resets to all ones (no timer interrupt until software sets one).
    pub fn new(harts: usize, timebase: Timebase, lines: Arc<HartIrqLines>) -> Self {
        Clint {
            harts,
            timebase,
            lines,
            msip: vec![false; harts],
            mtimecmp: vec![u64::MAX; harts],
            timers: vec![None; harts],
        }
    }

    /// The shared timebase.
    pub fn timebase(&self) -> &Timebase {
        &self.timebase
    }

    /// Re-evaluate hart `h`'s MTIP and (re)schedule its compare event.
    fn update_timer(&mut self, h: usize, ctx: &mut Ctx) {
        if let Some(old) = self.timers[h].take() {
            ctx.deschedule(old);
        }
        let now = ctx.now();
        let due = self.timebase.count_at(now) >= self.mtimecmp[h];
        self.lines.set(ctx, h, HartIrq::MachineTimer, due);
        if !due {
            let t = self.timebase.tick_of(now, self.mtimecmp[h]);
            if t != Tick::MAX {
                self.timers[h] = Some(ctx.schedule(t, Priority::DEFAULT, h as u64));
            }
        }
    }

    fn write_part(old: u64, offset: u64, size: usize, value: u64) -> u64 {
        let shift = (offset & 7) * 8;
        let mask = if size >= 8 {
            u64::MAX
        } else {
            ((1u64 << (size * 8)) - 1) << shift
        };
        (old & !mask) | ((value << shift) & mask)
    }

    fn read_part(v: u64, offset: u64, size: usize) -> u64 {
        let v = v >> ((offset & 7) * 8);
        if size >= 8 {
            v
        } else {
            v & ((1u64 << (size * 8)) - 1)
        }
    }
}

impl PioDevice for Clint {
    fn type_name(&self) -> &'static str {
        "Clint"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![
            ("num_threads".into(), self.harts.into()),
            ("pio_size".into(), CLINT_SIZE.into()),
        ]
    }
    fn read(&mut self, offset: u64, size: usize, ctx: &mut Ctx) -> u64 {
        let h = |base: u64, stride: u64| ((offset - base) / stride) as usize;
        if offset < MSIP_BASE + 4 * self.harts as u64 {
            let hart = h(MSIP_BASE, 4);
            Self::read_part(self.msip[hart] as u64, offset % 4, size)
        } else if (MTIMECMP_BASE..MTIMECMP_BASE + 8 * self.harts as u64).contains(&offset) {
            Self::read_part(self.mtimecmp[h(MTIMECMP_BASE, 8)], offset, size)
        } else if (MTIME..MTIME + 8).contains(&offset) {
            Self::read_part(self.timebase.count_at(ctx.now()), offset, size)
        } else {
            0
        }
    }
    fn write(&mut self, offset: u64, size: usize, value: u64, ctx: &mut Ctx) {
        if offset < MSIP_BASE + 4 * self.harts as u64 {
            let hart = (offset / 4) as usize;
            if offset.is_multiple_of(4) {
                self.msip[hart] = value & 1 != 0;
                self.lines
                    .set(ctx, hart, HartIrq::MachineSoftware, self.msip[hart]);
            }
        } else if (MTIMECMP_BASE..MTIMECMP_BASE + 8 * self.harts as u64).contains(&offset) {
            let hart = ((offset - MTIMECMP_BASE) / 8) as usize;
            self.mtimecmp[hart] = Self::write_part(self.mtimecmp[hart], offset, size, value);
            self.update_timer(hart, ctx);
        } else if (MTIME..MTIME + 8).contains(&offset) {
            let now = ctx.now();
            let v = Self::write_part(self.timebase.count_at(now), offset, size, value);
            self.timebase.set_count(now, v);
            for hart in 0..self.harts {
                self.update_timer(hart, ctx);
            }
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        let hart = code as usize;
        if hart < self.harts {
            self.timers[hart] = None;
            self.update_timer(hart, ctx);
        }
    }
}
