//! A Linux process in syscall-emulation mode: its address space, fds, thread
//! state, and the entry points a CPU model calls.

use super::abi::{Errno, GuestAbi};
use super::addr_space::{AddrSpace, Flush, MemFault, USER_END};
use super::fd::FdTable;
use super::frames::FrameAllocator;
use super::interp::load_program;
use super::kernel::signal::SigActions;
use super::loader::{ElfImage, LoadError};
use super::stack::{self, InitialStack, StackParams};
use super::syscalls::attrs::ProcAttrs;
use super::syscalls::procfs::{FileMap, ProcFacts};
use super::syscalls::{Call, SyscallTable};
use super::sysroot::PathMap;
use super::system::SimSystem;
use sim_core::arch::{ArchRegs, Fault, LinuxProcessInfo, MemAccess};
use sim_core::units::MemSize;
use sim_core::{Addr, Tick};
use std::collections::BTreeMap;
use std::os::fd::RawFd;
use std::path::PathBuf;
use std::sync::Arc;

/// Default seed of the process's random numbers (`AT_RANDOM`, `getrandom`).
pub const DEFAULT_SEED: u64 = 0x5eed_0f5e_5eed;
/// Process id the guest sees (as gem5).
pub const GUEST_PID: u64 = 100;
/// Parent process id the guest sees.
pub const GUEST_PPID: u64 = 99;
/// The signal a process dies of when memory runs out under it (Linux's OOM killer).
pub const SIGKILL: i32 = 9;

/// How to start a process.
#[derive(Clone, Debug)]
pub struct ProcessParams {
    /// Host path of the executable (also `/proc/self/exe` and `AT_EXECFN`).
    pub exe: PathBuf,
    /// Arguments including `argv[0]`; empty means `[exe]`.
    pub argv: Vec<String>,
    /// Environment strings (`NAME=value`).
    pub envp: Vec<String>,
    /// Host fds behind guest 0, 1, 2 (borrowed, default the simulator's own).
    pub stdio: [RawFd; 3],
    /// Seed of the deterministic random numbers.
    pub seed: u64,
    /// Where the guest's absolute paths live on the host (`-L`, redirects).
    pub paths: PathMap,
}

impl ProcessParams {
    /// Run `exe` with `argv = [exe]`, no environment, the simulator's stdio.
    pub fn new(exe: impl Into<PathBuf>) -> ProcessParams {
        ProcessParams {
            exe: exe.into(),
            argv: Vec::new(),
            envp: Vec::new(),
            stdio: [0, 1, 2],
            seed: DEFAULT_SEED,
            paths: PathMap::default(),
        }
    }
}

/// How a process ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// `exit`/`exit_group` with this status (low 8 bits, as `wait` reports).
    Exited(u8),
    /// Killed by a signal (e.g. `abort()` raising `SIGABRT`).
    Signaled(i32),
    /// Every live thread waits forever (on futexes nobody can wake).
    Deadlock,
}

impl ExitStatus {
    /// The exit code a shell would report (`128 + signal` when killed).
    pub fn host_code(self) -> i32 {
        match self {
            ExitStatus::Exited(c) => c as i32,
            ExitStatus::Signaled(s) => 128 + s,
            ExitStatus::Deadlock => 128 + 9,
        }
    }
}

/// What the CPU does after a system call.
#[must_use]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SyscallOutcome {
    /// The return value is in the ABI's return register; resume at the next
    /// instruction after dropping what `Flush` says.
    Continue(Flush),
    /// The process is gone; registers were left untouched.
    Exited(ExitStatus),
}

/// Per-thread kernel state. `Process::thread` holds the calling thread's; the
/// [`SeKernel`](crate::se::SeKernel) keeps one per thread and swaps it in for each call.
#[derive(Clone, Debug)]
pub struct ThreadState {
    /// Thread id (equals the pid for the main thread).
    pub tid: u64,
    /// `set_tid_address` pointer, cleared and futex-woken at thread exit.
    pub clear_child_tid: u64,
    /// `set_robust_list` head and length.
    pub robust_list: (u64, u64),
    /// Blocked-signal mask.
    pub sigmask: u64,
    /// `sigaltstack` as the guest set it (`ss_sp`, `ss_flags`, `ss_size`).
    pub altstack: (u64, u64, u64),
    /// The thread's name (`PR_SET_NAME`, `/proc/self/comm`), NUL-padded.
    pub comm: [u8; 16],
    /// `sched_setaffinity`'s CPU mask (bit `i`: CPU `i`); 0 means every CPU.
    pub affinity: u64,
}

/// A deterministic random stream (SplitMix64): reproducible runs.
pub type DetRng = sim_core::rng::SplitMix64;

/// A guest Linux process: address space, fd table, thread state, syscalls.
pub struct Process {
    /// Process id the guest sees ([`GUEST_PID`] unless a kernel assigned another).
    pub(crate) pid: u64,
    pub(crate) info: &'static LinuxProcessInfo,
    pub(crate) abi: GuestAbi,
    pub(crate) space: AddrSpace,
    pub(crate) fds: FdTable,
    pub(crate) thread: ThreadState,
    pub(crate) sigactions: SigActions,
    /// Signals a call raised for the kernel to send (with `kernel_signals`).
    pub(crate) raised: Vec<u64>,
    /// A [`SeKernel`](crate::se::SeKernel) delivers this process's signals.
    pub(crate) kernel_signals: bool,
    /// The vDSO page's signal-return trampoline (0: none).
    pub(crate) vdso: u64,
    pub(crate) cwd: PathBuf,
    /// The executable as the guest names it (`/proc/self/exe`).
    pub(crate) exe: PathBuf,
    /// Where the guest's absolute paths live on the host.
    pub(crate) paths: PathMap,
    pub(crate) ids: (u32, u32, u32, u32),
    pub(crate) umask: u32,
    /// Limits, `prctl` state, nice value.
    pub(crate) attrs: ProcAttrs,
    /// What `/proc/self` reports that is kept nowhere else.
    pub(crate) facts: ProcFacts,
    /// The simulated machine (CPUs, record locks) shared with the other processes.
    pub(crate) sys: Arc<SimSystem>,
    pub(crate) rng: DetRng,
    pub(crate) table: SyscallTable,
    pub(crate) unimplemented: BTreeMap<u64, (&'static str, u64)>,
    entry: u64,
    stack: InitialStack,
}

impl Process {
    /// Read `params.exe` from the host and build the process in `frames`' store.
    pub fn from_params(
        params: &ProcessParams,
        info: &'static LinuxProcessInfo,
        frames: Arc<FrameAllocator>,
    ) -> Result<Process, LoadError> {
        let bytes = std::fs::read(&params.exe).map_err(|source| LoadError::Io {
            path: params.exe.clone(),
            source,
        })?;
        Self::from_elf_bytes(&bytes, params, info, frames)
    }

    /// Build the process from ELF bytes already in memory (`params.exe` is still
    /// what `/proc/self/exe` and `AT_EXECFN` report).
    pub fn from_elf_bytes(
        bytes: &[u8],
        params: &ProcessParams,
        info: &'static LinuxProcessInfo,
        frames: Arc<FrameAllocator>,
    ) -> Result<Process, LoadError> {
        let path = params.exe.clone();
        let img = ElfImage::parse(bytes, info.elf_machine).map_err(|source| LoadError::Elf {
            path: path.clone(),
            source,
        })?;
        let mut space = AddrSpace::new(frames);
        let mem_size = MemSize(space.frames().store().range().size());
        let oom = || LoadError::OutOfMemory {
            path: path.clone(),
            mem_size,
        };
        let program = load_program(&img, &path, &params.paths, &mut space)?;
        let loaded = program.main;
        space.brk_start = loaded.brk;
        space.brk = loaded.brk;
        let mut rng = DetRng::new(params.seed);
        let mut random = [0u8; 16];
        rng.fill(&mut random);
        // SAFETY: these libc calls have no preconditions.
        let ids = unsafe {
            (
                libc::getuid(),
                libc::geteuid(),
                libc::getgid(),
                libc::getegid(),
            )
        };
        let argv: Vec<Vec<u8>> = if params.argv.is_empty() {
            vec![path.as_os_str().as_encoded_bytes().to_vec()]
        } else {
            params.argv.iter().map(|s| s.as_bytes().to_vec()).collect()
        };
        let envp: Vec<Vec<u8>> = params.envp.iter().map(|s| s.as_bytes().to_vec()).collect();
        let sp = StackParams {
            argv: &argv,
            envp: &envp,
            execfn: path.as_os_str().as_encoded_bytes(),
            image: loaded,
            interp_base: program.interp_base,
            phdr_bytes: img.phdr_bytes(),
            phnum: img.header.e_phnum as u64,
            random,
            ids,
        };
        let bytes_needed = argv.iter().chain(&envp).map(|s| s.len() as u64 + 1).sum();
        let stack = match stack::build(&mut space, info, &sp) {
            Some(s) => s,
            None if space.take_out_of_memory().is_some() => return Err(oom()),
            None => {
                return Err(LoadError::ArgsTooLong {
                    bytes: bytes_needed,
                })
            }
        };
        let vdso = super::vdso::map(&mut space, info).ok_or_else(oom)?;
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let exe = std::fs::canonicalize(&path).unwrap_or_else(|_| cwd.join(&path));
        let mut facts = ProcFacts {
            cmdline: argv
                .iter()
                .flat_map(|a| a.iter().copied().chain([0]))
                .collect(),
            environ: envp
                .iter()
                .flat_map(|a| a.iter().copied().chain([0]))
                .collect(),
            threads: 1,
            ..ProcFacts::default()
        };
        let dev_ino = std::fs::metadata(&exe)
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                (m.dev(), m.ino())
            })
            .unwrap_or((0, 0));
        for ph in img
            .phdrs
            .iter()
            .filter(|ph| ph.p_type == 1 && ph.p_filesz > 0)
        {
            let page = super::frames::PAGE_SIZE;
            let va = ph.p_vaddr + loaded.bias;
            let start = va & !(page - 1);
            facts.add_file_map(FileMap {
                start,
                end: (va + ph.p_filesz).next_multiple_of(page),
                off: ph.p_offset & !(page - 1),
                path: exe.clone(),
                dev_ino,
            });
        }
        let mut comm = [0u8; 16];
        let base = path.file_name().map_or(&[][..], |n| n.as_encoded_bytes());
        let n = base.len().min(15);
        comm[..n].copy_from_slice(&base[..n]);
        let attrs = ProcAttrs::new(mem_size.0);
        let exe = params.paths.guest_path(&exe);
        Ok(Process {
            pid: GUEST_PID,
            info,
            abi: GuestAbi::for_machine(info.elf_machine),
            space,
            fds: FdTable::with_stdio(params.stdio),
            thread: ThreadState {
                tid: GUEST_PID,
                clear_child_tid: 0,
                robust_list: (0, 0),
                sigmask: 0,
                altstack: (0, 2, 0),
                comm,
                affinity: 0,
            },
            sigactions: SigActions::default(),
            raised: Vec::new(),
            kernel_signals: false,
            vdso,
            cwd,
            exe,
            paths: params.paths.clone(),
            ids,
            umask: super::syscalls::attrs::host_umask(),
            attrs,
            facts,
            sys: Arc::new(SimSystem::default()),
            rng,
            table: SyscallTable::new(info.syscall_names),
            unimplemented: BTreeMap::new(),
            entry: program.start,
            stack,
        })
    }

    /// A forked child of this process with pid `pid`: `space` and `fds` are its
    /// copies (copy-on-write memory, shared open file descriptions); the calling
    /// thread's state, signal dispositions, working directory, ids, umask and
    /// executable are inherited, as `fork` does.
    pub(crate) fn forked(&self, pid: u64, space: AddrSpace, fds: FdTable) -> Process {
        Process {
            pid,
            info: self.info,
            abi: self.abi,
            space,
            fds,
            thread: ThreadState {
                tid: pid,
                ..self.thread.clone()
            },
            sigactions: self.sigactions.clone(),
            raised: Vec::new(),
            kernel_signals: self.kernel_signals,
            vdso: self.vdso,
            cwd: self.cwd.clone(),
            exe: self.exe.clone(),
            paths: self.paths.clone(),
            ids: self.ids,
            umask: self.umask,
            // A child does not inherit its parent's death signal.
            attrs: ProcAttrs {
                pdeathsig: 0,
                ..self.attrs.clone()
            },
            facts: ProcFacts {
                threads: 1,
                ..self.facts.clone()
            },
            sys: Arc::clone(&self.sys),
            rng: self.rng.clone(),
            table: SyscallTable::new(self.info.syscall_names),
            unimplemented: BTreeMap::new(),
            entry: self.entry,
            stack: self.stack.clone(),
        }
    }

    /// `execve`'s point of no return: become `image` (a process freshly loaded
    /// from the new program), keeping what survives an exec: the pid and calling
    /// thread id, the signal mask, fds not marked close-on-exec, the working
    /// directory, ids and umask, and ignored signals (every handled signal goes
    /// back to its default action). The old address space is dropped.
    pub(crate) fn exec_replace(&mut self, mut image: Process) {
        let mut fds = std::mem::take(&mut self.fds);
        fds.close_on_exec();
        image.fds = fds;
        image.pid = self.pid;
        image.thread = ThreadState {
            tid: self.thread.tid,
            clear_child_tid: 0,
            robust_list: (0, 0),
            sigmask: self.thread.sigmask,
            altstack: (0, 2, 0),
            // The new program's name; the CPU affinity survives.
            comm: image.thread.comm,
            affinity: self.thread.affinity,
        };
        image.sigactions = self.sigactions.after_exec();
        image.kernel_signals = self.kernel_signals;
        image.cwd = std::mem::take(&mut self.cwd);
        image.ids = self.ids;
        image.umask = self.umask;
        image.attrs = self.attrs.clone();
        image.sys = Arc::clone(&self.sys);
        image.unimplemented = std::mem::take(&mut self.unimplemented);
        *self = image;
    }

    /// The process id the guest sees.
    pub fn pid(&self) -> u64 {
        self.pid
    }

    /// The entry point (initial PC).
    pub fn entry(&self) -> Addr {
        Addr(self.entry)
    }

    /// The initial stack pointer.
    pub fn initial_sp(&self) -> Addr {
        Addr(self.stack.sp)
    }

    /// Where the initial stack's pieces are.
    pub fn initial_stack(&self) -> &InitialStack {
        &self.stack
    }

    /// Registers at process entry: all zero except the stack pointer (the CPU sets
    /// its PC to [`Process::entry`]).
    pub fn initial_regs<R: ArchRegs>(&self) -> R {
        let mut r = R::default();
        r.set_int(self.info.sp_reg, self.stack.sp);
        r
    }

    /// Translate a virtual address (the CPU's TLB-miss path). A page fault is a
    /// segmentation fault; [`Fault::OutOfMemory`] is a valid page that no free
    /// frame is left to back (the process dies of it as of Linux's OOM killer).
    pub fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, Fault> {
        self.space.translate(vaddr, access).map_err(|f| match f {
            MemFault::OutOfMemory { .. } => Fault::OutOfMemory {
                addr: vaddr,
                access,
                mem_size: self.mem_size(),
            },
            // SIGBUS (BUS_ADRERR), as Linux for a file page past the file's end.
            MemFault::Bus { .. } => Fault::AccessFault {
                addr: vaddr,
                access,
            },
            _ => Fault::PageFault {
                addr: vaddr,
                access,
            },
        })
    }

    /// The size of the simulated memory the process's frames come from.
    pub fn mem_size(&self) -> MemSize {
        MemSize(self.space.frames().store().range().size())
    }

    /// The address space (for debuggers, loaders of extra data, tests).
    pub fn space(&mut self) -> &mut AddrSpace {
        &mut self.space
    }

    /// The file-descriptor table.
    pub fn fds(&mut self) -> &mut FdTable {
        &mut self.fds
    }

    /// Syscalls the guest made that are not implemented: `(number, name, calls)`.
    pub fn unimplemented_syscalls(&self) -> Vec<(u64, &'static str, u64)> {
        self.unimplemented
            .iter()
            .map(|(&n, &(name, c))| (n, name, c))
            .collect()
    }

    /// Emulate the system call whose number and arguments are in `regs` (per the
    /// ISA's syscall ABI) at simulated time `now`; writes the return value.
    pub fn syscall<R: ArchRegs>(&mut self, regs: &mut R, now: Tick) -> SyscallOutcome {
        let abi = self.info.syscall;
        let nr = regs.int(abi.number);
        let mut call = Call::new(abi.args.map(|r| regs.int(r)), now, false);
        self.facts.now = now;
        let ret = self.dispatch(nr, &mut call);
        if let Some(killed) = self.out_of_memory_kill(nr) {
            call.exit = Some(killed);
        }
        if let Some(status) = call.exit {
            // Shared file mappings reach their files as the process goes away.
            self.space.sync(0, USER_END);
            return SyscallOutcome::Exited(status);
        }
        regs.set_int(abi.ret, ret.unwrap_or_else(Errno::to_ret));
        SyscallOutcome::Continue(call.flush)
    }

    /// After system call `nr`: if copying to or from the guest found no free frame
    /// for a page, say so and return how the process dies (`SIGKILL`, as Linux's
    /// OOM killer would end it); `None` if memory sufficed.
    pub(crate) fn out_of_memory_kill(&mut self, nr: u64) -> Option<ExitStatus> {
        let MemFault::OutOfMemory { addr, access } = self.space.take_out_of_memory()? else {
            return None;
        };
        let why = Fault::OutOfMemory {
            addr: Addr(addr),
            access,
            mem_size: self.mem_size(),
        };
        tracing::error!(
            "guest process {} in system call {} ({}): {why}",
            self.pid,
            nr,
            self.table.get(nr).0
        );
        Some(ExitStatus::Signaled(SIGKILL))
    }

    pub(crate) fn dispatch(&mut self, nr: u64, call: &mut Call) -> Result<u64, Errno> {
        let (name, handler) = self.table.get(nr);
        let Some(handler) = handler else {
            self.unimplemented.entry(nr).or_insert((name, 0)).1 += 1;
            sim_core::warn_counted!(nr, "unimplemented syscall {nr} ({name}), returning -ENOSYS");
            return Err(Errno::ENOSYS);
        };
        let ret = handler(self, call);
        tracing::trace!(nr, name, args = ?call.args, ret = ?ret, "syscall");
        ret
    }
}
