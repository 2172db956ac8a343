//! The boundary between a CPU's hardware thread and the operating system it runs
//! under: syscall emulation today, a full-system MMU later.

use sim_core::arch::{ArchRegs, Fault, MemAccess};
use sim_core::exit::ExitCause;
use sim_core::{Addr, Tick};

/// What the CPU must do after a system call.
#[derive(Debug, Default)]
pub struct OsOutcome {
    /// Stop simulating: the process exited (or was killed).
    pub exit: Option<ExitCause>,
    /// Drop the software TLB (mappings changed).
    pub flush_tlb: bool,
    /// Drop the decoded-instruction cache (code may have changed).
    pub flush_decode: bool,
}

/// The operating-system side of one hardware thread.
pub trait ThreadOs<R: ArchRegs>: Send {
    /// Translate a virtual address for an access, or report the fault.
    fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, Fault>;
    /// Emulate the system call the thread just made (registers per the ISA's ABI).
    fn syscall(&mut self, regs: &mut R, now: Tick) -> OsOutcome;
}
