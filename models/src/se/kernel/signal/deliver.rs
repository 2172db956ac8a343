//! Sending signals to threads and processes, waking the thread that takes one,
//! and acting on pending signals whenever a thread returns to user mode.

use super::frame::{self, FrameInput};
use super::sig::{SIGCONT, SIGKILL, SIGSEGV, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU};
use super::{
    bit, default_action, next_signal, Default, Restart, SigInfo, SA_NODEFER, SA_RESETHAND,
    SA_RESTART, SIG_DFL, SIG_IGN,
};
use crate::se::abi::Errno;
use crate::se::kernel::thread::Run;
use crate::se::kernel::Kernel;
use crate::se::process::ExitStatus;
use sim_core::arch::ArchRegs;

/// Stop signals, which a pending `SIGCONT` cancels (and which cancel it).
const STOP_SIGNALS: u64 = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

impl Kernel {
    /// The signals thread `tid` blocks now (its mask, less those it waits for in
    /// `rt_sigtimedwait`).
    fn blocked_by(&mut self, tid: u64) -> u64 {
        let mask = self.threads.get(&tid).map_or(u64::MAX, |t| t.state.sigmask);
        let waits = self.signals.thread(tid).waiting.map_or(0, |(set, _)| set);
        mask & !waits
    }

    /// Whether thread `tid` has a pending signal it does not block.
    pub(crate) fn signal_deliverable(&mut self, tid: u64) -> bool {
        let Some(pid) = self.threads.get(&tid).map(|t| t.pid) else {
            return false;
        };
        let shared = self.signals.shared.get(&pid).map_or(0, |p| p.set);
        let own = self.signals.threads.get(&tid).map_or(0, |t| t.pending.set);
        (own | shared) & !self.blocked_by(tid) != 0
    }

    /// Linux's `prepare_signal`: `SIGCONT` and stop signals cancel each other's
    /// pending instances; a signal the process ignores (and `tid`... no thread
    /// blocks) is dropped. False if `s` is dropped.
    fn prepare(&mut self, pid: u64, s: u64) -> bool {
        let cancel = if s == SIGCONT {
            if self.signals.stopped.remove(&pid) {
                self.wake_idle_cpus();
            }
            STOP_SIGNALS
        } else if STOP_SIGNALS & bit(s) != 0 {
            bit(SIGCONT)
        } else {
            0
        };
        if cancel != 0 {
            self.discard_pending(pid, cancel);
        }
        let Some(e) = self.procs.get(&pid) else {
            return false;
        };
        if s == SIGKILL {
            return true;
        }
        let ignored = e.proc.sigactions.get(s).ignores(s);
        // Blocked signals are kept: the handler may change before they are unblocked.
        let all_block = self
            .threads
            .values()
            .filter(|t| t.pid == pid && t.alive())
            .all(|t| t.state.sigmask & bit(s) != 0);
        !ignored || all_block
    }

    /// Drop the pending instances of `mask` sent to process `pid` or any of its threads.
    pub(crate) fn discard_pending(&mut self, pid: u64, mask: u64) {
        if let Some(p) = self.signals.shared.get_mut(&pid) {
            p.discard(mask);
        }
        let tids: Vec<u64> = self
            .threads
            .iter()
            .filter(|(_, t)| t.pid == pid)
            .map(|(&tid, _)| tid)
            .collect();
        for tid in tids {
            if let Some(t) = self.signals.threads.get_mut(&tid) {
                t.pending.discard(mask);
            }
        }
    }

    /// A fatal signal (default action kills, or `SIGKILL`) that some thread of
    /// `pid` does not block ends the process at once, as Linux's `complete_signal`.
    fn fatal_now(&mut self, pid: u64, s: u64, tid: Option<u64>) -> bool {
        let Some(e) = self.procs.get(&pid) else {
            return false;
        };
        let act = e.proc.sigactions.get(s);
        let kills = s == SIGKILL
            || (act.handler == SIG_DFL
                && matches!(default_action(s), Default::Terminate | Default::Core));
        if !kills {
            return false;
        }
        let unblocked = |t: &crate::se::kernel::thread::Thread| {
            t.pid == pid && t.alive() && (s == SIGKILL || t.state.sigmask & bit(s) == 0)
        };
        let takes = match tid {
            Some(tid) => self.threads.get(&tid).is_some_and(unblocked),
            None => self.threads.values().any(unblocked),
        };
        if takes {
            self.end_process(pid, ExitStatus::Signaled(s as i32));
        }
        takes
    }

    /// Send `info` to thread `tid` (`tgkill`, a fault, ...).
    pub(crate) fn send_to_thread(&mut self, tid: u64, info: SigInfo) {
        let s = info.signo();
        let Some(pid) = self.threads.get(&tid).filter(|t| t.alive()).map(|t| t.pid) else {
            return;
        };
        if !self.prepare(pid, s) || self.fatal_now(pid, s, Some(tid)) {
            return;
        }
        if self.signals.thread(tid).pending.post(info) {
            self.signal_wake(tid, s);
        }
    }

    /// Send `info` to process `pid` (`kill`); `prefer` is the thread to take it
    /// if it does not block it (else the main thread, else any that does not).
    pub(crate) fn send_to_process(&mut self, pid: u64, info: SigInfo, prefer: Option<u64>) {
        let s = info.signo();
        if self.procs.get(&pid).is_none_or(|e| e.status.is_some()) {
            return;
        }
        if !self.prepare(pid, s) || self.fatal_now(pid, s, None) {
            return;
        }
        if !self.signals.shared.entry(pid).or_default().post(info) {
            return;
        }
        let mut candidates: Vec<u64> = prefer.into_iter().chain([pid]).collect();
        candidates.extend(
            self.threads
                .iter()
                .filter(|(_, t)| t.pid == pid && t.alive())
                .map(|(&tid, _)| tid),
        );
        let taker = candidates.into_iter().find(|&t| {
            self.threads
                .get(&t)
                .is_some_and(|th| th.pid == pid && th.alive())
                && self.blocked_by(t) & bit(s) == 0
        });
        if let Some(tid) = taker {
            self.signal_wake(tid, s);
        }
    }

    /// Thread `tid` has signal `s` to take: a blocked call of it ends (the
    /// `rt_sigtimedwait` waiting for `s` returns it), and a CPU running it is
    /// woken so that it switches and the thread takes the signal.
    fn signal_wake(&mut self, tid: u64, s: u64) {
        if self.blocked_by(tid) & bit(s) != 0 {
            return;
        }
        let Some(t) = self.threads.get(&tid) else {
            return;
        };
        match t.run {
            Run::Blocked { .. } => {
                if let Some((set, uinfo)) = self.signals.thread(tid).waiting {
                    if set & bit(s) != 0 {
                        // The signal number (or -EFAULT) as the call's result.
                        let ret = self.take_waited(tid, set, uinfo).unwrap_or(0);
                        self.wake_blocked(tid, Errno((ret as i64).wrapping_neg() as i32));
                        return;
                    }
                }
                self.interrupt(tid);
            }
            Run::Ready => {
                let cpu = t.on_cpu;
                if let Some(id) = cpu.and_then(|c| self.cpus.get(c)?.component) {
                    self.wakes.push(id);
                }
            }
            Run::Dead => {}
        }
    }

    /// Take one pending signal of `set` for thread `tid` (its own first, then its
    /// process's), writing its `siginfo` to `uinfo` unless that is 0. Returns the
    /// call's result: the signal number (or `EFAULT`), `None` if none is pending.
    pub(crate) fn take_waited(&mut self, tid: u64, set: u64, uinfo: u64) -> Option<u64> {
        let info = self.dequeue(tid, set)?;
        let pid = self.threads.get(&tid)?.pid;
        if uinfo != 0 {
            let p = &mut self.procs.get_mut(&pid)?.proc;
            if p.space.write_bytes(uinfo, &info.0).is_err() {
                return Some(Errno::EFAULT.to_ret());
            }
        }
        Some(info.signo())
    }

    /// Remove and return the next signal of `allowed` pending for `tid`.
    pub(super) fn dequeue(&mut self, tid: u64, allowed: u64) -> Option<SigInfo> {
        let pid = self.threads.get(&tid)?.pid;
        let own = self.signals.threads.get(&tid).map_or(0, |t| t.pending.set) & allowed;
        if let Some(s) = next_signal(own) {
            return self.signals.thread(tid).pending.take(s);
        }
        let shared = self.signals.shared.get(&pid).map_or(0, |p| p.set) & allowed;
        let s = next_signal(shared)?;
        self.signals.shared.get_mut(&pid)?.take(s)
    }

    /// End thread `tid`'s blocking call with `ret`, leaving whatever it waits on
    /// through the kernel's one cancel point ([`Kernel::cancel_wait`]).
    fn wake_blocked(&mut self, tid: u64, ret: Errno) {
        let sig = self.signals.thread(tid);
        sig.waiting = None;
        sig.blocked_in = None;
        self.cancel_wait(tid, ret);
    }

    /// A signal interrupts thread `tid`'s blocking call: it becomes runnable and
    /// the call ends with `EINTR` or is restarted ([`Restart`]) when the thread
    /// next returns to user mode.
    pub(crate) fn interrupt(&mut self, tid: u64) {
        if !self
            .threads
            .get(&tid)
            .is_some_and(|t| matches!(t.run, Run::Blocked { .. }))
        {
            return;
        }
        let how = self.signals.thread(tid).blocked_in.unwrap_or(Restart::Sys);
        self.wake_blocked(tid, how.errno());
    }

    /// The calling thread blocked in `name`: remember how a signal ends the call,
    /// and end it at once if a signal is already there to take.
    pub(crate) fn note_blocked(&mut self, tid: u64, name: &str) {
        self.signals.thread(tid).blocked_in = Some(Restart::of_call(name));
        if self.signal_deliverable(tid) {
            self.interrupt(tid);
        }
    }

    /// Thread `tid` returns to user mode at `*pc` with `regs`: act on its pending
    /// signals (ignore, default action, or set up the handler's frame, moving
    /// `*pc` there), and end a call a signal interrupted (`restart`: how, and the
    /// call's first argument) with `EINTR` or restart it. False if the thread's
    /// process died of a signal.
    pub(crate) fn return_to_user<R: ArchRegs>(
        &mut self,
        tid: u64,
        regs: &mut R,
        pc: &mut u64,
        mut restart: Option<(Restart, u64)>,
    ) -> bool {
        let info = self.info;
        let Some(pid) = self.threads.get(&tid).map(|t| t.pid) else {
            return false;
        };
        loop {
            let allowed = !self.threads[&tid].state.sigmask;
            let Some(si) = self.dequeue(tid, allowed) else {
                break;
            };
            let s = si.signo();
            let entry = self.procs.get_mut(&pid).expect("live process");
            let act = entry.proc.sigactions.get(s);
            if act.handler == SIG_IGN {
                continue;
            }
            if act.handler == SIG_DFL {
                match default_action(s) {
                    Default::Ignore => continue,
                    Default::Stop => {
                        self.stop_process(pid);
                        continue;
                    }
                    Default::Terminate | Default::Core => {
                        self.end_process(pid, ExitStatus::Signaled(s as i32));
                        return false;
                    }
                }
            }
            if act.flags & SA_RESETHAND != 0 {
                let mut reset = act;
                reset.handler = SIG_DFL;
                entry.proc.sigactions.set(s, reset);
            }
            if let Some((how, arg0)) = restart.take() {
                let again =
                    how == Restart::NoIntr || (how == Restart::Sys && act.flags & SA_RESTART != 0);
                self.end_interrupted(regs, pc, again, arg0);
            }
            let t = self.threads.get_mut(&tid).expect("caller exists");
            let mask = t.state.sigmask;
            let saved = self.signals.thread(tid).saved_mask.take().unwrap_or(mask);
            let trampoline = self.procs[&pid].proc.vdso;
            let t = self.threads.get_mut(&tid).expect("caller exists");
            let input = FrameInput {
                signo: s,
                info: &si,
                act: &act,
                mask: saved,
                altstack: t.state.altstack,
                pc: *pc,
                trampoline,
            };
            let space = &mut self.procs.get_mut(&pid).expect("live process").proc.space;
            let entered = match info.signal_frame {
                Some(f) if trampoline != 0 => frame::setup(space, info, f, regs, &input),
                _ => None,
            };
            let Some(entered) = entered else {
                // No room for the frame: Linux's force_sigsegv.
                tracing::debug!(tid, s, "no room for a signal frame");
                self.end_process(pid, ExitStatus::Signaled(SIGSEGV as i32));
                return false;
            };
            let t = self.threads.get_mut(&tid).expect("caller exists");
            let own = if act.flags & SA_NODEFER != 0 {
                0
            } else {
                bit(s)
            };
            t.state.sigmask = (mask | act.mask | own) & !super::UNBLOCKABLE;
            t.state.altstack = entered.altstack;
            *pc = entered.pc;
        }
        if let Some((how, arg0)) = restart {
            self.end_interrupted(regs, pc, how != Restart::Intr, arg0);
        }
        if let Some(saved) = self.signals.thread(tid).saved_mask.take() {
            self.threads
                .get_mut(&tid)
                .expect("caller exists")
                .state
                .sigmask = saved;
        }
        true
    }

    /// End an interrupted call: restart it (step back over the system call
    /// instruction with its first argument back in place) or return `EINTR`.
    fn end_interrupted<R: ArchRegs>(&self, regs: &mut R, pc: &mut u64, again: bool, arg0: u64) {
        let abi = self.info.syscall;
        if again {
            let back = self.info.signal_frame.map_or(4, |f| f.syscall_inst_bytes);
            *pc -= back;
            regs.set_int(abi.args[0], arg0);
        } else {
            regs.set_int(abi.ret, Errno::EINTR.to_ret());
        }
    }

    /// Wake every idle CPU (threads of a continued process wait in the queue).
    fn wake_idle_cpus(&mut self) {
        for c in &mut self.cpus {
            if c.current.is_none() && c.started && !c.wake_pending && c.component.is_some() {
                c.wake_pending = true;
                self.wakes.extend(c.component);
            }
        }
    }

    /// Stop process `pid` (a stop signal's default action): its threads leave
    /// their CPUs and are not scheduled until `SIGCONT`.
    fn stop_process(&mut self, pid: u64) {
        self.signals.stopped.insert(pid);
        let running: Vec<usize> = self
            .threads
            .values()
            .filter(|t| t.pid == pid)
            .filter_map(|t| t.on_cpu)
            .collect();
        for cpu in running {
            if let Some(id) = self.cpus.get(cpu).and_then(|c| c.component) {
                self.wakes.push(id);
            }
        }
    }
}

impl Kernel {
    /// After a system call of thread `tid` that resumes at `pc`: take its
    /// signals ([`Kernel::return_to_user`]) and tell the CPU where to resume, or
    /// to switch if the thread's process died or stopped.
    pub(crate) fn return_from_call<R: ArchRegs>(
        &mut self,
        tid: u64,
        regs: &mut R,
        pc: u64,
        restart: Option<(Restart, u64)>,
        out: &mut crate::cpu::os::OsOutcome,
    ) {
        let mut next = pc;
        let alive = self.threads.get(&tid).is_some_and(|t| t.alive())
            && self.return_to_user(tid, regs, &mut next, restart);
        if !alive {
            out.deschedule = true;
            out.exit = self.stall_exit();
            return;
        }
        out.resume_at = Some(next);
        let pid = self.threads[&tid].pid;
        if self.signals.stopped.contains(&pid) {
            out.deschedule = true;
        }
    }

    /// The simulation's exit once the calling thread left its CPU for good: every
    /// process has exited, or every live thread waits with nothing to wake it.
    pub(crate) fn stall_exit(&mut self) -> Option<sim_core::exit::ExitCause> {
        use crate::se::kernel::sched::Stall;
        use crate::se::thread_os::exit_cause;
        match self.check_stall() {
            Stall::No => None,
            Stall::AllExited => Some(exit_cause(self.final_status())),
            Stall::Deadlock => {
                tracing::error!("every live thread waits on a futex nobody can wake");
                Some(exit_cause(ExitStatus::Deadlock))
            }
        }
    }

    /// Thread `tid` is switched in with `regs` at `*pc`, its blocking call having
    /// ended with `ret` (if it blocked): put the result in place, or restart the
    /// call, and take its signals. False if its process died of one.
    pub(crate) fn enter_user<R: ArchRegs>(
        &mut self,
        tid: u64,
        regs: &mut R,
        pc: &mut u64,
        ret: Option<u64>,
    ) -> bool {
        let abi = self.info.syscall;
        let restart = ret
            .and_then(Restart::from_ret)
            .map(|how| (how, regs.int(abi.args[0])));
        if let (Some(v), None) = (ret, restart) {
            regs.set_int(abi.ret, v);
        }
        self.return_to_user(tid, regs, pc, restart)
    }

    /// Whether thread `tid` must leave its CPU for a signal (one to take, or its
    /// process stopped); it then goes back to the front of the run queue.
    pub(crate) fn signal_yield(&mut self, tid: u64) -> bool {
        let Some(pid) = self.threads.get(&tid).map(|t| t.pid) else {
            return false;
        };
        let stopped = self.signals.stopped.contains(&pid);
        let take = !stopped && self.signal_deliverable(tid);
        if take {
            self.signals.thread(tid).requeue_front = true;
        }
        stopped || take
    }

    /// Put thread `tid`, just switched in on `cpu`, back in the run queue (its
    /// process stopped on the way in).
    pub(crate) fn park<R: ArchRegs>(&mut self, cpu: usize, tid: u64, regs: &R, pc: u64) {
        self.cpus[cpu].current = None;
        if let Some(t) = self.threads.get_mut(&tid) {
            t.on_cpu = None;
            t.ctx = Some(crate::se::kernel::thread::SavedCtx::from_regs(regs, pc));
            self.run_queue.push_back(tid);
        }
    }

    /// Whether thread `tid` may be switched in (its process is not stopped).
    pub(crate) fn may_run(&self, tid: u64) -> bool {
        self.threads
            .get(&tid)
            .is_none_or(|t| !self.signals.stopped.contains(&t.pid))
    }
}
