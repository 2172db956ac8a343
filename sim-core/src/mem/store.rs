//! The backing store of simulated physical memory.
//!
//! As in gem5, memory *timing* lives in memory controllers while the *bytes* live in
//! one backing store that controllers, functional accesses (loading, syscalls) and
//! CPU backdoors all share. The store is a single zero-initialised host allocation
//! (the OS provides zero pages lazily, so a 512 MiB memory costs only what is touched).
//!
//! Sharing: the store is handed out as `Arc<BackingStore>`. A simulated system is
//! single-threaded, so interior mutability is sound as long as one system's store is
//! only used from the thread running that system; `BackingStore` is `Send` but
//! accesses are never concurrent by construction (parallel simulations each own a
//! store). Backdoor pointers stay valid for the store's lifetime: it never moves or
//! grows.

use crate::{Addr, AddrRange};
use std::cell::UnsafeCell;

/// Simulated physical memory bytes for one address range.
pub struct BackingStore {
    range: AddrRange,
    bytes: Box<[UnsafeCell<u8>]>,
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

impl BackingStore {
    /// A zeroed store covering `range`.
    pub fn new(range: AddrRange) -> Self {
        let size = range.size() as usize;
        // vec![0; n] uses calloc, which maps fresh zero pages lazily for large sizes.
        let raw: Box<[u8]> = vec![0u8; size].into_boxed_slice();
        // SAFETY: UnsafeCell<u8> has the same layout as u8.
        let bytes = unsafe { Box::from_raw(Box::into_raw(raw) as *mut [UnsafeCell<u8>]) };
        BackingStore { range, bytes }
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
        Ok(self.bytes[off].get())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_written_and_rejects_out_of_range() {
        let s = BackingStore::new(AddrRange::new(0x1000, 0x2000));
        s.write_le(Addr(0x1ffc), 4, 0xdead_beef).unwrap();
        assert_eq!(s.read_le(Addr(0x1ffc), 4).unwrap(), 0xdead_beef);
        assert_eq!(s.read_le(Addr(0x1000), 8).unwrap(), 0);
        assert!(s.read_le(Addr(0x2ffc), 8).is_err());
        assert!(s.read_le(Addr(0xfff), 1).is_err());
        assert!(s.write(Addr(0x3000), &[1]).is_err());
    }
}
