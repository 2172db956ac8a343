//! Checks on the files `sim se` reads, made before reading them: a guest binary must
//! be a regular file (opening a FIFO would block until a writer comes, a device can
//! be endless, a directory is no program), and the environment file is read only
//! up to the size a Linux environment can have.

use std::fs::Metadata;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

/// The most `--env FILE` may hold: Linux's `execve` takes at most a quarter of
/// the default 8 MiB stack for the arguments and environment together.
pub const ENV_FILE_MAX: u64 = 2 << 20;

/// Why an input file was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path names something other than a regular file.
    #[error("{what} {} is {kind}, not a regular file", path.display())]
    NotRegular {
        /// What the file is for ("guest binary").
        what: &'static str,
        /// The path given.
        path: PathBuf,
        /// What the path names instead ("a directory").
        kind: &'static str,
    },
    /// The file could not be examined or read.
    #[error("cannot read {what} {}", path.display())]
    Io {
        /// What the file is for.
        what: &'static str,
        /// The path given.
        path: PathBuf,
        /// The host error.
        source: std::io::Error,
    },
    /// The file holds more than its kind of input can.
    #[error("{what} {} is larger than {} MiB, the most it can hold", path.display(), limit >> 20)]
    TooLarge {
        /// What the file is for.
        what: &'static str,
        /// The path given.
        path: PathBuf,
        /// The bound, in bytes (a whole number of MiB).
        limit: u64,
    },
}

/// What kind of file `meta` describes, for messages ("a FIFO (named pipe)").
fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// Refuse `path` unless it is a regular file (after following symbolic links),
/// without opening it.
pub fn require_regular_file(path: &Path, what: &'static str) -> Result<(), InputError> {
    let meta = std::fs::metadata(path).map_err(|source| InputError::Io {
        what,
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        return Ok(());
    }
    Err(InputError::NotRegular {
        what,
        path: path.to_path_buf(),
        kind: kind(&meta),
    })
}

/// The text of `path`, refused if it is a directory or holds more than `limit`
/// bytes. Pipes are read (`--env <(env)`); their end bounds them as `limit` does.
pub fn read_bounded_text(
    path: &Path,
    what: &'static str,
    limit: u64,
) -> Result<String, InputError> {
    let io = |source| InputError::Io {
        what,
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(InputError::NotRegular {
            what,
            path: path.to_path_buf(),
            kind: kind(&meta),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            what,
            path: path.to_path_buf(),
            limit,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}
