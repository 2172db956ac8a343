//! Trap entry and delegation (3.1.8, 3.1.9, 3.3.1, 4.1.9), interrupt priority and
//! masking, and the privileged instructions `mret`, `sret` (3.3.2), `wfi` (3.3.3),
//! `sfence.vma` (4.2.1) and `ecall`.

use super::csr::*;
use super::{op, satp_mode, RvSystem, PRV_M, PRV_S, PRV_U};
use sim_core::arch::{Fault, MemAccess, SystemEffect, SystemOp, Trap};
use sim_core::Addr;

/// Exception cause codes (`mcause`/`scause` with the interrupt bit clear; table 3.6).
pub mod cause {
    /// Instruction address misaligned.
    pub const FETCH_MISALIGNED: u64 = 0;
    /// Instruction access fault.
    pub const FETCH_ACCESS: u64 = 1;
    /// Illegal instruction.
    pub const ILLEGAL_INST: u64 = 2;
    /// Breakpoint.
    pub const BREAKPOINT: u64 = 3;
    /// Load address misaligned.
    pub const LOAD_MISALIGNED: u64 = 4;
    /// Load access fault.
    pub const LOAD_ACCESS: u64 = 5;
    /// Store/AMO address misaligned.
    pub const STORE_MISALIGNED: u64 = 6;
    /// Store/AMO access fault.
    pub const STORE_ACCESS: u64 = 7;
    /// Environment call from U-mode.
    pub const ECALL_U: u64 = 8;
    /// Environment call from S-mode.
    pub const ECALL_S: u64 = 9;
    /// Environment call from M-mode.
    pub const ECALL_M: u64 = 11;
    /// Instruction page fault.
    pub const FETCH_PAGE: u64 = 12;
    /// Load page fault.
    pub const LOAD_PAGE: u64 = 13;
    /// Store/AMO page fault.
    pub const STORE_PAGE: u64 = 15;
    /// The interrupt bit of `mcause`/`scause`.
    pub const INTERRUPT: u64 = 1 << 63;
}

/// Cause code of an access-kind-dependent exception: `[fetch, load, store]`.
fn by_access(access: MemAccess, codes: [u64; 3]) -> u64 {
    codes[match access {
        MemAccess::Fetch => 0,
        MemAccess::Load => 1,
        MemAccess::Store => 2,
    }]
}

/// The exception cause and trap value (3.1.16: the faulting address for address
/// faults, the instruction bits for illegal instructions, the PC for breakpoints)
/// of a fault; `None` for [`Fault::Stop`], which is not a trap.
pub(crate) fn fault_cause(f: Fault) -> Option<(u64, u64)> {
    use cause::*;
    Some(match f {
        Fault::Decode { err, .. } => (
            ILLEGAL_INST,
            match err {
                sim_core::arch::DecodeError::Illegal { raw, .. }
                | sim_core::arch::DecodeError::Unimplemented { raw, .. } => raw,
                sim_core::arch::DecodeError::Truncated { .. } => 0,
            },
        ),
        Fault::IllegalInst { raw, .. } => (ILLEGAL_INST, raw),
        Fault::Breakpoint { pc } => (BREAKPOINT, pc.0),
        Fault::Misaligned { addr, access } => (
            by_access(
                access,
                [FETCH_MISALIGNED, LOAD_MISALIGNED, STORE_MISALIGNED],
            ),
            addr.0,
        ),
        Fault::AccessFault { addr, access } | Fault::OutOfMemory { addr, access, .. } => (
            by_access(access, [FETCH_ACCESS, LOAD_ACCESS, STORE_ACCESS]),
            addr.0,
        ),
        Fault::PageFault { addr, access } => (
            by_access(access, [FETCH_PAGE, LOAD_PAGE, STORE_PAGE]),
            addr.0,
        ),
        Fault::Trap { cause, tval } => (cause, tval),
        Fault::Stop => return None,
    })
}

fn illegal(pc: Addr, reason: &'static str) -> Fault {
    Fault::IllegalInst { pc, raw: 0, reason }
}

/// The trap-vector address of `xtvec` (3.1.7): direct mode jumps to BASE,
/// vectored mode sends interrupts to BASE + 4 × cause.
fn vector(tvec: u64, interrupt: bool, cause: u64) -> Addr {
    let base = tvec & !3;
    if interrupt && tvec & 3 == 1 {
        Addr(base.wrapping_add(4 * cause))
    } else {
        Addr(base)
    }
}

impl RvSystem {
    /// Change privilege; fetch translation changes between M (bare) and S/U
    /// (`satp`), so cached translations of the old regime become stale.
    pub(crate) fn switch_prv(&mut self, new: u8) {
        if (self.prv == PRV_M) != (new == PRV_M) && self.satp >> 60 != satp_mode::BARE {
            self.bump_epoch();
        }
        if self.prv != new {
            self.perm_epoch = self.perm_epoch.wrapping_add(1);
        }
        self.prv = new;
    }

    /// `mip` as software reads it: the software-writable bits, the lines the
    /// platform drives (MSIP, MTIP, MEIP, SEIP) and, with Sstc enabled,
    /// STIP = (`time` ≥ `stimecmp`).
    pub(crate) fn mip(&self, time: u64) -> u64 {
        let lines = self.pins.lines() & (1 << IRQ_MSI | 1 << IRQ_MTI | 1 << IRQ_MEI | 1 << IRQ_SEI);
        let mut v = self.mip_sw | lines;
        if self.sstc_enabled() {
            v &= !(1 << IRQ_STI);
            if time >= self.stimecmp {
                v |= 1 << IRQ_STI;
            }
        }
        v
    }

    /// True when Sstc's `stimecmp` drives STIP.
    pub(crate) fn sstc_enabled(&self) -> bool {
        self.params.sstc && self.menvcfg & ENVCFG_STCE != 0
    }

    /// The interrupt to take now (3.1.9): interrupts for M-mode are enabled below
    /// M or with `mstatus.MIE`; delegated ones go to S-mode, enabled below S or in
    /// S with `mstatus.SIE`, and never interrupt M-mode. M-mode interrupts come
    /// first, then priority MEI > MSI > MTI > SEI > SSI > STI.
    pub(crate) fn interrupt_to_take(&self, time: u64) -> Option<u32> {
        let pending = self.mip(time) & self.mie;
        if pending == 0 {
            return None;
        }
        let m_on = self.prv < PRV_M || self.mstatus & MS_MIE != 0;
        let s_on = self.prv < PRV_S || (self.prv == PRV_S && self.mstatus & MS_SIE != 0);
        let m = if m_on { pending & !self.mideleg } else { 0 };
        let s = if s_on { pending & self.mideleg } else { 0 };
        let pick = if m != 0 { m } else { s };
        IRQ_PRIORITY.iter().copied().find(|&i| pick >> i & 1 != 0)
    }

    /// Enter a trap raised at `pc` (3.3.1, 4.1.1): to S-mode if the hart is in S or
    /// U and the cause is delegated, to M-mode otherwise. Returns the handler.
    pub(crate) fn enter_trap(&mut self, trap: Trap, pc: Addr) -> Addr {
        let (interrupt, cause, tval) = match trap {
            Trap::Interrupt(i) => (true, i.cause, 0),
            Trap::Fault(f) => match fault_cause(f) {
                Some((c, t)) => (false, c, t),
                None => return pc,
            },
        };
        let deleg = if interrupt {
            self.mideleg
        } else {
            self.medeleg
        };
        let code = (interrupt as u64) << 63 | cause;
        let from = self.prv;
        if from <= PRV_S && cause < 64 && deleg >> cause & 1 != 0 {
            self.scause = code;
            self.sepc = pc.0;
            self.stval = tval;
            let sie = self.mstatus & MS_SIE != 0;
            self.mstatus &= !(MS_SIE | MS_SPIE | MS_SPP);
            if sie {
                self.mstatus |= MS_SPIE;
            }
            if from == PRV_S {
                self.mstatus |= MS_SPP;
            }
            self.switch_prv(PRV_S);
            vector(self.stvec, interrupt, cause)
        } else {
            self.mcause = code;
            self.mepc = pc.0;
            self.mtval = tval;
            let mie = self.mstatus & MS_MIE != 0;
            self.mstatus &= !(MS_MIE | MS_MPIE | MS_MPP);
            if mie {
                self.mstatus |= MS_MPIE;
            }
            self.mstatus |= (from as u64) << MS_MPP_SHIFT;
            self.switch_prv(PRV_M);
            vector(self.mtvec, interrupt, cause)
        }
    }

    /// `mret`, `sret`, `wfi`, `sfence.vma` and `ecall`.
    pub(crate) fn do_system_op(&mut self, o: SystemOp, pc: Addr) -> Result<SystemEffect, Fault> {
        match o.code {
            op::MRET => {
                if self.prv != PRV_M {
                    return Err(illegal(pc, "mret below M-mode"));
                }
                let mpp = ((self.mstatus & MS_MPP) >> MS_MPP_SHIFT) as u8;
                let mpie = self.mstatus & MS_MPIE != 0;
                self.mstatus &= !(MS_MIE | MS_MPP);
                self.mstatus |= MS_MPIE;
                if mpie {
                    self.mstatus |= MS_MIE;
                }
                if mpp != PRV_M && self.mstatus & MS_MPRV != 0 {
                    self.mstatus &= !MS_MPRV;
                    self.bump_epoch();
                }
                self.switch_prv(mpp);
                Ok(SystemEffect::Jump(Addr(self.mepc)))
            }
            op::SRET => {
                if self.prv == PRV_U || (self.prv == PRV_S && self.mstatus & MS_TSR != 0) {
                    return Err(illegal(pc, "sret in U-mode or with mstatus.TSR set"));
                }
                let spp = if self.mstatus & MS_SPP != 0 {
                    PRV_S
                } else {
                    PRV_U
                };
                let spie = self.mstatus & MS_SPIE != 0;
                self.mstatus &= !(MS_SIE | MS_SPP);
                self.mstatus |= MS_SPIE;
                if spie {
                    self.mstatus |= MS_SIE;
                }
                if self.mstatus & MS_MPRV != 0 {
                    self.mstatus &= !MS_MPRV;
                    self.bump_epoch();
                }
                self.switch_prv(spp);
                Ok(SystemEffect::Jump(Addr(self.sepc)))
            }
            op::WFI => {
                if self.prv == PRV_U || (self.prv < PRV_M && self.mstatus & MS_TW != 0) {
                    return Err(illegal(pc, "wfi in U-mode or with mstatus.TW set"));
                }
                Ok(SystemEffect::WaitForInterrupt)
            }
            op::SFENCE_VMA => {
                if self.prv == PRV_U || (self.prv == PRV_S && self.mstatus & MS_TVM != 0) {
                    return Err(illegal(pc, "sfence.vma in U-mode or with mstatus.TVM set"));
                }
                let [va, asid] = o.args;
                let asid = asid.map(|a| a & 0xffff);
                self.itb.flush(va, asid);
                self.dtb.flush(va, asid);
                self.bump_epoch();
                Ok(SystemEffect::Continue)
            }
            op::ECALL => {
                let c = match self.prv {
                    PRV_U => cause::ECALL_U,
                    PRV_S => cause::ECALL_S,
                    _ => cause::ECALL_M,
                };
                Err(Fault::Trap { cause: c, tval: 0 })
            }
            _ => Err(illegal(pc, "unknown system operation")),
        }
    }
}
