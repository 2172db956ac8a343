//! RISC-V RV64GC (plus Zba, Zbb, Zbs) at user level, for syscall-emulation runs.
//!
//! # Using it
//!
//! A CPU model decodes with [`Riscv64`] through the [`Isa`] trait, caches the
//! resulting [`RvInst`] (a 24-byte `Copy` value) by PC and executes it against its
//! own [`ExecContext`](sim_core::arch::ExecContext):
//!
//! ```
//! use isa_riscv::Riscv64;
//! use sim_core::arch::{Isa, StaticInst};
//! use sim_core::Addr;
//!
//! let inst = Riscv64::decode(&[0x13, 0x05, 0x15, 0x00], Addr(0x1000)).unwrap(); // addi a0,a0,1
//! assert_eq!(inst.mnemonic(), "addi");
//! assert_eq!(inst.size(), 4);
//! ```
//!
//! # How it is organised
//!
//! * Encodings are data: each extension module (`rv_i`, `rv_m`, `rv_a`, `rv_f`,
//!   `rv_d`, `rv_c`, `zicsr`, `zb`, `m5op`, `unimpl`) starts with its table, one line
//!   per instruction (mnemonic, match, mask, operation, operand format), followed by
//!   the semantics of its operations. [`decode`] indexes the tables; tests prove no
//!   two lines overlap and check the decoder against GNU objdump output.
//! * [`Op`] is the flat list of operations with their classification (one table
//!   line each); `execute` is a single `match` on it.
//! * Floating point uses Berkeley SoftFloat with the RISC-V specialization.
//! * [`disasm`] produces trace text (capstone, falling back to this crate's tables).
//! * [`syscalls`] is the riscv64 Linux system call table.
//! * [`privileged`] is the privileged architecture for full-system runs (M/S/U
//!   modes, CSRs, traps, interrupts, Sv39/48/57 with TLBs, PMP, Sstc) behind
//!   `sim_core::arch::ArchSystem`; `mret`, `sret`, `wfi` and `sfence.vma` decode
//!   always and are illegal in syscall emulation, as before.

#![warn(missing_docs)]

mod decode;
pub mod disasm;
mod dispatch;
mod fp;
mod inst;
pub mod linux_signal;
mod m5op;
mod op;
pub mod privileged;
mod regs;
mod rv_a;
mod rv_c;
mod rv_d;
mod rv_f;
mod rv_i;
mod rv_m;
mod rv_sys;
pub mod syscalls;
mod unimpl;
mod zb;
mod zicsr;

#[cfg(test)]
mod tests;

pub use decode::{decode, decode_raw};
pub use fp::{box_s, unbox_s, CANONICAL_NAN_D, CANONICAL_NAN_S, FCSR, FFLAGS, FRM};
pub use inst::RvInst;
pub use op::Op;
pub use privileged::{RvSystem, RvSystemParams};
pub use regs::RvRegs;
pub use zicsr::{csr_name, CYCLE, INSTRET, TIME};

use sim_core::arch::{DecodeError, Isa, LinuxProcessInfo, SyscallAbi};
use sim_core::Addr;

/// The RV64GC instruction set (with Zba, Zbb, Zbs and gem5 m5ops).
#[derive(Copy, Clone, Debug, Default)]
pub struct Riscv64;

/// `AT_HWCAP` bits: one bit per single-letter extension (`'a'` is bit 0).
const fn hwcap(letters: &[u8]) -> u64 {
    let mut v = 0;
    let mut k = 0;
    while k < letters.len() {
        v |= 1 << (letters[k] - b'a');
        k += 1;
    }
    v
}

static LINUX: LinuxProcessInfo = LinuxProcessInfo {
    elf_machine: 243, // EM_RISCV
    hwcap: hwcap(b"imafdc"),
    platform: None,
    stack_align: 16,
    sp_reg: 2,
    tp_reg: 4,
    syscall: SyscallAbi {
        number: 17,
        args: [10, 11, 12, 13, 14, 15],
        ret: 10,
    },
    syscall_names: syscalls::SYSCALLS,
    signal_frame: Some(&linux_signal::SIGNAL_FRAME),
};

impl Isa for Riscv64 {
    type Inst = RvInst;
    type Regs = RvRegs;
    const NAME: &'static str = "riscv";
    const MAX_INST_BYTES: usize = 4;

    fn decode(bytes: &[u8], _pc: Addr) -> Result<RvInst, DecodeError> {
        decode::decode(bytes)
    }

    fn linux() -> &'static LinuxProcessInfo {
        &LINUX
    }

    fn disassemble(raw: u64, size: u8, pc: u64) -> String {
        disasm::disassemble(raw, size, pc)
    }
}
