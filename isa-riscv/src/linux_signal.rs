//! The RISC-V Linux signal frame (Linux 6.x `arch/riscv/kernel/signal.c` and
//! the uapi `ucontext.h`/`sigcontext.h`), as the data SE mode builds it from.
//!
//! ```text
//!   struct rt_sigframe            offset  size
//!     siginfo_t info                   0   128
//!     struct ucontext uc             128   960
//!       uc_flags, uc_link              0,8
//!       stack_t uc_stack              16    24
//!       sigset_t uc_sigmask           40     8  (+ 120 bytes: 1024 bits in all)
//!       struct sigcontext (align 16) 176
//!         user_regs_struct: pc, x1..x31      176   256
//!         __riscv_d_ext_state: f[32], fcsr   432   264
//!         (q-state union size: 528; its last words are the extension area)
//!         sc_extdesc.reserved                948     4  (zero)
//!         sc_extdesc.hdr {magic, size}       952     8  (END_MAGIC 0, size 0)
//! ```
//!
//! Linux sets `ra` to the vDSO's `__vdso_rt_sigreturn` (`li a7, 139; ecall`) and
//! passes `(signo, &info, &uc)` in `a0..a2`.

use crate::fp::FCSR;
use sim_core::arch::{FrameSlot, LinuxSignalFrame};

/// Offset of `struct sigcontext` in the ucontext.
const MCONTEXT: u64 = 176;
/// Offset of the F/D state in the ucontext.
const FP_STATE: u64 = MCONTEXT + 256;

/// `pc`, `x1..x31`, `f0..f31`, `fcsr`, at their ucontext offsets.
const REGS: [(u64, FrameSlot); 65] = {
    let mut r = [(0, FrameSlot::Pc); 65];
    r[0] = (MCONTEXT, FrameSlot::Pc);
    let mut i = 1;
    while i < 32 {
        r[i] = (MCONTEXT + 8 * i as u64, FrameSlot::Int(i as u16));
        i += 1;
    }
    let mut f = 0;
    while f < 32 {
        r[32 + f] = (FP_STATE + 8 * f as u64, FrameSlot::Float(f as u16));
        f += 1;
    }
    r[64] = (FP_STATE + 256, FrameSlot::Misc32(FCSR));
    r
};

/// The RISC-V Linux signal frame.
pub static SIGNAL_FRAME: LinuxSignalFrame = LinuxSignalFrame {
    frame_size: 128 + 960,
    align: 16,
    red_zone: 0,
    info_offset: 0,
    uc_offset: 128,
    uc_stack: 16,
    uc_sigmask: 40,
    regs: &REGS,
    // sc_extdesc.reserved, then the END header's magic and size.
    zero_words: &[FP_STATE + 516, FP_STATE + 520, FP_STATE + 524],
    handler_args: [10, 11, 12],
    return_reg: 1,
    // li a7, 139 (addi a7, zero, 139); ecall
    trampoline: &[0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00],
    syscall_inst_bytes: 4,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_match_linux_uapi() {
        assert_eq!(REGS[1], (184, FrameSlot::Int(1)), "x1 follows pc");
        assert_eq!(REGS[31].0, 176 + 8 * 31);
        assert_eq!(REGS[32], (432, FrameSlot::Float(0)));
        assert_eq!(REGS[64], (688, FrameSlot::Misc32(FCSR)));
        assert_eq!(SIGNAL_FRAME.zero_words, &[948, 952, 956]);
        assert_eq!(SIGNAL_FRAME.frame_size % 16, 0);
        // 0x08b00893 = addi a7, zero, 139; 0x00000073 = ecall.
        let w =
            |i: usize| u32::from_le_bytes(SIGNAL_FRAME.trampoline[i..i + 4].try_into().unwrap());
        assert_eq!((w(0), w(4)), (0x08b0_0893, 0x0000_0073));
    }
}
