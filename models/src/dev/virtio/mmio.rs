//! The virtio-mmio transport (virtio 1.2 §4.2.2, register layout of version 2).

use super::GuestRam;
use crate::dev::irq::IrqLine;
use crate::dev::pio::PioDevice;
use sim_core::component::Ctx;
use sim_core::stats::StatVisitor;
use virtio_queue::{Queue, QueueT};

/// Magic value at offset 0: "virt".
pub const MAGIC: u32 = 0x7472_6976;
/// Vendor id QEMU reports ("QEMU").
pub const VENDOR_QEMU: u32 = 0x554d_4551;
/// Feature bit: the device follows virtio 1.x.
pub const F_VERSION_1: u64 = 1 << 32;
/// Interrupt status bit: a used buffer was added.
pub const INT_VRING: u32 = 1;
/// Size of one transport's window.
pub const MMIO_SIZE: u64 = 0x1000;

/// Register offsets.
#[allow(missing_docs)]
pub mod reg {
    pub const MAGIC: u64 = 0x000;
    pub const VERSION: u64 = 0x004;
    pub const DEVICE_ID: u64 = 0x008;
    pub const VENDOR_ID: u64 = 0x00c;
    pub const DEVICE_FEATURES: u64 = 0x010;
    pub const DEVICE_FEATURES_SEL: u64 = 0x014;
    pub const DRIVER_FEATURES: u64 = 0x020;
    pub const DRIVER_FEATURES_SEL: u64 = 0x024;
    pub const QUEUE_SEL: u64 = 0x030;
    pub const QUEUE_NUM_MAX: u64 = 0x034;
    pub const QUEUE_NUM: u64 = 0x038;
    pub const QUEUE_READY: u64 = 0x044;
    pub const QUEUE_NOTIFY: u64 = 0x050;
    pub const INTERRUPT_STATUS: u64 = 0x060;
    pub const INTERRUPT_ACK: u64 = 0x064;
    pub const STATUS: u64 = 0x070;
    pub const QUEUE_DESC_LOW: u64 = 0x080;
    pub const QUEUE_DESC_HIGH: u64 = 0x084;
    pub const QUEUE_DRIVER_LOW: u64 = 0x090;
    pub const QUEUE_DRIVER_HIGH: u64 = 0x094;
    pub const QUEUE_DEVICE_LOW: u64 = 0x0a0;
    pub const QUEUE_DEVICE_HIGH: u64 = 0x0a4;
    pub const CONFIG_GENERATION: u64 = 0x0fc;
    pub const CONFIG: u64 = 0x100;
}

/// A device behind the transport (block; later net, rng, console).
pub trait VirtioDevice: Send + 'static {
    /// gem5 type name of the device (`VirtIOBlock`).
    fn type_name(&self) -> &'static str;
    /// Parameters for config.ini.
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        Vec::new()
    }
    /// virtio device id (2 for block).
    fn device_id(&self) -> u32;
    /// Features offered (the transport adds [`F_VERSION_1`]).
    fn features(&self) -> u64;
    /// Number of virtqueues.
    fn num_queues(&self) -> usize;
    /// Largest queue size the driver may choose.
    fn queue_max_size(&self) -> u16;
    /// Read `size` bytes of the device-specific configuration at `offset`.
    fn read_config(&self, offset: u64, size: usize) -> u64;
    /// Report statistics.
    fn visit_stats(&self, _v: &mut dyn StatVisitor) {}
    /// Zero statistics.
    fn reset_stats(&mut self) {}
    /// Serve every available buffer of queue `index`; true if any was used.
    fn process(&mut self, index: usize, queue: &mut Queue, mem: &GuestRam) -> bool;
}

/// One virtio-mmio transport and its device.
pub struct MmioTransport<D> {
    /// The device.
    pub device: D,
    ram: GuestRam,
    irq: Option<IrqLine>,
    queues: Vec<Queue>,
    queue_sel: u32,
    device_features_sel: u32,
    driver_features_sel: u32,
    driver_features: u64,
    status: u32,
    interrupt_status: u32,
}

impl<D: VirtioDevice> MmioTransport<D> {
    /// `device` moving data through `ram`, interrupting on `irq`.
    pub fn new(device: D, ram: GuestRam, irq: Option<IrqLine>) -> Self {
        let queues = (0..device.num_queues())
            .map(|_| Queue::new(device.queue_max_size()).expect("a power-of-two queue size"))
            .collect();
        MmioTransport {
            device,
            ram,
            irq,
            queues,
            queue_sel: 0,
            device_features_sel: 0,
            driver_features_sel: 0,
            driver_features: 0,
            status: 0,
            interrupt_status: 0,
        }
    }

    /// The driver's status bits (ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8).
    pub fn status(&self) -> u32 {
        self.status
    }

    fn offered(&self) -> u64 {
        self.device.features() | F_VERSION_1
    }

    fn queue(&mut self) -> Option<&mut Queue> {
        self.queues.get_mut(self.queue_sel as usize)
    }

    fn reset(&mut self, ctx: &mut Ctx) {
        for q in &mut self.queues {
            q.reset();
        }
        self.queue_sel = 0;
        self.driver_features = 0;
        self.status = 0;
        self.set_interrupt(0, ctx);
    }

    fn set_interrupt(&mut self, status: u32, ctx: &mut Ctx) {
        self.interrupt_status = status;
        if let Some(irq) = &self.irq {
            irq.set(ctx, status != 0);
        }
    }

    fn notify(&mut self, index: usize, ctx: &mut Ctx) {
        let Some(queue) = self.queues.get_mut(index) else {
            return;
        };
        if !queue.ready() {
            return;
        }
        if self.device.process(index, queue, &self.ram) {
            let mem = self.ram.memory();
            if queue.needs_notification(mem).unwrap_or(true) {
                let s = self.interrupt_status | INT_VRING;
                self.set_interrupt(s, ctx);
            }
        }
    }

    fn set_half(old: u64, high: bool, v: u32) -> u64 {
        if high {
            (old & 0xffff_ffff) | ((v as u64) << 32)
        } else {
            (old & !0xffff_ffff) | v as u64
        }
    }
}

impl<D: VirtioDevice> PioDevice for MmioTransport<D> {
    fn type_name(&self) -> &'static str {
        "RiscvMmioVirtIO"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        let mut p = vec![("pio_size".to_string(), MMIO_SIZE.into())];
        p.extend(self.device.params());
        p
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.device.visit_stats(v);
    }
    fn reset_stats(&mut self) {
        self.device.reset_stats();
    }
    fn read(&mut self, offset: u64, size: usize, _ctx: &mut Ctx) -> u64 {
        if offset >= reg::CONFIG {
            return self.device.read_config(offset - reg::CONFIG, size);
        }
        let v: u32 = match offset {
            reg::MAGIC => MAGIC,
            reg::VERSION => 2,
            reg::DEVICE_ID => self.device.device_id(),
            reg::VENDOR_ID => VENDOR_QEMU,
            reg::DEVICE_FEATURES => match self.device_features_sel {
                0 => self.offered() as u32,
                1 => (self.offered() >> 32) as u32,
                _ => 0,
            },
            reg::QUEUE_NUM_MAX => self.queue().map_or(0, |q| q.max_size() as u32),
            reg::QUEUE_READY => self.queue().is_some_and(|q| q.ready()) as u32,
            reg::INTERRUPT_STATUS => self.interrupt_status,
            reg::STATUS => self.status,
            reg::CONFIG_GENERATION => 0,
            _ => 0,
        };
        v as u64
    }
    fn write(&mut self, offset: u64, _size: usize, value: u64, ctx: &mut Ctx) {
        let v = value as u32;
        match offset {
            reg::DEVICE_FEATURES_SEL => self.device_features_sel = v,
            reg::DRIVER_FEATURES_SEL => self.driver_features_sel = v,
            reg::DRIVER_FEATURES => match self.driver_features_sel {
                0 | 1 => {
                    let high = self.driver_features_sel == 1;
                    let f = Self::set_half(self.driver_features, high, v);
                    self.driver_features = f & self.offered();
                }
                _ => {}
            },
            reg::QUEUE_SEL => self.queue_sel = v,
            reg::QUEUE_NUM => {
                if let Some(q) = self.queue() {
                    q.set_size(v as u16);
                }
            }
            reg::QUEUE_READY => {
                if let Some(q) = self.queue() {
                    q.set_ready(v == 1);
                }
            }
            reg::QUEUE_DESC_LOW | reg::QUEUE_DESC_HIGH => {
                let high = offset == reg::QUEUE_DESC_HIGH;
                if let Some(q) = self.queue() {
                    q.set_desc_table_address((!high).then_some(v), high.then_some(v));
                }
            }
            reg::QUEUE_DRIVER_LOW | reg::QUEUE_DRIVER_HIGH => {
                let high = offset == reg::QUEUE_DRIVER_HIGH;
                if let Some(q) = self.queue() {
                    q.set_avail_ring_address((!high).then_some(v), high.then_some(v));
                }
            }
            reg::QUEUE_DEVICE_LOW | reg::QUEUE_DEVICE_HIGH => {
                let high = offset == reg::QUEUE_DEVICE_HIGH;
                if let Some(q) = self.queue() {
                    q.set_used_ring_address((!high).then_some(v), high.then_some(v));
                }
            }
            reg::QUEUE_NOTIFY => self.notify(v as usize, ctx),
            reg::INTERRUPT_ACK => {
                let s = self.interrupt_status & !v;
                self.set_interrupt(s, ctx);
            }
            reg::STATUS => {
                if v == 0 {
                    self.reset(ctx);
                } else {
                    self.status = v;
                }
            }
            _ => {}
        }
    }
}

/// An empty transport (gem5's `VirtIODummyDevice`, QEMU's unused slots): device
/// id 0, which drivers skip.
pub struct NoDevice;

impl VirtioDevice for NoDevice {
    fn type_name(&self) -> &'static str {
        "VirtIODummyDevice"
    }
    fn device_id(&self) -> u32 {
        0
    }
    fn features(&self) -> u64 {
        0
    }
    fn num_queues(&self) -> usize {
        0
    }
    fn queue_max_size(&self) -> u16 {
        1
    }
    fn read_config(&self, _offset: u64, _size: usize) -> u64 {
        0
    }
    fn process(&mut self, _index: usize, _queue: &mut Queue, _mem: &GuestRam) -> bool {
        false
    }
}
