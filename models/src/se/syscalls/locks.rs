//! File locks: `fcntl` record locks and `flock`.
//!
//! Every guest process lives in the one simulator process, so the host's POSIX
//! record locks (owned by the host process) could never make two guest
//! processes conflict. The record locks are therefore kept here, in one table
//! per simulated machine ([`SimSystem`](crate::se::system::SimSystem)), keyed by
//! the file (host device and inode) and owned by the guest process, with Linux's
//! rules: a process's own locks never conflict with each other and are split,
//! replaced and merged by its later calls; closing any fd of a file drops the
//! process's locks on it; the locks go when the process ends.
//!
//! Open-file-description locks (`F_OFD_*`) and `flock` are owned by the open
//! file description, which is the host's too (a guest fd is a host fd; `dup`
//! and fork share the host description): they pass through to the host.
//!
//! A lock that must wait (`F_SETLKW`, `F_OFD_SETLKW`, `flock` without `LOCK_NB`)
//! while another holder has a conflicting one blocks the calling thread (see
//! `kernel/wait.rs`) until a lock is released anywhere ([`LOCKS_CHANGED`] is
//! posted: an unlock, a close, a process's end), then tries again. A process
//! built without a kernel cannot wait: there the call fails with `EDEADLK` and
//! a warning.

use super::{file::host_ret, Call, SysResult};
use crate::se::abi::{Bytes, Errno};
use crate::se::blocking::{Block, WaitOn};
use crate::se::process::Process;
use std::collections::HashMap;

const F_GETLK: i32 = 5;
const F_SETLK: i32 = 6;
const F_SETLKW: i32 = 7;
const F_OFD_GETLK: i32 = 36;
const F_OFD_SETLK: i32 = 37;
const F_OFD_SETLKW: i32 = 38;
const F_RDLCK: u16 = 0;
const F_WRLCK: u16 = 1;
const F_UNLCK: u16 = 2;
const EDEADLK: Errno = Errno(35);
/// The kernel event posted when a lock may have been released (the waiters of
/// every lock try again).
pub(crate) const LOCKS_CHANGED: u64 = 0x4c4f_434b_5345_5421;
const EOVERFLOW: Errno = Errno(75);
/// `sizeof(struct flock)` on every 64-bit Linux the guest may be.
const FLOCK_LEN: usize = 32;
/// The end of a lock that runs to the end of the file, however it grows.
const TO_EOF: u64 = u64::MAX;

/// One record lock: `[start, end)` of a file, held by process `owner`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Lock {
    owner: u64,
    start: u64,
    end: u64,
    write: bool,
}

/// The record locks of every file, keyed by host `(device, inode)`.
#[derive(Debug, Default)]
pub(crate) struct RecordLocks {
    by_file: HashMap<(u64, u64), Vec<Lock>>,
}

impl RecordLocks {
    /// The first lock of another process that a lock of `want` would conflict with.
    fn conflict(&self, file: (u64, u64), want: Lock) -> Option<Lock> {
        self.by_file.get(&file)?.iter().copied().find(|l| {
            l.owner != want.owner
                && l.start < want.end
                && want.start < l.end
                && (l.write || want.write)
        })
    }

    /// Drop `owner`'s locks on `[start, end)` of `file`, splitting those that
    /// stick out.
    fn remove(&mut self, file: (u64, u64), owner: u64, start: u64, end: u64) {
        let Some(list) = self.by_file.get_mut(&file) else {
            return;
        };
        let mut kept = Vec::with_capacity(list.len() + 1);
        for l in list.drain(..) {
            if l.owner != owner || l.end <= start || end <= l.start {
                kept.push(l);
                continue;
            }
            if l.start < start {
                kept.push(Lock { end: start, ..l });
            }
            if end < l.end {
                kept.push(Lock { start: end, ..l });
            }
        }
        *list = kept;
        if list.is_empty() {
            self.by_file.remove(&file);
        }
    }

    /// Set `want` (the owner's locks under it are replaced), merging it with the
    /// owner's touching locks of the same type as Linux does.
    fn set(&mut self, file: (u64, u64), want: Lock) {
        self.remove(file, want.owner, want.start, want.end);
        let list = self.by_file.entry(file).or_default();
        let mut merged = want;
        list.retain(|l| {
            let touches = l.owner == want.owner
                && l.write == want.write
                && l.start <= merged.end
                && merged.start <= l.end;
            if touches {
                merged.start = merged.start.min(l.start);
                merged.end = merged.end.max(l.end);
            }
            !touches
        });
        list.push(merged);
        list.sort_by_key(|l| (l.start, l.owner));
    }

    /// Drop every lock `owner` holds on `file` (it closed an fd of the file).
    pub(crate) fn release_file(&mut self, file: (u64, u64), owner: u64) {
        self.remove(file, owner, 0, TO_EOF);
    }

    /// Drop every lock `owner` holds (the process ended).
    pub(crate) fn release_owner(&mut self, owner: u64) {
        self.by_file.retain(|_, list| {
            list.retain(|l| l.owner != owner);
            !list.is_empty()
        });
    }

    /// Whether `owner` holds any lock (so `close` need not look the file up).
    pub(crate) fn holds_any(&self, owner: u64) -> bool {
        self.by_file
            .values()
            .any(|list| list.iter().any(|l| l.owner == owner))
    }
}

/// The host `(device, inode)` of a host fd.
pub(crate) fn file_key(host: i32) -> Result<(u64, u64), Errno> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is valid for writing.
    if unsafe { libc::fstat(host, &mut st) } < 0 {
        return Err(Errno::last_host());
    }
    Ok((st.st_dev, st.st_ino))
}

/// A guest `struct flock` as read: type, and the byte range it names as
/// `[start, end)` in absolute file offsets.
struct FlockArg {
    kind: u16,
    start: u64,
    end: u64,
}

fn read_flock(p: &mut Process, host: i32, addr: u64) -> Result<FlockArg, Errno> {
    let raw = p.space.read_vec(addr, FLOCK_LEN)?;
    let kind = u16::from_le_bytes([raw[0], raw[1]]);
    let whence = i16::from_le_bytes([raw[2], raw[3]]) as i32;
    let start = i64::from_le_bytes(raw[8..16].try_into().expect("8 bytes"));
    let len = i64::from_le_bytes(raw[16..24].try_into().expect("8 bytes"));
    if kind > F_UNLCK {
        return Err(Errno::EINVAL);
    }
    let base = match whence {
        libc::SEEK_SET => 0,
        // SAFETY: plain lseek on a valid host fd.
        libc::SEEK_CUR => unsafe { libc::lseek(host, 0, libc::SEEK_CUR) },
        libc::SEEK_END => {
            // SAFETY: `st` is a plain C struct the call fills.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            // SAFETY: `st` is valid for writing.
            if unsafe { libc::fstat(host, &mut st) } < 0 {
                return Err(Errno::last_host());
            }
            st.st_size
        }
        _ => return Err(Errno::EINVAL),
    };
    let from = base.checked_add(start).ok_or(EOVERFLOW)?;
    let (lo, hi) = match len {
        0 => (from, None),
        l if l > 0 => (from, Some(from.checked_add(l).ok_or(EOVERFLOW)?)),
        l => (from.checked_add(l).ok_or(Errno::EINVAL)?, Some(from)),
    };
    if lo < 0 {
        return Err(Errno::EINVAL);
    }
    Ok(FlockArg {
        kind,
        start: lo as u64,
        end: hi.map_or(TO_EOF, |h| h as u64),
    })
}

/// The guest's `struct flock` describing `lock` (or `F_UNLCK` alone if `None`).
fn write_flock(p: &mut Process, addr: u64, lock: Option<Lock>) -> SysResult {
    let Some(l) = lock else {
        p.space.write_bytes(addr, &F_UNLCK.to_le_bytes())?;
        return Ok(0);
    };
    let mut b = Bytes::new(FLOCK_LEN);
    b.u16(0, if l.write { F_WRLCK } else { F_RDLCK });
    b.u16(2, libc::SEEK_SET as u16);
    b.u64(8, l.start);
    b.u64(16, if l.end == TO_EOF { 0 } else { l.end - l.start });
    b.u32(24, l.owner as u32);
    p.space.write_bytes(addr, &b.0)?;
    Ok(0)
}

/// `EBADF` unless the fd's open mode allows a lock of type `kind`.
fn mode_allows(host: i32, kind: u16) -> Result<(), Errno> {
    // SAFETY: plain fcntl on a valid host fd.
    let mode = unsafe { libc::fcntl(host, libc::F_GETFL) } & libc::O_ACCMODE;
    let ok = match kind {
        F_RDLCK => mode != libc::O_WRONLY,
        F_WRLCK => mode != libc::O_RDONLY,
        _ => true,
    };
    ok.then_some(()).ok_or(Errno::EBADF)
}

/// Whether `cmd` is one of the lock commands [`fcntl_lock`] serves.
pub(crate) fn is_lock_cmd(cmd: i32) -> bool {
    matches!(
        cmd,
        F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW
    )
}

/// The lock is held elsewhere and the call waits: block until a lock is
/// released (the call then runs again), or `EDEADLK` where nothing can wait.
fn wait_for_release(c: &mut Call, what: &str) -> Errno {
    if !c.may_block {
        sim_core::warn_counted!(
            0,
            "{what} would wait for another holder's lock, which a process \
             without a kernel cannot do; returning -EDEADLK"
        );
        return EDEADLK;
    }
    c.block = Some(Block {
        on: vec![WaitOn::Event(LOCKS_CHANGED)],
        deadline: None,
        args: c.args,
        done: 0,
    });
    Errno::EAGAIN
}

/// `fcntl(fd, F_{,OFD_}{GETLK,SETLK,SETLKW}, &flock)`.
pub(crate) fn fcntl_lock(p: &mut Process, c: &mut Call) -> SysResult {
    let (fd, cmd, addr) = (c.args[0], c.int(1), c.args[2]);
    let host = p.fds.host(fd)?;
    if matches!(cmd, F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW) {
        return ofd_lock(p, c, host, cmd, addr);
    }
    let arg = read_flock(p, host, addr)?;
    let file = file_key(host)?;
    let want = Lock {
        owner: p.pid,
        start: arg.start,
        end: arg.end,
        write: arg.kind == F_WRLCK,
    };
    if cmd == F_GETLK {
        if arg.kind == F_UNLCK {
            return Err(Errno::EINVAL);
        }
        let found = p.sys.locks().conflict(file, want);
        return write_flock(p, addr, found);
    }
    mode_allows(host, arg.kind)?;
    let mut locks = p.sys.locks();
    if arg.kind == F_UNLCK {
        locks.remove(file, p.pid, want.start, want.end);
        c.notify.push(LOCKS_CHANGED);
        return Ok(0);
    }
    if locks.conflict(file, want).is_some() {
        drop(locks);
        return Err(if cmd == F_SETLKW {
            wait_for_release(c, "fcntl(F_SETLKW)")
        } else {
            Errno::EAGAIN
        });
    }
    locks.set(file, want);
    // A lock replaced by a smaller or shared one frees what it no longer covers.
    c.notify.push(LOCKS_CHANGED);
    Ok(0)
}

/// Open-file-description locks: the host's, on the host description.
fn ofd_lock(p: &mut Process, c: &mut Call, host: i32, cmd: i32, addr: u64) -> SysResult {
    let raw = p.space.read_vec(addr, FLOCK_LEN)?;
    // SAFETY: a zeroed `struct flock` is valid.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = i16::from_le_bytes([raw[0], raw[1]]);
    fl.l_whence = i16::from_le_bytes([raw[2], raw[3]]);
    fl.l_start = i64::from_le_bytes(raw[8..16].try_into().expect("8 bytes"));
    fl.l_len = i64::from_le_bytes(raw[16..24].try_into().expect("8 bytes"));
    fl.l_pid = i32::from_le_bytes(raw[24..28].try_into().expect("4 bytes"));
    let host_cmd = if cmd == F_OFD_SETLKW {
        F_OFD_SETLK
    } else {
        cmd
    };
    // SAFETY: `fl` is a valid `struct flock` for the host call.
    let r = unsafe { libc::fcntl(host, host_cmd, &mut fl) };
    match host_ret(r as isize) {
        Err(Errno::EAGAIN) if cmd == F_OFD_SETLKW => {
            return Err(wait_for_release(c, "fcntl(F_OFD_SETLKW)"))
        }
        Err(e) => return Err(e),
        Ok(_) if cmd != F_OFD_GETLK => c.notify.push(LOCKS_CHANGED),
        Ok(_) => {}
    }
    if cmd == F_OFD_GETLK {
        let mut b = Bytes::new(FLOCK_LEN);
        b.u16(0, fl.l_type as u16);
        b.u16(2, fl.l_whence as u16);
        b.u64(8, fl.l_start as u64);
        b.u64(16, fl.l_len as u64);
        b.u32(24, fl.l_pid as u32);
        p.space.write_bytes(addr, &b.0)?;
    }
    Ok(0)
}

/// `flock(fd, op)`: on the host description (see the module doc).
pub(super) fn flock(p: &mut Process, c: &mut Call) -> SysResult {
    const LOCK_NB: i32 = 4;
    let host = p.fds.host(c.args[0])?;
    let op = c.int(1);
    // SAFETY: plain call on a valid host fd.
    let r = unsafe { libc::flock(host, op | LOCK_NB) };
    match host_ret(r as isize) {
        Err(Errno::EAGAIN) if op & LOCK_NB == 0 => Err(wait_for_release(c, "flock")),
        Ok(v) => {
            c.notify.push(LOCKS_CHANGED);
            Ok(v)
        }
        other => other,
    }
}

/// Drop the caller's record locks on the file behind guest `fd` (it is about to
/// be closed), as closing any fd of a file does on Linux. The close may also
/// drop a `flock` or OFD lock with the last fd of its description: lock
/// waiters try again.
pub(crate) fn release_on_close(p: &mut Process, c: &mut Call, fd: u64) {
    c.notify.push(LOCKS_CHANGED);
    if !p.sys.locks().holds_any(p.pid) {
        return;
    }
    if let Ok(file) = p.fds.host(fd).and_then(file_key) {
        p.sys.locks().release_file(file, p.pid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(owner: u64, start: u64, end: u64, write: bool) -> Lock {
        Lock {
            owner,
            start,
            end,
            write,
        }
    }

    #[test]
    fn other_owners_conflict_on_overlapping_writes_only() {
        let mut t = RecordLocks::default();
        let f = (1, 2);
        t.set(f, lock(100, 0, 10, false));
        assert_eq!(t.conflict(f, lock(101, 5, 6, false)), None);
        assert_eq!(
            t.conflict(f, lock(101, 5, 6, true)),
            Some(lock(100, 0, 10, false))
        );
        assert_eq!(t.conflict(f, lock(100, 5, 6, true)), None);
        assert_eq!(t.conflict(f, lock(101, 10, 20, true)), None);
    }

    #[test]
    fn unlocking_the_middle_splits_and_touching_locks_merge() {
        let mut t = RecordLocks::default();
        let f = (1, 2);
        t.set(f, lock(100, 0, 100, true));
        t.remove(f, 100, 40, 60);
        assert_eq!(
            t.by_file[&f],
            vec![lock(100, 0, 40, true), lock(100, 60, 100, true)]
        );
        t.set(f, lock(100, 40, 60, true));
        assert_eq!(t.by_file[&f], vec![lock(100, 0, 100, true)]);
        t.release_owner(100);
        assert!(t.by_file.is_empty());
    }
}
