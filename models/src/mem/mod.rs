//! Memory-side components: memories, DRAM controllers, caches and crossbars.
//!
//! Caches model tags, coherence state and timing; the bytes live in the backing
//! store and CPUs move them when their accesses complete (see
//! [`Backdoor`](sim_core::component::Backdoor) and `ReqFlags::TIMING_ONLY`).

pub mod cache;
pub mod coherent_xbar;
pub mod dram;
pub mod simple_memory;
pub mod traffic_gen;
pub mod xbar;

pub use simple_memory::{SimpleMemory, SimpleMemoryParams};
pub use xbar::{Interleave, XBar, XBarParams};
