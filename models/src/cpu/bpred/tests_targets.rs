//! Target prediction with known answers: the BTB's partial tags, the RAS's
//! circular overwrite and squash repair, and the indirect predictor learning
//! a jump whose target follows the preceding branch's direction.

use super::btb::{BtbParams, Ras, RasHist, SimpleBtb};
use super::direction::DirectionParams;
use super::{BranchPredParams, BranchPredictor};
use sim_core::arch::InstFlags;

#[test]
fn btb_tags_are_the_pc_bits_above_the_index() {
    let mut btb = SimpleBtb::new(&BtbParams::default());
    btb.update(0x1000, 0x2000);
    assert_eq!(btb.lookup(0x1000), Some(0x2000));
    // Same index (4096 entries of 4-byte slots = 16 KiB apart), other tag.
    assert_eq!(btb.lookup(0x1000 + (4096 << 2)), None);
    // 16 tag bits: PCs 2^30 apart alias, as in gem5.
    assert_eq!(btb.lookup(0x1000 + (1u64 << 30)), Some(0x2000));
    assert!(BtbParams {
        num_entries: 1000,
        ..BtbParams::default()
    }
    .check()
    .unwrap_err()
    .contains("btb.numEntries: is 1000"));
}

#[test]
fn ras_overwrites_the_oldest_and_squash_undoes_a_pop() {
    let mut ras = Ras::new(4);
    let mut h = RasHist::default();
    for a in 1..=5u64 {
        ras.push(a * 0x10, &mut h);
    }
    let mut popped = Vec::new();
    for _ in 0..4 {
        let mut h = RasHist::default();
        popped.push(ras.pop(&mut h).unwrap());
    }
    assert_eq!(popped, [0x50, 0x40, 0x30, 0x20], "0x10 was overwritten");
    let mut ras = Ras::new(16);
    ras.push(0x100, &mut RasHist::default());
    ras.push(0x200, &mut RasHist::default());
    let mut wrong_path = RasHist::default();
    assert_eq!(ras.pop(&mut wrong_path), Some(0x200));
    ras.squash(&mut wrong_path);
    assert_eq!(ras.pop(&mut RasHist::default()), Some(0x200));
}

const COND: InstFlags =
    InstFlags(InstFlags::CONTROL.0 | InstFlags::CONDITIONAL.0 | InstFlags::DIRECT.0);
const JUMP_REG: InstFlags = InstFlags(InstFlags::CONTROL.0 | InstFlags::INDIRECT.0);

/// A random branch at 0x100, then an indirect jump at 0x200 to 0x1000 or
/// 0x2000 as that branch went: the jump's mispredictions in the last `tail`.
fn indirect_wrong(params: BranchPredParams, rounds: usize, tail: usize) -> (u64, BranchPredictor) {
    let mut bp = BranchPredictor::new(params);
    let mut x = 12345u64;
    let mut wrong = 0;
    for i in 0..rounds {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let taken = x & 1 == 1;
        bp.predict(0x100, 4, COND, if taken { 0x80 } else { 0x104 });
        let target = if taken { 0x1000 } else { 0x2000 };
        let p = bp.predict(0x200, 4, JUMP_REG, target);
        if i >= rounds - tail && !p.correct {
            wrong += 1;
        }
    }
    (wrong, bp)
}

#[test]
fn the_indirect_predictor_learns_targets_correlated_with_history() {
    // TAGE-class predictors use the indirect predictor on the minor CPU.
    let params = BranchPredParams {
        direction: DirectionParams::tage(),
        ..BranchPredParams::default()
    };
    let (with, _) = indirect_wrong(params.clone(), 4000, 1000);
    let (without, _) = indirect_wrong(
        BranchPredParams {
            indirect: None,
            ..params
        },
        4000,
        1000,
    );
    assert!(
        with < 20,
        "with SimpleIndirectPredictor: {with} of 1000 wrong"
    );
    // The BTB holds the last target only: about half wrong.
    assert!(without > 350, "BTB only: {without} of 1000 wrong");
}
