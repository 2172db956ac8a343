//! Address translation: Sv39, Sv48 and Sv57 (4.3-4.5) through the TLBs, the
//! page-table walk as a read/reply state machine (the algorithm of 4.3.2), and the
//! PMP check of every physical access, the walker's included (3.7.1).

use super::csr::{MS_MPP, MS_MPP_SHIFT, MS_MPRV, MS_MXR, MS_SUM};
use super::tlb::TlbEntry;
use super::{satp_mode, PmpResult, RvSystem, PRV_M, PRV_S, PRV_U};
use sim_core::arch::{Fault, MemAccess, PrivLevel, Translation, WalkState, WalkStep};
use sim_core::Addr;

/// PTE valid.
pub const PTE_V: u64 = 1 << 0;
/// PTE readable.
pub const PTE_R: u64 = 1 << 1;
/// PTE writable.
pub const PTE_W: u64 = 1 << 2;
/// PTE executable.
pub const PTE_X: u64 = 1 << 3;
/// PTE accessible to U-mode.
pub const PTE_U: u64 = 1 << 4;
/// PTE global mapping.
pub const PTE_G: u64 = 1 << 5;
/// PTE accessed.
pub const PTE_A: u64 = 1 << 6;
/// PTE dirty.
pub const PTE_D: u64 = 1 << 7;
/// PTE bits 63:54: N (Svnapot), PBMT (Svpbmt) and reserved bits. Neither
/// extension is implemented, so any of them set is a page fault (4.4.1).
const PTE_HIGH: u64 = 0x3ff << 54;
const PPN_MASK: u64 = (1 << 44) - 1;

// Walk phases, kept in bits 15:8 of `WalkState::aux` (bits 7:0 hold the levels).
const ISSUE: u64 = 0;
const AWAIT_PTE: u64 = 1;
const AWAIT_CAS: u64 = 2;

fn ppn(pte: u64) -> u64 {
    (pte >> 10) & PPN_MASK
}

/// The physical address of `vaddr` through a leaf `pte` at `level`.
fn leaf_paddr(pte: u64, level: u8, vaddr: u64) -> u64 {
    let span = TlbEntry::page_bytes(level) - 1;
    ((ppn(pte) << 12) & !span) | (vaddr & span)
}

fn page_fault(w: &WalkState) -> WalkStep {
    WalkStep::Done(Err(Fault::PageFault {
        addr: w.vaddr,
        access: w.access,
    }))
}

impl RvSystem {
    /// The privilege loads and stores use: MPP when M-mode sets `mstatus.MPRV`.
    pub(crate) fn effective_prv(&self, access: MemAccess) -> u8 {
        if access != MemAccess::Fetch && self.prv == PRV_M && self.mstatus & MS_MPRV != 0 {
            ((self.mstatus & MS_MPP) >> MS_MPP_SHIFT) as u8
        } else {
            self.prv
        }
    }

    /// PMP-check a physical access; the fault names the virtual address (3.1.16).
    fn pmp_checked(
        &self,
        vaddr: Addr,
        paddr: u64,
        size: usize,
        access: MemAccess,
        prv: u8,
    ) -> Result<Addr, Fault> {
        match self.pmp.check(paddr, size, access, prv) {
            PmpResult::Allow => Ok(Addr(paddr)),
            PmpResult::Deny => Err(Fault::AccessFault {
                addr: vaddr,
                access,
            }),
        }
    }

    /// The leaf permission rules (4.3.1, 4.3.2 step 5, 3.1.6.3): X to fetch, R
    /// (or X with MXR) to load, W to store; U-mode needs U; S-mode may load and
    /// store U pages only with SUM and never fetches from them.
    fn leaf_allows(&self, pte: u64, access: MemAccess, prv: u8) -> bool {
        let mxr = self.mstatus & MS_MXR != 0;
        let ok = match access {
            MemAccess::Fetch => pte & PTE_X != 0,
            MemAccess::Load => pte & PTE_R != 0 || (mxr && pte & PTE_X != 0),
            MemAccess::Store => pte & PTE_W != 0,
        };
        ok && match prv {
            PRV_U => pte & PTE_U != 0,
            _ => pte & PTE_U == 0 || (access != MemAccess::Fetch && self.mstatus & MS_SUM != 0),
        }
    }

    /// A/D bits an access needs set in its leaf (4.3.1).
    fn ad_needed(pte: u64, access: MemAccess) -> u64 {
        let need = if access == MemAccess::Store {
            PTE_A | PTE_D
        } else {
            PTE_A
        };
        need & !pte
    }

    /// Start a translation (the TLB-hit path completes here).
    pub(crate) fn start_translation(
        &mut self,
        vaddr: Addr,
        access: MemAccess,
        size: usize,
    ) -> Translation {
        let prv = self.effective_prv(access);
        let mode = self.satp >> 60;
        if prv == PRV_M || mode == satp_mode::BARE {
            return Translation::Done(self.pmp_checked(vaddr, vaddr.0, size, access, prv));
        }
        let levels = (mode - satp_mode::SV39 + 3) as u8;
        let shift = 64 - (12 + 9 * levels as u32);
        if ((vaddr.0 << shift) as i64 >> shift) as u64 != vaddr.0 {
            return Translation::Done(Err(Fault::PageFault {
                addr: vaddr,
                access,
            }));
        }
        let asid = (self.satp >> 44) as u16;
        let tlb = match access {
            MemAccess::Fetch => &mut self.itb,
            _ => &mut self.dtb,
        };
        // A hit that would fault, or needs A/D set, walks again: memory has the
        // final say (the entry may predate a more permissive PTE).
        if let Some(e) = tlb.lookup(vaddr.0, asid, levels - 1, access == MemAccess::Store) {
            if self.leaf_allows(e.pte, access, prv) && Self::ad_needed(e.pte, access) == 0 {
                let pa = leaf_paddr(e.pte, e.level, vaddr.0);
                return Translation::Done(self.pmp_checked(vaddr, pa, size, access, prv));
            }
        }
        let mut w = WalkState::new(vaddr, access, size as u32, PrivLevel(prv));
        self.restart_walk(&mut w, levels);
        Translation::Walk(w)
    }

    fn restart_walk(&self, w: &mut WalkState, levels: u8) {
        w.level = levels as i8 - 1;
        w.table = Addr((self.satp & PPN_MASK) << 12);
        w.aux = levels as u64 | ISSUE << 8;
    }

    /// One step of the walk (4.3.2).
    pub(crate) fn step_walk(&mut self, w: &mut WalkState, reply: u64) -> WalkStep {
        w.steps = w.steps.saturating_add(1);
        let levels = (w.aux & 0xff) as u8;
        match w.aux >> 8 {
            AWAIT_PTE => self.examine_pte(w, reply),
            AWAIT_CAS if reply != w.pte => {
                // Another hart changed the PTE between our read and update: walk again.
                self.restart_walk(w, levels);
                self.issue_read(w)
            }
            AWAIT_CAS => {
                let pte = w.pte | Self::ad_needed(w.pte, w.access);
                self.finish_walk(w, pte)
            }
            _ => self.issue_read(w),
        }
    }

    fn issue_read(&mut self, w: &mut WalkState) -> WalkStep {
        let vpn = (w.vaddr.0 >> (12 + 9 * w.level as u32)) & 0x1ff;
        w.pte_addr = w.table.offset(vpn * 8);
        if self.pmp.check(w.pte_addr.0, 8, MemAccess::Load, PRV_S) == PmpResult::Deny {
            return WalkStep::Done(Err(Fault::AccessFault {
                addr: w.vaddr,
                access: w.access,
            }));
        }
        w.aux = (w.aux & 0xff) | AWAIT_PTE << 8;
        WalkStep::Read {
            paddr: w.pte_addr,
            size: 8,
        }
    }

    fn examine_pte(&mut self, w: &mut WalkState, pte: u64) -> WalkStep {
        w.pte = pte;
        if pte & PTE_V == 0 || pte & (PTE_R | PTE_W) == PTE_W || pte & PTE_HIGH != 0 {
            return page_fault(w);
        }
        if pte & (PTE_R | PTE_X) == 0 {
            if w.level == 0 {
                return page_fault(w);
            }
            w.level -= 1;
            w.table = Addr(ppn(pte) << 12);
            return self.issue_read(w);
        }
        let prv = w.privilege.0;
        if !self.leaf_allows(pte, w.access, prv) {
            return page_fault(w);
        }
        let low = (1u64 << (9 * w.level as u32)) - 1;
        if ppn(pte) & low != 0 {
            return page_fault(w); // misaligned superpage
        }
        let need = Self::ad_needed(pte, w.access);
        if need == 0 {
            return self.finish_walk(w, pte);
        }
        if !self.params.hw_ad_update {
            return page_fault(w);
        }
        if self.pmp.check(w.pte_addr.0, 8, MemAccess::Store, PRV_S) == PmpResult::Deny {
            return WalkStep::Done(Err(Fault::AccessFault {
                addr: w.vaddr,
                access: w.access,
            }));
        }
        w.aux = (w.aux & 0xff) | AWAIT_CAS << 8;
        WalkStep::CompareSwap {
            paddr: w.pte_addr,
            size: 8,
            expected: pte,
            new: pte | need,
        }
    }

    fn finish_walk(&mut self, w: &mut WalkState, pte: u64) -> WalkStep {
        let level = w.level as u8;
        let entry = TlbEntry {
            tag: w.vaddr.0 >> (12 + 9 * level as u32),
            asid: (self.satp >> 44) as u16,
            level,
            pte,
            pte_addr: w.pte_addr.0,
            valid: true,
        };
        match w.access {
            MemAccess::Fetch => self.itb.insert(entry),
            _ => self.dtb.insert(entry),
        }
        let pa = leaf_paddr(pte, level, w.vaddr.0);
        let r = self.pmp_checked(w.vaddr, pa, w.size as usize, w.access, w.privilege.0);
        WalkStep::Done(r)
    }
}
