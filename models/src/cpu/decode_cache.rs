//! The decoded-instruction cache: PC → decoded instruction, direct-mapped.
//!
//! Decoding happens once per static instruction; the hot loop only compares a tag.
//! The cache is dropped whenever code may have changed: `fence.i` (RISC-V), a
//! `riscv_flush_icache` syscall, or a syscall that remaps memory.

const ENTRIES: usize = 1 << 14;

/// A direct-mapped cache of decoded instructions of type `T`.
pub struct DecodeCache<T: Copy> {
    tags: Box<[u64]>,
    insts: Box<[Option<T>]>,
}

impl<T: Copy> Default for DecodeCache<T> {
    fn default() -> Self {
        DecodeCache {
            tags: vec![u64::MAX; ENTRIES].into_boxed_slice(),
            insts: vec![None; ENTRIES].into_boxed_slice(),
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
        let i = Self::slot(pc);
        if self.tags[i] == pc {
            self.insts[i]
        } else {
            None
        }
    }

    /// Remember the instruction decoded at `pc`.
    #[inline]
    pub fn insert(&mut self, pc: u64, inst: T) {
        let i = Self::slot(pc);
        self.tags[i] = pc;
        self.insts[i] = Some(inst);
    }

    /// Forget everything.
    pub fn flush(&mut self) {
        self.tags.fill(u64::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_only_what_was_inserted_for_that_pc() {
        let mut c = DecodeCache::<u32>::default();
        assert_eq!(c.get(0x1000), None);
        c.insert(0x1000, 7);
        assert_eq!(c.get(0x1000), Some(7));
        assert_eq!(
            c.get(0x1000 + 2 * ENTRIES as u64),
            None,
            "an alias must miss, not return 7"
        );
        c.insert(0x1000 + 2 * ENTRIES as u64, 9);
        assert_eq!(c.get(0x1000), None);
        c.flush();
        assert_eq!(c.get(0x1000 + 2 * ENTRIES as u64), None);
    }
}
