//! Addresses as a newtype, so guest addresses never mix with host sizes by accident.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A guest address (virtual or physical, as the context says).
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Addr(pub u64);

impl Addr {
    /// The address `off` bytes further on (wrapping, as address arithmetic does).
    #[inline]
    pub const fn offset(self, off: u64) -> Addr {
        Addr(self.0.wrapping_add(off))
    }
}

impl fmt::LowerHex for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(&self.0, f)
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// A half-open range of addresses `[start, end)`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddrRange {
    /// First address in the range.
    pub start: Addr,
    /// One past the last address.
    pub end: Addr,
}

impl AddrRange {
    /// The range `[start, start + size)`.
    pub fn new(start: u64, size: u64) -> Self {
        AddrRange {
            start: Addr(start),
            end: Addr(start + size),
        }
    }
    /// True if `a` lies in the range.
    #[inline]
    pub fn contains(&self, a: Addr) -> bool {
        a >= self.start && a < self.end
    }
    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.end.0 - self.start.0
    }
}
