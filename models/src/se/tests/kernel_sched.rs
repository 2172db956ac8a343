//! SE kernel scheduling: time slices, yields, time-outs and deadlock.

use super::kernel::{cid, Rig};
use super::*;
use sim_core::exit::ExitCause;

const A0: u16 = 10;
const ETIMEDOUT: i64 = -110;

/// A rig with one process of three threads (100, 101, 102) on one CPU, running 100.
fn three_threads_one_cpu() -> (Rig, FakeRegs) {
    let mut r = Rig::new(1, 1);
    r.k.set_quantum(Tick(1000));
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    for n in 0..2u64 {
        let (out, tid) = r.clone_thread(0, &mut main, buf + n * 0x800);
        assert_eq!(tid, 101 + n);
        assert!(out.wake.is_empty(), "no idle CPU to wake");
    }
    (r, main)
}

/// Tids in the order one CPU runs them over `slices` quanta.
fn run_slices(r: &mut Rig, first: FakeRegs, slices: usize) -> Vec<u64> {
    let mut order = vec![r.k.running_on(0).unwrap()];
    let mut regs = first;
    let mut now = 0;
    for _ in 0..slices {
        assert!(!r.should_yield(0, now + 999), "the slice is not over yet");
        now += 1000;
        assert!(r.should_yield(0, now));
        r.switch_out(0, &regs);
        let (next, _) = r.switch_in(0, now).unwrap();
        order.push(r.k.running_on(0).unwrap());
        regs = next;
    }
    order
}

#[test]
fn round_robin_of_three_threads_on_one_cpu_is_deterministic() {
    let (mut r, main) = three_threads_one_cpu();
    let order = run_slices(&mut r, main, 6);
    assert_eq!(order, vec![100, 101, 102, 100, 101, 102, 100]);
    let (mut r2, main2) = three_threads_one_cpu();
    assert_eq!(run_slices(&mut r2, main2, 6), order, "same run, same order");
}

#[test]
fn sched_yield_hands_the_cpu_to_the_next_thread() {
    let (mut r, mut main) = three_threads_one_cpu();
    let out = r.call(0, &mut main, "sched_yield", &[]);
    assert!(out.deschedule);
    assert_eq!(main.int(A0), 0);
    r.switch_out(0, &main);
    r.switch_in(0, 0).unwrap();
    assert_eq!(r.k.running_on(0), Some(101));
    assert_eq!(r.k.run_queue(), vec![102, 100]);
}

#[test]
fn a_lone_thread_waiting_forever_is_a_deadlock() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    let out = r.call(0, &mut t, "futex", &[buf, 128, 0, 0, 0, 0]);
    match out.exit {
        Some(ExitCause::GuestFault { message }) => assert!(message.contains("deadlock")),
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

#[test]
fn threads_waiting_on_each_other_are_a_deadlock() {
    let (mut r, mut main) = three_threads_one_cpu();
    let buf = r.scratch(100);
    for expect_deadlock in [false, false, true] {
        let out = r.call(0, &mut main, "futex", &[buf, 128, 0, 0, 0, 0]);
        assert!(out.deschedule);
        assert_eq!(
            matches!(out.exit, Some(ExitCause::GuestFault { .. })),
            expect_deadlock
        );
        r.switch_out(0, &main);
        if let Some((next, _)) = r.switch_in(0, 0) {
            main = next;
        }
    }
}

#[test]
fn a_timed_waiter_times_out_at_its_deadline_instead_of_deadlocking() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.k.with_process(100, |p| {
        p.space().write_u64(buf + 16, 0).unwrap();
        p.space().write_u64(buf + 24, 500).unwrap(); // 500 ns
    });
    let out = r.call(0, &mut t, "futex", &[buf, 128, 0, buf + 16, 0, 0]);
    assert!(out.deschedule && out.exit.is_none(), "{out:?}");
    r.switch_out(0, &t);
    assert!(r.switch_in(0, 10).is_none(), "not due yet");
    let wake = crate::cpu::ThreadOs::<FakeRegs>::wake_at(&mut r.cpus[0], Tick(10));
    assert_eq!(
        wake,
        Some(Tick(500_000)),
        "the idle CPU wakes at the deadline"
    );
    let (t, _) = r.switch_in(0, 500_000).expect("the waiter runs again");
    assert_eq!(t.int(A0) as i64, ETIMEDOUT);
}

#[test]
fn a_timed_waiter_wakes_when_its_deadline_passes() {
    let mut r = Rig::new(1, 2);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    assert!(r.switch_in(1, 0).is_none());
    let buf = r.scratch(100);
    let (_, tid) = r.clone_thread(0, &mut main, buf);
    let (mut child, _) = r.switch_in(1, 0).unwrap();
    r.k.with_process(100, |p| {
        p.space().write_u64(buf + 16, 0).unwrap();
        p.space().write_u64(buf + 24, 1000).unwrap(); // 1 us = 1_000_000 ticks
    });
    let out = r.call(1, &mut child, "futex", &[buf, 128, 0, buf + 16, 0, 0]);
    assert!(out.deschedule && out.exit.is_none());
    r.switch_out(1, &child);
    assert!(r.switch_in(1, 0).is_none());
    assert!(!r.should_yield(0, 999_999));
    assert!(r.k.run_queue().is_empty(), "not due yet");
    r.should_yield(0, 1_000_000);
    assert_eq!(r.k.run_queue(), vec![tid], "due: queued again");
    // That wake-up had no syscall to ride on: the next one that makes a thread
    // runnable wakes the idle CPU.
    let (out, _) = r.clone_thread(0, &mut main, buf + 0x800);
    assert_eq!(out.wake, vec![cid(1)]);
    assert_eq!(r.k.run_queue(), vec![tid, tid + 1]);
}

#[test]
fn exit_group_kicks_the_cpus_running_the_killed_threads() {
    // Process 100 on CPUs 0 and 2 (main and a cloned thread), process 101 on CPU 1.
    let mut r = Rig::new(2, 3);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    let (_other, _) = r.switch_in(1, 0).unwrap();
    assert!(r.switch_in(2, 0).is_none());
    let buf = r.scratch(100);
    let (out, tid) = r.clone_thread(0, &mut main, buf);
    assert_eq!(out.wake, vec![cid(2)]);
    r.switch_in(2, 0).expect("CPU 2 takes the new thread");
    assert_eq!(r.k.running_on(2), Some(tid));
    assert!(!r.should_yield(2, 1));

    let out = r.call(0, &mut main, "exit_group", &[0]);
    assert!(out.exit.is_none(), "process 101 still runs");
    assert!(out.deschedule);
    assert_eq!(
        out.wake,
        vec![cid(2)],
        "the killed thread's CPU is woken, not the caller's nor process 101's"
    );
    assert!(
        r.should_yield(2, 1),
        "asked at once, the killed thread goes"
    );
    assert!(!r.should_yield(1, 1), "process 101's thread stays");
}
