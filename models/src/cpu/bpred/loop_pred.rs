//! gem5's `LoopPredictor` (the "L" of `LTAGE`): a small set-associative table
//! that learns the trip count of loops whose exit branch is taken a fixed
//! number of times in a row, and overrides TAGE once it is confident and its
//! use counter says it has been better than TAGE.

use super::tage_params::LoopParams;
use sim_core::stats::{StatVisitor, Unit};

/// One loop-table entry (gem5's `LoopEntry`).
#[derive(Copy, Clone, Debug, Default)]
struct LoopEntry {
    num_iter: u16,
    current_iter: u16,
    current_iter_spec: u16,
    confidence: u8,
    tag: u16,
    age: u8,
    dir: bool,
}

/// What one prediction found (gem5's `LoopPredictor::BranchInfo`).
#[derive(Copy, Clone, Debug, Default)]
pub struct LoopInfo {
    loop_tag: u16,
    current_iter: u16,
    /// The loop predictor's prediction.
    pub loop_pred: bool,
    loop_pred_valid: bool,
    /// True when the loop predictor's prediction was the final one.
    pub loop_pred_used: bool,
    loop_index: usize,
    loop_index_b: usize,
    loop_hit: Option<usize>,
    /// The final prediction of the whole predictor.
    pub pred_taken: bool,
}

/// The loop table and its use counter.
#[derive(Clone, Debug)]
pub struct LoopPredictor {
    p: LoopParams,
    table: Vec<LoopEntry>,
    confidence_threshold: u8,
    tag_mask: u16,
    iter_mask: u16,
    set_mask: usize,
    loop_use_counter: i32,
    used: u64,
    correct: u64,
    wrong: u64,
}

impl LoopPredictor {
    /// An empty table (`params` already checked).
    pub fn new(params: &LoopParams) -> Self {
        let p = params.clone();
        LoopPredictor {
            table: vec![LoopEntry::default(); 1 << p.log_size_loop_pred],
            confidence_threshold: ((1u32 << p.loop_table_confidence_bits) - 1) as u8,
            tag_mask: ((1u32 << p.loop_table_tag_bits) - 1) as u16,
            iter_mask: ((1u32 << p.loop_table_iter_bits) - 1) as u16,
            set_mask: (1 << (p.log_size_loop_pred - p.log_loop_table_assoc)) - 1,
            loop_use_counter: -1,
            used: 0,
            correct: 0,
            wrong: 0,
            p,
        }
    }

    fn ways(&self) -> usize {
        1 << self.p.log_loop_table_assoc
    }

    fn final_index(&self, index: usize, low_pc_bits: usize, way: usize) -> usize {
        let i = if self.p.use_hashing {
            index ^ ((low_pc_bits >> way) << self.p.log_loop_table_assoc)
        } else {
            index
        };
        (i + way) & (self.table.len() - 1)
    }

    /// gem5's `getLoop`: look the branch up, filling `bi`; the loop's
    /// prediction (taken until the learnt trip count).
    fn get_loop(&self, pc: u64, bi: &mut LoopInfo, speculative: bool, shift: u32) -> bool {
        bi.loop_hit = None;
        bi.loop_pred_valid = false;
        let mut lpc = pc >> shift;
        if self.p.use_hashing {
            lpc ^= pc;
        }
        bi.loop_index = ((lpc as usize) & self.set_mask) << self.p.log_loop_table_assoc;
        let assoc_bits = self.p.log_size_loop_pred - self.p.log_loop_table_assoc;
        if self.p.use_hashing {
            bi.loop_index_b = ((pc >> assoc_bits) as usize) & self.set_mask;
            bi.loop_tag = (((pc >> assoc_bits) ^ (pc >> (assoc_bits + self.p.loop_table_tag_bits)))
                as u16)
                & self.tag_mask;
        } else {
            bi.loop_tag = ((pc >> (shift + assoc_bits)) as u16) & self.tag_mask;
        }
        for way in 0..self.ways() {
            let idx = self.final_index(bi.loop_index, bi.loop_index_b, way);
            let e = &self.table[idx];
            if e.tag == bi.loop_tag {
                bi.loop_hit = Some(way);
                bi.loop_pred_valid = e.confidence == self.confidence_threshold;
                bi.current_iter = e.current_iter_spec;
                let iter = if speculative {
                    e.current_iter_spec
                } else {
                    e.current_iter
                };
                let exit = iter as u32 + 1 == e.num_iter as u32;
                return if self.p.use_direction_bit {
                    e.dir != exit
                } else {
                    !exit
                };
            }
        }
        false
    }

    /// Predict (gem5's `loopPredict`): the loop's prediction replaces
    /// `prev_pred` when the entry is confident and the use counter allows it.
    pub fn predict(
        &mut self,
        pc: u64,
        cond: bool,
        prev_pred: bool,
        shift: u32,
    ) -> (bool, LoopInfo) {
        let mut bi = LoopInfo::default();
        let mut pred = prev_pred;
        if cond {
            bi.loop_pred = self.get_loop(pc, &mut bi, self.p.use_speculation, shift);
            if self.loop_use_counter >= 0 && bi.loop_pred_valid {
                pred = bi.loop_pred;
                bi.loop_pred_used = true;
            }
            if self.p.use_speculation {
                if let Some(way) = bi.loop_hit {
                    let idx = self.final_index(bi.loop_index, bi.loop_index_b, way);
                    let mask = self.iter_mask;
                    let e = &mut self.table[idx];
                    e.current_iter_spec = if pred != e.dir {
                        0
                    } else {
                        (e.current_iter_spec + 1) & mask
                    };
                }
            }
        }
        bi.pred_taken = pred;
        (pred, bi)
    }

    /// The final prediction [`Self::predict`] would give, changing nothing.
    pub fn peek(&self, pc: u64, prev_pred: bool, shift: u32) -> bool {
        let mut bi = LoopInfo::default();
        let loop_pred = self.get_loop(pc, &mut bi, self.p.use_speculation, shift);
        if self.loop_use_counter >= 0 && bi.loop_pred_valid {
            loop_pred
        } else {
            prev_pred
        }
    }

    /// Undo a squashed prediction's speculative iteration count.
    pub fn squash(&mut self, bi: &LoopInfo) {
        if let Some(way) = bi.loop_hit {
            let idx = self.final_index(bi.loop_index, bi.loop_index_b, way);
            self.table[idx].current_iter_spec = bi.current_iter;
        }
    }

    /// Count a committed prediction the loop predictor provided.
    pub fn update_stats(&mut self, taken: bool, bi: &LoopInfo) {
        if bi.loop_pred_used {
            self.used += 1;
            if taken == bi.loop_pred {
                self.correct += 1;
            } else {
                self.wrong += 1;
            }
        }
    }

    fn u_update(ctr: &mut u8, up: bool, nbits: u32) {
        if up {
            if (*ctr as u32) < (1 << nbits) - 1 {
                *ctr += 1;
            }
        } else if *ctr > 0 {
            *ctr -= 1;
        }
    }

    /// Train with a committed conditional branch (gem5's `condBranchUpdate`);
    /// `rand` draws the allocation choices.
    pub fn update(
        &mut self,
        pc: u64,
        taken: bool,
        tage_pred: bool,
        bi: &mut LoopInfo,
        shift: u32,
        rand: &mut dyn FnMut() -> u32,
    ) {
        if self.p.use_speculation {
            bi.loop_pred = self.get_loop(pc, bi, false, shift);
        }
        if bi.loop_pred_valid && bi.pred_taken != bi.loop_pred {
            let half = 1i32 << (self.p.with_loop_bits - 1);
            if bi.loop_pred == taken {
                self.loop_use_counter = (self.loop_use_counter + 1).min(half - 1);
            } else {
                self.loop_use_counter = (self.loop_use_counter - 1).max(-half);
            }
        }
        self.loop_update(taken, bi, tage_pred, rand);
    }

    fn loop_update(
        &mut self,
        taken: bool,
        bi: &LoopInfo,
        tage_pred: bool,
        rand: &mut dyn FnMut() -> u32,
    ) {
        let (age_bits, conf_bits) = (
            self.p.loop_table_age_bits,
            self.p.loop_table_confidence_bits,
        );
        let iter_mask = self.iter_mask;
        let use_dir = self.p.use_direction_bit;
        let age_reset = self.p.optional_age_reset;
        if let Some(way) = bi.loop_hit {
            let idx = self.final_index(bi.loop_index, bi.loop_index_b, way);
            let e = &mut self.table[idx];
            if bi.loop_pred_valid {
                if taken != bi.loop_pred {
                    e.num_iter = 0;
                    e.age = 0;
                    e.confidence = 0;
                    e.current_iter = 0;
                    return;
                } else if bi.loop_pred != tage_pred {
                    Self::u_update(&mut e.age, true, age_bits);
                }
            }
            e.current_iter = (e.current_iter + 1) & iter_mask;
            if e.current_iter > e.num_iter {
                e.confidence = 0;
                if e.num_iter != 0 {
                    e.num_iter = 0;
                    if age_reset {
                        e.age = 0;
                    }
                }
            }
            if taken != (if use_dir { e.dir } else { true }) {
                if e.current_iter == e.num_iter {
                    Self::u_update(&mut e.confidence, true, conf_bits);
                    // Loops of 1 or 2 iterations are not predicted.
                    if e.num_iter < 3 {
                        e.dir = taken;
                        e.num_iter = 0;
                        e.age = 0;
                        e.confidence = 0;
                    }
                } else if e.num_iter == 0 {
                    // The first complete run of the loop.
                    e.confidence = 0;
                    e.num_iter = e.current_iter;
                } else {
                    // A different trip count than last time.
                    e.num_iter = 0;
                    if age_reset {
                        e.age = 0;
                    }
                    e.confidence = 0;
                }
                e.current_iter = 0;
            }
        } else if if use_dir {
            bi.pred_taken != taken
        } else {
            taken
        } {
            let first = rand();
            if first & 3 == 0 || !self.p.restrict_allocation {
                let nrand = rand() as usize;
                for i in 0..self.ways() {
                    let way = (nrand + i) & (self.ways() - 1);
                    let idx = self.final_index(bi.loop_index, bi.loop_index_b, way);
                    let e = &mut self.table[idx];
                    if e.age == 0 {
                        e.dir = !taken;
                        e.tag = bi.loop_tag;
                        e.num_iter = 0;
                        e.age = self.p.initial_loop_age as u8;
                        e.confidence = 0;
                        e.current_iter = self.p.initial_loop_iter as u16;
                        break;
                    }
                    e.age -= 1;
                    if self.p.restrict_allocation {
                        break;
                    }
                }
            }
        }
    }

    /// Zero the statistics.
    pub fn reset_stats(&mut self) {
        (self.used, self.correct, self.wrong) = (0, 0, 0);
    }

    /// Report the `loop_predictor` group (gem5's names).
    pub fn visit(&self, v: &mut dyn StatVisitor) {
        v.begin_group("loop_predictor");
        let c = Unit::Count;
        v.scalar(
            "used",
            self.used as f64,
            "Number of times the loop predictor is the provider.",
            c,
        );
        v.scalar(
            "correct",
            self.correct as f64,
            "Number of times the loop predictor is the provider and the prediction is correct",
            c,
        );
        v.scalar(
            "wrong",
            self.wrong as f64,
            "Number of times the loop predictor is the provider and the prediction is wrong",
            c,
        );
        v.end_group();
    }
}
