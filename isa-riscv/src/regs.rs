//! The architectural register file of one RV64 hart (user level).

use crate::fp::{FCSR, FFLAGS, FRM};
use sim_core::arch::{ArchRegs, Fault};
use sim_core::Addr;

/// Integer and floating-point registers plus the FP control/status state.
///
/// `x0` always reads 0 and ignores writes. The f registers hold raw 64-bit values
/// (singles NaN-boxed). Misc registers are addressed by CSR number: `fflags`
/// (0x001), `frm` (0x002) and `fcsr` (0x003, the two combined).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RvRegs {
    /// x0..x31 (x0 stays 0).
    pub x: [u64; 32],
    /// f0..f31 as raw bits.
    pub f: [u64; 32],
    /// Accrued exception flags (NV DZ OF UF NX, bits 4..0).
    pub fflags: u8,
    /// Dynamic rounding mode (3 bits).
    pub frm: u8,
}

impl RvRegs {
    fn unknown(idx: u16) -> Fault {
        let _ = idx;
        Fault::IllegalInst {
            pc: Addr(0),
            raw: 0,
            reason: "unknown CSR",
        }
    }
}

impl ArchRegs for RvRegs {
    const NUM_INT: u16 = 32;
    const NUM_FLOAT: u16 = 32;

    #[inline]
    fn int(&self, idx: u16) -> u64 {
        self.x[idx as usize & 31]
    }

    #[inline]
    fn set_int(&mut self, idx: u16, v: u64) {
        if idx != 0 {
            self.x[idx as usize & 31] = v;
        }
    }

    #[inline]
    fn float(&self, idx: u16) -> u64 {
        self.f[idx as usize & 31]
    }

    #[inline]
    fn set_float(&mut self, idx: u16, v: u64) {
        self.f[idx as usize & 31] = v;
    }

    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        match idx {
            FFLAGS => Ok(self.fflags as u64),
            FRM => Ok(self.frm as u64),
            FCSR => Ok(((self.frm as u64) << 5) | self.fflags as u64),
            _ => Err(Self::unknown(idx)),
        }
    }

    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        match idx {
            FFLAGS => self.fflags = (v & 0x1f) as u8,
            FRM => self.frm = (v & 7) as u8,
            FCSR => {
                self.fflags = (v & 0x1f) as u8;
                self.frm = ((v >> 5) & 7) as u8;
            }
            _ => return Err(Self::unknown(idx)),
        }
        Ok(())
    }
}
