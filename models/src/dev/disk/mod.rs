//! Disk images behind the block devices (gem5's `DiskImage` family).
//!
//! * [`RawImage`]: a file of sectors. Opened read-only unless the user asks for a
//!   writable disk; writes of whole zero blocks punch holes, so sparse images stay
//!   sparse.
//! * [`CowOverlay`]: copy-on-write over any image (gem5's `CowDiskImage`): the
//!   guest's writes stay in memory and the image file is never written. This is
//!   the default for a board's disk.
//! * [`Qcow2Image`]: a qcow2 image, read-only (put a [`CowOverlay`] on top).
//!
//! Partition tables need nothing here: the kernel reads GPT or MBR itself.
//! [`open_image`] picks the format from the file's first bytes.

mod cow;
mod qcow2;
mod raw;
#[cfg(test)]
mod tests;

pub use cow::CowOverlay;
pub use qcow2::Qcow2Image;
pub use raw::RawImage;

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Bytes per sector, as the block devices count them.
pub const SECTOR_SIZE: u64 = 512;

/// A disk image that cannot be opened, read or written.
#[derive(Debug, Error)]
pub enum DiskError {
    /// The file is not there.
    #[error("disk image {path}: no such file")]
    Missing {
        /// The image file.
        path: PathBuf,
    },
    /// The host refused to open or read the file.
    #[error("disk image {path}: {source}")]
    Io {
        /// The image file.
        path: PathBuf,
        /// What the host said.
        source: std::io::Error,
    },
    /// The file's structure is broken (a qcow2 table pointing past the end, ...).
    #[error("disk image {path}: corrupt {what}")]
    Corrupt {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// A valid image using something this reader does not handle.
    #[error(
        "disk image {path}: {what} is not supported; convert it with `qemu-img convert -O raw`"
    )]
    Unsupported {
        /// The image file.
        path: PathBuf,
        /// The feature.
        what: String,
    },
    /// An access beyond the end of the disk.
    #[error(
        "disk image {path}: access of {len} bytes at byte {offset} is past its end ({size} bytes)"
    )]
    OutOfRange {
        /// The image file.
        path: PathBuf,
        /// First byte.
        offset: u64,
        /// Bytes.
        len: usize,
        /// Size of the disk.
        size: u64,
    },
    /// A write to an image opened read-only.
    #[error("disk image {path} is read-only; use a copy-on-write disk or ask for a writable one")]
    ReadOnly {
        /// The image file.
        path: PathBuf,
    },
}

/// What a block device reads and writes.
pub trait DiskImage: Send {
    /// Size in bytes.
    fn size(&self) -> u64;
    /// Fill `buf` from byte `offset`.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), DiskError>;
    /// Write `data` at byte `offset`.
    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<(), DiskError>;
    /// Make written data durable (a no-op for overlays kept in memory).
    fn flush(&mut self) -> Result<(), DiskError>;
    /// Whether writes are refused.
    fn read_only(&self) -> bool;
    /// The file behind the image, for messages and the block device's id.
    fn path(&self) -> &Path;
}

/// How the user asked for a disk to be opened.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DiskMode {
    /// Guest writes go to a copy-on-write overlay; the file is never written (default).
    CopyOnWrite,
    /// Guest writes are refused (I/O errors in the guest).
    ReadOnly,
    /// Guest writes go to the file (raw images only).
    Writable,
}

/// `QFI\xfb`: the first bytes of a qcow2 image.
const QCOW_MAGIC: [u8; 4] = *b"QFI\xfb";

/// Open the image at `path`: qcow2 if it starts with qcow2's magic, raw otherwise.
pub fn open_image(path: &Path, mode: DiskMode) -> Result<Box<dyn DiskImage>, DiskError> {
    let mut magic = [0u8; 4];
    let n = {
        use std::io::Read;
        let mut f = open_file(path, false)?;
        f.read(&mut magic).map_err(|e| io_error(path, e))?
    };
    let base: Box<dyn DiskImage> = if n == 4 && magic == QCOW_MAGIC {
        if mode == DiskMode::Writable {
            return Err(DiskError::Unsupported {
                path: path.into(),
                what: "writing a qcow2 image".into(),
            });
        }
        Box::new(Qcow2Image::open(path)?)
    } else {
        Box::new(RawImage::open(path, mode == DiskMode::Writable)?)
    };
    Ok(match mode {
        DiskMode::CopyOnWrite => Box::new(CowOverlay::new(base)),
        _ => base,
    })
}

/// Open `path` (read-write if `write`), with errors naming it.
pub(crate) fn open_file(path: &Path, write: bool) -> Result<std::fs::File, DiskError> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(write)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                DiskError::Missing { path: path.into() }
            } else {
                io_error(path, e)
            }
        })
}

pub(crate) fn io_error(path: &Path, source: std::io::Error) -> DiskError {
    DiskError::Io {
        path: path.into(),
        source,
    }
}

/// Check that `len` bytes at `offset` lie within a disk of `size` bytes.
pub(crate) fn check_range(
    path: &Path,
    offset: u64,
    len: usize,
    size: u64,
) -> Result<(), DiskError> {
    match offset.checked_add(len as u64) {
        Some(end) if end <= size => Ok(()),
        _ => Err(DiskError::OutOfRange {
            path: path.into(),
            offset,
            len,
            size,
        }),
    }
}
