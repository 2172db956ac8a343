//! Tests of SE mode with a fake register file and a small backing store.

mod elf;
mod elf_properties;
mod kernel;
mod kernel_gaps;
mod kernel_robust;
mod kernel_sched;
mod kernel_signals;
mod kernel_wait;
mod links_shared;
mod memory;
mod out_of_memory;
mod processes;
mod sigpipe;
mod syscall_properties;
mod syscalls;
mod sysroot;
mod sysview;

use super::{FrameAllocator, Process, ProcessParams, SyscallOutcome};
use sim_core::arch::{ArchRegs, Fault, LinuxProcessInfo, SyscallAbi};
use sim_core::mem::BackingStore;
use sim_core::{AddrRange, Tick};
use std::sync::Arc;

/// A RISC-V-like integer register file (x0 reads as zero).
#[derive(Clone, Default, Debug)]
pub(crate) struct FakeRegs([u64; 32]);

impl ArchRegs for FakeRegs {
    fn int(&self, idx: u16) -> u64 {
        self.0[idx as usize]
    }
    fn set_int(&mut self, idx: u16, v: u64) {
        if idx != 0 {
            self.0[idx as usize] = v;
        }
    }
    fn float(&self, _: u16) -> u64 {
        0
    }
    fn set_float(&mut self, _: u16, _: u64) {}
    fn read_misc(&mut self, _: u16) -> Result<u64, Fault> {
        Ok(0)
    }
    fn set_misc(&mut self, _: u16, _: u64) -> Result<(), Fault> {
        Ok(())
    }
    const NUM_INT: u16 = 32;
    const NUM_FLOAT: u16 = 0;
}

/// The riscv64 (asm-generic) numbers of the syscalls the tests use, plus `clone`,
/// which has no handler.
pub(crate) const NAMES: &[(u64, &str)] = &[
    (17, "getcwd"),
    (23, "dup"),
    (24, "dup3"),
    (25, "fcntl"),
    (29, "ioctl"),
    (34, "mkdirat"),
    (35, "unlinkat"),
    (36, "symlinkat"),
    (37, "linkat"),
    (46, "ftruncate"),
    (48, "faccessat"),
    (49, "chdir"),
    (52, "fchmod"),
    (53, "fchmodat"),
    (54, "fchownat"),
    (55, "fchown"),
    (56, "openat"),
    (57, "close"),
    (59, "pipe2"),
    (61, "getdents64"),
    (62, "lseek"),
    (63, "read"),
    (64, "write"),
    (65, "readv"),
    (66, "writev"),
    (74, "signalfd4"),
    (67, "pread64"),
    (68, "pwrite64"),
    (78, "readlinkat"),
    (79, "newfstatat"),
    (80, "fstat"),
    (88, "utimensat"),
    (93, "exit"),
    (94, "exit_group"),
    (95, "waitid"),
    (96, "set_tid_address"),
    (98, "futex"),
    (99, "set_robust_list"),
    (100, "get_robust_list"),
    (101, "nanosleep"),
    (113, "clock_gettime"),
    (114, "clock_getres"),
    (123, "sched_getaffinity"),
    (124, "sched_yield"),
    (129, "kill"),
    (130, "tkill"),
    (131, "tgkill"),
    (132, "sigaltstack"),
    (133, "rt_sigsuspend"),
    (134, "rt_sigaction"),
    (135, "rt_sigprocmask"),
    (136, "rt_sigpending"),
    (137, "rt_sigtimedwait"),
    (138, "rt_sigqueueinfo"),
    (139, "rt_sigreturn"),
    (154, "setpgid"),
    (155, "getpgid"),
    (157, "setsid"),
    (160, "uname"),
    (168, "getcpu"),
    (169, "gettimeofday"),
    (172, "getpid"),
    (173, "getppid"),
    (178, "gettid"),
    (179, "sysinfo"),
    (214, "brk"),
    (215, "munmap"),
    (216, "mremap"),
    (220, "clone"),
    (221, "execve"),
    (222, "mmap"),
    (226, "mprotect"),
    (227, "msync"),
    (233, "madvise"),
    (259, "riscv_flush_icache"),
    (260, "wait4"),
    (261, "prlimit64"),
    (278, "getrandom"),
    (291, "statx"),
    (293, "rseq"),
    (435, "clone3"),
];

pub(crate) static INFO: LinuxProcessInfo = LinuxProcessInfo {
    elf_machine: 243,
    hwcap: 0x112d,
    platform: None,
    stack_align: 16,
    sp_reg: 2,
    tp_reg: 4,
    syscall: SyscallAbi {
        number: 17,
        args: [10, 11, 12, 13, 14, 15],
        ret: 10,
    },
    syscall_names: NAMES,
    signal_frame: Some(&isa_riscv::linux_signal::SIGNAL_FRAME),
};

/// A frame allocator over a fresh 64 MiB store.
pub(crate) fn frames() -> Arc<FrameAllocator> {
    let store = Arc::new(
        BackingStore::new(AddrRange::new(0x8000_0000, 64 << 20)).expect("map a test memory"),
    );
    Arc::new(FrameAllocator::new(store))
}

/// Load address of [`tiny_elf`]'s text.
pub(crate) const TINY_TEXT: u64 = 0x10000;
/// Link address of [`tiny_elf`]'s data (8 bytes "DATADATA", then bss to 0x3000).
pub(crate) const TINY_DATA: u64 = 0x200b8;

/// A minimal static RISC-V ELF64: an RX segment holding the headers and 8 bytes
/// of code, and an RW segment of 8 data bytes plus bss.
pub(crate) fn tiny_elf() -> Vec<u8> {
    let mut b = vec![0u8; 0xb8];
    b[..4].copy_from_slice(b"\x7fELF");
    b[4] = 2; // ELFCLASS64
    b[5] = 1; // little-endian
    b[6] = 1; // EV_CURRENT
    let w16 = |b: &mut Vec<u8>, o: usize, v: u16| b[o..o + 2].copy_from_slice(&v.to_le_bytes());
    let w32 = |b: &mut Vec<u8>, o: usize, v: u32| b[o..o + 4].copy_from_slice(&v.to_le_bytes());
    let w64 = |b: &mut Vec<u8>, o: usize, v: u64| b[o..o + 8].copy_from_slice(&v.to_le_bytes());
    w16(&mut b, 16, 2); // ET_EXEC
    w16(&mut b, 18, 243); // EM_RISCV
    w32(&mut b, 20, 1);
    w64(&mut b, 24, TINY_TEXT + 0xb0); // e_entry
    w64(&mut b, 32, 64); // e_phoff
    w16(&mut b, 52, 64); // e_ehsize
    w16(&mut b, 54, 56); // e_phentsize
    w16(&mut b, 56, 2); // e_phnum
    w16(&mut b, 58, 64); // e_shentsize
                         // Text: offset 0, everything up to the code end.
    let ph = 64;
    w32(&mut b, ph, 1);
    w32(&mut b, ph + 4, 5); // R+X
    w64(&mut b, ph + 16, TINY_TEXT);
    w64(&mut b, ph + 24, TINY_TEXT);
    w64(&mut b, ph + 32, 0xb8);
    w64(&mut b, ph + 40, 0xb8);
    w64(&mut b, ph + 48, 0x1000);
    // Data: offset 0xb8, 8 bytes, memsz 0x3000.
    let ph = 64 + 56;
    w32(&mut b, ph, 1);
    w32(&mut b, ph + 4, 6); // R+W
    w64(&mut b, ph + 8, 0xb8);
    w64(&mut b, ph + 16, TINY_DATA);
    w64(&mut b, ph + 24, TINY_DATA);
    w64(&mut b, ph + 32, 8);
    w64(&mut b, ph + 40, 0x3000);
    w64(&mut b, ph + 48, 0x1000);
    // Code at 0xb0: `ecall; ebreak`.
    w32(&mut b, 0xb0, 0x0000_0073);
    w32(&mut b, 0xb4, 0x0010_0073);
    b.extend_from_slice(b"DATADATA");
    b
}

/// A process running [`tiny_elf`] with the given stdio.
pub(crate) fn tiny_process(stdio: [i32; 3]) -> Process {
    let mut params = ProcessParams::new("/bin/tiny");
    params.argv = vec!["tiny".into(), "arg1".into()];
    params.envp = vec!["HOME=/home/sim".into()];
    params.stdio = stdio;
    Process::from_elf_bytes(&tiny_elf(), &params, &INFO, frames()).expect("tiny ELF loads")
}

/// The number of syscall `name` in [`NAMES`] (or the raw number `999` for "bogus").
pub(crate) fn nr(name: &str) -> u64 {
    NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(n, _)| *n)
        .unwrap_or(999)
}

/// Run syscall `name` at tick `now`; returns the outcome and the raw return register.
pub(crate) fn call_at(
    p: &mut Process,
    name: &str,
    args: &[u64],
    now: u64,
) -> (SyscallOutcome, i64) {
    let mut r = FakeRegs::default();
    r.set_int(17, nr(name));
    for (i, &a) in args.iter().enumerate() {
        r.set_int(10 + i as u16, a);
    }
    let out = p.syscall(&mut r, Tick(now));
    (out, r.int(10) as i64)
}

/// Run syscall `name`; returns its result as a signed value (`-errno` on failure).
pub(crate) fn sys(p: &mut Process, name: &str, args: &[u64]) -> i64 {
    call_at(p, name, args, 0).1
}

/// A fresh anonymous read-write mapping of `len` bytes.
pub(crate) fn scratch(p: &mut Process, len: u64) -> u64 {
    let a = sys(p, "mmap", &[0, len, 3, 0x22, u64::MAX, 0]);
    assert!(a > 0, "mmap failed: {a}");
    a as u64
}
