//! The signal system calls, handled by the kernel because they concern other
//! threads and processes, masks, or blocking.

use super::frame::{
    self, alt_flags, on_alt_stack, MINSIGSTKSZ, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
};
use super::sig::{SIGKILL, SIGSEGV, SIGSTOP};
use super::{bit, SigAction, SigInfo, NSIG, SI_TKILL, SI_USER, UNBLOCKABLE};
use crate::se::abi::Errno;
use crate::se::addr_space::Flush;
use crate::se::kernel::calls::Flow;
use crate::se::kernel::thread::Run;
use crate::se::kernel::Kernel;
use crate::se::process::ExitStatus;
use sim_core::arch::ArchRegs;
use sim_core::Tick;

/// The calls [`Kernel::signal_call`] handles.
pub(crate) const SIGNAL_CALLS: &[&str] = &[
    "rt_sigaction",
    "rt_sigprocmask",
    "sigaltstack",
    "rt_sigpending",
    "rt_sigsuspend",
    "pause",
    "rt_sigtimedwait",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "rt_sigreturn",
    "kill",
    "tkill",
    "tgkill",
    "signalfd4",
];

type Ret = Result<u64, Errno>;

fn done(r: Ret) -> Flow {
    Flow::Return(r, Flush::default())
}

impl Kernel {
    /// Emulate signal call `name` for thread `tid` (`regs` hold its arguments).
    pub(crate) fn signal_call<R: ArchRegs>(
        &mut self,
        tid: u64,
        name: &str,
        regs: &mut R,
        now: Tick,
    ) -> Flow {
        let a = self.info.syscall.args.map(|r| regs.int(r));
        let pid = self.threads[&tid].pid;
        let flow = match name {
            "rt_sigaction" => done(self.sigaction(pid, a)),
            "rt_sigprocmask" => done(self.sigprocmask(tid, a)),
            "sigaltstack" => done(self.sigaltstack(tid, regs, a)),
            "rt_sigpending" => done(self.sigpending(tid, a)),
            "rt_sigsuspend" => self.sigsuspend(tid, a),
            "pause" => self.suspend_with(tid, None),
            "rt_sigtimedwait" => self.sigtimedwait(tid, a, now),
            "rt_sigqueueinfo" => done(self.sigqueueinfo(tid, None, a[0], a[1], a[2])),
            "rt_tgsigqueueinfo" => done(self.sigqueueinfo(tid, Some(a[0]), a[1], a[2], a[3])),
            "rt_sigreturn" => self.sigreturn(tid, regs),
            "kill" => done(self.kill(tid, a[0] as i64, a[1])),
            "tkill" => done(self.thread_kill(tid, None, a[0] as i64, a[1])),
            "tgkill" => done(self.thread_kill(tid, Some(a[0] as i64), a[1] as i64, a[2])),
            "signalfd4" => done(self.signalfd4(tid, a)),
            _ => done(Err(Errno::ENOSYS)),
        };
        // A fatal signal the caller sent may have ended its own process.
        if self.threads.get(&tid).is_none_or(|t| !t.alive()) {
            return Flow::Gone;
        }
        flow
    }

    fn sigaction(&mut self, pid: u64, a: [u64; 6]) -> Ret {
        let [s, act, oact, setsize, ..] = a;
        if s == 0 || s > NSIG || setsize != 8 || (act != 0 && (s == SIGKILL || s == SIGSTOP)) {
            return Err(Errno::EINVAL);
        }
        let p = self.proc_mut(pid);
        let size = p.abi.sigaction_size();
        let new = match act {
            0 => None,
            _ => Some(SigAction::from_guest(&p.space.read_vec(act, size)?)),
        };
        let old = p.sigactions.get(s);
        if let Some(n) = new {
            p.sigactions.set(s, n);
        }
        if oact != 0 {
            p.space.write_bytes(oact, &old.to_guest(size))?;
        }
        if new.is_some_and(|n| n.ignores(s)) {
            // POSIX: setting a pending signal to be ignored discards it.
            self.discard_pending(pid, bit(s));
        }
        Ok(0)
    }

    fn sigprocmask(&mut self, tid: u64, a: [u64; 6]) -> Ret {
        let [how, set, oset, setsize, ..] = a;
        if setsize != 8 {
            return Err(Errno::EINVAL);
        }
        let pid = self.threads[&tid].pid;
        let new = match set {
            0 => None,
            _ => Some(self.proc_mut(pid).space.read_u64(set)?),
        };
        let t = self.threads.get_mut(&tid).expect("caller exists");
        let old = t.state.sigmask;
        if let Some(s) = new {
            t.state.sigmask = match how {
                0 => old | s,
                1 => old & !s,
                2 => s,
                _ => return Err(Errno::EINVAL),
            } & !UNBLOCKABLE;
        }
        if oset != 0 {
            self.proc_mut(pid).space.write_u64(oset, old)?;
        }
        Ok(0)
    }

    fn sigaltstack<R: ArchRegs>(&mut self, tid: u64, regs: &R, a: [u64; 6]) -> Ret {
        let [ss, oss, ..] = a;
        let sp = regs.int(self.info.sp_reg);
        let pid = self.threads[&tid].pid;
        let new = match ss {
            0 => None,
            _ => Some(self.proc_mut(pid).space.read_vec(ss, 24)?),
        };
        let cur = self.threads[&tid].state.altstack;
        let mut old = [0u8; 24];
        old[0..8].copy_from_slice(&cur.0.to_le_bytes());
        let flags = alt_flags(cur, sp) | (cur.1 & SS_AUTODISARM);
        old[8..12].copy_from_slice(&(flags as u32).to_le_bytes());
        old[16..24].copy_from_slice(&cur.2.to_le_bytes());
        if let Some(n) = new {
            let w = |o: usize| u64::from_le_bytes(n[o..o + 8].try_into().expect("8 bytes"));
            let (base, flags, size) = (w(0), w(8) & 0xffff_ffff, w(16));
            if on_alt_stack(cur, sp) {
                return Err(Errno::EPERM);
            }
            let mode = flags & !SS_AUTODISARM;
            if mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0 {
                return Err(Errno::EINVAL);
            }
            let alt = if mode == SS_DISABLE {
                (0, SS_DISABLE, 0)
            } else if size < MINSIGSTKSZ {
                return Err(Errno::ENOMEM);
            } else {
                (base, flags & SS_AUTODISARM, size)
            };
            self.threads
                .get_mut(&tid)
                .expect("caller exists")
                .state
                .altstack = alt;
        }
        if oss != 0 {
            self.proc_mut(pid).space.write_bytes(oss, &old)?;
        }
        Ok(0)
    }

    fn sigpending(&mut self, tid: u64, a: [u64; 6]) -> Ret {
        let [set, size, ..] = a;
        if size > 8 {
            return Err(Errno::EINVAL);
        }
        let pid = self.threads[&tid].pid;
        let own = self.signals.threads.get(&tid).map_or(0, |t| t.pending.set);
        let shared = self.signals.shared.get(&pid).map_or(0, |p| p.set);
        let v = (own | shared) & self.threads[&tid].state.sigmask;
        self.proc_mut(pid)
            .space
            .write_bytes(set, &v.to_le_bytes()[..size as usize])?;
        Ok(0)
    }

    fn sigsuspend(&mut self, tid: u64, a: [u64; 6]) -> Flow {
        if a[1] != 8 {
            return done(Err(Errno::EINVAL));
        }
        let pid = self.threads[&tid].pid;
        match self.proc_mut(pid).space.read_u64(a[0]) {
            Ok(m) => self.suspend_with(tid, Some(m & !UNBLOCKABLE)),
            Err(e) => done(Err(e.into())),
        }
    }

    /// Sleep until a signal is taken (`pause`; `rt_sigsuspend` with `mask` in
    /// place meanwhile). Ends with `EINTR` once a handler ran.
    fn suspend_with(&mut self, tid: u64, mask: Option<u64>) -> Flow {
        if let Some(m) = mask {
            let t = self.threads.get_mut(&tid).expect("caller exists");
            let old = std::mem::replace(&mut t.state.sigmask, m);
            self.signals.thread(tid).saved_mask = Some(old);
        }
        self.block(tid, None);
        Flow::Blocked
    }

    /// Put thread `tid` to sleep until woken or `deadline`.
    fn block(&mut self, tid: u64, deadline: Option<Tick>) {
        self.threads.get_mut(&tid).expect("caller exists").run = Run::Blocked { deadline };
    }

    fn sigtimedwait(&mut self, tid: u64, a: [u64; 6], now: Tick) -> Flow {
        let [uset, uinfo, uts, size, ..] = a;
        if size != 8 {
            return done(Err(Errno::EINVAL));
        }
        let pid = self.threads[&tid].pid;
        let p = self.proc_mut(pid);
        let set = match p.space.read_u64(uset) {
            Ok(s) => s & !UNBLOCKABLE,
            Err(e) => return done(Err(e.into())),
        };
        let timeout = match uts {
            0 => None,
            _ => match (p.space.read_u64(uts), p.space.read_u64(uts + 8)) {
                (Ok(sec), Ok(nsec)) if (sec as i64) >= 0 && nsec < 1_000_000_000 => {
                    Some(sec.saturating_mul(1_000_000_000).saturating_add(nsec))
                }
                (Ok(_), Ok(_)) => return done(Err(Errno::EINVAL)),
                (Err(e), _) | (_, Err(e)) => return done(Err(e.into())),
            },
        };
        if let Some(r) = self.take_waited(tid, set, uinfo) {
            return done(Ok(r));
        }
        if timeout == Some(0) {
            return done(Err(Errno::EAGAIN));
        }
        let deadline = timeout.map(|ns| Tick(now.0.saturating_add(ns.saturating_mul(1000))));
        self.signals.thread(tid).waiting = Some((set, uinfo));
        self.block(tid, deadline);
        Flow::Blocked
    }

    /// `rt_sigqueueinfo` (`tgid` None) and `rt_tgsigqueueinfo`.
    fn sigqueueinfo(
        &mut self,
        tid: u64,
        tgid: Option<u64>,
        target: u64,
        s: u64,
        uinfo: u64,
    ) -> Ret {
        if s > NSIG {
            return Err(Errno::EINVAL);
        }
        let pid = self.threads[&tid].pid;
        let bytes = self.proc_mut(pid).space.read_vec(uinfo, 128)?;
        let info = SigInfo::from_guest(s, &bytes);
        let proc_id = tgid.unwrap_or(target);
        // Only the kernel may claim to be the kernel or kill (Linux's check).
        if (info.code() >= 0 || info.code() == SI_TKILL) && proc_id != pid {
            return Err(Errno::EPERM);
        }
        match tgid {
            None => {
                self.live_process(target)?;
                if s != 0 {
                    self.send_to_process(target, info, None);
                }
            }
            Some(g) => {
                self.live_thread_of(g as i64, target as i64)?;
                if s != 0 {
                    self.send_to_thread(target, info);
                }
            }
        }
        Ok(0)
    }

    fn live_process(&self, pid: u64) -> Result<(), Errno> {
        match self.procs.get(&pid) {
            Some(e) if e.status.is_none() => Ok(()),
            _ => Err(Errno::ESRCH),
        }
    }

    fn live_thread_of(&self, tgid: i64, tid: i64) -> Result<(), Errno> {
        if tid <= 0 || tgid <= 0 {
            return Err(Errno::EINVAL);
        }
        match self.threads.get(&(tid as u64)) {
            Some(t) if t.alive() && t.pid == tgid as u64 => Ok(()),
            _ => Err(Errno::ESRCH),
        }
    }

    fn sender_info(&self, tid: u64, s: u64, code: i32) -> SigInfo {
        let pid = self.threads[&tid].pid;
        let uid = self.procs[&pid].proc.ids.0;
        SigInfo::kill(s, code, pid, uid)
    }

    /// `kill`: to a process (`pid > 0`), to the caller's process group (`0`), to
    /// process group `-pid`, or to every other process (`-1`).
    fn kill(&mut self, tid: u64, target: i64, s: u64) -> Ret {
        if s > NSIG {
            return Err(Errno::EINVAL);
        }
        let pid = self.threads[&tid].pid;
        let group = |k: &Self, pgid: u64| -> Vec<u64> {
            k.procs
                .iter()
                .filter(|(_, e)| e.status.is_none() && e.family.pgid == pgid)
                .map(|(&p, _)| p)
                .collect()
        };
        let targets: Vec<u64> = match target {
            0 => group(self, self.procs[&pid].family.pgid),
            -1 => self
                .procs
                .iter()
                .filter(|(&p, e)| p != pid && e.status.is_none())
                .map(|(&p, _)| p)
                .collect(),
            t if t < -1 => group(self, t.unsigned_abs()),
            t if t > 0 => vec![t as u64],
            _ => return Err(Errno::ESRCH),
        };
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        for &p in &targets {
            self.live_process(p)?;
        }
        if s != 0 {
            let info = self.sender_info(tid, s, SI_USER);
            for p in targets {
                let prefer = (p == pid).then_some(tid);
                self.send_to_process(p, info, prefer);
            }
        }
        Ok(0)
    }

    /// `tkill` (`tgid` None) and `tgkill`.
    fn thread_kill(&mut self, tid: u64, tgid: Option<i64>, target: i64, s: u64) -> Ret {
        if s > NSIG {
            return Err(Errno::EINVAL);
        }
        let group = match tgid {
            Some(g) => g,
            None => match self.threads.get(&(target.max(0) as u64)) {
                Some(t) => t.pid as i64,
                None if target <= 0 => return Err(Errno::EINVAL),
                None => return Err(Errno::ESRCH),
            },
        };
        self.live_thread_of(group, target)?;
        if s != 0 {
            let info = self.sender_info(tid, s, SI_TKILL);
            self.send_to_thread(target as u64, info);
        }
        Ok(0)
    }

    /// `rt_sigreturn`: restore what the handler's frame saved; a frame that cannot
    /// be read or is corrupt kills the process with `SIGSEGV`.
    fn sigreturn<R: ArchRegs>(&mut self, tid: u64, regs: &mut R) -> Flow {
        let pid = self.threads[&tid].pid;
        let info = self.info;
        let restored = match info.signal_frame {
            Some(f) => frame::restore(&mut self.proc_mut(pid).space, info, f, regs),
            None => None,
        };
        let Some(r) = restored else {
            self.end_process(pid, ExitStatus::Signaled(SIGSEGV as i32));
            return Flow::Gone;
        };
        let sp = regs.int(info.sp_reg);
        let t = self.threads.get_mut(&tid).expect("caller exists");
        t.state.sigmask = r.mask;
        // As Linux's restore_altstack: only while not on the alternate stack, and
        // an invalid one is ignored.
        let (base, flags, size) = r.altstack;
        let mode = flags & !SS_AUTODISARM;
        if !on_alt_stack(t.state.altstack, sp) {
            if mode == SS_DISABLE {
                t.state.altstack = (0, SS_DISABLE, 0);
            } else if (mode == 0 || mode == SS_ONSTACK) && size >= MINSIGSTKSZ {
                t.state.altstack = (base, flags & SS_AUTODISARM, size);
            }
        }
        Flow::Resume(r.pc)
    }
}
