//! Platform devices of the full-system board, laid out as QEMU's `virt`.
//!
//! | device | base | size | PLIC source |
//! |---|---|---|---|
//! | test/syscon ([`syscon`]) | 0x0010_0000 | 0x1000 | |
//! | goldfish RTC ([`rtc`]) | 0x0010_1000 | 0x1000 | 11 |
//! | CLINT ([`clint`]) | 0x0200_0000 | 0x1_0000 | |
//! | PLIC ([`plic`]) | 0x0c00_0000 | 0x60_0000 | |
//! | 16550 UART ([`uart`]) | 0x1000_0000 | 0x100 | 10 |
//! | virtio-mmio ([`virtio`]) | 0x1000_1000 + 0x1000·i | 0x1000 | 1 + i |
//!
//! Each device is a plain struct with register reads and writes
//! ([`pio::PioDevice`]) made a component by [`pio::Pio`], which serves the
//! functional, atomic and timing protocols with the device's `pio_latency`.
//! Interrupts travel on shared lines ([`irq`]); disks are [`disk`] images; the
//! device tree describing all of it comes from [`fdt`].

pub mod clint;
pub mod disk;
pub mod fdt;
pub mod irq;
pub mod panic_watch;
pub mod pio;
pub mod plic;
pub mod rtc;
pub mod syscon;
pub mod terminal;
#[cfg(test)]
mod terminal_tests;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
pub mod uart;
pub mod virtio;

pub use clint::{virt_timebase, Clint};
pub use irq::{HartIrq, HartIrqLines, IrqLine, PlicInputs};
pub use pio::{Pio, PioDevice, DEFAULT_PIO_LATENCY};
pub use plic::Plic;
pub use rtc::GoldfishRtc;
pub use syscon::TestFinisher;
pub use terminal::Terminal;
pub use uart::Uart8250;

/// QEMU `virt`'s addresses and interrupt numbers (`hw/riscv/virt.c`).
pub mod virt_map {
    /// Test/syscon device.
    pub const TEST: u64 = 0x10_0000;
    /// Goldfish RTC.
    pub const RTC: u64 = 0x10_1000;
    /// CLINT.
    pub const CLINT: u64 = 0x200_0000;
    /// PLIC.
    pub const PLIC: u64 = 0xc00_0000;
    /// UART0.
    pub const UART0: u64 = 0x1000_0000;
    /// First virtio-mmio transport.
    pub const VIRTIO: u64 = 0x1000_1000;
    /// Bytes between virtio-mmio transports.
    pub const VIRTIO_STRIDE: u64 = 0x1000;
    /// Number of virtio-mmio transports.
    pub const VIRTIO_COUNT: u32 = 8;
    /// Start of RAM.
    pub const DRAM: u64 = 0x8000_0000;
    /// UART0's PLIC source.
    pub const UART0_IRQ: u32 = 10;
    /// RTC's PLIC source.
    pub const RTC_IRQ: u32 = 11;
    /// First virtio transport's PLIC source.
    pub const VIRTIO_IRQ: u32 = 1;
}
