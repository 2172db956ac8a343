//! How an ISA's Linux port lays out a signal frame, as data, so that syscall
//! emulation delivers signals for any ISA without knowing one.
//!
//! The kernel side (SE mode) builds the frame from this description when a
//! handler runs and reads it back on `rt_sigreturn`:
//!
//! ```text
//!   sp before ─▶ (red zone skipped, then the alternate stack if SA_ONSTACK)
//!                frame = (sp - frame_size) & !(align - 1)
//!   frame + info_offset : siginfo_t (128 bytes)
//!   frame + uc_offset   : ucontext: uc_flags, uc_link, uc_stack, uc_sigmask,
//!                         then the registers at the offsets `regs` names
//!   handler runs with args[0..3] = (signo, &info, &uc), sp = frame,
//!   return_reg = the vDSO's sigreturn trampoline (`trampoline` bytes)
//! ```

/// One saved register of the frame's machine context.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FrameSlot {
    /// The program counter (8 bytes).
    Pc,
    /// Integer register `n` (8 bytes).
    Int(u16),
    /// Floating-point register `n`, raw bits (8 bytes).
    Float(u16),
    /// Misc register `n` (a CSR such as `fcsr`), its low 32 bits (4 bytes).
    Misc32(u16),
}

/// The Linux signal frame of an ISA (offsets in bytes).
#[derive(Copy, Clone, Debug)]
pub struct LinuxSignalFrame {
    /// Bytes the frame takes on the stack (`sizeof(struct rt_sigframe)` plus what
    /// the ISA's Linux appends, rounded as it rounds).
    pub frame_size: u64,
    /// Alignment of the frame's start.
    pub align: u64,
    /// Bytes below the interrupted stack pointer that must stay untouched (x86-64's
    /// red zone); 0 where the ABI has none.
    pub red_zone: u64,
    /// Offset of `siginfo_t` in the frame.
    pub info_offset: u64,
    /// Offset of `struct ucontext` in the frame.
    pub uc_offset: u64,
    /// Offset of `uc_stack` (`stack_t`: `ss_sp`, `ss_flags`, `ss_size`) in the ucontext.
    pub uc_stack: u64,
    /// Offset of `uc_sigmask` in the ucontext.
    pub uc_sigmask: u64,
    /// The saved registers: (offset in the ucontext, register).
    pub regs: &'static [(u64, FrameSlot)],
    /// Offsets in the ucontext of 32-bit words Linux writes as zero (reserved
    /// words, the end marker of the extension area) and `rt_sigreturn` requires
    /// to be zero still (a frame with one set is corrupt: `SIGSEGV`).
    pub zero_words: &'static [u64],
    /// Registers that receive the handler's arguments `(signo, &info, &uc)`.
    pub handler_args: [u16; 3],
    /// The register that receives the return address (the trampoline).
    pub return_reg: u16,
    /// Machine code of the vDSO's `rt_sigreturn` trampoline the handler returns to.
    pub trampoline: &'static [u8],
    /// Length of the system call instruction, to step back over it when a call is
    /// restarted after a signal.
    pub syscall_inst_bytes: u64,
}
