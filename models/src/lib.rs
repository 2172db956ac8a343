//! # models: the simulated hardware and operating-system emulation
//!
//! CPU models ([`cpu`]), memory-side components ([`mem`]), syscall emulation
//! ([`se`]) and boards that assemble them ([`boards`]).
#![warn(missing_docs)]

pub mod boards;
pub mod build;
pub mod cpu;
pub mod mem;
pub mod se;
