//! The simulated machine as its guest processes see it, shared by every process
//! of one [`SeKernel`](crate::se::SeKernel): how many CPUs it has, the POSIX
//! record locks (held by processes, keyed by file, so they work across
//! processes), and the private host directory that holds the synthesized
//! `/proc` and `/sys` files (see `syscalls/procfs.rs`).
//!
//! A process built on its own (without a kernel) gets a machine of one CPU.

use super::syscalls::locks::RecordLocks;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The machine-wide state behind every guest process of one kernel.
#[derive(Debug)]
pub struct SimSystem {
    cpus: AtomicUsize,
    locks: Mutex<RecordLocks>,
    tree: OnceLock<Option<PathBuf>>,
}

impl Default for SimSystem {
    fn default() -> Self {
        SimSystem {
            cpus: AtomicUsize::new(1),
            locks: Mutex::new(RecordLocks::default()),
            tree: OnceLock::new(),
        }
    }
}

impl SimSystem {
    /// The number of simulated CPUs (at least 1).
    pub fn num_cpus(&self) -> usize {
        self.cpus.load(Ordering::Relaxed).max(1)
    }

    /// Record that the machine has `n` CPUs.
    pub fn set_num_cpus(&self, n: usize) {
        self.cpus.store(n.max(1), Ordering::Relaxed);
    }

    /// The record-lock table (`fcntl` `F_SETLK` and friends).
    pub(crate) fn locks(&self) -> MutexGuard<'_, RecordLocks> {
        self.locks.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The private host directory under which the synthesized `/proc` and
    /// `/sys` live, created on first use (`None` if the host refused to create one).
    pub(crate) fn tree(&self) -> Option<&Path> {
        self.tree
            .get_or_init(|| {
                let base = std::env::temp_dir().join("sim-se-sysview-XXXXXX");
                let mut templ = base.into_os_string().into_encoded_bytes();
                templ.push(0);
                // SAFETY: `templ` is a writable NUL-terminated template.
                let p = unsafe { libc::mkdtemp(templ.as_mut_ptr().cast()) };
                if p.is_null() {
                    tracing::warn!("cannot create a host directory for the guest's /proc");
                    return None;
                }
                templ.pop();
                // SAFETY: mkdtemp left a valid path in `templ`.
                let dir = PathBuf::from(unsafe {
                    std::ffi::OsString::from_encoded_bytes_unchecked(templ)
                });
                remove_at_exit(&dir);
                Some(dir)
            })
            .as_deref()
    }
}

impl Drop for SimSystem {
    fn drop(&mut self) {
        if let Some(Some(dir)) = self.tree.get() {
            let _ = std::fs::remove_dir_all(dir);
            trees().retain(|d| d != dir);
        }
    }
}

/// Trees not yet removed, for a simulator that exits without dropping its kernel.
fn trees() -> MutexGuard<'static, Vec<PathBuf>> {
    static TREES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    TREES.lock().unwrap_or_else(|e| e.into_inner())
}

extern "C" fn remove_trees() {
    for dir in trees().drain(..) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Remove `dir` when the simulator exits, if nothing removed it before.
fn remove_at_exit(dir: &Path) {
    static REGISTER: std::sync::Once = std::sync::Once::new();
    REGISTER.call_once(|| {
        // SAFETY: registering a plain `extern "C"` function with no captures.
        unsafe { libc::atexit(remove_trees) };
    });
    trees().push(dir.to_path_buf());
}
