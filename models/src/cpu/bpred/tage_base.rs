//! gem5's `TAGEBase`: a bimodal table and `nHistoryTables` partially tagged
//! tables indexed by geometrically longer global histories (folded into the
//! index and tag widths), with the use-alternate-on-newly-allocated counter and
//! the periodic reset of the useful bits. The global history is updated
//! speculatively at prediction; each prediction's [`TageInfo`] keeps what a
//! squash needs to restore it.

use super::tage_history::{ctr8_update, ctr_update, shr, u_update, Folded, GlobalHist};
use super::tage_params::TageParams;
use super::tage_stats::TageStats;

/// One tagged-table entry (gem5's `TageEntry`).
#[derive(Copy, Clone, Debug, Default)]
struct TageEntry {
    ctr: i8,
    tag: u16,
    u: u8,
}

/// Which table gave the prediction (gem5's provider types, for the stats).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    /// No tagged table hit.
    BimodalOnly,
    /// The longest matching table.
    LongestMatch,
    /// The bimodal table, as the alternate of a newly allocated entry.
    BimodalAltMatch,
    /// The next-longest matching table.
    AltMatch,
}

/// What one prediction found and what a squash restores (gem5's
/// `TAGEBase::BranchInfo`).
#[derive(Clone, Debug)]
pub struct TageInfo {
    path_hist: u32,
    path_hist_before: u32,
    spec_updated: bool,
    pt_ghist: usize,
    pub(super) hit_bank: usize,
    hit_bank_index: usize,
    pub(super) alt_bank: usize,
    alt_bank_index: usize,
    bimodal_index: usize,
    /// The TAGE prediction.
    pub tage_pred: bool,
    pub(super) alt_taken: bool,
    /// True for a conditional branch (only those use and train the tables).
    pub cond_branch: bool,
    pub(super) longest_match_pred: bool,
    pseudo_new_alloc: bool,
    pub(super) provider: Provider,
    /// Table indices, tags, and the folded index/tag histories before this
    /// branch's history update: five runs of `nHistoryTables + 1`.
    saved: Vec<u32>,
}

/// The TAGE tables and histories of one thread.
#[derive(Clone, Debug)]
pub struct TageBase {
    p: TageParams,
    pub(super) n: usize,
    hist_lengths: Vec<u32>,
    no_skip: Vec<bool>,
    btable_pred: Vec<bool>,
    btable_hyst: Vec<bool>,
    gtable: Vec<Vec<TageEntry>>,
    use_alt_on_na: Vec<i32>,
    t_counter: i64,
    path_hist: u32,
    ghist: GlobalHist,
    ci: Vec<Folded>,
    ct0: Vec<Folded>,
    ct1: Vec<Folded>,
    pub(super) stats: TageStats,
}

impl TageBase {
    /// Tables and histories in their reset state (`params` already checked).
    pub fn new(params: &TageParams) -> Self {
        let p = params.clone();
        let n = p.n_history_tables as usize;
        let mut hist_lengths = vec![0u32; n + 1];
        hist_lengths[1] = p.min_hist;
        hist_lengths[n] = p.max_hist;
        for (i, len) in hist_lengths.iter_mut().enumerate().skip(2) {
            let ratio = p.max_hist as f64 / p.min_hist as f64;
            let e = (i - 1) as f64 / (n as f64 - 1.0);
            *len = (p.min_hist as f64 * ratio.powf(e) + 0.5) as u32;
        }
        let no_skip = if p.no_skip.is_empty() {
            vec![true; n + 1]
        } else {
            p.no_skip.clone()
        };
        let mut ci = vec![Folded::default(); n + 1];
        let mut ct0 = ci.clone();
        let mut ct1 = ci.clone();
        for i in 1..=n {
            ci[i] = Folded::new(hist_lengths[i], p.log_tag_table_sizes[i]);
            ct0[i] = Folded::new(hist_lengths[i], p.tag_table_tag_widths[i]);
            ct1[i] = Folded::new(hist_lengths[i], p.tag_table_tag_widths[i].saturating_sub(1));
        }
        let bimodal = 1usize << p.log_tag_table_sizes[0];
        let gtable = (0..=n)
            .map(|i| {
                let size = if i == 0 {
                    0
                } else {
                    1 << p.log_tag_table_sizes[i]
                };
                vec![TageEntry::default(); size]
            })
            .collect();
        TageBase {
            n,
            no_skip,
            btable_pred: vec![false; bimodal],
            btable_hyst: vec![true; bimodal >> p.log_ratio_bimodal_hyst_entries],
            gtable,
            use_alt_on_na: vec![0; p.num_use_alt_on_na as usize],
            t_counter: p.initial_t_counter_value,
            path_hist: 0,
            ghist: GlobalHist {
                bits: vec![0; (p.hist_buffer_size as usize).next_power_of_two()],
                pt: 0,
            },
            ci,
            ct0,
            ct1,
            stats: TageStats::new(n),
            hist_lengths,
            p,
        }
    }

    /// The history length of each table (index 0, the bimodal table, has none).
    pub fn hist_lengths(&self) -> &[u32] {
        &self.hist_lengths
    }

    fn log_size(&self, bank: usize) -> i32 {
        self.p.log_tag_table_sizes[bank] as i32
    }

    /// gem5's path-history hash `F`.
    fn f(&self, a: i32, size: u32, bank: usize) -> i32 {
        let ls = self.log_size(bank);
        let b = bank as i32;
        let lmask = (1i32 << ls) - 1;
        let a = a & ((1i64 << size) - 1) as i32;
        let a1 = a & lmask;
        let mut a2 = a >> ls;
        a2 = ((a2 << b) & lmask) + shr(a2, ls - b);
        let a = a1 ^ a2;
        ((a << b) & lmask) + shr(a, ls - b)
    }

    fn gindex(&self, pc: u64, bank: usize) -> usize {
        let hlen = self.hist_lengths[bank].min(self.p.path_hist_bits);
        let spc = (pc >> self.p.inst_shift_amt) as u32 as i32;
        let ls = self.log_size(bank);
        let index = spc
            ^ shr(spc, (ls - bank as i32).abs() + 1)
            ^ self.ci[bank].comp as i32
            ^ self.f(self.path_hist as i32, hlen, bank);
        (index & ((1i32 << ls) - 1)) as usize
    }

    fn gtag(&self, pc: u64, bank: usize) -> u16 {
        let tag = ((pc >> self.p.inst_shift_amt) as u32)
            ^ self.ct0[bank].comp
            ^ (self.ct1[bank].comp << 1);
        (tag & ((1u32 << self.p.tag_table_tag_widths[bank]) - 1)) as u16
    }

    /// A fresh record for a branch at `pc` (gem5's `makeBranchInfo`).
    fn info(&self) -> TageInfo {
        TageInfo {
            path_hist: 0,
            path_hist_before: 0,
            spec_updated: false,
            pt_ghist: 0,
            hit_bank: 0,
            hit_bank_index: 0,
            alt_bank: 0,
            alt_bank_index: 0,
            bimodal_index: 0,
            tage_pred: false,
            alt_taken: false,
            cond_branch: false,
            longest_match_pred: false,
            pseudo_new_alloc: false,
            provider: Provider::BimodalOnly,
            saved: vec![0; 5 * (self.n + 1)],
        }
    }

    /// Predict the branch at `pc` (gem5's `tagePredict`): unconditional
    /// branches are taken and only get a record for the history update.
    pub fn predict(&self, pc: u64, cond_branch: bool) -> (bool, TageInfo) {
        let mut bi = self.info();
        bi.cond_branch = cond_branch;
        if !cond_branch {
            return (true, bi);
        }
        let n = self.n;
        for i in 1..=n {
            bi.saved[i] = self.gindex(pc, i) as u32;
            bi.saved[n + 1 + i] = self.gtag(pc, i) as u32;
        }
        bi.bimodal_index =
            ((pc >> self.p.inst_shift_amt) as usize) & ((1 << self.p.log_tag_table_sizes[0]) - 1);
        let hits = |i: usize| {
            self.no_skip[i]
                && self.gtable[i][bi.saved[i] as usize].tag == bi.saved[n + 1 + i] as u16
        };
        if let Some(h) = (1..=n).rev().find(|&i| hits(i)) {
            bi.hit_bank = h;
            bi.hit_bank_index = bi.saved[h] as usize;
            if let Some(a) = (1..h).rev().find(|&i| hits(i)) {
                bi.alt_bank = a;
                bi.alt_bank_index = bi.saved[a] as usize;
            }
        }
        let bimodal = self.btable_pred[bi.bimodal_index];
        if bi.hit_bank > 0 {
            bi.alt_taken = if bi.alt_bank > 0 {
                self.gtable[bi.alt_bank][bi.alt_bank_index].ctr >= 0
            } else {
                bimodal
            };
            let ctr = self.gtable[bi.hit_bank][bi.hit_bank_index].ctr as i32;
            bi.longest_match_pred = ctr >= 0;
            bi.pseudo_new_alloc = (2 * ctr + 1).abs() <= 1;
            if self.use_alt_on_na[0] < 0 || !bi.pseudo_new_alloc {
                bi.tage_pred = bi.longest_match_pred;
                bi.provider = Provider::LongestMatch;
            } else {
                bi.tage_pred = bi.alt_taken;
                bi.provider = if bi.alt_bank > 0 {
                    Provider::AltMatch
                } else {
                    Provider::BimodalAltMatch
                };
            }
        } else {
            bi.alt_taken = bimodal;
            bi.tage_pred = bimodal;
            bi.longest_match_pred = bimodal;
            bi.provider = Provider::BimodalOnly;
        }
        (bi.tage_pred, bi)
    }

    fn base_update(&mut self, taken: bool, bi: &TageInfo) {
        let hi = bi.bimodal_index >> self.p.log_ratio_bimodal_hyst_entries;
        let mut inter =
            ((self.btable_pred[bi.bimodal_index] as u8) << 1) + self.btable_hyst[hi] as u8;
        if taken {
            inter = (inter + 1).min(3);
        } else {
            inter = inter.saturating_sub(1);
        }
        self.btable_pred[bi.bimodal_index] = inter >> 1 != 0;
        self.btable_hyst[hi] = inter & 1 != 0;
    }

    /// Shift `taken` into the histories (gem5's `updateHistories`); with
    /// `speculative` the record keeps what a squash restores. Histories update
    /// either at prediction (`speculativeHistUpdate`) or at commit, never both.
    pub fn update_histories(&mut self, pc: u64, taken: bool, bi: &mut TageInfo, speculative: bool) {
        if speculative != self.p.speculative_hist_update {
            return;
        }
        let pathbit = ((pc >> self.p.inst_shift_amt) & 1) as u32;
        if speculative {
            bi.path_hist_before = self.path_hist;
            bi.spec_updated = true;
        }
        self.ghist.push(taken);
        self.path_hist = ((self.path_hist << 1) + pathbit) & ((1u32 << self.p.path_hist_bits) - 1);
        let n = self.n;
        if speculative {
            bi.pt_ghist = self.ghist.pt;
            bi.path_hist = self.path_hist;
        }
        for i in 1..=n {
            if speculative {
                bi.saved[2 * (n + 1) + i] = self.ci[i].comp;
                bi.saved[3 * (n + 1) + i] = self.ct0[i].comp;
                bi.saved[4 * (n + 1) + i] = self.ct1[i].comp;
            }
            self.ci[i].update(&self.ghist);
            self.ct0[i].update(&self.ghist);
            self.ct1[i].update(&self.ghist);
        }
    }

    /// Undo the histories back to just after `bi`'s branch, with its real
    /// direction `taken` (gem5's `squash`): a mispredicted branch.
    pub fn squash(&mut self, taken: bool, bi: &TageInfo) {
        if !self.p.speculative_hist_update {
            return;
        }
        self.path_hist = bi.path_hist;
        self.ghist.pt = bi.pt_ghist;
        let pt = self.ghist.pt;
        self.ghist.bits[pt] = taken as u8;
        let n = self.n;
        for i in 1..=n {
            self.ci[i].comp = bi.saved[2 * (n + 1) + i];
            self.ct0[i].comp = bi.saved[3 * (n + 1) + i];
            self.ct1[i].comp = bi.saved[4 * (n + 1) + i];
            self.ci[i].update(&self.ghist);
            self.ct0[i].update(&self.ghist);
            self.ct1[i].update(&self.ghist);
        }
    }

    /// Restore the histories to just before `bi`'s branch (a wrong-path branch
    /// removed by a squash; gem5 restores through the oldest such branch's
    /// mispredicted parent instead, to the same state).
    pub fn restore_before(&mut self, bi: &TageInfo) {
        if !bi.spec_updated {
            return;
        }
        self.path_hist = bi.path_hist_before;
        let len = self.ghist.bits.len();
        self.ghist.pt = (bi.pt_ghist + 1) & (len - 1);
        let n = self.n;
        for i in 1..=n {
            self.ci[i].comp = bi.saved[2 * (n + 1) + i];
            self.ct0[i].comp = bi.saved[3 * (n + 1) + i];
            self.ct1[i].comp = bi.saved[4 * (n + 1) + i];
        }
    }

    /// Train the tables with a committed conditional branch's outcome (gem5's
    /// `condBranchUpdate`); `nrand` is the 2-bit random allocation choice.
    pub fn cond_branch_update(&mut self, taken: bool, bi: &TageInfo, nrand: u32) {
        let n = self.n;
        let mut alloc = bi.tage_pred != taken && bi.hit_bank < n;
        if bi.hit_bank > 0 && bi.pseudo_new_alloc {
            if bi.longest_match_pred == taken {
                alloc = false;
            }
            if bi.longest_match_pred != bi.alt_taken {
                ctr_update(
                    &mut self.use_alt_on_na[0],
                    bi.alt_taken == taken,
                    self.p.use_alt_on_na_bits,
                );
            }
        }
        if alloc {
            let min = (bi.hit_bank + 1..=n)
                .map(|i| self.gtable[i][bi.saved[i] as usize].u)
                .fold(1u8, u8::min);
            let span = n - bi.hit_bank - 1;
            let y = nrand & ((1u32 << span) - 1);
            let mut x = bi.hit_bank + 1;
            if y & 1 != 0 {
                x += 1;
                if y & 2 != 0 {
                    x += 1;
                }
            }
            if min > 0 {
                self.gtable[x][bi.saved[x] as usize].u = 0;
            }
            let mut allocated = 0;
            for i in x..=n {
                let e = &mut self.gtable[i][bi.saved[i] as usize];
                if e.u == 0 {
                    e.tag = bi.saved[n + 1 + i] as u16;
                    e.ctr = if taken { 0 } else { -1 };
                    allocated += 1;
                    if allocated == self.p.max_num_alloc {
                        break;
                    }
                }
            }
        }
        self.t_counter += 1;
        if self.t_counter & ((1i64 << self.p.log_u_reset_period) - 1) == 0 {
            for table in self.gtable.iter_mut().skip(1) {
                for e in table.iter_mut() {
                    e.u >>= 1;
                }
            }
        }
        if bi.hit_bank > 0 {
            let bits = self.p.tag_table_counter_bits;
            let e = &mut self.gtable[bi.hit_bank][bi.hit_bank_index];
            ctr8_update(&mut e.ctr, taken, bits);
            if e.u == 0 {
                if bi.alt_bank > 0 {
                    ctr8_update(
                        &mut self.gtable[bi.alt_bank][bi.alt_bank_index].ctr,
                        taken,
                        bits,
                    );
                } else {
                    self.base_update(taken, bi);
                }
            }
            if bi.tage_pred != bi.alt_taken {
                let e = &mut self.gtable[bi.hit_bank][bi.hit_bank_index];
                u_update(&mut e.u, bi.tage_pred == taken, self.p.tag_table_u_bits);
            }
        } else {
            self.base_update(taken, bi);
        }
    }
}
