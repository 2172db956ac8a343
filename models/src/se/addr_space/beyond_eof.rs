//! Private file mappings past the end of their file: the pages of a
//! `MAP_PRIVATE` file mapping that lay wholly past the file's end when it was
//! mapped raise `SIGBUS` on first touch, as Linux's do (the file's bytes were
//! copied in at `mmap` time, so its size then is the one that counts here).
//! Shared file mappings check the file's current size instead (`shared_io.rs`).

use super::{AddrSpace, MemFault};
use sim_core::arch::MemAccess;

impl AddrSpace {
    /// `[start, end)` of a private file mapping lies past the end of its file.
    pub fn mark_beyond_eof(&mut self, start: u64, end: u64) {
        if start < end {
            self.beyond_eof.insert(start, end);
        }
    }

    /// `MemFault::Bus` if `va` lies in a range marked past the end of its file.
    pub(super) fn check_beyond_eof(&self, va: u64, access: MemAccess) -> Result<(), MemFault> {
        match self.beyond_eof.range(..=va).next_back() {
            Some((_, &end)) if va < end => Err(MemFault::Bus { addr: va, access }),
            _ => Ok(()),
        }
    }

    /// Forget the marks in `[start, end)` (unmapped or mapped anew).
    pub(super) fn clear_beyond_eof(&mut self, start: u64, end: u64) {
        if self.beyond_eof.is_empty() {
            return;
        }
        let hit: Vec<(u64, u64)> = self
            .beyond_eof
            .range(..end)
            .filter(|(_, &e)| e > start)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in hit {
            self.beyond_eof.remove(&s);
            if s < start {
                self.beyond_eof.insert(s, start);
            }
            if e > end {
                self.beyond_eof.insert(end, e);
            }
        }
    }

    /// Move the marks in `[old, old + len)` to `new` (`mremap`).
    pub(super) fn move_beyond_eof(&mut self, old: u64, len: u64, new: u64) {
        if self.beyond_eof.is_empty() {
            return;
        }
        let moved: Vec<(u64, u64)> = self
            .beyond_eof
            .range(..old + len)
            .filter(|(_, &e)| e > old)
            .map(|(&s, &e)| (s.max(old), e.min(old + len)))
            .collect();
        self.clear_beyond_eof(old, old + len);
        for (s, e) in moved {
            self.beyond_eof.insert(s - old + new, e - old + new);
        }
    }
}
