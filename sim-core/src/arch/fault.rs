//! Faults and decode errors: guest misbehaviour as values, never host panics.

use crate::units::MemSize;
use crate::Addr;
use thiserror::Error;

/// The kind of memory access that faulted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MemAccess {
    /// Instruction fetch.
    Fetch,
    /// Data load.
    Load,
    /// Data store (including the store half of an atomic).
    Store,
}

impl std::fmt::Display for MemAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MemAccess::Fetch => "fetch",
            MemAccess::Load => "load",
            MemAccess::Store => "store",
        })
    }
}

/// Why bytes could not be decoded.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The bytes are not a valid instruction of the ISA.
    #[error("illegal instruction 0x{raw:0width$x}", width = (*len as usize) * 2)]
    Illegal {
        /// The raw instruction bits (up to 8 bytes, little-endian).
        raw: u64,
        /// How many bytes the decoder looked at.
        len: u8,
    },
    /// A valid instruction this simulator does not implement yet.
    #[error("unimplemented instruction 0x{raw:0width$x} ({what})", width = (*len as usize) * 2)]
    Unimplemented {
        /// The raw instruction bits.
        raw: u64,
        /// How many bytes the instruction has.
        len: u8,
        /// What the instruction is (mnemonic or extension).
        what: &'static str,
    },
    /// Fewer bytes were available than the instruction needs.
    #[error("truncated instruction: need {need} bytes")]
    Truncated {
        /// Bytes needed.
        need: u8,
    },
}

/// A fault raised while executing an instruction.
///
/// In SE mode most faults end the simulated process with a clear message; in FS mode
/// the ISA turns them into guest traps.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Error)]
pub enum Fault {
    /// The instruction at `pc` could not be decoded.
    #[error("at pc 0x{pc:x}: {err}")]
    Decode {
        /// Address of the instruction.
        pc: Addr,
        /// What the decoder said.
        err: DecodeError,
    },
    /// A decoded instruction is illegal in the current state (e.g. a bad CSR or rounding mode).
    #[error("illegal instruction 0x{raw:x} at pc 0x{pc:x}: {reason}")]
    IllegalInst {
        /// Address of the instruction.
        pc: Addr,
        /// Raw instruction bits.
        raw: u64,
        /// Why it is illegal.
        reason: &'static str,
    },
    /// No mapping for a virtual address (a page fault, a segfault in SE mode).
    #[error("page fault on {access} at 0x{addr:x}")]
    PageFault {
        /// Faulting virtual address.
        addr: Addr,
        /// Access kind.
        access: MemAccess,
    },
    /// The page is mapped but no free physical memory is left to back it (SE mode
    /// allocates frames on first touch, as Linux does). Linux's OOM killer would end
    /// the process with `SIGKILL`; SE mode does the same.
    #[error(
        "out of simulated memory: no free page for the {access} at 0x{addr:x}; \
         all {mem_size} of simulated memory (--mem-size, mem_size) are in use, \
         so the process is killed (SIGKILL) as by Linux's OOM killer"
    )]
    OutOfMemory {
        /// Faulting virtual address.
        addr: Addr,
        /// Access kind.
        access: MemAccess,
        /// The size of the simulated memory that ran out.
        mem_size: MemSize,
    },
    /// The address maps to nothing, or the access is not allowed there.
    #[error("access fault on {access} at 0x{addr:x}")]
    AccessFault {
        /// Faulting address.
        addr: Addr,
        /// Access kind.
        access: MemAccess,
    },
    /// A misaligned access the ISA does not allow (e.g. RISC-V atomics).
    #[error("misaligned {access} at 0x{addr:x}")]
    Misaligned {
        /// Faulting address.
        addr: Addr,
        /// Access kind.
        access: MemAccess,
    },
    /// A breakpoint instruction (`ebreak`, `brk`, `int3`).
    #[error("breakpoint at pc 0x{pc:x}")]
    Breakpoint {
        /// Address of the instruction.
        pc: Addr,
    },
    /// An ISA-specific trap (cause code and trap value), for full-system mode.
    #[error("trap cause {cause} tval 0x{tval:x}")]
    Trap {
        /// ISA-defined cause code.
        cause: u64,
        /// ISA-defined trap value.
        tval: u64,
    },
    /// The execution context asked the CPU to stop after this instruction
    /// (a syscall that ended the process, an m5 exit); not an error.
    #[error("stop requested")]
    Stop,
}
