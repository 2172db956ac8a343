//! System calls through the kernel: the ones that create, end, block or schedule
//! threads are handled here; every other call goes to the calling thread's
//! [`Process`](crate::se::Process) with that thread's state swapped in.

use super::futex::FutexResult;
use super::sched::Stall;
use super::signal::{Restart, SIGNAL_CALLS};
use super::thread::{Run, SavedCtx, Thread};
use super::wait::CallEnd;
use super::Kernel;
use crate::cpu::os::OsOutcome;
use crate::se::abi::Errno;
use crate::se::addr_space::Flush;
use crate::se::process::ExitStatus;
use crate::se::syscalls::{misc, Call};
use crate::se::thread_os::exit_cause;
use sim_core::arch::ArchRegs;
use sim_core::exit::ExitCause;
use sim_core::Tick;

const CLONE_VM: u64 = 0x100;
const CLONE_VFORK: u64 = 0x4000;
const CLONE_THREAD: u64 = 0x10000;
const CLONE_SETTLS: u64 = 0x80000;
const CLONE_PARENT_SETTID: u64 = 0x100000;
const CLONE_CHILD_CLEARTID: u64 = 0x200000;
const CLONE_CHILD_SETTID: u64 = 0x1000000;
/// `sigaltstack` state of a new thread: `SS_DISABLE`.
const ALTSTACK_DISABLED: (u64, u64, u64) = (0, 2, 0);

/// What a kernel-handled call did to its caller.
pub(crate) enum Flow {
    /// Return this value and go on.
    Return(Result<u64, Errno>, Flush),
    /// Return 0 and give the CPU to the next queued thread.
    Yield,
    /// The caller blocked.
    Blocked,
    /// The caller (or its whole process) is gone.
    Gone,
    /// The registers were replaced (`rt_sigreturn`): resume at this PC.
    Resume(u64),
}

impl Kernel {
    /// Emulate the system call CPU `cpu`'s thread made.
    pub(crate) fn syscall<R: ArchRegs>(
        &mut self,
        cpu: usize,
        regs: &mut R,
        next_pc: u64,
        now: Tick,
    ) -> OsOutcome {
        self.wakes.clear();
        self.expire_timeouts(now);
        self.sync_signalfds();
        let arg0 = regs.int(self.info.syscall.args[0]);
        let Some(tid) = self.cpus.get(cpu).and_then(|c| c.current) else {
            return OsOutcome {
                exit: Some(ExitCause::GuestFault {
                    message: format!("cpu {cpu} made a system call with no thread switched in"),
                }),
                ..OsOutcome::default()
            };
        };
        let flow = if self.threads.get(&tid).is_some_and(Thread::alive) {
            self.dispatch(tid, cpu, regs, next_pc, now)
        } else {
            Flow::Gone // killed by another thread's exit_group: never returns
        };
        // The call may have made waiting calls ready (data written, room freed).
        self.run_ready_waiters(now);
        if matches!(flow, Flow::Blocked) {
            self.retime_idle_cpus(tid, cpu);
        }
        let mut out = OsOutcome::default();
        // A copy-on-write page the call wrote through got a new frame: this CPU
        // and any running another thread of the process may cache the old one.
        let cow_copied = self.take_cow_copied(tid);
        match flow {
            Flow::Return(ret, mut flush) => {
                flush.tlb |= cow_copied;
                let ret = ret.unwrap_or_else(Errno::to_ret);
                regs.set_int(self.info.syscall.ret, ret);
                let restart = Restart::from_ret(ret).map(|how| (how, arg0));
                self.return_from_call(tid, regs, next_pc, restart, &mut out);
                out.flush_tlb = flush.tlb;
                out.flush_decode = flush.icache;
                if flush.tlb || flush.icache {
                    // Other CPUs running threads of this process cached the old
                    // mappings or code too.
                    self.epoch.bump();
                }
            }
            Flow::Resume(pc) => self.return_from_call(tid, regs, pc, None, &mut out),
            Flow::Yield => {
                regs.set_int(self.info.syscall.ret, 0);
                out.deschedule = true;
            }
            Flow::Blocked | Flow::Gone => {
                out.deschedule = true;
                match self.check_stall() {
                    Stall::No => {}
                    Stall::AllExited => out.exit = Some(exit_cause(self.final_status())),
                    Stall::Deadlock => {
                        tracing::error!(
                            "every live thread waits forever (a futex, a pipe or socket \
                             only the guest could feed, a pause) and nothing can wake it"
                        );
                        out.exit = Some(exit_cause(ExitStatus::Deadlock));
                    }
                }
            }
        }
        out.wake = std::mem::take(&mut self.wakes);
        // The caller's own CPU, kicked when its process ended, acts on `deschedule`.
        let own = self.cpus.get(cpu).and_then(|c| c.component);
        out.wake.retain(|&id| Some(id) != own);
        out
    }

    fn dispatch<R: ArchRegs>(
        &mut self,
        tid: u64,
        cpu: usize,
        regs: &mut R,
        next_pc: u64,
        now: Tick,
    ) -> Flow {
        let abi = self.info.syscall;
        let nr = regs.int(abi.number);
        let pid = self.threads[&tid].pid;
        self.files_to(pid);
        let name = self.procs[&pid].proc.table.get(nr).0;
        let call = Call::new(abi.args.map(|r| regs.int(r)), now, true);
        tracing::trace!(tid, cpu, nr, name, args = ?call.args, "syscall");
        let ok = |v: u64| Flow::Return(Ok(v), Flush::default());
        let err = |e: Errno| Flow::Return(Err(e), Flush::default());
        let flow = match name {
            name if Self::is_process_call(name, &call) => {
                self.process_call(tid, name, regs, next_pc, &call)
            }
            "clone" => match self.clone_thread(tid, regs, next_pc, &call) {
                Ok(child) => ok(child),
                Err(e) => err(e),
            },
            "futex" => match self.futex(tid, &call) {
                FutexResult::Done(r) => Flow::Return(r, Flush::default()),
                FutexResult::Blocked => Flow::Blocked,
            },
            "exit" => {
                self.exit_thread(tid, ExitStatus::Exited(call.args[0] as u8));
                Flow::Gone
            }
            "exit_group" => {
                self.end_process(pid, ExitStatus::Exited(call.args[0] as u8));
                Flow::Gone
            }
            "sched_yield" if self.has_runnable_for(cpu) => Flow::Yield,
            n if super::timers::TIMER_CALLS.contains(&n) => match self.timer_call(tid, n, &call) {
                Ok(v) => ok(v),
                Err(e) => err(e),
            },
            "sched_setaffinity" => match self.delegate(tid, regs, now) {
                // Not allowed here any more: the thread moves to a CPU it may
                // use (an idle one is woken for it).
                Flow::Return(Ok(0), _) if !self.allowed_on(tid, cpu) => {
                    self.wake_idle_for(tid);
                    Flow::Yield
                }
                flow => flow,
            },
            "sched_getaffinity" => match self.getaffinity(tid, pid, &call) {
                Ok(v) => ok(v),
                Err(e) => err(e),
            },
            "getcpu" => {
                let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
                match misc::write_getcpu(p, &call, cpu as u32) {
                    Ok(v) => ok(v),
                    Err(e) => err(e),
                }
            }
            n if SIGNAL_CALLS.contains(&n) => self.signal_call(tid, n, regs, now),
            "read" | "readv" if self.reads_signalfd(tid, call.args[0]) => {
                match self.signalfd_read(tid, name == "readv", call.args) {
                    Ok(r) => Flow::Return(r, Flush::default()),
                    Err(block) => {
                        self.block_on(tid, nr, block);
                        Flow::Blocked
                    }
                }
            }
            _ => self.delegate(tid, regs, now),
        };
        // The calls handled here copy guest memory too (clone's tids, futex
        // words): memory running out under them ends the process as it does in
        // `Process::syscall`.
        let killed = match self.procs.get_mut(&pid) {
            Some(e) if e.status.is_none() => e.proc.out_of_memory_kill(nr),
            _ => None,
        };
        if let Some(status) = killed {
            self.end_process(pid, status);
            return Flow::Gone;
        }
        if matches!(flow, Flow::Blocked) {
            self.note_blocked(tid, name);
        }
        if matches!(name, "close" | "close_range" | "dup2" | "dup3") {
            self.release_closed_signalfds();
        }
        flow
    }

    /// Run a call in the process with thread `tid`'s state as the current thread;
    /// a call that must wait blocks the thread ([`wait`](super::wait)).
    fn delegate<R: ArchRegs>(&mut self, tid: u64, regs: &mut R, now: Tick) -> Flow {
        let abi = self.info.syscall;
        let pid = self.threads[&tid].pid;
        let nr = regs.int(abi.number);
        match self.run_call(tid, nr, abi.args.map(|r| regs.int(r)), now, None) {
            CallEnd::Done(ret, flush) => Flow::Return(ret, flush),
            CallEnd::Blocked(block) => {
                self.block_on(tid, nr, block);
                Flow::Blocked
            }
            CallEnd::Exited(status) => {
                self.end_process(pid, status);
                Flow::Gone
            }
        }
    }

    /// `exit` of one thread: release its robust futexes, then clear and wake its
    /// `clear_child_tid` word (how `pthread_join` learns of it), in that order as
    /// Linux's `exit_mm_release`; the last thread's exit ends the process.
    fn exit_thread(&mut self, tid: u64, status: ExitStatus) {
        let t = &self.threads[&tid];
        let (pid, ctid, robust_head) = (t.pid, t.state.clear_child_tid, t.state.robust_list.0);
        self.exit_robust_list(pid, tid, robust_head);
        if ctid != 0 {
            let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
            if p.space.write_u32(ctid, 0).is_ok() {
                self.wake_shared(pid, ctid);
            }
        }
        self.thread_gone(tid, status);
    }

    /// `clone` for a new thread of the caller's process (`CLONE_VM|CLONE_THREAD`).
    /// A new process (fork, vfork) is not supported: `ENOSYS`.
    pub(super) fn clone_thread<R: ArchRegs>(
        &mut self,
        parent: u64,
        regs: &R,
        next_pc: u64,
        c: &Call,
    ) -> Result<u64, Errno> {
        let flags = c.args[0];
        if flags & CLONE_VM == 0 || flags & CLONE_THREAD == 0 || flags & CLONE_VFORK != 0 {
            sim_core::warn_counted!(
                0,
                "clone of a new process (flags {flags:#x}) is not supported; returning -ENOSYS"
            );
            return Err(Errno::ENOSYS);
        }
        let pid = self.threads[&parent].pid;
        let (tls_arg, ctid_arg) = self.procs[&pid].proc.abi.clone_tls_ctid_args();
        let (stack, ptid, tls, ctid) = (c.args[1], c.args[2], c.args[tls_arg], c.args[ctid_arg]);
        let tid = self.alloc_id();
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        if flags & CLONE_PARENT_SETTID != 0 {
            p.space.write_u32(ptid, tid as u32)?;
        }
        if flags & CLONE_CHILD_SETTID != 0 {
            p.space.write_u32(ctid, tid as u32)?;
        }
        let info = self.info;
        let mut child = regs.clone();
        child.set_int(info.syscall.ret, 0);
        if stack != 0 {
            child.set_int(info.sp_reg, stack);
        }
        if flags & CLONE_SETTLS != 0 {
            child.set_int(info.tp_reg, tls);
        }
        let mut state = self.threads[&parent].state.clone();
        state.tid = tid;
        state.clear_child_tid = if flags & CLONE_CHILD_CLEARTID != 0 {
            ctid
        } else {
            0
        };
        state.robust_list = (0, 0);
        state.altstack = ALTSTACK_DISABLED;
        let mut thread = Thread::new(pid, state, SavedCtx::from_regs(&child, next_pc));
        thread.run = Run::Blocked { deadline: None }; // made ready just below
        self.threads.insert(tid, thread);
        self.procs.get_mut(&pid).expect("live process").live_threads += 1;
        self.make_ready(tid, None);
        Ok(tid)
    }

    /// `sched_getaffinity`: the thread's `sched_setaffinity` mask, else every
    /// configured CPU.
    fn getaffinity(&mut self, tid: u64, pid: u64, c: &Call) -> Result<u64, Errno> {
        let [who, len, mask, ..] = c.args;
        if len < 8 || len % 8 != 0 {
            return Err(Errno::EINVAL);
        }
        if who != 0 && !self.threads.get(&who).is_some_and(Thread::alive) {
            return Err(Errno::ESRCH);
        }
        let n = self.cpus.len().clamp(1, 64);
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        let target = self.threads.get(if who == 0 { &tid } else { &who });
        let set = target.map_or(0, |t| t.state.affinity) & all;
        let bits = if set == 0 { all } else { set };
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        p.space.write_u64(mask, bits)?;
        Ok(8)
    }
}
