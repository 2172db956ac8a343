//! The backing store of simulated physical memory.
//!
//! As in gem5, memory *timing* lives in memory controllers while the *bytes* live in
//! one backing store that controllers, functional accesses (loading, syscalls) and
//! CPU backdoors all share. The store is one anonymous private host mapping made
//! with `MAP_NORESERVE`: the host kernel supplies zero pages on first touch and
//! reserves no swap for the rest, so host memory grows with the pages the guest
//! touches, not with the simulated size (gem5 maps its memories the same way), and a
//! 64 GiB memory that runs `hello` costs a few MiB. How large a store may be is
//! the board's business (`models::boards::limits`); here a mapping the host refuses
//! is an error ([`MapError`]), never an abort.
//!
//! Sharing: the store is handed out as `Arc<BackingStore>`. A simulated system is
//! single-threaded, so interior mutability is sound as long as one system's store is
//! only used from the thread running that system; `BackingStore` is `Send` but
//! accesses are never concurrent by construction (parallel simulations each own a
//! store). Backdoor pointers stay valid for the store's lifetime: it never moves or
//! grows.

use crate::{Addr, AddrRange};
use std::ptr::NonNull;

/// Simulated physical memory bytes for one address range.
pub struct BackingStore {
    range: AddrRange,
    /// First byte of the mapping (dangling, never dereferenced, when `len` is 0).
    base: NonNull<u8>,
    /// Bytes mapped: `range.size()`.
    len: usize,
}

// SAFETY: see the module docs: one system (one thread) uses a store at a time.
unsafe impl Send for BackingStore {}
unsafe impl Sync for BackingStore {}

/// A physical address outside the store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("physical address range 0x{addr:x}+{len} is outside memory {start:#x}..{end:#x}")]
pub struct OutOfRange {
    /// First address of the access.
    pub addr: u64,
    /// Length of the access.
    pub len: usize,
    /// Start of the store.
    pub start: u64,
    /// End of the store.
    pub end: u64,
}

/// The host would not map a store of this size.
#[derive(Debug, thiserror::Error)]
#[error("cannot reserve {bytes} bytes of host address space for simulated memory: {source}")]
pub struct MapError {
    /// Size asked for.
    pub bytes: u64,
    /// What the host said (`ENOMEM` when its address space or overcommit policy,
    /// `vm.overcommit_memory = 2`, does not allow it).
    pub source: std::io::Error,
}

impl BackingStore {
    /// A zeroed store covering `range`, backed lazily (see the module docs).
    pub fn new(range: AddrRange) -> Result<Self, MapError> {
        let fail = |source| MapError {
            bytes: range.size(),
            source,
        };
        let len = usize::try_from(range.size())
            .map_err(|_| fail(std::io::Error::from_raw_os_error(libc::ENOMEM)))?;
        if len == 0 {
            return Ok(BackingStore {
                range,
                base: NonNull::dangling(),
                len,
            });
        }
        // SAFETY: a fresh anonymous mapping; no existing memory is affected.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(fail(std::io::Error::last_os_error()));
        }
        let base = NonNull::new(p.cast::<u8>())
            .ok_or_else(|| fail(std::io::Error::from_raw_os_error(libc::ENOMEM)))?;
        Ok(BackingStore { range, base, len })
    }

    /// The physical range this store holds.
    pub fn range(&self) -> AddrRange {
        self.range
    }

    #[inline]
    fn check(&self, addr: Addr, len: usize) -> Result<usize, OutOfRange> {
        let off = addr.0.wrapping_sub(self.range.start.0);
        if addr.0 >= self.range.start.0
            && off
                .checked_add(len as u64)
                .is_some_and(|e| e <= self.range.size())
        {
            Ok(off as usize)
        } else {
            Err(OutOfRange {
                addr: addr.0,
                len,
                start: self.range.start.0,
                end: self.range.end.0,
            })
        }
    }

    /// Host pointer to the byte at physical address `addr` (the backdoor), checked.
    ///
    /// The pointer is valid for `len` bytes for as long as the store lives.
    #[inline]
    pub fn host_ptr(&self, addr: Addr, len: usize) -> Result<*mut u8, OutOfRange> {
        let off = self.check(addr, len)?;
        // SAFETY: `check` keeps `off + len` within the mapping of `self.len` bytes.
        Ok(unsafe { self.base.as_ptr().add(off) })
    }

    /// Copy bytes out of memory.
    pub fn read(&self, addr: Addr, buf: &mut [u8]) -> Result<(), OutOfRange> {
        let p = self.host_ptr(addr, buf.len())?;
        // SAFETY: range checked; single-threaded use (module docs).
        unsafe { std::ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), buf.len()) };
        Ok(())
    }

    /// Copy bytes into memory.
    pub fn write(&self, addr: Addr, data: &[u8]) -> Result<(), OutOfRange> {
        let p = self.host_ptr(addr, data.len())?;
        // SAFETY: range checked; single-threaded use (module docs).
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), p, data.len()) };
        Ok(())
    }

    /// Fill `len` bytes at `addr` with `value`.
    pub fn fill(&self, addr: Addr, len: usize, value: u8) -> Result<(), OutOfRange> {
        let p = self.host_ptr(addr, len)?;
        // SAFETY: range checked; single-threaded use (module docs).
        unsafe { std::ptr::write_bytes(p, value, len) };
        Ok(())
    }

    /// Read a little-endian value of `size` bytes (1, 2, 4 or 8).
    pub fn read_le(&self, addr: Addr, size: usize) -> Result<u64, OutOfRange> {
        let mut b = [0u8; 8];
        self.read(addr, &mut b[..size])?;
        Ok(u64::from_le_bytes(b))
    }

    /// Write the low `size` bytes of `v`, little-endian.
    pub fn write_le(&self, addr: Addr, size: usize, v: u64) -> Result<(), OutOfRange> {
        self.write(addr, &v.to_le_bytes()[..size])
    }
}

impl Drop for BackingStore {
    fn drop(&mut self) {
        if self.len != 0 {
            // SAFETY: the mapping made in `new`; no backdoor pointer outlives the
            // store (holders keep an `Arc` to it).
            unsafe { libc::munmap(self.base.as_ptr().cast(), self.len) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_written_and_rejects_out_of_range() {
        let s = BackingStore::new(AddrRange::new(0x1000, 0x2000)).unwrap();
        s.write_le(Addr(0x1ffc), 4, 0xdead_beef).unwrap();
        assert_eq!(s.read_le(Addr(0x1ffc), 4).unwrap(), 0xdead_beef);
        assert_eq!(s.read_le(Addr(0x1000), 8).unwrap(), 0);
        assert!(s.read_le(Addr(0x2ffc), 8).is_err());
        assert!(s.read_le(Addr(0xfff), 1).is_err());
        assert!(s.write(Addr(0x3000), &[1]).is_err());
    }

    /// Resident host memory of this process, in KiB (Linux `VmRSS`).
    fn rss_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn a_huge_store_costs_only_the_pages_touched() {
        let before = rss_kib();
        let s = BackingStore::new(AddrRange::new(0, 1 << 40)).unwrap();
        for i in 0..64u64 {
            s.write_le(Addr(i << 34), 8, i + 1).unwrap();
        }
        for i in 0..64u64 {
            assert_eq!(s.read_le(Addr(i << 34), 8).unwrap(), i + 1);
            assert_eq!(s.read_le(Addr((i << 34) + 4096), 8).unwrap(), 0);
        }
        assert!(s.read_le(Addr((1 << 40) - 8), 8).is_ok());
        let grown = rss_kib().saturating_sub(before);
        assert!(
            grown < 64 << 10,
            "1 TiB store, 128 pages touched: RSS grew {grown} KiB"
        );
    }

    #[test]
    fn a_store_the_host_cannot_map_is_an_error() {
        let e = BackingStore::new(AddrRange::new(0, 1 << 62)).err().unwrap();
        assert!(
            e.to_string()
                .starts_with("cannot reserve 4611686018427387904 bytes"),
            "{e}"
        );
        let empty = BackingStore::new(AddrRange::new(0x1000, 0)).unwrap();
        assert!(empty.read_le(Addr(0x1000), 1).is_err());
    }
}
