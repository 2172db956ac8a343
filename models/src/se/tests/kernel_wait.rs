//! The SE kernel's waits: a pipe read blocks its thread until another thread
//! writes, a sleep ends at its tick (which idle CPUs are told), and a wait is
//! cancelled with `EINTR` through the kernel's one cancel point.

use super::kernel::{cid, Rig};
use super::*;
use crate::cpu::os::ThreadOs;

const A0: u16 = 10;

fn ret(regs: &FakeRegs) -> i64 {
    regs.int(A0) as i64
}

#[test]
fn a_pipe_read_blocks_until_another_thread_writes() {
    let mut r = Rig::new(1, 2);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    assert!(r.switch_in(1, 0).is_none());
    let buf = r.scratch(100);
    r.call(0, &mut main, "pipe2", &[buf, 0]);
    assert_eq!(ret(&main), 0);
    let (rd, wr) = (r.read_u32(100, buf) as u64, r.read_u32(100, buf + 4) as u64);
    let (_, tid) = r.clone_thread(0, &mut main, buf + 0x400);
    let (mut child, _) = r.switch_in(1, 0).unwrap();
    let out = r.call(1, &mut child, "read", &[rd, buf + 0x200, 16]);
    assert!(out.deschedule && out.exit.is_none(), "{out:?}");
    r.switch_out(1, &child);
    assert!(r.switch_in(1, 0).is_none(), "the reader waits");
    r.k.with_process(100, |p| p.space().write_bytes(buf + 0x300, b"abc").unwrap());
    let out = r.call(0, &mut main, "write", &[wr, buf + 0x300, 3]);
    assert_eq!(ret(&main), 3);
    assert_eq!(
        out.wake,
        vec![cid(1)],
        "the idle CPU takes the woken reader"
    );
    let (child, _) = r.switch_in(1, 0).expect("the reader runs again");
    assert_eq!(r.k.running_on(1), Some(tid));
    assert_eq!(ret(&child), 3);
    let got =
        r.k.with_process(100, |p| p.space().read_vec(buf + 0x200, 3).unwrap())
            .unwrap();
    assert_eq!(got, b"abc");
}

#[test]
fn a_sleep_ends_at_its_tick_and_idle_cpus_are_told_when() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.k.with_process(100, |p| {
        p.space().write_u64(buf, 0).unwrap();
        p.space().write_u64(buf + 8, 2_000_000).unwrap(); // 2 ms
    });
    let out = r.call(0, &mut t, "nanosleep", &[buf, 0]);
    assert!(out.deschedule && out.exit.is_none(), "{out:?}");
    r.switch_out(0, &t);
    assert!(r.switch_in(0, 1_000).is_none());
    let at = ThreadOs::<FakeRegs>::wake_at(&mut r.cpus[0], Tick(1_000));
    assert_eq!(at, Some(Tick(2_000_000_000)), "2 ms in picoseconds");
    assert!(r.switch_in(0, 1_999_999_999).is_none(), "not yet");
    let (t, _) = r.switch_in(0, 2_000_000_000).expect("the sleeper wakes");
    assert_eq!(ret(&t), 0);
    assert_eq!(ThreadOs::<FakeRegs>::wake_at(&mut r.cpus[0], Tick(0)), None);
}

#[test]
fn a_bad_timespec_is_einval_and_a_null_one_efault() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.k.with_process(100, |p| {
        p.space().write_u64(buf, 0).unwrap();
        p.space().write_u64(buf + 8, 1_000_000_000).unwrap();
    });
    let out = r.call(0, &mut t, "nanosleep", &[buf, 0]);
    assert!(!out.deschedule);
    assert_eq!(ret(&t), -22);
    r.call(0, &mut t, "nanosleep", &[0, 0]);
    assert_eq!(ret(&t), -14);
}

#[test]
fn a_cancelled_wait_returns_eintr() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.call(0, &mut t, "pipe2", &[buf, 0]);
    let rd = r.read_u32(100, buf) as u64;
    let out = r.call(0, &mut t, "read", &[rd, buf + 0x200, 16]);
    assert!(out.deschedule);
    r.switch_out(0, &t);
    r.k.lock().cancel_wait(100, crate::se::abi::Errno::EINTR);
    let (t, _) = r.switch_in(0, 0).expect("runnable again");
    assert_eq!(ret(&t), -4);
}

#[test]
fn an_interrupted_sleep_writes_the_time_left() {
    let mut r = Rig::new(1, 1);
    let (mut t, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.k.with_process(100, |p| {
        p.space().write_u64(buf, 0).unwrap();
        p.space().write_u64(buf + 8, 2_000_000).unwrap(); // 2 ms
    });
    let out = r.call(0, &mut t, "nanosleep", &[buf, buf + 16]);
    assert!(out.deschedule);
    r.switch_out(0, &t);
    assert!(
        r.switch_in(0, 500_000_000).is_none(),
        "0.5 ms in, still asleep"
    );
    r.k.lock().cancel_wait(100, crate::se::abi::Errno::EINTR);
    let (t, _) = r.switch_in(0, 500_000_000).expect("interrupted");
    assert_eq!(ret(&t), -4);
    let left =
        r.k.with_process(100, |p| {
            (
                p.space().read_u64(buf + 16).unwrap(),
                p.space().read_u64(buf + 24).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(left, (0, 1_500_000), "1.5 ms left");
}
