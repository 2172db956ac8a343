//! Starting a hart on whichever CPU model the tree chose: each model that runs in
//! full system takes the hart's privileged state, registers and entry point.

use super::FsError;
use crate::cpu::fs::FsHart;
use crate::cpu::{AtomicCpu, MinorCpu, O3Cpu, TimingCpu};
use isa_riscv::{Riscv64, RvRegs};
use sim_core::component::ComponentId;
use sim_core::System;

/// Start CPU `id` of `system` as a full-system hart at `entry`.
pub fn start_hart(
    system: &mut System,
    id: ComponentId,
    fs: FsHart<RvRegs>,
    regs: RvRegs,
    entry: u64,
) -> Result<(), FsError> {
    let component = system.component_mut(id);
    let type_name = component.type_name();
    let any = component.as_any_mut();
    if let Some(cpu) = any.downcast_mut::<AtomicCpu<Riscv64>>() {
        cpu.start_full_system(fs, regs, entry);
        return Ok(());
    }
    if let Some(cpu) = any.downcast_mut::<TimingCpu<Riscv64>>() {
        cpu.start_full_system(fs, regs, entry);
        return Ok(());
    }
    if let Some(cpu) = any.downcast_mut::<MinorCpu<Riscv64>>() {
        cpu.start_full_system(fs, regs, entry);
        return Ok(());
    }
    if let Some(cpu) = any.downcast_mut::<O3Cpu<Riscv64>>() {
        cpu.start_full_system(fs, regs, entry);
        return Ok(());
    }
    Err(FsError::Unsupported(format!(
        "cpu_type: is {type_name}; allowed values in full system: atomic, timing, minor, o3"
    )))
}
