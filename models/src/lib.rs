//! # models: the simulated hardware and operating-system emulation
//!
//! CPU models ([`cpu`]), memory-side components ([`mem`]), platform devices ([`dev`]), syscall emulation
//! ([`se`]) and boards that assemble them ([`boards`]).
#![warn(missing_docs)]

pub mod boards;
pub mod build;
pub mod cpu;
pub mod dev;
pub mod mem;
pub mod se;
