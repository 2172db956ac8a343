//! Unit tests: encoding tables, decode vectors from GNU objdump, and execution of
//! tricky cases against a small mock execution context.

mod classify;
mod decode_vectors;
mod exec_fp;
mod exec_int;
mod exec_mem;
mod fs_mock;
mod mock;
mod priv_csr;
mod priv_pmp;
mod priv_tlb;
mod priv_trap;
mod priv_walk;
mod properties;
mod tables;
