//! Copy-on-write overlay (gem5's `CowDiskImage`): the guest sees its writes, the
//! image below never does.

use super::{check_range, DiskError, DiskImage};
use std::collections::HashMap;
use std::path::Path;

/// Bytes per overlay block.
const BLOCK: u64 = 4096;

/// Written blocks kept in memory over a read-only image.
pub struct CowOverlay {
    base: Box<dyn DiskImage>,
    blocks: HashMap<u64, Box<[u8]>>,
}

impl CowOverlay {
    /// An overlay over `base` with nothing written yet.
    pub fn new(base: Box<dyn DiskImage>) -> Self {
        CowOverlay {
            base,
            blocks: HashMap::new(),
        }
    }

    /// Blocks the guest has written.
    pub fn written_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Visit the disk block by block: `f(block index, offset in block, range in buffer)`.
    fn split(offset: u64, len: usize, mut f: impl FnMut(u64, usize, std::ops::Range<usize>)) {
        let mut pos = 0usize;
        while pos < len {
            let at = offset + pos as u64;
            let within = (at % BLOCK) as usize;
            let n = (BLOCK as usize - within).min(len - pos);
            f(at / BLOCK, within, pos..pos + n);
            pos += n;
        }
    }
}

impl DiskImage for CowOverlay {
    fn size(&self) -> u64 {
        self.base.size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), DiskError> {
        check_range(self.base.path(), offset, buf.len(), self.size())?;
        let mut err = None;
        let (blocks, base) = (&self.blocks, &mut self.base);
        Self::split(offset, buf.len(), |b, within, r| {
            if err.is_some() {
                return;
            }
            let n = r.len();
            match blocks.get(&b) {
                Some(block) => buf[r].copy_from_slice(&block[within..within + n]),
                None => {
                    if let Err(e) = base.read_at(b * BLOCK + within as u64, &mut buf[r]) {
                        err = Some(e);
                    }
                }
            }
        });
        err.map_or(Ok(()), Err)
    }
    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<(), DiskError> {
        let size = self.size();
        check_range(self.base.path(), offset, data.len(), size)?;
        let mut err = None;
        let (blocks, base) = (&mut self.blocks, &mut self.base);
        Self::split(offset, data.len(), |b, within, r| {
            if err.is_some() {
                return;
            }
            let block = match blocks.entry(b) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    // A partial block starts as the image's bytes (the last block
                    // of an image whose size is not a block multiple is shorter).
                    let start = b * BLOCK;
                    let len = BLOCK.min(size - start) as usize;
                    let mut bytes = vec![0u8; BLOCK as usize].into_boxed_slice();
                    if r.len() != BLOCK as usize {
                        if let Err(e) = base.read_at(start, &mut bytes[..len]) {
                            err = Some(e);
                            return;
                        }
                    }
                    v.insert(bytes)
                }
            };
            block[within..within + r.len()].copy_from_slice(&data[r]);
        });
        err.map_or(Ok(()), Err)
    }
    fn flush(&mut self) -> Result<(), DiskError> {
        Ok(())
    }
    fn read_only(&self) -> bool {
        false
    }
    fn path(&self) -> &Path {
        self.base.path()
    }
}
