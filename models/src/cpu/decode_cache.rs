//! The decoded-instruction cache: PC → decoded instruction, direct-mapped.
//!
//! Decoding happens once per static instruction; the hot loop only compares a tag.
//! Each entry also keeps the instruction's [`InstFlags`], so CPUs that branch on
//! them (the timing CPU: is this a memory instruction?) do not recompute them.
//! The cache is dropped whenever code may have changed: `fence.i` (RISC-V), a
//! `riscv_flush_icache` syscall, or a syscall that remaps memory.

use sim_core::arch::InstFlags;

const ENTRIES: usize = 1 << 14;

/// One slot: the PC it holds (`u64::MAX`: none), that PC's instruction and its
/// flags.
#[derive(Copy, Clone)]
struct Entry<T: Copy> {
    tag: u64,
    inst: Option<T>,
    flags: InstFlags,
}

/// A direct-mapped cache of decoded instructions of type `T`.
pub struct DecodeCache<T: Copy> {
    /// Tag and instruction side by side (one cache line per lookup); a fixed
    /// length so the masked index needs no bounds check.
    entries: Box<[Entry<T>; ENTRIES]>,
}

impl<T: Copy> Default for DecodeCache<T> {
    fn default() -> Self {
        let empty = Entry {
            tag: u64::MAX,
            inst: None,
            flags: InstFlags::NONE,
        };
        let entries = vec![empty; ENTRIES].into_boxed_slice();
        DecodeCache {
            entries: entries
                .try_into()
                .ok()
                .expect("the vector has ENTRIES slots"),
        }
    }
}

impl<T: Copy> DecodeCache<T> {
    #[inline(always)]
    fn slot(pc: u64) -> usize {
        ((pc >> 1) as usize) & (ENTRIES - 1)
    }

    /// The cached instruction at `pc`, if any.
    #[inline(always)]
    pub fn get(&self, pc: u64) -> Option<T> {
        let e = &self.entries[Self::slot(pc)];
        if e.tag == pc {
            e.inst
        } else {
            None
        }
    }

    /// The cached instruction at `pc` with the flags it was inserted with, if any.
    #[inline(always)]
    pub fn get_flagged(&self, pc: u64) -> Option<(T, InstFlags)> {
        let e = &self.entries[Self::slot(pc)];
        match e.inst {
            Some(i) if e.tag == pc => Some((i, e.flags)),
            _ => None,
        }
    }

    /// Remember the instruction decoded at `pc` and its flags.
    #[inline]
    pub fn insert(&mut self, pc: u64, inst: T, flags: InstFlags) {
        self.entries[Self::slot(pc)] = Entry {
            tag: pc,
            inst: Some(inst),
            flags,
        };
    }

    /// Forget everything.
    pub fn flush(&mut self) {
        for e in self.entries.iter_mut() {
            e.tag = u64::MAX;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_only_what_was_inserted_for_that_pc() {
        let mut c = DecodeCache::<u32>::default();
        assert_eq!(c.get(0x1000), None);
        c.insert(0x1000, 7, InstFlags::LOAD);
        assert_eq!(c.get(0x1000), Some(7));
        assert_eq!(c.get_flagged(0x1000), Some((7, InstFlags::LOAD)));
        assert_eq!(c.get_flagged(0x1002), None);
        assert_eq!(
            c.get(0x1000 + 2 * ENTRIES as u64),
            None,
            "an alias must miss, not return 7"
        );
        c.insert(0x1000 + 2 * ENTRIES as u64, 9, InstFlags::NONE);
        assert_eq!(c.get(0x1000), None);
        c.flush();
        assert_eq!(c.get(0x1000 + 2 * ENTRIES as u64), None);
    }
}
