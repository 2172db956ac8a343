//! qcow2 images, read-only (QEMU's `docs/interop/qcow2.txt`, versions 2 and 3).
//!
//! A guest offset goes through the L1 table to an L2 table to a host cluster.
//! Unallocated clusters read from the backing file when there is one (opened
//! read-only, raw or qcow2) and as zeros otherwise; version-3 "zero" clusters read
//! as zeros. Compressed clusters, encryption, external data files and extended L2
//! entries are refused when the image is opened, naming the file.

use super::{check_range, io_error, open_file, open_image, DiskError, DiskImage, DiskMode};
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Host offset bits of an L1 or L2 entry.
const OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
/// L2 entry: the cluster is compressed.
const COMPRESSED: u64 = 1 << 62;
/// L2 entry (v3): the cluster reads as zeros.
const ZERO: u64 = 1;
/// Incompatible feature bits this reader knows: dirty (0; the data is valid,
/// only refcounts may be stale), corrupt (1), external data file (2), compression
/// type (3; no compressed cluster is read) and extended L2 entries (4).
const KNOWN_INCOMPATIBLE: u64 = 0x1f;

/// A qcow2 image.
pub struct Qcow2Image {
    path: PathBuf,
    file: File,
    size: u64,
    cluster_bits: u32,
    l1: Vec<u64>,
    l2_cache: HashMap<u64, Vec<u64>>,
    backing: Option<Box<dyn DiskImage>>,
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn be64(b: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

impl Qcow2Image {
    /// Open the qcow2 image at `path`.
    pub fn open(path: &Path) -> Result<Self, DiskError> {
        let file = open_file(path, false)?;
        let file_len = file.metadata().map_err(|e| io_error(path, e))?.len();
        let corrupt = |what: String| DiskError::Corrupt {
            path: path.into(),
            what,
        };
        let unsupported = |what: &str| DiskError::Unsupported {
            path: path.into(),
            what: what.into(),
        };
        let mut h = [0u8; 104];
        let n = file.read_at(&mut h, 0).map_err(|e| io_error(path, e))?;
        if n < 72 {
            return Err(corrupt("qcow2 header (file too short)".into()));
        }
        let version = be32(&h, 4);
        if version != 2 && version != 3 {
            return Err(unsupported(&format!("qcow2 version {version}")));
        }
        let cluster_bits = be32(&h, 20);
        if !(9..=21).contains(&cluster_bits) {
            return Err(corrupt(format!(
                "qcow2 cluster_bits {cluster_bits} (allowed 9..21)"
            )));
        }
        let size = be64(&h, 24);
        if be32(&h, 32) != 0 {
            return Err(unsupported("an encrypted qcow2 image"));
        }
        if version == 3 && n >= 104 {
            let incompatible = be64(&h, 72);
            if incompatible & (1 << 1) != 0 {
                return Err(corrupt("qcow2 image (its corrupt bit is set)".into()));
            }
            if incompatible & (1 << 2) != 0 {
                return Err(unsupported("a qcow2 external data file"));
            }
            if incompatible & (1 << 4) != 0 {
                return Err(unsupported("qcow2 extended L2 entries"));
            }
            if incompatible & !KNOWN_INCOMPATIBLE != 0 {
                return Err(unsupported(&format!(
                    "qcow2 incompatible features {incompatible:#x}"
                )));
            }
        }
        let l1_size = be32(&h, 36) as u64;
        let l1_offset = be64(&h, 40);
        let cluster = 1u64 << cluster_bits;
        let l2_entries = cluster / 8;
        let needed_l1 = size.div_ceil(cluster * l2_entries);
        if l1_size < needed_l1 || l1_offset.saturating_add(8 * l1_size) > file_len {
            return Err(corrupt(format!(
                "qcow2 L1 table ({l1_size} entries at {l1_offset:#x}; file is {file_len} bytes)"
            )));
        }
        let mut raw = vec![0u8; 8 * l1_size as usize];
        file.read_exact_at(&mut raw, l1_offset)
            .map_err(|e| io_error(path, e))?;
        let l1 = raw.chunks(8).map(|c| be64(c, 0) & OFFSET_MASK).collect();
        let backing = Self::open_backing(path, &file, &h)?;
        let mut img = Qcow2Image {
            path: path.into(),
            file,
            size,
            cluster_bits,
            l1,
            l2_cache: HashMap::new(),
            backing,
        };
        img.check_tables(file_len)?;
        Ok(img)
    }

    /// The backing file named in the header, opened read-only.
    fn open_backing(
        path: &Path,
        file: &File,
        h: &[u8],
    ) -> Result<Option<Box<dyn DiskImage>>, DiskError> {
        let (offset, len) = (be64(h, 8), be32(h, 16) as usize);
        if offset == 0 || len == 0 {
            return Ok(None);
        }
        let mut name = vec![0u8; len.min(1023)];
        file.read_exact_at(&mut name, offset)
            .map_err(|e| io_error(path, e))?;
        let name = PathBuf::from(String::from_utf8_lossy(&name).into_owned());
        let name = if name.is_relative() {
            path.parent().unwrap_or(Path::new(".")).join(name)
        } else {
            name
        };
        Ok(Some(open_image(&name, DiskMode::ReadOnly)?))
    }

    /// Load every L2 table: refuses compressed clusters and entries past the file.
    fn check_tables(&mut self, file_len: u64) -> Result<(), DiskError> {
        for i in 0..self.l1.len() {
            let l2 = self.l1[i];
            if l2 == 0 {
                continue;
            }
            let cluster = 1u64 << self.cluster_bits;
            for e in self.l2_table(l2)?.iter() {
                if e & COMPRESSED != 0 {
                    return Err(DiskError::Unsupported {
                        path: self.path.clone(),
                        what: "a qcow2 image with compressed clusters".into(),
                    });
                }
                let host = e & OFFSET_MASK;
                if host != 0 && host + cluster > file_len.next_multiple_of(cluster) {
                    return Err(DiskError::Corrupt {
                        path: self.path.clone(),
                        what: format!("qcow2 L2 entry pointing at {host:#x}, past the file's end"),
                    });
                }
            }
        }
        Ok(())
    }

    fn l2_table(&mut self, offset: u64) -> Result<&Vec<u64>, DiskError> {
        if !self.l2_cache.contains_key(&offset) {
            let mut raw = vec![0u8; 1 << self.cluster_bits];
            self.file
                .read_exact_at(&mut raw, offset)
                .map_err(|e| DiskError::Corrupt {
                    path: self.path.clone(),
                    what: format!("qcow2 L2 table at {offset:#x} ({e})"),
                })?;
            let table = raw.chunks(8).map(|c| be64(c, 0)).collect();
            self.l2_cache.insert(offset, table);
        }
        Ok(&self.l2_cache[&offset])
    }

    /// Fill `buf` (within one cluster) from guest offset `at`.
    fn read_cluster_part(&mut self, at: u64, buf: &mut [u8]) -> Result<(), DiskError> {
        let cluster = 1u64 << self.cluster_bits;
        let l2_bits = self.cluster_bits - 3;
        let l1_index = (at >> (self.cluster_bits + l2_bits)) as usize;
        let l2_index = ((at >> self.cluster_bits) & ((1 << l2_bits) - 1)) as usize;
        let l2 = self.l1.get(l1_index).copied().unwrap_or(0);
        let entry = if l2 == 0 {
            0
        } else {
            self.l2_table(l2)?[l2_index]
        };
        let host = entry & OFFSET_MASK;
        if entry & ZERO != 0 || (host == 0 && self.backing.is_none()) {
            buf.fill(0);
        } else if host == 0 {
            let backing = self.backing.as_mut().expect("checked above");
            // Past the end of a smaller backing file reads as zeros.
            let avail = backing.size().saturating_sub(at).min(buf.len() as u64) as usize;
            buf[avail..].fill(0);
            backing.read_at(at, &mut buf[..avail])?;
        } else {
            let within = at & (cluster - 1);
            self.file
                .read_exact_at(buf, host + within)
                .map_err(|e| io_error(&self.path, e))?;
        }
        Ok(())
    }
}

impl DiskImage for Qcow2Image {
    fn size(&self) -> u64 {
        self.size
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), DiskError> {
        check_range(&self.path, offset, buf.len(), self.size)?;
        let cluster = 1u64 << self.cluster_bits;
        let mut pos = 0usize;
        while pos < buf.len() {
            let at = offset + pos as u64;
            let n = ((cluster - at % cluster) as usize).min(buf.len() - pos);
            self.read_cluster_part(at, &mut buf[pos..pos + n])?;
            pos += n;
        }
        Ok(())
    }
    fn write_at(&mut self, _offset: u64, _data: &[u8]) -> Result<(), DiskError> {
        Err(DiskError::ReadOnly {
            path: self.path.clone(),
        })
    }
    fn flush(&mut self) -> Result<(), DiskError> {
        Ok(())
    }
    fn read_only(&self) -> bool {
        true
    }
    fn path(&self) -> &Path {
        &self.path
    }
}
