//! A virtio-blk request queue driven through the MMIO registers, as Linux's
//! `virtio_mmio` + `virtio_blk` drive it, against a copy-on-write raw image.

use super::mmio::{reg, MmioTransport, INT_VRING, MAGIC};
use super::{GuestRam, VirtioBlock};
use crate::dev::disk::{open_image, DiskMode};
use crate::dev::irq::PlicInputs;
use crate::dev::pio::{Pio, DEFAULT_PIO_LATENCY};
use crate::dev::test_support::*;
use sim_core::mem::BackingStore;
use sim_core::{Addr, AddrRange};
use std::sync::Arc;

const BASE: u64 = 0x1000_1000;
const RAM: u64 = 0x8000_0000;
const DESC: u64 = RAM + 0x1000;
const AVAIL: u64 = RAM + 0x2000;
const USED: u64 = RAM + 0x3000;
const BUFS: u64 = RAM + 0x10000;
const NEXT: u16 = 1;
const WRITE: u16 = 2;

/// Writes split-ring descriptors and requests into guest memory.
struct Driver {
    store: Arc<BackingStore>,
    next_desc: u16,
    heads: Vec<u16>,
    buf: u64,
}

impl Driver {
    fn alloc(&mut self, len: usize) -> u64 {
        let at = self.buf;
        self.buf += (len as u64).next_multiple_of(64);
        at
    }
    fn desc(&mut self, addr: u64, len: u32, flags: u16) -> u16 {
        let i = self.next_desc;
        self.next_desc += 1;
        let d = DESC + 16 * i as u64;
        self.store.write_le(Addr(d), 8, addr).unwrap();
        self.store.write_le(Addr(d + 8), 4, len as u64).unwrap();
        self.store.write_le(Addr(d + 12), 2, flags as u64).unwrap();
        self.store
            .write_le(Addr(d + 14), 2, (i + 1) as u64)
            .unwrap();
        i
    }
    /// A request: header, optional data (device-writable for reads), status.
    /// Returns (data address, status address).
    fn request(&mut self, kind: u32, sector: u64, data: Option<(&[u8], bool)>) -> (u64, u64) {
        let hdr = self.alloc(16);
        self.store.write_le(Addr(hdr), 4, kind as u64).unwrap();
        self.store.write_le(Addr(hdr + 8), 8, sector).unwrap();
        let head = self.desc(hdr, 16, NEXT);
        let mut data_at = 0;
        if let Some((bytes, device_writes)) = data {
            data_at = self.alloc(bytes.len());
            self.store.write(Addr(data_at), bytes).unwrap();
            let flags = NEXT | if device_writes { WRITE } else { 0 };
            self.desc(data_at, bytes.len() as u32, flags);
        }
        let status = self.alloc(1);
        self.store.write(Addr(status), &[0xff]).unwrap();
        self.desc(status, 1, WRITE);
        self.heads.push(head);
        (data_at, status)
    }
    fn publish(&self) {
        for (i, h) in self.heads.iter().enumerate() {
            self.store
                .write_le(Addr(AVAIL + 4 + 2 * i as u64), 2, *h as u64)
                .unwrap();
        }
        self.store
            .write_le(Addr(AVAIL + 2), 2, self.heads.len() as u64)
            .unwrap();
    }
}

fn byte(store: &BackingStore, a: u64) -> u8 {
    store.read_le(Addr(a), 1).unwrap() as u8
}

#[test]
fn virtio_blk_reads_writes_flushes_and_identifies_through_a_cow_image() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("root.img");
    let orig: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &orig).unwrap();

    let store = Arc::new(BackingStore::new(AddrRange::new(RAM, 1 << 20)).unwrap());
    let mut drv = Driver {
        store: store.clone(),
        next_desc: 0,
        heads: Vec::new(),
        buf: BUFS,
    };
    let written: Vec<u8> = (0..1024).map(|i| 0xff - (i % 256) as u8).collect();
    let (_, st_out) = drv.request(1, 2, Some((&written, false)));
    let (d_in, st_in) = drv.request(0, 1, Some((&[0u8; 2048], true)));
    let (d_id, st_id) = drv.request(8, 0, Some((&[0u8; 20], true)));
    let (_, st_flush) = drv.request(4, 0, None);
    let (_, st_bad) = drv.request(99, 0, None);
    drv.publish();

    let inputs = PlicInputs::new();
    let disk = open_image(&path, DiskMode::CopyOnWrite).unwrap();
    let blk = VirtioBlock::new(disk, 128);
    let transport = MmioTransport::new(blk, GuestRam::new(store.clone()), Some(inputs.line(1)));
    let dev = Box::new(Pio::new(
        transport,
        AddrRange::new(BASE, 0x1000),
        DEFAULT_PIO_LATENCY,
    ));
    let w = |t, r, v| wr(t, BASE + r, 4, v);
    let r = |t, r| rd(t, BASE + r, 4);
    let script = vec![
        r(0, reg::MAGIC),
        r(0, reg::VERSION),
        r(0, reg::DEVICE_ID),
        w(0, reg::DEVICE_FEATURES_SEL, 1),
        r(0, reg::DEVICE_FEATURES), // 4: VERSION_1 is bit 32
        r(0, reg::CONFIG),          // 5: capacity in sectors (low half)
        w(10, reg::STATUS, 1 | 2),
        w(10, reg::DRIVER_FEATURES_SEL, 1),
        w(10, reg::DRIVER_FEATURES, 1),
        w(10, reg::STATUS, 1 | 2 | 8),
        w(10, reg::QUEUE_SEL, 0),
        r(10, reg::QUEUE_NUM_MAX), // 11
        w(20, reg::QUEUE_NUM, 16),
        w(20, reg::QUEUE_DESC_LOW, DESC & 0xffff_ffff),
        w(20, reg::QUEUE_DESC_HIGH, DESC >> 32),
        w(20, reg::QUEUE_DRIVER_LOW, AVAIL & 0xffff_ffff),
        w(20, reg::QUEUE_DRIVER_HIGH, 0),
        w(20, reg::QUEUE_DEVICE_LOW, USED & 0xffff_ffff),
        w(20, reg::QUEUE_DEVICE_HIGH, 0),
        w(20, reg::QUEUE_READY, 1),
        w(30, reg::STATUS, 1 | 2 | 4 | 8),
        w(1_000, reg::QUEUE_NOTIFY, 0),
        r(2_000, reg::INTERRUPT_STATUS), // 22
        w(3_000, reg::INTERRUPT_ACK, INT_VRING as u64),
        r(4_000, reg::INTERRUPT_STATUS), // 24
    ];
    let line_seen = Box::new(LineWatch::new(inputs.clone(), 1, 1_500));
    let (sys, p, _, _) = run_device(dev, Mode::Timing, script, vec![line_seen], 1 << 30);
    let v = values(&sys, p);
    assert_eq!((v[0], v[1], v[2]), (MAGIC as u64, 2, 2));
    assert_eq!(v[4] & 1, 1, "VIRTIO_F_VERSION_1 offered");
    assert_eq!(v[5], 128, "64 KiB = 128 sectors");
    assert_eq!(v[11], 128);
    assert_eq!((v[22], v[24]), (1, 0));
    assert!(
        get::<LineWatch>(&sys, sim_core::ComponentId(2)).high,
        "PLIC source 1 raised"
    );
    assert!(!inputs.level(1), "acknowledged");

    // Used ring: five entries, lengths of what the device wrote.
    assert_eq!(store.read_le(Addr(USED + 2), 2).unwrap(), 5);
    let lens: Vec<u64> = (0..5)
        .map(|i| store.read_le(Addr(USED + 4 + 8 * i + 4), 4).unwrap())
        .collect();
    assert_eq!(lens, [1, 2049, 21, 1, 1]);
    let statuses: Vec<u8> = [st_out, st_in, st_id, st_flush, st_bad]
        .iter()
        .map(|&a| byte(&store, a))
        .collect();
    assert_eq!(statuses, [0, 0, 0, 0, 2]);
    // The read saw sector 1 of the image, then the two sectors just written.
    let mut got = vec![0u8; 2048];
    store.read(Addr(d_in), &mut got).unwrap();
    let mut want = orig[512..2560].to_vec();
    want[512..1536].copy_from_slice(&written);
    assert!(got == want, "read data differs");
    let mut id = [0u8; 7];
    store.read(Addr(d_id), &mut id).unwrap();
    assert_eq!(&id, b"root.im");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        orig,
        "the image file is unchanged"
    );
}

/// Records whether PLIC source `id` was high at tick `at`.
struct LineWatch {
    inputs: Arc<PlicInputs>,
    id: u32,
    at: u64,
    high: bool,
}

impl LineWatch {
    fn new(inputs: Arc<PlicInputs>, id: u32, at: u64) -> Self {
        LineWatch {
            inputs,
            id,
            at,
            high: false,
        }
    }
}

impl sim_core::Component for LineWatch {
    fn type_name(&self) -> &'static str {
        "TestLineWatch"
    }
    fn startup(&mut self, ctx: &mut sim_core::Ctx) {
        ctx.schedule(sim_core::Tick(self.at), 0, 0);
    }
    fn handle_event(&mut self, _code: u64, _ctx: &mut sim_core::Ctx) {
        self.high = self.inputs.level(self.id);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
