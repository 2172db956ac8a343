//! The execution context: everything an instruction's semantics may touch.

use super::Fault;
use crate::Addr;

/// Request flags that an instruction attaches to a memory access.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct MemFlags(pub u16);

impl MemFlags {
    /// No special behaviour.
    pub const NONE: MemFlags = MemFlags(0);
    /// Acquire ordering (RISC-V `.aq`, AArch64 `LDAR`).
    pub const ACQUIRE: MemFlags = MemFlags(1 << 0);
    /// Release ordering (RISC-V `.rl`, AArch64 `STLR`).
    pub const RELEASE: MemFlags = MemFlags(1 << 1);
    /// Strictly ordered / uncacheable access.
    pub const STRICT_ORDER: MemFlags = MemFlags(1 << 2);
    /// The access belongs to a load-linked / store-conditional pair.
    pub const LLSC: MemFlags = MemFlags(1 << 3);
    /// Locked read-modify-write (x86 `lock` prefix).
    pub const LOCKED_RMW: MemFlags = MemFlags(1 << 4);

    /// True if all bits of `other` are set.
    pub fn contains(self, other: MemFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for MemFlags {
    type Output = MemFlags;
    fn bitor(self, rhs: MemFlags) -> MemFlags {
        MemFlags(self.0 | rhs.0)
    }
}

/// Counters the CPU keeps and an ISA may expose to the guest.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PerfCounter {
    /// Cycles of this CPU since it started.
    Cycles,
    /// Instructions this CPU has retired.
    Instructions,
    /// Wall-clock time of the simulated machine, in the platform timer's units
    /// (for SE mode: nanoseconds of simulated time).
    Time,
}

/// An atomic read-modify-write operation performed at memory.
///
/// The memory returns the old value; the operation stores `op(old, operand)`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AmoOp {
    /// Store the operand.
    Swap,
    /// Wrapping add.
    Add,
    /// Bitwise and.
    And,
    /// Bitwise or.
    Or,
    /// Bitwise xor.
    Xor,
    /// Signed minimum.
    Min,
    /// Signed maximum.
    Max,
    /// Unsigned minimum.
    MinU,
    /// Unsigned maximum.
    MaxU,
    /// Store the operand if the old value equals `expected` (x86 `cmpxchg`, AArch64 `CAS`).
    CompareSwap {
        /// Value the location must hold for the store to happen.
        expected: u64,
    },
}

impl AmoOp {
    /// The value stored by this operation for an access of `size` bytes.
    pub fn apply(self, old: u64, operand: u64, size: usize) -> u64 {
        let bits = size as u32 * 8;
        let sext = |v: u64| -> i64 {
            if bits == 64 {
                v as i64
            } else {
                ((v << (64 - bits)) as i64) >> (64 - bits)
            }
        };
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        let (o, n) = (old & mask, operand & mask);
        let r = match self {
            AmoOp::Swap => n,
            AmoOp::Add => o.wrapping_add(n),
            AmoOp::And => o & n,
            AmoOp::Or => o | n,
            AmoOp::Xor => o ^ n,
            AmoOp::Min => {
                if sext(o) <= sext(n) {
                    o
                } else {
                    n
                }
            }
            AmoOp::Max => {
                if sext(o) >= sext(n) {
                    o
                } else {
                    n
                }
            }
            AmoOp::MinU => o.min(n),
            AmoOp::MaxU => o.max(n),
            AmoOp::CompareSwap { expected } => {
                if o == expected & mask {
                    n
                } else {
                    o
                }
            }
        };
        r & mask
    }
}

/// What an instruction's semantics may read and change.
///
/// CPU models implement this; ISAs write each instruction once against it. Register
/// indices are architectural (the CPU renames them if it wants to). Memory values are
/// little-endian and zero-extended to 64 bits; the ISA sign-extends as it needs.
///
/// Accesses wider than 8 bytes use the `_bytes` variants.
pub trait ExecContext {
    /// Read an integer register.
    fn int(&self, idx: u16) -> u64;
    /// Write an integer register.
    fn set_int(&mut self, idx: u16, v: u64);
    /// Read a floating-point register (raw bits).
    fn float(&self, idx: u16) -> u64;
    /// Write a floating-point register (raw bits).
    fn set_float(&mut self, idx: u16, v: u64);
    /// Read a condition-code register.
    fn cc(&self, idx: u16) -> u64;
    /// Write a condition-code register.
    fn set_cc(&mut self, idx: u16, v: u64);
    /// Read a misc/control register (may have side effects, may fault).
    fn read_misc(&mut self, idx: u16) -> Result<u64, Fault>;
    /// Write a misc/control register (may have side effects, may fault).
    fn set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault>;

    /// A hardware counter the ISA exposes to software (RISC-V `cycle`/`time`/`instret`).
    fn read_counter(&self, counter: PerfCounter) -> u64;

    /// Address of the executing instruction.
    fn pc(&self) -> Addr;
    /// Redirect control: the next instruction comes from `target`.
    /// Without a call the CPU falls through to `pc + size`.
    fn set_next_pc(&mut self, target: Addr);

    /// Immediate load of `size` (1, 2, 4, 8) bytes (atomic-style CPUs and `execute`).
    fn read_mem(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<u64, Fault>;
    /// Immediate store of the low `size` bytes of `data`.
    fn write_mem(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault>;
    /// Immediate load of `buf.len()` bytes (vector and 128-bit accesses).
    fn read_mem_bytes(&mut self, addr: Addr, buf: &mut [u8], flags: MemFlags) -> Result<(), Fault>;
    /// Immediate store of `data`.
    fn write_mem_bytes(&mut self, addr: Addr, data: &[u8], flags: MemFlags) -> Result<(), Fault>;
    /// Immediate atomic read-modify-write; returns the old value.
    fn amo_mem(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: MemFlags,
    ) -> Result<u64, Fault>;
    /// Load-reserved: load and set this hart's reservation on the location.
    fn load_reserved(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<u64, Fault>;
    /// Store-conditional: store if the reservation still holds; true if stored.
    /// The reservation is cleared either way.
    fn store_conditional(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<bool, Fault>;

    /// Timing path: start a load; the CPU later calls `complete_acc` with the data.
    /// CPUs that only use `execute` (the atomic CPU) never receive this call.
    fn initiate_mem_read(&mut self, addr: Addr, size: usize, flags: MemFlags) -> Result<(), Fault>;
    /// Timing path: start a store of `data`.
    fn initiate_mem_write(
        &mut self,
        addr: Addr,
        size: usize,
        data: u64,
        flags: MemFlags,
    ) -> Result<(), Fault>;
    /// Timing path: start an atomic RMW.
    fn initiate_mem_amo(
        &mut self,
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: MemFlags,
    ) -> Result<(), Fault>;

    /// The instruction is a Linux system call (`ecall`, `svc`, `syscall`).
    /// Returns `Fault::Stop` when the process has exited.
    fn syscall(&mut self) -> Result<(), Fault>;
    /// The instruction is a gem5 m5op with function code `func`; arguments come from
    /// the ISA's first argument registers, which the ISA passes in `args`.
    /// The return value goes to the ISA's return register.
    fn m5op(&mut self, func: u16, args: [u64; 6]) -> Result<u64, Fault>;
    /// False if floating-point instructions are illegal now (full system: the
    /// ISA's floating-point unit is off). Syscall emulation: always true.
    #[inline(always)]
    fn fp_enabled(&self) -> bool {
        true
    }
    /// Instruction-stream fence: code may have been written (RISC-V `fence.i`);
    /// the CPU drops its decoded-instruction cache.
    fn fence_instructions(&mut self);
    /// Memory fence; CPUs that reorder memory honour it, others ignore it.
    fn fence_memory(&mut self) {}

    /// True when the CPU runs the whole machine (full system, with an
    /// [`ArchSystem`](super::ArchSystem)); false in syscall emulation, where
    /// privileged instructions and control registers are illegal. Instruction
    /// semantics ask only on paths SE never takes, so SE pays nothing.
    fn full_system(&self) -> bool {
        false
    }
    /// A privileged operation (trap return, wait for interrupt, TLB fence,
    /// environment call) the CPU forwards to its
    /// [`ArchSystem::system_op`](super::ArchSystem::system_op) and whose
    /// [`SystemEffect`](super::SystemEffect) it applies. Only called when
    /// [`full_system`](ExecContext::full_system) is true; the default refuses.
    fn system_op(&mut self, op: super::SystemOp) -> Result<(), Fault> {
        let _ = op;
        Err(Fault::IllegalInst {
            pc: self.pc(),
            raw: 0,
            reason: "privileged operation outside full-system mode",
        })
    }
}
