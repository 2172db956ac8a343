//! Building a handler's signal frame and reading it back on `rt_sigreturn`, from
//! the ISA's [`LinuxSignalFrame`] description.

use super::{SigAction, SigInfo, SA_ONSTACK, UNBLOCKABLE};
use crate::se::addr_space::AddrSpace;
use sim_core::arch::{ArchRegs, FrameSlot, LinuxProcessInfo, LinuxSignalFrame};

/// `ss_flags`: the thread runs on its alternate stack.
pub(crate) const SS_ONSTACK: u64 = 1;
/// `ss_flags`: no alternate stack.
pub(crate) const SS_DISABLE: u64 = 2;
/// `ss_flags`: disarm the alternate stack while a handler runs on it.
pub(crate) const SS_AUTODISARM: u64 = 1 << 31;
/// Smallest alternate stack Linux accepts (`MINSIGSTKSZ` of RISC-V and x86-64).
pub(crate) const MINSIGSTKSZ: u64 = 2048;

/// A thread's `sigaltstack`: (`ss_sp`, `ss_flags`, `ss_size`).
pub(crate) type AltStack = (u64, u64, u64);

/// Whether `sp` lies on the alternate stack `alt` (Linux's `on_sig_stack`).
pub(crate) fn on_alt_stack(alt: AltStack, sp: u64) -> bool {
    let (base, flags, size) = alt;
    if flags & SS_AUTODISARM != 0 {
        return false;
    }
    sp > base && sp - base <= size
}

/// `ss_flags` as `sigaltstack` and the frame report them for stack pointer `sp`.
pub(crate) fn alt_flags(alt: AltStack, sp: u64) -> u64 {
    if alt.2 == 0 {
        SS_DISABLE
    } else if on_alt_stack(alt, sp) {
        SS_ONSTACK
    } else {
        0
    }
}

/// What a handler starts with.
pub(crate) struct Entry {
    /// The handler's first instruction.
    pub pc: u64,
    /// The alternate stack after the frame was set up (`SS_AUTODISARM` disarms it).
    pub altstack: AltStack,
}

/// Everything the frame records.
pub(crate) struct FrameInput<'a> {
    pub signo: u64,
    pub info: &'a SigInfo,
    pub act: &'a SigAction,
    /// The mask `rt_sigreturn` restores.
    pub mask: u64,
    pub altstack: AltStack,
    /// Where the interrupted thread resumes.
    pub pc: u64,
    /// The vDSO's sigreturn trampoline.
    pub trampoline: u64,
}

fn put(b: &mut [u8], off: u64, v: &[u8]) {
    b[off as usize..off as usize + v.len()].copy_from_slice(v);
}

fn get8(b: &[u8], off: u64) -> u64 {
    u64::from_le_bytes(
        b[off as usize..off as usize + 8]
            .try_into()
            .expect("8 bytes"),
    )
}

fn get4(b: &[u8], off: u64) -> u32 {
    u32::from_le_bytes(
        b[off as usize..off as usize + 4]
            .try_into()
            .expect("4 bytes"),
    )
}

/// Write the frame below the thread's stack (or on its alternate stack) and
/// point `regs` at the handler. `None` if the frame cannot be written (no stack
/// left): the thread then dies of `SIGSEGV`, as on Linux.
pub(crate) fn setup<R: ArchRegs>(
    space: &mut AddrSpace,
    info: &LinuxProcessInfo,
    f: &LinuxSignalFrame,
    regs: &mut R,
    input: &FrameInput,
) -> Option<Entry> {
    let sp = regs.int(info.sp_reg);
    let alt = input.altstack;
    if on_alt_stack(alt, sp) && !on_alt_stack(alt, sp.wrapping_sub(f.frame_size)) {
        return None;
    }
    let mut top = sp.wrapping_sub(f.red_zone);
    if input.act.flags & SA_ONSTACK != 0 && alt_flags(alt, sp) == 0 {
        top = alt.0 + alt.2;
    }
    let frame = top.wrapping_sub(f.frame_size) & !(f.align - 1);
    let mut b = vec![0u8; f.frame_size as usize];
    put(&mut b, f.info_offset, &input.info.0);
    let uc = f.uc_offset;
    put(&mut b, uc + f.uc_stack, &alt.0.to_le_bytes());
    put(
        &mut b,
        uc + f.uc_stack + 8,
        &(alt_flags(alt, sp) as u32).to_le_bytes(),
    );
    put(&mut b, uc + f.uc_stack + 16, &alt.2.to_le_bytes());
    put(&mut b, uc + f.uc_sigmask, &input.mask.to_le_bytes());
    let mut misc = regs.clone();
    for &(off, slot) in f.regs {
        match slot {
            FrameSlot::Pc => put(&mut b, uc + off, &input.pc.to_le_bytes()),
            FrameSlot::Int(n) => put(&mut b, uc + off, &regs.int(n).to_le_bytes()),
            FrameSlot::Float(n) => put(&mut b, uc + off, &regs.float(n).to_le_bytes()),
            FrameSlot::Misc32(n) => {
                let v = misc.read_misc(n).unwrap_or(0) as u32;
                put(&mut b, uc + off, &v.to_le_bytes());
            }
        }
    }
    space.write_bytes(frame, &b).ok()?;
    let [a0, a1, a2] = f.handler_args;
    regs.set_int(a0, input.signo);
    regs.set_int(a1, frame + f.info_offset);
    regs.set_int(a2, frame + uc);
    regs.set_int(info.sp_reg, frame);
    regs.set_int(f.return_reg, input.trampoline);
    let altstack = if alt.1 & SS_AUTODISARM != 0 {
        (0, SS_DISABLE, 0)
    } else {
        alt
    };
    Some(Entry {
        pc: input.act.handler,
        altstack,
    })
}

/// What `rt_sigreturn` restores besides the registers.
pub(crate) struct Restored {
    /// Where the thread resumes.
    pub pc: u64,
    /// The signal mask.
    pub mask: u64,
    /// The alternate stack saved in the frame.
    pub altstack: AltStack,
}

/// Read the frame at the stack pointer back into `regs`. `None` if it cannot be
/// read or is corrupt (a reserved word set): the thread dies of `SIGSEGV`.
pub(crate) fn restore<R: ArchRegs>(
    space: &mut AddrSpace,
    info: &LinuxProcessInfo,
    f: &LinuxSignalFrame,
    regs: &mut R,
) -> Option<Restored> {
    let frame = regs.int(info.sp_reg);
    let b = space.read_vec(frame, f.frame_size as usize).ok()?;
    let uc = f.uc_offset;
    if f.zero_words.iter().any(|&o| get4(&b, uc + o) != 0) {
        return None;
    }
    let mut pc = 0;
    for &(off, slot) in f.regs {
        match slot {
            FrameSlot::Pc => pc = get8(&b, uc + off),
            FrameSlot::Int(n) => regs.set_int(n, get8(&b, uc + off)),
            FrameSlot::Float(n) => regs.set_float(n, get8(&b, uc + off)),
            FrameSlot::Misc32(n) => regs.set_misc(n, get4(&b, uc + off) as u64).ok()?,
        }
    }
    let s = uc + f.uc_stack;
    Some(Restored {
        pc,
        mask: get8(&b, uc + f.uc_sigmask) & !UNBLOCKABLE,
        altstack: (get8(&b, s), get4(&b, s + 8) as u64, get8(&b, s + 16)),
    })
}
