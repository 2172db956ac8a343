//! The scheduler: the run queue, switching threads on and off CPUs, time
//! slices, waking idle CPUs, process exit and deadlock detection.

use super::thread::{Run, SavedCtx};
use super::Kernel;
use crate::se::abi::Errno;
use crate::se::addr_space::USER_END;
use crate::se::process::ExitStatus;
use sim_core::arch::ArchRegs;
use sim_core::Tick;

/// What a stalled system does next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stall {
    /// Some thread can run (or runs).
    No,
    /// Every process has exited.
    AllExited,
    /// Live threads exist and every one waits with no time-out.
    Deadlock,
}

impl Kernel {
    /// Whether `tid` is the main thread of the `k`-th spawned process, held for
    /// CPU `k`'s first `switch_in` (only while CPU `k` exists and has not started).
    fn reserved(&self, tid: u64, asking_cpu: usize) -> bool {
        self.spawn_order
            .iter()
            .position(|&pid| pid == tid)
            .is_some_and(|k| k != asking_cpu && self.cpus.get(k).is_some_and(|c| !c.started))
    }

    /// Remove and return the first queued thread CPU `cpu` may take.
    fn pop_runnable(&mut self, cpu: usize) -> Option<u64> {
        let first_start = !self.cpus[cpu].started;
        if first_start {
            // The i-th spawned process's main thread, if still waiting.
            if let Some(&pid) = self.spawn_order.get(cpu) {
                if let Some(i) = self.run_queue.iter().position(|&t| t == pid) {
                    return self.run_queue.remove(i);
                }
            }
        }
        let i = self
            .run_queue
            .iter()
            .position(|&t| !self.reserved(t, cpu) && self.may_run(t) && self.allowed_on(t, cpu))?;
        self.run_queue.remove(i)
    }

    /// Whether thread `tid` may run on CPU `cpu` (its `sched_setaffinity` mask;
    /// an empty mask allows every CPU).
    pub(crate) fn allowed_on(&self, tid: u64, cpu: usize) -> bool {
        let mask = self.threads.get(&tid).map_or(0, |t| t.state.affinity);
        mask == 0 || (cpu < 64 && mask & (1 << cpu) != 0)
    }

    /// Wake an idle CPU that thread `tid` may run on (it was just queued).
    pub(crate) fn wake_idle_for(&mut self, tid: u64) {
        let idle = (0..self.cpus.len()).find(|&i| {
            let c = &self.cpus[i];
            c.current.is_none()
                && c.started
                && !c.wake_pending
                && c.component.is_some()
                && self.allowed_on(tid, i)
        });
        if let Some(i) = idle {
            let slot = &mut self.cpus[i];
            slot.wake_pending = true;
            self.wakes.extend(slot.component);
        }
    }

    /// Whether CPU `cpu` would find a thread to take from the queue.
    pub(crate) fn has_runnable_for(&self, cpu: usize) -> bool {
        self.run_queue
            .iter()
            .any(|&t| !self.reserved(t, cpu) && self.may_run(t) && self.allowed_on(t, cpu))
    }

    /// Give CPU `cpu` its next thread (see [`ThreadOs::switch_in`](crate::cpu::ThreadOs)).
    pub(crate) fn switch_in<R: ArchRegs>(&mut self, cpu: usize, now: Tick) -> Option<(R, u64)> {
        self.cpu(cpu);
        self.expire_timeouts(now);
        self.run_ready_waiters(now);
        if !self.has_runnable_for(cpu) && self.all_waiting() {
            self.wait_on_host(now);
        }
        self.drop_wakes();
        self.cpus[cpu].wake_pending = false;
        if let Some(old) = self.cpus[cpu].current {
            // A switch_in without switch_out: the old thread cannot be resumed
            // (its registers were never saved), so treat it as gone.
            tracing::error!(cpu, tid = old, "switch_in while a thread is running");
            return None;
        }
        let tid = self.pop_runnable(cpu);
        let slot = &mut self.cpus[cpu];
        slot.started = true;
        let tid = tid?;
        slot.current = Some(tid);
        slot.slice_start = now;
        let info = self.info;
        let t = self.threads.get_mut(&tid).expect("queued threads exist");
        t.on_cpu = Some(cpu);
        let ctx = t.ctx.take().expect("a queued thread has saved registers");
        let (mut regs, mut pc) = ctx.into_regs::<R>(info);
        let ret = t.pending_ret.take();
        if !self.enter_user(tid, &mut regs, &mut pc, ret) {
            // It died of a signal on its way back to user mode: take the next.
            self.cpus[cpu].current = None;
            self.threads.remove(&tid);
            return self.switch_in(cpu, now);
        }
        if !self.may_run(tid) {
            // A stop signal stopped its process: it waits for SIGCONT.
            self.park(cpu, tid, &regs, pc);
            return self.switch_in(cpu, now);
        }
        Some((regs, pc))
    }

    /// Take CPU `cpu`'s thread off it, saving `regs`/`pc` unless it exited.
    pub(crate) fn switch_out<R: ArchRegs>(&mut self, cpu: usize, regs: &R, pc: u64) {
        self.cpu(cpu).evicted = false;
        let Some(tid) = self.cpu(cpu).current.take() else {
            return;
        };
        let Some(t) = self.threads.get_mut(&tid) else {
            return;
        };
        t.on_cpu = None;
        match t.run {
            Run::Dead => {
                self.threads.remove(&tid);
            }
            // A context set while the thread ran (an `execve`'s new image)
            // replaces the CPU's registers.
            Run::Ready => {
                t.ctx.get_or_insert_with(|| SavedCtx::from_regs(regs, pc));
                let front = self
                    .signals
                    .threads
                    .get_mut(&tid)
                    .is_some_and(|s| std::mem::take(&mut s.requeue_front));
                if front {
                    self.run_queue.push_front(tid);
                } else {
                    self.run_queue.push_back(tid);
                }
            }
            Run::Blocked { .. } => {
                t.ctx.get_or_insert_with(|| SavedCtx::from_regs(regs, pc));
            }
        }
    }

    /// Whether CPU `cpu` should switch threads now: its thread was killed, or it
    /// used its time slice and another thread waits.
    pub(crate) fn should_yield(&mut self, cpu: usize, now: Tick) -> bool {
        self.expire_timeouts(now);
        self.drop_wakes();
        let Some(slot) = self.cpus.get(cpu) else {
            return false;
        };
        let Some(tid) = slot.current else {
            return slot.evicted;
        };
        let dead = self.threads.get(&tid).is_none_or(|t| t.run != Run::Ready);
        let slice_start = slot.slice_start;
        dead || self.signal_yield(tid)
            || (now.0.saturating_sub(slice_start.0) >= self.quantum.0 && self.has_runnable_for(cpu))
    }

    /// Make a blocked or new thread runnable: queue it (unless a CPU still holds
    /// it; that CPU's `switch_out` queues it) and wake one idle CPU for it.
    pub(crate) fn make_ready(&mut self, tid: u64, ret: Option<u64>) {
        let Some(t) = self.threads.get_mut(&tid) else {
            return;
        };
        t.run = Run::Ready;
        if ret.is_some() {
            t.pending_ret = ret;
        }
        if t.on_cpu.is_some() {
            return;
        }
        self.run_queue.push_back(tid);
        self.wake_idle_for(tid);
    }

    /// Forget wake-ups that cannot be delivered (outside a syscall there is no
    /// `OsOutcome`): those CPUs may be woken by a later call instead. Threads
    /// they were meant for stay queued for the next CPU that switches.
    fn drop_wakes(&mut self) {
        for id in std::mem::take(&mut self.wakes) {
            if let Some(c) = self.cpus.iter_mut().find(|c| c.component == Some(id)) {
                c.wake_pending = false;
            }
        }
    }

    /// Time out every futex waiter whose deadline is at or before `now`.
    pub(crate) fn expire_timeouts(&mut self, now: Tick) {
        self.now = self.now.max(now);
        self.fire_timers(now);
        let due: Vec<u64> = self
            .threads
            .iter()
            .filter(|(_, t)| matches!(t.run, Run::Blocked { deadline: Some(d) } if d <= now))
            .map(|(&tid, _)| tid)
            .collect();
        for tid in due {
            self.time_out(tid, now);
        }
    }

    /// `tid`'s deadline passed: a waiting call runs again to complete (a sleep
    /// returns, `poll` reports nothing ready); a futex wait ends with `ETIMEDOUT`
    /// (`rt_sigtimedwait`: `EAGAIN`).
    fn time_out(&mut self, tid: u64, now: Tick) {
        if self.waits.contains_key(&tid) {
            self.resume(tid, now, true);
            return;
        }
        self.futexes.remove(tid);
        let sigwait = self.signals.thread(tid).waiting.take().is_some();
        let err = if sigwait {
            Errno::EAGAIN
        } else {
            Errno::ETIMEDOUT
        };
        self.make_ready(tid, Some(err.to_ret()));
    }

    /// Decide whether the system can go on after the calling thread stopped
    /// running (blocked or exited). With every thread waiting, a deadline (the
    /// idle CPUs wake at it, see [`ThreadOs::wake_at`](crate::cpu::ThreadOs))
    /// or a wait on a host descriptor keeps it going; otherwise nothing can
    /// ever wake anyone.
    pub(crate) fn check_stall(&mut self) -> Stall {
        if self.procs.values().all(|p| p.status.is_some()) {
            return Stall::AllExited;
        }
        let anyone_ready = self.threads.values().any(|t| t.run == Run::Ready);
        if anyone_ready || self.next_deadline().is_some() || self.waits_on_host() {
            return Stall::No;
        }
        Stall::Deadlock
    }

    /// Thread `tid` exited: the process ends with `status` if it was the last.
    pub(crate) fn thread_gone(&mut self, tid: u64, status: ExitStatus) {
        let Some(t) = self.threads.get_mut(&tid) else {
            return;
        };
        if !t.alive() {
            return;
        }
        let pid = t.pid;
        self.retire(tid);
        let entry = self
            .procs
            .get_mut(&pid)
            .expect("threads belong to processes");
        entry.live_threads -= 1;
        if entry.live_threads == 0 {
            self.end_process(pid, status);
        }
    }

    /// A CPU running `tid`, which is being killed, is woken: a running CPU that
    /// is woken asks [`Kernel::should_yield`] before its next instruction, so the
    /// killed thread stops at once (as Linux's `zap_other_threads` kicks the
    /// other threads' CPUs) instead of at its next time-slice check, up to
    /// `QUANTUM_INSTS` instructions later.
    pub(crate) fn kick_cpu_of(&mut self, tid: u64) {
        let cpu = self.threads.get(&tid).and_then(|t| t.on_cpu);
        if let Some(id) = cpu.and_then(|c| self.cpus.get(c)?.component) {
            self.wakes.push(id);
        }
    }

    /// Mark `tid` dead and drop it from every queue (a CPU running it drops it at
    /// its next switch).
    fn retire(&mut self, tid: u64) {
        self.futexes.remove(tid);
        self.forget_wait(tid);
        self.run_queue.retain(|&t| t != tid);
        if let Some(t) = self.threads.get_mut(&tid) {
            t.run = Run::Dead;
            if t.on_cpu.is_none() {
                self.threads.remove(&tid);
            }
        }
    }

    /// Process `pid` ends with `status`: every thread dies and releases its
    /// robust futexes (each killed thread runs Linux's `exit_robust_list` as it
    /// exits), then shared file mappings reach their files. While other
    /// processes live, its memory goes back to the frame allocator for them (the
    /// last process's stays readable until the kernel is dropped).
    pub(crate) fn end_process(&mut self, pid: u64, status: ExitStatus) {
        // A vfork child gives the memory it borrowed back to its parent first.
        self.vfork_release(pid);
        // An fd table shared with other processes stays with them.
        self.unshare_files(pid, false);
        let dying: Vec<(u64, u64)> = self
            .threads
            .iter()
            .filter(|(_, t)| t.pid == pid && t.alive())
            .map(|(&tid, t)| (tid, t.state.robust_list.0))
            .collect();
        for &(tid, _) in &dying {
            self.kick_cpu_of(tid);
            self.retire(tid);
        }
        // After every thread is retired, so the wake-ups find no waiter of this
        // process to make runnable again.
        if self.procs.get(&pid).is_some_and(|e| e.status.is_none()) {
            for &(tid, head) in &dying {
                self.exit_robust_list(pid, tid, head);
            }
        }
        let others_live = self
            .procs
            .iter()
            .any(|(&p, e)| p != pid && e.status.is_none());
        let Some(entry) = self.procs.get_mut(&pid) else {
            return;
        };
        if entry.status.is_some() {
            return;
        }
        entry.live_threads = 0;
        entry.status = Some(status);
        entry.proc.sys.locks().release_owner(pid);
        self.posted.push(crate::se::syscalls::locks::LOCKS_CHANGED);
        self.timers.by_key.retain(|&(p, _), _| p != pid); // its timers go with it
        entry.proc.space.sync(0, USER_END);
        if others_live && entry.proc.space.unmap(0, USER_END).tlb {
            // CPUs that ran its threads drop their translations to the frames.
            self.epoch.bump();
        }
        self.process_exited(pid, others_live);
        self.release_closed_signalfds();
    }

    /// How the run ends once every process has exited: the first process's status.
    pub(crate) fn final_status(&self) -> ExitStatus {
        self.spawn_order
            .first()
            .and_then(|pid| self.procs.get(pid)?.status)
            .unwrap_or(ExitStatus::Exited(0))
    }
}
