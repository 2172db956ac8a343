//! Extra timing rules of the functional units (gem5's `MinorFUTiming`): how
//! long before its issue cycle an instruction's source registers may still
//! be on their way (`srcRegsRelativeLats`, so a unit can take a result
//! forwarded late in its pipeline), extra cycles before its results count as
//! ready (`extraAssumedLat`) and before it may commit (`extraCommitLat`).
//!
//! A unit's first rule whose op classes hold the instruction's class (an
//! empty set holds every class) applies. gem5 can also match on the raw
//! instruction bits (`mask`/`match`); only rules matching every instruction
//! (`mask` 0) are kept here, the contract between ISA and CPU having no raw
//! bits.

use super::fu_pool::FuDesc;
use sim_core::arch::OpClass;

/// One timing rule of a functional unit (gem5's `MinorFUTiming`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FuTiming {
    /// Op classes it applies to (empty: every class the unit serves).
    pub op_classes: Vec<OpClass>,
    /// `srcRegsRelativeLats`: for source register `i`, how many cycles after
    /// issue its value may arrive; the last entry serves the sources after it.
    pub src_regs_relative_lats: Vec<u64>,
    /// `extraAssumedLat`: cycles added to the unit's latency for the results.
    pub extra_assumed_lat: u64,
    /// `extraCommitLat`: cycles the instruction's commit waits after its result.
    pub extra_commit_lat: u64,
}

impl FuTiming {
    fn rel(lats: &[u64]) -> Vec<FuTiming> {
        vec![FuTiming {
            src_regs_relative_lats: lats.to_vec(),
            ..FuTiming::default()
        }]
    }

    /// The rules of gem5's `MinorDefaultFUPool`, unit by unit (parallel to
    /// [`FuDesc::minor_default_pool`]): the integer ALUs and the float/SIMD
    /// and predicate units take sources up to 2 cycles after issue, the
    /// multiplier none, the memory unit 1, its results assumed 2 cycles late.
    pub fn minor_default_timings() -> Vec<Vec<FuTiming>> {
        vec![
            Self::rel(&[2]),
            Self::rel(&[2]),
            Self::rel(&[0]),
            Vec::new(),
            Self::rel(&[2]),
            Self::rel(&[2]),
            vec![FuTiming {
                src_regs_relative_lats: vec![1],
                extra_assumed_lat: 2,
                ..FuTiming::default()
            }],
            Vec::new(),
        ]
    }
}

/// The timing that applies to an op class: that of the first unit serving it.
#[derive(Clone, Debug, Default)]
pub struct ClassTiming {
    /// `srcRegsRelativeLats` (empty: sources must be ready at issue).
    pub src_rel: Vec<u64>,
    /// `extraAssumedLat`.
    pub extra_assumed: u64,
    /// `extraCommitLat`.
    pub extra_commit: u64,
}

impl ClassTiming {
    /// Cycles after issue source `i` may arrive.
    #[inline]
    pub fn src_relative(&self, i: usize) -> u64 {
        match self.src_rel.len() {
            0 => 0,
            n => self.src_rel[i.min(n - 1)],
        }
    }

    /// The timing of each op class (indexed by `OpClass as usize`) under
    /// `units` with their `timings` (missing entries: no rules).
    pub fn table(units: &[FuDesc], timings: &[Vec<FuTiming>]) -> Vec<ClassTiming> {
        OpClass::ALL
            .iter()
            .map(|&class| {
                let unit = units.iter().position(|u| u.op_classes.contains(&class));
                let rule = unit.and_then(|u| {
                    timings.get(u).and_then(|ts| {
                        ts.iter()
                            .find(|t| t.op_classes.is_empty() || t.op_classes.contains(&class))
                    })
                });
                rule.map_or_else(ClassTiming::default, |t| ClassTiming {
                    src_rel: t.src_regs_relative_lats.clone(),
                    extra_assumed: t.extra_assumed_lat,
                    extra_commit: t.extra_commit_lat,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_let_alus_take_late_sources_but_not_the_multiplier() {
        let t = ClassTiming::table(
            &FuDesc::minor_default_pool(),
            &FuTiming::minor_default_timings(),
        );
        let of = |c: OpClass| &t[c as usize];
        assert_eq!(of(OpClass::IntAlu).src_relative(0), 2);
        assert_eq!(
            of(OpClass::IntAlu).src_relative(5),
            2,
            "the last entry repeats"
        );
        assert_eq!(of(OpClass::IntMult).src_relative(1), 0);
        assert_eq!(of(OpClass::IntDiv).src_relative(0), 0, "no rule");
        assert_eq!(of(OpClass::MemRead).extra_assumed, 2);
        assert_eq!(of(OpClass::FloatAdd).src_relative(0), 2);
    }
}
