//! The page cache of `MAP_SHARED` file mappings: one frame per page of a file,
//! whichever process maps it and at whatever address.
//!
//! Linux keeps one copy of a file page (the page cache) and every shared mapping
//! of the file maps that copy, so a store through one process's mapping is seen
//! at once through every other process's mapping of the same file (a parent and
//! its forked child, two programs mapping one file, a `memfd` or `shm_open`
//! object) and by `read`. Here the cache holds, for each page of a file that
//! some address space maps shared, one frame of simulated memory; page tables of
//! every space mapping it point at that frame (each such page-table entry is one
//! more owner of the frame in the [`FrameAllocator`]).
//!
//! The host file stays the authority between the cache and the guest's file
//! I/O: before a call reads or writes a file with cached pages, the bytes the
//! guest stored into them are written to the host file ([`PageCache::sync`]);
//! after a call changed the file, the cached pages are read again
//! ([`PageCache::reload`]). `msync`, `munmap` and process exit write back too,
//! and a page no space maps any more is written back and leaves the cache
//! ([`PageCache::release_unmapped`]). Writes never grow the file: bytes of the
//! last page past the file's end stay in memory only, as Linux's do.

use super::frames::{FrameAllocator, PAGE_SIZE};
use sim_core::Addr;
use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::{Arc, Mutex};

/// A host file: its `(device, inode)`.
pub type FileKey = (u64, u64);

/// One cached page.
struct CachedPage {
    /// The frame holding the page.
    frame: u64,
    /// An open host fd of the file, to write the page back.
    fd: Arc<OwnedFd>,
    /// The page's bytes as last read from or written to the file: only bytes
    /// that differ from these are written back, so a `write` to the file after
    /// the page was loaded is not undone by a stale copy.
    synced: Box<[u8]>,
}

/// The cached pages of every file, keyed by (file, page index in the file).
#[derive(Default)]
pub struct PageCache {
    pages: Mutex<BTreeMap<(FileKey, u64), CachedPage>>,
}

/// The `(device, inode)` of host file `fd` (`None` if `fstat` fails).
pub(crate) fn file_key(fd: i32) -> Option<FileKey> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid output struct; a bad fd only makes the call fail.
    (unsafe { libc::fstat(fd, &mut st) } == 0).then_some((st.st_dev, st.st_ino))
}

/// The size and type of host file `fd` (`None` if `fstat` fails).
pub(crate) fn file_size(fd: i32) -> Option<(u64, bool)> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid output struct; a bad fd only makes the call fail.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return None;
    }
    let regular = st.st_mode & libc::S_IFMT == libc::S_IFREG;
    Some((st.st_size.max(0) as u64, regular))
}

/// Read page `index` of host file `fd` (zeros past its end).
fn read_page(fd: i32, index: u64) -> Box<[u8]> {
    let mut buf = vec![0u8; PAGE_SIZE as usize].into_boxed_slice();
    let mut done = 0usize;
    while done < buf.len() {
        let at = (index * PAGE_SIZE + done as u64) as libc::off_t;
        // SAFETY: `buf[done..]` is valid for writes of its length.
        let n = unsafe { libc::pread(fd, buf[done..].as_mut_ptr().cast(), buf.len() - done, at) };
        if n <= 0 {
            break;
        }
        done += n as usize;
    }
    buf
}

impl PageCache {
    /// Whether no page is cached (the I/O calls' fast check).
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(FileKey, u64), CachedPage>> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The frame of page `index` of file `key` (open as `fd`) for a new
    /// page-table entry, which becomes one more owner of it; the page is read
    /// from the file on first use. `None` when no frame is free.
    pub fn map_page(
        &self,
        frames: &FrameAllocator,
        key: FileKey,
        index: u64,
        fd: &Arc<OwnedFd>,
    ) -> Option<u64> {
        let mut pages = self.lock();
        if let Some(p) = pages.get(&(key, index)) {
            frames.share([p.frame]);
            return Some(p.frame);
        }
        let frame = frames.alloc()?;
        let data = read_page(fd.as_raw_fd(), index);
        // The allocator's frames lie inside its store.
        let _ = frames.store().write(frame, &data);
        pages.insert(
            (key, index),
            CachedPage {
                frame: frame.0,
                fd: Arc::clone(fd),
                synced: data,
            },
        );
        frames.share([frame.0]);
        Some(frame.0)
    }

    /// Write the bytes the guest changed in the cached pages of file `key` to
    /// the file (the part inside the file only).
    pub fn sync(&self, frames: &FrameAllocator, key: FileKey) {
        let mut pages = self.lock();
        for ((_, index), page) in pages.range_mut((key, 0)..=(key, u64::MAX)) {
            write_back(frames, *index, page);
        }
    }

    /// Read the cached pages of file `key` from the file again (after a call
    /// changed it): pages past its end read as zero.
    pub fn reload(&self, frames: &FrameAllocator, key: FileKey) {
        let mut pages = self.lock();
        for ((_, index), page) in pages.range_mut((key, 0)..=(key, u64::MAX)) {
            let data = read_page(page.fd.as_raw_fd(), *index);
            let _ = frames.store().write(Addr(page.frame), &data);
            frames.kernel_stored(Addr(page.frame), data.len());
            page.synced = data;
        }
    }

    /// Write back and drop the pages no address space maps any more (the cache
    /// is their last owner).
    pub fn release_unmapped(&self, frames: &FrameAllocator) {
        let mut pages = self.lock();
        pages.retain(|(_, index), page| {
            if frames.is_shared(Addr(page.frame)) {
                return true;
            }
            write_back(frames, *index, page);
            frames.free(Addr(page.frame));
            false
        });
    }
}

/// Write the bytes of cached page `index` that differ from its last synced copy.
fn write_back(frames: &FrameAllocator, index: u64, page: &mut CachedPage) {
    let fd = page.fd.as_raw_fd();
    let Some((size, _)) = file_size(fd) else {
        return;
    };
    let start = index * PAGE_SIZE;
    if start >= size {
        return;
    }
    let mut cur = vec![0u8; PAGE_SIZE as usize];
    if frames.store().read(Addr(page.frame), &mut cur).is_err() {
        return;
    }
    let in_file = ((size - start) as usize).min(cur.len());
    let diff = |i: &usize| cur[*i] != page.synced[*i];
    let Some(first) = (0..in_file).find(diff) else {
        return;
    };
    let last = (0..in_file).rev().find(diff).expect("a difference") + 1;
    // SAFETY: `cur[first..last]` is valid for reads of its length.
    let n = unsafe {
        libc::pwrite(
            fd,
            cur[first..].as_ptr().cast(),
            last - first,
            (start + first as u64) as libc::off_t,
        )
    };
    if n > 0 {
        let n = n as usize;
        page.synced[first..first + n].copy_from_slice(&cur[first..first + n]);
    }
}
