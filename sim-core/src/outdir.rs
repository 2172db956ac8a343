//! The output directory (gem5's `m5out`) and how files are written into it, so that
//! its files never contradict each other, whenever the run stops.
//!
//! * **One run at a time.** When a run starts, every file a run writes here
//!   ([`RUN_FILES`], and their temporaries) is removed before anything new is
//!   written, so the directory holds files of one run only: never a new `config.ini`
//!   beside the `stats.json` of an earlier run. Other files are left alone.
//! * **Whole files** (`config.*`, `stats.json`, `stats.h5`) are written under a
//!   temporary name in the same directory (`.NAME.tmp`) and renamed over `NAME`:
//!   a reader sees the old or the new file, never a part of one.
//! * **Appended files** (`stats.txt`) get each block formatted in memory and written
//!   with one `write` call; if that fails (disk full) the file is cut back to its
//!   earlier length, so it holds whole blocks only. (Linux can cut a single `write`
//!   to a regular file short only if the process is killed in the microseconds that
//!   very call copies the block.)
//! * Nothing is `fsync`ed: the files survive the process being killed at any moment,
//!   not the host crashing, as with gem5.
//! * **Watching the directory.** [`OutDir::state`] (two system calls) tells whether
//!   the directory is still there and writable; the simulation asks it at every stats
//!   dump and at the same cadence as it polls for Ctrl-C (see
//!   [`Simulation::check_outdir`](crate::Simulation::check_outdir) for what it then does).

use std::ffi::CString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Every file a run writes into its output directory. A run removes all of them
/// when it starts; a new output file must be added here.
pub const RUN_FILES: &[&str] = &[
    "stats.txt",
    "stats.json",
    "stats.h5",
    "config.ini",
    "config.json",
    "config.dot",
];

/// What [`OutDir::state`] found.
#[derive(Debug)]
pub enum DirState {
    /// The directory is there (the same one) and writable.
    Ready,
    /// The directory was removed (or replaced by another file or directory).
    Gone,
    /// The directory is there but cannot be written to (permissions, read-only
    /// file system).
    Unwritable(io::Error),
}

/// An output directory being written by one run.
#[derive(Debug)]
pub struct OutDir {
    path: PathBuf,
    /// The same path as a C string, for `access`.
    c_path: CString,
    /// Device and inode of the directory this run created or reused.
    identity: (u64, u64),
    /// The directory itself, held open so that its inode number cannot be given to
    /// a new directory of the same name while the run goes on.
    _held: Option<fs::File>,
}

impl OutDir {
    /// Create `path` (with its parents) or reuse it, and remove the files of a
    /// previous run ([`RUN_FILES`]).
    pub fn start(path: impl Into<PathBuf>) -> io::Result<OutDir> {
        let path = path.into();
        let c_path = CString::new(path.as_os_str().as_bytes()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: output directory name contains a NUL byte",
                    path.display()
                ),
            )
        })?;
        let mut dir = OutDir {
            path,
            c_path,
            identity: (0, 0),
            _held: None,
        };
        dir.recreate()?;
        Ok(dir)
    }

    /// Create the directory again (after it was removed) and clear it of run files.
    pub fn recreate(&mut self) -> io::Result<()> {
        fs::create_dir_all(&self.path).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                let msg = format!("{}: exists and is not a directory", self.path.display());
                return io::Error::new(e.kind(), msg);
            }
            with_path(e, &self.path)
        })?;
        let held = fs::File::open(&self.path).map_err(|e| with_path(e, &self.path))?;
        let meta = held.metadata().map_err(|e| with_path(e, &self.path))?;
        self.identity = (meta.dev(), meta.ino());
        self._held = Some(held);
        for name in RUN_FILES {
            for path in [self.file(name), temp_path(&self.file(name))] {
                match fs::remove_file(&path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(with_path(e, &path))
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of file `name` in the directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Whether the directory is still there and writable: a `stat` and an `access`,
    /// cheap enough to ask every few milliseconds.
    pub fn state(&self) -> DirState {
        match fs::metadata(&self.path) {
            Ok(m) if m.is_dir() && (m.dev(), m.ino()) == self.identity => {}
            Ok(_) => return DirState::Gone,
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => {
                return DirState::Gone
            }
            Err(e) => return DirState::Unwritable(e),
        }
        // SAFETY: `c_path` is a valid NUL-terminated string; `access` only reads it.
        if unsafe { libc::access(self.c_path.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
            return DirState::Unwritable(io::Error::last_os_error());
        }
        DirState::Ready
    }

    /// Replace file `name` with `contents` (temporary file, then rename).
    pub fn write_whole(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        write_atomically(&self.file(name), contents)
    }

    /// Append `block` to file `name` (created if missing) as one piece.
    pub fn append(&self, name: &str, block: &[u8]) -> io::Result<()> {
        append_whole(&self.file(name), block)
    }

    /// Replace file `name` with what `write` makes of a temporary file, which starts
    /// as a copy of the current file when `from_current` is set (and does not exist
    /// otherwise). For files written by a library that takes a path (HDF5).
    pub fn rewrite_with(
        &self,
        name: &str,
        from_current: bool,
        write: impl FnOnce(&Path) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.file(name);
        let temp = temp_path(&path);
        let result = (|| {
            remove_if_present(&temp)?;
            if from_current {
                fs::copy(&path, &temp)?;
            }
            write(&temp)?;
            fs::rename(&temp, &path)
        })();
        result.map_err(|e| {
            let _ = fs::remove_file(&temp);
            with_path(e, &path)
        })
    }
}

/// Replace the file at `path` with `contents`: write `.NAME.tmp` beside it, then
/// rename it over `path`, so a reader (or a killed run) never sees half a file.
/// Errors name `path`.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = (|| {
        remove_if_present(&temp)?;
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(contents)?;
        fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        with_path(e, path)
    })
}

/// Append `block` to the file at `path` (created if missing) with one `write`; if
/// it fails part way (disk full), cut the file back to its length before, so it
/// never ends in a partial block. Errors name `path`.
pub fn append_whole(path: &Path, block: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| with_path(e, path))?;
    let before = f.metadata().map_err(|e| with_path(e, path))?.len();
    f.write_all(block).map_err(|e| {
        let _ = f.set_len(before);
        with_path(e, path)
    })
}

/// `dir/.NAME.tmp` for `dir/NAME`: hidden, in the same directory (so the rename is
/// atomic), and removed by the next run's start.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.tmp"))
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `e` with `path` in front of its message (the kind is kept).
pub(crate) fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests;
