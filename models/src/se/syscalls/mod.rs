//! System-call emulation, dispatched by kernel name.
//!
//! Each ISA lists its Linux syscalls as `(number, name)`; at process creation the
//! names are matched against [`HANDLERS`] once, giving a number-indexed table.
//! A number with no handler returns `-ENOSYS` and is reported once.
//!
//! Handlers are plain functions `fn(&mut Process, &mut Call) -> Result<u64, Errno>`:
//! they read arguments from the [`Call`], touch guest memory only through the
//! process's address space (bad pointers become `EFAULT`), and report side effects
//! for the CPU (TLB/icache flushes, process exit) in the `Call`.

mod advice;
pub(crate) mod attrs;
mod fifo;
mod file;
pub(crate) mod fs;
pub(crate) mod locks;
mod mem;
mod mem_coherence;
pub(crate) mod misc;
mod poll;
pub(crate) mod procfs;
mod small;
mod socket;
pub(crate) mod time;

use super::abi::Errno;
use super::addr_space::Flush;
use super::blocking::Block;
use super::process::{ExitStatus, Process};
use sim_core::Tick;
use std::collections::HashMap;

/// The arguments and side effects of one system call.
#[derive(Clone, Debug)]
pub struct Call {
    /// Raw argument registers 0..6.
    pub args: [u64; 6],
    /// Simulated time of the call.
    pub now: Tick,
    /// What the CPU must flush afterwards.
    pub flush: Flush,
    /// Set when the call ends the process.
    pub exit: Option<ExitStatus>,
    /// The caller may wait (it runs under the [`SeKernel`](crate::se::SeKernel),
    /// which can deschedule it); false for a lone process, whose calls never wait.
    pub(crate) may_block: bool,
    /// Set by a handler that must wait (see [`crate::se::blocking`]).
    pub(crate) block: Option<Block>,
    /// This attempt runs because the wait's deadline passed: complete now.
    pub(crate) timed_out: bool,
    /// Kernel events this call posted (waiters on them are run again).
    pub(crate) notify: Vec<u64>,
    /// Bytes earlier attempts of this (resumed, blocking) transfer moved: the
    /// handler goes on after them and includes them in its result.
    pub(crate) done: u64,
}

impl Call {
    /// A call with `args` at `now`, with no side effects yet.
    pub(crate) fn new(args: [u64; 6], now: Tick, may_block: bool) -> Call {
        Call {
            args,
            now,
            flush: Flush::default(),
            exit: None,
            may_block,
            block: None,
            timed_out: false,
            notify: Vec::new(),
            done: 0,
        }
    }

    /// Argument `i` as a 32-bit signed int (C `int` arguments).
    pub(crate) fn int(&self, i: usize) -> i32 {
        self.args[i] as i32
    }
}

/// A syscall's result: the return value, or the errno it fails with.
pub(crate) type SysResult = Result<u64, Errno>;
/// A syscall implementation.
pub(crate) type Handler = fn(&mut Process, &mut Call) -> SysResult;

/// Deliberately unsupported: `-ENOSYS` without a warning (callers fall back).
fn enosys(_: &mut Process, _: &mut Call) -> SysResult {
    Err(Errno::ENOSYS)
}

/// Syscalls a program may call whose result is just 0.
fn zero(_: &mut Process, _: &mut Call) -> SysResult {
    Ok(0)
}

/// Every implemented syscall by kernel name. x86-64's legacy path calls
/// (`open`, `stat`, ...) map to their `*at` forms.
pub(crate) const HANDLERS: &[(&str, Handler)] = &[
    // File descriptors.
    ("read", file::read),
    ("write", file::write),
    ("readv", file::readv),
    ("writev", file::writev),
    ("pread64", file::pread64),
    ("pwrite64", file::pwrite64),
    ("close", file::close),
    ("close_range", file::close_range),
    ("lseek", file::lseek),
    ("fstat", file::fstat),
    ("ftruncate", file::ftruncate),
    ("fsync", file::fsync),
    ("fdatasync", file::fsync),
    ("fcntl", file::fcntl),
    ("dup", file::dup),
    ("dup2", file::dup2),
    ("dup3", file::dup3),
    ("pipe2", file::pipe2),
    ("pipe", file::pipe),
    ("ioctl", file::ioctl),
    ("getdents64", file::getdents64),
    // Waiting on descriptors.
    ("poll", poll::poll),
    ("ppoll", poll::ppoll),
    ("select", poll::select),
    ("pselect6", poll::pselect6),
    ("epoll_create", poll::epoll_create),
    ("epoll_create1", poll::epoll_create1),
    ("epoll_ctl", poll::epoll_ctl),
    ("epoll_wait", poll::epoll_wait),
    ("epoll_pwait", poll::epoll_pwait),
    ("epoll_pwait2", poll::epoll_pwait2),
    ("eventfd", poll::eventfd),
    ("eventfd2", poll::eventfd2),
    // Sockets.
    ("socket", socket::socket),
    ("socketpair", socket::socketpair),
    ("bind", socket::bind),
    ("listen", socket::listen),
    ("accept", socket::accept),
    ("accept4", socket::accept4),
    ("connect", socket::connect),
    ("getsockname", socket::getsockname),
    ("getpeername", socket::getpeername),
    ("sendto", socket::sendto),
    ("recvfrom", socket::recvfrom),
    ("sendmsg", socket::sendmsg),
    ("recvmsg", socket::recvmsg),
    ("setsockopt", socket::setsockopt),
    ("getsockopt", socket::getsockopt),
    ("shutdown", socket::shutdown),
    ("preadv", small::preadv),
    ("pwritev", small::pwritev),
    ("preadv2", small::preadv2),
    ("pwritev2", small::pwritev2),
    ("copy_file_range", small::copy_file_range),
    ("sendfile", small::sendfile),
    ("splice", small::splice),
    ("memfd_create", small::memfd_create),
    ("fstatfs", small::fstatfs),
    ("flock", locks::flock),
    // Paths.
    ("openat", fs::openat),
    ("open", fs::open),
    ("newfstatat", fs::newfstatat),
    ("stat", fs::stat),
    ("lstat", fs::lstat),
    ("statx", fs::statx),
    ("readlinkat", fs::readlinkat),
    ("readlink", fs::readlink),
    ("faccessat", fs::faccessat),
    ("faccessat2", fs::faccessat2),
    ("access", fs::access),
    ("unlinkat", fs::unlinkat),
    ("unlink", fs::unlink),
    ("mkdirat", fs::mkdirat),
    ("mkdir", fs::mkdir),
    ("symlinkat", fs::symlinkat),
    ("symlink", fs::symlink),
    ("linkat", fs::linkat),
    ("link", fs::link),
    ("fchmodat", fs::fchmodat),
    ("fchmodat2", fs::fchmodat2),
    ("chmod", fs::chmod),
    ("fchmod", fs::fchmod),
    ("fchownat", fs::fchownat),
    ("chown", fs::chown),
    ("lchown", fs::lchown),
    ("fchown", fs::fchown),
    ("utimensat", fs::utimensat),
    ("renameat", fs::renameat),
    ("renameat2", fs::renameat2),
    ("rename", fs::rename),
    ("getcwd", fs::getcwd),
    ("chdir", fs::chdir),
    ("umask", fs::umask),
    ("fchdir", small::fchdir),
    ("statfs", small::statfs),
    ("truncate", small::truncate),
    ("mknodat", small::mknodat),
    ("mknod", small::mknod),
    // Memory.
    ("brk", mem::brk),
    ("mmap", mem::mmap),
    ("munmap", mem::munmap),
    ("mprotect", mem::mprotect),
    ("msync", mem::msync),
    ("mremap", mem::mremap),
    ("madvise", mem::madvise),
    ("riscv_flush_icache", mem::riscv_flush_icache),
    // Time.
    ("clock_gettime", time::clock_gettime),
    ("clock_getres", time::clock_getres),
    ("gettimeofday", time::gettimeofday),
    ("time", time::time),
    ("nanosleep", time::nanosleep),
    ("clock_nanosleep", time::clock_nanosleep),
    ("pause", time::pause),
    ("times", time::times),
    ("getrusage", time::getrusage),
    ("sysinfo", time::sysinfo),
    // Process, identity, signals.
    ("exit", misc::exit),
    ("exit_group", misc::exit),
    ("uname", misc::uname),
    ("getrandom", misc::getrandom),
    ("set_tid_address", misc::set_tid_address),
    ("set_robust_list", misc::set_robust_list),
    ("get_robust_list", misc::get_robust_list),
    ("getcpu", misc::getcpu),
    ("membarrier", zero),
    ("clone3", enosys),
    ("rt_sigaction", misc::rt_sigaction),
    ("rt_sigprocmask", misc::rt_sigprocmask),
    ("sigaltstack", misc::sigaltstack),
    ("getpid", misc::getpid),
    ("gettid", misc::gettid),
    ("getppid", misc::getppid),
    ("getuid", misc::getuid),
    ("geteuid", misc::geteuid),
    ("getgid", misc::getgid),
    ("getegid", misc::getegid),
    ("prlimit64", attrs::prlimit64),
    ("getrlimit", attrs::getrlimit),
    ("setrlimit", attrs::setrlimit),
    ("prctl", attrs::prctl),
    ("getpriority", attrs::getpriority),
    ("setpriority", attrs::setpriority),
    ("sched_getscheduler", attrs::sched_getscheduler),
    ("sched_getparam", attrs::sched_getparam),
    ("sched_get_priority_max", attrs::sched_get_priority_max),
    ("sched_get_priority_min", attrs::sched_get_priority_min),
    ("sched_rr_get_interval", attrs::sched_rr_get_interval),
    ("sched_setaffinity", attrs::sched_setaffinity),
    ("fadvise64", advice::fadvise64),
    ("sched_getaffinity", misc::sched_getaffinity),
    ("sched_yield", zero),
    ("futex", misc::futex),
    ("kill", misc::kill),
    ("tgkill", misc::tgkill),
    ("tkill", misc::tkill),
    ("rseq", enosys),
    ("riscv_hwprobe", enosys),
];

/// Syscall number → (name, handler), built once per process.
pub(crate) struct SyscallTable {
    by_nr: Vec<(&'static str, Option<Handler>)>,
}

impl SyscallTable {
    /// Match the ISA's `(number, name)` list against [`HANDLERS`].
    pub(crate) fn new(names: &'static [(u64, &'static str)]) -> SyscallTable {
        let handlers: HashMap<&str, Handler> = HANDLERS.iter().copied().collect();
        let len = names
            .iter()
            .map(|&(n, _)| n as usize + 1)
            .filter(|&n| n <= 4096)
            .max()
            .unwrap_or(0);
        let mut by_nr = vec![("unknown", None); len];
        for &(nr, name) in names {
            if let Some(slot) = by_nr.get_mut(nr as usize) {
                *slot = (name, handlers.get(name).copied());
            }
        }
        SyscallTable { by_nr }
    }

    /// The name and handler of `nr` (`("unknown", None)` if the ISA lacks it).
    pub(crate) fn get(&self, nr: u64) -> (&'static str, Option<Handler>) {
        usize::try_from(nr)
            .ok()
            .and_then(|i| self.by_nr.get(i).copied())
            .unwrap_or(("unknown", None))
    }
}
