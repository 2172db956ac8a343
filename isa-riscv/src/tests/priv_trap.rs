//! Traps: delegation (3.1.8), vectored `mtvec` (3.1.7), trap entry (3.3.1),
//! `mret`/`sret` (3.3.2), interrupt priority and masking (3.1.9), `wfi` (3.3.3),
//! `ecall` causes, and the privileged instructions staying illegal in SE mode.

use super::fs_mock::{FsHart, RAM};
use super::mock::{csr as csr_inst, i as i_inst, Mock};
use crate::privileged::csr::*;
use crate::privileged::{cause, PRV_M, PRV_S, PRV_U};
use sim_core::arch::{ArchSystem, ExecContext, Fault, Interrupt, Trap};
use sim_core::Addr;

const MRET: u32 = 0x3020_0073;
const SRET: u32 = 0x1020_0073;
const WFI: u32 = 0x1050_0073;
const ECALL: u32 = 0x0000_0073;

/// Write a CSR as M-mode software would, keeping the hart's privilege.
fn set(h: &mut FsHart, c: u16, v: u64) {
    let p = h.sys.prv();
    h.sys.set_prv(PRV_M);
    h.set_misc(c, v).unwrap();
    h.sys.set_prv(p);
}
fn get(h: &mut FsHart, c: u16) -> u64 {
    let p = h.sys.prv();
    h.sys.set_prv(PRV_M);
    let v = h.read_misc(c).unwrap();
    h.sys.set_prv(p);
    v
}
fn page_fault() -> Trap {
    Trap::Fault(Fault::PageFault {
        addr: Addr(0x1234),
        access: sim_core::arch::MemAccess::Load,
    })
}

#[test]
fn delegation_chooses_s_or_m() {
    let mut h = FsHart::new();
    set(&mut h, MTVEC, 0x8000_1000);
    set(&mut h, STVEC, 0x8000_2000);
    set(&mut h, MEDELEG, 1 << cause::LOAD_PAGE);
    // From U with the cause delegated: S-mode, scause/sepc/stval, SPP = U.
    h.sys.set_prv(PRV_U);
    let to = h.sys.take_trap(&mut h.regs, page_fault(), Addr(0x4000));
    assert_eq!((to, h.sys.prv()), (Addr(0x8000_2000), PRV_S));
    assert_eq!(get(&mut h, SCAUSE), cause::LOAD_PAGE);
    assert_eq!((get(&mut h, SEPC), get(&mut h, STVAL)), (0x4000, 0x1234));
    assert_eq!(get(&mut h, MSTATUS) & MS_SPP, 0);
    // From S, delegated: stays in S with SPP = S.
    let to = h.sys.take_trap(&mut h.regs, page_fault(), Addr(0x5000));
    assert_eq!((to, h.sys.prv()), (Addr(0x8000_2000), PRV_S));
    assert_ne!(get(&mut h, MSTATUS) & MS_SPP, 0);
    // From M, delegation never applies: M-mode, MPP = M.
    h.sys.set_prv(PRV_M);
    let to = h.sys.take_trap(&mut h.regs, page_fault(), Addr(0x6000));
    assert_eq!((to, h.sys.prv()), (Addr(0x8000_1000), PRV_M));
    assert_eq!(get(&mut h, MCAUSE), cause::LOAD_PAGE);
    assert_eq!(get(&mut h, MSTATUS) >> MS_MPP_SHIFT & 3, PRV_M as u64);
    // Not delegated (a store page fault) from U: M-mode with MPP = U.
    h.sys.set_prv(PRV_U);
    let f = Fault::PageFault {
        addr: Addr(8),
        access: sim_core::arch::MemAccess::Store,
    };
    h.sys.take_trap(&mut h.regs, Trap::Fault(f), Addr(0x7000));
    assert_eq!(h.sys.prv(), PRV_M);
    assert_eq!(
        (get(&mut h, MCAUSE), get(&mut h, MTVAL)),
        (cause::STORE_PAGE, 8)
    );
    assert_eq!(get(&mut h, MSTATUS) & MS_MPP, 0);
}

#[test]
fn vectored_tvec_applies_to_interrupts_only() {
    let mut h = FsHart::new();
    set(&mut h, MTVEC, 0x8000_0001);
    h.sys.set_prv(PRV_U);
    let irq = Trap::Interrupt(Interrupt {
        cause: IRQ_MTI as u64,
    });
    assert_eq!(
        h.sys.take_trap(&mut h.regs, irq, Addr(0)),
        Addr(0x8000_001c)
    );
    assert_eq!(get(&mut h, MCAUSE), 1 << 63 | 7);
    h.sys.set_prv(PRV_U);
    assert_eq!(
        h.sys.take_trap(&mut h.regs, page_fault(), Addr(0)),
        Addr(0x8000_0000)
    );
}

#[test]
fn trap_entry_and_mret_update_the_interrupt_stack() {
    let mut h = FsHart::new();
    set(&mut h, MTVEC, RAM + 0x100);
    set(&mut h, MSTATUS, MS_MIE);
    set(&mut h, MEPC, RAM + 0x40);
    // mret to S: MIE <- MPIE (0), MPIE <- 1, MPP <- U, privilege <- S.
    set(
        &mut h,
        MSTATUS,
        MS_MIE | (PRV_S as u64) << MS_MPP_SHIFT | MS_MPRV,
    );
    h.code(RAM, &[MRET]);
    h.step();
    assert_eq!((h.pc, h.sys.prv()), (RAM + 0x40, PRV_S));
    let m = get(&mut h, MSTATUS);
    assert_eq!(m & (MS_MIE | MS_MPIE | MS_MPP | MS_MPRV), MS_MPIE, "{m:#x}");
    // A trap from S into M: MPIE <- MIE (0), MIE <- 0, MPP <- S.
    h.code(RAM + 0x40, &[ECALL]);
    h.step();
    assert_eq!((h.pc, h.sys.prv()), (RAM + 0x100, PRV_M));
    assert_eq!(get(&mut h, MCAUSE), cause::ECALL_S);
    assert_eq!(get(&mut h, MEPC), RAM + 0x40);
    let m = get(&mut h, MSTATUS);
    assert_eq!(
        m & (MS_MIE | MS_MPIE | MS_MPP),
        (PRV_S as u64) << MS_MPP_SHIFT
    );
    // mret in S-mode is illegal.
    h.sys.set_prv(PRV_S);
    set(&mut h, STVEC, RAM + 0x200);
    set(&mut h, MEDELEG, 1 << cause::ILLEGAL_INST);
    h.pc = RAM;
    h.step();
    assert_eq!((h.pc, h.sys.prv()), (RAM + 0x200, PRV_S));
    assert_eq!(
        (get(&mut h, SCAUSE), get(&mut h, STVAL)),
        (cause::ILLEGAL_INST, MRET as u64)
    );
}

#[test]
fn sret_restores_spp_and_spie_and_obeys_tsr() {
    let mut h = FsHart::new();
    set(&mut h, SEPC, RAM + 0x80);
    set(&mut h, MSTATUS, MS_SPIE | MS_SPP);
    h.code(RAM, &[SRET, SRET]);
    h.sys.set_prv(PRV_S);
    h.step();
    assert_eq!((h.pc, h.sys.prv()), (RAM + 0x80, PRV_S), "SPP = S");
    let m = get(&mut h, MSTATUS);
    assert_eq!(m & (MS_SIE | MS_SPIE | MS_SPP), MS_SIE | MS_SPIE);
    // SPP is now U: the next sret goes to U-mode.
    h.pc = RAM;
    h.step();
    assert_eq!(h.sys.prv(), PRV_U);
    // In U-mode, sret is illegal; in S-mode with TSR too.
    set(&mut h, MTVEC, RAM + 0x300);
    h.pc = RAM;
    h.step();
    assert_eq!((h.pc, h.sys.prv()), (RAM + 0x300, PRV_M));
    set(&mut h, MSTATUS, MS_TSR);
    h.sys.set_prv(PRV_S);
    h.pc = RAM;
    h.step();
    assert_eq!(
        (get(&mut h, MCAUSE), h.sys.prv()),
        (cause::ILLEGAL_INST, PRV_M)
    );
}

#[test]
fn interrupt_priority_and_masking() {
    let mut h = FsHart::new();
    let pins = h.sys.pins().clone();
    set(&mut h, MIE, IRQ_ALL);
    for l in [IRQ_MTI, IRQ_MSI, IRQ_SEI] {
        pins.set(l, true);
    }
    set(&mut h, MIP, 1 << IRQ_SSI | 1 << IRQ_STI);
    let take = |h: &FsHart| h.sys.pending_interrupt(0).map(|i| i.cause as u32);
    // M-mode with MIE = 0: nothing is taken.
    assert_eq!(take(&h), None);
    set(&mut h, MSTATUS, MS_MIE);
    assert_eq!(take(&h), Some(IRQ_MSI), "MSI > MTI > SEI");
    pins.set(IRQ_MEI, true);
    assert_eq!(take(&h), Some(IRQ_MEI));
    // Delegate the S interrupts; in M-mode they never interrupt, whatever SIE says.
    set(&mut h, MIDELEG, IRQ_S);
    for l in [IRQ_MEI, IRQ_MSI, IRQ_MTI] {
        pins.set(l, false);
    }
    set(&mut h, MSTATUS, MS_MIE | MS_SIE);
    assert_eq!(take(&h), None);
    // In S-mode with SIE = 0 delegated interrupts wait; with SIE = 1: SEI > SSI > STI.
    h.sys.set_prv(PRV_S);
    set(&mut h, MSTATUS, 0);
    assert_eq!(take(&h), None);
    set(&mut h, MSTATUS, MS_SIE);
    assert_eq!(take(&h), Some(IRQ_SEI));
    pins.set(IRQ_SEI, false);
    assert_eq!(take(&h), Some(IRQ_SSI));
    set(&mut h, MIP, 1 << IRQ_STI);
    assert_eq!(take(&h), Some(IRQ_STI));
    // In U-mode S interrupts are enabled regardless of SIE; M ones regardless of MIE.
    h.sys.set_prv(PRV_U);
    set(&mut h, MSTATUS, 0);
    assert_eq!(take(&h), Some(IRQ_STI));
    pins.set(IRQ_MTI, true);
    assert_eq!(
        take(&h),
        Some(IRQ_MTI),
        "M-level interrupts come before S-level ones"
    );
    // mie masks individually.
    set(&mut h, MIE, 0);
    assert_eq!(take(&h), None);
}

#[test]
fn interrupt_is_taken_at_the_boundary_into_s_mode() {
    let mut h = FsHart::new();
    set(&mut h, STVEC, RAM + 0x101);
    set(&mut h, MIDELEG, IRQ_S);
    set(&mut h, MIE, 1 << IRQ_SEI);
    h.sys.set_prv(PRV_U);
    h.pc = RAM + 0x10;
    h.sys.pins().set(IRQ_SEI, true);
    h.step();
    assert_eq!(
        (h.pc, h.sys.prv()),
        (RAM + 0x100 + 4 * 9, PRV_S),
        "vectored"
    );
    assert_eq!(get(&mut h, SCAUSE), 1 << 63 | 9);
    assert_eq!(get(&mut h, SEPC), RAM + 0x10, "the interrupted instruction");
}

#[test]
fn wfi_waits_and_wakes_on_an_enabled_line_even_if_masked() {
    let mut h = FsHart::new();
    set(&mut h, MIE, 1 << IRQ_MTI);
    h.code(RAM, &[WFI, i_inst("addi", 5, 0, 1)]);
    h.step();
    assert!(h.waiting);
    h.step();
    assert_eq!((h.pc, h.regs.x[5]), (RAM + 4, 0), "still asleep");
    h.sys.pins().set(IRQ_MTI, true);
    h.step();
    assert!(!h.waiting);
    assert_eq!(
        h.regs.x[5], 1,
        "MIE = 0: resumes after wfi without trapping"
    );
    // TW = 1 makes wfi below M-mode illegal; in U-mode it always is.
    h.sys.pins().set(IRQ_MTI, false);
    set(&mut h, MSTATUS, MS_TW);
    set(&mut h, MTVEC, RAM + 0x40);
    h.sys.set_prv(PRV_S);
    h.pc = RAM;
    h.step();
    assert_eq!(
        (get(&mut h, MCAUSE), h.pc),
        (cause::ILLEGAL_INST, RAM + 0x40)
    );
}

#[test]
fn ecall_cause_depends_on_privilege() {
    let mut h = FsHart::new();
    set(&mut h, MTVEC, RAM + 0x40);
    h.code(RAM, &[ECALL]);
    for (prv, c) in [
        (PRV_U, cause::ECALL_U),
        (PRV_S, cause::ECALL_S),
        (PRV_M, cause::ECALL_M),
    ] {
        h.sys.set_prv(prv);
        h.pc = RAM;
        h.step();
        assert_eq!((get(&mut h, MCAUSE), get(&mut h, MTVAL)), (c, 0));
    }
}

#[test]
fn privileged_instructions_stay_illegal_in_se_mode() {
    let mut m = Mock::new();
    for raw in [
        MRET,
        SRET,
        WFI,
        0x1200_0073,
        csr_inst("csrrs", 5, 0, MSTATUS as u32),
    ] {
        m.pc = 0x4000;
        match m.exec(raw) {
            Err(Fault::IllegalInst { pc, raw: r, .. }) => {
                assert_eq!((pc.0, r), (0x4000, raw as u64))
            }
            other => panic!("{raw:#x}: {other:?}"),
        }
    }
    m.exec(ECALL).unwrap();
    assert_eq!(m.syscalls, 1, "ecall is still a system call in SE");
    assert!(!m.full_system());
}

#[test]
fn csrrs_on_mip_while_the_plic_line_is_high_does_not_latch_seip() {
    // OpenSBI injects an IPI with `csrs mip, SSIP` while a device holds SEIP high:
    // only SEIP's software bit takes part in the read-modify-write (3.1.9).
    let mut h = FsHart::new();
    let pins = h.sys.pins().clone();
    pins.set(IRQ_SEI, true);
    h.regs.x[6] = 1 << IRQ_SSI;
    h.code(
        RAM,
        &[
            csr_inst("csrrs", 5, 6, MIP as u32),
            csr_inst("csrrc", 7, 6, MIP as u32),
            csr_inst("csrrs", 8, 6, MIP as u32),
        ],
    );
    h.step();
    assert_eq!(
        h.regs.x[5] & (1 << IRQ_SEI),
        1 << IRQ_SEI,
        "rd sees the line"
    );
    pins.set(IRQ_SEI, false);
    assert_eq!(get(&mut h, MIP), 1 << IRQ_SSI, "SEIP falls with the line");
    h.step();
    assert_eq!(get(&mut h, MIP), 0);
    // A software-set SEIP stays, whatever the line does.
    h.regs.x[6] = 1 << IRQ_SEI;
    h.step();
    pins.set(IRQ_SEI, true);
    pins.set(IRQ_SEI, false);
    assert_eq!(get(&mut h, MIP), 1 << IRQ_SEI);
}
