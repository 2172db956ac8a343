//! Starting each hart of the board on the CPU model the options chose: the CPU
//! models that run a full system take the hart's privileged state, registers and
//! entry point through their own `start_full_system`.

use super::FsError;
use crate::boards::spec::CpuKind;
use crate::cpu::fs::FsHart;
use crate::cpu::{AtomicCpu, TimingCpu};
use isa_riscv::{Riscv64, RvRegs};
use sim_core::component::ComponentId;
use sim_core::System;

/// The CPU models `sim fs` runs, for the error that names the others.
pub const FS_CPU_TYPES: &str = "atomic, timing";

/// Refuse CPU models that cannot run a full system yet.
pub fn check_cpu_kind(kind: CpuKind, given: &str) -> Result<(), FsError> {
    match kind {
        CpuKind::Atomic | CpuKind::Timing => Ok(()),
        _ => Err(FsError::Unsupported(format!(
            "cpu_type: is {given}; allowed values in full system: {FS_CPU_TYPES} (the other \
             CPU models are not wired to the privileged architecture yet)"
        ))),
    }
}

/// Start component `id` of `system` (a CPU of model `kind`) as a hart with
/// privileged state `fs` at `entry` with `regs`.
pub fn start_hart(
    system: &mut System,
    id: ComponentId,
    kind: CpuKind,
    fs: FsHart<RvRegs>,
    regs: RvRegs,
    entry: u64,
) -> Result<(), FsError> {
    let any = system.component_mut(id).as_any_mut();
    let wrong = || FsError::Unsupported(format!("cpu_type: the CPU component is not {kind:?}"));
    match kind {
        CpuKind::Atomic => any
            .downcast_mut::<AtomicCpu<Riscv64>>()
            .ok_or_else(wrong)?
            .start_full_system(fs, regs, entry),
        CpuKind::Timing => any
            .downcast_mut::<TimingCpu<Riscv64>>()
            .ok_or_else(wrong)?
            .start_full_system(fs, regs, entry),
        _ => check_cpu_kind(kind, &format!("{kind:?}"))?,
    }
    Ok(())
}
