//! Physical register files and the rename map (gem5's `PhysRegFile`,
//! `UnifiedRenameMap` and `UnifiedFreeList`): one index space for the
//! integer, floating-point and condition-code files, a map from each
//! architectural register to its current physical register, a free list per
//! class, and per physical register the cycle its value is ready and the
//! instructions waiting for it.

use super::dyn_inst::{NEVER, NO_PHYS};
use sim_core::arch::{ArchRegs, RegClass, RegId};

/// Position of a renamed class (integer, floating point, condition code) in
/// the per-class tables, or `None` (misc registers are not renamed).
#[inline]
pub(super) fn class_slot(c: RegClass) -> Option<usize> {
    match c {
        RegClass::Int => Some(0),
        RegClass::Float => Some(1),
        RegClass::CondCode => Some(2),
        _ => None,
    }
}

/// The register files, map and free lists.
#[derive(Clone, Debug)]
pub(super) struct RegFile {
    pub values: Vec<u64>,
    /// Cycle each value is ready; `NEVER` until its producer has issued.
    pub ready_at: Vec<u64>,
    /// Instructions (slot, seq) waiting for each register.
    pub waiters: Vec<Vec<(u16, u64)>>,
    base: [u16; 3],
    arch: [u16; 3],
    map: [Vec<u16>; 3],
    free: [Vec<u16>; 3],
    phys_count: [u32; 3],
}

impl RegFile {
    /// Files of `phys[c]` registers for `arch[c]` architectural ones per class.
    pub fn new(phys: [u32; 3], arch: [u16; 3]) -> Self {
        let total: u32 = phys.iter().sum();
        let mut base = [0u16; 3];
        let mut at = 0u32;
        for c in 0..3 {
            base[c] = at as u16;
            at += phys[c];
        }
        let free = [0, 1, 2].map(|c| Vec::with_capacity(phys[c] as usize));
        RegFile {
            values: vec![0; total as usize],
            ready_at: vec![0; total as usize],
            waiters: vec![Vec::new(); total as usize],
            base,
            arch,
            map: [0, 1, 2].map(|c| vec![0; arch[c] as usize]),
            free,
            phys_count: phys,
        }
    }

    /// Reset to the architectural state `regs`: each architectural register
    /// maps to its own physical one, holding its value; the rest are free.
    pub fn rebuild<R: ArchRegs>(&mut self, regs: &R) {
        for c in 0..3 {
            let (base, arch, phys) = (self.base[c], self.arch[c], self.phys_count[c] as u16);
            for i in 0..arch {
                let p = base + i;
                self.map[c][i as usize] = p;
                self.values[p as usize] = match c {
                    0 => regs.int(i),
                    1 => regs.float(i),
                    _ => regs.cc(i),
                };
                self.ready_at[p as usize] = 0;
                self.waiters[p as usize].clear();
            }
            self.free[c].clear();
            self.free[c].extend((arch..phys).rev().map(|i| base + i));
        }
    }

    /// The physical register `r` maps to (`NO_PHYS` for unrenamed classes or
    /// indices beyond the ISA's).
    #[inline]
    pub fn lookup(&self, r: RegId) -> u16 {
        match class_slot(r.class) {
            Some(c) => self.map[c]
                .get(r.index as usize)
                .copied()
                .unwrap_or(NO_PHYS),
            None => NO_PHYS,
        }
    }

    /// Free registers of the class of slot `c`.
    #[inline]
    pub fn free_count(&self, c: usize) -> usize {
        self.free[c].len()
    }

    /// Map `r` to a fresh physical register; returns (new, previous).
    #[inline]
    pub fn rename_dest(&mut self, r: RegId) -> (u16, u16) {
        let Some(c) = class_slot(r.class) else {
            return (NO_PHYS, NO_PHYS);
        };
        let Some(prev) = self.map[c].get(r.index as usize).copied() else {
            return (NO_PHYS, NO_PHYS);
        };
        let p = self.free[c].pop().expect("rename checked the free list");
        self.map[c][r.index as usize] = p;
        self.ready_at[p as usize] = NEVER;
        self.waiters[p as usize].clear();
        (p, prev)
    }

    /// Undo a rename (squash): `r` maps to `prev` again and `new` is free.
    #[inline]
    pub fn undo(&mut self, r: RegId, new: u16, prev: u16) {
        if new == NO_PHYS {
            return;
        }
        if let Some(c) = class_slot(r.class) {
            self.map[c][r.index as usize] = prev;
            self.free[c].push(new);
        }
    }

    /// A committed instruction overwrote `r`: its previous register is free.
    #[inline]
    pub fn release(&mut self, r: RegId, prev: u16) {
        if prev == NO_PHYS {
            return;
        }
        if let Some(c) = class_slot(r.class) {
            self.free[c].push(prev);
        }
    }
}
