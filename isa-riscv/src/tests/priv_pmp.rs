//! Physical memory protection (Privileged Architecture 3.7): TOR, NA4 and NAPOT
//! matching, first-match priority, partial matches, M-mode and locked entries,
//! and the WARL rules of `pmpcfg`/`pmpaddr`.

use crate::privileged::{Pmp, PmpResult, PRV_M, PRV_S, PRV_U};
use sim_core::arch::MemAccess::{Fetch, Load, Store};

const R: u64 = 1;
const W: u64 = 2;
const X: u64 = 4;
const TOR: u64 = 1 << 3;
const NA4: u64 = 2 << 3;
const NAPOT: u64 = 3 << 3;
const L: u64 = 1 << 7;
use PmpResult::{Allow, Deny};

#[test]
fn tor_regions_and_partial_matches() {
    let mut p = Pmp::new(16);
    p.write_addr(0, 0x1000 >> 2);
    p.write_addr(1, 0x2000 >> 2);
    p.write_cfg(0, TOR | R | (TOR | R | W | X) << 8);
    assert_eq!(
        p.check(0x800, 8, Load, PRV_S),
        Allow,
        "entry 0 is [0, 0x1000)"
    );
    assert_eq!(p.check(0x800, 8, Store, PRV_S), Deny);
    assert_eq!(
        p.check(0x1800, 8, Store, PRV_U),
        Allow,
        "entry 1 is [0x1000, 0x2000)"
    );
    assert_eq!(
        p.check(0xffc, 8, Load, PRV_S),
        Deny,
        "straddles entries 0 and 1"
    );
    assert_eq!(
        p.check(0x3000, 4, Load, PRV_S),
        Deny,
        "no match: S and U denied"
    );
    assert_eq!(
        p.check(0x3000, 4, Load, PRV_M),
        Allow,
        "no match: M allowed"
    );
    assert_eq!(
        p.check(0x800, 8, Store, PRV_M),
        Allow,
        "unlocked entries bind S/U only"
    );
    assert_eq!(p.read_cfg(0), TOR | R | (TOR | R | W | X) << 8);
    // TOR with pmpaddr[i-1] >= pmpaddr[i] matches nothing.
    p.write_addr(1, 0x800 >> 2);
    assert_eq!(p.check(0x1800, 8, Store, PRV_S), Deny);
}

#[test]
fn napot_and_na4_sizes() {
    let mut p = Pmp::new(16);
    // 64 KiB at 0x8000_0000: pmpaddr = base >> 2 | (size / 8 - 1).
    p.write_addr(0, (0x8000_0000 >> 2) | (0x1_0000 / 8 - 1));
    p.write_addr(1, 0x9000_0000 >> 2);
    p.write_cfg(0, NAPOT | R | X | (NA4 | R | W) << 8);
    assert_eq!(p.check(0x8000_0000, 4, Fetch, PRV_S), Allow);
    assert_eq!(
        p.check(0x8000_fff8, 8, Load, PRV_S),
        Allow,
        "last bytes inside"
    );
    assert_eq!(
        p.check(0x8001_0000, 4, Load, PRV_S),
        Deny,
        "first byte after"
    );
    assert_eq!(
        p.check(0x8000_fffc, 8, Load, PRV_S),
        Deny,
        "crosses the end"
    );
    assert_eq!(p.check(0x9000_0000, 4, Store, PRV_S), Allow, "NA4");
    assert_eq!(p.check(0x9000_0004, 4, Store, PRV_S), Deny);
    assert_eq!(
        p.check(0x9000_0002, 4, Store, PRV_S),
        Deny,
        "partly outside NA4"
    );
    // All-ones NAPOT covers everything (what OpenSBI grants the kernel).
    let mut all = Pmp::new(16);
    all.write_addr(0, u64::MAX);
    all.write_cfg(0, NAPOT | R | W | X);
    assert_eq!(all.check(0xffff_ffff_fff0, 8, Store, PRV_U), Allow);
}

#[test]
fn lowest_numbered_match_wins() {
    let mut p = Pmp::new(16);
    p.write_addr(0, 0x8000_0000 >> 2 | 0x1ff); // 4 KiB, no permissions
    p.write_addr(1, u64::MAX); // everything, all permissions
    p.write_cfg(0, NAPOT | (NAPOT | R | W | X) << 8);
    assert_eq!(p.check(0x8000_0010, 8, Load, PRV_S), Deny);
    assert_eq!(p.check(0x8000_1010, 8, Load, PRV_S), Allow);
}

#[test]
fn locked_entries_bind_m_mode_and_ignore_writes() {
    let mut p = Pmp::new(16);
    p.write_addr(0, 0x1000 >> 2);
    p.write_addr(1, 0x2000 >> 2);
    p.write_cfg(0, TOR | R | L | (TOR | L) << 8);
    assert_eq!(p.check(0x800, 8, Load, PRV_M), Allow);
    assert_eq!(
        p.check(0x800, 8, Store, PRV_M),
        Deny,
        "locked: M obeys R only"
    );
    assert_eq!(
        p.check(0x1800, 8, Load, PRV_M),
        Deny,
        "locked, no permissions"
    );
    // Locked entries keep their cfg byte and pmpaddr; pmpaddr0 is also the bottom
    // of locked TOR entry 1.
    p.write_cfg(0, (R | W | X) | (R | W | X) << 8 | (NAPOT | R) << 16);
    assert_eq!(p.read_cfg(0) & 0xffff, TOR | R | L | (TOR | L) << 8);
    assert_eq!(
        p.read_cfg(0) >> 16 & 0xff,
        NAPOT | R,
        "entry 2 is not locked"
    );
    p.write_addr(0, 0x4000 >> 2);
    p.write_addr(1, 0x4000 >> 2);
    assert_eq!((p.read_addr(0), p.read_addr(1)), (0x1000 >> 2, 0x2000 >> 2));
}

#[test]
fn cfg_and_addr_warl() {
    let mut p = Pmp::new(4);
    // R=0, W=1 is reserved: W is dropped; bits 6:5 read as zero.
    p.write_cfg(0, (W | 0x60) | (R | W) << 8);
    assert_eq!(p.read_cfg(0) & 0xffff, (R | W) << 8);
    // Entries beyond the implemented ones read zero and ignore writes.
    p.write_cfg(0, u64::MAX);
    assert_eq!(p.read_cfg(0) >> 32, 0);
    p.write_addr(5, 7);
    assert_eq!(p.read_addr(5), 0);
    // pmpaddr holds 54 bits (on a fresh unit: the write above locked p's entries).
    let mut q = Pmp::new(4);
    q.write_addr(2, u64::MAX);
    assert_eq!(q.read_addr(2), (1 << 54) - 1);
    p.write_addr(2, 5);
    assert_eq!(p.read_addr(2), 0, "locked");
    // No entries at all: every access is allowed.
    assert_eq!(Pmp::new(0).check(0, 8, Store, PRV_U), Allow);
}
