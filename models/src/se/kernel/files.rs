//! Two things `clone` and `execve` share between processes and threads beyond
//! memory:
//!
//! * One fd table for several processes: `clone` without `CLONE_VM` but with
//!   `CLONE_FILES`. Threads of a process share its [`Process`] and so its fd
//!   table; processes each have their own [`Process`], so the shared table
//!   lives in one member at a time, the holder, and moves to a member before
//!   that member's system call runs ([`Kernel::files_to`]). The kernel runs
//!   one call at a time, so every call sees the one table, with one set of
//!   host fds: an fd opened or closed by one member is open or closed for all.
//!   A member that execs gets a copy of its own (Linux's `unshare_files`), and
//!   one that exits hands the table to another member.
//! * `execve` by a thread other than the main one: the caller takes over the
//!   thread-group leader's tid (Linux's `de_thread`), so after the exec
//!   `gettid() == getpid()` as in any fresh process.
//!
//! [`Process`]: crate::se::process::Process

use super::Kernel;
use crate::se::fd::FdTable;
use std::collections::BTreeMap;

/// Processes sharing one fd table.
#[derive(Debug, Default)]
pub(crate) struct FileGroups {
    /// The group of each member (a group's id is its first member's pid).
    member: BTreeMap<u64, u64>,
    /// The member holding each group's table.
    holder: BTreeMap<u64, u64>,
}

impl Kernel {
    /// Make child `child` (just created by `parent`, with an empty table of its
    /// own) share `parent`'s fd table.
    pub(super) fn share_files(&mut self, parent: u64, child: u64) {
        self.files_to(parent);
        let g = *self.files.member.entry(parent).or_insert(parent);
        self.files.holder.entry(g).or_insert(parent);
        self.files.member.insert(child, g);
    }

    /// Before a call or kernel work of process `pid` that uses its fds: move
    /// the fd table it shares with other processes into it.
    pub(crate) fn files_to(&mut self, pid: u64) {
        if self.files.member.is_empty() {
            return;
        }
        let Some(&g) = self.files.member.get(&pid) else {
            return;
        };
        let holder = self.files.holder[&g];
        if holder == pid {
            return;
        }
        let table = match self.procs.get_mut(&holder) {
            Some(e) => std::mem::take(&mut e.proc.fds),
            None => return,
        };
        if let Some(e) = self.procs.get_mut(&pid) {
            e.proc.fds = table;
            self.files.holder.insert(g, pid);
        }
    }

    /// Process `pid` stops sharing its fd table (it execs or ends). With
    /// `keep_copy`, it keeps a copy of the table (sharing the open file
    /// descriptions, as a fork's); otherwise it is left with an empty one. The
    /// others keep the shared table.
    pub(super) fn unshare_files(&mut self, pid: u64, keep_copy: bool) {
        let Some(g) = self.files.member.remove(&pid) else {
            return;
        };
        let rest: Vec<u64> = self
            .files
            .member
            .iter()
            .filter(|&(_, &h)| h == g)
            .map(|(&p, _)| p)
            .collect();
        let Some(&heir) = rest.first() else {
            self.files.holder.remove(&g);
            return;
        };
        self.files_to_member(heir, g);
        let copy = if keep_copy {
            self.procs[&heir].proc.fds.fork_copy().unwrap_or_default()
        } else {
            FdTable::default()
        };
        if let Some(e) = self.procs.get_mut(&pid) {
            e.proc.fds = copy;
        }
        if rest.len() == 1 {
            self.files.member.remove(&heir);
            self.files.holder.remove(&g);
        }
    }

    /// [`Kernel::files_to`] for a member of group `g` whose holder is set.
    fn files_to_member(&mut self, pid: u64, g: u64) {
        let holder = self.files.holder[&g];
        if holder == pid {
            return;
        }
        let table = std::mem::take(&mut self.proc_mut(holder).fds);
        self.proc_mut(pid).fds = table;
        self.files.holder.insert(g, pid);
    }

    /// Thread `tid` of process `pid` (not its main thread) execs: it becomes
    /// tid `pid`. The other threads are already dead; the old leader may still
    /// be switched in on a CPU, which is told to drop it.
    pub(super) fn take_leader_tid(&mut self, tid: u64, pid: u64) {
        if tid == pid {
            return;
        }
        if self.threads.remove(&pid).is_some() {
            for slot in self.cpus.iter_mut() {
                if slot.current == Some(pid) {
                    slot.current = None;
                    slot.evicted = true;
                }
            }
        }
        self.signals.threads.remove(&pid);
        if let Some(sig) = self.signals.threads.remove(&tid) {
            self.signals.threads.insert(pid, sig);
        }
        let Some(mut t) = self.threads.remove(&tid) else {
            return;
        };
        t.state.tid = pid;
        if let Some(cpu) = t.on_cpu {
            self.cpus[cpu].current = Some(pid);
        }
        self.threads.insert(pid, t);
        self.proc_mut(pid).thread.tid = pid;
    }
}
