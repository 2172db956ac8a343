//! The SE kernel driven through `ThreadOs` as CPUs would: clone, futexes, thread
//! and process exit, several processes.

use super::*;
use crate::cpu::os::{OsOutcome, ThreadOs};
use crate::se::{ExitStatus, SeCpuOs, SeKernel};
use sim_core::arch::MemAccess;
use sim_core::component::ComponentId;
use sim_core::exit::ExitCause;
use sim_core::Addr;

/// glibc's `pthread_create` flags: VM, FS, FILES, SIGHAND, THREAD, SYSVSEM,
/// SETTLS, PARENT_SETTID, CHILD_CLEARTID.
pub(super) const PTHREAD_FLAGS: u64 = 0x3d0f00;
/// The PC syscalls in these tests return to.
pub(super) const NEXT_PC: u64 = 0x10004;
const A0: u16 = 10;
const SP: u16 = 2;
const TP: u16 = 4;
const EAGAIN: i64 = -11;
const ESRCH: i64 = -3;

/// A kernel with processes running `tiny_elf` and CPUs whose component ids are
/// `10 + index`.
pub(super) struct Rig {
    pub k: SeKernel,
    pub cpus: Vec<SeCpuOs>,
}

/// The component id of CPU `i` in a [`Rig`].
pub(super) fn cid(i: usize) -> ComponentId {
    ComponentId(10 + i as u32)
}

impl Rig {
    pub(super) fn new(procs: usize, cpus: usize) -> Rig {
        let k = SeKernel::with_frames(&INFO, frames());
        let params = ProcessParams::new("/bin/tiny");
        for _ in 0..procs {
            k.spawn_with(&tiny_elf(), &params).expect("tiny ELF loads");
        }
        let cpus = (0..cpus)
            .map(|i| {
                let os = k.cpu_os(i);
                k.set_cpu_component(i, cid(i));
                os
            })
            .collect();
        Rig { k, cpus }
    }

    pub(super) fn switch_in(&mut self, cpu: usize, now: u64) -> Option<(FakeRegs, u64)> {
        ThreadOs::<FakeRegs>::switch_in(&mut self.cpus[cpu], Tick(now))
    }

    pub(super) fn switch_out(&mut self, cpu: usize, regs: &FakeRegs) {
        ThreadOs::<FakeRegs>::switch_out(&mut self.cpus[cpu], regs, NEXT_PC);
    }

    pub(super) fn should_yield(&mut self, cpu: usize, now: u64) -> bool {
        ThreadOs::<FakeRegs>::should_yield(&mut self.cpus[cpu], Tick(now))
    }

    /// Syscall `name` from CPU `cpu` whose thread has registers `regs`.
    pub(super) fn call(
        &mut self,
        cpu: usize,
        regs: &mut FakeRegs,
        name: &str,
        args: &[u64],
    ) -> OsOutcome {
        regs.set_int(17, nr(name));
        for (i, &a) in args.iter().enumerate() {
            regs.set_int(A0 + i as u16, a);
        }
        self.cpus[cpu].syscall(regs, NEXT_PC, Tick(0))
    }

    /// A fresh read-write page range in process `pid`.
    pub(super) fn scratch(&self, pid: u64) -> u64 {
        self.k.with_process(pid, |p| scratch(p, 0x4000)).unwrap()
    }

    pub(super) fn read_u32(&self, pid: u64, va: u64) -> u32 {
        self.k
            .with_process(pid, |p| p.space().read_u32(va).unwrap())
            .unwrap()
    }

    pub(super) fn write_u32(&self, pid: u64, va: u64, v: u32) {
        self.k
            .with_process(pid, |p| p.space().write_u32(va, v).unwrap())
            .unwrap();
    }

    /// Clone a pthread-style thread from the thread in `regs` on `cpu`; returns
    /// the outcome and the new tid.
    pub(super) fn clone_thread(
        &mut self,
        cpu: usize,
        regs: &mut FakeRegs,
        buf: u64,
    ) -> (OsOutcome, u64) {
        let args = [
            PTHREAD_FLAGS,
            buf + 0x3000,
            buf + 0x100,
            0x7777,
            buf + 0x100,
        ];
        let out = self.call(cpu, regs, "clone", &args);
        (out, regs.int(A0))
    }
}

fn ret(regs: &FakeRegs) -> i64 {
    regs.int(A0) as i64
}

#[test]
fn clone_creates_a_runnable_thread_with_the_right_registers() {
    let mut r = Rig::new(1, 2);
    assert!(
        r.switch_in(1, 0).is_none(),
        "process 0's main thread is held for CPU 0's first switch_in"
    );
    let (mut regs, pc) = r.switch_in(0, 0).expect("CPU 0 runs the main thread");
    assert_eq!(pc, r.k.start_state(100).unwrap().pc);
    let buf = r.scratch(100);
    regs.set_int(9, 0x1234);
    let (out, tid) = r.clone_thread(0, &mut regs, buf);
    assert_eq!(tid, 101, "the parent gets the child's tid");
    assert!(!out.deschedule && out.exit.is_none());
    assert_eq!(
        out.wake,
        vec![cid(1)],
        "the idle CPU is woken for the child"
    );
    assert_eq!(r.read_u32(100, buf + 0x100), 101, "CLONE_PARENT_SETTID");
    assert_eq!(r.k.run_queue(), vec![101]);
    assert_eq!(r.k.thread_ids(100), vec![100, 101]);

    let (child, child_pc) = r.switch_in(1, 5).expect("CPU 1 takes the child");
    assert_eq!(child_pc, NEXT_PC);
    assert_eq!(child.int(A0), 0, "the child sees 0");
    assert_eq!(child.int(SP), buf + 0x3000, "new stack");
    assert_eq!(child.int(TP), 0x7777, "CLONE_SETTLS");
    assert_eq!(child.int(9), 0x1234, "other registers are the parent's");
    let mut child = child;
    r.call(1, &mut child, "gettid", &[]);
    assert_eq!(ret(&child), 101);
    r.call(1, &mut child, "getpid", &[]);
    assert_eq!(ret(&child), 100);
    // A fork (no CLONE_VM) creates a process.
    r.call(0, &mut regs, "clone", &[17, 0, 0, 0, 0]);
    assert_eq!(ret(&regs), 102);
    assert_eq!(r.k.thread_ids(102), vec![102]);
}

#[test]
fn futex_wait_and_wake_move_threads_and_wake_idle_cpus() {
    let mut r = Rig::new(1, 2);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    assert!(r.switch_in(1, 0).is_none());
    let buf = r.scratch(100);
    let (_, tid) = r.clone_thread(0, &mut main, buf);
    let (mut child, _) = r.switch_in(1, 0).unwrap();
    r.write_u32(100, buf, 7);

    r.call(1, &mut child, "futex", &[buf, 128, 6, 0, 0, 0]);
    assert_eq!(ret(&child), EAGAIN, "the word changed: no wait");
    let out = r.call(1, &mut child, "futex", &[buf, 128, 7, 0, 0, 0]);
    assert!(out.deschedule && out.exit.is_none(), "the waiter blocks");
    r.switch_out(1, &child);
    assert!(
        r.switch_in(1, 0).is_none(),
        "nothing else to run: CPU 1 idles"
    );
    assert!(r.k.run_queue().is_empty());

    r.call(0, &mut main, "futex", &[buf + 4, 129, 1, 0, 0, 0]);
    assert_eq!(ret(&main), 0, "no waiter on another word");
    let out = r.call(0, &mut main, "futex", &[buf, 129, 1, 0, 0, 0]);
    assert_eq!(ret(&main), 1, "one waiter woken");
    assert_eq!(out.wake, vec![cid(1)]);
    assert_eq!(r.k.run_queue(), vec![tid]);
    let (child, _) = r.switch_in(1, 0).unwrap();
    assert_eq!(ret(&child), 0, "the wait returns 0");
    assert_eq!(r.k.running_on(1), Some(tid));
}

#[test]
fn thread_exit_clears_child_tid_and_wakes_the_joiner() {
    let mut r = Rig::new(1, 1);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    let (_, tid) = r.clone_thread(0, &mut main, buf);
    let ctid = buf + 0x100;
    assert_eq!(r.read_u32(100, ctid), tid as u32);
    // pthread_join: wait while the tid word is non-zero.
    let out = r.call(0, &mut main, "futex", &[ctid, 128, tid, 0, 0, 0]);
    assert!(out.deschedule);
    r.switch_out(0, &main);
    let (mut child, _) = r.switch_in(0, 0).unwrap();
    let out = r.call(0, &mut child, "exit", &[0]);
    assert!(out.deschedule && out.exit.is_none(), "the process lives on");
    assert_eq!(r.read_u32(100, ctid), 0, "clear_child_tid written");
    r.switch_out(0, &child);
    let (main, _) = r.switch_in(0, 0).expect("the joiner runs again");
    assert_eq!(ret(&main), 0);
    assert_eq!(r.k.thread_ids(100), vec![100]);
    assert_eq!(r.k.exit_status(100), None);
}

#[test]
fn exit_group_ends_every_thread_of_the_process() {
    let mut r = Rig::new(1, 2);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    assert!(r.switch_in(1, 0).is_none());
    let buf = r.scratch(100);
    r.clone_thread(0, &mut main, buf);
    let (_child, _) = r.switch_in(1, 0).unwrap();
    assert!(!r.should_yield(1, 1));
    let out = r.call(0, &mut main, "exit_group", &[7]);
    match out.exit {
        Some(ExitCause::Exit { code, .. }) => assert_eq!(code, 7),
        other => panic!("expected the run to end with status 7, got {other:?}"),
    }
    assert_eq!(r.k.exit_status(100), Some(ExitStatus::Exited(7)));
    assert!(
        r.should_yield(1, 2),
        "the other CPU drops the killed thread"
    );
    assert!(r.k.thread_ids(100).is_empty());
}

#[test]
fn last_thread_exit_ends_the_process_with_its_status() {
    let mut r = Rig::new(1, 1);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.clone_thread(0, &mut main, buf);
    let out = r.call(0, &mut main, "exit", &[3]);
    assert!(
        out.deschedule && out.exit.is_none(),
        "the child still lives"
    );
    r.switch_out(0, &main);
    let (mut child, _) = r.switch_in(0, 0).unwrap();
    let out = r.call(0, &mut child, "exit", &[4]);
    assert!(
        matches!(out.exit, Some(ExitCause::Exit { code: 4, .. })),
        "{out:?}"
    );
}

#[test]
fn two_processes_have_distinct_pids_and_address_spaces() {
    let mut r = Rig::new(2, 2);
    assert_eq!(r.k.pids(), vec![100, 101]);
    let (mut a, _) = r.switch_in(0, 0).unwrap();
    let (mut b, _) = r.switch_in(1, 0).unwrap();
    r.call(0, &mut a, "getpid", &[]);
    r.call(1, &mut b, "getpid", &[]);
    assert_eq!((ret(&a), ret(&b)), (100, 101));
    let va = TINY_DATA;
    r.write_u32(100, va, 0xaaaa);
    r.write_u32(101, va, 0xbbbb);
    assert_eq!(r.read_u32(100, va), 0xaaaa);
    assert_eq!(r.read_u32(101, va), 0xbbbb);
    let pa = ThreadOs::<FakeRegs>::translate(&mut r.cpus[0], Addr(va), MemAccess::Load).unwrap();
    let pb = ThreadOs::<FakeRegs>::translate(&mut r.cpus[1], Addr(va), MemAccess::Load).unwrap();
    assert_ne!(pa, pb, "same virtual address, different frames");
    r.call(0, &mut a, "tgkill", &[101, 101, 6]);
    assert_eq!(ret(&a), ESRCH, "no signals to other processes' threads");
    // The first process exits; the run goes on until the second does, and reports
    // the first one's status.
    let out = r.call(0, &mut a, "exit_group", &[5]);
    assert!(out.exit.is_none() && out.deschedule);
    let out = r.call(1, &mut b, "exit_group", &[9]);
    assert!(
        matches!(out.exit, Some(ExitCause::Exit { code: 5, .. })),
        "{out:?}"
    );
}

#[test]
fn cpu_identity_calls() {
    let mut r = Rig::new(1, 3);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.call(0, &mut t, "sched_getaffinity", &[0, 128, buf]);
    assert_eq!(ret(&t), 8);
    assert_eq!(r.read_u32(100, buf), 0b111, "one bit per configured CPU");
    r.call(0, &mut t, "getcpu", &[buf + 8, buf + 12, 0]);
    assert_eq!(
        (r.read_u32(100, buf + 8), r.read_u32(100, buf + 12)),
        (0, 0)
    );
    r.call(0, &mut t, "set_robust_list", &[buf + 64, 24]);
    r.call(0, &mut t, "get_robust_list", &[0, buf + 16, buf + 24]);
    let head =
        r.k.with_process(100, |p| p.space().read_u64(buf + 16).unwrap());
    assert_eq!(head, Some(buf + 64));
    let out = r.call(0, &mut t, "sched_yield", &[]);
    assert!(!out.deschedule, "nobody else to run");
    r.call(0, &mut t, "tgkill", &[100, 100, 6]);
    assert_eq!(r.k.exit_status(100), Some(ExitStatus::Signaled(6)));
}

/// A store the kernel makes into guest memory (here `clock_gettime` filling its
/// buffer) clears the LR reservations on those lines, as another hart's store
/// would, and only those.
#[test]
fn kernel_stores_clear_lr_reservations_on_the_lines_written() {
    let mut r = Rig::new(1, 1);
    let monitor = crate::cpu::ReservationMonitor::new();
    r.k.set_reservation_monitor(monitor.clone());
    let (a, b) = (monitor.attach(), monitor.attach());
    let (mut regs, _) = r.switch_in(0, 0).expect("CPU 0 runs the main thread");
    let buf = r.scratch(100);
    let pa = |r: &mut Rig, va: u64| {
        ThreadOs::<FakeRegs>::translate(&mut r.cpus[0], Addr(va), MemAccess::Load)
            .unwrap()
            .0
    };
    let (written, elsewhere) = (pa(&mut r, buf), pa(&mut r, buf + 0x1000));
    a.reserve(written);
    b.reserve(elsewhere);
    r.call(0, &mut regs, "clock_gettime", &[0, buf]);
    assert_eq!(ret(&regs), 0);
    assert!(
        !a.holds(written),
        "the kernel's store must clear the reservation"
    );
    assert!(
        b.holds(elsewhere),
        "a line the kernel did not write keeps its reservation"
    );
}
