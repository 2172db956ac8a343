//! CPU models. Each is generic over the ISA ([`sim_core::arch::Isa`]) and talks to
//! memory only through its ports (with a backdoor fast path where the memory path
//! allows it), and to the operating system through [`ThreadOs`].

pub mod atomic;
pub mod decode_cache;
pub mod m5;
pub mod os;
pub mod stats;
pub mod tlb;
pub mod trace;

pub use atomic::{AtomicCpu, AtomicCpuParams};
pub use os::{OsOutcome, ThreadOs};
