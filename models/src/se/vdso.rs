//! The vDSO page every process gets: read-only, executable, holding the ISA's
//! `rt_sigreturn` trampoline that signal handlers return to (RISC-V's and
//! AArch64's Linux return through the vDSO's `__vdso_rt_sigreturn`).
//!
//! It is a bare trampoline, not an ELF image, so the auxiliary vector carries
//! no `AT_SYSINFO_EHDR` (libc then makes real system calls for the time).

use super::addr_space::{AddrSpace, Perms, VmaKind, STACK_TOP, USER_END};
use super::frames::PAGE_SIZE;
use sim_core::arch::LinuxProcessInfo;

/// Where the page goes: the last user page, above the stack's top, so it moves
/// no other mapping and leaves the stack free to grow down to its
/// `RLIMIT_STACK` and `mmap` free to fill its area downwards.
pub(crate) const VDSO_BASE: u64 = STACK_TOP;

const _: () = assert!(VDSO_BASE + PAGE_SIZE <= USER_END);

/// Map the vDSO page into `space` and return its trampoline's address (0 if the
/// ISA has no signal frame); `None` if no frame was left for the page.
pub(crate) fn map(space: &mut AddrSpace, info: &LinuxProcessInfo) -> Option<u64> {
    let Some(frame) = info.signal_frame else {
        return Some(0);
    };
    space.map(
        VDSO_BASE,
        VDSO_BASE + PAGE_SIZE,
        Perms::R | Perms::X,
        VmaKind::Vdso,
    );
    space.poke(VDSO_BASE, frame.trampoline).ok()?;
    Some(VDSO_BASE)
}
