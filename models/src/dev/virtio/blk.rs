//! virtio-blk (virtio 1.2 §5.2; gem5's `VirtIOBlock`): one request queue serving
//! read, write, flush and get-id on a [`DiskImage`], with the features Linux's
//! `virtio_blk` uses (segment limit, block size, flush, read-only when the disk is).
//!
//! A request is a chain: a 16-byte header the driver wrote (type, reserved,
//! sector), the data buffers, and one status byte the device writes last. The
//! request completes when the driver notifies the queue, its buffers are used at
//! once and the transport interrupts.

use super::mmio::VirtioDevice;
use super::GuestRam;
use crate::dev::disk::{DiskImage, SECTOR_SIZE};
use sim_core::stats::{StatVisitor, Unit};
use std::io::{Read, Write};
use virtio_bindings::virtio_blk::{
    VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_RO, VIRTIO_BLK_F_SEG_MAX,
    VIRTIO_BLK_ID_BYTES, VIRTIO_BLK_S_IOERR, VIRTIO_BLK_S_OK, VIRTIO_BLK_S_UNSUPP,
    VIRTIO_BLK_T_FLUSH, VIRTIO_BLK_T_GET_ID, VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT,
};
use virtio_bindings::virtio_ids::VIRTIO_ID_BLOCK;
use virtio_bindings::virtio_ring::VIRTIO_RING_F_INDIRECT_DESC;
use virtio_queue::{Queue, QueueT};

/// gem5's `VirtIOBlock.queueSize` default.
pub const DEFAULT_QUEUE_SIZE: u16 = 128;

/// Counters of the block device.
#[derive(Clone, Debug, Default)]
pub struct BlockStats {
    /// Read requests served.
    pub reads: u64,
    /// Write requests served.
    pub writes: u64,
    /// Bytes read from the disk.
    pub bytes_read: u64,
    /// Bytes written to the disk.
    pub bytes_written: u64,
    /// Requests answered with an I/O error or as unsupported.
    pub errors: u64,
}

/// A virtio block device on a disk image.
pub struct VirtioBlock {
    disk: Box<dyn DiskImage>,
    queue_size: u16,
    /// What get-id answers (the image's file name, cut to 20 bytes).
    id: [u8; VIRTIO_BLK_ID_BYTES as usize],
    /// Counters.
    pub stats: BlockStats,
}

impl VirtioBlock {
    /// A block device on `disk` with queues of up to `queue_size` entries (a power of two).
    pub fn new(disk: Box<dyn DiskImage>, queue_size: u16) -> Self {
        let mut id = [0u8; VIRTIO_BLK_ID_BYTES as usize];
        let name = disk
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let n = name.len().min(id.len());
        id[..n].copy_from_slice(&name.as_bytes()[..n]);
        VirtioBlock {
            disk,
            queue_size,
            id,
            stats: BlockStats::default(),
        }
    }

    /// The disk.
    pub fn disk(&self) -> &dyn DiskImage {
        self.disk.as_ref()
    }

    /// Serve one request chain; returns the bytes written into guest buffers.
    fn serve(
        &mut self,
        chain: virtio_queue::DescriptorChain<&vm_memory::GuestMemoryMmap>,
        ram: &GuestRam,
    ) -> u32 {
        let mem = ram.memory();
        let (Ok(mut reader), Ok(mut writer)) = (chain.clone().reader(mem), chain.writer(mem))
        else {
            self.stats.errors += 1;
            return 0;
        };
        let mut header = [0u8; 16];
        let data_in = writer.available_bytes().saturating_sub(1);
        let Ok(mut status_writer) = writer.split_at(data_in) else {
            self.stats.errors += 1;
            return 0;
        };
        if reader.read_exact(&mut header).is_err() || status_writer.available_bytes() != 1 {
            // No room for a header or a status byte: nothing to answer into.
            self.stats.errors += 1;
            return 0;
        }
        let kind = u32::from_le_bytes(header[0..4].try_into().expect("4 bytes"));
        let sector = u64::from_le_bytes(header[8..16].try_into().expect("8 bytes"));
        let offset = sector.saturating_mul(SECTOR_SIZE);
        let mut written = 0usize;
        let status = match kind {
            VIRTIO_BLK_T_IN => {
                let mut buf = vec![0u8; data_in];
                match self.disk.read_at(offset, &mut buf) {
                    Ok(()) if writer.write_all(&buf).is_ok() => {
                        written = data_in;
                        self.stats.reads += 1;
                        self.stats.bytes_read += data_in as u64;
                        VIRTIO_BLK_S_OK
                    }
                    Ok(()) => VIRTIO_BLK_S_IOERR,
                    Err(e) => {
                        tracing::warn!("virtio-blk read: {e}");
                        VIRTIO_BLK_S_IOERR
                    }
                }
            }
            VIRTIO_BLK_T_OUT => {
                let mut buf = vec![0u8; reader.available_bytes()];
                let res = reader
                    .read_exact(&mut buf)
                    .map_err(|e| e.to_string())
                    .and_then(|_| self.disk.write_at(offset, &buf).map_err(|e| e.to_string()));
                match res {
                    Ok(()) => {
                        self.stats.writes += 1;
                        self.stats.bytes_written += buf.len() as u64;
                        VIRTIO_BLK_S_OK
                    }
                    Err(e) => {
                        tracing::warn!("virtio-blk write: {e}");
                        VIRTIO_BLK_S_IOERR
                    }
                }
            }
            VIRTIO_BLK_T_FLUSH => match self.disk.flush() {
                Ok(()) => VIRTIO_BLK_S_OK,
                Err(e) => {
                    tracing::warn!("virtio-blk flush: {e}");
                    VIRTIO_BLK_S_IOERR
                }
            },
            VIRTIO_BLK_T_GET_ID => {
                let n = data_in.min(self.id.len());
                if writer.write_all(&self.id[..n]).is_ok() {
                    written = n;
                    VIRTIO_BLK_S_OK
                } else {
                    VIRTIO_BLK_S_IOERR
                }
            }
            _ => VIRTIO_BLK_S_UNSUPP,
        };
        if status != VIRTIO_BLK_S_OK {
            self.stats.errors += 1;
        }
        let _ = status_writer.write_all(&[status as u8]);
        (written + 1) as u32
    }
}

impl VirtioDevice for VirtioBlock {
    fn type_name(&self) -> &'static str {
        "VirtIOBlock"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![
            ("queueSize".into(), self.queue_size.into()),
            (
                "image".into(),
                self.disk.path().to_string_lossy().into_owned().into(),
            ),
        ]
    }
    fn device_id(&self) -> u32 {
        VIRTIO_ID_BLOCK
    }
    fn features(&self) -> u64 {
        let mut f = (1 << VIRTIO_BLK_F_SEG_MAX)
            | (1 << VIRTIO_BLK_F_BLK_SIZE)
            | (1 << VIRTIO_BLK_F_FLUSH)
            | (1 << VIRTIO_RING_F_INDIRECT_DESC);
        if self.disk.read_only() {
            f |= 1 << VIRTIO_BLK_F_RO;
        }
        f
    }
    fn num_queues(&self) -> usize {
        1
    }
    fn queue_max_size(&self) -> u16 {
        self.queue_size
    }
    fn read_config(&self, offset: u64, size: usize) -> u64 {
        // struct virtio_blk_config: capacity, size_max, seg_max, geometry, blk_size.
        let mut cfg = [0u8; 24];
        cfg[0..8].copy_from_slice(&(self.disk.size() / SECTOR_SIZE).to_le_bytes());
        cfg[12..16].copy_from_slice(&(self.queue_size as u32 - 2).to_le_bytes());
        cfg[20..24].copy_from_slice(&(SECTOR_SIZE as u32).to_le_bytes());
        let mut v = [0u8; 8];
        let start = (offset as usize).min(cfg.len());
        let end = (start + size.min(8)).min(cfg.len());
        v[..end - start].copy_from_slice(&cfg[start..end]);
        u64::from_le_bytes(v)
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.report(v);
    }
    fn reset_stats(&mut self) {
        self.stats = BlockStats::default();
    }
    fn process(&mut self, _index: usize, queue: &mut Queue, ram: &GuestRam) -> bool {
        let mem = ram.memory();
        let mut used = false;
        while let Some(chain) = queue.pop_descriptor_chain(mem) {
            let head = chain.head_index();
            let len = self.serve(chain, ram);
            if queue.add_used(mem, head, len).is_err() {
                break;
            }
            used = true;
        }
        used
    }
}

impl VirtioBlock {
    /// Report the counters.
    fn report(&self, v: &mut dyn StatVisitor) {
        let s = &self.stats;
        v.scalar("reads", s.reads as f64, "Read requests served", Unit::Count);
        v.scalar(
            "writes",
            s.writes as f64,
            "Write requests served",
            Unit::Count,
        );
        v.scalar(
            "bytesRead",
            s.bytes_read as f64,
            "Bytes read from the disk image",
            Unit::Byte,
        );
        v.scalar(
            "bytesWritten",
            s.bytes_written as f64,
            "Bytes written to the disk image",
            Unit::Byte,
        );
        v.scalar(
            "errors",
            s.errors as f64,
            "Requests that failed",
            Unit::Count,
        );
    }
}
