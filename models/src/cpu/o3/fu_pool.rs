//! The functional-unit pool of the out-of-order CPU (gem5's `FUPool` with its
//! `DefaultFUPool` from `src/cpu/o3/FuncUnitConfig.py`): unit types with a
//! count each; an operation takes a free unit of a type serving its class for
//! one cycle if pipelined, for its whole latency if not.

use sim_core::arch::OpClass;

/// One op class a unit type serves (gem5's `OpDesc`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct OpDesc {
    /// The class.
    pub class: OpClass,
    /// `opLat`: cycles from issue to result.
    pub op_lat: u64,
    /// `pipelined`: the unit takes a new operation the next cycle.
    pub pipelined: bool,
}

/// A unit type and how many there are (gem5's `FUDesc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuUnit {
    /// gem5's class name (`IntALU`, `IntMultDiv`, ...).
    pub name: String,
    /// `count`.
    pub count: u32,
    /// `opList`.
    pub ops: Vec<OpDesc>,
}

fn op(class: OpClass, op_lat: u64, pipelined: bool) -> OpDesc {
    OpDesc {
        class,
        op_lat,
        pipelined,
    }
}

impl FuUnit {
    /// gem5's `DefaultFUPool`: 6 `IntALU`, 2 `IntMultDiv` (mult 3, div 20 not
    /// pipelined), 4 `FP_ALU` (2), 2 `FP_MultDiv` (mult 4, mult-acc 5, misc 3,
    /// div 12 and sqrt 24 not pipelined), 4 `SIMD_Unit`, 1 `PredALU`, 4
    /// `RdWrPort` (`ReadPort` and `WritePort` have count 0) and 1 `IprPort`
    /// (3, not pipelined).
    pub fn default_pool() -> Vec<FuUnit> {
        use OpClass::*;
        let unit = |name: &str, count, ops| FuUnit {
            name: name.into(),
            count,
            ops,
        };
        let simd = [
            SimdAdd,
            SimdAlu,
            SimdMisc,
            SimdMult,
            SimdFloatAdd,
            SimdFloatMult,
        ]
        .map(|c| op(c, 1, true))
        .to_vec();
        vec![
            unit("IntALU", 6, vec![op(IntAlu, 1, true)]),
            unit(
                "IntMultDiv",
                2,
                vec![op(IntMult, 3, true), op(IntDiv, 20, false)],
            ),
            unit(
                "FP_ALU",
                4,
                vec![
                    op(FloatAdd, 2, true),
                    op(FloatCmp, 2, true),
                    op(FloatCvt, 2, true),
                ],
            ),
            unit(
                "FP_MultDiv",
                2,
                vec![
                    op(FloatMult, 4, true),
                    op(FloatMultAcc, 5, true),
                    op(FloatMisc, 3, true),
                    op(FloatDiv, 12, false),
                    op(FloatSqrt, 24, false),
                ],
            ),
            unit(
                "ReadPort",
                0,
                vec![op(MemRead, 1, true), op(FloatMemRead, 1, true)],
            ),
            unit("SIMD_Unit", 4, simd),
            unit("PredALU", 1, vec![]),
            unit(
                "WritePort",
                0,
                vec![op(MemWrite, 1, true), op(FloatMemWrite, 1, true)],
            ),
            unit(
                "RdWrPort",
                4,
                [MemRead, MemWrite, FloatMemRead, FloatMemWrite]
                    .map(|c| op(c, 1, true))
                    .to_vec(),
            ),
            unit("IprPort", 1, vec![op(IprAccess, 3, false)]),
        ]
    }
}

/// The pool's state: when each unit instance takes its next operation.
#[derive(Clone, Debug)]
pub struct FuPool {
    /// Per op class: (first instance, instances, opLat, pipelined), the
    /// instances of the first unit type serving it.
    by_class: Vec<Vec<(usize, usize, u64, bool)>>,
    free_at: Vec<u64>,
}

/// What the pool said about an operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FuGrant {
    /// Issued; its result comes after this many cycles.
    Issued(u64),
    /// Every unit serving its class is busy this cycle.
    Busy,
}

impl FuPool {
    /// A pool of `units`, all free.
    pub fn new(units: &[FuUnit]) -> Self {
        let mut by_class = vec![Vec::new(); OpClass::ALL.len()];
        let mut first = 0;
        // A type with no units serves nothing: its classes need no unit, as in
        // gem5, where only existing units set a capability.
        for u in units.iter().filter(|u| u.count > 0) {
            for o in &u.ops {
                by_class[o.class as usize].push((first, u.count as usize, o.op_lat, o.pipelined));
            }
            first += u.count as usize;
        }
        FuPool {
            by_class,
            free_at: vec![0; first],
        }
    }

    /// Take a unit for an operation of `class` at cycle `now`. Classes no unit
    /// serves (no-ops) need none and take one cycle.
    #[inline]
    pub fn issue(&mut self, class: OpClass, now: u64) -> FuGrant {
        let types = &self.by_class[class as usize];
        if types.is_empty() {
            return FuGrant::Issued(1);
        }
        for &(first, n, lat, pipelined) in types {
            for i in first..first + n {
                if self.free_at[i] <= now {
                    self.free_at[i] = now + if pipelined { 1 } else { lat.max(1) };
                    return FuGrant::Issued(lat.max(1));
                }
            }
        }
        FuGrant::Busy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_alus_per_cycle_and_an_unpipelined_divider() {
        let mut p = FuPool::new(&FuUnit::default_pool());
        let alus = (0..7)
            .filter(|_| p.issue(OpClass::IntAlu, 5) == FuGrant::Issued(1))
            .count();
        assert_eq!(alus, 6);
        assert_eq!(p.issue(OpClass::IntAlu, 6), FuGrant::Issued(1));
        assert_eq!(p.issue(OpClass::IntDiv, 10), FuGrant::Issued(20));
        assert_eq!(p.issue(OpClass::IntDiv, 10), FuGrant::Issued(20));
        assert_eq!(p.issue(OpClass::IntDiv, 11), FuGrant::Busy, "two dividers");
        assert_eq!(p.issue(OpClass::IntDiv, 30), FuGrant::Issued(20));
        assert_eq!(p.issue(OpClass::No, 0), FuGrant::Issued(1));
    }

    #[test]
    fn a_type_without_units_serves_nothing() {
        let only_read_port = vec![FuUnit {
            name: "ReadPort".into(),
            count: 0,
            ops: vec![op(OpClass::MemRead, 1, true)],
        }];
        let mut p = FuPool::new(&only_read_port);
        for _ in 0..3 {
            assert_eq!(p.issue(OpClass::MemRead, 7), FuGrant::Issued(1));
        }
    }

    #[test]
    fn a_configured_latency_is_the_result_latency() {
        let mut units = FuUnit::default_pool();
        let mult = units.iter_mut().find(|u| u.name == "IntMultDiv").unwrap();
        mult.ops[0].op_lat = 6;
        let mut p = FuPool::new(&units);
        assert_eq!(p.issue(OpClass::IntMult, 0), FuGrant::Issued(6));
    }
}
