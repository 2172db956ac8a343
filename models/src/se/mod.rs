//! Syscall emulation (SE mode): run a static or dynamically linked Linux executable on a simulated CPU,
//! emulating its system calls on the host, as gem5's SE mode does.
//!
//! This module is ISA-independent: everything ISA-specific comes from the ISA's
//! [`LinuxProcessInfo`](sim_core::arch::LinuxProcessInfo) (ELF machine, syscall
//! ABI and names, stack alignment, `AT_HWCAP`) plus a few per-machine layout
//! differences in [`abi::GuestAbi`].
//!
//! # Using it from a CPU model
//!
//! ```ignore
//! let store = Arc::new(BackingStore::new(AddrRange::new(0x8000_0000, 512 << 20))?);
//! let frames = Arc::new(FrameAllocator::new(store.clone()));
//! let mut proc = Process::from_params(&ProcessParams::new("./hello"), Riscv::linux(), frames)?;
//! let mut regs: RiscvRegs = proc.initial_regs();   // sp set, the rest zero
//! let mut pc = proc.entry();
//! // TLB miss:       proc.translate(vaddr, MemAccess::Load) -> Result<Addr, Fault>
//! //                 (a page fault is SIGSEGV; Fault::OutOfMemory kills as Linux's OOM killer)
//! //                 then store.host_ptr(paddr, len) for the CPU's own host-pointer TLB.
//! // ecall/syscall:  match proc.syscall(&mut regs, now) {
//! //                     SyscallOutcome::Continue(flush) => { if flush.tlb {..} if flush.icache {..} }
//! //                     SyscallOutcome::Exited(status) => return status.host_code(),
//! //                 }
//! // At the end:     proc.unimplemented_syscalls() for a summary.
//! ```
//!
//! # Structure
//!
//! * [`frames`]: the physical frame allocator, shared by every process on a store,
//!   and its [`page_cache`] of the file pages mapped `MAP_SHARED`.
//! * [`addr_space`]: VMAs, the page table, demand paging, guest-memory copies.
//! * [`loader`] and [`stack`]: the ELF image and the initial stack (argv, envp, auxv);
//!   [`interp`] loads a dynamically linked program's ELF interpreter with it.
//! * [`sysroot`]: where the guest's absolute paths live on the host (`-L`,
//!   gem5's redirect paths), the one resolver every path-taking call uses.
//! * [`fd`]: guest fds to host fds.
//! * [`process`]: the process (address space + fd table + thread state) and the
//!   entry points above.
//! * `syscalls`: the handlers, dispatched by kernel name.
//! * [`kernel`]: [`SeKernel`], several processes and threads scheduled on
//!   several CPUs (`clone`, futexes, time slicing); each CPU drives a [`SeCpuOs`].
//! * [`thread_os`]: [`SeThreadOs`], the [`ThreadOs`](crate::cpu::ThreadOs) a CPU
//!   model drives, and [`Process::load`], the one-call loader boards use.
//!
//! Address space, fd table and per-thread state are separate structures so that
//! threads (`clone` with `CLONE_VM`/`CLONE_FILES`) can later share the first two,
//! and separate processes on one store share only the [`FrameAllocator`].

pub mod abi;
pub mod addr_space;
pub(crate) mod blocking;
pub mod fd;
pub mod frames;
pub mod interp;
pub mod kernel;
pub mod loader;
pub mod page_cache;
pub mod process;
pub mod stack;
mod syscalls;
pub mod sysroot;
pub mod system;
pub mod thread_os;
mod uaccess;
mod vdso;

#[cfg(test)]
mod tests;

pub use addr_space::{AddrSpace, Flush, MemFault, Perms};
pub use frames::{FrameAllocator, PAGE_SIZE};
pub use kernel::{SeCpuOs, SeKernel, DEFAULT_QUANTUM};
pub use loader::{ElfError, ElfImage, LoadError};
pub use process::{ExitStatus, Process, ProcessParams, SyscallOutcome};
pub use syscalls::Call;
pub use sysroot::{PathMap, RedirectPath};
pub use thread_os::{exit_cause, killed_by_signal, ProcessError, SeThreadOs, StartState};
