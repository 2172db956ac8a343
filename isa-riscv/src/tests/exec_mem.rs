//! Loads, stores and atomics, through `execute` and through the split
//! `initiate_acc`/`complete_acc` path.

use super::mock::{amo, i, s, Mock, Pending, MEM_BASE};
use crate::Op;
use sim_core::arch::{AmoOp, Fault, MemAccess, MemFlags, StaticInst};
use sim_core::Addr;

#[test]
fn loads_extend() {
    let mut m = Mock::new();
    m.set_x(11, MEM_BASE);
    m.store(MEM_BASE, 8, 0x8081_8283_8485_8687);
    for (name, want) in [
        ("lb", 0xffff_ffff_ffff_ff87),
        ("lbu", 0x87),
        ("lh", 0xffff_ffff_ffff_8687),
        ("lhu", 0x8687),
        ("lw", 0xffff_ffff_8485_8687),
        ("lwu", 0x8485_8687),
        ("ld", 0x8081_8283_8485_8687),
    ] {
        m.exec(i(name, 10, 11, 0)).unwrap();
        assert_eq!(m.x(10), want, "{name}");
        // Split path gives the same result.
        let inst = super::mock::dec(i(name, 12, 11, 0));
        inst.initiate_acc(&mut m).unwrap();
        let Some(Pending::Read(addr, size, _)) = m.pending else {
            panic!("{name}: no read")
        };
        let data = m.load(addr, size);
        inst.complete_acc(&mut m, data).unwrap();
        assert_eq!(m.x(12), want, "{name} (split)");
    }
    assert_eq!(
        m.exec(i("ld", 10, 0, 8)),
        Err(Fault::PageFault {
            addr: Addr(8),
            access: MemAccess::Load
        })
    );
}

#[test]
fn stores() {
    let mut m = Mock::new();
    m.set_x(11, MEM_BASE + 16);
    m.set_x(12, 0x1122_3344_5566_7788);
    m.exec(s("sb", 12, 11, -16)).unwrap();
    m.exec(s("sh", 12, 11, -14)).unwrap();
    m.exec(s("sw", 12, 11, -12)).unwrap();
    assert_eq!(m.load(MEM_BASE, 8), 0x5566_7788_7788_0088);
    let inst = super::mock::dec(s("sd", 12, 11, 8));
    inst.initiate_acc(&mut m).unwrap();
    assert_eq!(
        m.pending,
        Some(Pending::Write(
            MEM_BASE + 24,
            8,
            0x1122_3344_5566_7788,
            MemFlags::NONE
        ))
    );
    // c.sdsp a0,8(sp)
    m.set_x(2, MEM_BASE + 32);
    m.set_x(10, 77);
    m.exec(0xe42a).unwrap();
    assert_eq!(m.load(MEM_BASE + 40, 8), 77);
}

#[test]
fn amos() {
    let mut m = Mock::new();
    m.set_x(11, MEM_BASE);
    m.store(MEM_BASE, 8, 0xffff_ffff_8000_0000);
    m.set_x(12, 5);
    m.exec(amo("amoadd.w", 10, 11, 12, 3)).unwrap();
    assert_eq!(m.x(10), 0xffff_ffff_8000_0000, "old value sign-extended");
    assert_eq!(m.load(MEM_BASE, 8), 0xffff_ffff_8000_0005);
    assert_eq!(m.last_flags, MemFlags::ACQUIRE | MemFlags::RELEASE);
    m.set_x(12, 7);
    m.exec(amo("amomin.w", 10, 11, 12, 0)).unwrap();
    assert_eq!(
        m.load(MEM_BASE, 4),
        0x8000_0005,
        "signed 32-bit min keeps the negative value"
    );
    m.exec(amo("amominu.w", 10, 11, 12, 0)).unwrap();
    assert_eq!(m.load(MEM_BASE, 4), 7);
    m.exec(amo("amoswap.d", 10, 11, 12, 2)).unwrap();
    assert_eq!(m.x(10), 0xffff_ffff_0000_0007);
    assert_eq!(m.last_flags, MemFlags::ACQUIRE);
    m.set_x(11, MEM_BASE + 4);
    assert_eq!(
        m.exec(amo("amoor.d", 10, 11, 12, 0)),
        Err(Fault::Misaligned {
            addr: Addr(MEM_BASE + 4),
            access: MemAccess::Store
        })
    );
    // Split path.
    let inst = super::mock::dec(amo("amomaxu.w", 13, 11, 12, 1));
    inst.initiate_acc(&mut m).unwrap();
    assert_eq!(
        m.pending,
        Some(Pending::Amo(
            MEM_BASE + 4,
            4,
            AmoOp::MaxU,
            7,
            MemFlags::RELEASE
        ))
    );
    inst.complete_acc(&mut m, 0x8000_0000).unwrap();
    assert_eq!(m.x(13), 0xffff_ffff_8000_0000);
}

#[test]
fn lr_sc() {
    let mut m = Mock::new();
    m.set_x(11, MEM_BASE + 8);
    m.set_x(12, 99);
    m.store(MEM_BASE + 8, 8, 0x8000_0000);
    m.exec(amo("lr.w", 10, 11, 0, 2)).unwrap();
    assert_eq!(m.x(10), 0xffff_ffff_8000_0000);
    assert_eq!(m.last_flags, MemFlags::ACQUIRE | MemFlags::LLSC);
    m.exec(amo("sc.w", 13, 11, 12, 1)).unwrap();
    assert_eq!((m.x(13), m.load(MEM_BASE + 8, 4)), (0, 99));
    m.exec(amo("sc.w", 13, 11, 12, 0)).unwrap();
    assert_eq!(m.x(13), 1, "reservation was consumed");
    m.set_x(11, MEM_BASE + 2);
    assert_eq!(
        m.exec(amo("lr.d", 10, 11, 0, 0)),
        Err(Fault::Misaligned {
            addr: Addr(MEM_BASE + 2),
            access: MemAccess::Load
        })
    );
    // Split path: SC completes with the 0/1 result the memory system reports.
    m.set_x(11, MEM_BASE + 8);
    let sc = super::mock::dec(amo("sc.d", 14, 11, 12, 0));
    assert_eq!(sc.op, Op::ScD);
    sc.initiate_acc(&mut m).unwrap();
    assert_eq!(
        m.pending,
        Some(Pending::Write(MEM_BASE + 8, 8, 99, MemFlags::LLSC))
    );
    sc.complete_acc(&mut m, 1).unwrap();
    assert_eq!(m.x(14), 1);
    sc.complete_acc(&mut m, 0).unwrap();
    assert_eq!(m.x(14), 0);
    let lr = super::mock::dec(amo("lr.d", 15, 11, 0, 0));
    lr.initiate_acc(&mut m).unwrap();
    assert_eq!(
        m.pending,
        Some(Pending::Read(MEM_BASE + 8, 8, MemFlags::LLSC))
    );
}
