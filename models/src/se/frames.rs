//! Physical page frames handed out from the backing store.
//!
//! One allocator serves every process built on a backing store, so it is shared as
//! `Arc<FrameAllocator>` and locks internally (allocation happens on page faults and
//! mappings, never on the TLB-hit path). Frames that were never used are known to
//! be zero (the store starts zeroed); recycled frames are zeroed when handed out
//! again, so every frame a process receives reads as zero, as Linux promises.

use super::page_cache::PageCache;
use crate::cpu::ReservationMonitor;
use sim_core::mem::BackingStore;
use sim_core::{Addr, AddrRange};
use std::sync::{Arc, Mutex, OnceLock};

/// Page size of the SE address space (bytes).
pub const PAGE_SIZE: u64 = 4096;
/// log2 of [`PAGE_SIZE`].
pub const PAGE_SHIFT: u32 = 12;

/// Round `v` down to a page boundary.
pub const fn page_down(v: u64) -> u64 {
    v & !(PAGE_SIZE - 1)
}

/// Round `v` up to a page boundary (`None` on overflow).
pub const fn page_up(v: u64) -> Option<u64> {
    match v.checked_add(PAGE_SIZE - 1) {
        Some(x) => Some(page_down(x)),
        None => None,
    }
}

/// Allocates 4 KiB physical frames from a range of a [`BackingStore`].
pub struct FrameAllocator {
    store: Arc<BackingStore>,
    range: AddrRange,
    inner: Mutex<Inner>,
    /// The CPUs' LR/SC monitor, told of every store the kernel makes.
    monitor: OnceLock<Arc<ReservationMonitor>>,
    /// The frames of file pages mapped `MAP_SHARED`, shared by every process
    /// on these frames.
    page_cache: PageCache,
}

struct Inner {
    /// Next never-used frame (bump pointer).
    next: u64,
    /// Frames given back; they hold stale data.
    free: Vec<u64>,
    /// Frames currently handed out.
    in_use: u64,
    /// Extra owners of frames shared copy-on-write by several address spaces
    /// (a fork), indexed by frame number in the range (empty until the first
    /// fork): a frame with `n` here is mapped `n + 1` times, and
    /// [`FrameAllocator::free`] only drops one owner until the last.
    extra_owners: Vec<u32>,
}

impl FrameAllocator {
    /// An allocator over the whole store.
    pub fn new(store: Arc<BackingStore>) -> FrameAllocator {
        let range = store.range();
        Self::with_range(store, range)
    }

    /// An allocator over `range` of the store (shrunk inwards to page boundaries and
    /// clipped to the store), leaving the rest for other uses.
    pub fn with_range(store: Arc<BackingStore>, range: AddrRange) -> FrameAllocator {
        let sr = store.range();
        let start = page_up(range.start.0.max(sr.start.0)).unwrap_or(u64::MAX);
        let end = page_down(range.end.0.min(sr.end.0)).max(start);
        FrameAllocator {
            store,
            range: AddrRange {
                start: Addr(start),
                end: Addr(end),
            },
            inner: Mutex::new(Inner {
                next: start,
                free: Vec::new(),
                in_use: 0,
                extra_owners: Vec::new(),
            }),
            monitor: OnceLock::new(),
            page_cache: PageCache::default(),
        }
    }

    /// The page cache of shared file mappings (one per machine, as the frames).
    pub fn page_cache(&self) -> &PageCache {
        &self.page_cache
    }

    /// Tell `monitor` of every store the kernel makes into these frames from now on
    /// (set once, when the board attaches its CPUs).
    pub fn set_reservation_monitor(&self, monitor: Arc<ReservationMonitor>) {
        let _ = self.monitor.set(monitor);
    }

    /// The kernel stored to `[pa, pa + len)`: CPUs lose LR reservations there.
    pub fn kernel_stored(&self, pa: Addr, len: usize) {
        if let Some(m) = self.monitor.get() {
            m.observe_foreign_store(pa.0, len);
        }
    }

    /// The backing store the frames live in.
    pub fn store(&self) -> &Arc<BackingStore> {
        &self.store
    }

    /// A zeroed frame, or `None` when memory is exhausted.
    pub fn alloc(&self) -> Option<Addr> {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let frame = if let Some(f) = g.free.pop() {
            // In range by construction: only frames from this allocator are freed.
            let _ = self.store.fill(Addr(f), PAGE_SIZE as usize, 0);
            f
        } else if g.next < self.range.end.0 {
            let f = g.next;
            g.next += PAGE_SIZE;
            f
        } else {
            return None;
        };
        g.in_use += 1;
        Some(Addr(frame))
    }

    /// Give a frame back (one owner of a shared frame lets go; the frame is
    /// free once its last owner does). Frames not from this allocator are ignored.
    pub fn free(&self, frame: Addr) {
        if !self.range.contains(frame) || !frame.0.is_multiple_of(PAGE_SIZE) {
            return;
        }
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let i = self.index(frame.0);
        if let Some(n) = g.extra_owners.get_mut(i).filter(|n| **n > 0) {
            *n -= 1;
            return;
        }
        g.free.push(frame.0);
        g.in_use = g.in_use.saturating_sub(1);
    }

    /// Each of `frames` gains one more owner (a forked address space maps it
    /// copy-on-write too). One lock for the whole batch: a fork of a large
    /// process shares many frames at once.
    pub fn share(&self, frames: impl IntoIterator<Item = u64>) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.extra_owners.is_empty() {
            g.extra_owners = vec![0; self.total_frames() as usize];
        }
        for f in frames {
            let i = self.index(f);
            if let Some(n) = g.extra_owners.get_mut(i) {
                *n += 1;
            }
        }
    }

    /// Whether `frame` has more than one owner (a write must copy it first).
    pub fn is_shared(&self, frame: Addr) -> bool {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.extra_owners
            .get(self.index(frame.0))
            .is_some_and(|&n| n > 0)
    }

    /// The index of `frame` among this allocator's frames.
    fn index(&self, frame: u64) -> usize {
        (frame.wrapping_sub(self.range.start.0) / PAGE_SIZE) as usize
    }

    /// Total frames this allocator manages.
    pub fn total_frames(&self) -> u64 {
        self.range.size() / PAGE_SIZE
    }

    /// Frames not currently handed out.
    pub fn free_frames(&self) -> u64 {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        self.total_frames() - g.in_use
    }
}
