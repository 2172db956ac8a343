//! Floating-point machinery shared by F and D: NaN boxing, rounding modes and the
//! accrued exception flags.
//!
//! Arithmetic goes through Berkeley SoftFloat 3 with its RISC-V specialization
//! (canonical NaNs, RISC-V saturating conversions), as Spike does. SoftFloat keeps
//! its rounding mode and exception flags in thread-local state; every operation
//! here clears the flags, runs, and ORs whatever was raised into `fflags`.

use crate::inst::RvInst;
use crate::rv_i::illegal;
use sim_core::arch::{ExecContext, Fault};
use softfloat_wrapper::{ExceptionFlags, Float, RoundingMode, F32, F64};

/// CSR number (and misc register index) of `fflags`.
pub const FFLAGS: u16 = 0x001;
/// CSR number (and misc register index) of `frm`.
pub const FRM: u16 = 0x002;
/// CSR number (and misc register index) of `fcsr`.
pub const FCSR: u16 = 0x003;

/// Invalid-operation flag (NV) in `fflags`.
pub const FLAG_NV: u64 = 0x10;

/// The canonical single-precision NaN.
pub const CANONICAL_NAN_S: u32 = 0x7fc0_0000;
/// The canonical double-precision NaN.
pub const CANONICAL_NAN_D: u64 = 0x7ff8_0000_0000_0000;

/// NaN-box a single-precision value into a 64-bit register.
#[inline(always)]
pub fn box_s(v: u32) -> u64 {
    v as u64 | 0xffff_ffff_0000_0000
}

/// Read a single from a 64-bit register: improperly boxed values read as the
/// canonical NaN.
#[inline(always)]
pub fn unbox_s(v: u64) -> u32 {
    if v >> 32 == 0xffff_ffff {
        v as u32
    } else {
        CANONICAL_NAN_S
    }
}

/// A floating-point precision held in the 64-bit f registers.
pub(crate) trait Prec: Float + Copy {
    /// Sign bit.
    const SIGN: u64;
    /// Canonical NaN.
    const CANON: u64;
    /// Read from a register value (unboxing singles).
    fn get(reg: u64) -> Self;
    /// Register value for this number (boxing singles).
    fn put(self) -> u64;
    /// The encoding as 64 bits.
    fn bits(self) -> u64;
    /// From an encoding in the low bits.
    fn of_bits(v: u64) -> Self;
}

impl Prec for F32 {
    const SIGN: u64 = 0x8000_0000;
    const CANON: u64 = CANONICAL_NAN_S as u64;
    #[inline(always)]
    fn get(reg: u64) -> Self {
        F32::from_bits(unbox_s(reg))
    }
    #[inline(always)]
    fn put(self) -> u64 {
        box_s(self.to_bits())
    }
    #[inline(always)]
    fn bits(self) -> u64 {
        self.to_bits() as u64
    }
    #[inline(always)]
    fn of_bits(v: u64) -> Self {
        F32::from_bits(v as u32)
    }
}

impl Prec for F64 {
    const SIGN: u64 = 1 << 63;
    const CANON: u64 = CANONICAL_NAN_D;
    #[inline(always)]
    fn get(reg: u64) -> Self {
        F64::from_bits(reg)
    }
    #[inline(always)]
    fn put(self) -> u64 {
        self.to_bits()
    }
    #[inline(always)]
    fn bits(self) -> u64 {
        self.to_bits()
    }
    #[inline(always)]
    fn of_bits(v: u64) -> Self {
        F64::from_bits(v)
    }
}

/// The rounding mode of `i`: its static `rm` field, or `frm` when that says dynamic.
/// Reserved encodings are illegal instructions.
#[inline]
pub(crate) fn rounding<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<RoundingMode, Fault> {
    let rm = if i.rm == 7 {
        xc.read_misc(FRM)?
    } else {
        i.rm as u64
    };
    match rm {
        0 => Ok(RoundingMode::TiesToEven),
        1 => Ok(RoundingMode::TowardZero),
        2 => Ok(RoundingMode::TowardNegative),
        3 => Ok(RoundingMode::TowardPositive),
        4 => Ok(RoundingMode::TiesToAway),
        _ => Err(illegal(i, xc, "invalid rounding mode")),
    }
}

/// OR `flags` into `fflags`.
#[inline]
pub(crate) fn accrue<X: ExecContext>(xc: &mut X, flags: u64) -> Result<(), Fault> {
    if flags != 0 {
        let old = xc.read_misc(FFLAGS)?;
        xc.set_misc(FFLAGS, old | flags)?;
    }
    Ok(())
}

/// Run a SoftFloat computation and accrue the exceptions it raised.
#[inline]
pub(crate) fn run<X: ExecContext, T>(xc: &mut X, f: impl FnOnce() -> T) -> Result<T, Fault> {
    ExceptionFlags::default().set();
    let r = f();
    let mut flags = ExceptionFlags::default();
    flags.get();
    // SoftFloat's flag bits (NX=1, UF=2, OF=4, DZ=8, NV=16) match `fflags`.
    accrue(xc, flags.to_bits() as u64 & 0x1f)?;
    Ok(r)
}
