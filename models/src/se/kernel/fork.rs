//! New processes: `clone` without `CLONE_THREAD` (fork), `fork`, `vfork` and
//! `clone3` (which also creates threads, through the same path as `clone`).
//!
//! * A forked child gets a copy-on-write copy of the parent's address space
//!   ([`AddrSpace::fork_cow`]) and a copy of its fd table whose entries share the
//!   parent's open file descriptions (one file offset), and starts at the
//!   instruction after the call with the calling thread's registers, returning 0.
//! * `CLONE_VFORK`: the calling thread sleeps until the child execs or exits.
//!   With `CLONE_VM` too (`vfork`, `posix_spawn`), the child runs in the
//!   parent's own memory: the address space moves to the child while the
//!   parent sleeps and moves back when it wakes. A parent with other threads
//!   running cannot lend its memory: its child gets a copy-on-write copy instead
//!   (what the child writes is then not seen by the parent).
//! * `CLONE_FILES`: parent and child share one fd table (see `files.rs`).
//! * `CLONE_VM` without `CLONE_VFORK` or `CLONE_THREAD` (a child running beside
//!   its parent in shared memory) is not supported: `ENOSYS` with a warning.

use super::calls::Flow;
use super::family::Family;
use super::thread::{Run, SavedCtx, Thread};
use super::{Kernel, ProcEntry};
use crate::se::abi::Errno;
use crate::se::addr_space::{AddrSpace, Flush};
use crate::se::fd::FdTable;
use crate::se::syscalls::Call;
use sim_core::arch::ArchRegs;

const CLONE_VM: u64 = 0x100;
const CLONE_FILES: u64 = 0x400;
const CLONE_VFORK: u64 = 0x4000;
const CLONE_PARENT: u64 = 0x8000;
const CLONE_THREAD: u64 = 0x10000;
const CLONE_SETTLS: u64 = 0x80000;
const CLONE_PARENT_SETTID: u64 = 0x100000;
const CLONE_CHILD_CLEARTID: u64 = 0x200000;
const CLONE_CHILD_SETTID: u64 = 0x1000000;
const CLONE_PIDFD: u64 = 0x1000;
const CLONE_NEWNS_ETC: u64 = 0x7e02_0000; // namespaces: need privileges SE lacks
const SIGCHLD: u64 = 17;
/// `struct clone_args` up to `tls`: the smallest size `clone3` accepts.
const CLONE_ARGS_SIZE_VER0: u64 = 64;

/// A `clone` request, whichever call made it.
struct CloneReq {
    flags: u64,
    exit_signal: u64,
    /// New stack pointer (0: the caller's).
    stack: u64,
    ptid: u64,
    ctid: u64,
    tls: u64,
}

impl Kernel {
    /// `clone` (no `CLONE_THREAD`), `clone3`, `fork`, `vfork` for thread `tid`.
    pub(super) fn clone_process<R: ArchRegs>(
        &mut self,
        tid: u64,
        name: &str,
        regs: &mut R,
        next_pc: u64,
        call: &Call,
    ) -> Flow {
        let pid = self.pid_of(tid);
        let a = call.args;
        let req = match name {
            "fork" => CloneReq::plain(SIGCHLD),
            "vfork" => CloneReq {
                flags: CLONE_VM | CLONE_VFORK,
                ..CloneReq::plain(SIGCHLD)
            },
            "clone3" => match self.read_clone_args(pid, a[0], a[1]) {
                Ok(r) => r,
                Err(e) => return Flow::Return(Err(e), Flush::default()),
            },
            _ => {
                let (tls_arg, ctid_arg) = self.procs[&pid].proc.abi.clone_tls_ctid_args();
                CloneReq {
                    flags: a[0] & !0xff,
                    exit_signal: a[0] & 0xff,
                    stack: a[1],
                    ptid: a[2],
                    ctid: a[ctid_arg],
                    tls: a[tls_arg],
                }
            }
        };
        if req.flags & CLONE_THREAD != 0 {
            // clone3 of a thread: the same path as clone's, arguments in clone's order.
            let (tls_arg, ctid_arg) = self.procs[&pid].proc.abi.clone_tls_ctid_args();
            let mut args = [0u64; 6];
            args[0] = req.flags | req.exit_signal;
            args[1] = req.stack;
            args[2] = req.ptid;
            args[tls_arg] = req.tls;
            args[ctid_arg] = req.ctid;
            let c = Call {
                args,
                ..call.clone()
            };
            return Flow::Return(self.clone_thread(tid, regs, next_pc, &c), Flush::default());
        }
        self.fork(tid, regs, next_pc, &req)
    }

    /// Read `clone3`'s `struct clone_args` of `size` bytes at `addr`.
    fn read_clone_args(&mut self, pid: u64, addr: u64, size: u64) -> Result<CloneReq, Errno> {
        if !(CLONE_ARGS_SIZE_VER0..=4096).contains(&size) {
            return Err(Errno::EINVAL);
        }
        let space = &mut self.procs.get_mut(&pid).expect("live process").proc.space;
        let bytes = space.read_vec(addr, size as usize)?;
        let f = |i: usize| {
            bytes
                .get(i * 8..i * 8 + 8)
                .map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
        };
        let (flags, exit_signal, stack, stack_size) = (f(0), f(4), f(5), f(6));
        let set_tid_size = f(9);
        if exit_signal > 64 || (stack == 0) != (stack_size == 0) {
            return Err(Errno::EINVAL);
        }
        if set_tid_size != 0 || flags & CLONE_PIDFD != 0 {
            sim_core::warn_counted!(
                1,
                "clone3 with set_tid or CLONE_PIDFD is not supported; returning -EINVAL"
            );
            return Err(Errno::EINVAL);
        }
        Ok(CloneReq {
            flags,
            exit_signal,
            stack: stack.wrapping_add(stack_size),
            ptid: f(3),
            ctid: f(2),
            tls: f(7),
        })
    }

    /// Create a child process of thread `tid`'s process.
    fn fork<R: ArchRegs>(&mut self, tid: u64, regs: &R, next_pc: u64, req: &CloneReq) -> Flow {
        let fail = |e: Errno| Flow::Return(Err(e), Flush::default());
        let flags = req.flags;
        if flags & CLONE_NEWNS_ETC != 0 {
            return fail(Errno::EPERM);
        }
        if flags & CLONE_VM != 0 && flags & CLONE_VFORK == 0 {
            sim_core::warn_counted!(
                2,
                "clone of a process sharing memory without CLONE_VFORK (flags {flags:#x}) \
                 is not supported; returning -ENOSYS"
            );
            return fail(Errno::ENOSYS);
        }
        let pid = self.pid_of(tid);
        self.reap_init_children();
        let child_pid = self.alloc_id();
        let entry = self.procs.get_mut(&pid).expect("live process");
        let share_files = flags & CLONE_FILES != 0;
        let fds = if share_files {
            FdTable::default() // the parent's table moves in when the child runs
        } else {
            match entry.proc.fds.fork_copy() {
                Ok(f) => f,
                Err(e) => return fail(e),
            }
        };
        if flags & CLONE_PARENT_SETTID != 0 {
            if let Err(e) = entry.proc.space.write_u32(req.ptid, child_pid as u32) {
                return fail(e.into());
            }
        }
        let borrow = flags & CLONE_VM != 0 && entry.live_threads == 1;
        let space = if borrow {
            let empty = AddrSpace::new(entry.proc.space.frames().clone());
            std::mem::replace(&mut entry.proc.space, empty)
        } else {
            entry.proc.space.fork_cow()
        };
        let mut child = entry.proc.forked(child_pid, space, fds);
        let parent_family = entry.family.clone();
        let mut state = self.threads[&tid].state.clone();
        state.tid = child_pid;
        state.robust_list = (0, 0);
        state.clear_child_tid = if flags & CLONE_CHILD_CLEARTID != 0 {
            req.ctid
        } else {
            0
        };
        child.thread = state.clone();
        if flags & CLONE_CHILD_SETTID != 0 {
            // Written in the child's memory (a copy-on-write copy breaks here).
            let _ = child.space.write_u32(req.ctid, child_pid as u32);
        }
        let info = self.info;
        let mut cregs = regs.clone();
        cregs.set_int(info.syscall.ret, 0);
        if req.stack != 0 {
            cregs.set_int(info.sp_reg, req.stack);
        }
        if flags & CLONE_SETTLS != 0 {
            cregs.set_int(info.tp_reg, req.tls);
        }
        let ppid = if flags & CLONE_PARENT != 0 {
            parent_family.ppid
        } else {
            pid
        };
        let mut family = Family::child_of(ppid, &parent_family, req.exit_signal);
        let vfork = flags & CLONE_VFORK != 0;
        if vfork {
            family.vfork_parent = Some((tid, borrow));
        }
        let mut thread = Thread::new(child_pid, state, SavedCtx::from_regs(&cregs, next_pc));
        thread.run = Run::Blocked { deadline: None }; // made ready just below
        self.threads.insert(child_pid, thread);
        self.procs.insert(
            child_pid,
            ProcEntry {
                proc: child,
                live_threads: 1,
                status: None,
                family,
            },
        );
        if share_files {
            self.share_files(pid, child_pid);
        }
        self.make_ready(child_pid, None);
        tracing::debug!(parent = pid, child = child_pid, flags, "fork");
        if vfork {
            let t = self.threads.get_mut(&tid).expect("caller exists");
            t.run = Run::Blocked { deadline: None };
            t.pending_ret = Some(child_pid);
            return Flow::Blocked;
        }
        // Every CPU drops the parent's translations: its pages are now
        // write-protected for copy-on-write.
        Flow::Return(
            Ok(child_pid),
            Flush {
                tlb: true,
                icache: false,
            },
        )
    }

    /// A vfork child `pid` execs or exits: its parent thread wakes (returning
    /// the child's pid) with its address space back.
    pub(crate) fn vfork_release(&mut self, pid: u64) {
        let Some(entry) = self.procs.get_mut(&pid) else {
            return;
        };
        let Some((parent_tid, borrowed)) = entry.family.vfork_parent.take() else {
            return;
        };
        let ppid = entry.family.ppid;
        if borrowed {
            let empty = AddrSpace::new(entry.proc.space.frames().clone());
            let space = std::mem::replace(&mut entry.proc.space, empty);
            let owner = self.threads.get(&parent_tid).map(|t| t.pid).unwrap_or(ppid);
            if let Some(parent) = self.procs.get_mut(&owner) {
                parent.proc.space = space;
            }
            // CPUs that ran the child hold translations of the lent space.
            self.epoch.bump();
        }
        if self
            .threads
            .get(&parent_tid)
            .is_some_and(|t| matches!(t.run, Run::Blocked { .. }))
        {
            self.make_ready(parent_tid, Some(pid));
        }
    }

    /// Whether a copy-on-write page of thread `tid`'s process got a new frame
    /// during the current call; other CPUs running its threads are told to drop
    /// their translations (the caller's own CPU is flushed by the caller).
    pub(super) fn take_cow_copied(&mut self, tid: u64) -> bool {
        let Some(pid) = self.threads.get(&tid).map(|t| t.pid) else {
            return false;
        };
        let Some(e) = self.procs.get_mut(&pid) else {
            return false;
        };
        let copied = e.proc.space.take_cow_copied();
        if copied && e.live_threads > 1 {
            self.epoch.bump();
        }
        copied
    }
}

impl CloneReq {
    /// A fork with no extra flags.
    fn plain(exit_signal: u64) -> CloneReq {
        CloneReq {
            flags: 0,
            exit_signal,
            stack: 0,
            ptid: 0,
            ctid: 0,
            tls: 0,
        }
    }
}
