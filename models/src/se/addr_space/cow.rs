//! Copy-on-write address spaces for `fork`.
//!
//! [`AddrSpace::fork_cow`] gives the child a copy of the mappings whose pages
//! share the parent's frames: every page of both spaces is marked copy-on-write
//! and each frame gains an owner in the [`FrameAllocator`](super::FrameAllocator)
//! (nothing is copied, so forking a process with a large heap costs one page-table
//! copy). The first write to such a page, by a CPU (a TLB miss for a store goes to
//! [`AddrSpace::translate`]) or by the kernel on behalf of a syscall, gives the
//! writer its own copy of the frame, unless it has become the frame's only owner,
//! in which case the page just becomes writable again.
//!
//! The CPUs' software TLBs keep a separate tag per access kind, so a page read
//! before the fork may still be read through its cached translation, but no
//! store reaches a shared frame: the fork itself makes every CPU drop its
//! translations (its syscall returns a TLB flush, which bumps the mapping epoch),
//! so every later store misses, comes here and is given a private frame.

use super::{AddrSpace, MemFault, SharedFile, VmaKind, PAGE_SHIFT, PAGE_SIZE};
use sim_core::arch::MemAccess;
use sim_core::Addr;
use std::sync::Arc;

impl AddrSpace {
    /// A copy-on-write copy of this space for a forked child: the same mappings,
    /// brk and shared file mappings, every page sharing its frame with this space.
    /// The caller must make every CPU drop its translations of this space.
    pub fn fork_cow(&mut self) -> AddrSpace {
        // Pages of anonymous MAP_SHARED mappings keep one frame for both
        // spaces: give every such page its frame now (a page first touched
        // after the fork must be the same one in both), and never copy them.
        let shared_anon: Vec<(u64, u64)> = self
            .vmas
            .iter()
            .filter(|(_, v)| v.kind == VmaKind::SharedAnon)
            .map(|(&s, v)| (s, v.end))
            .collect();
        for &(start, end) in &shared_anon {
            for va in (start..end).step_by(PAGE_SIZE as usize) {
                // Out of frames: that page stays private to whoever touches it.
                let _ = self.translate_as(va, None);
            }
        }
        // Shared file pages are the page cache's frames: never copied either.
        let mut one_frame = shared_anon;
        one_frame.extend(self.shared.iter().map(|(&s, f)| (s, f.end)));
        for (&vpn, p) in self.pages.iter_mut() {
            let va = vpn << PAGE_SHIFT;
            p.cow = !one_frame.iter().any(|&(s, e)| (s..e).contains(&va));
        }
        self.frames.share(self.pages.values().map(|p| p.frame));
        let shared = self
            .shared
            .iter()
            .map(|(&s, f)| {
                let copy = SharedFile {
                    end: f.end,
                    fd: Arc::clone(&f.fd),
                    off: f.off,
                    key: f.key,
                };
                (s, copy)
            })
            .collect();
        AddrSpace {
            frames: Arc::clone(&self.frames),
            vmas: self.vmas.clone(),
            pages: self.pages.clone(),
            shared,
            beyond_eof: self.beyond_eof.clone(),
            brk_start: self.brk_start,
            brk: self.brk,
            exhausted: None,
            cow_copied: false,
        }
    }

    /// A store to copy-on-write page `vpn` (offset `off`): give the page a frame
    /// of its own (copying the shared one) unless it already owns its frame alone.
    pub(super) fn break_cow(
        &mut self,
        vpn: u64,
        off: u64,
        access: MemAccess,
    ) -> Result<Addr, MemFault> {
        let pte = *self.pages.get(&vpn).expect("caller found the page");
        let old = Addr(pte.frame);
        let mut frame = pte.frame;
        if self.frames.is_shared(old) {
            let new = self.frames.alloc().ok_or(MemFault::OutOfMemory {
                addr: (vpn << PAGE_SHIFT) | off,
                access,
            })?;
            let store = self.frames.store();
            let mut page = vec![0u8; PAGE_SIZE as usize];
            // Both frames come from the allocator's range inside the store.
            let copied = store.read(old, &mut page).is_ok() && store.write(new, &page).is_ok();
            debug_assert!(copied, "frames lie inside the store");
            self.frames.free(old);
            frame = new.0;
            self.cow_copied = true;
        }
        let p = self.pages.get_mut(&vpn).expect("present");
        p.frame = frame;
        p.cow = false;
        Ok(Addr(frame + off))
    }

    /// Whether a copy-on-write page was given a new frame since the last call
    /// (clearing it): CPUs that cached the old frame for reads (other threads of
    /// this space, or the caller itself when the kernel made the write) must drop
    /// their translations.
    pub fn take_cow_copied(&mut self) -> bool {
        std::mem::take(&mut self.cow_copied)
    }

    /// Pages whose frame is still marked copy-on-write (for tests).
    pub fn cow_pages(&self) -> usize {
        self.pages.values().filter(|p| p.cow).count()
    }
}
