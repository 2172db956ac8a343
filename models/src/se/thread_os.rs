//! The bridge between a [`Process`] and a CPU's hardware thread
//! ([`ThreadOs`]): translation faults and syscall outcomes in the CPU's terms.

use super::frames::FrameAllocator;
use super::loader::LoadError;
use super::process::{ExitStatus, Process, ProcessParams, SyscallOutcome};
use crate::cpu::os::{OsOutcome, ThreadOs};
use sim_core::arch::{ArchRegs, Fault, LinuxProcessInfo, MemAccess};
use sim_core::exit::ExitCause;
use sim_core::mem::BackingStore;
use sim_core::{Addr, Tick};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Errors creating a process (an alias kept for boards).
pub type ProcessError = LoadError;

/// Where a new process starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct StartState {
    /// Initial program counter (the ELF entry point).
    pub pc: u64,
    /// Initial stack pointer.
    pub sp: u64,
}

impl StartState {
    /// Put the initial stack pointer in `regs` (everything else starts at zero).
    pub fn apply<R: ArchRegs>(&self, regs: &mut R, info: &LinuxProcessInfo) {
        regs.set_int(info.sp_reg, self.sp);
    }
}

impl Process {
    /// Build a process from ELF bytes with frames from the whole of `store` and
    /// the simulator's stdio; `argv` includes `argv[0]`.
    pub fn load(
        elf: &[u8],
        exe: &Path,
        argv: &[String],
        envp: &[String],
        info: &'static LinuxProcessInfo,
        store: Arc<BackingStore>,
    ) -> Result<(Process, StartState), ProcessError> {
        let mut params = ProcessParams::new(exe);
        params.argv = argv.to_vec();
        params.envp = envp.to_vec();
        let p = Process::from_elf_bytes(elf, &params, info, Arc::new(FrameAllocator::new(store)))?;
        let start = StartState {
            pc: p.entry().0,
            sp: p.initial_sp().0,
        };
        Ok((p, start))
    }
}

/// Prefix of the exit message of a process killed by a signal.
const KILLED_PREFIX: &str = "process killed by signal ";

/// The simulation exit for a process that ended with `status`.
pub fn exit_cause(status: ExitStatus) -> ExitCause {
    match status {
        ExitStatus::Exited(code) => ExitCause::process_exited(code as i64),
        ExitStatus::Signaled(sig) => ExitCause::Exit {
            code: status.host_code() as i64,
            message: format!("{KILLED_PREFIX}{sig}"),
        },
        ExitStatus::Deadlock => ExitCause::GuestFault {
            message: "deadlock: every live thread waits for something nothing can provide".into(),
        },
    }
}

/// The signal that killed the process, from an [`exit_cause`] message.
pub fn killed_by_signal(message: &str) -> Option<i32> {
    message.strip_prefix(KILLED_PREFIX)?.parse().ok()
}

/// One hardware thread running (the only thread of) a process. Multi-threaded
/// programs, several processes or several CPUs need the
/// [`SeKernel`](crate::se::SeKernel) instead.
pub struct SeThreadOs {
    process: Arc<Mutex<Process>>,
}

impl SeThreadOs {
    /// A thread of `process`. `info` must be the ISA the process was loaded for.
    pub fn new(process: Arc<Mutex<Process>>, info: &'static LinuxProcessInfo) -> SeThreadOs {
        debug_assert_eq!(
            process
                .lock()
                .map(|p| p.info.elf_machine)
                .unwrap_or(info.elf_machine),
            info.elf_machine
        );
        SeThreadOs { process }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Process> {
        self.process.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<R: ArchRegs> ThreadOs<R> for SeThreadOs {
    fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, Fault> {
        self.lock().translate(vaddr, access)
    }

    fn syscall(&mut self, regs: &mut R, _next_pc: u64, now: Tick) -> OsOutcome {
        let mut p = self.lock();
        match p.syscall(regs, now) {
            SyscallOutcome::Continue(f) => OsOutcome {
                exit: None,
                flush_tlb: f.tlb,
                flush_decode: f.icache,
                ..OsOutcome::default()
            },
            SyscallOutcome::Exited(status) => OsOutcome {
                exit: Some(exit_cause(status)),
                ..OsOutcome::default()
            },
        }
    }
}
