//! Pages that several address spaces share: `MAP_SHARED` file mappings (the
//! machine's [`PageCache`](crate::se::page_cache::PageCache)) and anonymous
//! `MAP_SHARED` memory kept across `fork` (see `cow.rs`).

use super::{AddrSpace, MemFault, Perms, Pte, VmaKind, PAGE_SHIFT, PAGE_SIZE};
use crate::se::page_cache::file_size;
use sim_core::arch::MemAccess;
use sim_core::Addr;
use std::os::fd::AsRawFd;

impl AddrSpace {
    /// Whether any shared file mapping exists.
    pub fn has_shared_files(&self) -> bool {
        !self.shared.is_empty()
    }

    /// Whether `va` lies in a shared file mapping.
    pub fn is_shared_file(&self, va: u64) -> bool {
        self.shared
            .range(..=va)
            .next_back()
            .is_some_and(|(_, f)| f.end > va)
    }

    /// Whether the page at `va` is one frame for every space mapping it (shared
    /// anonymous memory, a shared file mapping).
    fn shares_frame(&self, va: u64) -> bool {
        match self.vma_at(va) {
            Some(v) if v.kind == VmaKind::SharedAnon => true,
            Some(v) if v.kind == VmaKind::File => self.is_shared_file(va),
            _ => false,
        }
    }

    /// The physical address of `va` if it lies in memory other address spaces
    /// may map too (the key of a shared futex), giving the page its frame if it
    /// has none; `None` for private memory and unmapped addresses.
    pub fn shared_phys(&mut self, va: u64) -> Option<Result<u64, MemFault>> {
        if !self.shares_frame(va) {
            return None;
        }
        Some(self.translate_as(va, Some(MemAccess::Load)).map(|a| a.0))
    }

    /// First touch of `va` in a file mapping: if it is a shared one, map the
    /// file's page from the page cache (`None`: a private mapping, which takes
    /// a frame of its own). A page wholly past the end of a regular file is
    /// [`MemFault::Bus`], as Linux's `SIGBUS`.
    pub(super) fn map_shared_file_page(
        &mut self,
        va: u64,
        access: MemAccess,
        perms: Perms,
    ) -> Result<Option<Addr>, MemFault> {
        let Some((&start, f)) = self.shared.range(..=va).next_back() else {
            return Ok(None);
        };
        if f.end <= va {
            return Ok(None);
        }
        let page = (va - start) >> PAGE_SHIFT << PAGE_SHIFT;
        let index = (f.off + page) / PAGE_SIZE;
        if let Some((size, true)) = file_size(f.fd.as_raw_fd()) {
            if index * PAGE_SIZE >= size {
                return Err(MemFault::Bus { addr: va, access });
            }
        }
        let (key, fd) = (f.key, f.fd.clone());
        let frame = self
            .frames
            .page_cache()
            .map_page(&self.frames, key, index, &fd)
            .ok_or(MemFault::OutOfMemory { addr: va, access })?;
        self.pages.insert(
            va >> PAGE_SHIFT,
            Pte {
                frame,
                perms,
                cow: false,
            },
        );
        Ok(Some(Addr(frame + (va & (PAGE_SIZE - 1)))))
    }
}
