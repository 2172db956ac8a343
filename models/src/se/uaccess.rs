//! Guest-memory access for syscalls and the loader, as the kernel's
//! `copy_from_user`/`copy_to_user`: buffers may cross pages, every page is
//! translated with the permission the access needs, and a bad pointer is a
//! [`MemFault`] (which syscalls turn into `EFAULT`), never a host panic.
//! A page that cannot be backed for want of free frames is also remembered in
//! the address space: the process is killed for it once the syscall returns
//! (Linux's OOM killer would pick the process whose copy ran out).

use super::addr_space::{AddrSpace, MemFault};
use super::frames::PAGE_SIZE;
use sim_core::arch::MemAccess;
use sim_core::mem::BackingStore;
use sim_core::Addr;
use std::sync::Arc;

impl AddrSpace {
    /// Check that `[va, va + len)` is accessible for `access` (backing its pages),
    /// so a host operation is not started for a buffer that cannot take its result.
    pub fn check(&mut self, va: u64, len: usize, access: MemAccess) -> Result<(), MemFault> {
        self.copy(va, len, Some(access), |_, _, _| true)
    }

    /// Copy guest memory into `buf`, as the kernel's `copy_from_user`.
    pub fn read_bytes(&mut self, va: u64, buf: &mut [u8]) -> Result<(), MemFault> {
        self.copy(va, buf.len(), Some(MemAccess::Load), |pa, range, store| {
            store.read(pa, &mut buf[range]).is_ok()
        })
    }

    /// Copy `data` into guest memory, as the kernel's `copy_to_user`. Like any
    /// store, it clears the CPUs' LR reservations on the lines it writes.
    pub fn write_bytes(&mut self, va: u64, data: &[u8]) -> Result<(), MemFault> {
        self.store_bytes(va, data, Some(MemAccess::Store))
    }

    /// Write ignoring page permissions (loading read-only segments, the stack).
    pub fn poke(&mut self, va: u64, data: &[u8]) -> Result<(), MemFault> {
        self.store_bytes(va, data, None)
    }

    fn store_bytes(
        &mut self,
        va: u64,
        data: &[u8],
        access: Option<MemAccess>,
    ) -> Result<(), MemFault> {
        let frames = Arc::clone(self.frames());
        self.copy(va, data.len(), access, |pa, range, store| {
            let len = range.len();
            let ok = store.write(pa, &data[range]).is_ok();
            frames.kernel_stored(pa, len);
            ok
        })
    }

    /// `len` bytes of guest memory as a vector.
    pub fn read_vec(&mut self, va: u64, len: usize) -> Result<Vec<u8>, MemFault> {
        let mut v = vec![0; len];
        self.read_bytes(va, &mut v)?;
        Ok(v)
    }

    /// A little-endian `u64`.
    pub fn read_u64(&mut self, va: u64) -> Result<u64, MemFault> {
        let mut b = [0; 8];
        self.read_bytes(va, &mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A little-endian `u32`.
    pub fn read_u32(&mut self, va: u64) -> Result<u32, MemFault> {
        let mut b = [0; 4];
        self.read_bytes(va, &mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    /// Store a little-endian `u64`.
    pub fn write_u64(&mut self, va: u64, v: u64) -> Result<(), MemFault> {
        self.write_bytes(va, &v.to_le_bytes())
    }

    /// Store a little-endian `u32`.
    pub fn write_u32(&mut self, va: u64, v: u32) -> Result<(), MemFault> {
        self.write_bytes(va, &v.to_le_bytes())
    }

    /// A NUL-terminated string (without the NUL) of at most `max` bytes.
    pub fn read_cstr(&mut self, va: u64, max: usize) -> Result<Vec<u8>, MemFault> {
        let mut out = Vec::new();
        let mut cur = va;
        loop {
            let chunk = (PAGE_SIZE - (cur & (PAGE_SIZE - 1))) as usize;
            let fault = MemFault::Bad {
                addr: cur,
                access: MemAccess::Load,
            };
            let pa = self.translate_noting(cur, Some(MemAccess::Load))?;
            let mut buf = vec![0; chunk];
            self.frames()
                .store()
                .read(pa, &mut buf)
                .map_err(|_| fault)?;
            if let Some(n) = buf.iter().position(|&b| b == 0) {
                out.extend_from_slice(&buf[..n]);
                break;
            }
            out.extend_from_slice(&buf);
            if out.len() > max {
                return Err(MemFault::TooLong { addr: va, max });
            }
            cur = cur.checked_add(chunk as u64).ok_or(fault)?;
        }
        if out.len() > max {
            return Err(MemFault::TooLong { addr: va, max });
        }
        Ok(out)
    }

    /// [`AddrSpace::translate_as`], remembering an out-of-memory fault.
    fn translate_noting(&mut self, va: u64, access: Option<MemAccess>) -> Result<Addr, MemFault> {
        self.translate_as(va, access).inspect_err(|&f| {
            self.note_out_of_memory(f);
        })
    }

    /// Walk `[va, va + len)` page by page, calling `f(paddr, buf_range, store)`.
    fn copy(
        &mut self,
        va: u64,
        len: usize,
        access: Option<MemAccess>,
        mut f: impl FnMut(Addr, std::ops::Range<usize>, &BackingStore) -> bool,
    ) -> Result<(), MemFault> {
        let acc = access.unwrap_or(MemAccess::Store);
        if va.checked_add(len as u64).is_none() {
            return Err(MemFault::Bad {
                addr: va,
                access: acc,
            });
        }
        let frames = Arc::clone(self.frames());
        let mut done = 0usize;
        while done < len {
            let cur = va + done as u64;
            let n = ((PAGE_SIZE - (cur & (PAGE_SIZE - 1))) as usize).min(len - done);
            let fault = MemFault::Bad {
                addr: cur,
                access: acc,
            };
            let pa = self.translate_noting(cur, access)?;
            if !f(pa, done..done + n, frames.store()) {
                return Err(fault);
            }
            done += n;
        }
        Ok(())
    }
}
