//! The full-system seam: privilege, traps, interrupts and address translation.
//!
//! In syscall emulation the CPU runs user code only and the OS is emulated behind
//! `ThreadOs`. In full system the ISA owns the whole architecture of a hardware
//! thread (a *hart*): its privilege level, its control registers, its trap entry and
//! return, interrupt priority and masking, and its MMU (TLBs, page-table format,
//! walker, physical-memory protection). The CPU model stays ISA-free: it holds one
//! [`ArchSystem`] per hardware thread, next to the ISA's register file, and calls it
//! at the points below.
//!
//! ```text
//!   devices (CLINT, PLIC, GIC, APIC)      ISA: ArchSystem (per hart)            CPU model
//!   ────────────────────────────────      ──────────────────────────            ─────────
//!   pins.drive(line, level, ctx) ──────▶  IrqPins word  ◀── pending_interrupt(time) ── at each
//!        └─ ctx.wake(cpu) when a line changes                 │ Some(irq)             instruction
//!                                                             ▼                       boundary
//!                                         take_trap(regs, Trap::Interrupt(irq), pc) ─▶ new pc
//!   instruction semantics ─ Err(fault) ─────────────────────────────────────────────▶ take_trap(
//!                                                                   Trap::Fault(fault), pc)
//!   xc.read_misc / set_misc ───────────▶  read_misc / set_misc(regs, idx, counters)   (CSR access)
//!   xc.system_op(op) ──────────────────▶  system_op(regs, op) ─▶ SystemEffect        (xRET, WFI,
//!                                                                                     TLB fences)
//!   every fetch / load / store ────────▶  translate(vaddr, access, size)
//!                                           ├─ Translation::Done(Ok(paddr) | Err(fault))
//!                                           └─ Translation::Walk(state) ─▶ loop walk_step(state,
//!                                              reply): Read/CompareSwap a PTE through the CPU's
//!                                              port (functional, atomic or timing), until Done
//!   decode cache, CPU-side TLBs ◀─────── translation_epoch() changes ⇒ drop them
//! ```
//!
//! Rules each side keeps:
//!
//! * **SE mode pays nothing.** A CPU holds `Option<Box<dyn ArchSystem<I::Regs>>>`
//!   and tests it only where SE already leaves the fast path: a fault, a misc
//!   access (the ISA first tries its user-level registers), a `system_op` (illegal in
//!   SE, see [`ExecContext::system_op`](super::ExecContext::system_op)). The
//!   per-instruction interrupt check and `translate` run only when it is `Some`.
//! * **Interrupts** are checked by simple and in-order CPUs between instructions and
//!   by out-of-order CPUs at commit (squashing younger instructions first). A CPU
//!   that finds one calls `take_trap` with the PC of the next instruction to run.
//! * **Faults** an instruction returns are handed to `take_trap` with that
//!   instruction's PC (gem5's `Fault::invoke`); the CPU continues at the returned
//!   address. [`Fault::Stop`] is not a trap: the CPU stops as in SE mode.
//! * **Waiting for an interrupt** ([`SystemEffect::WaitForInterrupt`]): the CPU
//!   schedules nothing more and sleeps until its `wakeup` runs (a device changed a
//!   line through [`IrqPins::drive`]) or until the time [`ArchSystem::timer_deadline`]
//!   names (a timer the ISA compares itself, RISC-V Sstc); then it asks
//!   [`ArchSystem::wake_from_wait`] and either resumes (the interrupt, if enabled,
//!   is taken at that boundary) or sleeps again. Host time does not burn while idle.
//! * **Translation** happens before every fetch and data access. The walker is a
//!   state machine so timing CPUs send each page-table read through their data port
//!   as an ordinary request and feed the reply back; atomic CPUs loop at once
//!   ([`run_walk`]). Page-table updates (accessed/dirty bits) are compare-and-swap
//!   requests so another hart's concurrent change is never lost.
//! * **Epoch**: whatever a CPU caches that depends on translation (decoded
//!   instructions keyed by virtual PC, a host-pointer TLB) is valid only while
//!   [`ArchSystem::translation_epoch`] keeps its value; the ISA bumps it on address
//!   space changes (RISC-V `satp` writes, `sfence.vma`, a switch between M-mode's
//!   bare addressing and S/U translation, `mstatus.MPRV`, PMP writes); permission
//!   verdicts also depend on [`ArchSystem::permission_epoch`] (privilege,
//!   `mstatus.SUM`/`MXR`), which Linux changes on every user copy.
//!
//! Other ISAs use the same seam: AArch64 maps EL0..EL3 to [`PrivLevel`] values,
//! `take_trap` writes ELR/SPSR/ESR/FAR and returns the vector (`VBAR_ELx` + offset),
//! its GIC drives IRQ/FIQ lines through [`IrqPins`], `ERET`/`WFI`/`TLBI` are
//! `system_op`s, and its walker (VMSAv8-64 descriptors, two stages) is the same
//! read/reply state machine. x86-64 maps CPL 0..3, its local APIC drives
//! [`IrqPins`], `take_trap` returns the entry of a microcode routine that pushes the
//! interrupt frame (the frame writes go through memory, so they are micro-ops, as in
//! gem5), `IRET`/`HLT`/`INVLPG` are `system_op`s, and its 4- or 5-level walk is the
//! same state machine.

mod pins;
mod walk;

pub use pins::{IrqPins, Timebase};
pub use walk::{run_walk, Translation, WalkState, WalkStep};

use super::{ArchRegs, Fault, MemAccess};
use crate::stats::StatVisitor;
use crate::Addr;

/// A privilege level in the ISA's own numbering (RISC-V: U = 0, S = 1, M = 3;
/// AArch64: EL0..EL3; x86: CPL 0..3, where 0 is the most privileged).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrivLevel(pub u8);

/// An interrupt the ISA decided to take: its ISA-defined cause number
/// (RISC-V `mcause` without the interrupt bit; AArch64 IRQ/FIQ/SError; x86 vector).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Interrupt {
    /// The cause number.
    pub cause: u64,
}

/// What `take_trap` is asked to enter: an instruction's fault or an interrupt.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Trap {
    /// A synchronous exception raised by the instruction at the trap PC.
    Fault(Fault),
    /// An asynchronous interrupt taken before the instruction at the trap PC.
    Interrupt(Interrupt),
}

/// The counter values the CPU knows, handed to misc accesses that read them
/// (RISC-V `cycle`, `instret`, `time`; AArch64 `CNTVCT_EL0`; x86 `TSC`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct HartCounters {
    /// Cycles of this hart since power-on.
    pub cycles: u64,
    /// Instructions this hart has retired.
    pub instret: u64,
    /// The platform timer's count ([`Timebase::count_at`] of the current tick).
    pub time: u64,
}

/// An ISA operation on system state that instruction semantics ask for through
/// [`ExecContext::system_op`](super::ExecContext::system_op): trap returns, waits,
/// TLB maintenance, environment calls. `code` is ISA-defined; `args` are the
/// operands (`None` when the instruction names none, e.g. RISC-V `x0`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SystemOp {
    /// ISA-defined operation code.
    pub code: u16,
    /// Operands.
    pub args: [Option<u64>; 2],
}

/// What the CPU must do after a successful [`ArchSystem::system_op`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SystemEffect {
    /// Go on with the next instruction.
    Continue,
    /// Continue at this address (a trap return); translation may have changed.
    Jump(Addr),
    /// Retire the instruction, then sleep until an interrupt line changes or the
    /// timer deadline passes (see the module documentation).
    WaitForInterrupt,
}

/// The ISA's full-system state of one hardware thread: privilege, control
/// registers, trap logic and MMU. `R` is the ISA's register file, which the CPU
/// owns and lends to the calls that need it.
///
/// The trait is object-safe so CPU models hold it as `Box<dyn ArchSystem<R>>`.
pub trait ArchSystem<R: ArchRegs>: Send + 'static {
    /// The current privilege level.
    fn privilege(&self) -> PrivLevel;

    /// The interrupt to take now, if any: pending, enabled and not masked at the
    /// current privilege, highest priority first. `time` is the platform timer's
    /// count (for timers the ISA compares itself).
    fn pending_interrupt(&self, time: u64) -> Option<Interrupt>;

    /// True if a hart waiting for an interrupt must resume (an interrupt is
    /// pending and locally enabled, whether or not globally masked).
    fn wake_from_wait(&self, time: u64) -> bool;

    /// The timer count at which an interrupt the ISA raises by itself becomes
    /// pending (RISC-V `stimecmp`), so a waiting CPU knows when to wake.
    fn timer_deadline(&self) -> Option<u64>;

    /// Enter a trap raised at `pc` (the faulting instruction, or the next one for an
    /// interrupt): update the control state and privilege and return the handler's
    /// address, where the CPU continues.
    fn take_trap(&mut self, regs: &mut R, trap: Trap, pc: Addr) -> Addr;

    /// False while the floating-point unit is off (RISC-V `mstatus.FS` = Off):
    /// floating-point instructions and their control registers are then illegal.
    fn fp_enabled(&self) -> bool {
        true
    }

    /// Read a misc (control/status) register with the current privilege's
    /// access checks; an illegal access is `Err(Fault::IllegalInst)`.
    fn read_misc(&mut self, regs: &mut R, idx: u16, counters: &HartCounters) -> Result<u64, Fault>;

    /// Write a misc register (legalizing the value as the ISA requires).
    fn set_misc(
        &mut self,
        regs: &mut R,
        idx: u16,
        v: u64,
        counters: &HartCounters,
    ) -> Result<(), Fault>;

    /// Perform a system operation for the instruction at `pc`.
    fn system_op(&mut self, regs: &mut R, op: SystemOp, pc: Addr) -> Result<SystemEffect, Fault>;

    /// Start translating `size` bytes at `vaddr` for `access` under the current
    /// privilege and translation mode.
    fn translate(&mut self, vaddr: Addr, access: MemAccess, size: usize) -> Translation;

    /// Advance a page-table walk: `reply` is the value of the last
    /// [`WalkStep::Read`] (or the old value of the last [`WalkStep::CompareSwap`]);
    /// it is ignored on the first call.
    fn walk_step(&mut self, walk: &mut WalkState, reply: u64) -> WalkStep;

    /// Changes whenever cached translations (and instructions decoded through
    /// them) may have become stale.
    fn translation_epoch(&self) -> u64;

    /// Changes whenever the outcome of permission checks may change while the
    /// mappings stay (privilege changes, RISC-V `mstatus.SUM`/`MXR`): a CPU that
    /// caches translations together with their permission verdicts keys them by
    /// both epochs; its decode cache needs only the translation epoch.
    fn permission_epoch(&self) -> u64;

    /// Report the MMU's statistics (gem5's `mmu.itb.*`, `mmu.dtb.*`) into the
    /// CPU's stats group.
    fn visit_stats(&self, v: &mut dyn StatVisitor);

    /// Zero the statistics.
    fn reset_stats(&mut self);
}
