//! Where the guest's absolute paths live on the host.
//!
//! Three settings, as the tools users know spell them:
//!
//! * a **sysroot** (qemu-user's `-L DIR`, `sim se -L`/`--sysroot`): an absolute
//!   guest path `/p` names `DIR/p` when that exists, else the host's `/p`;
//! * gem5's **redirect paths** (`System.redirect_paths`, se.py's `--redirects
//!   /from=/to`): a path starting with `app_path` has that prefix replaced by the
//!   first of `host_paths` under which the rest is readable, else by the first one;
//! * gem5's **interpreter directory** (se.py's `--interp-dir DIR`): the ELF
//!   interpreter `/lib/ld.so` is loaded from `DIR/lib/ld.so`.
//!
//! Redirects are tried before the sysroot. Relative paths are not mapped (they
//! resolve against the working directory, which is a host directory), as in both.
//! [`PathMap::host_path`] is the one resolver every path-taking system call uses.

use std::borrow::Cow;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// One gem5 `RedirectPath`: guest paths under `app_path` live under `host_paths`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectPath {
    /// The guest's prefix (gem5 compares it as a string prefix).
    pub app_path: String,
    /// Host directories tried in order; the first is the default.
    pub host_paths: Vec<PathBuf>,
}

impl RedirectPath {
    /// Parse se.py's `--redirects` value `/from=/to`.
    pub fn parse(spec: &str) -> Option<RedirectPath> {
        let (app, host) = spec.split_once('=')?;
        if app.is_empty() || host.is_empty() {
            return None;
        }
        Some(RedirectPath {
            app_path: app.into(),
            host_paths: vec![host.into()],
        })
    }
}

/// The guest's view of the host file system: sysroot, redirects, interpreter dir.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathMap {
    /// qemu-user's `-L`: absolute paths are looked up here first.
    pub sysroot: Option<PathBuf>,
    /// gem5's `System.redirect_paths`, tried first.
    pub redirects: Vec<RedirectPath>,
    /// gem5's `--interp-dir`: the directory the interpreter path is appended to.
    pub interp_dir: Option<PathBuf>,
}

/// Whether `path` exists on the host (following links, as qemu's `access(F_OK)`).
fn exists(path: &[u8]) -> bool {
    CString::new(path).is_ok_and(|c| {
        // SAFETY: a valid NUL-terminated path.
        unsafe { libc::access(c.as_ptr(), libc::F_OK) == 0 }
    })
}

/// Whether `path` is readable on the host (gem5's `access(R_OK)` test).
fn readable(path: &[u8]) -> bool {
    CString::new(path).is_ok_and(|c| {
        // SAFETY: a valid NUL-terminated path.
        unsafe { libc::access(c.as_ptr(), libc::R_OK) == 0 }
    })
}

fn concat(dir: &Path, tail: &[u8]) -> Vec<u8> {
    let mut v = dir.as_os_str().as_bytes().to_vec();
    v.extend_from_slice(tail);
    v
}

impl PathMap {
    /// A map with only a sysroot (`-L DIR`); `DIR` is made absolute and canonical
    /// so that the guest's working directory can leave the simulator's.
    pub fn with_sysroot(dir: &Path) -> PathMap {
        PathMap {
            sysroot: Some(canonical(dir)),
            ..PathMap::default()
        }
    }

    /// True when nothing is mapped (every path is the host's).
    pub fn is_identity(&self) -> bool {
        self.sysroot.is_none() && self.redirects.is_empty()
    }

    /// The host path of the guest path `path`: redirected, or under the sysroot
    /// when it exists there; relative paths and unmapped ones are unchanged.
    pub fn host_path<'a>(&self, path: &'a [u8]) -> Cow<'a, [u8]> {
        if path.first() != Some(&b'/') {
            return Cow::Borrowed(path);
        }
        for r in &self.redirects {
            let Some(tail) = path.strip_prefix(r.app_path.as_bytes()) else {
                continue;
            };
            let Some(first) = r.host_paths.first() else {
                continue;
            };
            let hit = r
                .host_paths
                .iter()
                .map(|h| concat(h, tail))
                .find(|p| readable(p));
            return Cow::Owned(hit.unwrap_or_else(|| concat(first, tail)));
        }
        if let Some(root) = &self.sysroot {
            let under = concat(root, path);
            if exists(&under) {
                return Cow::Owned(under);
            }
        }
        Cow::Borrowed(path)
    }

    /// The host file of the ELF interpreter `interp` (`PT_INTERP`): under the
    /// interpreter directory when one is set (gem5 appends the path to it), else
    /// [`PathMap::host_path`].
    pub fn interpreter(&self, interp: &[u8]) -> PathBuf {
        match &self.interp_dir {
            Some(dir) => PathBuf::from(OsStr::from_bytes(&concat(dir, interp))),
            None => PathBuf::from(OsStr::from_bytes(&self.host_path(interp))),
        }
    }

    /// The guest's name for host file `host` (absolute): the path below the
    /// sysroot when it lies there, else the host path itself. What
    /// `/proc/self/exe` reads as.
    pub fn guest_path(&self, host: &Path) -> PathBuf {
        if let Some(root) = &self.sysroot {
            if let Ok(rest) = host.strip_prefix(root) {
                return Path::new("/").join(rest);
            }
        }
        host.to_path_buf()
    }
}

/// `dir` made absolute and free of links, or as given if it does not exist.
fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}
