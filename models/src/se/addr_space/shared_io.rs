//! Keeping `MAP_SHARED` file mappings and the file's fds coherent.
//!
//! A shared file mapping is a copy of the file's bytes in guest frames (see
//! [`AddrSpace::share_file`]). Linux has one copy, the page cache, so a store
//! through the mapping is seen by `read` and a `write` is seen through the
//! mapping. Here the I/O calls on a file that this address space maps shared
//! write the mapping's changed bytes to the file first
//! ([`AddrSpace::sync_file`]) and, once the file changed, read the file's bytes
//! back into the mapping ([`AddrSpace::reload_file`]).

use super::{AddrSpace, PAGE_SIZE};
use std::os::fd::AsRawFd;

impl AddrSpace {
    /// Whether any shared file mapping exists (the I/O calls' fast check).
    pub fn has_shared_files(&self) -> bool {
        !self.shared.is_empty()
    }

    /// Whether the mapping at `start` is a shared file mapping.
    pub fn is_shared_file(&self, start: u64) -> bool {
        self.shared
            .range(..=start)
            .next_back()
            .is_some_and(|(_, f)| f.end > start)
    }

    fn ranges_of(&self, key: (u64, u64)) -> Vec<(u64, u64)> {
        self.shared
            .iter()
            .filter(|(_, f)| f.key == key)
            .map(|(&s, f)| (s, f.end))
            .collect()
    }

    /// Write the changed bytes of every shared mapping of file `key` to the file.
    pub fn sync_file(&mut self, key: (u64, u64)) {
        for (s, e) in self.ranges_of(key) {
            self.sync(s, e);
        }
    }

    /// Read file `key`'s current bytes into every shared mapping of it: pages
    /// inside the file get its bytes, resident pages past its end read as zero.
    pub fn reload_file(&mut self, key: (u64, u64)) {
        for (s, e) in self.ranges_of(key) {
            let f = &self.shared[&s];
            let (fd, off) = (f.fd.clone(), f.off);
            // SAFETY: `st` is a plain C struct the call fills.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            // SAFETY: valid fd and output struct.
            if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } != 0 {
                continue;
            }
            let in_file = (st.st_size.max(0) as u64).saturating_sub(off);
            let len = (e - s).min(in_file) as usize;
            let mut data = vec![0u8; len];
            // SAFETY: `data` is valid for its length.
            let n =
                unsafe { libc::pread(fd.as_raw_fd(), data.as_mut_ptr().cast(), len, off as i64) };
            data.truncate(n.max(0) as usize);
            // Resident pages past the data read as zero again.
            let mut page = s;
            while page < e {
                let next = page + PAGE_SIZE;
                if next > s + data.len() as u64 && self.resident_in(page, next) > 0 {
                    let from = page.max(s + data.len() as u64);
                    let _ = self.poke(from, &vec![0u8; (next - from) as usize]);
                }
                page = next;
            }
            if self.poke(s, &data).is_err() {
                let _ = self.take_out_of_memory();
            }
            let f = self.shared.get_mut(&s).expect("present");
            f.synced = data;
        }
    }
}
