//! # isa-arm: AArch64 (not implemented yet)
//!
//! This crate will implement [`sim_core::arch::Isa`] for AArch64: decoding, the
//! NZCV condition codes as renamable `RegClass::CondCode` registers, system registers
//! as `RegClass::Misc`, the Linux syscall table and the m5op encoding
//! `0xff000110 | (func << 16)`. Until then the `sim` front end rejects AArch64
//! binaries with an error that says so.
