//! The functional-unit pool of Execute (gem5's `MinorFUPool`): each unit serves
//! some op classes, takes a new instruction every `issueLat` cycles and produces
//! its result `opLat` cycles after issue. An instruction whose units are all busy
//! waits (a structural hazard).

use sim_core::arch::OpClass;

/// One functional unit (gem5's `MinorFU`).
#[derive(Clone, Debug, PartialEq)]
pub struct FuDesc {
    /// The op classes it executes.
    pub op_classes: Vec<OpClass>,
    /// `opLat`: cycles from issue to result.
    pub op_lat: u64,
    /// `issueLat`: cycles before it takes the next instruction.
    pub issue_lat: u64,
}

impl FuDesc {
    fn unit(op_classes: &[OpClass], op_lat: u64, issue_lat: u64) -> Self {
        FuDesc {
            op_classes: op_classes.to_vec(),
            op_lat,
            issue_lat,
        }
    }

    /// gem5's `MinorDefaultFUPool`: two integer ALUs (3 cycles), a multiplier
    /// (3), a divider (9, not pipelined), a float/SIMD unit (6), a predicate
    /// unit (3), a memory unit (1) and a misc unit (1).
    pub fn minor_default_pool() -> Vec<FuDesc> {
        use OpClass::*;
        let float_simd = [
            FloatAdd,
            FloatCmp,
            FloatCvt,
            FloatMisc,
            FloatMult,
            FloatMultAcc,
            FloatDiv,
            FloatSqrt,
            SimdAdd,
            SimdAlu,
            SimdMult,
            SimdMisc,
            SimdFloatAdd,
            SimdFloatMult,
        ];
        vec![
            Self::unit(&[IntAlu], 3, 1),
            Self::unit(&[IntAlu], 3, 1),
            Self::unit(&[IntMult], 3, 1),
            Self::unit(&[IntDiv], 9, 9),
            Self::unit(&float_simd, 6, 1),
            // gem5's MinorDefaultPredFU serves SimdPredAlu, which no
            // decoded instruction here has yet; kept so the pool matches.
            Self::unit(&[], 3, 1),
            Self::unit(&[MemRead, MemWrite, FloatMemRead, FloatMemWrite], 1, 1),
            Self::unit(&[IprAccess, InstPrefetch], 1, 1),
        ]
    }
}

/// The pool's state: for each op class the units serving it, and when each unit
/// takes its next instruction.
#[derive(Clone, Debug)]
pub struct FuPool {
    /// Per unit: (`opLat`, `issueLat`), each at least 1.
    lats: Vec<(u64, u64)>,
    free_at: Vec<u64>,
    by_class: Vec<Vec<usize>>,
}

/// Where an instruction was issued.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// Issue cycle.
    pub cycle: u64,
    /// Result latency.
    pub op_lat: u64,
    /// True if it waited for a busy unit.
    pub waited: bool,
}

impl FuPool {
    /// A pool of `units`, all free.
    pub fn new(units: Vec<FuDesc>) -> Self {
        let mut by_class = vec![Vec::new(); OpClass::ALL.len()];
        for (i, u) in units.iter().enumerate() {
            for c in &u.op_classes {
                by_class[*c as usize].push(i);
            }
        }
        FuPool {
            free_at: vec![0; units.len()],
            lats: units
                .iter()
                .map(|u| (u.op_lat.max(1), u.issue_lat.max(1)))
                .collect(),
            by_class,
        }
    }

    /// Issue an instruction of `class` no earlier than `earliest` on the unit
    /// free first (the lowest-numbered of those free first). Classes no unit
    /// serves (no-ops) take one cycle and no unit.
    #[inline]
    pub fn issue(&mut self, class: OpClass, earliest: u64) -> Issued {
        let (mut best, mut cycle) = (usize::MAX, u64::MAX);
        if let Some(us) = self.by_class.get(class as usize) {
            for &u in us {
                let at = self.free_at[u].max(earliest);
                if at < cycle {
                    (best, cycle) = (u, at);
                }
            }
        }
        let Some(&(op_lat, issue_lat)) = self.lats.get(best) else {
            return Issued {
                cycle: earliest,
                op_lat: 1,
                waited: false,
            };
        };
        self.free_at[best] = cycle + issue_lat;
        Issued {
            cycle,
            op_lat,
            waited: cycle > earliest,
        }
    }

    /// Forget reservations (the pipeline was emptied).
    pub fn clear_after(&mut self, cycle: u64) {
        for f in &mut self.free_at {
            *f = (*f).min(cycle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_divider_is_not_pipelined_but_the_alus_are() {
        let mut p = FuPool::new(FuDesc::minor_default_pool());
        let a = p.issue(OpClass::IntDiv, 10);
        let b = p.issue(OpClass::IntDiv, 10);
        assert_eq!((a.cycle, a.op_lat, b.cycle), (10, 9, 19));
        assert!(b.waited);
        let c = [0, 0, 0].map(|_| p.issue(OpClass::IntAlu, 5).cycle);
        assert_eq!(c, [5, 5, 6], "two ALUs");
    }
}
