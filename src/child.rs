//! Running a helper process as if it were `sim` itself: `sim run` and `sim stats` do
//! their work in a Python child, and whoever started `sim` (a shell, a job script, a
//! test harness) must be able to stop it by its pid and learn how it ended.
//!
//! ```text
//!   kill -TERM <sim>  ──►  sim  ──kill(child, SIGTERM)──►  python
//!   Ctrl-C (terminal) ──►  sim (ignores it)   and   ──►  python (same process group)
//!   python exits 3    ──►  sim exits 3
//!   python killed by SIGKILL  ──►  sim raises SIGKILL on itself
//!   sim killed by SIGKILL     ──►  kernel sends SIGKILL to python (PR_SET_PDEATHSIG)
//! ```
//!
//! SIGINT, SIGTERM and SIGHUP sent to `sim` by a process are passed on to the child.
//! The ones the kernel sends on behalf of a terminal (Ctrl-C, hangup) are not: the
//! terminal signals the whole foreground process group, the child included, and a
//! second copy would interrupt the child's own clean-up. A signal `sim` was started
//! with ignored (`nohup` ignores SIGHUP, a shell ignores SIGINT for `cmd &`) stays
//! ignored, for the child too.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Once;

/// The signals passed on to the child.
const FORWARDED: [i32; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// Pid of the running child, 0 when there is none.
static CHILD: AtomicI32 = AtomicI32::new(0);
/// A signal that arrived before the child's pid was known (0: none).
static PENDING: AtomicI32 = AtomicI32::new(0);

/// Run `cmd` to its end with the stop signals passed on to it (see the module doc);
/// the child dies with `sim` if `sim` is killed outright.
pub fn run_as_one(cmd: &mut Command) -> io::Result<ExitStatus> {
    install_forwarding()?;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: the closure runs in the forked child before exec and calls only
    // async-signal-safe functions (prctl, getppid, raise).
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent died between fork and prctl: nobody would kill us later.
            if libc::getppid() != parent {
                libc::raise(libc::SIGKILL);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn()?;
    CHILD.store(child.id() as i32, Ordering::SeqCst);
    let early = PENDING.swap(0, Ordering::SeqCst);
    if early != 0 {
        // SAFETY: signalling our own child, which has not been waited for yet.
        unsafe { libc::kill(child.id() as libc::pid_t, early) };
    }
    wait_without_reaping(child.id() as libc::pid_t);
    // Forget the pid while the child is still a zombie: once reaped, its pid may
    // name an unrelated process that a late signal must not reach.
    CHILD.store(0, Ordering::SeqCst);
    child.wait()
}

/// Block until child `pid` has ended, leaving it for `Child::wait` to reap.
fn wait_without_reaping(pid: libc::pid_t) {
    loop {
        // SAFETY: waitid only writes the siginfo_t it is given.
        let r = unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}

/// Install the forwarding handlers (once per process).
fn install_forwarding() -> io::Result<()> {
    static INSTALL: Once = Once::new();
    let mut result = Ok(());
    INSTALL.call_once(|| {
        for sig in FORWARDED {
            if is_ignored(sig) {
                continue;
            }
            // SAFETY: `forward` only reads atomics and calls kill(2), which is
            // async-signal-safe, and cannot panic.
            let r = unsafe {
                signal_hook_registry::register_sigaction(sig, move |info| forward(sig, info))
            };
            if let Err(e) = r {
                result = Err(e);
                return;
            }
        }
    });
    result
}

/// Whether `sig` is ignored in this process (and so, after exec, in the child).
fn is_ignored(sig: i32) -> bool {
    // SAFETY: with a null new action, sigaction only reads the current one into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// Signal handler: pass `sig` on to the child unless a terminal sent it (then the
/// child has it already); before the child exists, keep it for [`run_as_one`].
fn forward(sig: i32, info: &libc::siginfo_t) {
    if info.si_code == libc::SI_KERNEL {
        return;
    }
    match CHILD.load(Ordering::SeqCst) {
        0 => PENDING.store(sig, Ordering::SeqCst),
        // SAFETY: kill(2) is async-signal-safe; `pid` is our unreaped child.
        pid => unsafe {
            libc::kill(pid, sig);
        },
    }
}
