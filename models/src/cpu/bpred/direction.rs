//! Direction predictors of gem5's branch-predictor classes: `LocalBP` (2-bit
//! counters by PC), `TournamentBP` (local-history and global-history predictors
//! with a chooser) and `BiModeBP` (a choice table selecting a taken-biased or a
//! not-taken-biased global table), and `TAGE`/`LTAGE` ([`super::tage`]). Sizes
//! and counter widths are gem5's parameters with gem5's defaults; counters start
//! at 0 as gem5's do. [`speculative`] adds the out-of-order interface
//! (predict, speculative history update, squash, commit).

pub mod speculative;

use super::tage::Tage;
use super::tage_params::{LoopParams, TageParams};

/// A saturating counter table (gem5's `SatCounter8` vector).
#[derive(Clone, Debug)]
struct Counters {
    ctrs: Vec<u8>,
    max: u8,
}

impl Counters {
    fn new(size: usize, bits: u32) -> Self {
        Counters {
            ctrs: vec![0; size.max(1)],
            max: ((1u32 << bits.clamp(1, 8)) - 1) as u8,
        }
    }
    fn mask(&self) -> u64 {
        self.ctrs.len() as u64 - 1
    }
    /// The counter's most significant bit (gem5: above half the maximum).
    fn taken(&self, i: u64) -> bool {
        self.ctrs[(i & self.mask()) as usize] > self.max / 2
    }
    fn train(&mut self, i: u64, taken: bool) {
        let i = (i & self.mask()) as usize;
        let c = &mut self.ctrs[i];
        if taken {
            *c = (*c + 1).min(self.max);
        } else {
            *c = c.saturating_sub(1);
        }
    }
}

/// Which direction predictor, with its parameters: each field is the gem5
/// parameter of the same name in snake case (`localPredictorSize`, ...).
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum DirectionParams {
    /// `LocalBP`.
    Local {
        local_predictor_size: u32,
        local_ctr_bits: u32,
    },
    /// `TournamentBP`.
    Tournament {
        local_predictor_size: u32,
        local_ctr_bits: u32,
        local_history_table_size: u32,
        global_predictor_size: u32,
        global_ctr_bits: u32,
        choice_predictor_size: u32,
        choice_ctr_bits: u32,
    },
    /// `BiModeBP`.
    BiMode {
        global_predictor_size: u32,
        global_ctr_bits: u32,
        choice_predictor_size: u32,
        choice_ctr_bits: u32,
    },
    /// `TAGE` (its `tage` child's parameters).
    Tage { tage: TageParams },
    /// `LTAGE` (its `tage` and `loop_predictor` children's parameters).
    LTage {
        tage: TageParams,
        loop_predictor: LoopParams,
    },
}

impl DirectionParams {
    /// gem5's `LocalBP()`.
    pub fn local() -> Self {
        DirectionParams::Local {
            local_predictor_size: 2048,
            local_ctr_bits: 2,
        }
    }
    /// gem5's `TournamentBP()` (the default of gem5's detailed CPUs).
    pub fn tournament() -> Self {
        DirectionParams::Tournament {
            local_predictor_size: 2048,
            local_ctr_bits: 2,
            local_history_table_size: 2048,
            global_predictor_size: 8192,
            global_ctr_bits: 2,
            choice_predictor_size: 8192,
            choice_ctr_bits: 2,
        }
    }
    /// gem5's `BiModeBP()`.
    pub fn bimode() -> Self {
        DirectionParams::BiMode {
            global_predictor_size: 8192,
            global_ctr_bits: 2,
            choice_predictor_size: 8192,
            choice_ctr_bits: 2,
        }
    }
    /// gem5's `TAGE()`.
    pub fn tage() -> Self {
        DirectionParams::Tage {
            tage: TageParams::tage(),
        }
    }
    /// gem5's `LTAGE()`.
    pub fn ltage() -> Self {
        DirectionParams::LTage {
            tage: TageParams::ltage(),
            loop_predictor: LoopParams::default(),
        }
    }
    /// gem5's class name.
    pub fn type_name(&self) -> &'static str {
        match self {
            DirectionParams::Local { .. } => "LocalBP",
            DirectionParams::Tournament { .. } => "TournamentBP",
            DirectionParams::BiMode { .. } => "BiModeBP",
            DirectionParams::Tage { .. } => "TAGE",
            DirectionParams::LTage { .. } => "LTAGE",
        }
    }
    /// True for the TAGE family (whose global history includes every branch).
    pub fn is_tage(&self) -> bool {
        matches!(
            self,
            DirectionParams::Tage { .. } | DirectionParams::LTage { .. }
        )
    }
    /// Sizes must be powers of two (gem5 checks the same); TAGE's and the loop
    /// predictor's checks name their child (`tage.maxHist: ...`).
    pub fn check(&self) -> Result<(), String> {
        let sizes: Vec<(&str, u32)> = match self {
            DirectionParams::Tage { tage } => {
                return tage.check().map_err(|e| format!("tage.{e}"));
            }
            DirectionParams::LTage {
                tage,
                loop_predictor,
            } => {
                tage.check().map_err(|e| format!("tage.{e}"))?;
                return loop_predictor
                    .check()
                    .map_err(|e| format!("loop_predictor.{e}"));
            }
            DirectionParams::Local {
                local_predictor_size,
                ..
            } => vec![("localPredictorSize", *local_predictor_size)],
            DirectionParams::Tournament {
                local_predictor_size,
                local_history_table_size,
                global_predictor_size,
                choice_predictor_size,
                ..
            } => vec![
                ("localPredictorSize", *local_predictor_size),
                ("localHistoryTableSize", *local_history_table_size),
                ("globalPredictorSize", *global_predictor_size),
                ("choicePredictorSize", *choice_predictor_size),
            ],
            DirectionParams::BiMode {
                global_predictor_size,
                choice_predictor_size,
                ..
            } => vec![
                ("globalPredictorSize", *global_predictor_size),
                ("choicePredictorSize", *choice_predictor_size),
            ],
        };
        for (name, v) in sizes {
            if !v.is_power_of_two() {
                return Err(format!("{name}: is {v}; allowed values: a power of two"));
            }
        }
        Ok(())
    }
}

/// A direction predictor's state.
#[derive(Clone, Debug)]
pub struct Direction(State);

/// The tables of each kind of predictor.
#[derive(Clone, Debug)]
enum State {
    Local {
        ctrs: Counters,
    },
    Tournament {
        local_hist: Vec<u64>,
        local_hist_mask: u64,
        local: Counters,
        global: Counters,
        choice: Counters,
        global_hist: u64,
    },
    BiMode {
        choice: Counters,
        taken: Counters,
        not_taken: Counters,
        global_hist: u64,
    },
    Tage(Box<Tage>),
}

impl Direction {
    /// A predictor in its reset state; `inst_shift_amt` is the predictor's
    /// `instShiftAmt` (TAGE's loop predictor uses it).
    pub fn with_shift(p: &DirectionParams, inst_shift_amt: u32) -> Self {
        match p {
            DirectionParams::Tage { tage } => {
                Direction(State::Tage(Box::new(Tage::new(tage, None, inst_shift_amt))))
            }
            DirectionParams::LTage {
                tage,
                loop_predictor,
            } => Direction(State::Tage(Box::new(Tage::new(
                tage,
                Some(loop_predictor),
                inst_shift_amt,
            )))),
            _ => Self::new(p),
        }
    }

    /// Zero the statistics of predictors that keep some (TAGE's providers).
    pub fn reset_stats(&mut self) {
        if let State::Tage(t) = &mut self.0 {
            t.reset_stats();
        }
    }

    /// Report the predictor's own statistics groups (`tage`, `loop_predictor`).
    pub fn visit(&self, v: &mut dyn sim_core::stats::StatVisitor) {
        if let State::Tage(t) = &self.0 {
            t.visit(v);
        }
    }

    /// A predictor in its reset state (TAGE with `instShiftAmt` 2).
    pub fn new(p: &DirectionParams) -> Self {
        Direction(match *p {
            DirectionParams::Local {
                local_predictor_size,
                local_ctr_bits,
            } => State::Local {
                ctrs: Counters::new(local_predictor_size as usize, local_ctr_bits),
            },
            DirectionParams::Tournament {
                local_predictor_size,
                local_ctr_bits,
                local_history_table_size,
                global_predictor_size,
                global_ctr_bits,
                choice_predictor_size,
                choice_ctr_bits,
            } => State::Tournament {
                local_hist: vec![0; local_history_table_size.max(1) as usize],
                local_hist_mask: local_predictor_size.max(1) as u64 - 1,
                local: Counters::new(local_predictor_size as usize, local_ctr_bits),
                global: Counters::new(global_predictor_size as usize, global_ctr_bits),
                choice: Counters::new(choice_predictor_size as usize, choice_ctr_bits),
                global_hist: 0,
            },
            DirectionParams::BiMode {
                global_predictor_size,
                global_ctr_bits,
                choice_predictor_size,
                choice_ctr_bits,
            } => State::BiMode {
                choice: Counters::new(choice_predictor_size as usize, choice_ctr_bits),
                taken: Counters::new(global_predictor_size as usize, global_ctr_bits),
                not_taken: Counters::new(global_predictor_size as usize, global_ctr_bits),
                global_hist: 0,
            },
            DirectionParams::Tage { .. } | DirectionParams::LTage { .. } => {
                return Self::with_shift(p, 2);
            }
        })
    }

    /// The prediction for the conditional branch at `idx` from the current
    /// (committed) history, without training: the out-of-order CPU predicts
    /// at fetch and trains at commit ([`Direction::predict_and_train`]).
    pub fn peek(&self, idx: u64) -> bool {
        match &self.0 {
            State::Local { ctrs } => ctrs.taken(idx),
            State::Tournament {
                local_hist,
                local_hist_mask,
                local,
                global,
                choice,
                global_hist,
            } => {
                let h = (idx as usize) & (local_hist.len() - 1);
                if choice.taken(*global_hist) {
                    global.taken(*global_hist)
                } else {
                    local.taken(local_hist[h] & *local_hist_mask)
                }
            }
            State::BiMode {
                choice,
                taken,
                not_taken,
                global_hist,
            } => {
                let table = if choice.taken(idx) { taken } else { not_taken };
                table.taken(idx ^ *global_hist)
            }
            State::Tage(t) => t.peek(idx),
        }
    }

    /// Predict the conditional branch at `idx` (its PC shifted by
    /// `instShiftAmt`), then train on the outcome `taken`. Returns the prediction.
    /// The in-order pipeline resolves a branch before the next one is predicted,
    /// so the history is always the committed one.
    pub fn predict_and_train(&mut self, idx: u64, taken: bool) -> bool {
        match &mut self.0 {
            State::Local { ctrs } => {
                let p = ctrs.taken(idx);
                ctrs.train(idx, taken);
                p
            }
            State::Tournament {
                local_hist,
                local_hist_mask,
                local,
                global,
                choice,
                global_hist,
            } => {
                let h = (idx as usize) & (local_hist.len() - 1);
                let lidx = local_hist[h] & *local_hist_mask;
                let lp = local.taken(lidx);
                let gp = global.taken(*global_hist);
                let use_global = choice.taken(*global_hist);
                let p = if use_global { gp } else { lp };
                if lp != gp {
                    choice.train(*global_hist, gp == taken);
                }
                local.train(lidx, taken);
                global.train(*global_hist, taken);
                local_hist[h] = (local_hist[h] << 1) | taken as u64;
                *global_hist = (*global_hist << 1) | taken as u64;
                p
            }
            State::BiMode {
                choice,
                taken: t_table,
                not_taken,
                global_hist,
            } => {
                let gidx = idx ^ *global_hist;
                let use_taken = choice.taken(idx);
                let table = if use_taken { t_table } else { not_taken };
                let p = table.taken(gidx);
                table.train(gidx, taken);
                // gem5: the choice is not trained when it disagreed with the
                // outcome but the table it chose was right anyway.
                if !(use_taken != taken && p == taken) {
                    choice.train(idx, taken);
                }
                *global_hist = (*global_hist << 1) | taken as u64;
                p
            }
            State::Tage(t) => t.predict_and_train(idx, taken),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mispredicts(p: &DirectionParams, outcomes: impl Iterator<Item = bool>) -> (u64, u64) {
        let mut d = Direction::new(p);
        let (mut n, mut wrong) = (0, 0);
        for t in outcomes {
            n += 1;
            wrong += (d.predict_and_train(0x40, t) != t) as u64;
        }
        (n, wrong)
    }

    #[test]
    fn always_taken_is_learned_by_every_predictor() {
        for p in [
            DirectionParams::local(),
            DirectionParams::tournament(),
            DirectionParams::bimode(),
        ] {
            // Warm-up only: until the (13-bit global, 11-bit local) histories
            // are all ones, every branch meets a fresh counter.
            let (_, wrong) = mispredicts(&p, std::iter::repeat_n(true, 1000));
            assert!(wrong <= 16, "{}: {wrong} mispredicts", p.type_name());
        }
    }

    #[test]
    fn a_period_two_pattern_needs_history() {
        let pattern = (0..1000).map(|i| i % 2 == 0);
        let (_, local) = mispredicts(&DirectionParams::local(), pattern.clone());
        let (_, tour) = mispredicts(&DirectionParams::tournament(), pattern);
        assert!(local >= 400, "local {local}");
        assert!(tour <= 50, "tournament {tour}");
    }

    #[test]
    fn sizes_must_be_powers_of_two() {
        let p = DirectionParams::Local {
            local_predictor_size: 1000,
            local_ctr_bits: 2,
        };
        assert!(p
            .check()
            .unwrap_err()
            .contains("localPredictorSize: is 1000"));
    }
}
