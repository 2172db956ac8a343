//! The encoding tables: no two lines overlap, every line is well formed, and the
//! decoder reports illegal and unimplemented encodings distinctly.

use crate::decode::{decode_raw, Enc, TABLES16, TABLES32};
use crate::op::{Op, OP_INFO};
use crate::syscalls::{self, SYSCALLS};
use crate::Riscv64;
use sim_core::arch::{DecodeError, Isa};

/// True if a constraint of `c` excludes every encoding of `other`.
fn excluded_by(c: &Enc, other: &Enc) -> bool {
    let nz = c.nonzero != 0 && other.mask & c.nonzero == c.nonzero && other.mtch & c.nonzero == 0;
    let ne =
        c.ne_mask != 0 && other.mask & c.ne_mask == c.ne_mask && other.mtch & c.ne_mask == c.ne_val;
    nz || ne
}

/// Two lines overlap if their match values agree on every bit both masks fix
/// and neither line's extra constraint rules the other out.
fn overlap(a: &Enc, b: &Enc) -> bool {
    let shared = a.mask & b.mask;
    a.mtch & shared == b.mtch & shared && !excluded_by(a, b) && !excluded_by(b, a)
}

fn check_no_overlap(tables: &[&[Enc]]) {
    let all: Vec<&Enc> = tables.iter().flat_map(|t| t.iter()).collect();
    let mut bad = Vec::new();
    for (k, a) in all.iter().enumerate() {
        for b in &all[k + 1..] {
            if overlap(a, b) {
                bad.push(format!(
                    "{} ({:#x}/{:#x}) vs {} ({:#x}/{:#x})",
                    a.name, a.mtch, a.mask, b.name, b.mtch, b.mask
                ));
            }
        }
    }
    assert!(bad.is_empty(), "overlapping encodings:\n{}", bad.join("\n"));
}

#[test]
fn no_two_32bit_encodings_overlap() {
    check_no_overlap(TABLES32);
}

#[test]
fn no_two_16bit_encodings_overlap() {
    check_no_overlap(TABLES16);
}

#[test]
fn overlap_check_catches_overlaps() {
    let t = &TABLES16[0];
    let mv = t.iter().find(|e| e.name == "c.mv").unwrap();
    let jr = t.iter().find(|e| e.name == "c.jr").unwrap();
    assert!(!overlap(mv, jr));
    let mut mv_unconstrained = *mv;
    mv_unconstrained.nonzero = 0;
    assert!(overlap(&mv_unconstrained, jr));
}

#[test]
fn lines_are_well_formed() {
    for e in TABLES32.iter().flat_map(|t| t.iter()) {
        assert_eq!(e.mtch & !e.mask, 0, "{}: match bits outside mask", e.name);
        assert_eq!(
            e.mask & 0x7f,
            0x7f,
            "{}: 32-bit line must fix the opcode",
            e.name
        );
        assert_eq!(e.mtch & 3, 3, "{}: not a 32-bit encoding", e.name);
    }
    for e in TABLES16.iter().flat_map(|t| t.iter()) {
        assert_eq!(e.mtch & !e.mask, 0, "{}: match bits outside mask", e.name);
        assert_eq!(
            e.mask & 0xe003,
            0xe003,
            "{}: must fix quadrant and funct3",
            e.name
        );
        assert!(
            e.mask <= 0xffff && e.mtch & 3 != 3,
            "{}: not a 16-bit encoding",
            e.name
        );
        assert!(e.name.starts_with("c."), "{}", e.name);
    }
}

#[test]
fn every_line_decodes_to_its_own_op() {
    for (tables, size) in [(TABLES32, 4u8), (TABLES16, 2u8)] {
        for e in tables.iter().flat_map(|t| t.iter()) {
            // Satisfy the constraints with a bit pattern that sets every free bit.
            let raw = e.mtch | (!e.mask & if size == 2 { 0xffff } else { u32::MAX });
            match decode_raw(raw, size) {
                Ok(inst) => assert_eq!(inst.op, e.op, "{}", e.name),
                Err(DecodeError::Unimplemented { what, .. }) => assert_eq!(what, e.name),
                Err(err) => panic!("{}: {err}", e.name),
            }
        }
    }
}

#[test]
fn op_table_matches_enum() {
    assert_eq!(OP_INFO.len(), Op::NotImplemented as usize + 1);
    assert_eq!(Op::Add.name(), "add");
    assert_eq!(Op::FcvtWuD.name(), "fcvt.wu.d");
    // Every 32-bit line's mnemonic is its op's mnemonic (except placeholder rows).
    for e in TABLES32.iter().flat_map(|t| t.iter()) {
        if e.op != Op::NotImplemented {
            assert_eq!(e.op.name(), e.name);
        }
    }
}

#[test]
fn illegal_and_unimplemented_are_distinct() {
    assert!(matches!(
        decode_raw(0, 2),
        Err(DecodeError::Illegal { raw: 0, len: 2 })
    ));
    assert!(matches!(
        decode_raw(0xffff_ffff, 4),
        Err(DecodeError::Illegal { .. })
    ));
    // c.lwsp with rd = x0 is reserved.
    assert!(matches!(
        decode_raw(0x4002, 2),
        Err(DecodeError::Illegal { .. })
    ));
    // c.jr x0 is reserved.
    assert!(matches!(
        decode_raw(0x8002, 2),
        Err(DecodeError::Illegal { .. })
    ));
    // Privileged instructions decode (they are illegal when executed in SE mode).
    for (raw, op) in [
        (0x1050_0073, Op::Wfi),
        (0x3020_0073, Op::Mret),
        (0x1020_0073, Op::Sret),
        (0x1200_0073, Op::SfenceVma),
    ] {
        assert_eq!(decode_raw(raw, 4).unwrap().op, op);
    }
    for (raw, what) in [(0x7b20_0073, "dret"), (0x0200_0057, "V (vector) extension")] {
        assert_eq!(
            decode_raw(raw, 4),
            Err(DecodeError::Unimplemented {
                raw: raw as u64,
                len: 4,
                what
            })
        );
    }
    assert_eq!(
        crate::decode(&[0x13]),
        Err(DecodeError::Truncated { need: 2 })
    );
    assert_eq!(
        crate::decode(&[0x13, 0x05]),
        Err(DecodeError::Truncated { need: 4 })
    );
    assert_eq!(crate::decode(&[0x01, 0x00]).unwrap().size, 2);
}

#[test]
fn m5op_encoding() {
    for func in [0x21u32, 0x40, 0x5b, 0x7f] {
        let inst = crate::decode(&(0x7b | (func << 25)).to_le_bytes()).unwrap();
        assert_eq!(inst.op, Op::M5op);
        assert_eq!(inst.imm, func as i64);
    }
    // Other fields non-zero: not an m5op.
    assert!(crate::decode(&(0x7bu32 | (0x21 << 25) | (1 << 7)).to_le_bytes()).is_err());
}

#[test]
fn linux_facts() {
    let l = Riscv64::linux();
    assert_eq!(l.elf_machine, 243);
    assert_eq!(
        l.hwcap,
        (1 << 8) | (1 << 12) | 1 | (1 << 5) | (1 << 3) | (1 << 2)
    );
    assert_eq!((l.sp_reg, l.tp_reg, l.stack_align), (2, 4, 16));
    assert_eq!(
        (l.syscall.number, l.syscall.args, l.syscall.ret),
        (17, [10, 11, 12, 13, 14, 15], 10)
    );
    assert!(
        SYSCALLS.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, no duplicates"
    );
    for (n, name) in [
        (17, "getcwd"),
        (29, "ioctl"),
        (56, "openat"),
        (57, "close"),
        (63, "read"),
        (64, "write"),
        (79, "newfstatat"),
        (80, "fstat"),
        (93, "exit"),
        (94, "exit_group"),
        (96, "set_tid_address"),
        (113, "clock_gettime"),
        (134, "rt_sigaction"),
        (135, "rt_sigprocmask"),
        (160, "uname"),
        (214, "brk"),
        (215, "munmap"),
        (220, "clone"),
        (221, "execve"),
        (222, "mmap"),
        (226, "mprotect"),
        (258, "riscv_hwprobe"),
        (259, "riscv_flush_icache"),
        (261, "prlimit64"),
        (278, "getrandom"),
        (291, "statx"),
        (293, "rseq"),
        (435, "clone3"),
        (439, "faccessat2"),
        (462, "mseal"),
    ] {
        assert_eq!(syscalls::name(n), Some(name), "syscall {n}");
        assert_eq!(syscalls::number(name), Some(n));
    }
    assert_eq!(syscalls::name(300), None);
    assert!(SYSCALLS.iter().all(|(_, n)| !n.starts_with("sys_")));
}
