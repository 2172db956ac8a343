//! Process exit as its parent sees it: zombies, `wait4`/`waitid`, reaping,
//! orphans reparented to init, and the parent's `SIGCHLD`.
//!
//! A process that ends stays in the kernel's table as a zombie (its memory and
//! fds released) until its parent reaps it with `wait4`/`waitid`. A child of
//! init (an orphan) or of a parent that ignores `SIGCHLD` (`SIG_IGN` or
//! `SA_NOCLDWAIT`) is invisible to waits at once and dropped at the next fork
//! (init reaps it). A thread waiting for a child that has not exited yet blocks
//! (it leaves its CPU) and is woken by the exit of a child it waits for, or with
//! `ECHILD` once no such child is left.
//!
//! Statuses are encoded as Linux's: `wait4` stores `code << 8` for an exit and the
//! signal number for a death by signal; `waitid` fills a `siginfo_t` with
//! `CLD_EXITED`/`CLD_KILLED`. `WUNTRACED`/`WCONTINUED` are accepted (no process
//! stops in SE mode, so they never report anything). Resource usage is zeroed.

use super::calls::Flow;
use super::family::INIT_PID;
use super::thread::Run;
use super::Kernel;
use crate::se::abi::{Bytes, Errno};
use crate::se::addr_space::Flush;
use crate::se::blocking::Block;
use crate::se::fd::FdTable;
use crate::se::process::ExitStatus;
use crate::se::syscalls::Call;

const WNOHANG: u64 = 1;
const WUNTRACED: u64 = 2;
const WEXITED: u64 = 4;
const WCONTINUED: u64 = 8;
const WNOWAIT: u64 = 0x0100_0000;
const WNOTHREAD: u64 = 0x2000_0000;
const WALL: u64 = 0x4000_0000;
const WCLONE: u64 = 0x8000_0000;
const P_ALL: u64 = 0;
const P_PID: u64 = 1;
const P_PGID: u64 = 2;
const SIGCHLD: u64 = 17;
const SIG_IGN: u64 = 1;
const SA_NOCLDWAIT: u64 = 2;
const CLD_EXITED: i32 = 1;
const CLD_KILLED: i32 = 2;
/// `sizeof(struct rusage)` on 64-bit Linux.
const RUSAGE_LEN: usize = 144;
/// `sizeof(siginfo_t)`.
const SIGINFO_LEN: usize = 128;

/// Which children a wait is for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    Any,
    Pid(u64),
    Pgid(u64),
}

/// Where a wait reports what it found.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// `wait4`: the status word and `struct rusage` (0: not wanted).
    Wait4 { status: u64, rusage: u64 },
    /// `waitid`: the `siginfo_t` and `struct rusage` (0: not wanted).
    Waitid { infop: u64, rusage: u64 },
}

/// A wait by one thread.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct WaitReq {
    /// The call's number: the kernel's wait list holds the thread under it
    /// while this wait is current (see [`Kernel::wait_current`]).
    pub nr: u64,
    /// The waiting process.
    pub pid: u64,
    pub which: Which,
    pub options: u64,
    pub report: Report,
}

impl Kernel {
    /// `wait4(pid, status, options, rusage)` / `waitid(idtype, id, infop,
    /// options, rusage)` for thread `tid`.
    pub(super) fn wait_call(&mut self, tid: u64, nr: u64, name: &str, c: &Call) -> Flow {
        let me = self.pid_of(tid);
        let a = c.args;
        let req = if name == "wait4" {
            let options = a[2];
            if options & !(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE) != 0 {
                return Flow::Return(Err(Errno::EINVAL), Flush::default());
            }
            let which = match a[0] as i32 {
                -1 => Which::Any,
                0 => Which::Pgid(self.procs[&me].family.pgid),
                p if p < 0 => Which::Pgid(p.unsigned_abs() as u64),
                p => Which::Pid(p as u64),
            };
            WaitReq {
                nr,
                pid: me,
                which,
                options: options | WEXITED,
                report: Report::Wait4 {
                    status: a[1],
                    rusage: a[3],
                },
            }
        } else {
            let options = a[3];
            let allowed = WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT;
            if options & !(allowed | WNOTHREAD | WALL | WCLONE) != 0
                || options & (WEXITED | WUNTRACED | WCONTINUED) == 0
            {
                return Flow::Return(Err(Errno::EINVAL), Flush::default());
            }
            let id = a[1] as i32;
            let which = match a[0] {
                P_ALL => Which::Any,
                P_PID if id > 0 => Which::Pid(id as u64),
                P_PGID if id > 0 => Which::Pgid(id as u64),
                P_PGID if id == 0 => Which::Pgid(self.procs[&me].family.pgid),
                _ => return Flow::Return(Err(Errno::EINVAL), Flush::default()),
            };
            WaitReq {
                nr,
                pid: me,
                which,
                options,
                report: Report::Waitid {
                    infop: a[2],
                    rusage: a[4],
                },
            }
        };
        if let Some(r) = self.try_wait(&req) {
            return Flow::Return(r, Flush::default());
        }
        self.jobs.waits.insert(tid, req);
        // Listed with the kernel's other waits too, awaiting nothing they poll:
        // a signal interrupts it through the one cancel point (`cancel_wait`),
        // which drops it from that list.
        let block = Block {
            on: Vec::new(),
            deadline: None,
            args: c.args,
            done: 0,
        };
        self.block_on(tid, nr, block);
        Flow::Blocked
    }

    /// Whether thread `tid`'s child wait `req` still stands: it is blocked in
    /// that call (not interrupted, not waiting on something else since).
    fn wait_current(&self, tid: u64, req: &WaitReq) -> bool {
        self.threads
            .get(&tid)
            .is_some_and(|t| matches!(t.run, Run::Blocked { .. }))
            && self.waits.get(&tid).is_some_and(|w| w.nr == req.nr)
    }

    /// Complete `req` now if it can be: `None` if it must block.
    fn try_wait(&mut self, req: &WaitReq) -> Option<Result<u64, Errno>> {
        let mut children = self.procs.iter().filter(|(_, e)| {
            e.family.ppid == req.pid
                && match req.which {
                    Which::Any => true,
                    Which::Pid(p) => e.proc.pid == p,
                    Which::Pgid(g) => e.family.pgid == g,
                }
        });
        let mut any = false;
        let mut zombie = None;
        for (&pid, e) in &mut children {
            any = true;
            if let Some(status) = e.status {
                zombie = Some((pid, status, e.family.creds.uid.real));
                break;
            }
        }
        if !any {
            return Some(Err(Errno::ECHILD));
        }
        let Some((child, status, uid)) = zombie else {
            if req.options & WNOHANG == 0 {
                return None;
            }
            return Some(self.report(req, None).map(|_| 0));
        };
        if let Err(e) = self.report(req, Some((child, status, uid))) {
            return Some(Err(e));
        }
        if req.options & WNOWAIT == 0 {
            self.reap(child);
        }
        Some(Ok(match req.report {
            Report::Wait4 { .. } => child,
            Report::Waitid { .. } => 0,
        }))
    }

    /// Write what a wait found (`None`: nothing, for `WNOHANG`) into the waiting
    /// process's memory.
    fn report(
        &mut self,
        req: &WaitReq,
        found: Option<(u64, ExitStatus, u32)>,
    ) -> Result<(), Errno> {
        let space = &mut self
            .procs
            .get_mut(&req.pid)
            .expect("waiter lives")
            .proc
            .space;
        let rusage = match req.report {
            Report::Wait4 { status, rusage } => {
                if let (Some((_, st, _)), true) = (found, status != 0) {
                    space.write_u32(status, wait_status(st))?;
                }
                rusage
            }
            Report::Waitid { infop, rusage } => {
                if infop != 0 {
                    let mut b = Bytes::new(SIGINFO_LEN);
                    if let Some((pid, st, uid)) = found {
                        let (code, value) = match st {
                            ExitStatus::Exited(c) => (CLD_EXITED, c as u32),
                            ExitStatus::Signaled(s) => (CLD_KILLED, s as u32),
                            ExitStatus::Deadlock => (CLD_KILLED, 9),
                        };
                        b.u32(0, SIGCHLD as u32);
                        b.u32(8, code as u32);
                        b.u32(16, pid as u32);
                        b.u32(20, uid);
                        b.u32(24, value);
                    }
                    space.write_bytes(infop, &b.0)?;
                }
                rusage
            }
        };
        if rusage != 0 {
            space.write_bytes(rusage, &[0; RUSAGE_LEN])?;
        }
        Ok(())
    }

    /// Forget zombie `pid` (its exit has been collected).
    fn reap(&mut self, pid: u64) {
        if self.procs.get(&pid).is_some_and(|e| e.status.is_some()) {
            self.procs.remove(&pid);
        }
    }

    /// Process `pid` just ended (called by `end_process` once its threads are
    /// gone and its status is set): release its fds while others run, reparent
    /// its children to init (which reaps those already dead), tell its parent,
    /// and wake the parent's waiters.
    pub(crate) fn process_exited(&mut self, pid: u64, others_live: bool) {
        self.jobs.waits.retain(|_, w| w.pid != pid);
        let Some(entry) = self.procs.get_mut(&pid) else {
            return;
        };
        if others_live {
            // Pipe ends it held close (readers see EOF, writers EPIPE).
            entry.proc.fds = FdTable::default();
        }
        let parent = entry.family.ppid;
        let exit_signal = entry.family.exit_signal;
        let orphans: Vec<u64> = self
            .procs
            .iter()
            .filter(|(_, e)| e.family.ppid == pid)
            .map(|(&p, _)| p)
            .collect();
        for child in orphans {
            self.procs.get_mut(&child).expect("listed").family.ppid = INIT_PID;
            self.reap(child); // init reaps an orphaned zombie at once
        }
        if !self.procs.contains_key(&parent) {
            return; // init's child: reaped by the next fork
        }
        if exit_signal != 0 {
            self.notify_parent(parent, pid, exit_signal);
        }
        if self.parent_discards_children(parent) {
            // Gone from the parent's view at once; the entry itself goes at the
            // next fork (the exiting call may still look its process up).
            self.procs.get_mut(&pid).expect("exiting").family.ppid = INIT_PID;
        }
        self.wake_waiters(parent);
    }

    /// Drop the zombies init has collected (orphans and children whose parent
    /// ignores `SIGCHLD`), called as a new process is created.
    pub(super) fn reap_init_children(&mut self) {
        self.procs
            .retain(|_, e| !(e.status.is_some() && e.family.ppid == INIT_PID));
    }

    /// Whether `parent` lets its children vanish at exit without a wait:
    /// `SIGCHLD` ignored or `SA_NOCLDWAIT` set.
    fn parent_discards_children(&self, parent: u64) -> bool {
        let Some(action) = self.procs[&parent].proc.sigactions.get(&SIGCHLD) else {
            return false;
        };
        let word = |i: usize| {
            action
                .get(i * 8..i * 8 + 8)
                .map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
        };
        word(0) == SIG_IGN || word(1) & SA_NOCLDWAIT != 0
    }

    /// The kernel tells `parent` that its child `child` ended: the child's exit
    /// signal (normally `SIGCHLD`). Its default action is to ignore it, and SE
    /// mode delivers no signal to another process yet, so this records nothing
    /// but a trace; it is the one place where that delivery belongs.
    fn notify_parent(&mut self, parent: u64, child: u64, signal: u64) {
        tracing::trace!(parent, child, signal, "child exit signal");
    }

    /// Complete the waits of `parent`'s threads that the change of its
    /// children allows.
    fn wake_waiters(&mut self, parent: u64) {
        let waiting: Vec<(u64, WaitReq)> = self
            .jobs
            .waits
            .iter()
            .filter(|(_, w)| w.pid == parent)
            .map(|(&t, w)| (t, *w))
            .collect();
        for (tid, req) in waiting {
            if !self.wait_current(tid, &req) {
                self.jobs.waits.remove(&tid); // interrupted or gone
                continue;
            }
            if let Some(r) = self.try_wait(&req) {
                self.jobs.waits.remove(&tid);
                self.forget_wait(tid);
                self.make_ready(tid, Some(r.unwrap_or_else(Errno::to_ret)));
            }
        }
    }
}

/// `wait4`'s status word for `status`.
pub(crate) fn wait_status(status: ExitStatus) -> u32 {
    match status {
        ExitStatus::Exited(c) => (c as u32) << 8,
        ExitStatus::Signaled(s) => s as u32 & 0x7f,
        ExitStatus::Deadlock => 9,
    }
}
