//! What CPU models see: flags, op classes, register lists and branch targets.

use super::mock::{csr, dec, i, r, rf};
use crate::fp::{FFLAGS, FRM};
use sim_core::arch::{InstFlags, OpClass, RegId, StaticInst};
use sim_core::Addr;

fn srcs(raw: u32) -> Vec<RegId> {
    let mut out = [RegId::int(0); 8];
    let n = dec(raw).srcs(&mut out);
    out[..n].to_vec()
}

fn dests(raw: u32) -> Vec<RegId> {
    let mut out = [RegId::int(0); 8];
    let n = dec(raw).dests(&mut out);
    out[..n].to_vec()
}

#[test]
fn control_flags() {
    let beq = dec(0xfeb50ae3); // beq a0,a1,-12
    assert!(beq
        .flags()
        .has(InstFlags::CONTROL | InstFlags::DIRECT | InstFlags::CONDITIONAL));
    assert_eq!(beq.direct_target(Addr(0x100)), Some(Addr(0xf4)));
    let call = dec(0xff1ff0ef); // jal ra,-16
    assert!(call
        .flags()
        .has(InstFlags::CONTROL | InstFlags::DIRECT | InstFlags::CALL));
    assert_eq!(call.direct_target(Addr(0x100)), Some(Addr(0xf0)));
    let ret = dec(0x00008067); // jalr zero,0(ra)
    assert!(ret
        .flags()
        .has(InstFlags::CONTROL | InstFlags::INDIRECT | InstFlags::RETURN));
    assert!(!ret.flags().has(InstFlags::CALL));
    assert_eq!(ret.direct_target(Addr(0)), None);
    assert!(dec(0x8082).flags().has(InstFlags::RETURN), "c.jr ra");
    assert!(
        dec(0x9502)
            .flags()
            .has(InstFlags::CALL | InstFlags::INDIRECT),
        "c.jalr a0"
    );
    assert!(!dec(0xb7b1).flags().has(InstFlags::CALL), "c.j");
    assert!(dec(0x0001).flags().has(InstFlags::NOP), "c.nop");
}

#[test]
fn memory_and_system_flags() {
    let lw = dec(i("lw", 10, 2, 8));
    assert!(lw.flags().has(InstFlags::LOAD));
    assert_eq!(lw.op_class(), OpClass::MemRead);
    let fld = dec(i("fld", 10, 2, 8));
    assert!(fld.flags().has(InstFlags::LOAD | InstFlags::FLOAT));
    assert_eq!(fld.op_class(), OpClass::FloatMemRead);
    assert_eq!(dec(0xe42a).op_class(), OpClass::MemWrite, "c.sdsp");
    let amo = dec(0x06c5a52f);
    assert!(amo
        .flags()
        .has(InstFlags::LOAD | InstFlags::STORE | InstFlags::ATOMIC));
    assert!(dec(0x0000_0073)
        .flags()
        .has(InstFlags::SYSCALL | InstFlags::NON_SPECULATIVE));
    assert!(dec(0x0000_100f)
        .flags()
        .has(InstFlags::INST_FENCE | InstFlags::SERIALIZING));
    assert!(dec(0x0ff0_000f).flags().has(InstFlags::MEM_BARRIER));
    assert!(dec(0x4200_007b).flags().has(InstFlags::M5OP));
    assert_eq!(dec(r("div", 10, 11, 12)).op_class(), OpClass::IntDiv);
    assert_eq!(dec(r("mulh", 10, 11, 12)).op_class(), OpClass::IntMult);
    assert_eq!(
        dec(rf("fdiv.d", 10, 11, 12, 0)).op_class(),
        OpClass::FloatDiv
    );
    assert_eq!(dec(csr("csrrs", 10, 0, 1)).op_class(), OpClass::IprAccess);
}

#[test]
fn register_lists() {
    assert_eq!(
        srcs(r("add", 10, 11, 12)),
        vec![RegId::int(11), RegId::int(12)]
    );
    assert_eq!(dests(r("add", 10, 11, 12)), vec![RegId::int(10)]);
    assert_eq!(srcs(i("addi", 10, 0, 1)), vec![], "x0 is not a source");
    assert_eq!(dests(i("addi", 0, 1, 1)), vec![], "x0 is not a destination");
    assert_eq!(
        srcs(0x00a53427),
        vec![RegId::int(10), RegId::float(10)],
        "fsd fa0,8(a0)"
    );
    assert_eq!(
        srcs(rf("fadd.d", 1, 2, 3, 7)),
        vec![RegId::float(2), RegId::float(3), RegId::misc(FRM)]
    );
    assert_eq!(
        srcs(rf("fadd.d", 1, 2, 3, 0)),
        vec![RegId::float(2), RegId::float(3)]
    );
    assert_eq!(
        dests(rf("fadd.d", 1, 2, 3, 0)),
        vec![RegId::float(1), RegId::misc(FFLAGS)]
    );
    assert_eq!(
        dests(rf("feq.s", 5, 2, 3, 2)),
        vec![RegId::int(5), RegId::misc(FFLAGS)]
    );
    assert_eq!(dests(rf("fsgnj.d", 5, 2, 3, 0)), vec![RegId::float(5)]);
    assert_eq!(srcs(csr("csrrs", 10, 0, 3)), vec![RegId::misc(3)]);
    assert_eq!(dests(csr("csrrs", 10, 0, 3)), vec![RegId::int(10)]);
    assert_eq!(srcs(csr("csrrw", 0, 11, 2)), vec![RegId::int(11)]);
    assert_eq!(dests(csr("csrrw", 0, 11, 2)), vec![RegId::misc(2)]);
    assert_eq!(srcs(0x0000_0073).len(), 7, "ecall reads a7 and a0..a5");
    assert_eq!(dests(0x4200_007b), vec![RegId::int(10)], "m5op writes a0");
    assert_eq!(
        srcs(0x852e),
        vec![RegId::int(11)],
        "c.mv a0,a1 reads only a1"
    );
}

#[test]
fn decoded_inst_is_small() {
    assert!(std::mem::size_of::<crate::RvInst>() <= 24);
}
