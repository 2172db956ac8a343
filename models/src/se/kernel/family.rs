//! Process relationships: parent, process group, session, credentials, and the
//! calls on them (`getppid`, `setpgid`, `getpgid`, `getpgrp`, `setsid`,
//! `getsid`, the terminal's foreground group through `ioctl`, and the
//! `get*id`/`set*id` family).
//!
//! The first process looks like a job started by an interactive shell: its
//! parent is [`GUEST_PPID`], it leads its own process group, and its session is
//! the shell's ([`GUEST_PPID`]); it holds the terminal's foreground group.
//! Processes whose parent exits are reparented to init (pid [`INIT_PID`]),
//! which reaps them when they exit.
//!
//! Credentials start as the host's real and effective ids, the saved ids equal
//! to the effective ones, and the host's supplementary groups. The set calls
//! follow Linux's rules: a process whose effective uid is 0 may set any id
//! (`setuid` then sets all three); others may only switch among their current
//! real, effective and saved ids, and get `EPERM` otherwise.

use super::calls::Flow;
use super::reap::WaitReq;
use super::Kernel;
use crate::se::abi::Errno;
use crate::se::addr_space::Flush;
use crate::se::process::GUEST_PPID;
use crate::se::syscalls::Call;
use std::collections::BTreeMap;

/// The pid orphans are reparented to (init), which reaps them.
pub(crate) const INIT_PID: u64 = 1;
const TIOCGPGRP: u64 = 0x540f;
const TIOCSPGRP: u64 = 0x5410;
const TIOCGSID: u64 = 0x5429;
/// Most supplementary groups (`NGROUPS_MAX`).
const NGROUPS_MAX: usize = 65536;

/// Real, effective and saved ids of one kind (user or group).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ids {
    pub real: u32,
    pub effective: u32,
    pub saved: u32,
}

impl Ids {
    fn holds(&self, id: u32) -> bool {
        id == self.real || id == self.effective || id == self.saved
    }
}

/// A process's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Creds {
    pub uid: Ids,
    pub gid: Ids,
    pub groups: Vec<u32>,
}

/// What the kernel knows of a process's place among processes.
#[derive(Clone, Debug)]
pub(crate) struct Family {
    /// Parent pid ([`INIT_PID`] once the parent exited).
    pub ppid: u64,
    /// Process group.
    pub pgid: u64,
    /// Session.
    pub sid: u64,
    /// Signal sent to the parent at exit (`clone`'s low byte; `SIGCHLD` for fork).
    pub exit_signal: u64,
    /// It called `execve` (a parent's `setpgid` on it then fails with `EACCES`).
    pub execed: bool,
    /// A `vfork` child: the parent thread sleeping until this process execs or
    /// exits, and whether the child runs in the parent's address space (moved
    /// here while the parent sleeps).
    pub vfork_parent: Option<(u64, bool)>,
    pub creds: Creds,
}

impl Family {
    /// The first process: see the module doc. `ids` are `(uid, euid, gid, egid)`.
    pub(crate) fn first(pid: u64, ids: (u32, u32, u32, u32)) -> Family {
        let mut groups = vec![0 as libc::gid_t; NGROUPS_MAX];
        // SAFETY: the buffer holds NGROUPS_MAX entries, as told.
        let n = unsafe { libc::getgroups(NGROUPS_MAX as i32, groups.as_mut_ptr()) };
        groups.truncate(n.max(0) as usize);
        Family {
            ppid: GUEST_PPID,
            pgid: pid,
            sid: GUEST_PPID,
            exit_signal: 17,
            execed: false,
            vfork_parent: None,
            creds: Creds {
                uid: Ids {
                    real: ids.0,
                    effective: ids.1,
                    saved: ids.1,
                },
                gid: Ids {
                    real: ids.2,
                    effective: ids.3,
                    saved: ids.3,
                },
                groups,
            },
        }
    }

    /// A forked child's: the parent's group, session and credentials.
    pub(crate) fn child_of(parent: u64, of: &Family, exit_signal: u64) -> Family {
        Family {
            ppid: parent,
            pgid: of.pgid,
            sid: of.sid,
            exit_signal,
            execed: false,
            vfork_parent: None,
            creds: of.creds.clone(),
        }
    }
}

/// Kernel-wide job state.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    /// Threads blocked in `wait4`/`waitid`, by tid.
    pub waits: BTreeMap<u64, WaitReq>,
    /// The terminal's foreground process group (`None`: the first process's).
    pub foreground: Option<u64>,
}

impl Kernel {
    /// The pid of thread `tid`'s process.
    pub(super) fn pid_of(&self, tid: u64) -> u64 {
        self.threads[&tid].pid
    }

    fn family(&self, pid: u64) -> &Family {
        &self.procs[&pid].family
    }

    fn family_mut(&mut self, pid: u64) -> &mut Family {
        &mut self.procs.get_mut(&pid).expect("live process").family
    }

    /// A live or zombie process `pid` (0 meaning `me`), or `ESRCH`.
    fn target(&self, me: u64, pid: u64) -> Result<u64, Errno> {
        let pid = if pid == 0 { me } else { pid };
        self.procs.get(&pid).map(|_| pid).ok_or(Errno::ESRCH)
    }

    /// `getppid`: [`INIT_PID`] for an orphan.
    pub(super) fn getppid(&self, pid: u64) -> u64 {
        self.family(pid).ppid
    }

    pub(super) fn getpgid(&self, me: u64, pid: u64) -> Result<u64, Errno> {
        Ok(self.family(self.target(me, pid as i32 as i64 as u64)?).pgid)
    }

    pub(super) fn getsid(&self, me: u64, pid: u64) -> Result<u64, Errno> {
        Ok(self.family(self.target(me, pid as i32 as i64 as u64)?).sid)
    }

    /// `setpgid(pid, pgid)` with Linux's checks.
    pub(super) fn setpgid(&mut self, me: u64, pid: u64, pgid: u64) -> Result<u64, Errno> {
        let (pid, pgid) = (pid as i32 as i64, pgid as i32 as i64);
        if pgid < 0 {
            return Err(Errno::EINVAL);
        }
        let pid = if pid == 0 { me } else { pid as u64 };
        let pgid = if pgid == 0 { pid } else { pgid as u64 };
        let Some(target) = self.procs.get(&pid) else {
            return Err(Errno::ESRCH);
        };
        let mine = self.family(me);
        if pid != me {
            if target.family.ppid != me {
                return Err(Errno::ESRCH);
            }
            if target.family.sid != mine.sid {
                return Err(Errno::EPERM);
            }
            if target.family.execed {
                return Err(Errno::EACCES);
            }
        }
        let sid = target.family.sid;
        if sid == pid {
            return Err(Errno::EPERM); // a session leader stays in its group
        }
        if pgid != pid
            && !self
                .procs
                .values()
                .any(|e| e.status.is_none() && e.family.pgid == pgid && e.family.sid == sid)
        {
            return Err(Errno::EPERM);
        }
        self.family_mut(pid).pgid = pgid;
        Ok(0)
    }

    /// `setsid`: a new session and group led by the caller, unless a process
    /// group with the caller's pid exists (it leads one).
    pub(super) fn setsid(&mut self, me: u64) -> Result<u64, Errno> {
        if self.procs.values().any(|e| e.family.pgid == me) {
            return Err(Errno::EPERM);
        }
        let f = self.family_mut(me);
        f.sid = me;
        f.pgid = me;
        Ok(me)
    }

    /// The terminal's foreground group, the first process's group by default.
    fn foreground(&self) -> u64 {
        let first = self.spawn_order.first().copied().unwrap_or(0);
        self.jobs
            .foreground
            .unwrap_or_else(|| self.procs.get(&first).map_or(first, |e| e.family.pgid))
    }

    /// Whether `call` is an `ioctl` on the terminal's process group or session,
    /// answered by the kernel.
    pub(super) fn is_tty_job_ioctl(call: &Call) -> bool {
        matches!(call.args[1], TIOCGPGRP | TIOCSPGRP | TIOCGSID)
    }

    /// `TIOCGPGRP`/`TIOCSPGRP`/`TIOCGSID` on a terminal fd: the foreground
    /// group and the session, as far as shells use them (the caller must be
    /// in the first process's session, which the terminal belongs to).
    pub(super) fn tty_job_ioctl(&mut self, me: u64, call: &Call) -> Result<u64, Errno> {
        let [fd, req, arg, ..] = call.args;
        let host = self.procs[&me].proc.fds.host(fd)?;
        // SAFETY: isatty has no preconditions.
        if unsafe { libc::isatty(host) } != 1 {
            return Err(Errno::ENOTTY);
        }
        let tty_sid = self
            .spawn_order
            .first()
            .and_then(|p| self.procs.get(p))
            .map_or(GUEST_PPID, |e| e.family.sid);
        if self.family(me).sid != tty_sid {
            return Err(Errno::ENOTTY);
        }
        let space = &mut self.procs.get_mut(&me).expect("live process").proc.space;
        match req {
            TIOCGPGRP => {
                let fg = self.foreground();
                let space = &mut self.procs.get_mut(&me).expect("live").proc.space;
                space.write_u32(arg, fg as u32)?;
            }
            TIOCGSID => space.write_u32(arg, tty_sid as u32)?,
            _ => {
                let pgrp = space.read_u32(arg)? as i32;
                if pgrp < 0 {
                    return Err(Errno::EINVAL);
                }
                let pgrp = pgrp as u64;
                let exists = self.procs.values().any(|e| {
                    e.status.is_none() && e.family.pgid == pgrp && e.family.sid == tty_sid
                });
                if !exists {
                    return Err(Errno::EPERM);
                }
                self.jobs.foreground = Some(pgrp);
            }
        }
        Ok(0)
    }

    /// The credential calls; `None` if `name` is not one.
    pub(super) fn creds_call(
        &mut self,
        me: u64,
        name: &str,
        c: &Call,
    ) -> Option<Result<u64, Errno>> {
        let a = c.args.map(|v| v as u32);
        let r = match name {
            "getresuid" | "getresgid" => self.getres(me, name == "getresuid", c.args),
            "getgroups" => self.getgroups(me, c.args[0] as i32, c.args[1]),
            "setgroups" => self.setgroups(me, c.args[0], c.args[1]),
            "setuid" => self.set_ids(me, true, Some(a[0]), None, None, true),
            "setgid" => self.set_ids(me, false, Some(a[0]), None, None, true),
            "setreuid" => self.set_ids(me, true, opt(a[0]), opt(a[1]), None, false),
            "setregid" => self.set_ids(me, false, opt(a[0]), opt(a[1]), None, false),
            "setresuid" => self.set_ids(me, true, opt(a[0]), opt(a[1]), opt(a[2]), false),
            "setresgid" => self.set_ids(me, false, opt(a[0]), opt(a[1]), opt(a[2]), false),
            "setfsuid" | "setfsgid" => {
                let ids = self.ids_of(me, name == "setfsuid");
                Ok(ids.effective as u64)
            }
            _ => return None,
        };
        Some(r)
    }

    fn ids_of(&self, me: u64, user: bool) -> Ids {
        let c = &self.family(me).creds;
        if user {
            c.uid
        } else {
            c.gid
        }
    }

    fn getres(&mut self, me: u64, user: bool, args: [u64; 6]) -> Result<u64, Errno> {
        let ids = self.ids_of(me, user);
        let space = &mut self.procs.get_mut(&me).expect("live process").proc.space;
        space.write_u32(args[0], ids.real)?;
        space.write_u32(args[1], ids.effective)?;
        space.write_u32(args[2], ids.saved)?;
        Ok(0)
    }

    fn getgroups(&mut self, me: u64, size: i32, list: u64) -> Result<u64, Errno> {
        let groups = self.family(me).creds.groups.clone();
        if size < 0 {
            return Err(Errno::EINVAL);
        }
        if size == 0 {
            return Ok(groups.len() as u64);
        }
        if (size as usize) < groups.len() {
            return Err(Errno::EINVAL);
        }
        let bytes: Vec<u8> = groups.iter().flat_map(|g| g.to_le_bytes()).collect();
        let space = &mut self.procs.get_mut(&me).expect("live process").proc.space;
        space.write_bytes(list, &bytes)?;
        Ok(groups.len() as u64)
    }

    fn setgroups(&mut self, me: u64, size: u64, list: u64) -> Result<u64, Errno> {
        if size as usize > NGROUPS_MAX {
            return Err(Errno::EINVAL);
        }
        let space = &mut self.procs.get_mut(&me).expect("live process").proc.space;
        let bytes = space.read_vec(list, size as usize * 4)?;
        let groups: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect();
        let creds = &mut self.family_mut(me).creds;
        if creds.uid.effective != 0 {
            return Err(Errno::EPERM);
        }
        creds.groups = groups;
        Ok(0)
    }

    /// `set[re[s]]{u,g}id`: `real`/`effective`/`saved` are the requested ids
    /// (`None`: unchanged, the guest's -1); `plain` is `setuid`/`setgid`, which a
    /// privileged caller applies to all three and others to the effective id.
    fn set_ids(
        &mut self,
        me: u64,
        user: bool,
        real: Option<u32>,
        effective: Option<u32>,
        saved: Option<u32>,
        plain: bool,
    ) -> Result<u64, Errno> {
        let privileged = self.family(me).creds.uid.effective == 0;
        let cur = self.ids_of(me, user);
        let new = if plain {
            let id = real.expect("setuid has an id");
            if privileged {
                Ids {
                    real: id,
                    effective: id,
                    saved: id,
                }
            } else if id == cur.real || id == cur.saved {
                Ids {
                    effective: id,
                    ..cur
                }
            } else {
                return Err(Errno::EPERM);
            }
        } else {
            if !privileged
                && ![real, effective, saved]
                    .iter()
                    .flatten()
                    .all(|&i| cur.holds(i))
            {
                return Err(Errno::EPERM);
            }
            let mut n = Ids {
                real: real.unwrap_or(cur.real),
                effective: effective.unwrap_or(cur.effective),
                saved: saved.unwrap_or(cur.saved),
            };
            // setreuid: the saved id follows a new effective id when the real
            // id is set or the effective id differs from the old real one.
            if saved.is_none() && (real.is_some() || effective.is_some_and(|e| e != cur.real)) {
                n.saved = n.effective;
            }
            n
        };
        let e = self.procs.get_mut(&me).expect("live process");
        if user {
            e.family.creds.uid = new;
            e.proc.ids.0 = new.real;
            e.proc.ids.1 = new.effective;
        } else {
            e.family.creds.gid = new;
            e.proc.ids.2 = new.real;
            e.proc.ids.3 = new.effective;
        }
        Ok(0)
    }

    /// Whether the kernel handles `name` as a process call (see
    /// [`Kernel::process_call`]).
    pub(super) fn is_process_call(name: &str, call: &Call) -> bool {
        const CLONE_THREAD: u64 = 0x10000;
        match name {
            "clone" => call.args[0] & CLONE_THREAD == 0,
            "ioctl" => Self::is_tty_job_ioctl(call),
            "clone3" | "fork" | "vfork" | "execve" | "execveat" | "wait4" | "waitid"
            | "getppid" | "setpgid" | "getpgid" | "getpgrp" | "setsid" | "getsid" | "getresuid"
            | "getresgid" | "getgroups" | "setgroups" | "setuid" | "setgid" | "setreuid"
            | "setregid" | "setresuid" | "setresgid" | "setfsuid" | "setfsgid" => true,
            _ => false,
        }
    }

    /// Run a process call for thread `tid` (see [`Kernel::is_process_call`]).
    pub(super) fn process_call<R: sim_core::arch::ArchRegs>(
        &mut self,
        tid: u64,
        name: &str,
        regs: &mut R,
        next_pc: u64,
        call: &Call,
    ) -> Flow {
        let me = self.pid_of(tid);
        let a = call.args;
        let done = |r: Result<u64, Errno>| Flow::Return(r, Flush::default());
        match name {
            "clone" | "clone3" | "fork" | "vfork" => {
                self.clone_process(tid, name, regs, next_pc, call)
            }
            "execve" | "execveat" => self.execve(tid, name, call),
            "wait4" | "waitid" => {
                let nr = regs.int(self.info.syscall.number);
                self.wait_call(tid, nr, name, call)
            }
            "ioctl" => done(self.tty_job_ioctl(me, call)),
            "getppid" => done(Ok(self.getppid(me))),
            "setpgid" => done(self.setpgid(me, a[0], a[1])),
            "getpgid" => done(self.getpgid(me, a[0])),
            "getpgrp" => done(self.getpgid(me, 0)),
            "setsid" => done(self.setsid(me)),
            "getsid" => done(self.getsid(me, a[0])),
            _ => done(
                self.creds_call(me, name, call)
                    .unwrap_or(Err(Errno::ENOSYS)),
            ),
        }
    }
}

/// A set-id argument: `-1` (as a 32-bit id) leaves the id unchanged.
fn opt(id: u32) -> Option<u32> {
    (id != u32::MAX).then_some(id)
}
