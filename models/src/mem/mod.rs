//! Memory-side components: memories and crossbars.

pub mod simple_memory;
pub mod xbar;

pub use simple_memory::{SimpleMemory, SimpleMemoryParams};
pub use xbar::{XBar, XBarParams};
