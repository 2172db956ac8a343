//! Address-space and frame-allocator tests.

use super::*;
use crate::se::addr_space::{AddrSpace, MemFault, Perms, VmaKind};
use sim_core::arch::MemAccess;
use sim_core::Addr;

#[test]
fn copies_cross_pages_and_strings_are_capped() {
    let mut s = AddrSpace::new(frames());
    s.map(0x10000, 0x13000, Perms::RW, VmaKind::Anon);
    let data: Vec<u8> = (0..6000u32).map(|i| (i % 251) as u8 + 1).collect();
    s.write_bytes(0x10ff0, &data).unwrap();
    assert_eq!(s.read_vec(0x10ff0, 6000).unwrap(), data);
    // Distinct frames back the two virtual pages.
    let a = s.translate(Addr(0x10000), MemAccess::Load).unwrap();
    let b = s.translate(Addr(0x11000), MemAccess::Load).unwrap();
    assert_ne!(a.0 & !0xfff, b.0 & !0xfff);
    s.write_bytes(0x11ffe, b"ab\0").unwrap();
    assert_eq!(s.read_cstr(0x11ffe, 10).unwrap(), b"ab");
    assert!(matches!(
        s.read_cstr(0x10ff0, 100),
        Err(MemFault::TooLong { max: 100, .. })
    ));
    // Past the mapping: a fault naming the first bad address.
    assert_eq!(
        s.write_bytes(0x12ff0, &[1; 32]),
        Err(MemFault::Bad {
            addr: 0x13000,
            access: MemAccess::Store
        })
    );
    assert!(s.read_u64(u64::MAX - 3).is_err());
}

#[test]
fn permissions_are_enforced_and_poke_bypasses_them() {
    let mut s = AddrSpace::new(frames());
    s.map(0x10000, 0x11000, Perms::R | Perms::X, VmaKind::Image);
    assert!(s.write_u32(0x10000, 1).is_err());
    s.poke(0x10000, &7u32.to_le_bytes()).unwrap();
    assert_eq!(s.read_u32(0x10000).unwrap(), 7);
    assert!(s.translate(Addr(0x10004), MemAccess::Fetch).is_ok());
    assert!(s.translate(Addr(0x10004), MemAccess::Store).is_err());
    assert!(s.translate(Addr(0x20000), MemAccess::Load).is_err());
}

#[test]
fn frames_are_recycled_zeroed_and_freed_on_drop() {
    let f = frames();
    let total = f.free_frames();
    {
        let mut s = AddrSpace::new(f.clone());
        s.map(0x10000, 0x12000, Perms::RW, VmaKind::Anon);
        s.write_bytes(0x10000, &[0xaa; 8192]).unwrap();
        assert_eq!(f.free_frames(), total - 2);
        s.unmap(0x10000, 0x12000);
        assert_eq!(f.free_frames(), total);
        s.map(0x10000, 0x11000, Perms::RW, VmaKind::Anon);
        assert_eq!(s.read_u64(0x10000).unwrap(), 0, "recycled frame reads zero");
    }
    assert_eq!(
        f.free_frames(),
        total,
        "dropping the space frees its frames"
    );
}

#[test]
fn memory_exhaustion_is_a_fault_not_a_panic() {
    let store =
        Arc::new(BackingStore::new(AddrRange::new(0, 2 * 4096)).expect("map a test memory"));
    let mut s = AddrSpace::new(Arc::new(FrameAllocator::new(store)));
    s.map(0x10000, 0x14000, Perms::RW, VmaKind::Anon);
    s.write_u64(0x10000, 1).unwrap();
    s.write_u64(0x11000, 1).unwrap();
    assert!(s.write_u64(0x12000, 1).is_err());
    assert!(s.translate(Addr(0x13000), MemAccess::Load).is_err());
}

#[test]
fn find_free_goes_top_down_around_mappings() {
    let mut s = AddrSpace::new(frames());
    s.map(0x7000_0000, 0x7000_2000, Perms::RW, VmaKind::Anon);
    assert_eq!(s.find_free(0x1000, 0x7000_3000), Some(0x7000_2000));
    assert_eq!(s.find_free(0x2000, 0x7000_3000), Some(0x6fff_e000));
    assert!(s.is_free(0x7000_2000, 0x7000_3000));
    assert!(!s.is_free(0x6fff_f000, 0x7000_1000));
}
