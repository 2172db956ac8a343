//! Sv39/Sv48 translation of hand-built page tables (Privileged Architecture 4.3.2's
//! algorithm, 4.4 for Sv48): 4 KiB, 2 MiB and 1 GiB pages, invalid, reserved,
//! misaligned-superpage, permission, U/SUM/MXR and A/D cases, MPRV, and the walk as
//! a read/compare-and-swap state machine.

use super::fs_mock::{FsHart, RAM};
use crate::privileged::csr::*;
use crate::privileged::{op, RvSystemParams, PRV_M, PRV_S, PRV_U};
use sim_core::arch::{ArchSystem, ExecContext, Fault, MemAccess, SystemOp, Translation, WalkStep};
use sim_core::Addr;

const V: u64 = 1;
const R: u64 = 2;
const W: u64 = 4;
const X: u64 = 8;
const U: u64 = 16;
const A: u64 = 64;
const D: u64 = 128;

const ROOT: u64 = RAM + 0x10_0000;
const L1: u64 = RAM + 0x10_1000;
const L0: u64 = RAM + 0x10_2000;
const L1B: u64 = RAM + 0x10_3000;
const PAGE4K: u64 = RAM + 0x20_0000;
const PAGE2M: u64 = RAM + 0x40_0000;

fn pte(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

fn as_m(h: &mut FsHart, c: u16, v: u64) {
    let p = h.sys.prv();
    h.sys.set_prv(PRV_M);
    h.set_misc(c, v).unwrap();
    h.sys.set_prv(p);
}

/// Sv39 tables: VA 0x4000_5000 → 4 KiB page, VA 0x8060_0000 (root[2], L1B[3]) → a
/// 2 MiB page, VA 0xc000_0000 (root[3]) → a 1 GiB page at RAM; root[4] invalid,
/// root[5] a misaligned 1 GiB leaf, root[6] W without R.
fn sv39(h: &mut FsHart, leaf4k: u64) {
    h.poke(ROOT + 8, 8, pte(L1, V));
    h.poke(L1, 8, pte(L0, V));
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, leaf4k));
    h.poke(ROOT + 2 * 8, 8, pte(L1B, V));
    h.poke(L1B + 3 * 8, 8, pte(PAGE2M, V | R | W | A | D));
    h.poke(ROOT + 3 * 8, 8, pte(RAM, V | R | W | X | A | D));
    h.poke(ROOT + 5 * 8, 8, pte(RAM + 0x20_0000, V | R | A | D));
    h.poke(ROOT + 6 * 8, 8, pte(RAM, V | W | A | D));
    as_m(h, SATP, 8 << 60 | (ROOT >> 12));
    h.sys.set_prv(PRV_S);
}

fn pf(va: u64, access: MemAccess) -> Result<u64, Fault> {
    Err(Fault::PageFault {
        addr: Addr(va),
        access,
    })
}

#[test]
fn sv39_page_sizes() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | W | A | D);
    assert_eq!(
        h.translate(0x4000_5123, MemAccess::Load, 8),
        Ok(PAGE4K + 0x123)
    );
    assert_eq!(h.walk_log.len(), 3, "three levels read");
    assert_eq!(
        h.translate(0x8060_0000 + 0x1_2345, MemAccess::Store, 4),
        Ok(PAGE2M + 0x1_2345)
    );
    assert_eq!(
        h.translate(0xc000_0000 + 0x765_4321, MemAccess::Fetch, 4),
        Ok(RAM + 0x765_4321)
    );
    // Bare mode and M-mode do not translate.
    h.sys.set_prv(PRV_M);
    assert_eq!(
        h.translate(0x4000_5123, MemAccess::Load, 8),
        Ok(0x4000_5123)
    );
}

#[test]
fn sv39_invalid_reserved_misaligned_and_noncanonical() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | W | A | D);
    let l = MemAccess::Load;
    assert_eq!(
        h.translate(0x1_0000_0000, l, 8),
        pf(0x1_0000_0000, l),
        "invalid PTE"
    );
    assert_eq!(
        h.translate(0x1_4000_0000, l, 8),
        pf(0x1_4000_0000, l),
        "misaligned 1 GiB leaf"
    );
    assert_eq!(
        h.translate(0x1_8000_0000, l, 8),
        pf(0x1_8000_0000, l),
        "W without R"
    );
    let nc = 0x0000_0040_0000_0000; // bit 38 clear, bit 39 set
    assert_eq!(h.translate(nc, l, 8), pf(nc, l), "not sign-extended");
    // PBMT bits (Svpbmt is not implemented) make the PTE reserved.
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, V | R | A) | 1 << 61);
    assert_eq!(h.translate(0x4000_5000, l, 8), pf(0x4000_5000, l));
    // A pointer at the last level is a page fault.
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, V));
    assert_eq!(h.translate(0x4000_5000, l, 8), pf(0x4000_5000, l));
}

#[test]
fn permissions_u_sum_mxr() {
    let mut h = FsHart::new();
    let va = 0x4000_5000;
    let (l, s, f) = (MemAccess::Load, MemAccess::Store, MemAccess::Fetch);
    // Read-only supervisor page.
    sv39(&mut h, V | R | A | D);
    assert_eq!(h.translate(va, s, 8), pf(va, s));
    assert_eq!(h.translate(va, f, 4), pf(va, f));
    assert!(h.translate(va, l, 8).is_ok());
    h.sys.set_prv(PRV_U);
    assert_eq!(h.translate(va, l, 8), pf(va, l), "U-mode needs the U bit");
    // A user page: S-mode loads need SUM; S-mode never executes it.
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, V | R | W | X | U | A | D));
    sfence(&mut h);
    assert!(h.translate(va, f, 4).is_ok(), "U executes its page");
    h.sys.set_prv(PRV_S);
    assert_eq!(h.translate(va, l, 8), pf(va, l));
    as_m(&mut h, MSTATUS, MS_SUM);
    assert_eq!(h.translate(va, l, 8), Ok(PAGE4K));
    assert_eq!(h.translate(va, s, 8), Ok(PAGE4K));
    assert_eq!(
        h.translate(va, f, 4),
        pf(va, f),
        "SUM never allows S to fetch"
    );
    // Execute-only page: loads need MXR.
    as_m(&mut h, MSTATUS, 0);
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, V | X | A | D));
    sfence(&mut h);
    assert_eq!(h.translate(va, l, 8), pf(va, l));
    as_m(&mut h, MSTATUS, MS_MXR);
    assert_eq!(h.translate(va, l, 8), Ok(PAGE4K));
}

/// `sfence.vma x0, x0` from M-mode.
fn sfence(h: &mut FsHart) {
    let p = h.sys.prv();
    h.sys.set_prv(PRV_M);
    let op = SystemOp {
        code: op::SFENCE_VMA,
        args: [None, None],
    };
    h.system_op(op).unwrap();
    h.sys.set_prv(p);
}

#[test]
fn hardware_sets_accessed_and_dirty_with_compare_and_swap() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | W);
    let leaf = L0 + 5 * 8;
    assert_eq!(h.translate(0x4000_5008, MemAccess::Load, 8), Ok(PAGE4K + 8));
    assert_eq!(
        h.peek(leaf, 8),
        pte(PAGE4K, V | R | W | A),
        "A set by a load"
    );
    assert_eq!(h.walk_log.last(), Some(&(leaf, true)));
    // A store hits the TLB entry without D: it walks again and sets D.
    let before = h.walk_log.len();
    assert_eq!(
        h.translate(0x4000_5010, MemAccess::Store, 8),
        Ok(PAGE4K + 0x10)
    );
    assert_eq!(h.peek(leaf, 8), pte(PAGE4K, V | R | W | A | D));
    assert_eq!(h.walk_log.len(), before + 4, "three reads and one update");
    // Now loads and stores hit without touching memory.
    let before = h.walk_log.len();
    h.translate(0x4000_5018, MemAccess::Store, 8).unwrap();
    assert_eq!(h.walk_log.len(), before);
}

#[test]
fn svade_faults_instead_of_updating() {
    let mut h = FsHart::with(RvSystemParams {
        hw_ad_update: false,
        ..RvSystemParams::default()
    });
    sv39(&mut h, V | R | W | A);
    let (l, s) = (MemAccess::Load, MemAccess::Store);
    assert_eq!(h.translate(0x4000_5000, l, 8), Ok(PAGE4K));
    assert_eq!(
        h.translate(0x4000_5000, s, 8),
        pf(0x4000_5000, s),
        "D clear"
    );
    h.poke(L0 + 5 * 8, 8, pte(PAGE4K, V | R | W));
    sfence(&mut h);
    assert_eq!(
        h.translate(0x4000_5000, l, 8),
        pf(0x4000_5000, l),
        "A clear"
    );
    assert_eq!(
        h.peek(L0 + 5 * 8, 8),
        pte(PAGE4K, V | R | W),
        "memory untouched"
    );
}

#[test]
fn concurrent_pte_change_restarts_the_walk() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | W);
    let Translation::Walk(mut w) = h.sys.translate(Addr(0x4000_5000), MemAccess::Load, 8) else {
        panic!("a miss walks");
    };
    let mut reply = 0;
    let mut swaps = 0;
    let mut reads = Vec::new();
    let pa = loop {
        match h.sys.walk_step(&mut w, reply) {
            WalkStep::Read { paddr, size } => {
                assert_eq!(size, 8);
                reads.push(paddr.0);
                reply = h.peek(paddr.0, 8);
            }
            WalkStep::CompareSwap {
                paddr,
                expected,
                new,
                ..
            } => {
                swaps += 1;
                assert_eq!(new, expected | A);
                // The first time, another hart got there first (set A and D itself).
                reply = if swaps == 1 {
                    expected | A | D
                } else {
                    expected
                };
                if swaps == 1 {
                    h.poke(paddr.0, 8, expected | A | D);
                }
            }
            WalkStep::Done(r) => break r,
        }
    };
    assert_eq!(pa, Ok(Addr(PAGE4K)));
    assert_eq!(swaps, 1, "the second walk finds A already set");
    assert_eq!(reads, [ROOT + 8, L1, L0 + 40, ROOT + 8, L1, L0 + 40]);
}

#[test]
fn sv48_walks_four_levels() {
    let mut h = FsHart::new();
    // VA 0x0000_0080_4000_5000: vpn3 = 1, vpn2 = 1, vpn1 = 0, vpn0 = 5.
    let l3 = RAM + 0x11_0000;
    h.poke(l3 + 8, 8, pte(ROOT, V));
    sv39(&mut h, V | R | A | D);
    as_m(&mut h, SATP, 9 << 60 | (l3 >> 12));
    let va = 0x0000_0080_4000_5000;
    assert_eq!(h.translate(va, MemAccess::Load, 8), Ok(PAGE4K));
    assert_eq!(h.walk_log.len(), 4);
    // Bit 47 is the sign: VA with bit 47 clear and bit 48 set is not canonical.
    let nc = 0x0001_0000_0000_0000;
    assert_eq!(h.translate(nc, MemAccess::Load, 8), pf(nc, MemAccess::Load));
}

#[test]
fn sv57_walks_five_levels() {
    let mut h = FsHart::new();
    let (l4, l3) = (RAM + 0x12_0000, RAM + 0x11_0000);
    h.poke(l4 + 8, 8, pte(l3, V));
    h.poke(l3 + 8, 8, pte(ROOT, V));
    sv39(&mut h, V | R | A | D);
    as_m(&mut h, SATP, 10 << 60 | (l4 >> 12));
    let va = 1 << 48 | 1 << 39 | 0x4000_5000;
    assert_eq!(h.translate(va, MemAccess::Load, 8), Ok(PAGE4K));
    assert_eq!(h.walk_log.len(), 5);
    // A 256 TiB leaf at the top level must be aligned to 256 TiB.
    h.poke(l4 + 2 * 8, 8, pte(RAM, V | R | A | D));
    let big = 2 << 48;
    assert_eq!(
        h.translate(big, MemAccess::Load, 8),
        pf(big, MemAccess::Load)
    );
}

#[test]
fn mprv_translates_data_but_not_fetch() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | W | A | D);
    h.sys.set_prv(PRV_M);
    as_m(&mut h, MSTATUS, MS_MPRV | (PRV_S as u64) << MS_MPP_SHIFT);
    assert_eq!(h.translate(0x4000_5000, MemAccess::Load, 8), Ok(PAGE4K));
    assert_eq!(
        h.translate(0x4000_5000, MemAccess::Fetch, 4),
        Ok(0x4000_5000)
    );
}

#[test]
fn pmp_guards_the_walker() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | A | D);
    // Entry 0 denies the page-table page (NA4 would be too small: NAPOT 4 KiB),
    // entry 1 (everything) allows the rest.
    as_m(&mut h, PMPADDR0, (L0 >> 2) | 0x1ff);
    as_m(&mut h, PMPADDR0 + 1, u64::MAX);
    as_m(&mut h, PMPCFG0, 0x1f << 8 | 0x18);
    let r = h.translate(0x4000_5000, MemAccess::Store, 8);
    assert_eq!(
        r,
        Err(Fault::AccessFault {
            addr: Addr(0x4000_5000),
            access: MemAccess::Store
        })
    );
}

#[test]
fn fetch_page_fault_traps_with_the_address() {
    let mut h = FsHart::new();
    sv39(&mut h, V | R | A | D);
    as_m(&mut h, STVEC, 0xc000_0000 + 0x1000);
    as_m(&mut h, MEDELEG, 1 << 12);
    h.pc = 0x4000_5000;
    h.step();
    assert_eq!(h.pc, 0xc000_1000);
    h.sys.set_prv(PRV_M);
    assert_eq!(h.read_misc(SCAUSE).unwrap(), 12);
    assert_eq!(h.read_misc(STVAL).unwrap(), 0x4000_5000);
}
