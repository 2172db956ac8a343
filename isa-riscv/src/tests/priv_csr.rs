//! Privileged CSRs: access rules (Privileged Architecture 2.1), WARL masks
//! (3.1.x, 4.1.x), views (`sstatus`, `sie`, `sip`) and counters (3.1.10-3.1.12).

use super::fs_mock::{FsHart, RAM};
use super::mock::csr as csr_inst;
use crate::privileged::csr::*;
use crate::privileged::{cause, PRV_M, PRV_S, PRV_U};
use crate::{RvSystemParams, FFLAGS, FRM};
use sim_core::arch::{ExecContext, Fault};

fn rd(h: &mut FsHart, c: u16) -> Result<u64, Fault> {
    h.read_misc(c)
}
fn wr(h: &mut FsHart, c: u16, v: u64) -> Result<(), Fault> {
    h.set_misc(c, v)
}

#[test]
fn mstatus_warl_and_read_only_fields() {
    let mut h = FsHart::new();
    wr(&mut h, MSTATUS, u64::MAX).unwrap();
    let v = rd(&mut h, MSTATUS).unwrap();
    // Writable: SIE MIE SPIE MPIE SPP MPP FS MPRV SUM MXR TVM TW TSR; UXL=SXL=2; SD.
    let expect = MSTATUS_WRITABLE | MS_UXL64 | MS_SXL64 | MS_SD;
    assert_eq!(v, expect, "{v:#x}");
    // UBE (6), VS (10:9), XS (16:15), SBE/MBE (36/37) stay zero.
    assert_eq!(v & (1 << 6 | 3 << 9 | 3 << 15 | 3 << 36), 0);
    // MPP = 2 is reserved: the field keeps its value.
    wr(&mut h, MSTATUS, (PRV_S as u64) << 11).unwrap();
    wr(&mut h, MSTATUS, 2 << 11).unwrap();
    assert_eq!(rd(&mut h, MSTATUS).unwrap() >> 11 & 3, PRV_S as u64);
    // FS Initial reads Dirty with SD set (imprecise tracking, 3.1.6.6); Off clears SD.
    wr(&mut h, MSTATUS, 1 << 13).unwrap();
    let v = rd(&mut h, MSTATUS).unwrap();
    assert_eq!((v >> 13 & 3, v >> 63), (3, 1));
    wr(&mut h, MSTATUS, 0).unwrap();
    assert_eq!(rd(&mut h, MSTATUS).unwrap(), MS_UXL64 | MS_SXL64);
}

#[test]
fn sstatus_is_a_view_of_mstatus() {
    let mut h = FsHart::new();
    wr(&mut h, MSTATUS, MS_MIE | MS_MPIE | MS_TVM | MS_SIE).unwrap();
    let s = rd(&mut h, SSTATUS).unwrap();
    assert_eq!(s, MS_SIE | MS_UXL64, "M-only bits hidden, UXL shown");
    // Writing sstatus changes only the S bits of mstatus.
    wr(&mut h, SSTATUS, u64::MAX).unwrap();
    let m = rd(&mut h, MSTATUS).unwrap();
    assert_eq!(
        m & MSTATUS_WRITABLE,
        MS_MIE | MS_MPIE | MS_TVM | SSTATUS_WRITABLE,
        "{m:#x}"
    );
    wr(&mut h, SSTATUS, 0).unwrap();
    assert_eq!(
        rd(&mut h, MSTATUS).unwrap() & MSTATUS_WRITABLE,
        MS_MIE | MS_MPIE | MS_TVM
    );
}

#[test]
fn interrupt_registers_alias_through_mideleg() {
    let mut h = FsHart::new();
    wr(&mut h, MIE, u64::MAX).unwrap();
    assert_eq!(rd(&mut h, MIE).unwrap(), IRQ_ALL);
    wr(&mut h, MIDELEG, u64::MAX).unwrap();
    assert_eq!(
        rd(&mut h, MIDELEG).unwrap(),
        IRQ_S,
        "only S interrupts delegate"
    );
    assert_eq!(rd(&mut h, SIE).unwrap(), IRQ_S);
    wr(&mut h, MIDELEG, 1 << IRQ_STI).unwrap();
    assert_eq!(
        rd(&mut h, SIE).unwrap(),
        1 << IRQ_STI,
        "sie shows delegated bits only"
    );
    wr(&mut h, SIE, 0).unwrap();
    assert_eq!(rd(&mut h, MIE).unwrap(), IRQ_ALL & !(1 << IRQ_STI));
    // mip: SSIP, STIP, SEIP are software-writable; M bits come from the pins.
    wr(&mut h, MIP, u64::MAX).unwrap();
    let s_bits = 1 << IRQ_SSI | 1 << IRQ_STI | 1 << IRQ_SEI;
    assert_eq!(rd(&mut h, MIP).unwrap(), s_bits);
    h.sys.pins().set(IRQ_MTI, true);
    h.sys.pins().set(IRQ_SEI, true);
    assert_eq!(rd(&mut h, MIP).unwrap(), s_bits | 1 << IRQ_MTI);
    // sip: delegated bits visible, only SSIP writable (and only when delegated).
    wr(&mut h, MIDELEG, IRQ_S).unwrap();
    wr(&mut h, MIP, 0).unwrap();
    assert_eq!(rd(&mut h, SIP).unwrap(), 1 << IRQ_SEI, "the SEIP line");
    wr(&mut h, SIP, u64::MAX).unwrap();
    assert_eq!(rd(&mut h, SIP).unwrap(), 1 << IRQ_SEI | 1 << IRQ_SSI);
    assert_eq!(
        rd(&mut h, MIP).unwrap() & (1 << IRQ_STI),
        0,
        "STIP not writable via sip"
    );
}

#[test]
fn medeleg_misa_tvec_epc_warl() {
    let mut h = FsHart::new();
    wr(&mut h, MEDELEG, u64::MAX).unwrap();
    assert_eq!(
        rd(&mut h, MEDELEG).unwrap(),
        0xb3ff,
        "11 (ecall from M) and reserved bits are zero"
    );
    let misa = rd(&mut h, MISA).unwrap();
    assert_eq!(misa >> 62, 2, "MXL = 64");
    for c in b"imafdcsu" {
        assert_ne!(misa & 1 << (c - b'a'), 0, "{}", *c as char);
    }
    wr(&mut h, MISA, 0).unwrap();
    assert_eq!(rd(&mut h, MISA).unwrap(), misa, "misa ignores writes");
    wr(&mut h, MTVEC, 0x8000_0101).unwrap();
    assert_eq!(rd(&mut h, MTVEC).unwrap(), 0x8000_0101, "vectored");
    wr(&mut h, MTVEC, 0x8000_0202).unwrap();
    assert_eq!(
        rd(&mut h, MTVEC).unwrap(),
        0x8000_0101,
        "reserved mode 2: no change"
    );
    wr(&mut h, STVEC, 0xffff_ffff_8000_0000).unwrap();
    assert_eq!(rd(&mut h, STVEC).unwrap(), 0xffff_ffff_8000_0000);
    wr(&mut h, MEPC, 0x8000_0003).unwrap();
    assert_eq!(
        rd(&mut h, MEPC).unwrap(),
        0x8000_0002,
        "bit 0 is zero (IALIGN 16)"
    );
    wr(&mut h, SEPC, 0x1001).unwrap();
    assert_eq!(rd(&mut h, SEPC).unwrap(), 0x1000);
    assert_eq!(rd(&mut h, MHARTID).unwrap(), 0);
    assert_eq!(rd(&mut h, MVENDORID).unwrap(), 0);
    assert_eq!(rd(&mut h, MCONFIGPTR).unwrap(), 0);
    assert_eq!(
        (rd(&mut h, TSELECT), rd(&mut h, TINFO)),
        (Ok(0), Ok(1)),
        "no triggers"
    );
    let mut h7 = FsHart::with(RvSystemParams {
        hart_id: 7,
        ..RvSystemParams::default()
    });
    assert_eq!(rd(&mut h7, MHARTID).unwrap(), 7);
}

#[test]
fn satp_modes_are_warl() {
    let mut h = FsHart::new();
    let sv39 = 8u64 << 60 | 0xffff << 44 | 0x80123;
    wr(&mut h, SATP, sv39).unwrap();
    assert_eq!(rd(&mut h, SATP).unwrap(), sv39, "16 ASID bits");
    for mode in [9u64, 10] {
        wr(&mut h, SATP, mode << 60 | 5).unwrap();
        assert_eq!(rd(&mut h, SATP).unwrap(), mode << 60 | 5);
    }
    // An unsupported mode (Sv64 = 11, reserved 1) leaves satp unchanged (4.1.11).
    wr(&mut h, SATP, 11 << 60 | 7).unwrap();
    assert_eq!(rd(&mut h, SATP).unwrap(), 10 << 60 | 5);
    wr(&mut h, SATP, 1 << 60).unwrap();
    assert_eq!(rd(&mut h, SATP).unwrap(), 10 << 60 | 5);
    // A hart limited to Sv39 refuses Sv48, as Linux's probe expects.
    let mut h39 = FsHart::with(RvSystemParams {
        max_satp_mode: 8,
        ..RvSystemParams::default()
    });
    wr(&mut h39, SATP, 9 << 60).unwrap();
    assert_eq!(rd(&mut h39, SATP).unwrap(), 0);
    // S-mode access with TVM is illegal.
    wr(&mut h, MSTATUS, MS_TVM).unwrap();
    h.sys.set_prv(PRV_S);
    assert!(matches!(rd(&mut h, SATP), Err(Fault::IllegalInst { .. })));
}

#[test]
fn lower_privilege_and_read_only_accesses_are_illegal() {
    let mut h = FsHart::new();
    h.sys.set_prv(PRV_S);
    for c in [MSTATUS, MSCRATCH, MIE, PMPCFG0, MHARTID, MCYCLE] {
        assert!(
            matches!(rd(&mut h, c), Err(Fault::IllegalInst { .. })),
            "{c:#x}"
        );
    }
    assert!(rd(&mut h, SSTATUS).is_ok());
    h.sys.set_prv(PRV_U);
    assert!(matches!(
        rd(&mut h, SSTATUS),
        Err(Fault::IllegalInst { .. })
    ));
    // The floating-point CSRs: illegal while mstatus.FS is Off (its reset
    // value), accessible at any privilege once it is on.
    assert!(matches!(rd(&mut h, FFLAGS), Err(Fault::IllegalInst { .. })));
    h.sys.set_prv(PRV_M);
    wr(&mut h, MSTATUS, MS_FS).unwrap();
    h.sys.set_prv(PRV_U);
    assert!(rd(&mut h, FFLAGS).is_ok(), "user FP CSRs stay accessible");
    assert!(wr(&mut h, FRM, 1).is_ok());
    h.sys.set_prv(PRV_M);
    for c in [MHARTID, MVENDORID, 0xc00] {
        assert!(
            matches!(wr(&mut h, c, 1), Err(Fault::IllegalInst { .. })),
            "{c:#x}"
        );
    }
    assert!(
        matches!(rd(&mut h, 0x7c0), Err(Fault::IllegalInst { .. })),
        "unknown CSR"
    );
    assert!(
        matches!(rd(&mut h, 0x3a1), Err(Fault::IllegalInst { .. })),
        "odd pmpcfg on RV64"
    );
}

#[test]
fn illegal_csr_instruction_traps_with_its_bits() {
    let mut h = FsHart::new();
    wr(&mut h, MTVEC, RAM + 0x100).unwrap();
    wr(&mut h, MEDELEG, 0).unwrap();
    h.sys.set_prv(PRV_S);
    let inst = csr_inst("csrrs", 5, 0, MSTATUS as u32);
    h.code(RAM, &[inst]);
    h.step();
    assert_eq!(h.pc, RAM + 0x100);
    h.sys.set_prv(PRV_M);
    assert_eq!(rd(&mut h, MCAUSE).unwrap(), cause::ILLEGAL_INST);
    assert_eq!(
        rd(&mut h, MTVAL).unwrap(),
        inst as u64,
        "tval = instruction bits"
    );
    assert_eq!(rd(&mut h, MEPC).unwrap(), RAM);
}

#[test]
fn counters_follow_the_cpu_and_counteren() {
    let mut h = FsHart::new();
    h.counters.cycles = 1000;
    h.counters.instret = 400;
    h.counters.time = 77;
    assert_eq!(rd(&mut h, 0xc00).unwrap(), 1000);
    assert_eq!(rd(&mut h, 0xc01).unwrap(), 77);
    assert_eq!(rd(&mut h, 0xc02).unwrap(), 400);
    wr(&mut h, MCYCLE, 5).unwrap();
    h.counters.cycles = 1010;
    assert_eq!(
        rd(&mut h, 0xc00).unwrap(),
        15,
        "mcycle write sets the count"
    );
    assert_eq!(rd(&mut h, 0xc05).unwrap(), 0, "hpmcounters read zero");
    wr(&mut h, 0xb05, 9).unwrap();
    assert_eq!(rd(&mut h, 0xb05).unwrap(), 0);
    wr(&mut h, MCOUNTINHIBIT, u64::MAX).unwrap();
    assert_eq!(
        rd(&mut h, MCOUNTINHIBIT).unwrap(),
        0xffff_fffd,
        "bit 1 (time) is zero"
    );
    // S-mode sees time only with mcounteren.TM; U-mode needs scounteren too.
    wr(&mut h, MCOUNTEREN, 0b010).unwrap();
    h.sys.set_prv(PRV_S);
    assert_eq!(rd(&mut h, 0xc01).unwrap(), 77);
    assert!(rd(&mut h, 0xc00).is_err(), "cycle not enabled");
    h.sys.set_prv(PRV_U);
    assert!(rd(&mut h, 0xc01).is_err());
    h.sys.set_prv(PRV_S);
    wr(&mut h, SCOUNTEREN, 0b010).unwrap();
    h.sys.set_prv(PRV_U);
    assert_eq!(rd(&mut h, 0xc01).unwrap(), 77);
}

#[test]
fn sstc_stimecmp_drives_stip() {
    let mut h = FsHart::new();
    h.sys.set_prv(PRV_S);
    assert!(rd(&mut h, STIMECMP).is_err(), "STCE off");
    h.sys.set_prv(PRV_M);
    wr(&mut h, MENVCFG, u64::MAX).unwrap();
    assert_eq!(rd(&mut h, MENVCFG).unwrap(), ENVCFG_STCE | ENVCFG_FIOM);
    wr(&mut h, MCOUNTEREN, COUNTEREN_TM).unwrap();
    h.sys.set_prv(PRV_S);
    wr(&mut h, STIMECMP, 100).unwrap();
    h.counters.time = 99;
    h.sys.set_prv(PRV_M);
    assert_eq!(rd(&mut h, MIP).unwrap() & 1 << IRQ_STI, 0);
    h.counters.time = 100;
    assert_ne!(
        rd(&mut h, MIP).unwrap() & 1 << IRQ_STI,
        0,
        "time >= stimecmp"
    );
    wr(&mut h, MIP, 0).unwrap();
    assert_ne!(
        rd(&mut h, MIP).unwrap() & 1 << IRQ_STI,
        0,
        "STIP read-only under Sstc"
    );
    use sim_core::arch::ArchSystem;
    assert_eq!(h.sys.timer_deadline(), Some(100));
}
