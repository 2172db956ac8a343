//! Syscall tests through `Process::syscall` with fake registers.

use super::*;
use crate::se::abi::Errno;
use crate::se::addr_space::Flush;
use crate::se::ExitStatus;
use sim_core::arch::MemAccess;
use sim_core::Addr;
use std::io::Read;
use std::os::fd::AsRawFd;

const AT_FDCWD: u64 = -100i64 as u64;
const ENOSYS: i64 = -38;
const EFAULT: i64 = -14;
const EBADF: i64 = -9;
const EINVAL: i64 = -22;
const ENOMEM: i64 = -12;

fn proc() -> Process {
    tiny_process([0, 1, 2])
}

/// Put a NUL-terminated string in guest memory.
fn cstr(p: &mut Process, at: u64, s: &str) -> u64 {
    let mut b = s.as_bytes().to_vec();
    b.push(0);
    p.space().write_bytes(at, &b).unwrap();
    at
}

#[test]
fn simple_calls_return_expected_values() {
    let mut p = proc();
    let buf = scratch(&mut p, 0x4000);
    // (name, args, expected return)
    let cases: &[(&str, &[u64], i64)] = &[
        ("getpid", &[], 100),
        ("gettid", &[], 100),
        ("set_tid_address", &[buf], 100),
        ("rt_sigaction", &[6, 0, buf, 8], 0),
        ("rt_sigaction", &[9, buf, 0, 8], EINVAL),
        ("rt_sigprocmask", &[0, buf, buf + 0x2010, 8], 0),
        ("prlimit64", &[0, 3, 0, buf + 0x2000], 0),
        ("rseq", &[buf, 32, 0, 0], ENOSYS),
        ("close", &[77], EBADF),
        ("write", &[1, 0xdead_0000, 10], EFAULT),
        ("read", &[0, 0xdead_0000, 10], EFAULT),
        ("clock_gettime", &[99, buf], EINVAL),
        ("clock_gettime", &[0, 8], EFAULT),
        ("uname", &[0x1000], EFAULT),
        ("munmap", &[buf + 1, 4096], EINVAL),
        ("mprotect", &[0x5000_0000, 4096, 1], ENOMEM),
        ("mmap", &[0, 0, 3, 0x22, u64::MAX, 0], EINVAL),
        ("futex", &[buf, 1, 1, 0, 0, 0], 0),
        ("futex", &[buf, 128, 12345, 0, 0, 0], -11),
        ("kill", &[100, 0], 0),
        ("kill", &[4242, 6], -3),
        ("getrandom", &[buf, 33, 0], 33),
        ("riscv_flush_icache", &[0, 0, 0], 0),
        ("madvise", &[buf, 4096, 4], 0),
    ];
    for &(name, args, want) in cases {
        assert_eq!(sys(&mut p, name, args), want, "{name}{args:x?}");
    }
    assert_eq!(p.space().read_u64(buf + 0x2010).unwrap(), 0, "old sigmask");
    assert_eq!(
        p.space().read_u64(buf + 0x2000).unwrap(),
        8 << 20,
        "RLIMIT_STACK soft limit"
    );
    assert_eq!(
        p.space().read_vec(buf, 64).unwrap(),
        vec![0; 64],
        "MADV_DONTNEED zeroes anonymous memory"
    );
}

#[test]
fn pipe_write_then_read() {
    let mut p = proc();
    let buf = scratch(&mut p, 0x2000);
    assert_eq!(sys(&mut p, "pipe2", &[buf, 0o2000000]), 0);
    let (r, w) = (
        p.space().read_u32(buf).unwrap() as u64,
        p.space().read_u32(buf + 4).unwrap() as u64,
    );
    assert_eq!((r, w), (3, 4));
    assert_eq!(
        sys(&mut p, "fcntl", &[r, 1]),
        1,
        "O_CLOEXEC gives FD_CLOEXEC"
    );
    // The message crosses a page boundary in guest memory.
    let msg = buf + 0xffd;
    p.space().write_bytes(msg, b"hello").unwrap();
    assert_eq!(sys(&mut p, "write", &[w, msg, 5]), 5);
    assert_eq!(sys(&mut p, "read", &[r, buf + 0x100, 64]), 5);
    assert_eq!(p.space().read_vec(buf + 0x100, 5).unwrap(), b"hello");
    // writev gathers, readv scatters.
    let iov = buf + 0x200;
    for (i, (a, l)) in [(msg, 2u64), (msg + 2, 3)].iter().enumerate() {
        p.space().write_u64(iov + 16 * i as u64, *a).unwrap();
        p.space().write_u64(iov + 16 * i as u64 + 8, *l).unwrap();
    }
    assert_eq!(sys(&mut p, "writev", &[w, iov, 2]), 5);
    assert_eq!(sys(&mut p, "readv", &[r, iov, 2]), 5);
    assert_eq!(sys(&mut p, "close", &[w]), 0);
    assert_eq!(
        sys(&mut p, "read", &[r, buf, 8]),
        0,
        "EOF after the writer closes"
    );
}

#[test]
fn stdout_goes_to_the_host_fd() {
    let (mut rd, wr) = std::io::pipe().unwrap();
    let mut p = tiny_process([0, wr.as_raw_fd(), 2]);
    let buf = scratch(&mut p, 4096);
    p.space().write_bytes(buf, b"out\n").unwrap();
    assert_eq!(sys(&mut p, "write", &[1, buf, 4]), 4);
    drop(p);
    drop(wr);
    let mut s = String::new();
    rd.read_to_string(&mut s).unwrap();
    assert_eq!(s, "out\n");
}

#[test]
fn files_open_read_stat_and_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.txt"), b"abcdef").unwrap();
    let mut p = proc();
    let buf = scratch(&mut p, 0x4000);
    let path = cstr(&mut p, buf, dir.path().join("data.txt").to_str().unwrap());
    let fd = sys(&mut p, "openat", &[AT_FDCWD, path, 0, 0]);
    assert_eq!(fd, 3);
    let fd = fd as u64;
    assert_eq!(sys(&mut p, "read", &[fd, buf + 0x1000, 100]), 6);
    assert_eq!(p.space().read_vec(buf + 0x1000, 6).unwrap(), b"abcdef");
    assert_eq!(sys(&mut p, "lseek", &[fd, 2, 0]), 2);
    assert_eq!(sys(&mut p, "fstat", &[fd, buf + 0x2000]), 0);
    assert_eq!(p.space().read_u64(buf + 0x2000 + 48).unwrap(), 6, "st_size");
    assert_eq!(
        p.space().read_u32(buf + 0x2000 + 16).unwrap() & 0o170000,
        0o100000,
        "S_IFREG"
    );
    assert_eq!(sys(&mut p, "close", &[fd]), 0);
    assert_eq!(sys(&mut p, "close", &[fd]), EBADF);
    // chdir, then relative paths resolve against the guest's cwd.
    let d = cstr(&mut p, buf, dir.path().to_str().unwrap());
    assert_eq!(sys(&mut p, "chdir", &[d]), 0);
    let n = sys(&mut p, "getcwd", &[buf + 0x1000, 4096]);
    let canon = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(n as usize, canon.as_os_str().len() + 1);
    let rel = cstr(&mut p, buf, "out.txt");
    // O_WRONLY | O_CREAT | O_TRUNC in the generic encoding.
    let fd = sys(&mut p, "openat", &[AT_FDCWD, rel, 0o1101, 0o644]) as u64;
    p.space().write_bytes(buf + 0x1000, b"xyz").unwrap();
    assert_eq!(sys(&mut p, "write", &[fd, buf + 0x1000, 3]), 3);
    assert_eq!(std::fs::read(dir.path().join("out.txt")).unwrap(), b"xyz");
    assert_eq!(
        sys(&mut p, "newfstatat", &[AT_FDCWD, rel, buf + 0x2000, 0]),
        0
    );
    assert_eq!(p.space().read_u64(buf + 0x2000 + 48).unwrap(), 3);
    assert_eq!(
        sys(&mut p, "statx", &[AT_FDCWD, rel, 0, 0x7ff, buf + 0x2000]),
        0
    );
    assert_eq!(
        p.space().read_u64(buf + 0x2000 + 40).unwrap(),
        3,
        "stx_size"
    );
    let missing = cstr(&mut p, buf + 0x3000, "nope");
    assert_eq!(sys(&mut p, "openat", &[AT_FDCWD, missing, 0, 0]), -2);
    assert_eq!(sys(&mut p, "unlinkat", &[AT_FDCWD, rel, 0]), 0);
    assert!(!dir.path().join("out.txt").exists());
    // /proc/self/exe names the executable.
    let link = cstr(&mut p, buf, "/proc/self/exe");
    let n = sys(&mut p, "readlinkat", &[AT_FDCWD, link, buf + 0x1000, 256]);
    assert_eq!(
        p.space().read_vec(buf + 0x1000, n as usize).unwrap(),
        b"/bin/tiny"
    );
}

#[test]
fn brk_grows_and_shrinks() {
    let mut p = proc();
    let start = sys(&mut p, "brk", &[0]) as u64;
    assert_eq!(
        sys(&mut p, "brk", &[start - 0x1000]) as u64,
        start,
        "below the start: unchanged"
    );
    assert_eq!(sys(&mut p, "brk", &[start + 0x5000]) as u64, start + 0x5000);
    p.space().write_u64(start + 0x4ff8, 42).unwrap();
    let (out, v) = call_at(&mut p, "brk", &[start + 0x1000], 0);
    assert_eq!(v as u64, start + 0x1000);
    assert_eq!(
        out,
        SyscallOutcome::Continue(Flush {
            tlb: true,
            icache: false
        })
    );
    assert!(p.translate(Addr(start + 0x1000), MemAccess::Load).is_err());
    assert!(p.translate(Addr(start), MemAccess::Store).is_ok());
    assert_eq!(sys(&mut p, "brk", &[start + 0x5000]) as u64, start + 0x5000);
    assert_eq!(
        p.space().read_u64(start + 0x4ff8).unwrap(),
        0,
        "regrown heap is zero"
    );
}

#[test]
fn mmap_munmap_mprotect_mremap() {
    let mut p = proc();
    let a = scratch(&mut p, 3 * 4096);
    assert_eq!(a % 4096, 0);
    assert!(a < crate::se::addr_space::MMAP_BASE);
    assert_eq!(p.space().read_u64(a + 4096).unwrap(), 0);
    p.space().write_u64(a + 4096, 7).unwrap();
    assert!(p.translate(Addr(a + 4096), MemAccess::Store).is_ok());
    // A second mapping lands below the first.
    let b = scratch(&mut p, 4096);
    assert_eq!(b, a - 4096);
    // mprotect: read-only, then executable.
    let (out, r) = call_at(&mut p, "mprotect", &[a, 4096, 1], 0);
    assert_eq!(
        (r, out),
        (
            0,
            SyscallOutcome::Continue(Flush {
                tlb: true,
                icache: false
            })
        )
    );
    assert!(p.translate(Addr(a), MemAccess::Store).is_err());
    assert!(p.translate(Addr(a), MemAccess::Load).is_ok());
    let (out, _) = call_at(&mut p, "mprotect", &[a, 4096, 5], 0);
    assert_eq!(
        out,
        SyscallOutcome::Continue(Flush {
            tlb: true,
            icache: true
        })
    );
    assert!(p.translate(Addr(a), MemAccess::Fetch).is_ok());
    // mremap moves the pages when the next page is taken (contents come along).
    assert_eq!(
        sys(
            &mut p,
            "mmap",
            &[a + 3 * 4096, 4096, 3, 0x12 | 0x20, u64::MAX, 0]
        ) as u64,
        a + 3 * 4096
    );
    let moved = sys(&mut p, "mremap", &[a, 3 * 4096, 64 * 4096, 1, 0]) as u64;
    assert!(moved != a && moved.is_multiple_of(4096), "{moved:#x}");
    assert_eq!(p.space().read_u64(moved + 4096).unwrap(), 7);
    assert!(p.translate(Addr(a + 4096), MemAccess::Load).is_err());
    assert_eq!(
        sys(&mut p, "mremap", &[moved, 64 * 4096, 2 * 4096, 0, 0]) as u64,
        moved,
        "shrink in place"
    );
    // munmap, then the pages are gone for the CPU and for syscalls.
    let (out, r) = call_at(&mut p, "munmap", &[moved, 2 * 4096], 0);
    assert_eq!(r, 0);
    assert!(matches!(
        out,
        SyscallOutcome::Continue(Flush { tlb: true, .. })
    ));
    assert!(p.translate(Addr(moved + 4096), MemAccess::Load).is_err());
    assert_eq!(sys(&mut p, "write", &[1, moved, 8]), EFAULT);
    // MAP_FIXED replaces; MAP_FIXED_NOREPLACE refuses.
    assert_eq!(
        sys(&mut p, "mmap", &[b, 4096, 3, 0x12 | 0x20, u64::MAX, 0]) as u64,
        b
    );
    assert_eq!(
        sys(&mut p, "mmap", &[b, 4096, 3, 0x100002 | 0x20, u64::MAX, 0]),
        -17
    );
}

#[test]
fn file_mmap_copies_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.bin");
    std::fs::write(&file, vec![0x5a; 5000]).unwrap();
    let mut p = proc();
    let buf = scratch(&mut p, 4096);
    let path = cstr(&mut p, buf, file.to_str().unwrap());
    let fd = sys(&mut p, "openat", &[AT_FDCWD, path, 0, 0]) as u64;
    let m = sys(&mut p, "mmap", &[0, 8192, 1, 2, fd, 0]) as u64;
    assert_eq!(p.space().read_vec(m + 4990, 10).unwrap(), vec![0x5a; 10]);
    assert_eq!(
        p.space().read_u64(m + 5000).unwrap(),
        0,
        "past EOF reads zero"
    );
    assert!(
        p.translate(Addr(m), MemAccess::Store).is_err(),
        "PROT_READ only"
    );
}

#[test]
fn uname_fields() {
    let mut p = proc();
    let buf = scratch(&mut p, 4096);
    assert_eq!(sys(&mut p, "uname", &[buf]), 0);
    let field = |p: &mut Process, i: u64| {
        String::from_utf8(p.space().read_cstr(buf + 65 * i, 64).unwrap()).unwrap()
    };
    assert_eq!(field(&mut p, 0), "Linux");
    assert_eq!(field(&mut p, 2), "6.8.0");
    assert_eq!(field(&mut p, 4), "riscv64");
}

#[test]
fn time_is_simulated_and_deterministic() {
    let now = 1_500_000_000_000; // 1.5 s in ticks
    let read = |clock: u64| {
        let mut p = proc();
        let buf = scratch(&mut p, 4096);
        let (_, r) = call_at(&mut p, "clock_gettime", &[clock, buf], now);
        assert_eq!(r, 0);
        (
            p.space().read_u64(buf).unwrap(),
            p.space().read_u64(buf + 8).unwrap(),
        )
    };
    assert_eq!(read(1), (1, 500_000_000), "CLOCK_MONOTONIC");
    assert_eq!(read(0), (1_700_000_001, 500_000_000), "CLOCK_REALTIME");
    assert_eq!(read(0), read(0));
    let mut p = proc();
    let buf = scratch(&mut p, 4096);
    let (_, r) = call_at(&mut p, "gettimeofday", &[buf, 0], now);
    assert_eq!(r, 0);
    assert_eq!(p.space().read_u64(buf + 8).unwrap(), 500_000, "tv_usec");
    // getrandom is reproducible from the seed.
    let mut q = proc();
    let qbuf = scratch(&mut q, 4096);
    sys(&mut p, "getrandom", &[buf, 64, 0]);
    sys(&mut q, "getrandom", &[qbuf, 64, 0]);
    assert_eq!(
        p.space().read_vec(buf, 64).unwrap(),
        q.space().read_vec(qbuf, 64).unwrap()
    );
}

#[test]
fn unknown_syscalls_return_enosys_and_are_remembered_once() {
    let mut p = proc();
    assert_eq!(sys(&mut p, "clone", &[0; 5]), ENOSYS);
    assert_eq!(sys(&mut p, "clone", &[0; 5]), ENOSYS);
    assert_eq!(sys(&mut p, "bogus", &[]), ENOSYS);
    assert_eq!(
        p.unimplemented_syscalls(),
        vec![(220, "clone", 2), (999, "unknown", 1)]
    );
    assert_eq!(Errno::ENOSYS.to_ret() as i64, ENOSYS);
}

#[test]
fn exits_and_fatal_signals_end_the_process() {
    let mut p = proc();
    let mut r = FakeRegs::default();
    r.set_int(17, nr("exit_group"));
    r.set_int(10, 259);
    assert_eq!(
        p.syscall(&mut r, Tick(0)),
        SyscallOutcome::Exited(ExitStatus::Exited(3))
    );
    assert_eq!(r.int(10), 259, "registers untouched on exit");
    let (out, _) = call_at(&mut proc(), "tgkill", &[100, 100, 6], 0);
    assert_eq!(out, SyscallOutcome::Exited(ExitStatus::Signaled(6)));
    assert_eq!(ExitStatus::Signaled(6).host_code(), 134);
    // A SIG_IGN disposition keeps the process alive.
    let mut p = proc();
    let buf = scratch(&mut p, 4096);
    p.space().write_u64(buf, 1).unwrap();
    assert_eq!(sys(&mut p, "rt_sigaction", &[15, buf, 0, 8]), 0);
    assert_eq!(
        call_at(&mut p, "kill", &[100, 15], 0),
        (SyscallOutcome::Continue(Flush::default()), 0)
    );
    // Waiting on a futex with the expected value and no other thread: deadlock.
    p.space().write_u32(buf, 5).unwrap();
    let (out, _) = call_at(&mut p, "futex", &[buf, 128, 5, 0, 0, 0], 0);
    assert_eq!(out, SyscallOutcome::Exited(ExitStatus::Deadlock));
}

#[test]
fn fd_duplication_and_flags() {
    let mut p = proc();
    let buf = scratch(&mut p, 4096);
    assert_eq!(sys(&mut p, "pipe2", &[buf, 0]), 0);
    let w = p.space().read_u32(buf + 4).unwrap() as u64;
    assert_eq!(sys(&mut p, "dup", &[w]), 5);
    assert_eq!(sys(&mut p, "dup3", &[w, 10, 0o2000000]), 10);
    assert_eq!(sys(&mut p, "fcntl", &[10, 1]), 1);
    assert_eq!(sys(&mut p, "fcntl", &[10, 2, 0]), 0);
    assert_eq!(sys(&mut p, "fcntl", &[10, 1]), 0);
    assert_eq!(
        sys(&mut p, "fcntl", &[w, 1030, 20]),
        20,
        "F_DUPFD_CLOEXEC from 20"
    );
    assert_eq!(sys(&mut p, "fcntl", &[w, 3]) & 3, 1, "F_GETFL: O_WRONLY");
    assert_eq!(sys(&mut p, "fcntl", &[w, 4, 0o4000]), 0);
    assert_eq!(
        sys(&mut p, "fcntl", &[w, 3]) & 0o4000,
        0o4000,
        "O_NONBLOCK set"
    );
    assert_eq!(sys(&mut p, "dup3", &[w, w, 0]), EINVAL);
    assert_eq!(
        sys(&mut p, "ioctl", &[w, 0x5401, buf]),
        -25,
        "TCGETS on a pipe: ENOTTY"
    );
}
