//! The TLBs: hits and misses per ASID, global pages, superpages, `sfence.vma` by
//! address and ASID (Privileged Architecture 4.2.1), replacement, and gem5's stat
//! names (`src/arch/riscv/tlb.cc`).

use crate::privileged::{Tlb, TlbEntry};
use sim_core::stats::{StatValue, StatsSnapshot};
use sim_core::StatVisitor;

const G: u64 = 1 << 5;

fn entry(va: u64, asid: u16, level: u8, global: bool) -> TlbEntry {
    TlbEntry {
        tag: va >> (12 + 9 * level as u32),
        asid,
        level,
        pte: 0xcf | if global { G } else { 0 },
        pte_addr: 0,
        valid: true,
    }
}

#[test]
fn hits_and_misses_by_asid_and_global() {
    let mut t = Tlb::new(64, 8);
    t.insert(entry(0x4000_0000, 1, 0, false));
    t.insert(entry(0x5000_0000, 1, 0, true));
    assert!(t.lookup(0x4000_0123, 1, 2, false).is_some());
    assert!(t.lookup(0x4000_0123, 2, 2, false).is_none(), "other ASID");
    assert!(t.lookup(0x4000_1000, 1, 2, true).is_none(), "next page");
    assert!(
        t.lookup(0x5000_0fff, 9, 2, true).is_some(),
        "global: any ASID"
    );
    let s = t.stats;
    assert_eq!(
        (s.read_hits, s.read_misses, s.write_hits, s.write_misses),
        (1, 1, 1, 1)
    );
}

#[test]
fn superpages_cover_their_range() {
    let mut t = Tlb::new(64, 8);
    t.insert(entry(0x8020_0000, 3, 1, false)); // a 2 MiB page
    t.insert(entry(0xc000_0000, 3, 2, false)); // a 1 GiB page
    assert_eq!(t.lookup(0x803f_ffff, 3, 2, false).map(|e| e.level), Some(1));
    assert!(t.lookup(0x8040_0000, 3, 2, false).is_none());
    assert_eq!(t.lookup(0xffff_f000, 3, 2, false).map(|e| e.level), Some(2));
    assert!(
        t.lookup(0xffff_f000, 3, 1, false).is_none(),
        "levels above max not tried"
    );
    // A re-insert of the same page replaces the entry instead of duplicating it.
    t.insert(entry(0x8020_0000, 3, 1, false));
    assert_eq!(t.occupancy(), 2);
}

#[test]
fn sfence_vma_flavours() {
    let fill = || {
        let mut t = Tlb::new(64, 8);
        t.insert(entry(0x1000, 1, 0, false));
        t.insert(entry(0x2000, 1, 0, false));
        t.insert(entry(0x1000, 2, 0, false));
        t.insert(entry(0x9000, 0, 0, true));
        t.insert(entry(0x4000_0000, 1, 2, false));
        t
    };
    let mut t = fill();
    t.flush(None, None);
    assert_eq!(t.occupancy(), 0, "x0, x0: everything");
    let mut t = fill();
    t.flush(None, Some(1));
    assert_eq!(
        t.occupancy(),
        2,
        "ASID 1 gone; ASID 2 and the global page stay"
    );
    assert!(t.lookup(0x9000, 1, 2, false).is_some());
    let mut t = fill();
    t.flush(Some(0x1abc), None);
    assert_eq!(t.occupancy(), 3, "both ASIDs' 0x1000 pages gone");
    let mut t = fill();
    t.flush(Some(0x1abc), Some(2));
    assert_eq!(t.occupancy(), 4, "only ASID 2's 0x1000");
    assert!(t.lookup(0x1000, 1, 2, false).is_some());
    let mut t = fill();
    t.flush(Some(0x9000), Some(0));
    assert_eq!(
        t.occupancy(),
        5,
        "an ASID-specific fence keeps global pages"
    );
    t.flush(Some(0x7fff_0000), None);
    assert!(
        t.lookup(0x4000_0000, 1, 2, false).is_none(),
        "inside the 1 GiB page"
    );
}

#[test]
fn least_recently_used_way_is_replaced() {
    let mut t = Tlb::new(8, 2); // 4 sets of 2 ways
    let same_set = |k: u64| k * 4 * 0x1000; // tags 0, 4, 8 map to set 0
    t.insert(entry(same_set(0), 1, 0, false));
    t.insert(entry(same_set(1), 1, 0, false));
    assert!(t.lookup(same_set(0), 1, 0, false).is_some()); // 0 is now most recent
    t.insert(entry(same_set(2), 1, 0, false));
    assert!(
        t.lookup(same_set(1), 1, 0, false).is_none(),
        "1 was evicted"
    );
    assert!(t.lookup(same_set(0), 1, 0, false).is_some());
    assert!(t.lookup(same_set(2), 1, 0, false).is_some());
}

#[test]
fn stats_use_gem5_names() {
    let mut t = Tlb::new(64, 8);
    t.insert(entry(0x1000, 0, 0, false));
    t.lookup(0x1000, 0, 0, false);
    t.lookup(0x3000, 0, 0, false);
    t.lookup(0x1000, 0, 0, true);
    let mut snap = StatsSnapshot::new();
    snap.begin_group("dtb");
    t.stats.visit(&mut snap);
    snap.end_group();
    let got: Vec<(String, f64)> = snap
        .entries()
        .iter()
        .map(|e| match e.value {
            StatValue::Scalar(v) => (e.name.clone(), v),
            _ => panic!("scalars only"),
        })
        .collect();
    let want = [
        ("dtb.readHits", 1.0),
        ("dtb.readMisses", 1.0),
        ("dtb.readAccesses", 2.0),
        ("dtb.writeHits", 1.0),
        ("dtb.writeMisses", 0.0),
        ("dtb.writeAccesses", 1.0),
        ("dtb.hits", 2.0),
        ("dtb.misses", 1.0),
        ("dtb.accesses", 3.0),
    ];
    let want: Vec<(String, f64)> = want.iter().map(|(n, v)| (n.to_string(), *v)).collect();
    assert_eq!(got, want);
}

mod epochs {
    //! What CPUs key their caches by: the translation epoch (decode cache, cached
    //! mappings) and the permission epoch (cached permission verdicts).
    use super::super::fs_mock::FsHart;
    use crate::privileged::csr::{MSTATUS, MS_SUM, SATP};
    use crate::privileged::{op, RvSystem, RvSystemParams, PRV_M, PRV_S, PRV_U};
    use crate::RvRegs;
    use sim_core::arch::{ArchSystem, ExecContext, IrqPins, SystemOp};

    fn epochs(h: &FsHart) -> (u64, u64) {
        (h.sys.translation_epoch(), h.sys.permission_epoch())
    }

    #[test]
    fn the_seam_is_object_safe() {
        let mut sys: Box<dyn ArchSystem<RvRegs>> =
            Box::new(RvSystem::new(RvSystemParams::default(), IrqPins::new()));
        assert_eq!(sys.privilege().0, PRV_M);
        assert_eq!(sys.pending_interrupt(0), None);
        sys.reset_stats();
    }

    #[test]
    fn satp_sfence_privilege_and_sum_change_the_right_epoch() {
        let mut h = FsHart::new();
        let e0 = epochs(&h);
        h.set_misc(SATP, 8 << 60 | 0x80100).unwrap();
        let e1 = epochs(&h);
        assert_ne!(e1.0, e0.0, "satp write");
        h.set_misc(SATP, 8 << 60 | 0x80100).unwrap();
        assert_eq!(epochs(&h), e1, "same value: nothing changes");
        h.system_op(SystemOp {
            code: op::SFENCE_VMA,
            args: [Some(0x1000), None],
        })
        .unwrap();
        let e2 = epochs(&h);
        assert_ne!(e2.0, e1.0, "sfence.vma");
        h.sys.set_prv(PRV_S);
        let e3 = epochs(&h);
        assert_ne!(e3.0, e2.0, "M (bare) to S (Sv39) changes fetch translation");
        assert_ne!(e3.1, e2.1);
        h.sys.set_prv(PRV_U);
        let e4 = epochs(&h);
        assert_eq!(e4.0, e3.0, "S and U share the address space");
        assert_ne!(e4.1, e3.1, "but not permissions");
        h.sys.set_prv(PRV_M);
        h.set_misc(MSTATUS, MS_SUM).unwrap();
        let e5 = epochs(&h);
        h.set_misc(MSTATUS, 0).unwrap();
        let e6 = epochs(&h);
        assert_ne!(e6.1, e5.1, "SUM changes permissions");
        assert_eq!(e6.0, e5.0, "but not mappings");
    }
}
