//! Predictors against branch streams whose answers are known in advance: a
//! loop of constant trip count (LTAGE's loop predictor), a branch equal to
//! one 20 branches back (TAGE's long histories, not LocalBP's counters),
//! random branches (nobody), and the out-of-order interface's history
//! recovery after wrong-path predictions.

use super::direction::DirectionParams;
use super::{BranchPredParams, BranchPredictor};
use sim_core::arch::InstFlags;

const COND: InstFlags =
    InstFlags(InstFlags::CONTROL.0 | InstFlags::CONDITIONAL.0 | InstFlags::DIRECT.0);

/// Run `(pc, taken)` conditional branches (4-byte, target pc - 64) through
/// the in-order interface; mispredictions among the last `tail` branches.
fn wrong_in_tail(direction: DirectionParams, stream: &[(u64, bool)], tail: usize) -> u64 {
    let mut bp = BranchPredictor::new(BranchPredParams {
        direction,
        ..BranchPredParams::default()
    });
    let mut wrong = 0;
    for (i, &(pc, taken)) in stream.iter().enumerate() {
        let actual = if taken { pc - 64 } else { pc + 4 };
        let p = bp.predict(pc, 4, COND, actual);
        if i >= stream.len() - tail && !p.correct {
            wrong += 1;
        }
    }
    wrong
}

/// A loop of `trip` iterations (taken `trip - 1` times, then not), run `runs` times.
fn loop_stream(trip: usize, runs: usize) -> Vec<(u64, bool)> {
    (0..runs)
        .flat_map(|_| (0..trip).map(move |i| (0x1000, i + 1 != trip)))
        .collect()
}

struct Lcg(u64);
impl Lcg {
    fn bit(&mut self) -> bool {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) & 1 == 1
    }
}

#[test]
fn ltage_learns_a_long_loop_exactly() {
    // 1000 iterations: longer than any TAGE history (640 branches for
    // LTAGE's tables), so only the loop predictor can foresee the exit.
    let stream = loop_stream(1000, 60);
    let tail = 1000 * 20;
    let ltage = wrong_in_tail(DirectionParams::ltage(), &stream, tail);
    let tage = wrong_in_tail(DirectionParams::tage(), &stream, tail);
    let local = wrong_in_tail(DirectionParams::local(), &stream, tail);
    assert!(ltage <= 1, "LTAGE: {ltage} wrong of {tail}");
    assert_eq!(tage, 20, "TAGE misses every loop exit");
    assert_eq!(local, 20, "LocalBP misses every loop exit");
}

#[test]
fn tage_learns_a_branch_correlated_twenty_branches_back() {
    // Branch B at 0x2000 repeats the random branch A at 0x1000 from 20
    // branches earlier (19 always-taken filler branches between): only a
    // history of 20 branches or more sees A.
    let mut rng = Lcg(7);
    let mut stream = Vec::new();
    for _ in 0..6000 {
        let a = rng.bit();
        stream.push((0x1000, a));
        for k in 0..19 {
            stream.push((0x3000 + 4 * k, true));
        }
        stream.push((0x2000, a));
    }
    // Count only B's mispredictions over the last 2000 rounds.
    let count_b = |dir: DirectionParams| {
        let mut bp = BranchPredictor::new(BranchPredParams {
            direction: dir,
            ..BranchPredParams::default()
        });
        let mut wrong = 0;
        let start = stream.len() - 2000 * 21;
        for (i, &(pc, taken)) in stream.iter().enumerate() {
            let actual = if taken { pc - 64 } else { pc + 4 };
            let p = bp.predict(pc, 4, COND, actual);
            if i >= start && pc == 0x2000 && !p.correct {
                wrong += 1;
            }
        }
        wrong
    };
    let tage = count_b(DirectionParams::tage());
    let local = count_b(DirectionParams::local());
    let tournament = count_b(DirectionParams::tournament());
    assert!(tage < 40, "TAGE: {tage} of 2000 correlated branches wrong");
    assert!(
        local > 800,
        "LocalBP: {local} of 2000 wrong, expected about half"
    );
    // Its 13-bit global history does not reach 20 branches back either.
    assert!(tournament > 800, "TournamentBP: {tournament} of 2000 wrong");
}

#[test]
fn random_branches_stay_near_half() {
    let mut rng = Lcg(99);
    let stream: Vec<(u64, bool)> = (0..20000).map(|_| (0x1000, rng.bit())).collect();
    for dir in [
        DirectionParams::tage(),
        DirectionParams::ltage(),
        DirectionParams::local(),
    ] {
        let name = dir.type_name();
        let wrong = wrong_in_tail(dir, &stream, 10000);
        assert!(
            (4500..5500).contains(&wrong),
            "{name}: {wrong} of 10000 wrong"
        );
    }
}

/// The out-of-order interface: predictions down a wrong path, then a
/// squash, leave the predictor as if the wrong path never happened.
#[test]
fn wrong_path_predictions_are_undone_by_a_squash() {
    for dir in [
        DirectionParams::tournament(),
        DirectionParams::tage(),
        DirectionParams::ltage(),
    ] {
        let name = dir.type_name();
        let params = BranchPredParams {
            direction: dir,
            ..BranchPredParams::default()
        };
        let mut clean = BranchPredictor::new_speculative(params.clone());
        let mut polluted = BranchPredictor::new_speculative(params);
        let mut rng = Lcg(3);
        let mut seq = 0u64;
        let mut outcome_pairs = Vec::new();
        for round in 0..3000u64 {
            let pc = 0x1000 + 4 * (round % 7);
            let taken = round % 3 == 0 || rng.bit();
            outcome_pairs.push((pc, taken));
            seq += 1;
            let a = clean.predict_spec(seq, pc, 4, COND);
            let b = polluted.predict_spec(seq, pc, 4, COND);
            assert_eq!(a, b, "{name}: round {round}");
            // The polluted one also predicts three wrong-path branches, then squashes them.
            for k in 1..=3 {
                polluted.predict_spec(seq + k, 0x8000 + 4 * k, 4, COND);
            }
            polluted.squash(seq);
            assert_eq!(polluted.in_flight(), clean.in_flight());
            let actual_taken = taken;
            let target = if actual_taken { pc - 64 } else { pc + 4 };
            if a.target != target {
                clean.squash_mispredict(seq, target, actual_taken, true);
                polluted.squash_mispredict(seq, target, actual_taken, true);
            }
            // Commit lazily, several branches at a time.
            if round % 5 == 4 {
                clean.update(seq);
                polluted.update(seq);
            }
        }
        assert_eq!(clean.mispredicted(), polluted.mispredicted(), "{name}");
        assert!(clean.mispredicted() > 0);
        let _ = outcome_pairs;
    }
}

#[test]
fn out_of_order_commit_equals_in_order_with_no_overlap() {
    // Predicting and resolving each branch before the next through either
    // interface gives the same predictions.
    let mut rng = Lcg(11);
    let stream: Vec<(u64, bool)> = (0..5000)
        .map(|i| (0x1000 + 4 * (i % 5), rng.bit() || i % 2 == 0))
        .collect();
    let params = BranchPredParams {
        direction: DirectionParams::ltage(),
        ..BranchPredParams::default()
    };
    let mut a = BranchPredictor::new(params.clone());
    let mut b = BranchPredictor::new_speculative(params);
    for (seq, &(pc, taken)) in stream.iter().enumerate() {
        let actual = if taken { pc - 64 } else { pc + 4 };
        let pa = a.predict(pc, 4, COND, actual);
        let pb = b.predict_spec(seq as u64, pc, 4, COND);
        assert_eq!(pa.target, pb.target, "branch {seq}");
        if pb.target != actual {
            b.squash_mispredict(seq as u64, actual, taken, true);
        }
        b.update(seq as u64);
    }
    assert_eq!(a.mispredicted(), b.mispredicted());
}

#[test]
fn peek_gives_the_prediction_and_changes_nothing() {
    use super::direction::Direction;
    for dir in [
        DirectionParams::tournament(),
        DirectionParams::tage(),
        DirectionParams::ltage(),
    ] {
        let name = dir.type_name();
        let mut d = Direction::with_shift(&dir, 2);
        let mut wrong = 0;
        for i in 0..40_000u64 {
            let taken = i % 1000 != 999;
            let idx = 0x400;
            let peeked = d.peek(idx);
            assert_eq!(peeked, d.peek(idx), "{name}: peek changed something");
            let predicted = d.predict_and_train(idx, taken);
            assert_eq!(peeked, predicted, "{name}: branch {i}");
            wrong += (i >= 30_000 && predicted != taken) as u32;
        }
        if name == "LTAGE" {
            assert_eq!(wrong, 0, "LTAGE's loop predictor foresees the exits");
        } else {
            assert_eq!(wrong, 10, "{name} misses each of the last 10 exits");
        }
    }
}
