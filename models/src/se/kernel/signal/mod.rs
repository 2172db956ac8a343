//! Signals as Linux delivers them: dispositions, per-thread masks, pending sets
//! per thread and per process, queued real-time signals, handler frames in the
//! ISA's layout ([`LinuxSignalFrame`](sim_core::arch::LinuxSignalFrame)), and
//! interrupted system calls.
//!
//! ```text
//!   kill/tgkill/rt_sigqueueinfo/fault/SIGPIPE ─▶ post (thread or process pending)
//!        the thread that will take it: blocked in a call → interrupted (EINTR or
//!        restart); running on another CPU → that CPU is woken, asks should_yield
//!        and switches; a fatal default action ends the process at once
//!   return to user (after every syscall, at every switch_in):
//!        next unblocked pending signal → ignore / default action / handler frame
//! ```
//!
//! Nothing here runs per instruction: a CPU only meets signals at syscalls,
//! faults, switches and wake-ups.

mod calls;
mod deliver;
mod fault;
mod frame;
mod signalfd;

use std::collections::{BTreeMap, VecDeque};

pub(crate) use calls::SIGNAL_CALLS;

/// Highest signal number.
pub(crate) const NSIG: u64 = 64;
/// First real-time signal: below it, a pending signal is not queued twice.
pub(crate) const SIGRTMIN: u64 = 32;
#[allow(missing_docs)]
pub(crate) mod sig {
    pub const SIGQUIT: u64 = 3;
    pub const SIGILL: u64 = 4;
    pub const SIGTRAP: u64 = 5;
    pub const SIGABRT: u64 = 6;
    pub const SIGBUS: u64 = 7;
    pub const SIGFPE: u64 = 8;
    pub const SIGKILL: u64 = 9;
    pub const SIGSEGV: u64 = 11;
    pub const SIGCHLD: u64 = 17;
    pub const SIGCONT: u64 = 18;
    pub const SIGSTOP: u64 = 19;
    pub const SIGTSTP: u64 = 20;
    pub const SIGTTIN: u64 = 21;
    pub const SIGTTOU: u64 = 22;
    pub const SIGURG: u64 = 23;
    pub const SIGXCPU: u64 = 24;
    pub const SIGXFSZ: u64 = 25;
    pub const SIGWINCH: u64 = 28;
    pub const SIGSYS: u64 = 31;
}
use sig::*;

/// `sa_flags` bits.
pub(crate) const SA_SIGINFO: u64 = 4;
pub(crate) const SA_ONSTACK: u64 = 0x0800_0000;
pub(crate) const SA_RESTART: u64 = 0x1000_0000;
pub(crate) const SA_NODEFER: u64 = 0x4000_0000;
pub(crate) const SA_RESETHAND: u64 = 0x8000_0000;
/// The flags Linux keeps (`UAPI_SA_FLAGS`: unknown bits read back as clear).
const UAPI_SA_FLAGS: u64 = 1
    | 2
    | SA_SIGINFO
    | 0x400
    | 0x800
    | 0x0400_0000
    | SA_ONSTACK
    | SA_RESTART
    | SA_NODEFER
    | SA_RESETHAND;

/// `si_code` values.
pub(crate) const SI_USER: i32 = 0;
pub(crate) const SI_TKILL: i32 = -6;

/// The mask bit of signal `s` (1..=64).
pub(crate) const fn bit(s: u64) -> u64 {
    1 << (s - 1)
}

/// Signals that can be neither caught, blocked nor ignored.
pub(crate) const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);
/// Synchronous (fault) signals, taken before any other pending one.
const SYNCHRONOUS: u64 =
    bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);

/// What a signal's default action does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Default {
    /// The process dies of it.
    Terminate,
    /// The process dies of it (Linux would dump core where `RLIMIT_CORE` allows;
    /// SE writes no core file, so the wait status has no core flag, as under
    /// Linux's default core limit of 0).
    Core,
    /// The process stops until `SIGCONT`.
    Stop,
    /// Nothing.
    Ignore,
}

/// The default action of signal `s`.
pub(crate) fn default_action(s: u64) -> Default {
    match s {
        SIGCHLD | SIGCONT | SIGURG | SIGWINCH => Default::Ignore,
        SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => Default::Stop,
        SIGQUIT | SIGILL | SIGTRAP | SIGABRT | SIGBUS | SIGFPE | SIGSEGV | SIGXCPU | SIGXFSZ
        | SIGSYS => Default::Core,
        _ => Default::Terminate,
    }
}

/// Handler value: the default action.
pub(crate) const SIG_DFL: u64 = 0;
/// Handler value: ignore.
pub(crate) const SIG_IGN: u64 = 1;

/// One signal's disposition, as Linux stores it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct SigAction {
    /// `SIG_DFL`, `SIG_IGN` or the handler's address.
    pub handler: u64,
    /// `sa_flags` (only the bits Linux keeps).
    pub flags: u64,
    /// `sa_mask` (never `SIGKILL`/`SIGSTOP`).
    pub mask: u64,
    /// `sa_restorer` (ISAs whose `struct sigaction` has one).
    pub restorer: u64,
}

impl SigAction {
    const DEFAULT: SigAction = SigAction {
        handler: SIG_DFL,
        flags: 0,
        mask: 0,
        restorer: 0,
    };

    /// From the guest's `struct sigaction` bytes (`handler, flags, [restorer,] mask`).
    pub(crate) fn from_guest(b: &[u8]) -> SigAction {
        let w = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"));
        let (restorer, mask) = if b.len() >= 32 {
            (w(16), w(24))
        } else {
            (0, w(16))
        };
        SigAction {
            handler: w(0),
            flags: w(8) & UAPI_SA_FLAGS,
            mask: mask & !UNBLOCKABLE,
            restorer,
        }
    }

    /// The guest's `struct sigaction` bytes (`size` 24 without `sa_restorer`, 32 with).
    pub(crate) fn to_guest(self, size: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(size);
        v.extend_from_slice(&self.handler.to_le_bytes());
        v.extend_from_slice(&self.flags.to_le_bytes());
        if size >= 32 {
            v.extend_from_slice(&self.restorer.to_le_bytes());
        }
        v.extend_from_slice(&self.mask.to_le_bytes());
        v
    }

    /// Whether a signal with this disposition is dropped (`SIG_IGN`, or the
    /// default action is to ignore it).
    pub(crate) fn ignores(&self, s: u64) -> bool {
        self.handler == SIG_IGN || (self.handler == SIG_DFL && default_action(s) == Default::Ignore)
    }
}

/// A process's dispositions of signals 1..=64 (shared by its threads).
#[derive(Clone, Debug)]
pub(crate) struct SigActions([SigAction; NSIG as usize]);

impl std::default::Default for SigActions {
    fn default() -> Self {
        SigActions([SigAction::DEFAULT; NSIG as usize])
    }
}

impl SigActions {
    /// The disposition of `s` (1..=64).
    pub(crate) fn get(&self, s: u64) -> SigAction {
        self.0[(s - 1) as usize]
    }
    /// Set the disposition of `s`.
    pub(crate) fn set(&mut self, s: u64, a: SigAction) {
        self.0[(s - 1) as usize] = a;
    }
    /// The dispositions a new program starts with after `execve`: ignored
    /// signals stay ignored, every other one goes back to its default.
    pub(crate) fn after_exec(&self) -> SigActions {
        let mut kept = SigActions::default();
        for (k, a) in kept.0.iter_mut().zip(&self.0) {
            if a.handler == SIG_IGN {
                *k = *a;
            }
        }
        kept
    }
}

/// A `siginfo_t` (128 bytes, the layout every 64-bit Linux shares).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct SigInfo(pub [u8; 128]);

impl SigInfo {
    fn header(signo: u64, code: i32) -> SigInfo {
        let mut b = [0u8; 128];
        b[0..4].copy_from_slice(&(signo as u32).to_le_bytes());
        b[8..12].copy_from_slice(&code.to_le_bytes());
        SigInfo(b)
    }
    /// Sent by `kill`/`tgkill` (`si_pid`, `si_uid`).
    pub(crate) fn kill(signo: u64, code: i32, pid: u64, uid: u32) -> SigInfo {
        let mut i = Self::header(signo, code);
        i.0[16..20].copy_from_slice(&(pid as u32).to_le_bytes());
        i.0[20..24].copy_from_slice(&uid.to_le_bytes());
        i
    }
    /// Raised by a fault at `addr` (`si_addr`).
    pub(crate) fn fault(signo: u64, code: i32, addr: u64) -> SigInfo {
        let mut i = Self::header(signo, code);
        i.0[16..24].copy_from_slice(&addr.to_le_bytes());
        i
    }
    /// From the guest's bytes (`rt_sigqueueinfo`), with `si_signo` set to `signo`.
    pub(crate) fn from_guest(signo: u64, bytes: &[u8]) -> SigInfo {
        let mut b = [0u8; 128];
        b.copy_from_slice(&bytes[..128]);
        b[0..4].copy_from_slice(&(signo as u32).to_le_bytes());
        SigInfo(b)
    }
    /// `si_signo`.
    pub(crate) fn signo(&self) -> u64 {
        u32::from_le_bytes(self.0[0..4].try_into().expect("4 bytes")) as u64
    }
    /// `si_code`.
    pub(crate) fn code(&self) -> i32 {
        i32::from_le_bytes(self.0[8..12].try_into().expect("4 bytes"))
    }
}

/// Pending signals: the set, and the queued `siginfo` of each instance (a
/// standard signal already pending is not queued again; real-time ones are).
#[derive(Clone, Debug, Default)]
pub(crate) struct SigPending {
    /// Signals with at least one queued instance.
    pub set: u64,
    queue: VecDeque<SigInfo>,
}

impl SigPending {
    /// Queue `info`; false if a standard signal was already pending (coalesced).
    pub(crate) fn post(&mut self, info: SigInfo) -> bool {
        let s = info.signo();
        if s < SIGRTMIN && self.set & bit(s) != 0 {
            return false;
        }
        self.set |= bit(s);
        self.queue.push_back(info);
        true
    }

    /// Take the oldest instance of `s`.
    pub(crate) fn take(&mut self, s: u64) -> Option<SigInfo> {
        let i = self.queue.iter().position(|q| q.signo() == s)?;
        let info = self.queue.remove(i);
        if !self.queue.iter().any(|q| q.signo() == s) {
            self.set &= !bit(s);
        }
        info
    }

    /// Drop every instance of the signals in `mask`.
    pub(crate) fn discard(&mut self, mask: u64) {
        self.queue.retain(|q| mask & bit(q.signo()) == 0);
        self.set &= !mask;
    }
}

/// The signal to take first among `set`: synchronous ones, then the lowest.
pub(crate) fn next_signal(set: u64) -> Option<u64> {
    let pick = if set & SYNCHRONOUS != 0 {
        set & SYNCHRONOUS
    } else {
        set
    };
    (pick != 0).then(|| pick.trailing_zeros() as u64 + 1)
}

/// How a call that a signal interrupted ends, by Linux's internal return codes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Restart {
    /// `-ERESTARTSYS`: restarted if no handler runs or the handler has `SA_RESTART`.
    Sys,
    /// `-ERESTARTNOINTR`: always restarted.
    NoIntr,
    /// `-ERESTARTNOHAND`: restarted only if no handler runs (`EINTR` otherwise).
    NoHand,
    /// `-ERESTART_RESTARTBLOCK`: as `NoHand` (the call restarts with what it has left).
    Block,
    /// `-EINTR` whatever happens.
    Intr,
}

impl Restart {
    const CODES: [(Restart, u64); 4] = [
        (Restart::Sys, 512),
        (Restart::NoIntr, 513),
        (Restart::NoHand, 514),
        (Restart::Block, 516),
    ];

    /// The (kernel-internal) error the interrupted call returns until the signal
    /// is handled.
    pub(crate) fn errno(self) -> crate::se::abi::Errno {
        match Self::CODES.iter().find(|(r, _)| *r == self) {
            Some(&(_, code)) => crate::se::abi::Errno(code as i32),
            None => crate::se::abi::Errno::EINTR,
        }
    }

    /// The restart kind a return value stands for, if it is one.
    pub(crate) fn from_ret(ret: u64) -> Option<Restart> {
        let code = (ret as i64).checked_neg()? as u64;
        Self::CODES
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(r, _)| *r)
    }

    /// How the blocking call `name` ends when a signal interrupts it (Linux's
    /// choice per call); calls not listed restart under `SA_RESTART`.
    pub(crate) fn of_call(name: &str) -> Restart {
        match name {
            "rt_sigsuspend" | "pause" | "poll" | "ppoll" | "select" | "pselect6" | "epoll_wait"
            | "epoll_pwait" | "epoll_pwait2" => Restart::NoHand,
            "nanosleep" | "clock_nanosleep" => Restart::Block,
            "rt_sigtimedwait" => Restart::Intr,
            _ => Restart::Sys,
        }
    }
}

/// A thread's signal state beyond its mask and alternate stack (which live in
/// its [`ThreadState`](crate::se::process::ThreadState)).
#[derive(Clone, Debug, Default)]
pub(crate) struct ThreadSig {
    /// Signals sent to this thread.
    pub pending: SigPending,
    /// The mask to restore once a handler's frame is set up (`rt_sigsuspend`
    /// swapped in a temporary one).
    pub saved_mask: Option<u64>,
    /// It waits in `rt_sigtimedwait` for these signals, storing the `siginfo` here.
    pub waiting: Option<(u64, u64)>,
    /// It is blocked in this call (how the call ends if a signal interrupts it).
    pub blocked_in: Option<Restart>,
    /// It left its CPU to take a signal: it goes back to the front of the run queue.
    pub requeue_front: bool,
}

/// The kernel's signal state.
#[derive(Debug, Default)]
pub(crate) struct Signals {
    /// Signals sent to a process (any of its threads may take them), by pid.
    pub shared: BTreeMap<u64, SigPending>,
    /// Per-thread state, by tid.
    pub threads: BTreeMap<u64, ThreadSig>,
    /// Stopped processes (by `SIGSTOP` and friends), until `SIGCONT`.
    pub stopped: std::collections::BTreeSet<u64>,
    /// Open signalfd descriptions.
    pub signalfds: Vec<signalfd::SignalFd>,
}

impl Signals {
    /// Thread `tid`'s state (created on first use).
    pub(crate) fn thread(&mut self, tid: u64) -> &mut ThreadSig {
        self.threads.entry(tid).or_default()
    }
}
