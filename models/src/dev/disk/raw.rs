//! Raw images: the file is the disk, byte for byte.

use super::{check_range, io_error, open_file, DiskError, DiskImage};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// Zero blocks of this size (aligned) become holes when written to a writable image.
const HOLE_BLOCK: u64 = 4096;

/// A raw image file.
pub struct RawImage {
    path: PathBuf,
    file: File,
    size: u64,
    writable: bool,
}

impl RawImage {
    /// Open `path`; writable only if `writable` (otherwise the file is opened read-only).
    pub fn open(path: &Path, writable: bool) -> Result<Self, DiskError> {
        let file = open_file(path, writable)?;
        let meta = file.metadata().map_err(|e| io_error(path, e))?;
        if meta.is_dir() {
            return Err(io_error(
                path,
                std::io::Error::other("is a directory, not an image file"),
            ));
        }
        Ok(RawImage {
            path: path.into(),
            size: meta.len(),
            file,
            writable,
        })
    }

    /// Turn `len` bytes at `offset` (whole, aligned blocks) into a hole.
    fn punch_hole(&self, offset: u64, len: u64) -> std::io::Result<()> {
        // SAFETY: fallocate on a file descriptor we own; no memory is passed.
        let r = unsafe {
            libc::fallocate(
                self.file.as_raw_fd(),
                libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE,
                offset as libc::off_t,
                len as libc::off_t,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

impl DiskImage for RawImage {
    fn size(&self) -> u64 {
        self.size
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), DiskError> {
        check_range(&self.path, offset, buf.len(), self.size)?;
        self.file
            .read_exact_at(buf, offset)
            .map_err(|e| io_error(&self.path, e))
    }
    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<(), DiskError> {
        if !self.writable {
            return Err(DiskError::ReadOnly {
                path: self.path.clone(),
            });
        }
        check_range(&self.path, offset, data.len(), self.size)?;
        // Write block by block so that all-zero aligned blocks become holes.
        let mut pos = 0usize;
        while pos < data.len() {
            let at = offset + pos as u64;
            let to_boundary = (HOLE_BLOCK - at % HOLE_BLOCK) as usize;
            let n = to_boundary.min(data.len() - pos);
            let chunk = &data[pos..pos + n];
            let whole = at.is_multiple_of(HOLE_BLOCK) && n as u64 == HOLE_BLOCK;
            if !(whole && chunk.iter().all(|&b| b == 0) && self.punch_hole(at, HOLE_BLOCK).is_ok())
            {
                self.file
                    .write_all_at(chunk, at)
                    .map_err(|e| io_error(&self.path, e))?;
            }
            pos += n;
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<(), DiskError> {
        if self.writable {
            self.file.sync_data().map_err(|e| io_error(&self.path, e))?;
        }
        Ok(())
    }
    fn read_only(&self) -> bool {
        !self.writable
    }
    fn path(&self) -> &Path {
        &self.path
    }
}
