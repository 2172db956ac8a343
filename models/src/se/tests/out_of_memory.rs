//! Simulated memory running out as Linux handles it: promises that cannot be
//! backed fail with `ENOMEM`; a page that finds no frame kills the process as
//! the OOM killer would, naming the memory size.

use super::kernel::{cid, NEXT_PC};
use super::*;
use crate::cpu::os::ThreadOs;
use crate::se::{ExitStatus, SeKernel};
use sim_core::arch::MemAccess;
use sim_core::units::MemSize;
use sim_core::Addr;

const ENOMEM: i64 = -12;
const PROT_NONE: u64 = 0;
const PROT_READ: u64 = 1;
const PROT_RW: u64 = 3;
const MAP_SHARED_ANON: u64 = 0x21;
const MAP_PRIVATE_ANON: u64 = 0x22;
const MAP_NORESERVE: u64 = 0x4000;
const MREMAP_MAYMOVE: u64 = 1;
const SIGKILL: i32 = 9;
const MIB: u64 = 1 << 20;

/// Frames over a store of `bytes`.
fn small_frames(bytes: u64) -> Arc<FrameAllocator> {
    let store =
        Arc::new(BackingStore::new(AddrRange::new(0x8000_0000, bytes)).expect("map a test memory"));
    Arc::new(FrameAllocator::new(store))
}

/// [`tiny_elf`] in a simulated memory of 1 MiB (256 frames).
fn small_process() -> Process {
    let params = ProcessParams::new("/bin/tiny");
    Process::from_elf_bytes(&tiny_elf(), &params, &INFO, small_frames(MIB)).expect("tiny ELF loads")
}

fn free_bytes(p: &mut Process) -> u64 {
    p.space().frames().free_frames() * 4096
}

#[test]
fn mmap_refuses_writable_memory_that_cannot_be_backed() {
    let mut p = small_process();
    let free = free_bytes(&mut p);
    assert!(free > 16 * 4096 && free < MIB, "{free}");
    let anon = |len, prot, flags| [0, len, prot, flags, u64::MAX, 0];
    assert_eq!(
        sys(
            &mut p,
            "mmap",
            &anon(free + 4096, PROT_RW, MAP_PRIVATE_ANON)
        ),
        ENOMEM,
        "one page more than is free"
    );
    let all = sys(&mut p, "mmap", &anon(free, PROT_RW, MAP_PRIVATE_ANON));
    assert!(all > 0, "exactly what is free can be promised: {all}");
    assert_eq!(sys(&mut p, "munmap", &[all as u64, free]), 0);
    // Shared anonymous memory is accounted whatever its protection.
    assert_eq!(
        sys(&mut p, "mmap", &anon(16 * MIB, PROT_READ, MAP_SHARED_ANON)),
        ENOMEM
    );
    // Promises the guest cannot write, or asked not to reserve, cost nothing.
    for (prot, flags) in [
        (PROT_NONE, MAP_PRIVATE_ANON),
        (PROT_READ, MAP_PRIVATE_ANON),
        (PROT_RW, MAP_PRIVATE_ANON | MAP_NORESERVE),
    ] {
        let a = sys(&mut p, "mmap", &anon(16 * MIB, prot, flags));
        assert!(a > 0, "prot {prot} flags {flags:#x}: {a}");
    }
    assert_eq!(free_bytes(&mut p), free, "nothing was backed yet");
}

#[test]
fn mprotect_charges_the_pages_it_makes_writable() {
    let mut p = small_process();
    let free = free_bytes(&mut p);
    // glibc's thread stacks: reserved PROT_NONE, then made writable.
    let r = sys(
        &mut p,
        "mmap",
        &[0, 8 * MIB, PROT_NONE, MAP_PRIVATE_ANON, u64::MAX, 0],
    ) as u64;
    assert_eq!(sys(&mut p, "mprotect", &[r, 8 * MIB, PROT_RW]), ENOMEM);
    assert_eq!(sys(&mut p, "mprotect", &[r, free, PROT_RW]), 0);
    // Already writable pages are not charged again.
    assert_eq!(sys(&mut p, "mprotect", &[r, free, PROT_RW]), 0);
    assert_eq!(sys(&mut p, "mprotect", &[r, 8 * MIB, PROT_READ]), 0);
    assert_eq!(sys(&mut p, "mprotect", &[r, 0x5000, PROT_RW]), 0);
    // A hole is still ENOMEM, as before.
    assert_eq!(
        sys(&mut p, "mprotect", &[r + 8 * MIB, 4096, PROT_RW]),
        ENOMEM
    );
}

#[test]
fn brk_keeps_the_old_break_when_memory_cannot_back_it() {
    let mut p = small_process();
    let start = sys(&mut p, "brk", &[0]) as u64;
    assert_eq!(sys(&mut p, "brk", &[start + 2 * MIB]) as u64, start);
    assert_eq!(sys(&mut p, "brk", &[start + 0x3000]) as u64, start + 0x3000);
    // The heap works up to the end of what was granted.
    p.space().write_u64(start + 0x2ff8, 7).unwrap();
}

#[test]
fn mremap_growth_needs_free_memory() {
    let mut p = small_process();
    let a = sys(
        &mut p,
        "mmap",
        &[0, 4096, PROT_RW, MAP_PRIVATE_ANON, u64::MAX, 0],
    ) as u64;
    assert_eq!(
        sys(&mut p, "mremap", &[a, 4096, 2 * MIB, MREMAP_MAYMOVE, 0]),
        ENOMEM
    );
    let b = sys(&mut p, "mremap", &[a, 4096, 0x3000, MREMAP_MAYMOVE, 0]);
    assert!(b > 0, "{b}");
}

#[test]
fn a_page_fault_with_no_frame_left_is_out_of_memory_naming_the_size() {
    let mut p = small_process();
    let a = sys(
        &mut p,
        "mmap",
        &[
            0,
            2 * MIB,
            PROT_RW,
            MAP_PRIVATE_ANON | MAP_NORESERVE,
            u64::MAX,
            0,
        ],
    ) as u64;
    let fault = (0..512)
        .map(|i| p.translate(Addr(a + i * 4096), MemAccess::Store))
        .find_map(Result::err)
        .expect("1 MiB cannot back 2 MiB of touched pages");
    let Fault::OutOfMemory {
        addr,
        access,
        mem_size,
    } = fault
    else {
        panic!("expected an out-of-memory fault, got {fault:?}");
    };
    assert!(addr.0 > a && addr.0 < a + MIB, "{addr:?}");
    assert_eq!((access, mem_size), (MemAccess::Store, MemSize(MIB)));
    let text = fault.to_string();
    assert!(
        text.contains("out of simulated memory") && text.contains("1MiB"),
        "{text}"
    );
    // An unmapped address is still a plain page fault.
    assert!(matches!(
        p.translate(Addr(0x4000_0000), MemAccess::Load),
        Err(Fault::PageFault { .. })
    ));
    // Unmapping gives the frames back: the next mapping gets memory again.
    assert_eq!(sys(&mut p, "munmap", &[a, 2 * MIB]), 0);
    let b = scratch(&mut p, 0x4000);
    assert!(p.translate(Addr(b), MemAccess::Store).is_ok());
}

#[test]
fn a_system_call_that_runs_out_of_memory_kills_the_process() {
    let mut p = small_process();
    let a = sys(
        &mut p,
        "mmap",
        &[
            0,
            2 * MIB,
            PROT_RW,
            MAP_PRIVATE_ANON | MAP_NORESERVE,
            u64::MAX,
            0,
        ],
    ) as u64;
    // Filling the buffer needs more frames than exist.
    let (out, _) = call_at(&mut p, "getrandom", &[a, 2 * MIB, 0], 0);
    assert_eq!(
        out,
        SyscallOutcome::Exited(ExitStatus::Signaled(SIGKILL)),
        "killed as by the OOM killer"
    );
}

#[test]
fn a_failed_call_that_did_not_run_out_leaves_the_process_alive() {
    let mut p = small_process();
    // EFAULT on an unmapped buffer is not memory running out.
    let (out, v) = call_at(&mut p, "getrandom", &[0x4000_0000, 64, 0], 0);
    assert_eq!(
        (out, v),
        (SyscallOutcome::Continue(Default::default()), -14)
    );
}

#[test]
fn out_of_memory_in_the_kernel_kills_only_that_process() {
    let k = SeKernel::with_frames(&INFO, small_frames(2 * MIB));
    let params = ProcessParams::new("/bin/tiny");
    for _ in 0..2 {
        k.spawn_with(&tiny_elf(), &params).expect("tiny ELF loads");
    }
    let mut cpus: Vec<_> = (0..2)
        .map(|i| {
            let os = k.cpu_os(i);
            k.set_cpu_component(i, cid(i));
            os
        })
        .collect();
    let mut regs: Vec<(FakeRegs, u64)> = cpus
        .iter_mut()
        .map(|c| ThreadOs::<FakeRegs>::switch_in(c, Tick(0)).expect("a thread"))
        .collect();
    let mut call = |cpu: usize, name: &str, args: &[u64]| {
        let r = &mut regs[cpu].0;
        r.set_int(17, nr(name));
        for (i, &a) in args.iter().enumerate() {
            r.set_int(10 + i as u16, a);
        }
        let out = cpus[cpu].syscall(r, NEXT_PC, Tick(0));
        (out, r.int(10) as i64)
    };
    let map = [
        0,
        4 * MIB,
        PROT_RW,
        MAP_PRIVATE_ANON | MAP_NORESERVE,
        u64::MAX,
        0,
    ];
    let (_, a) = call(0, "mmap", &map);
    assert!(a > 0);
    let (out, _) = call(0, "getrandom", &[a as u64, 4 * MIB, 0]);
    assert!(out.deschedule && out.exit.is_none(), "{out:?}");
    assert_eq!(k.exit_status(100), Some(ExitStatus::Signaled(SIGKILL)));
    // The other process goes on, and its memory came back with the dead one's.
    assert_eq!(call(1, "getpid", &[]).1, 101);
    assert_eq!(k.exit_status(101), None);
    let (_, b) = call(1, "mmap", &[0, MIB, PROT_RW, MAP_PRIVATE_ANON, u64::MAX, 0]);
    assert!(b > 0, "{b}");
}
