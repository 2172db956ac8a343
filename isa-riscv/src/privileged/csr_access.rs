//! CSR reads and writes with the access rules of 2.1 (bits 9:8 of the number give
//! the lowest privilege, bits 11:10 = 3 mean read-only) and each register's WARL
//! legalization (chapter 3 for M-mode, chapter 4 for S-mode, Sstc for
//! `stimecmp`).

use super::csr::*;
use super::{satp_mode, RvSystem, PRV_M, PRV_S};
use crate::fp::{FCSR, FFLAGS, FRM};
use crate::zicsr::{CYCLE, INSTRET, TIME};
use crate::RvRegs;
use sim_core::arch::{ArchRegs, Fault, HartCounters};
use sim_core::Addr;

fn illegal(reason: &'static str) -> Fault {
    Fault::IllegalInst {
        pc: Addr(0),
        raw: 0,
        reason,
    }
}

/// Legal `mtvec`/`stvec` value (3.1.7): modes 2 and 3 are reserved, so such a
/// write keeps the old value (as QEMU does).
fn legal_tvec(old: u64, v: u64) -> u64 {
    if v & 3 < 2 {
        v
    } else {
        old
    }
}

const HPM_FIRST: u16 = 3;
const HPM_LAST: u16 = 31;

impl RvSystem {
    /// 3.1.6.6: the floating-point CSRs are illegal while `mstatus.FS` is Off.
    fn check_fp_on(&self) -> Result<(), Fault> {
        if self.mstatus & MS_FS == 0 {
            return Err(illegal("floating-point CSR while mstatus.FS is Off"));
        }
        Ok(())
    }

    /// 2.1: privilege and read-only checks common to every CSR.
    fn check_access(&self, csr: u16, write: bool) -> Result<(), Fault> {
        if (self.prv as u16) < (csr >> 8) & 3 {
            return Err(illegal("CSR access from a lower privilege"));
        }
        if write && csr >> 10 == 3 {
            return Err(illegal("write to a read-only CSR"));
        }
        Ok(())
    }

    /// Counter `bit` (0 = cycle, 1 = time, 2 = instret, n = hpmcounter n) is
    /// visible: always in M-mode, in S-mode if `mcounteren` allows, in U-mode if
    /// `mcounteren` and `scounteren` allow (3.1.11).
    fn counter_visible(&self, bit: u16) -> bool {
        let m = self.mcounteren >> bit & 1 != 0;
        let s = self.scounteren >> bit & 1 != 0;
        match self.prv {
            PRV_M => true,
            PRV_S => m,
            _ => m && s,
        }
    }

    /// Sstc: `stimecmp` exists, and below M-mode needs `menvcfg.STCE` and
    /// `mcounteren.TM`.
    fn stimecmp_ok(&self) -> Result<(), Fault> {
        let enabled = self.menvcfg & ENVCFG_STCE != 0 && self.mcounteren & COUNTEREN_TM != 0;
        if !self.params.sstc || (self.prv < PRV_M && !enabled) {
            return Err(illegal(
                "stimecmp not enabled (Sstc, menvcfg.STCE, mcounteren.TM)",
            ));
        }
        Ok(())
    }

    /// S-mode `satp` access is illegal with `mstatus.TVM` (3.1.6.5).
    fn satp_ok(&self) -> Result<(), Fault> {
        if self.prv == PRV_S && self.mstatus & MS_TVM != 0 {
            return Err(illegal("satp access with mstatus.TVM set"));
        }
        Ok(())
    }

    /// Read a CSR.
    pub(crate) fn csr_read(
        &mut self,
        regs: &mut RvRegs,
        csr: u16,
        c: &HartCounters,
    ) -> Result<u64, Fault> {
        self.check_access(csr, false)?;
        Ok(match csr {
            FFLAGS | FRM | FCSR => {
                self.check_fp_on()?;
                regs.read_misc(csr)?
            }
            CYCLE..=0xc1f => {
                let bit = csr - CYCLE;
                if !self.counter_visible(bit) {
                    return Err(illegal("counter not enabled by mcounteren/scounteren"));
                }
                match csr {
                    CYCLE => c.cycles.wrapping_add(self.cycle_offset),
                    TIME => c.time,
                    INSTRET => c.instret.wrapping_add(self.instret_offset),
                    _ => 0,
                }
            }
            SSTATUS => self.mstatus & SSTATUS_VIEW,
            SIE => self.mie & self.mideleg,
            STVEC => self.stvec,
            SCOUNTEREN => self.scounteren,
            SENVCFG => self.senvcfg,
            SSCRATCH => self.sscratch,
            SEPC => self.sepc,
            SCAUSE => self.scause,
            STVAL => self.stval,
            SIP => self.mip(c.time) & self.mideleg,
            STIMECMP => {
                self.stimecmp_ok()?;
                self.stimecmp
            }
            SATP => {
                self.satp_ok()?;
                self.satp
            }
            MSTATUS => self.mstatus,
            MISA => self.misa(),
            MEDELEG => self.medeleg,
            MIDELEG => self.mideleg,
            MIE => self.mie,
            MTVEC => self.mtvec,
            MCOUNTEREN => self.mcounteren,
            MENVCFG => self.menvcfg,
            MCOUNTINHIBIT => self.mcountinhibit,
            MSCRATCH => self.mscratch,
            MEPC => self.mepc,
            MCAUSE => self.mcause,
            MTVAL => self.mtval,
            MIP => self.mip(c.time),
            MIP_RMW => (self.mip(c.time) & !(1 << IRQ_SEI)) | (self.mip_sw & 1 << IRQ_SEI),
            0x3a0..=0x3af if csr & 1 == 0 => self.pmp.read_cfg((csr - PMPCFG0) as usize / 2),
            PMPADDR0..=0x3ef => self.pmp.read_addr((csr - PMPADDR0) as usize),
            TSELECT | TDATA1 | TDATA2 | TDATA3 => 0,
            TINFO => 1,
            MCYCLE => c.cycles.wrapping_add(self.cycle_offset),
            MINSTRET => c.instret.wrapping_add(self.instret_offset),
            x if (MHPMCOUNTER3..=MHPMCOUNTER3 + HPM_LAST - HPM_FIRST).contains(&x) => 0,
            x if (MHPMEVENT3..=MHPMEVENT3 + HPM_LAST - HPM_FIRST).contains(&x) => 0,
            MVENDORID | MARCHID | MIMPID | MCONFIGPTR => 0,
            MHARTID => self.params.hart_id,
            _ => return Err(illegal("unknown CSR")),
        })
    }

    /// Write a CSR, legalizing the value.
    pub(crate) fn csr_write(
        &mut self,
        regs: &mut RvRegs,
        csr: u16,
        v: u64,
        c: &HartCounters,
    ) -> Result<(), Fault> {
        self.check_access(csr, true)?;
        match csr {
            FFLAGS | FRM | FCSR => {
                self.check_fp_on()?;
                regs.set_misc(csr, v)?
            }
            SSTATUS => {
                let m = (self.mstatus & !SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE);
                self.write_mstatus(m);
            }
            SIE => self.mie = (self.mie & !self.mideleg) | (v & self.mideleg),
            STVEC => self.stvec = legal_tvec(self.stvec, v),
            SCOUNTEREN => self.scounteren = v & 0xffff_ffff,
            SENVCFG => self.senvcfg = v & ENVCFG_FIOM,
            SSCRATCH => self.sscratch = v,
            SEPC => self.sepc = v & !1,
            SCAUSE => self.scause = v,
            STVAL => self.stval = v,
            SIP => {
                let m = self.mideleg & 1 << IRQ_SSI;
                self.mip_sw = (self.mip_sw & !m) | (v & m);
            }
            STIMECMP => {
                self.stimecmp_ok()?;
                self.stimecmp = v;
            }
            SATP => {
                self.satp_ok()?;
                self.write_satp(v);
            }
            MSTATUS => {
                let m = (self.mstatus & !MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
                self.write_mstatus(m);
            }
            MISA => {} // WARL: the extensions cannot be turned off
            MEDELEG => self.medeleg = v & MEDELEG_WRITABLE,
            MIDELEG => self.mideleg = v & IRQ_S,
            MIE => self.mie = v & IRQ_ALL,
            MTVEC => self.mtvec = legal_tvec(self.mtvec, v),
            MCOUNTEREN => self.mcounteren = v & 0xffff_ffff,
            MENVCFG => {
                let stce = if self.params.sstc { ENVCFG_STCE } else { 0 };
                self.menvcfg = v & (ENVCFG_FIOM | stce);
            }
            MCOUNTINHIBIT => self.mcountinhibit = v & 0xffff_fffd,
            MSCRATCH => self.mscratch = v,
            MEPC => self.mepc = v & !1,
            MCAUSE => self.mcause = v,
            MTVAL => self.mtval = v,
            // SSIP, SEIP's software part and (without Sstc) STIP are writable.
            // A CSRRS/CSRRC reads through `MIP_RMW`, so the value written here
            // carries SEIP's software bit, not the line's level.
            MIP => {
                let sti = if self.sstc_enabled() { 0 } else { 1 << IRQ_STI };
                let m = 1 << IRQ_SSI | 1 << IRQ_SEI | sti;
                self.mip_sw = (self.mip_sw & !m) | (v & m);
            }
            0x3a0..=0x3af if csr & 1 == 0 => {
                self.pmp.write_cfg((csr - PMPCFG0) as usize / 2, v);
                self.pmp_changed();
            }
            PMPADDR0..=0x3ef => {
                self.pmp.write_addr((csr - PMPADDR0) as usize, v);
                self.pmp_changed();
            }
            TSELECT | TDATA1 | TDATA2 | TDATA3 | TINFO => {}
            MCYCLE => self.cycle_offset = v.wrapping_sub(c.cycles),
            MINSTRET => self.instret_offset = v.wrapping_sub(c.instret),
            x if (MHPMCOUNTER3..=MHPMCOUNTER3 + HPM_LAST - HPM_FIRST).contains(&x) => {}
            x if (MHPMEVENT3..=MHPMEVENT3 + HPM_LAST - HPM_FIRST).contains(&x) => {}
            _ => return Err(illegal("unknown CSR")),
        }
        Ok(())
    }

    /// Store a new `mstatus` (3.1.6): MPP keeps its value when written with the
    /// reserved 2; FS reads Dirty when not Off (imprecise tracking, 3.1.6.6) and SD
    /// summarizes it; UXL and SXL stay 64-bit.
    pub(crate) fn write_mstatus(&mut self, v: u64) {
        let old = self.mstatus;
        let mut v = v;
        if (v & MS_MPP) >> MS_MPP_SHIFT == 2 {
            v = (v & !MS_MPP) | (old & MS_MPP);
        }
        if v & MS_FS != 0 {
            v |= MS_FS | MS_SD;
        } else {
            v &= !MS_SD;
        }
        v |= MS_UXL64 | MS_SXL64;
        self.mstatus = v;
        let changed = old ^ v;
        if changed & MS_MPRV != 0 || (v & MS_MPRV != 0 && changed & MS_MPP != 0) {
            self.bump_epoch();
        }
        if changed & (MS_SUM | MS_MXR) != 0 {
            self.perm_epoch = self.perm_epoch.wrapping_add(1);
        }
    }

    /// `satp` (4.1.11): a write with an unsupported MODE has no effect at all; the
    /// ASID keeps 16 bits, the PPN 44.
    fn write_satp(&mut self, v: u64) {
        let mode = v >> 60;
        if mode != satp_mode::BARE && !(satp_mode::SV39..=self.params.max_satp_mode).contains(&mode)
        {
            return;
        }
        // MODE, 16 ASID bits and 44 PPN bits: every bit of a legal value is kept.
        if v != self.satp {
            self.satp = v;
            self.bump_epoch();
        }
    }

    /// PMP settings changed: cached translations carry old verdicts.
    fn pmp_changed(&mut self) {
        self.itb.flush(None, None);
        self.dtb.flush(None, None);
        self.bump_epoch();
    }
}
