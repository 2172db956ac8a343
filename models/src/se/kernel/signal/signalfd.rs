//! `signalfd4`: a descriptor reading the caller's pending signals of a mask as
//! `struct signalfd_siginfo`, dequeuing them.
//!
//! The guest fd is the read end of a host pipe, so `poll`, `select`, `epoll`,
//! `fcntl` and `close` work on it as on any host descriptor. The kernel keeps
//! the write end and a duplicate of the read end: before a call runs and
//! after each call ([`Kernel::sync_signalfds`]) the pipe holds one byte
//! exactly while a signal of the mask is pending for the creating process,
//! so the descriptor polls readable then. A guest `read` of it is handled
//! here (the pipe's inode names the description across `dup` and fork); one
//! with nothing pending waits for the pipe through the kernel's one wait
//! mechanism ([`super::super::wait`]) unless the descriptor is non-blocking.

use super::{next_signal, SigInfo, UNBLOCKABLE};
use crate::se::abi::{Errno, O_CLOEXEC, O_NONBLOCK};
use crate::se::addr_space::{AddrSpace, MemFault};
use crate::se::blocking::{mark_internal, Block};
use crate::se::fd::HostFd;
use crate::se::kernel::Kernel;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Size of `struct signalfd_siginfo`.
const SIGINFO_SIZE: u64 = 128;
/// Most buffers of one `readv` (Linux `UIO_MAXIOV`).
const IOV_MAX: u64 = 1024;

/// One signalfd open file description.
#[derive(Debug)]
pub(crate) struct SignalFd {
    /// The pipe's inode (what the guest's host fds refer to).
    ino: u64,
    /// Signals it reads.
    mask: u64,
    /// The process that created it (whose pending signals make it readable).
    pid: u64,
    /// Write end of the pipe.
    write: OwnedFd,
    /// The kernel's own read end (to drain the readiness byte).
    read: OwnedFd,
    /// The pipe holds the readiness byte.
    flagged: bool,
}

/// The `(base, len)` pairs of the guest's `struct iovec` array at `iov`.
fn read_iovecs(space: &mut AddrSpace, iov: u64, cnt: u64) -> Result<Vec<(u64, u64)>, Errno> {
    if cnt > IOV_MAX {
        return Err(Errno::EINVAL);
    }
    (0..cnt)
        .map(|k| {
            let at = iov + 16 * k;
            let (base, len) = (space.read_u64(at)?, space.read_u64(at + 8)?);
            if len > i64::MAX as u64 {
                return Err(Errno::EINVAL);
            }
            Ok((base, len))
        })
        .collect()
}

/// Write `data` at byte `at` of the buffer the segments `segs` make up.
fn scatter(
    space: &mut AddrSpace,
    segs: &[(u64, u64)],
    mut at: u64,
    mut data: &[u8],
) -> Result<(), MemFault> {
    for &(base, len) in segs {
        if data.is_empty() {
            break;
        }
        if at >= len {
            at -= len;
            continue;
        }
        let n = ((len - at) as usize).min(data.len());
        space.write_bytes(base + at, &data[..n])?;
        data = &data[n..];
        at = 0;
    }
    Ok(())
}

/// The inode of host fd `fd` if it is a pipe.
fn pipe_inode(fd: RawFd) -> Option<u64> {
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is valid for writing.
    if unsafe { libc::fstat(fd, &mut st) } < 0 || st.st_mode & libc::S_IFMT != libc::S_IFIFO {
        return None;
    }
    Some(st.st_ino)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// `info` as Linux's `signalfd_copyinfo` lays it out in a `signalfd_siginfo`.
pub(crate) fn to_signalfd_siginfo(info: &SigInfo) -> [u8; 128] {
    use super::sig::{SIGBUS, SIGCHLD, SIGFPE, SIGILL, SIGSEGV, SIGTRAP};
    let b = &info.0;
    let mut o = [0u8; 128];
    let put32 = |o: &mut [u8; 128], at: usize, v: u32| {
        o[at..at + 4].copy_from_slice(&v.to_le_bytes());
    };
    put32(&mut o, 0, u32_at(b, 0)); // ssi_signo
    put32(&mut o, 4, u32_at(b, 4)); // ssi_errno
    put32(&mut o, 8, u32_at(b, 8)); // ssi_code
    let (signo, code) = (info.signo(), info.code());
    const SI_TIMER: i32 = -2;
    const SI_SIGIO: i32 = -5;
    const SI_KERNEL: i32 = 0x80;
    let by_signal = code > 0 && code < SI_KERNEL;
    if by_signal && [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP].contains(&signo) {
        o[72..80].copy_from_slice(&b[16..24]); // ssi_addr
    } else if by_signal && signo == SIGCHLD {
        put32(&mut o, 12, u32_at(b, 16)); // ssi_pid
        put32(&mut o, 16, u32_at(b, 20)); // ssi_uid
        put32(&mut o, 40, u32_at(b, 24)); // ssi_status
        o[56..64].copy_from_slice(&b[32..40]); // ssi_utime
        o[64..72].copy_from_slice(&b[40..48]); // ssi_stime
    } else if code == SI_TIMER {
        put32(&mut o, 24, u32_at(b, 16)); // ssi_tid
        put32(&mut o, 32, u32_at(b, 20)); // ssi_overrun
        put32(&mut o, 44, u32_at(b, 24)); // ssi_int
        o[48..56].copy_from_slice(&u64_at(b, 24).to_le_bytes()); // ssi_ptr
    } else if code == SI_SIGIO || by_signal {
        put32(&mut o, 28, u64_at(b, 16) as u32); // ssi_band
        put32(&mut o, 20, u32_at(b, 24)); // ssi_fd
    } else {
        put32(&mut o, 12, u32_at(b, 16)); // ssi_pid
        put32(&mut o, 16, u32_at(b, 20)); // ssi_uid
        if code < 0 {
            put32(&mut o, 44, u32_at(b, 24)); // ssi_int
            o[48..56].copy_from_slice(&u64_at(b, 24).to_le_bytes()); // ssi_ptr
        }
    }
    o
}

impl Kernel {
    /// `signalfd4(fd, mask, sizemask, flags)` for thread `tid`.
    pub(super) fn signalfd4(&mut self, tid: u64, a: [u64; 6]) -> Result<u64, Errno> {
        let [fd, umask, size, flags, ..] = a;
        let flags = flags as u32;
        if size != 8 || flags & !(O_CLOEXEC | O_NONBLOCK) != 0 {
            return Err(Errno::EINVAL);
        }
        let pid = self.threads[&tid].pid;
        let p = self.proc_mut(pid);
        let mask = p.space.read_u64(umask)? & !UNBLOCKABLE;
        if fd as i32 != -1 {
            let ino = pipe_inode(p.fds.host(fd)?);
            let sfd = self
                .signals
                .signalfds
                .iter_mut()
                .find(|s| Some(s.ino) == ino)
                .ok_or(Errno::EINVAL)?;
            sfd.mask = mask;
            self.sync_signalfds();
            return Ok(fd);
        }
        let mut ends = [0; 2];
        let nonblock = if flags & O_NONBLOCK != 0 {
            libc::O_NONBLOCK
        } else {
            0
        };
        // SAFETY: `ends` has room for the two fds.
        if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
            return Err(Errno::last_host());
        }
        // SAFETY: fresh fds nobody else owns.
        let (guest_end, write) =
            unsafe { (OwnedFd::from_raw_fd(ends[0]), OwnedFd::from_raw_fd(ends[1])) };
        // SAFETY: plain fcntl calls on fds we own.
        unsafe {
            libc::fcntl(write.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK);
        }
        let read = guest_end.try_clone().map_err(|_| Errno::EMFILE)?;
        // SAFETY: plain fcntl on an fd we own. The kernel's duplicate shares the
        // description (and so its O_NONBLOCK); it only drains a byte it wrote,
        // so its reads never block.
        unsafe {
            libc::fcntl(guest_end.as_raw_fd(), libc::F_SETFL, nonblock);
        }
        mark_internal(guest_end.as_raw_fd());
        let ino = pipe_inode(guest_end.as_raw_fd()).ok_or(Errno::EINVAL)?;
        let fd =
            self.proc_mut(pid)
                .fds
                .insert(HostFd::Owned(guest_end), flags & O_CLOEXEC != 0, 0)?;
        self.signals.signalfds.push(SignalFd {
            ino,
            mask,
            pid,
            write,
            read,
            flagged: false,
        });
        self.sync_signalfds();
        Ok(fd)
    }

    /// The signalfd guest `fd` of thread `tid`'s process refers to, if any.
    fn signalfd_index(&self, tid: u64, fd: u64) -> Option<usize> {
        if self.signals.signalfds.is_empty() {
            return None;
        }
        let pid = self.threads.get(&tid)?.pid;
        let host = self.procs.get(&pid)?.proc.fds.host(fd).ok()?;
        let ino = pipe_inode(host)?;
        self.signals.signalfds.iter().position(|s| s.ino == ino)
    }

    /// Whether `read(fd, ...)` by `tid` reads a signalfd.
    pub(crate) fn reads_signalfd(&self, tid: u64, fd: u64) -> bool {
        self.signalfd_index(tid, fd).is_some()
    }

    /// `read(fd, buf, count)` (or, with `vectored`, `readv(fd, iov, iovcnt)`)
    /// of a signalfd by `tid`: `Ok` with the call's result, or `Err` with what
    /// the thread must wait for. As Linux's `signalfd_read_iter`, a `readv`
    /// fills its buffers in order as one buffer of their total length (a
    /// record may straddle two). `pread` on a signalfd is `ESPIPE`, as Linux
    /// (the host pipe says so).
    pub(crate) fn signalfd_read(
        &mut self,
        tid: u64,
        vectored: bool,
        a: [u64; 6],
    ) -> Result<Result<u64, Errno>, Block> {
        let fd = a[0];
        let Some(i) = self.signalfd_index(tid, fd) else {
            return Ok(Err(Errno::EBADF));
        };
        let pid = self.threads[&tid].pid;
        let segs = if vectored {
            match read_iovecs(&mut self.proc_mut(pid).space, a[1], a[2]) {
                Ok(s) => s,
                Err(e) => return Ok(Err(e)),
            }
        } else {
            vec![(a[1], a[2])]
        };
        let count = segs.iter().fold(0u64, |n, s| n.saturating_add(s.1));
        if count < SIGINFO_SIZE {
            return Ok(Err(Errno::EINVAL));
        }
        let mask = self.signals.signalfds[i].mask;
        let mut done = 0;
        while done + SIGINFO_SIZE <= count {
            let Some(info) = self.dequeue(tid, mask) else {
                break;
            };
            let bytes = to_signalfd_siginfo(&info);
            if let Err(e) = scatter(&mut self.proc_mut(pid).space, &segs, done, &bytes) {
                self.sync_signalfds();
                return Ok(if done > 0 { Ok(done) } else { Err(e.into()) });
            }
            done += SIGINFO_SIZE;
        }
        self.sync_signalfds();
        if done > 0 {
            return Ok(Ok(done));
        }
        let pid = self.threads[&tid].pid;
        let host = match self.proc_mut(pid).fds.host(fd) {
            Ok(h) => h,
            Err(e) => return Ok(Err(e)),
        };
        // SAFETY: plain fcntl on a valid host fd.
        let fl = unsafe { libc::fcntl(host, libc::F_GETFL) };
        if fl >= 0 && fl & libc::O_NONBLOCK != 0 {
            return Ok(Err(Errno::EAGAIN));
        }
        Err(Block::on_fd(host, libc::POLLIN, a))
    }

    /// Forget the signalfds no process has a descriptor of any more (after a
    /// call that closes descriptors, and as a process ends): their pipes close.
    pub(crate) fn release_closed_signalfds(&mut self) {
        if self.signals.signalfds.is_empty() {
            return;
        }
        let mut open = std::collections::BTreeSet::new();
        for e in self.procs.values().filter(|e| e.status.is_none()) {
            open.extend(e.proc.fds.iter_host().filter_map(|(_, h)| pipe_inode(h)));
        }
        self.signals.signalfds.retain(|s| open.contains(&s.ino));
    }

    /// Make each signalfd's pipe readable exactly while a signal of its mask
    /// is pending for its process (shared, or for one of its threads); forget
    /// the ones whose process is gone.
    pub(crate) fn sync_signalfds(&mut self) {
        if self.signals.signalfds.is_empty() {
            return;
        }
        let procs = &self.procs;
        self.signals
            .signalfds
            .retain(|s| procs.contains_key(&s.pid));
        for k in 0..self.signals.signalfds.len() {
            let (pid, mask) = {
                let s = &self.signals.signalfds[k];
                (s.pid, s.mask)
            };
            let mut pending = self.signals.shared.get(&pid).map_or(0, |p| p.set);
            for (tid, t) in &self.threads {
                if t.pid == pid {
                    pending |= self.signals.threads.get(tid).map_or(0, |s| s.pending.set);
                }
            }
            let want = next_signal(pending & mask).is_some();
            let s = &mut self.signals.signalfds[k];
            if want == s.flagged {
                continue;
            }
            let mut byte = [0u8; 1];
            // SAFETY: one byte to or from a buffer of one byte, on fds we own
            // (the write end is non-blocking; a drain reads only the byte
            // written, so it never blocks).
            let r = unsafe {
                if want {
                    libc::write(s.write.as_raw_fd(), byte.as_ptr().cast(), 1)
                } else {
                    libc::read(s.read.as_raw_fd(), byte.as_mut_ptr().cast(), 1)
                }
            };
            if r == 1 {
                s.flagged = want;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sig::SIGSEGV;
    use super::super::SI_USER;
    use super::*;

    const SIGUSR1: u64 = 10;

    #[test]
    fn kill_info_fills_pid_and_uid() {
        let o = to_signalfd_siginfo(&SigInfo::kill(SIGUSR1, SI_USER, 77, 1000));
        assert_eq!(u32_at(&o, 0), SIGUSR1 as u32);
        assert_eq!(u32_at(&o, 8), SI_USER as u32);
        assert_eq!(u32_at(&o, 12), 77);
        assert_eq!(u32_at(&o, 16), 1000);
        assert_eq!(u64_at(&o, 72), 0, "no ssi_addr for a kill");
    }

    #[test]
    fn fault_info_fills_addr_only() {
        // SEGV_ACCERR = 2.
        let o = to_signalfd_siginfo(&SigInfo::fault(SIGSEGV, 2, 0xdead_b000));
        assert_eq!(u32_at(&o, 8), 2);
        assert_eq!(u64_at(&o, 72), 0xdead_b000);
        assert_eq!(u32_at(&o, 12), 0, "no ssi_pid for a fault");
    }

    #[test]
    fn queued_info_fills_value() {
        let mut raw = [0u8; 128];
        raw[8..12].copy_from_slice(&(-1i32).to_le_bytes()); // SI_QUEUE
        raw[16..20].copy_from_slice(&5u32.to_le_bytes());
        raw[24..32].copy_from_slice(&42u64.to_le_bytes());
        let o = to_signalfd_siginfo(&SigInfo::from_guest(34, &raw));
        assert_eq!(u32_at(&o, 0), 34);
        assert_eq!(u32_at(&o, 12), 5);
        assert_eq!(u32_at(&o, 44), 42);
        assert_eq!(u64_at(&o, 48), 42);
    }
}
