//! Register identifiers, by class, so an out-of-order core can rename them.

use serde::{Deserialize, Serialize};

/// The class of an architectural register.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RegClass {
    /// General-purpose integer registers.
    Int,
    /// Scalar floating-point registers.
    Float,
    /// Vector registers (SIMD, SVE, RVV).
    Vec,
    /// Vector predicate registers (SVE).
    VecPred,
    /// Condition codes (AArch64 NZCV, x86 RFLAGS parts), renamed separately.
    CondCode,
    /// Control/status/system registers (RISC-V CSRs, AArch64 system registers).
    Misc,
}

impl RegClass {
    /// How many classes there are.
    pub const COUNT: usize = 6;
}

/// One architectural register: a class and an index within it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegId {
    /// Which register file.
    pub class: RegClass,
    /// Index within the file.
    pub index: u16,
}

impl RegId {
    /// An integer register.
    pub const fn int(index: u16) -> Self {
        RegId {
            class: RegClass::Int,
            index,
        }
    }
    /// A floating-point register.
    pub const fn float(index: u16) -> Self {
        RegId {
            class: RegClass::Float,
            index,
        }
    }
    /// A misc register.
    pub const fn misc(index: u16) -> Self {
        RegId {
            class: RegClass::Misc,
            index,
        }
    }
    /// A condition-code register.
    pub const fn cc(index: u16) -> Self {
        RegId {
            class: RegClass::CondCode,
            index,
        }
    }
}
