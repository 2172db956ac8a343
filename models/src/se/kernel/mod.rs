//! The SE kernel: several processes and threads on several CPUs.
//!
//! [`SeKernel`] owns every guest process (each with its own address space, fds,
//! brk and mmap state, all taking frames from one shared [`FrameAllocator`]) and
//! every thread, and schedules threads onto CPUs through the
//! [`ThreadOs`](crate::cpu::ThreadOs) contract: each CPU gets a [`SeCpuOs`] from
//! [`SeKernel::cpu_os`].
//!
//! ```ignore
//! let kernel = SeKernel::new(Riscv::linux(), store.clone());
//! let pid = kernel.spawn(&elf, exe, &argv, &envp)?;      // first process: pid 100
//! let os0 = kernel.cpu_os(0);                            // Box it into CPU 0
//! // after SystemBuilder::add returned CPU 0's ComponentId:
//! kernel.set_cpu_component(0, cpu0_id);
//! // run; when it ends, kernel.exit_status(pid) says how the process ended.
//! ```
//!
//! # Scheduling
//!
//! * One FIFO run queue. At startup CPU `i`'s first `switch_in` gets the main
//!   thread of the `i`-th spawned process (if there is one), then CPUs take threads
//!   in queue order. A thread made runnable (clone, futex wake, time-out) joins the
//!   back of the queue and, if a CPU is idle, that CPU is returned in
//!   `OsOutcome::wake` (one idle CPU per runnable thread, lowest index first).
//! * Time slicing: a thread that ran for [`DEFAULT_QUANTUM`] of simulated time
//!   yields at the CPU's next `should_yield` if another thread waits in the queue.
//! * Blocking on a futex, `exit` and `sched_yield` (when another thread waits)
//!   deschedule the caller.
//! * Futex time-outs are checked when a CPU enters the kernel (syscall, switch,
//!   yield check), and when every live thread waits: then the earliest timed waiter
//!   times out at once (the guest sees no time pass; nothing else could run).
//!   With no timed waiter left, the run ends in deadlock ([`ExitStatus::Deadlock`]).
//! * `exit_group` (or a fatal signal) kills every thread of the process; CPUs
//!   running one of them are woken (`OsOutcome::wake`), and a running CPU that is
//!   woken asks `should_yield` before its next instruction, so a killed thread
//!   executes nothing more.
//! * The run ends when every process has exited; the exit reported is the first
//!   spawned process's status.
//!
//! Futexes are keyed as Linux keys them: by (process, virtual address), or by
//! the shared frame for a futex without `FUTEX_PRIVATE_FLAG` in memory
//! several processes map (see [`futex`]).
//!
//! A dying thread (`exit`, `exit_group`, or killed with its process) releases
//! its robust futexes first ([`robust`]), then, on `exit`, clears and wakes its
//! `clear_child_tid` word, in the order of Linux's `exit_mm_release`.

pub(crate) mod calls;
mod cpu_os;
mod exec;
mod family;
mod files;
mod fork;
mod futex;
mod reap;
mod robust;
pub(crate) mod sched;
pub(crate) mod signal;
pub(crate) mod thread;
mod timers;
mod wait;

pub use cpu_os::SeCpuOs;

use self::futex::Futexes;
use self::thread::{SavedCtx, Thread};
use super::frames::FrameAllocator;
use super::process::{ExitStatus, Process, ProcessParams, GUEST_PID};
use super::system::SimSystem;
use super::thread_os::{ProcessError, StartState};
use crate::cpu::os::MappingEpoch;
use sim_core::arch::LinuxProcessInfo;
use sim_core::component::ComponentId;
use sim_core::mem::BackingStore;
use sim_core::Tick;
use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// Default time slice: 1 ms of simulated time.
pub const DEFAULT_QUANTUM: Tick = Tick(1_000_000_000);

/// A process and what the kernel tracks about it.
pub(crate) struct ProcEntry {
    /// Address space, fds, signal dispositions, syscall table.
    pub proc: Process,
    /// Threads not yet exited.
    pub live_threads: usize,
    /// How it ended, once it has.
    pub status: Option<ExitStatus>,
    /// Parent, process group, session, credentials, vfork state.
    pub family: family::Family,
}

/// The scheduler's view of one CPU.
#[derive(Clone, Debug, Default)]
pub(crate) struct CpuSlot {
    /// The CPU component to wake when work appears for it.
    pub component: Option<ComponentId>,
    /// The thread it runs.
    pub current: Option<u64>,
    /// When the current thread's time slice began.
    pub slice_start: Tick,
    /// Whether it has asked for its first thread.
    pub started: bool,
    /// It was woken and has not asked for a thread since.
    pub wake_pending: bool,
    /// Its thread was taken from it while switched in (an exec by another
    /// thread took over its tid): it must switch out at once.
    pub evicted: bool,
}

/// Kernel state behind the [`SeKernel`] handle.
pub(crate) struct Kernel {
    pub info: &'static LinuxProcessInfo,
    pub frames: Arc<FrameAllocator>,
    pub quantum: Tick,
    pub procs: BTreeMap<u64, ProcEntry>,
    /// Pids in the order they were spawned.
    pub spawn_order: Vec<u64>,
    pub threads: BTreeMap<u64, Thread>,
    pub run_queue: VecDeque<u64>,
    pub cpus: Vec<CpuSlot>,
    pub futexes: Futexes,
    /// Processes sharing one fd table (`CLONE_FILES` without `CLONE_VM`).
    pub files: files::FileGroups,
    /// CPUs to wake, collected while a call runs.
    pub wakes: Vec<ComponentId>,
    /// Next pid/tid (they share one number space, as in Linux).
    pub next_id: u64,
    /// Bumped by every call that changes mappings or code, so that every CPU drops
    /// what it cached from them (see [`MappingEpoch`]).
    pub epoch: MappingEpoch,
    /// Threads blocked in `wait4`/`waitid`, and the terminal's foreground group.
    pub jobs: family::Jobs,
    /// The machine every process sees (CPU count, record locks, `/proc`).
    pub sys: Arc<SimSystem>,
    /// Threads waiting in a call on descriptors or time ([`wait`]).
    pub waits: BTreeMap<u64, wait::Waiting>,
    /// Kernel events posted since waiters last looked ([`wait`]).
    pub posted: Vec<u64>,
    /// Pending signals and per-thread signal state.
    pub signals: signal::Signals,
    /// Interval timers, POSIX timers and timer fds ([`timers`]).
    pub timers: timers::Timers,
    /// The latest simulated time the kernel was entered at.
    pub now: Tick,
}

impl Kernel {
    /// The slot of CPU `cpu`, created on first use.
    pub(crate) fn cpu(&mut self, cpu: usize) -> &mut CpuSlot {
        if self.cpus.len() <= cpu {
            self.cpus.resize(cpu + 1, CpuSlot::default());
            self.sys.set_num_cpus(self.cpus.len());
        }
        &mut self.cpus[cpu]
    }

    /// Process `pid`, which the caller knows exists.
    pub(crate) fn proc_mut(&mut self, pid: u64) -> &mut Process {
        &mut self.procs.get_mut(&pid).expect("live process").proc
    }

    /// A fresh pid/tid.
    pub(crate) fn alloc_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// The SE operating system: processes, threads and their scheduling on CPUs.
/// Cheap to clone (a shared handle).
#[derive(Clone)]
pub struct SeKernel {
    inner: Arc<Mutex<Kernel>>,
}

impl SeKernel {
    /// A kernel for ISA `info` whose processes take frames from all of `store`.
    pub fn new(info: &'static LinuxProcessInfo, store: Arc<BackingStore>) -> SeKernel {
        Self::with_frames(info, Arc::new(FrameAllocator::new(store)))
    }

    /// A kernel whose processes take frames from `frames`.
    pub fn with_frames(info: &'static LinuxProcessInfo, frames: Arc<FrameAllocator>) -> SeKernel {
        SeKernel {
            inner: Arc::new(Mutex::new(Kernel {
                info,
                frames,
                quantum: DEFAULT_QUANTUM,
                procs: BTreeMap::new(),
                spawn_order: Vec::new(),
                threads: BTreeMap::new(),
                run_queue: VecDeque::new(),
                cpus: Vec::new(),
                futexes: Futexes::default(),
                files: files::FileGroups::default(),
                wakes: Vec::new(),
                next_id: GUEST_PID,
                epoch: MappingEpoch::default(),
                jobs: family::Jobs::default(),
                sys: Arc::new(SimSystem::default()),
                waits: BTreeMap::new(),
                posted: Vec::new(),
                signals: signal::Signals::default(),
                timers: timers::Timers::default(),
                now: Tick(0),
            })),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Kernel> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Clear the LR reservations of `monitor`'s CPUs on every line the kernel
    /// stores to (a futex word, a `read` buffer), as a store by another hart would.
    pub fn set_reservation_monitor(&self, monitor: Arc<crate::cpu::ReservationMonitor>) {
        self.lock().frames.set_reservation_monitor(monitor);
    }

    /// Set the time slice (simulated time a thread runs before yielding to a
    /// waiting one); [`DEFAULT_QUANTUM`] unless set.
    pub fn set_quantum(&self, quantum: Tick) {
        self.lock().quantum = quantum;
    }

    /// Load a process from ELF bytes with the simulator's stdio; `argv` includes
    /// `argv[0]` (empty means `[exe]`). Returns its pid: 100 for the first, then
    /// consecutive numbers. Its main thread joins the run queue.
    pub fn spawn(
        &self,
        elf: &[u8],
        exe: &Path,
        argv: &[String],
        envp: &[String],
    ) -> Result<u64, ProcessError> {
        let mut params = ProcessParams::new(exe);
        params.argv = argv.to_vec();
        params.envp = envp.to_vec();
        self.spawn_with(elf, &params)
    }

    /// [`SeKernel::spawn`] with full [`ProcessParams`] (stdio, seed).
    pub fn spawn_with(&self, elf: &[u8], params: &ProcessParams) -> Result<u64, ProcessError> {
        let mut k = self.lock();
        let mut proc = Process::from_elf_bytes(elf, params, k.info, k.frames.clone())?;
        proc.kernel_signals = true;
        let pid = k.alloc_id();
        let ids = proc.ids;
        proc.pid = pid;
        proc.thread.tid = pid;
        proc.sys = k.sys.clone();
        let ctx = SavedCtx::Initial {
            pc: proc.entry().0,
            sp: proc.initial_sp().0,
        };
        let thread = Thread::new(pid, proc.thread.clone(), ctx);
        k.threads.insert(pid, thread);
        k.run_queue.push_back(pid);
        k.spawn_order.push(pid);
        k.procs.insert(
            pid,
            ProcEntry {
                proc,
                live_threads: 1,
                status: None,
                family: family::Family::first(pid, ids),
            },
        );
        Ok(pid)
    }

    /// The operating-system side of CPU `cpu` (indices from 0, one per CPU).
    pub fn cpu_os(&self, cpu: usize) -> SeCpuOs {
        self.lock().cpu(cpu);
        SeCpuOs::new(self.clone(), cpu)
    }

    /// Tell the kernel which component CPU `cpu` is, so it can wake it.
    pub fn set_cpu_component(&self, cpu: usize, id: ComponentId) {
        self.lock().cpu(cpu).component = Some(id);
    }

    /// Where process `pid`'s main thread starts (for boards that also hand the
    /// CPU its first registers).
    pub fn start_state(&self, pid: u64) -> Option<StartState> {
        let k = self.lock();
        let p = &k.procs.get(&pid)?.proc;
        Some(StartState {
            pc: p.entry().0,
            sp: p.initial_sp().0,
        })
    }

    /// How process `pid` ended (`None` while it runs or if there is no such pid).
    pub fn exit_status(&self, pid: u64) -> Option<ExitStatus> {
        self.lock().procs.get(&pid)?.status
    }

    /// Pids of every process spawned, in spawn order.
    pub fn pids(&self) -> Vec<u64> {
        self.lock().spawn_order.clone()
    }

    /// Run `f` on process `pid` (to inspect memory, fds; for tests and debuggers).
    pub fn with_process<T>(&self, pid: u64, f: impl FnOnce(&mut Process) -> T) -> Option<T> {
        let mut k = self.lock();
        k.procs.get_mut(&pid).map(|e| f(&mut e.proc))
    }

    /// Tids of the live threads of process `pid`, ascending.
    pub fn thread_ids(&self, pid: u64) -> Vec<u64> {
        let k = self.lock();
        k.threads
            .iter()
            .filter(|(_, t)| t.pid == pid && t.alive())
            .map(|(&tid, _)| tid)
            .collect()
    }

    /// Tids waiting in the run queue, front first.
    pub fn run_queue(&self) -> Vec<u64> {
        self.lock().run_queue.iter().copied().collect()
    }

    /// The thread CPU `cpu` runs, if any.
    pub fn running_on(&self, cpu: usize) -> Option<u64> {
        self.lock().cpus.get(cpu)?.current
    }
}
