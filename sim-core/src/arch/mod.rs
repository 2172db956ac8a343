//! The ISA ↔ CPU contract.
//!
//! Every CPU model (atomic, timing, in-order, out-of-order) works with every ISA
//! (RISC-V, AArch64, x86-64) through the traits in this module, and through nothing else:
//!
//! ```text
//!   bytes ──Isa::decode──▶ Isa::Inst (small, Copy, cached by the CPU)
//!                             │  op_class(), flags(), srcs()/dests() (RegIds),
//!                             │  size(), num_micro_ops(), micro_op(i)
//!                             ▼
//!            execute(&mut impl ExecContext)            ← atomic CPU, or non-memory ops
//!            initiate_acc(&mut impl ExecContext)       ← timing/O3: address + request
//!            complete_acc(&mut impl ExecContext, data) ← timing/O3: response → registers
//! ```
//!
//! * **Decoded instructions** are small `Copy` values produced without allocation.
//!   A CPU caches them by PC and drops the cache when code is written or remapped
//!   (RISC-V `fence.i`, `munmap`, `mprotect`; x86 self-modifying code through the
//!   write-detect path a CPU keeps per code page).
//! * **Register ids** ([`RegId`]) name architectural registers by class so that an
//!   out-of-order core can rename them: integer, float, vector, vector predicate,
//!   condition codes (AArch64 NZCV, x86 RFLAGS pieces) and misc (CSRs, system
//!   registers). Reads of misc registers may have side effects, so they are
//!   serializing unless the ISA says otherwise.
//! * **Op classes** ([`OpClass`]) select a functional unit and its latency.
//! * **Flags** ([`InstFlags`]) tell the pipeline what the instruction is: control,
//!   call/return, direct/indirect, load/store/atomic, serializing, non-speculative,
//!   syscall, m5op, micro-op position.
//! * **Memory operations** are split: `initiate_acc` computes the effective address
//!   and calls `ExecContext::initiate_mem_*`; when the data arrives the CPU calls
//!   `complete_acc` with it. CPUs that want it in one step (atomic) call `execute`,
//!   which uses the immediate `ExecContext::read_mem`/`write_mem`/`amo_mem`.
//! * **Micro-ops**: an ISA may crack an instruction into micro-ops (x86). The macro-op
//!   reports `num_micro_ops() > 1` and `micro_op(i)` yields each one; `sim_insts` counts
//!   macro-ops, `sim_ops` counts micro-ops. ISAs without micro-ops report 1 and execute
//!   the instruction itself.
//! * **Faults are values** ([`Fault`]): an instruction's semantics return
//!   `Result<(), Fault>`; nothing panics on guest behaviour.
//! * **Full system** ([`ArchSystem`]): privilege, traps, interrupts and address
//!   translation are the ISA's; the CPU calls it at instruction boundaries (or at
//!   commit), on faults and for every access. The `system` module documents the seam.

mod exec;
mod fault;
mod inst;
mod regs;
mod signal;
mod system;

pub use exec::{AmoOp, ExecContext, MemFlags, PerfCounter};
pub use fault::{DecodeError, Fault, MemAccess};
pub use inst::{InstFlags, OpClass, OperandCounts, StaticInst};
pub use regs::{RegClass, RegId};
pub use signal::{FrameSlot, LinuxSignalFrame};
pub use system::{
    run_walk, ArchSystem, HartCounters, Interrupt, IrqPins, PrivLevel, SystemEffect, SystemOp,
    Timebase, Translation, Trap, WalkState, WalkStep,
};

use crate::Addr;

/// How a Linux system call is passed in registers (integer register indices).
#[derive(Copy, Clone, Debug)]
pub struct SyscallAbi {
    /// Register that holds the system call number.
    pub number: u16,
    /// Registers that hold arguments 0..6.
    pub args: [u16; 6],
    /// Register that receives the return value.
    pub ret: u16,
}

/// Facts about an ISA that the SE loader needs to build a Linux process image.
#[derive(Copy, Clone, Debug)]
pub struct LinuxProcessInfo {
    /// ELF `e_machine` value this ISA runs.
    pub elf_machine: u16,
    /// `AT_HWCAP` value for the auxiliary vector.
    pub hwcap: u64,
    /// `AT_PLATFORM` string, if the ISA's Linux port provides one.
    pub platform: Option<&'static str>,
    /// Required stack pointer alignment at process entry (bytes).
    pub stack_align: u64,
    /// Integer register that holds the stack pointer.
    pub sp_reg: u16,
    /// Integer register that receives the thread pointer (TLS) on `clone(CLONE_SETTLS)`.
    pub tp_reg: u16,
    /// The system call ABI.
    pub syscall: SyscallAbi,
    /// System call numbers and names (`(number, name)`), the ISA's Linux table.
    pub syscall_names: &'static [(u64, &'static str)],
    /// The Linux signal frame layout; `None` if signal handlers cannot run (a
    /// signal that would run one kills the process with `SIGSEGV`, as Linux does
    /// when it cannot build the frame).
    pub signal_frame: Option<&'static LinuxSignalFrame>,
}

/// An instruction set: decoding, register file and Linux ABI facts.
///
/// `Inst` carries the semantics. `Regs` is the architectural register file
/// (a CPU embeds one per hardware thread); its misc registers may have side effects
/// and are accessed through [`ExecContext::read_misc`]/[`ExecContext::set_misc`],
/// which CPUs forward to [`ArchRegs::read_misc`]/[`ArchRegs::set_misc`].
pub trait Isa: 'static {
    /// The decoded instruction.
    type Inst: StaticInst;
    /// The architectural register file of one hardware thread.
    type Regs: ArchRegs;
    /// Short name used in configs and stats ("riscv", "arm", "x86").
    const NAME: &'static str;
    /// Longest instruction in bytes (the fetch window a decoder may look at).
    const MAX_INST_BYTES: usize;
    /// Decode one instruction from `bytes` (at least `MAX_INST_BYTES` long unless
    /// the fetch hit the end of mapped memory) at address `pc`.
    fn decode(bytes: &[u8], pc: Addr) -> Result<Self::Inst, DecodeError>;
    /// Linux facts for syscall emulation.
    fn linux() -> &'static LinuxProcessInfo;
    /// Assembly text for an encoding, for traces and error messages (capstone where
    /// it knows the instruction); empty if nothing can say what it is.
    fn disassemble(raw: u64, size: u8, pc: u64) -> String;
}

/// The architectural register file of one hardware thread, as the ISA defines it.
pub trait ArchRegs: Clone + Default + Send + 'static {
    /// Read integer register `idx`.
    fn int(&self, idx: u16) -> u64;
    /// Write integer register `idx` (the ISA decides what a write to a zero register does).
    fn set_int(&mut self, idx: u16, v: u64);
    /// Read floating-point register `idx` as raw bits.
    fn float(&self, idx: u16) -> u64;
    /// Write floating-point register `idx` as raw bits.
    fn set_float(&mut self, idx: u16, v: u64);
    /// Read condition-code register `idx` (ISAs without them return 0).
    fn cc(&self, _idx: u16) -> u64 {
        0
    }
    /// Write condition-code register `idx`.
    fn set_cc(&mut self, _idx: u16, _v: u64) {}
    /// Read a misc (control/status/system) register.
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault>;
    /// Write a misc register; may have side effects on other misc state.
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault>;
    /// Number of integer registers (for traces, checkpoints and `--debug-flags`).
    const NUM_INT: u16;
    /// Number of floating-point registers.
    const NUM_FLOAT: u16;
}
