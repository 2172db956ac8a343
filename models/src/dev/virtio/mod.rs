//! virtio over MMIO (virtio 1.x "modern" transport, version 2), as QEMU's `virt`
//! places eight transports from 0x1000_1000 (stride 0x1000, PLIC sources 1..8).
//!
//! The virtqueues are rust-vmm's `virtio-queue` (split rings, indirect
//! descriptors), reading and writing guest memory through [`GuestRam`], a
//! `vm-memory` view of the simulator's backing store: the bytes CPUs see are the
//! bytes the device moves (caches hold no data here; see [`crate::mem`]).

pub mod blk;
pub mod mmio;
#[cfg(test)]
mod tests;

pub use blk::VirtioBlock;
pub use mmio::{MmioTransport, VirtioDevice};

use sim_core::mem::BackingStore;
use std::sync::Arc;
use vm_memory::mmap::MmapRegion;
use vm_memory::{GuestAddress, GuestMemoryMmap, GuestRegionMmap};

/// Guest physical memory as `vm-memory` sees it: one region over the backing store.
pub struct GuestRam {
    mem: GuestMemoryMmap,
    /// Keeps the bytes `mem` points into alive.
    _store: Arc<BackingStore>,
}

impl GuestRam {
    /// A view of `store` at its physical range.
    pub fn new(store: Arc<BackingStore>) -> Self {
        let range = store.range();
        let len = range.size() as usize;
        let ptr = store
            .host_ptr(range.start, len)
            .expect("a store covers its own range");
        // SAFETY: `ptr` is valid for `len` bytes for as long as `store` lives
        // (BackingStore::host_ptr), and `_store` keeps it alive as long as `mem`.
        // The region does not own the mapping, so dropping it unmaps nothing.
        let region = unsafe {
            MmapRegion::build_raw(
                ptr,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
            )
        }
        .expect("a raw region over existing memory");
        let region = GuestRegionMmap::new(region, GuestAddress(range.start.0))
            .expect("a store's range does not overflow");
        GuestRam {
            mem: GuestMemoryMmap::from_regions(vec![region]).expect("one region"),
            _store: store,
        }
    }

    /// The `vm-memory` view.
    pub fn memory(&self) -> &GuestMemoryMmap {
        &self.mem
    }
}
