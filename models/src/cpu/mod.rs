//! CPU models. Each is generic over the ISA ([`sim_core::arch::Isa`]) and talks to
//! memory only through its ports (with a backdoor fast path where the memory path
//! allows it), and to the operating system through [`ThreadOs`].
//!
//! ```text
//!   atomic/   AtomicSimpleCPU: batches of instructions, atomic accesses
//!   timing/   TimingSimpleCPU: one timing fetch (and data access) per instruction
//!   minor/    MinorCPU: the in-order pipeline (Fetch1, Fetch2, Decode, Execute)
//!   o3/       O3CPU: the out-of-order core (rename, issue queue, LSQ, ROB)
//!   bpred/    branch predictors of the detailed CPUs
//!   core, exec_context, access, threads, fault_text, os_fault: what the CPUs share
//!   monitor   the LR/SC reservation monitor a board's CPUs share
//! ```

mod access;
pub mod atomic;
pub mod bpred;
mod core;
pub mod decode_cache;
mod exec_context;
mod fault_text;
pub mod fs;
pub mod m5;
pub mod minor;
pub mod monitor;
pub mod o3;
pub mod os;
mod os_fault;
pub mod params;
pub mod stats;
pub mod store_sets;
mod threads;
pub mod timing;
pub mod tlb;
pub mod trace;
mod walker;

pub use access::LINE_BYTES;
pub use atomic::{AtomicCpu, AtomicCpuParams};
pub use minor::{MinorCpu, MinorCpuParams};
pub use monitor::ReservationMonitor;
pub use o3::{O3Cpu, O3CpuParams};
pub use os::{OsOutcome, ThreadOs};
pub use params::SimpleCpuParams;
pub use timing::{TimingCpu, TimingCpuParams};

/// Local index of the instruction port (`icache_port`) of every CPU model.
pub const ICACHE_PORT: u16 = 0;
/// Local index of the data port (`dcache_port`) of every CPU model.
pub const DCACHE_PORT: u16 = 1;
/// Bytes per instruction fetch request, aligned (gem5's RISC-V `MachInst` size).
pub const FETCH_BYTES: u64 = 4;

#[cfg(test)]
mod tests;
