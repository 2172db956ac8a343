//! The kernel's one blocking mechanism for calls that wait on descriptors or
//! time (see [`crate::se::blocking`] for the handler's side).
//!
//! A handler that cannot complete returns a [`Block`]: the calling thread is
//! descheduled ([`Run::Blocked`] with the block's deadline) and remembered in
//! [`Kernel::waits`]. Its call runs again, as the same thread:
//!
//! * when an awaited host fd is ready: after every system call (the only time
//!   guest activity changes descriptors) the kernel polls the awaited fds with
//!   time-out 0 ([`Kernel::run_ready_waiters`]), and posted kernel events
//!   ([`Call::notify`]) select their waiters;
//! * when its deadline passes ([`Kernel::expire_timeouts`]), with
//!   [`Call::timed_out`] set, so it completes;
//! * when every guest thread waits and some wait on a descriptor the outside
//!   world can make ready (a TCP socket, the terminal), the kernel blocks in a
//!   host `poll` ([`Kernel::wait_on_host`]): simulated time stands still while
//!   it does.
//!
//! A run again either completes (the thread becomes runnable with the result),
//! or blocks again (keeping its first deadline), or ends the process.
//! [`Kernel::cancel_wait`] is the single place a wait ends early (a signal
//! interrupting it with `EINTR`), for descriptor waits, sleeps and futexes alike.

use super::thread::Run;
use super::Kernel;
use crate::se::abi::Errno;
use crate::se::addr_space::Flush;
use crate::se::blocking::{host_poll, is_internal, Block, WaitOn};
use crate::se::process::ExitStatus;
use crate::se::syscalls::Call;
use sim_core::Tick;

/// A thread waiting in a call.
#[derive(Clone, Debug)]
pub(crate) struct Waiting {
    /// The call's number (run again with the block's arguments).
    pub nr: u64,
    /// What it waits for.
    pub block: Block,
}

/// How one run of a call ended.
pub(crate) enum CallEnd {
    /// It completed with this result.
    Done(Result<u64, Errno>, Flush),
    /// It must wait.
    Blocked(Block),
    /// It ended the process.
    Exited(ExitStatus),
}

/// Picoseconds per host millisecond, for host `poll` time-outs.
const TICKS_PER_MS: u64 = 1_000_000_000;

impl Kernel {
    /// Run call `nr` with `args` in thread `tid`'s process as that thread.
    /// `resume` is `(bytes done, timed out)` when a waiting call runs again.
    pub(crate) fn run_call(
        &mut self,
        tid: u64,
        nr: u64,
        args: [u64; 6],
        now: Tick,
        resume: Option<(u64, bool)>,
    ) -> CallEnd {
        self.files_to(self.threads[&tid].pid);
        let name = self.procs[&self.threads[&tid].pid].proc.table.get(nr).0;
        if matches!(name, "read" | "readv") && self.reads_signalfd(tid, args[0]) {
            return match self.signalfd_read(tid, name == "readv", args) {
                Ok(r) => CallEnd::Done(r, Flush::default()),
                Err(block) => CallEnd::Blocked(block),
            };
        }
        let t = self.threads.get_mut(&tid).expect("caller exists");
        let entry = self.procs.get_mut(&t.pid).expect("live process");
        entry.proc.thread = t.state.clone();
        entry.proc.facts.threads = entry.live_threads;
        let mut call = Call::new(args, now, true);
        if let Some((done, timed_out)) = resume {
            call.done = done;
            call.timed_out = timed_out;
        }
        let ret = entry.proc.dispatch(nr, &mut call);
        if let Some(killed) = entry.proc.out_of_memory_kill(nr) {
            call.exit = Some(killed);
        }
        t.state = entry.proc.thread.clone();
        let (pid, uid) = (t.pid, entry.proc.ids.0);
        for s in std::mem::take(&mut entry.proc.raised) {
            // SIGPIPE from a write to a pipe with no reader (Linux's send_sig).
            let info = super::signal::SigInfo::kill(s, super::signal::SI_USER, pid, uid);
            self.send_to_process(pid, info, Some(tid));
        }
        self.posted.append(&mut call.notify);
        if let Some(status) = call.exit {
            return CallEnd::Exited(status);
        }
        match call.block {
            Some(block) if !call.timed_out => CallEnd::Blocked(block),
            _ => CallEnd::Done(ret, call.flush),
        }
    }

    /// Deschedule `tid`, which waits in call `nr` for `block`.
    pub(crate) fn block_on(&mut self, tid: u64, nr: u64, block: Block) {
        if let Some(t) = self.threads.get_mut(&tid) {
            t.run = Run::Blocked {
                deadline: block.deadline,
            };
            self.waits.insert(tid, Waiting { nr, block });
        }
    }

    /// Forget `tid`'s wait (it died).
    pub(crate) fn forget_wait(&mut self, tid: u64) {
        self.waits.remove(&tid);
    }

    /// Run again every waiting call whose host fds are ready or whose kernel
    /// events were posted, until none completes (a completion can make others
    /// ready: a read frees room for a blocked writer).
    pub(crate) fn run_ready_waiters(&mut self, now: Tick) {
        self.sync_signalfds();
        for _ in 0..64 {
            if self.waits.is_empty() {
                self.posted.clear();
                return;
            }
            let ready = self.ready_waiters(0);
            if ready.is_empty() {
                return;
            }
            for tid in ready {
                self.resume(tid, now, false);
            }
        }
    }

    /// Waiters whose awaited fds have events within `timeout_ms` (host time;
    /// 0: now), or whose events were posted. Consumes the posted events.
    fn ready_waiters(&mut self, timeout_ms: i32) -> Vec<u64> {
        let posted = std::mem::take(&mut self.posted);
        let mut fds = Vec::new();
        let mut owner = Vec::new();
        let mut ready = Vec::new();
        for (&tid, w) in &self.waits {
            for on in &w.block.on {
                match *on {
                    WaitOn::Fd { fd, events } => {
                        fds.push(libc::pollfd {
                            fd,
                            events,
                            revents: 0,
                        });
                        owner.push(tid);
                    }
                    WaitOn::Event(key) if posted.contains(&key) => ready.push(tid),
                    WaitOn::Event(_) => {}
                }
            }
        }
        let timeout = if ready.is_empty() { timeout_ms } else { 0 };
        if !fds.is_empty() && host_poll(&mut fds, timeout) > 0 {
            for (p, &tid) in fds.iter().zip(&owner) {
                if p.revents != 0 {
                    ready.push(tid);
                }
            }
        }
        ready.sort_unstable();
        ready.dedup();
        ready
    }

    /// Run `tid`'s waiting call again (`timed_out`: its deadline passed).
    pub(crate) fn resume(&mut self, tid: u64, now: Tick, timed_out: bool) {
        let Some(w) = self.waits.remove(&tid) else {
            return;
        };
        if !self.threads.get(&tid).is_some_and(|t| t.alive()) {
            return;
        }
        let pid = self.threads[&tid].pid;
        if let (Some(ret), false) = (w.block.result, timed_out) {
            self.make_ready(tid, Some(ret));
            return;
        }
        match self.run_call(
            tid,
            w.nr,
            w.block.args,
            now,
            Some((w.block.done, timed_out)),
        ) {
            CallEnd::Done(ret, flush) => {
                if flush.tlb || flush.icache {
                    self.epoch.bump();
                }
                self.make_ready(tid, Some(ret.unwrap_or_else(Errno::to_ret)));
            }
            CallEnd::Blocked(mut block) => {
                block.deadline = w.block.deadline;
                self.block_on(tid, w.nr, block);
            }
            CallEnd::Exited(status) => self.end_process(pid, status),
        }
    }

    /// End `tid`'s wait early, whatever it waits for (descriptors, a sleep, a
    /// futex): its call returns `err` (a transfer that moved bytes returns
    /// their count instead, as Linux's interrupted pipe writes do). The one
    /// place a wait is cancelled; signals interrupt waits through it.
    pub(crate) fn cancel_wait(&mut self, tid: u64, err: Errno) {
        if !self
            .threads
            .get(&tid)
            .is_some_and(|t| matches!(t.run, Run::Blocked { .. }))
        {
            return;
        }
        let waiting = self.waits.remove(&tid);
        if let Some(w) = &waiting {
            self.write_sleep_remainder(tid, w);
        }
        let done = waiting.map_or(0, |w| w.block.done);
        self.futexes.remove(tid);
        let ret = if done > 0 { done } else { err.to_ret() };
        self.make_ready(tid, Some(ret));
    }

    /// The earliest deadline of any waiting thread or armed timer.
    pub(crate) fn next_deadline(&self) -> Option<Tick> {
        self.threads
            .values()
            .filter_map(|t| match t.run {
                Run::Blocked { deadline } => deadline,
                _ => None,
            })
            .chain(self.next_timer())
            .min()
    }

    /// Whether some waiting call waits on a descriptor the outside world can
    /// make ready (not a guest-internal pipe, socket pair or eventfd).
    pub(crate) fn waits_on_host(&self) -> bool {
        self.waits.values().any(|w| {
            w.block
                .on
                .iter()
                .any(|on| matches!(*on, WaitOn::Fd { fd, .. } if !is_internal(fd)))
        })
    }

    /// Every guest thread waits and some wait on host descriptors: block in a
    /// host `poll` until one is ready, or until the earliest deadline counted
    /// in host time (simulated time does not move meanwhile), then run the
    /// ready calls again.
    pub(crate) fn wait_on_host(&mut self, now: Tick) {
        if !self.waits_on_host() {
            return;
        }
        let timeout_ms = match self.next_deadline() {
            Some(d) => (d.0.saturating_sub(now.0))
                .div_ceil(TICKS_PER_MS)
                .min(i32::MAX as u64) as i32,
            None => -1,
        };
        let ready = self.ready_waiters(timeout_ms);
        for tid in ready {
            self.resume(tid, now, false);
        }
        self.run_ready_waiters(now);
    }

    /// Whether every live thread waits (none runs or is queued).
    pub(crate) fn all_waiting(&self) -> bool {
        self.threads
            .values()
            .all(|t| matches!(t.run, Run::Blocked { .. } | Run::Dead))
    }

    /// Thread `tid` (on CPU `cpu`) just blocked: if it has a deadline, wake the
    /// other idle CPUs so they ask [`ThreadOs::wake_at`](crate::cpu::ThreadOs)
    /// again (`cpu` itself asks as it goes idle, or stays busy with another
    /// thread while an idle one times the sleep).
    pub(crate) fn retime_idle_cpus(&mut self, tid: u64, cpu: usize) {
        let timed = self
            .threads
            .get(&tid)
            .is_some_and(|t| matches!(t.run, Run::Blocked { deadline: Some(_) }));
        if !timed {
            return;
        }
        for (i, c) in self.cpus.iter().enumerate() {
            if i != cpu && c.current.is_none() && c.started && !c.wake_pending {
                self.wakes.extend(c.component);
            }
        }
    }

    /// An interrupted relative sleep tells the guest how much was left
    /// (`nanosleep`'s `rem`, `clock_nanosleep`'s without `TIMER_ABSTIME`).
    fn write_sleep_remainder(&mut self, tid: u64, w: &Waiting) {
        let Some(deadline) = w.block.deadline else {
            return;
        };
        let Some(pid) = self.threads.get(&tid).map(|t| t.pid) else {
            return;
        };
        let Some(entry) = self.procs.get_mut(&pid) else {
            return;
        };
        let a = w.block.args;
        let rem = match entry.proc.table.get(w.nr).0 {
            "nanosleep" => a[1],
            "clock_nanosleep" if a[1] & 1 == 0 => a[3],
            _ => 0,
        };
        if rem != 0 {
            let left = deadline.0.saturating_sub(self.now.0).div_ceil(1000);
            let _ = entry
                .proc
                .space
                .write_bytes(rem, &crate::se::abi::timespec(left));
        }
    }
}
