//! Process identity, exit, signals, limits, futexes, `uname` and `getrandom`.
//!
//! These handlers see one thread, the caller (`Process::thread`); the
//! [`SeKernel`](crate::se::SeKernel) handles the calls that involve other
//! threads (clone, futex, exit, tgkill) itself. There is no signal delivery yet:
//! signal dispositions and masks are recorded so the guest reads back what it
//! set, and a signal sent to itself whose default action terminates (e.g.
//! `abort()`'s `SIGABRT`) ends the process as killed by that signal.
//!
//! `SIGPIPE` is raised by a write to a pipe with no reader ([`raise_sigpipe`]):
//! by default the process dies of it, as on Linux; ignored, it leaves only the
//! call's `EPIPE`. Missing until signals are delivered: a handler is not run
//! (the call just fails with `EPIPE`, which is what the guest sees once a
//! handler returns), and a blocked signal is dropped instead of staying pending
//! until it is unblocked (or taken by `sigwait`).

use super::file::MAX_IO;
use super::{Call, SysResult};
use crate::se::abi::{Bytes, Errno, GuestAbi};
use crate::se::process::{ExitStatus, Process, GUEST_PPID};

/// `uname` release string.
pub const UNAME_RELEASE: &str = "6.8.0";
const NSIG: u64 = 64;
const SIGKILL: u64 = 9;
const SIGPIPE: u64 = 13;
const SIGSTOP: u64 = 19;

pub(super) fn exit(_: &mut Process, c: &mut Call) -> SysResult {
    c.exit = Some(ExitStatus::Exited(c.args[0] as u8));
    Ok(0)
}

pub(super) fn uname(p: &mut Process, c: &mut Call) -> SysResult {
    const F: usize = 65;
    let mut b = Bytes::new(6 * F);
    b.str(0, F, "Linux");
    b.str(F, F, "sim");
    b.str(2 * F, F, UNAME_RELEASE);
    b.str(3 * F, F, "#1 SMP PREEMPT_DYNAMIC");
    b.str(4 * F, F, GuestAbi::uname_machine(p.info.elf_machine));
    b.str(5 * F, F, "(none)");
    p.space.write_bytes(c.args[0], &b.0)?;
    Ok(0)
}

pub(super) fn getrandom(p: &mut Process, c: &mut Call) -> SysResult {
    let mut buf = vec![0u8; c.args[1].min(MAX_IO as u64) as usize];
    p.rng.fill(&mut buf);
    p.space.write_bytes(c.args[0], &buf)?;
    Ok(buf.len() as u64)
}

pub(super) fn set_tid_address(p: &mut Process, c: &mut Call) -> SysResult {
    p.thread.clear_child_tid = c.args[0];
    Ok(p.thread.tid)
}

/// Register the calling thread's robust-list head; the kernel walks it when the
/// thread dies (`SeKernel`'s `exit_robust_list`).
pub(super) fn set_robust_list(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[1] != 24 {
        return Err(Errno::EINVAL);
    }
    p.thread.robust_list = (c.args[0], c.args[1]);
    Ok(0)
}

/// The calling thread's robust-list head (`pid` 0 or its own tid only).
pub(super) fn get_robust_list(p: &mut Process, c: &mut Call) -> SysResult {
    let [pid, head_ptr, len_ptr, ..] = c.args;
    if pid != 0 && pid != p.thread.tid {
        return Err(Errno::ESRCH);
    }
    p.space.write_u64(head_ptr, p.thread.robust_list.0)?;
    p.space.write_u64(len_ptr, p.thread.robust_list.1)?;
    Ok(0)
}

/// One process on one CPU: always CPU 0, NUMA node 0.
pub(super) fn getcpu(p: &mut Process, c: &mut Call) -> SysResult {
    write_getcpu(p, c, 0)
}

/// Write `getcpu`'s answer (`cpu`, node 0) where the guest asked.
pub(crate) fn write_getcpu(p: &mut Process, c: &Call, cpu: u32) -> SysResult {
    if c.args[0] != 0 {
        p.space.write_u32(c.args[0], cpu)?;
    }
    if c.args[1] != 0 {
        p.space.write_u32(c.args[1], 0)?;
    }
    Ok(0)
}

pub(super) fn rt_sigaction(p: &mut Process, c: &mut Call) -> SysResult {
    let [sig, act, oact, setsize, ..] = c.args;
    if sig == 0 || sig > NSIG || setsize != 8 || (act != 0 && (sig == SIGKILL || sig == SIGSTOP)) {
        return Err(Errno::EINVAL);
    }
    let size = p.abi.sigaction_size();
    let new = if act != 0 {
        Some(p.space.read_vec(act, size)?)
    } else {
        None
    };
    if oact != 0 {
        let old = p
            .sigactions
            .get(&sig)
            .cloned()
            .unwrap_or_else(|| vec![0; size]);
        p.space.write_bytes(oact, &old)?;
    }
    if let Some(n) = new {
        p.sigactions.insert(sig, n);
    }
    Ok(0)
}

pub(super) fn rt_sigprocmask(p: &mut Process, c: &mut Call) -> SysResult {
    let [how, set, oset, setsize, ..] = c.args;
    if setsize != 8 {
        return Err(Errno::EINVAL);
    }
    let old = p.thread.sigmask;
    if set != 0 {
        let s = p.space.read_u64(set)?;
        let unblockable = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));
        p.thread.sigmask = match how {
            0 => old | s,
            1 => old & !s,
            2 => s,
            _ => return Err(Errno::EINVAL),
        } & !unblockable;
    }
    if oset != 0 {
        p.space.write_u64(oset, old)?;
    }
    Ok(0)
}

pub(super) fn sigaltstack(p: &mut Process, c: &mut Call) -> SysResult {
    let [ss, oss, ..] = c.args;
    let new = if ss != 0 {
        Some(p.space.read_vec(ss, 24)?)
    } else {
        None
    };
    if oss != 0 {
        let (sp, flags, size) = p.thread.altstack;
        let mut b = Bytes::new(24);
        b.u64(0, sp);
        b.u32(8, flags as u32);
        b.u64(16, size);
        p.space.write_bytes(oss, &b.0)?;
    }
    if let Some(n) = new {
        let w = |o: usize| u64::from_le_bytes(n[o..o + 8].try_into().unwrap());
        p.thread.altstack = (w(0), w(8) & 0xffff_ffff, w(16));
    }
    Ok(0)
}

pub(super) fn getpid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.pid)
}
pub(super) fn gettid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.thread.tid)
}
pub(super) fn getppid(_: &mut Process, _: &mut Call) -> SysResult {
    Ok(GUEST_PPID)
}
pub(super) fn getuid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.ids.0 as u64)
}
pub(super) fn geteuid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.ids.1 as u64)
}
pub(super) fn getgid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.ids.2 as u64)
}
pub(super) fn getegid(p: &mut Process, _: &mut Call) -> SysResult {
    Ok(p.ids.3 as u64)
}

pub(super) fn sched_getaffinity(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[1] < 8 {
        return Err(Errno::EINVAL);
    }
    let n = p.sys.num_cpus().min(64);
    let all = if n == 64 { u64::MAX } else { (1 << n) - 1 };
    let set = p.thread.affinity & all;
    p.space
        .write_u64(c.args[2], if set == 0 { all } else { set })?;
    Ok(8)
}

/// Futexes of a process run without the kernel (one thread): nobody else can
/// wake a waiter or be woken.
pub(super) fn futex(p: &mut Process, c: &mut Call) -> SysResult {
    const FUTEX_PRIVATE_FLAG: u64 = 128;
    const FUTEX_CLOCK_REALTIME: u64 = 256;
    let [uaddr, op, val, timeout, _uaddr2, val3] = c.args;
    match op & !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME) {
        // WAIT, WAIT_BITSET
        0 | 9 => {
            if p.space.read_u32(uaddr)? != val as u32 {
                return Err(Errno::EAGAIN);
            }
            if timeout != 0 {
                return Err(Errno::ETIMEDOUT);
            }
            tracing::error!(uaddr, "the only thread waits on a futex nobody can wake");
            c.exit = Some(ExitStatus::Deadlock);
            Ok(0)
        }
        // WAKE, WAKE_BITSET, REQUEUE: no waiters.
        1 | 10 | 3 => Ok(0),
        // CMP_REQUEUE
        4 => {
            if p.space.read_u32(uaddr)? != val3 as u32 {
                return Err(Errno::EAGAIN);
            }
            Ok(0)
        }
        _ => Err(Errno::ENOSYS),
    }
}

/// What raising a signal (1..=64) does to the calling thread now.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Action {
    /// Nothing: ignored (`SIG_IGN` or ignored by default), or blocked (and then
    /// dropped: there is no pending set yet).
    Nothing,
    /// The guest installed a handler (which SE mode cannot run yet).
    Handler,
    /// The default action: the process dies of the signal.
    Terminate,
}

fn action(p: &Process, sig: u64) -> Action {
    const IGNORED_BY_DEFAULT: [u64; 4] = [17, 18, 23, 28]; // CHLD, CONT, URG, WINCH
    let handler = p
        .sigactions
        .get(&sig)
        .and_then(|a| a.get(..8))
        .map_or(0, |h| u64::from_le_bytes(h.try_into().expect("8 bytes")));
    let blocked = p.thread.sigmask & (1 << (sig - 1)) != 0 && sig != SIGKILL;
    if handler == 1 || blocked || (handler == 0 && IGNORED_BY_DEFAULT.contains(&sig)) {
        Action::Nothing
    } else if handler > 1 {
        Action::Handler
    } else {
        Action::Terminate
    }
}

/// Deliver `sig` to this process.
fn signal_self(p: &mut Process, c: &mut Call, sig: u64) -> SysResult {
    if sig == 0 {
        return Ok(0);
    }
    if sig > NSIG {
        return Err(Errno::EINVAL);
    }
    match action(p, sig) {
        Action::Nothing => return Ok(0),
        Action::Handler => sim_core::warn_counted!(
            sig,
            "signal {sig} has a handler, but handlers are not run in SE mode; \
             terminating as the default action would"
        ),
        Action::Terminate => {}
    }
    c.exit = Some(ExitStatus::Signaled(sig as i32));
    Ok(0)
}

/// The call wrote to a pipe with no reader (it fails with `EPIPE`): raise
/// `SIGPIPE` for the calling thread, as Linux's `pipe_write` does. With the
/// default action the process dies of it; ignored or blocked, only `EPIPE`
/// remains; a handler is not run (see the module doc), so the guest sees the
/// `EPIPE` its handler would have returned to.
pub(crate) fn raise_sigpipe(p: &mut Process, c: &mut Call) {
    match action(p, SIGPIPE) {
        Action::Nothing => {}
        Action::Handler => sim_core::warn_counted!(
            SIGPIPE,
            "the guest's SIGPIPE handler is not run (SE mode runs no signal \
             handlers yet); its write fails with EPIPE only"
        ),
        Action::Terminate => c.exit = Some(ExitStatus::Signaled(SIGPIPE as i32)),
    }
}

pub(super) fn kill(p: &mut Process, c: &mut Call) -> SysResult {
    match c.args[0] as i64 {
        0 | -1 => signal_self(p, c, c.args[1]),
        pid if pid as u64 == p.pid => signal_self(p, c, c.args[1]),
        _ => Err(Errno::ESRCH),
    }
}

pub(super) fn tgkill(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[0] != p.pid || c.args[1] != p.thread.tid {
        return Err(Errno::ESRCH);
    }
    signal_self(p, c, c.args[2])
}

pub(super) fn tkill(p: &mut Process, c: &mut Call) -> SysResult {
    if c.args[0] != p.thread.tid {
        return Err(Errno::ESRCH);
    }
    signal_self(p, c, c.args[1])
}
