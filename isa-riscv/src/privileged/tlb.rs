//! A set-associative TLB with ASIDs, global pages, superpages and `sfence.vma`
//! (4.2.1), counting gem5's RISC-V TLB statistics (`src/arch/riscv/tlb.cc`:
//! fetches and loads count as reads, stores and AMOs as writes).

use sim_core::{StatVisitor, Unit};

/// One cached leaf translation.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct TlbEntry {
    /// Virtual address bits above the page offset (`vaddr >> (12 + 9 × level)`).
    pub tag: u64,
    /// Address-space identifier (ignored for global entries).
    pub asid: u16,
    /// Page level: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB, 4 = 256 TiB.
    pub level: u8,
    /// The leaf PTE (its PPN and flag bits, with A and D as they are in memory).
    pub pte: u64,
    /// Physical address of the leaf PTE (to update D on a later store).
    pub pte_addr: u64,
    /// Holds a translation.
    pub valid: bool,
}

impl TlbEntry {
    /// Bytes mapped by a leaf at `level`.
    pub fn page_bytes(level: u8) -> u64 {
        1u64 << (12 + 9 * level as u32)
    }
    fn global(&self) -> bool {
        self.pte & super::mmu::PTE_G != 0
    }
    fn covers(&self, vaddr: u64) -> bool {
        vaddr >> (12 + 9 * self.level as u32) == self.tag
    }
}

/// gem5's TLB counters.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct TlbStats {
    /// Read (load and fetch) lookups that hit.
    pub read_hits: u64,
    /// Read lookups that missed.
    pub read_misses: u64,
    /// Write (store, AMO) lookups that hit.
    pub write_hits: u64,
    /// Write lookups that missed.
    pub write_misses: u64,
}

impl TlbStats {
    /// Report under gem5's names (`readHits`, ..., `accesses`).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        let (rh, rm, wh, wm) = (
            self.read_hits as f64,
            self.read_misses as f64,
            self.write_hits as f64,
            self.write_misses as f64,
        );
        let c = Unit::Count;
        v.scalar("readHits", rh, "read hits", c);
        v.scalar("readMisses", rm, "read misses", c);
        v.scalar("readAccesses", rh + rm, "read accesses", c);
        v.scalar("writeHits", wh, "write hits", c);
        v.scalar("writeMisses", wm, "write misses", c);
        v.scalar("writeAccesses", wh + wm, "write accesses", c);
        v.scalar("hits", rh + wh, "Total TLB (read and write) hits", c);
        v.scalar("misses", rm + wm, "Total TLB (read and write) misses", c);
        v.scalar(
            "accesses",
            rh + rm + wh + wm,
            "Total TLB (read and write) accesses",
            c,
        );
    }
}

/// A set-associative, least-recently-used TLB.
#[derive(Clone, Debug)]
pub struct Tlb {
    sets: usize,
    ways: usize,
    entries: Vec<TlbEntry>,
    stamps: Vec<u64>,
    clock: u64,
    /// Lookup counters.
    pub stats: TlbStats,
}

impl Tlb {
    /// `entries` entries in sets of `assoc` ways (both rounded to powers of two,
    /// at least one).
    pub fn new(entries: usize, assoc: usize) -> Self {
        let entries = entries.max(1).next_power_of_two();
        let ways = assoc.clamp(1, entries).next_power_of_two();
        Tlb {
            sets: entries / ways,
            ways,
            entries: vec![TlbEntry::default(); entries],
            stamps: vec![0; entries],
            clock: 0,
            stats: TlbStats::default(),
        }
    }

    fn set_of(&self, tag: u64, level: u8) -> std::ops::Range<usize> {
        let set = (tag ^ level as u64) as usize & (self.sets - 1);
        set * self.ways..(set + 1) * self.ways
    }

    /// Find the entry translating `vaddr` in address space `asid`, trying page
    /// levels `0..=max_level`; counts a hit or miss of a read or `write` lookup.
    pub fn lookup(
        &mut self,
        vaddr: u64,
        asid: u16,
        max_level: u8,
        write: bool,
    ) -> Option<TlbEntry> {
        let found = self.find(vaddr, asid, max_level);
        let s = &mut self.stats;
        match (found.is_some(), write) {
            (true, false) => s.read_hits += 1,
            (false, false) => s.read_misses += 1,
            (true, true) => s.write_hits += 1,
            (false, true) => s.write_misses += 1,
        }
        found.map(|i| {
            self.clock += 1;
            self.stamps[i] = self.clock;
            self.entries[i]
        })
    }

    fn find(&self, vaddr: u64, asid: u16, max_level: u8) -> Option<usize> {
        (0..=max_level).find_map(|level| {
            let tag = vaddr >> (12 + 9 * level as u32);
            self.set_of(tag, level).find(|&i| {
                let e = &self.entries[i];
                e.valid && e.level == level && e.tag == tag && (e.global() || e.asid == asid)
            })
        })
    }

    /// Cache a translation, replacing an invalid or the least recently used way.
    pub fn insert(&mut self, e: TlbEntry) {
        let range = self.set_of(e.tag, e.level);
        let same = |x: &TlbEntry| {
            x.valid && x.tag == e.tag && x.level == e.level && (x.global() || x.asid == e.asid)
        };
        let slot = range
            .clone()
            .find(|&i| same(&self.entries[i]))
            .or_else(|| range.clone().find(|&i| !self.entries[i].valid))
            .or_else(|| range.min_by_key(|&i| self.stamps[i]))
            .expect("a set has at least one way");
        self.clock += 1;
        self.entries[slot] = TlbEntry { valid: true, ..e };
        self.stamps[slot] = self.clock;
    }

    /// `sfence.vma` (4.2.1): `vaddr` `None` means every address, `asid` `None`
    /// every address space; with an ASID, global entries stay.
    pub fn flush(&mut self, vaddr: Option<u64>, asid: Option<u64>) {
        for e in &mut self.entries {
            let addr_ok = vaddr.is_none_or(|v| e.covers(v));
            let asid_ok = asid.is_none_or(|a| !e.global() && e.asid as u64 == a);
            if addr_ok && asid_ok {
                e.valid = false;
            }
        }
    }

    /// Number of valid entries.
    pub fn occupancy(&self) -> usize {
        self.entries.iter().filter(|e| e.valid).count()
    }
}
