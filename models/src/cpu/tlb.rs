//! A software TLB that caches virtual page → host pointer (or physical page).
//!
//! Like QEMU's softmmu TLB and Spike's MMU: a direct-mapped table with a separate tag
//! per access kind, so the hit path of a load is an index, a compare and a host load.
//! Misses go to [`ThreadOs::translate`](super::ThreadOs::translate), out of line.

use sim_core::arch::MemAccess;

/// Page size the TLB works in (4 KiB; larger guest pages are cached per 4 KiB piece).
pub const PAGE_SHIFT: u32 = 12;
/// Page size in bytes.
pub const PAGE_SIZE: u64 = 1 << PAGE_SHIFT;
const ENTRIES: usize = 1024;
const INVALID: u64 = u64::MAX;

#[derive(Copy, Clone)]
struct Entry {
    read_tag: u64,
    write_tag: u64,
    exec_tag: u64,
    /// Physical page base.
    paddr: u64,
    /// Host address of the page's first byte, or 0 when no backdoor covers it.
    host: usize,
}

const EMPTY: Entry = Entry {
    read_tag: INVALID,
    write_tag: INVALID,
    exec_tag: INVALID,
    paddr: 0,
    host: 0,
};

/// The translation of one page, as the TLB hands it out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Physical page base.
    pub paddr: u64,
    /// Host pointer of the page base, or 0 if accesses must go through a port.
    pub host: usize,
}

/// The direct-mapped software TLB.
pub struct SoftTlb {
    entries: Box<[Entry; ENTRIES]>,
}

impl Default for SoftTlb {
    fn default() -> Self {
        SoftTlb {
            entries: Box::new([EMPTY; ENTRIES]),
        }
    }
}

impl SoftTlb {
    #[inline]
    fn slot(vpn: u64) -> usize {
        (vpn as usize) & (ENTRIES - 1)
    }

    /// Look up the page of `vaddr` for `access`.
    #[inline(always)]
    pub fn lookup(&self, vaddr: u64, access: MemAccess) -> Option<Hit> {
        let vpn = vaddr >> PAGE_SHIFT;
        let e = &self.entries[Self::slot(vpn)];
        let tag = match access {
            MemAccess::Load => e.read_tag,
            MemAccess::Store => e.write_tag,
            MemAccess::Fetch => e.exec_tag,
        };
        (tag == vpn).then_some(Hit {
            paddr: e.paddr,
            host: e.host,
        })
    }

    /// Record that `vaddr`'s page allows `access` and maps to `hit`.
    pub fn insert(&mut self, vaddr: u64, access: MemAccess, hit: Hit) {
        let vpn = vaddr >> PAGE_SHIFT;
        let e = &mut self.entries[Self::slot(vpn)];
        if e.paddr != hit.paddr
            || e.host != hit.host
            || [e.read_tag, e.write_tag, e.exec_tag]
                .iter()
                .all(|t| *t != vpn)
        {
            *e = EMPTY;
        }
        e.paddr = hit.paddr;
        e.host = hit.host;
        match access {
            MemAccess::Load => e.read_tag = vpn,
            MemAccess::Store => e.write_tag = vpn,
            MemAccess::Fetch => e.exec_tag = vpn,
        }
    }

    /// Forget every translation.
    pub fn flush(&mut self) {
        self.entries.fill(EMPTY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_for_the_access_kind_inserted_and_forgets_on_flush() {
        let mut t = SoftTlb::default();
        let hit = Hit {
            paddr: 0x8000_0000,
            host: 0x1000,
        };
        assert_eq!(t.lookup(0x1234, MemAccess::Load), None);
        t.insert(0x1234, MemAccess::Load, hit);
        assert_eq!(t.lookup(0x1ffc, MemAccess::Load), Some(hit));
        assert_eq!(t.lookup(0x1ffc, MemAccess::Store), None);
        // A page that aliases the same slot evicts the first.
        t.insert(
            0x1234 + (ENTRIES as u64) * PAGE_SIZE,
            MemAccess::Store,
            Hit {
                paddr: 0x9000_0000,
                host: 0,
            },
        );
        assert_eq!(t.lookup(0x1234, MemAccess::Load), None);
        t.flush();
        assert_eq!(
            t.lookup(0x1234 + (ENTRIES as u64) * PAGE_SIZE, MemAccess::Store),
            None
        );
    }
}
