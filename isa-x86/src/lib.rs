//! # isa-x86: x86-64 (not implemented yet)
//!
//! This crate will implement [`sim_core::arch::Isa`] for x86-64: variable-length
//! decoding, macro-ops cracked into micro-ops (`StaticInst::num_micro_ops`), RFLAGS
//! pieces as `RegClass::CondCode`, self-modifying-code detection for the decoded
//! instruction cache, the Linux syscall table and the m5op bytes `0f 04 <func16>`.
//! Until then the `sim` front end rejects x86-64 binaries with an error that says so.
