//! Integer semantics: M corner cases, W-suffix sign extension, Zba/Zbb/Zbs,
//! control transfer, CSRs and system instructions.

use super::mock::{csr, i, r, Mock};
use sim_core::arch::Fault;

const A0: u32 = 10;
const A1: u32 = 11;
const A2: u32 = 12;

/// rd = op(a, b) for an R-type instruction.
fn rr(name: &str, a: u64, b: u64) -> u64 {
    let mut m = Mock::new();
    m.set_x(11, a);
    m.set_x(12, b);
    m.exec(r(name, A0, A1, A2)).unwrap();
    m.x(10)
}

/// rd = op(a, imm) for an I-type instruction.
fn ri(name: &str, a: u64, imm: i32) -> u64 {
    let mut m = Mock::new();
    m.set_x(11, a);
    m.exec(i(name, A0, A1, imm)).unwrap();
    m.x(10)
}

/// rd = op(a) for a unary instruction.
fn r1(name: &str, a: u64) -> u64 {
    rr(name, a, 0)
}

const MIN: u64 = i64::MIN as u64;
const M1: u64 = u64::MAX; // -1

#[test]
fn division_corner_cases() {
    assert_eq!(rr("div", 7, 0), M1);
    assert_eq!(rr("divu", 7, 0), M1);
    assert_eq!(rr("rem", 7, 0), 7);
    assert_eq!(rr("remu", 7, 0), 7);
    assert_eq!(rr("div", MIN, M1), MIN);
    assert_eq!(rr("rem", MIN, M1), 0);
    assert_eq!(rr("div", (-7i64) as u64, 2), (-3i64) as u64);
    assert_eq!(rr("rem", (-7i64) as u64, 2), M1);
    assert_eq!(rr("divw", 7, 0), M1);
    assert_eq!(rr("divuw", 7, 0), M1);
    assert_eq!(rr("remw", 0xffff_ffff_8000_0000, 0), 0xffff_ffff_8000_0000);
    assert_eq!(rr("remuw", 0x1_8000_0000, 0), 0xffff_ffff_8000_0000);
    assert_eq!(rr("divw", 0x8000_0000, M1), 0xffff_ffff_8000_0000);
    assert_eq!(rr("remw", 0x8000_0000, M1), 0);
    assert_eq!(rr("divuw", 0xffff_fffe, 1), 0xffff_ffff_ffff_fffe);
}

#[test]
fn high_multiplies() {
    assert_eq!(rr("mulh", M1, M1), 0);
    assert_eq!(rr("mulhu", M1, M1), M1 - 1);
    assert_eq!(rr("mulhsu", M1, M1), M1);
    assert_eq!(rr("mulh", MIN, MIN), 1 << 62);
    assert_eq!(rr("mulhsu", MIN, 2), M1);
    assert_eq!(rr("mulhu", 1 << 63, 4), 2);
    assert_eq!(
        rr("mul", 0x1234_5678_9abc_def0, 0x10),
        0x2345_6789_abcd_ef00
    );
    assert_eq!(rr("mulw", 0x7fff_ffff, 2), 0xffff_ffff_ffff_fffe);
}

#[test]
fn word_ops_sign_extend() {
    assert_eq!(rr("addw", 0x7fff_ffff, 1), 0xffff_ffff_8000_0000);
    assert_eq!(rr("subw", 0, 1), M1);
    assert_eq!(rr("sllw", 1, 31), 0xffff_ffff_8000_0000);
    assert_eq!(rr("sllw", 1, 32), 1, "shift amount uses 5 bits");
    assert_eq!(rr("srlw", 0xffff_ffff_8000_0000, 31), 1);
    assert_eq!(rr("srlw", 0x8000_0000, 0), 0xffff_ffff_8000_0000);
    assert_eq!(rr("sraw", 0x8000_0000, 4), 0xffff_ffff_f800_0000);
    assert_eq!(ri("addiw", 0xffff_ffff, 1), 0);
    assert_eq!(ri("slliw", 0x1, 31), 0xffff_ffff_8000_0000);
    assert_eq!(ri("srliw", 0xdead_0000_8000_0000, 4), 0x0800_0000);
    assert_eq!(ri("sraiw", 0x8000_0000, 31), M1);
    assert_eq!(rr("sll", 1, 64 + 3), 8, "shift amount uses 6 bits");
    assert_eq!(ri("srai", MIN, 63), M1);
    assert_eq!(ri("srli", MIN, 63), 1);
    assert_eq!(ri("slti", M1, 0), 1);
    assert_eq!(
        ri("sltiu", 0, -1),
        1,
        "immediate is sign-extended then compared unsigned"
    );
}

#[test]
fn zbb() {
    assert_eq!(r1("clz", 0), 64);
    assert_eq!(r1("clz", 1), 63);
    assert_eq!(r1("clzw", 0xffff_ffff_0000_0000), 32);
    assert_eq!(r1("clzw", 0x0000_8000), 16);
    assert_eq!(r1("ctz", 0), 64);
    assert_eq!(r1("ctz", 0x100), 8);
    assert_eq!(r1("ctzw", 0x1_0000_0000), 32);
    assert_eq!(r1("cpop", M1), 64);
    assert_eq!(r1("cpopw", M1), 32);
    assert_eq!(r1("rev8", 0x0102_0304_0506_0708), 0x0807_0605_0403_0201);
    assert_eq!(r1("orc.b", 0x0010_0000_ff00_0001), 0x00ff_0000_ff00_00ff);
    assert_eq!(r1("sext.b", 0x80), 0xffff_ffff_ffff_ff80);
    assert_eq!(r1("sext.h", 0x7fff), 0x7fff);
    assert_eq!(r1("sext.h", 0x1_8000), 0xffff_ffff_ffff_8000);
    assert_eq!(r1("zext.h", M1), 0xffff);
    assert_eq!(rr("rol", 0x8000_0000_0000_0001, 1), 3);
    assert_eq!(rr("ror", 1, 1), MIN);
    assert_eq!(rr("rolw", 0x8000_0001, 1), 3);
    assert_eq!(rr("rorw", 1, 1), 0xffff_ffff_8000_0000);
    assert_eq!(ri("rori", 1, 4), 0x1000_0000_0000_0000);
    assert_eq!(ri("roriw", 0x10, 4), 1);
    assert_eq!(ri("roriw", 1, 1), 0xffff_ffff_8000_0000);
    assert_eq!(rr("andn", 0xff, 0x0f), 0xf0);
    assert_eq!(rr("orn", 0, M1 - 1), 1);
    assert_eq!(rr("xnor", 0xff, 0xff), M1);
    assert_eq!(rr("max", M1, 1), 1);
    assert_eq!(rr("maxu", M1, 1), M1);
    assert_eq!(rr("min", M1, 1), M1);
    assert_eq!(rr("minu", M1, 1), 1);
}

#[test]
fn zba_zbs() {
    assert_eq!(rr("add.uw", 0xffff_ffff_0000_0001, 2), 3);
    assert_eq!(rr("sh1add", 3, 1), 7);
    assert_eq!(rr("sh2add", 3, 1), 13);
    assert_eq!(rr("sh3add", 3, 1), 25);
    assert_eq!(rr("sh3add.uw", 0xffff_ffff_0000_0001, 0), 8);
    assert_eq!(ri("slli.uw", 0xffff_ffff_8000_0000, 1), 0x1_0000_0000);
    assert_eq!(rr("bset", 0, 63), MIN);
    assert_eq!(rr("bclr", M1, 64), M1 - 1, "index uses 6 bits");
    assert_eq!(rr("binv", 1, 0), 0);
    assert_eq!(rr("bext", 0x10, 4), 1);
    assert_eq!(ri("bseti", 0, 40), 1 << 40);
    assert_eq!(ri("bexti", 1 << 40, 40), 1);
}

#[test]
fn x0_is_hardwired() {
    let mut m = Mock::new();
    m.set_x(11, 5);
    m.exec(i("addi", 0, 11, 1)).unwrap();
    assert_eq!(m.x(0), 0);
}

#[test]
fn branches_and_jumps() {
    let mut m = Mock::new();
    m.set_x(11, 1);
    m.set_x(12, M1);
    // blt a1, a2 (1 < -1 signed: not taken); bltu (taken)
    let b = |name: &str, off: u32| {
        let off = off & 0x1fff;
        super::mock::r(name, 0, 11, 12)
            | ((off >> 11) & 1) << 7
            | ((off >> 1) & 0xf) << 8
            | ((off >> 5) & 0x3f) << 25
            | ((off >> 12) & 1) << 31
    };
    m.exec(b("blt", 16)).unwrap();
    assert_eq!(m.next_pc, None);
    m.exec(b("bltu", 16)).unwrap();
    assert_eq!(m.next_pc, Some(0x4010));
    m.exec(b("bne", (-8i32) as u32)).unwrap();
    assert_eq!(m.next_pc, Some(0x3ff8));
    // jalr a1, 3(a1): target cleared bit 0, link = pc + 4, rd == rs1 reads before writing.
    m.set_x(11, 0x5000);
    m.exec(i("jalr", 11, 11, 3)).unwrap();
    assert_eq!(m.next_pc, Some(0x5002));
    assert_eq!(m.x(11), 0x4004);
    // c.jalr a0: link = pc + 2
    m.set_x(10, 0x6000);
    m.exec(0x9502).unwrap();
    assert_eq!((m.next_pc, m.x(1)), (Some(0x6000), 0x4002));
    // auipc a0, 0x1
    m.exec(0x0000_1517).unwrap();
    assert_eq!(m.x(10), 0x5000);
}

#[test]
fn compressed_expansions_execute() {
    let mut m = Mock::new();
    m.set_x(2, 0x1000);
    m.exec(0x7139).unwrap(); // c.addi16sp sp,-64
    assert_eq!(m.x(2), 0x1000 - 64);
    m.exec(0x0808).unwrap(); // c.addi4spn a0,sp,16
    assert_eq!(m.x(10), 0x1000 - 48);
    m.exec(0x757d).unwrap(); // c.lui a0,0xfffff
    assert_eq!(m.x(10), 0xffff_ffff_ffff_f000);
    m.exec(0x557d).unwrap(); // c.li a0,-1
    assert_eq!(m.x(10), M1);
    m.exec(0x9505).unwrap(); // c.srai a0,0x21
    assert_eq!(m.x(10), M1);
    m.exec(0x810d).unwrap(); // c.srli a0,0x3
    assert_eq!(m.x(10), M1 >> 3);
    m.set_x(11, 5);
    m.exec(0x852e).unwrap(); // c.mv a0,a1
    assert_eq!(m.x(10), 5);
    m.exec(0x952e).unwrap(); // c.add a0,a1
    assert_eq!(m.x(10), 10);
    m.exec(0x9d0d).unwrap(); // c.subw a0,a1
    assert_eq!(m.x(10), 5);
    m.exec(0x250d).unwrap(); // c.addiw a0,3
    assert_eq!(m.x(10), 8);
    m.exec(0xd529).unwrap(); // c.beqz a0,... (not taken)
    assert_eq!(m.next_pc, None);
    m.exec(0xb7b1).unwrap(); // c.j -0xb4 from 0xb4 in the objdump listing
    assert_eq!(m.next_pc, Some(0x4000 - 0xb4));
}

#[test]
fn csrs() {
    let mut m = Mock::new();
    m.exec(csr("csrrwi", 0, 5, 0x002)).unwrap(); // frm = 5 (written as is)
    m.exec(csr("csrrsi", 0, 0x1f, 0x001)).unwrap(); // fflags |= 0x1f
    m.exec(csr("csrrs", 10, 0, 0x003)).unwrap(); // read fcsr
    assert_eq!(m.x(10), (5 << 5) | 0x1f);
    m.exec(csr("csrrci", 10, 0x3, 0x001)).unwrap();
    assert_eq!((m.x(10), m.regs.fflags), (0x1f, 0x1c));
    m.set_x(11, 0xff);
    m.exec(csr("csrrw", 10, 11, 0x003)).unwrap();
    assert_eq!((m.regs.frm, m.regs.fflags), (7, 0x1f));
    for (c, v) in [(0xc00, 1000), (0xc01, 42), (0xc02, 500)] {
        m.exec(csr("csrrs", 10, 0, c)).unwrap();
        assert_eq!(m.x(10), v);
        assert!(matches!(
            m.exec(csr("csrrw", 10, 11, c)),
            Err(Fault::IllegalInst { .. })
        ));
    }
    assert!(matches!(
        m.exec(csr("csrrs", 10, 0, 0x300)),
        Err(Fault::IllegalInst { .. })
    ));
    assert!(matches!(
        m.exec(csr("csrrw", 0, 11, 0x7c0)),
        Err(Fault::IllegalInst { .. })
    ));
}

#[test]
fn system_instructions() {
    let mut m = Mock::new();
    m.exec(0x0000_0073).unwrap();
    assert_eq!(m.syscalls, 1);
    assert_eq!(
        m.exec(0x0010_0073),
        Err(Fault::Breakpoint {
            pc: sim_core::Addr(0x4000)
        })
    );
    assert_eq!(
        m.exec(0x9002),
        Err(Fault::Breakpoint {
            pc: sim_core::Addr(0x4000)
        })
    );
    m.exec(0x0000_100f).unwrap();
    m.exec(0x0ff0_000f).unwrap();
    assert_eq!((m.ifences, m.mfences), (1, 1));
    for (k, v) in (10..16).zip(1..) {
        m.set_x(k, v);
    }
    m.exec(0x7b | (0x21 << 25)).unwrap();
    assert_eq!(m.m5ops, vec![(0x21, [1, 2, 3, 4, 5, 6])]);
    assert_eq!(m.x(10), 0x5a5a);
}
