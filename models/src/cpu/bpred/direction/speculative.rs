//! The direction predictors' out-of-order interface, after gem5's
//! `BPredUnit` hooks: [`Direction::lookup`] predicts a conditional branch,
//! [`Direction::update_histories`] shifts the predicted direction into the
//! global/local histories at once (so younger branches see it),
//! [`Direction::squash_fix`] rebuilds the histories when a branch turns out
//! mispredicted, [`Direction::discard`] drops a wrong-path branch (histories
//! back to before it), and [`Direction::commit`] trains the tables.

use super::super::tage::TageHist;
use super::{Direction, State};

/// What a prediction recorded for its later squash or commit.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum DirHist {
    /// `LocalBP` keeps no history.
    Local,
    /// `TournamentBP` (gem5's `BPHistory`): the histories before the branch and
    /// the component predictions; `local_idx` is `None` for an unconditional
    /// branch.
    Tournament {
        global_hist: u64,
        local_idx: Option<usize>,
        local_hist: u64,
        local_pred: bool,
        global_pred: bool,
    },
    /// `BiModeBP`.
    BiMode {
        global_hist: u64,
        taken_used: bool,
        final_pred: bool,
    },
    /// `TAGE` / `LTAGE`.
    Tage(Box<TageHist>),
}

impl Direction {
    /// Predict the branch at `pc` (`idx` is `pc >> instShiftAmt`);
    /// unconditional branches are taken and only get a record.
    pub fn lookup(&mut self, pc: u64, idx: u64, cond: bool) -> (bool, DirHist) {
        match &mut self.0 {
            State::Local { ctrs } => (!cond || ctrs.taken(idx), DirHist::Local),
            State::Tournament {
                local_hist,
                local_hist_mask,
                local,
                global,
                choice,
                global_hist,
            } => {
                if !cond {
                    let h = DirHist::Tournament {
                        global_hist: *global_hist,
                        local_idx: None,
                        local_hist: 0,
                        local_pred: true,
                        global_pred: true,
                    };
                    return (true, h);
                }
                let h = (idx as usize) & (local_hist.len() - 1);
                let lidx = local_hist[h] & *local_hist_mask;
                let lp = local.taken(lidx);
                let gp = global.taken(*global_hist);
                let p = if choice.taken(*global_hist) { gp } else { lp };
                let rec = DirHist::Tournament {
                    global_hist: *global_hist,
                    local_idx: Some(h),
                    local_hist: lidx,
                    local_pred: lp,
                    global_pred: gp,
                };
                (p, rec)
            }
            State::BiMode {
                choice,
                taken,
                not_taken,
                global_hist,
            } => {
                if !cond {
                    let h = DirHist::BiMode {
                        global_hist: *global_hist,
                        taken_used: true,
                        final_pred: true,
                    };
                    return (true, h);
                }
                let gidx = idx ^ *global_hist;
                let use_taken = choice.taken(idx);
                let p = if use_taken {
                    taken.taken(gidx)
                } else {
                    not_taken.taken(gidx)
                };
                let h = DirHist::BiMode {
                    global_hist: *global_hist,
                    taken_used: use_taken,
                    final_pred: p,
                };
                (p, h)
            }
            State::Tage(t) => {
                let (p, h) = t.lookup(pc, cond);
                (p, DirHist::Tage(Box::new(h)))
            }
        }
    }

    /// Shift the predicted direction `taken` of the branch at `pc` into the
    /// histories (every branch; local histories only for conditional ones).
    pub fn update_histories(&mut self, pc: u64, taken: bool, h: &mut DirHist) {
        match (&mut self.0, h) {
            (
                State::Tournament {
                    local_hist,
                    global_hist,
                    ..
                },
                DirHist::Tournament { local_idx, .. },
            ) => {
                *global_hist = (*global_hist << 1) | taken as u64;
                if let Some(i) = *local_idx {
                    local_hist[i] = (local_hist[i] << 1) | taken as u64;
                }
            }
            (State::BiMode { global_hist, .. }, DirHist::BiMode { .. }) => {
                *global_hist = (*global_hist << 1) | taken as u64;
            }
            (State::Tage(t), DirHist::Tage(th)) => t.update_histories(pc, taken, th),
            _ => {}
        }
    }

    /// The branch of `h` was mispredicted and is really `taken`: restore the
    /// histories to before it and shift in the real direction.
    pub fn squash_fix(&mut self, taken: bool, h: &DirHist) {
        match (&mut self.0, h) {
            (
                State::Tournament {
                    local_hist,
                    global_hist,
                    ..
                },
                DirHist::Tournament {
                    global_hist: g,
                    local_idx,
                    local_hist: l,
                    ..
                },
            ) => {
                *global_hist = (g << 1) | taken as u64;
                if let Some(i) = *local_idx {
                    local_hist[i] = (l << 1) | taken as u64;
                }
            }
            (State::BiMode { global_hist, .. }, DirHist::BiMode { global_hist: g, .. }) => {
                *global_hist = (g << 1) | taken as u64;
            }
            (State::Tage(t), DirHist::Tage(th)) => t.squash_fix(taken, th),
            _ => {}
        }
    }

    /// The branch of `h` was on a wrong path: histories back to before it.
    /// Called youngest first, this leaves the histories as the oldest
    /// discarded branch found them.
    pub fn discard(&mut self, h: &DirHist) {
        match (&mut self.0, h) {
            (
                State::Tournament {
                    local_hist,
                    global_hist,
                    ..
                },
                DirHist::Tournament {
                    global_hist: g,
                    local_idx,
                    local_hist: l,
                    ..
                },
            ) => {
                *global_hist = *g;
                if let Some(i) = *local_idx {
                    local_hist[i] = *l;
                }
            }
            (State::BiMode { global_hist, .. }, DirHist::BiMode { global_hist: g, .. }) => {
                *global_hist = *g;
            }
            (State::Tage(t), DirHist::Tage(th)) => t.discard(th),
            _ => {}
        }
    }

    /// Train with the committed branch at `pc` (`idx` as for `lookup`) whose
    /// real direction is `taken`. Unconditional branches train the counters too,
    /// as gem5's predictors do.
    pub fn commit(&mut self, pc: u64, idx: u64, taken: bool, h: DirHist) {
        match (&mut self.0, h) {
            (State::Local { ctrs }, _) => ctrs.train(idx, taken),
            (
                State::Tournament {
                    local,
                    global,
                    choice,
                    ..
                },
                DirHist::Tournament {
                    global_hist,
                    local_idx,
                    local_hist,
                    local_pred,
                    global_pred,
                },
            ) => {
                if local_pred != global_pred && local_idx.is_some() {
                    if local_pred == taken {
                        choice.train(global_hist, false);
                    } else if global_pred == taken {
                        choice.train(global_hist, true);
                    }
                }
                global.train(global_hist, taken);
                if local_idx.is_some() {
                    local.train(local_hist, taken);
                }
            }
            (
                State::BiMode {
                    choice,
                    taken: t_table,
                    not_taken,
                    ..
                },
                DirHist::BiMode {
                    global_hist,
                    taken_used,
                    final_pred,
                },
            ) => {
                let gidx = idx ^ global_hist;
                if taken_used {
                    t_table.train(gidx, taken);
                } else {
                    not_taken.train(gidx, taken);
                }
                if final_pred != taken || final_pred == taken_used {
                    choice.train(idx, taken);
                }
            }
            (State::Tage(t), DirHist::Tage(th)) => t.commit(pc, taken, *th),
            _ => {}
        }
    }
}
