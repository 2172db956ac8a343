//! The guest's file-descriptor table: guest fd numbers to host fds.
//!
//! Guest fds are numbered independently of the host's. Guest 0, 1 and 2 start as
//! the simulator's own stdin, stdout and stderr (borrowed: closing them in the
//! guest never closes the simulator's). Every other entry owns a host fd, opened
//! close-on-exec on the host; the guest's own close-on-exec flag is kept here.
//! Threads of one process will share one table; separate processes get copies.

use super::abi::Errno;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// Most fds a process may hold (`RLIMIT_NOFILE`).
pub const MAX_FDS: usize = 1024;

/// A host file descriptor the table refers to.
#[derive(Debug)]
pub enum HostFd {
    /// Not owned (the simulator's stdio): never closed by the guest.
    Borrowed(RawFd),
    /// Owned: closed when the last guest fd referring to it goes away.
    Owned(OwnedFd),
}

impl HostFd {
    /// The raw host fd.
    pub fn raw(&self) -> RawFd {
        match self {
            HostFd::Borrowed(fd) => *fd,
            HostFd::Owned(fd) => fd.as_raw_fd(),
        }
    }
}

/// One guest fd.
#[derive(Debug)]
pub struct FdEntry {
    /// The host fd.
    pub host: HostFd,
    /// The guest's `FD_CLOEXEC`.
    pub cloexec: bool,
}

/// Guest fd number → host fd.
#[derive(Debug, Default)]
pub struct FdTable {
    entries: Vec<Option<FdEntry>>,
    /// `RLIMIT_NOFILE`'s soft limit: fds at or above it cannot be created
    /// (0 stands for the default, [`MAX_FDS`]).
    limit: usize,
}

impl FdTable {
    /// A table whose 0, 1, 2 are the simulator's stdin, stdout and stderr.
    pub fn with_host_stdio() -> FdTable {
        Self::with_stdio([0, 1, 2])
    }

    /// A table whose 0, 1, 2 borrow the given host fds (e.g. to capture output).
    /// The caller keeps them open while the process lives.
    pub fn with_stdio(fds: [RawFd; 3]) -> FdTable {
        FdTable {
            entries: fds
                .iter()
                .map(|&fd| {
                    Some(FdEntry {
                        host: HostFd::Borrowed(fd),
                        cloexec: false,
                    })
                })
                .collect(),
            limit: MAX_FDS,
        }
    }

    /// The highest fd number plus one that may be created (`RLIMIT_NOFILE`).
    pub fn limit(&self) -> usize {
        if self.limit == 0 {
            MAX_FDS
        } else {
            self.limit
        }
    }

    /// Set `RLIMIT_NOFILE` (existing fds above it stay open, as on Linux).
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit.max(1);
    }

    /// Slots in the table (`FDSize` of `/proc/self/status`).
    pub fn capacity(&self) -> usize {
        self.entries.len()
    }

    /// Every open guest fd with its host fd, ascending.
    pub fn iter_host(&self) -> impl Iterator<Item = (u64, RawFd)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i as u64, e.host.raw())))
    }

    /// The host fd behind guest `fd`, or `EBADF`.
    pub fn host(&self, fd: u64) -> Result<RawFd, Errno> {
        self.entry(fd).map(|e| e.host.raw())
    }

    /// The entry for guest `fd`, or `EBADF`.
    pub fn entry(&self, fd: u64) -> Result<&FdEntry, Errno> {
        self.entries
            .get(fd as usize)
            .and_then(|e| e.as_ref())
            .ok_or(Errno::EBADF)
    }

    /// Mutable entry for guest `fd`, or `EBADF`.
    pub fn entry_mut(&mut self, fd: u64) -> Result<&mut FdEntry, Errno> {
        self.entries
            .get_mut(fd as usize)
            .and_then(|e| e.as_mut())
            .ok_or(Errno::EBADF)
    }

    /// Install `host` at the lowest free guest fd `>= min`.
    pub fn insert(&mut self, host: HostFd, cloexec: bool, min: u64) -> Result<u64, Errno> {
        let min = min as usize;
        let limit = self.limit();
        if min >= limit {
            return Err(Errno::EINVAL);
        }
        let slot = (min..limit)
            .find(|&i| self.entries.get(i).is_none_or(|e| e.is_none()))
            .ok_or(Errno::EMFILE)?;
        if slot >= self.entries.len() {
            self.entries.resize_with(slot + 1, || None);
        }
        self.entries[slot] = Some(FdEntry { host, cloexec });
        Ok(slot as u64)
    }

    /// Install `host` exactly at guest `fd`, closing what was there.
    pub fn insert_at(&mut self, fd: u64, host: HostFd, cloexec: bool) -> Result<(), Errno> {
        let i = fd as usize;
        if i >= self.limit() {
            return Err(Errno::EBADF);
        }
        if i >= self.entries.len() {
            self.entries.resize_with(i + 1, || None);
        }
        self.entries[i] = Some(FdEntry { host, cloexec });
        Ok(())
    }

    /// Close guest `fd` (dropping an owned host fd closes it).
    pub fn close(&mut self, fd: u64) -> Result<(), Errno> {
        let e = self.entries.get_mut(fd as usize).ok_or(Errno::EBADF)?;
        e.take().map(|_| ()).ok_or(Errno::EBADF)
    }

    /// The open guest fds from `first` to `last` (inclusive), ascending.
    pub fn open_in(&self, first: u64, last: u64) -> Vec<u64> {
        let end = (last as usize).saturating_add(1).min(self.entries.len());
        (first as usize..end)
            .filter(|&i| self.entries[i].is_some())
            .map(|i| i as u64)
            .collect()
    }

    /// Set or clear guest `fd`'s close-on-exec flag.
    pub fn set_cloexec(&mut self, fd: u64, on: bool) -> Result<(), Errno> {
        let e = self.entries.get_mut(fd as usize).and_then(Option::as_mut);
        e.ok_or(Errno::EBADF)?.cloexec = on;
        Ok(())
    }

    /// The table a forked child starts with: every guest fd refers to the same
    /// open file description as the parent's (a host `dup` shares the file offset
    /// and status flags, as Linux's fork shares them), with the same
    /// close-on-exec flags. Borrowed stdio stays borrowed.
    pub fn fork_copy(&self) -> Result<FdTable, Errno> {
        let mut entries = Vec::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            entries.push(match e {
                None => None,
                Some(FdEntry {
                    host: HostFd::Borrowed(fd),
                    cloexec,
                }) => Some(FdEntry {
                    host: HostFd::Borrowed(*fd),
                    cloexec: *cloexec,
                }),
                Some(FdEntry { cloexec, .. }) => Some(FdEntry {
                    host: self.dup_host(i as u64)?,
                    cloexec: *cloexec,
                }),
            });
        }
        Ok(FdTable {
            entries,
            limit: self.limit,
        })
    }

    /// Close every fd marked close-on-exec (`execve`).
    pub fn close_on_exec(&mut self) {
        for e in &mut self.entries {
            if e.as_ref().is_some_and(|e| e.cloexec) {
                *e = None;
            }
        }
    }

    /// A fresh owned host duplicate of guest `fd`'s host fd (for `dup`).
    pub fn dup_host(&self, fd: u64) -> Result<HostFd, Errno> {
        let raw = self.host(fd)?;
        // SAFETY: plain fcntl on a valid host fd; the result is a new fd we own.
        let new = unsafe { libc::fcntl(raw, libc::F_DUPFD_CLOEXEC, 3) };
        if new < 0 {
            return Err(Errno::last_host());
        }
        // SAFETY: `new` is a freshly created fd nobody else owns.
        Ok(HostFd::Owned(unsafe {
            std::os::fd::FromRawFd::from_raw_fd(new)
        }))
    }
}
