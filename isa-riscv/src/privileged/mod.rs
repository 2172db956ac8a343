//! The RISC-V privileged architecture of one hart, for full-system runs: M, S and
//! U modes, the machine and supervisor CSRs, trap entry and delegation,
//! interrupts, Sv39/Sv48/Sv57 translation with TLBs, PMP and Sstc (RISC-V
//! Privileged Architecture 1.12; section numbers in the doc comments refer to it).
//!
//! [`RvSystem`] implements [`ArchSystem`], the seam CPU models use (see
//! `sim_core::arch::ArchSystem`): CSR accesses other than the user-level FP CSRs
//! reach it through `ExecContext::read_misc`/`set_misc`, `mret`/`sret`/`wfi`/
//! `sfence.vma`/`ecall` through `ExecContext::system_op`, and the CPU asks it for
//! pending interrupts, trap entry and translations.
//!
//! Choices where the specification leaves room (and QEMU's `virt` machine, the
//! reference, makes the same one):
//! * Accessed/dirty bits are set by the walker with an atomic compare-and-swap
//!   (4.3.1 allows it; QEMU does it); `hw_ad_update = false` makes missing A/D
//!   bits page faults instead (Svade behaviour). Neither Svade nor Svadu is
//!   advertised.
//! * `mstatus.FS` reads Dirty whenever it is not Off (imprecise dirty tracking,
//!   3.1.6.6).
//! * No debug triggers: `tselect` reads 0, `tinfo` reads 1 ("no trigger"), 3.1 of
//!   the debug specification; hpm counters and events read zero.
//! * 16-bit ASIDs, PMP granularity of 4 bytes, 16 PMP entries by default.
//! * FP instructions and `fflags`/`frm`/`fcsr` are illegal while FS is Off
//!   (3.1.6.6; `guest/isa/rv64mi_fpoff.S` checks it).

pub mod csr;
mod csr_access;
mod mmu;
mod pmp;
mod tlb;
mod trap;

pub use pmp::{Pmp, PmpResult};
pub use tlb::{Tlb, TlbEntry, TlbStats};
pub use trap::cause;

use crate::RvRegs;
use sim_core::arch::{
    ArchSystem, Fault, HartCounters, Interrupt, IrqPins, MemAccess, PrivLevel, SystemEffect,
    SystemOp, Translation, Trap, WalkState, WalkStep,
};
use sim_core::{Addr, StatVisitor};

/// User mode.
pub const PRV_U: u8 = 0;
/// Supervisor mode.
pub const PRV_S: u8 = 1;
/// Machine mode.
pub const PRV_M: u8 = 3;

/// `SystemOp` codes of this ISA.
pub mod op {
    /// `mret`.
    pub const MRET: u16 = 1;
    /// `sret`.
    pub const SRET: u16 = 2;
    /// `wfi`.
    pub const WFI: u16 = 3;
    /// `sfence.vma rs1, rs2` (args: virtual address, ASID; `None` for `x0`).
    pub const SFENCE_VMA: u16 = 4;
    /// `ecall` (the trap cause depends on the privilege).
    pub const ECALL: u16 = 5;
}

/// `satp.MODE` values (4.1.11).
pub mod satp_mode {
    /// No translation.
    pub const BARE: u64 = 0;
    /// Sv39.
    pub const SV39: u64 = 8;
    /// Sv48.
    pub const SV48: u64 = 9;
    /// Sv57.
    pub const SV57: u64 = 10;
}

/// Configuration of one hart's privileged state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RvSystemParams {
    /// `mhartid`.
    pub hart_id: u64,
    /// Implemented PMP entries (0..=64; QEMU has 16).
    pub pmp_entries: usize,
    /// The largest translation mode `satp` accepts (Sv39, Sv48 or Sv57; the smaller
    /// ones are accepted too, as QEMU does).
    pub max_satp_mode: u64,
    /// Set A/D bits in hardware (true) or fault when they need setting (Svade).
    pub hw_ad_update: bool,
    /// Implement Sstc (`stimecmp`, `menvcfg.STCE`).
    pub sstc: bool,
    /// Entries of each TLB (gem5's `RiscvTLB.size` is 64).
    pub tlb_entries: usize,
    /// Ways per set of each TLB (a power of two dividing `tlb_entries`).
    pub tlb_assoc: usize,
}

impl Default for RvSystemParams {
    fn default() -> Self {
        RvSystemParams {
            hart_id: 0,
            pmp_entries: 16,
            max_satp_mode: satp_mode::SV57,
            hw_ad_update: true,
            sstc: true,
            tlb_entries: 64,
            tlb_assoc: 8,
        }
    }
}

/// The privileged state of one RV64 hart (everything but the user registers,
/// which stay in [`RvRegs`]).
#[derive(Clone, Debug)]
pub struct RvSystem {
    pub(crate) params: RvSystemParams,
    pub(crate) prv: u8,
    pub(crate) mstatus: u64,
    pub(crate) medeleg: u64,
    pub(crate) mideleg: u64,
    pub(crate) mie: u64,
    /// Software-writable `mip` bits (SSIP, STIP without Sstc, SEIP's software part).
    pub(crate) mip_sw: u64,
    pub(crate) mtvec: u64,
    pub(crate) stvec: u64,
    pub(crate) mepc: u64,
    pub(crate) sepc: u64,
    pub(crate) mcause: u64,
    pub(crate) scause: u64,
    pub(crate) mtval: u64,
    pub(crate) stval: u64,
    pub(crate) mscratch: u64,
    pub(crate) sscratch: u64,
    pub(crate) satp: u64,
    pub(crate) mcounteren: u64,
    pub(crate) scounteren: u64,
    pub(crate) menvcfg: u64,
    pub(crate) senvcfg: u64,
    pub(crate) stimecmp: u64,
    pub(crate) mcountinhibit: u64,
    /// `mcycle` minus the CPU's cycle count (software writes `mcycle`).
    pub(crate) cycle_offset: u64,
    /// `minstret` minus the CPU's retired-instruction count.
    pub(crate) instret_offset: u64,
    pub(crate) pmp: Pmp,
    pub(crate) itb: Tlb,
    pub(crate) dtb: Tlb,
    pub(crate) pins: IrqPins,
    pub(crate) epoch: u64,
    pub(crate) perm_epoch: u64,
}

impl RvSystem {
    /// A hart at reset (3.4): M-mode, interrupts disabled, translation off; its
    /// interrupt inputs are `pins`.
    pub fn new(params: RvSystemParams, pins: IrqPins) -> Self {
        let pmp = Pmp::new(params.pmp_entries.min(64));
        let itb = Tlb::new(params.tlb_entries, params.tlb_assoc);
        let dtb = Tlb::new(params.tlb_entries, params.tlb_assoc);
        RvSystem {
            params,
            prv: PRV_M,
            mstatus: csr::MS_UXL64 | csr::MS_SXL64,
            medeleg: 0,
            mideleg: 0,
            mie: 0,
            mip_sw: 0,
            mtvec: 0,
            stvec: 0,
            mepc: 0,
            sepc: 0,
            mcause: 0,
            scause: 0,
            mtval: 0,
            stval: 0,
            mscratch: 0,
            sscratch: 0,
            satp: 0,
            mcounteren: 0,
            scounteren: 0,
            menvcfg: 0,
            senvcfg: 0,
            stimecmp: u64::MAX,
            mcountinhibit: 0,
            cycle_offset: 0,
            instret_offset: 0,
            pmp,
            itb,
            dtb,
            pins,
            epoch: 0,
            perm_epoch: 0,
        }
    }

    /// The `misa` value: RV64 with I, M, A, F, D, C, S and U.
    pub fn misa(&self) -> u64 {
        let ext = b"imafdcsu".iter().fold(0u64, |m, &c| m | 1 << (c - b'a'));
        2 << 62 | ext
    }

    /// The current privilege (`PRV_U`, `PRV_S` or `PRV_M`).
    pub fn prv(&self) -> u8 {
        self.prv
    }

    /// Set the privilege directly (loaders and tests; software changes it by traps
    /// and trap returns).
    pub fn set_prv(&mut self, prv: u8) {
        self.switch_prv(prv);
    }

    /// The interrupt lines into this hart.
    pub fn pins(&self) -> &IrqPins {
        &self.pins
    }

    /// Instruction TLB (gem5's `mmu.itb`).
    pub fn itb(&self) -> &Tlb {
        &self.itb
    }

    /// Data TLB (gem5's `mmu.dtb`).
    pub fn dtb(&self) -> &Tlb {
        &self.dtb
    }

    /// Cached translations and decoded instructions may be stale from now on.
    pub(crate) fn bump_epoch(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
    }
}

impl ArchSystem<RvRegs> for RvSystem {
    fn privilege(&self) -> PrivLevel {
        PrivLevel(self.prv)
    }
    fn fp_enabled(&self) -> bool {
        self.mstatus & csr::MS_FS != 0
    }

    fn pending_interrupt(&self, time: u64) -> Option<Interrupt> {
        self.interrupt_to_take(time)
            .map(|irq| Interrupt { cause: irq as u64 })
    }

    fn wake_from_wait(&self, time: u64) -> bool {
        self.mip(time) & self.mie != 0
    }

    fn timer_deadline(&self) -> Option<u64> {
        (self.params.sstc && self.menvcfg & csr::ENVCFG_STCE != 0).then_some(self.stimecmp)
    }

    fn take_trap(&mut self, _regs: &mut RvRegs, trap: Trap, pc: Addr) -> Addr {
        self.enter_trap(trap, pc)
    }

    fn read_misc(
        &mut self,
        regs: &mut RvRegs,
        idx: u16,
        counters: &HartCounters,
    ) -> Result<u64, Fault> {
        self.csr_read(regs, idx, counters)
    }

    fn set_misc(
        &mut self,
        regs: &mut RvRegs,
        idx: u16,
        v: u64,
        counters: &HartCounters,
    ) -> Result<(), Fault> {
        self.csr_write(regs, idx, v, counters)
    }

    fn system_op(
        &mut self,
        _regs: &mut RvRegs,
        op: SystemOp,
        pc: Addr,
    ) -> Result<SystemEffect, Fault> {
        self.do_system_op(op, pc)
    }

    fn translate(&mut self, vaddr: Addr, access: MemAccess, size: usize) -> Translation {
        self.start_translation(vaddr, access, size)
    }

    fn walk_step(&mut self, walk: &mut WalkState, reply: u64) -> WalkStep {
        self.step_walk(walk, reply)
    }

    fn translation_epoch(&self) -> u64 {
        self.epoch
    }

    fn permission_epoch(&self) -> u64 {
        self.perm_epoch
    }

    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.begin_group("mmu");
        v.begin_group("dtb");
        self.dtb.stats.visit(v);
        v.end_group();
        v.begin_group("itb");
        self.itb.stats.visit(v);
        v.end_group();
        v.end_group();
    }

    fn reset_stats(&mut self) {
        self.dtb.stats = TlbStats::default();
        self.itb.stats = TlbStats::default();
    }
}
