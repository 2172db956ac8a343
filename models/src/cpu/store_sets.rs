//! Store-set memory-dependence prediction for an out-of-order core (gem5's
//! `StoreSet`, after Chrysos and Emer): loads and stores that once caused a
//! memory-order violation are put in the same store set (the SSIT maps a PC
//! to its set); the LFST holds each set's last fetched store, which a later
//! load or store of the set must wait for. The tables are cleared every
//! `store_set_clear_period` memory instructions so stale sets do not
//! serialize forever.

use std::collections::BTreeMap;

/// `SSITSize`, `LFSTSize`, `store_set_clear_period` (gem5's O3CPU parameters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreSetParams {
    /// Store set ID table entries (a power of two).
    pub ssit_size: u32,
    /// Last fetched store table entries (a power of two).
    pub lfst_size: u32,
    /// Memory instructions inserted between clears.
    pub clear_period: u64,
}

impl Default for StoreSetParams {
    fn default() -> Self {
        StoreSetParams {
            ssit_size: 1024,
            lfst_size: 1024,
            clear_period: 250_000,
        }
    }
}

impl StoreSetParams {
    /// gem5 requires power-of-two table sizes.
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in [("SSITSize", self.ssit_size), ("LFSTSize", self.lfst_size)] {
            if !v.is_power_of_two() {
                return Err(format!("{name}: is {v}; allowed values: a power of two"));
            }
        }
        Ok(())
    }
}

/// The predictor's tables (one per core; gem5 shares it among threads too).
#[derive(Clone, Debug)]
pub struct StoreSets {
    /// Store set of each PC slot.
    ssit: Vec<Option<u32>>,
    /// Last fetched store (sequence number) of each set.
    lfst: Vec<Option<u64>>,
    /// In-flight stores that wrote the LFST: sequence number → set.
    stores: BTreeMap<u64, u32>,
    clear_period: u64,
    mem_ops: u64,
}

impl StoreSets {
    /// Empty tables (`p` already checked).
    pub fn new(p: &StoreSetParams) -> Self {
        StoreSets {
            ssit: vec![None; p.ssit_size.max(1).next_power_of_two() as usize],
            lfst: vec![None; p.lfst_size.max(1).next_power_of_two() as usize],
            stores: BTreeMap::new(),
            clear_period: p.clear_period,
            mem_ops: 0,
        }
    }

    fn index(&self, pc: u64) -> usize {
        ((pc >> 2) as usize) & (self.ssit.len() - 1)
    }

    fn new_set(&self, pc: u64) -> u32 {
        ((pc ^ (pc >> 10)) % self.lfst.len() as u64) as u32
    }

    fn check_clear(&mut self) {
        self.mem_ops += 1;
        if self.mem_ops > self.clear_period {
            self.mem_ops = 0;
            self.clear();
        }
    }

    /// The store (sequence number) the load or store at `pc` must wait for,
    /// if its set has one in flight.
    pub fn check_inst(&self, pc: u64) -> Option<u64> {
        self.ssit[self.index(pc)].and_then(|set| self.lfst[set as usize])
    }

    /// A load entered the instruction queue (it only counts towards a clear).
    pub fn insert_load(&mut self, _pc: u64, _seq: u64) {
        self.check_clear();
    }

    /// A store entered the instruction queue: it becomes its set's last
    /// fetched store.
    pub fn insert_store(&mut self, pc: u64, seq: u64) {
        self.check_clear();
        if let Some(set) = self.ssit[self.index(pc)] {
            self.lfst[set as usize] = Some(seq);
            self.stores.insert(seq, set);
        }
    }

    /// The instruction `seq` at `pc` issued; a store that is still its set's
    /// last fetched store no longer holds anyone back.
    pub fn issued(&mut self, pc: u64, seq: u64, is_store: bool) {
        if !is_store {
            return;
        }
        self.stores.remove(&seq);
        if let Some(set) = self.ssit[self.index(pc)] {
            if self.lfst[set as usize] == Some(seq) {
                self.lfst[set as usize] = None;
            }
        }
    }

    /// The load at `load_pc` read before the older store at `store_pc` wrote:
    /// put both in one set (a new one, the one either has, or, if both have
    /// one, the lower-numbered).
    pub fn violation(&mut self, store_pc: u64, load_pc: u64) {
        let (li, si) = (self.index(load_pc), self.index(store_pc));
        match (self.ssit[li], self.ssit[si]) {
            (None, None) => {
                let set = self.new_set(load_pc);
                self.ssit[li] = Some(set);
                self.ssit[si] = Some(set);
            }
            (Some(l), None) => self.ssit[si] = Some(l),
            (None, Some(s)) => self.ssit[li] = Some(s),
            (Some(l), Some(s)) => {
                if s > l {
                    self.ssit[si] = Some(l);
                } else {
                    self.ssit[li] = Some(s);
                }
            }
        }
    }

    /// Instructions younger than `squashed_seq` were squashed: their stores
    /// stop being last fetched stores.
    pub fn squash(&mut self, squashed_seq: u64) {
        let younger = self.stores.split_off(&(squashed_seq + 1));
        for (_, set) in younger {
            let e = &mut self.lfst[set as usize];
            if e.is_some_and(|s| s > squashed_seq) {
                *e = None;
            }
        }
    }

    /// Forget every set.
    pub fn clear(&mut self) {
        self.ssit.fill(None);
        self.lfst.fill(None);
        self.stores.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOAD: u64 = 0x1000;
    const STORE: u64 = 0x2000;

    fn sets() -> StoreSets {
        StoreSets::new(&StoreSetParams::default())
    }

    #[test]
    fn no_dependence_until_a_violation() {
        let mut s = sets();
        s.insert_store(STORE, 10);
        assert_eq!(s.check_inst(LOAD), None);
        s.violation(STORE, LOAD);
        // The store was fetched before its set existed: nothing to wait for yet.
        assert_eq!(s.check_inst(LOAD), None);
        s.insert_store(STORE, 20);
        assert_eq!(s.check_inst(LOAD), Some(20));
        s.insert_load(LOAD, 21);
        // Once the store issues, the load may go.
        s.issued(STORE, 20, true);
        assert_eq!(s.check_inst(LOAD), None);
    }

    #[test]
    fn the_last_fetched_store_is_the_one_to_wait_for() {
        let mut s = sets();
        s.violation(STORE, LOAD);
        s.insert_store(STORE, 5);
        s.insert_store(STORE, 6);
        assert_eq!(s.check_inst(LOAD), Some(6));
        // Issuing the older one does not release the set.
        s.issued(STORE, 5, true);
        assert_eq!(s.check_inst(LOAD), Some(6));
        // A load issuing changes nothing.
        s.issued(LOAD, 7, false);
        assert_eq!(s.check_inst(LOAD), Some(6));
    }

    #[test]
    fn violations_merge_sets_into_the_lower_numbered() {
        let mut s = sets();
        let (load2, store2) = (0x1040, 0x2040);
        s.violation(STORE, LOAD);
        s.violation(store2, load2);
        let set_a = s.ssit[s.index(LOAD)].unwrap();
        let set_b = s.ssit[s.index(load2)].unwrap();
        assert_ne!(set_a, set_b);
        // load2 also depends on STORE: whichever set number is lower wins.
        s.violation(STORE, load2);
        let merged = set_a.min(set_b);
        let (now_store, now_load2) = (
            s.ssit[s.index(STORE)].unwrap(),
            s.ssit[s.index(load2)].unwrap(),
        );
        assert_eq!(now_store, now_load2);
        assert_eq!(now_store, merged);
        // A store joining an existing set takes that set.
        let store3 = 0x2080;
        s.violation(store3, LOAD);
        assert_eq!(s.ssit[s.index(store3)], s.ssit[s.index(LOAD)]);
    }

    #[test]
    fn a_squash_forgets_younger_stores_only() {
        let mut s = sets();
        s.violation(STORE, LOAD);
        s.insert_store(STORE, 30);
        s.squash(29);
        assert_eq!(s.check_inst(LOAD), None, "store 30 was squashed");
        s.insert_store(STORE, 40);
        s.squash(40);
        assert_eq!(
            s.check_inst(LOAD),
            Some(40),
            "store 40 is not younger than 40"
        );
    }

    #[test]
    fn tables_clear_after_the_period() {
        let mut s = StoreSets::new(&StoreSetParams {
            clear_period: 3,
            ..StoreSetParams::default()
        });
        s.violation(STORE, LOAD);
        s.insert_store(STORE, 1);
        s.insert_load(LOAD, 2);
        s.insert_load(LOAD, 3);
        assert_eq!(s.check_inst(LOAD), Some(1));
        s.insert_load(LOAD, 4); // the 4th memory instruction passes the period
        assert_eq!(s.check_inst(LOAD), None);
        s.insert_store(STORE, 5);
        assert_eq!(s.check_inst(LOAD), None, "the sets were forgotten too");
    }

    #[test]
    fn sizes_must_be_powers_of_two() {
        let p = StoreSetParams {
            ssit_size: 1000,
            ..StoreSetParams::default()
        };
        assert_eq!(
            p.check().unwrap_err(),
            "SSITSize: is 1000; allowed values: a power of two"
        );
    }
}
