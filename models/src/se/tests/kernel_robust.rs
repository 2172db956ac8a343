//! Robust futex lists at thread death (Linux `exit_robust_list`): owner-died
//! marking, waking a waiter, and walks over malformed guest lists.

use super::kernel::Rig;
use super::*;

const A0: u16 = 10;
const WAITERS: u32 = 0x8000_0000;
const OWNER_DIED: u32 = 0x4000_0000;
/// `struct robust_list_head` size on a 64-bit guest.
const HEAD_LEN: u64 = 24;
/// From a list entry to its futex word (glibc's is a field offset like this).
const FUTEX_OFFSET: u64 = 8;
/// Linux `ROBUST_LIST_LIMIT`.
const LIMIT: u64 = 2048;

/// One process (100) on one CPU with a second thread (101) cloned; the CPU runs
/// the main thread. Returns the rig, main's registers and a 64 KiB zeroed area
/// for robust lists.
fn two_threads() -> (Rig, FakeRegs, u64) {
    let mut r = Rig::new(1, 1);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    let stacks = r.scratch(100);
    let (_, tid) = r.clone_thread(0, &mut main, stacks);
    assert_eq!(tid, 101);
    let area = r.k.with_process(100, |p| scratch(p, 0x10000)).unwrap();
    (r, main, area)
}

fn write_u64(r: &Rig, va: u64, v: u64) {
    r.k.with_process(100, |p| p.space().write_u64(va, v).unwrap())
        .unwrap();
}

/// Write a robust list head at `head`: first entry `list`, `list_op_pending`.
fn write_head(r: &Rig, head: u64, list: u64, pending: u64) {
    write_u64(r, head, list);
    write_u64(r, head + 8, FUTEX_OFFSET);
    write_u64(r, head + 16, pending);
}

/// Write a list entry at `entry` linking to `next`, whose futex word holds `word`.
fn write_entry(r: &Rig, entry: u64, next: u64, word: u32) {
    write_u64(r, entry, next);
    r.write_u32(100, entry + FUTEX_OFFSET, word);
}

fn word(r: &Rig, entry: u64) -> u32 {
    r.read_u32(100, entry + FUTEX_OFFSET)
}

/// Main blocks in `futex(FUTEX_WAIT)` on `entry`'s word and thread 101 takes the
/// CPU; returns 101's registers.
fn main_waits_on(r: &mut Rig, main: &mut FakeRegs, entry: u64) -> FakeRegs {
    let expected = word(r, entry) as u64;
    let out = r.call(
        0,
        main,
        "futex",
        &[entry + FUTEX_OFFSET, 128, expected, 0, 0, 0],
    );
    assert!(out.deschedule, "main waits");
    r.switch_out(0, main);
    let (child, _) = r.switch_in(0, 0).expect("thread 101 runs");
    assert_eq!(r.k.running_on(0), Some(101));
    child
}

/// Thread 101 (running on CPU 0 with `regs`) registers `head` and exits.
fn register_and_exit(r: &mut Rig, regs: &mut FakeRegs, head: u64) {
    r.call(0, regs, "set_robust_list", &[head, HEAD_LEN]);
    assert_eq!(regs.int(A0), 0);
    let out = r.call(0, regs, "exit", &[0]);
    assert!(out.deschedule && out.exit.is_none(), "{out:?}");
    r.switch_out(0, regs);
}

/// Main switches out (yields) so that thread 101 runs.
fn let_child_run(r: &mut Rig, main: &mut FakeRegs) -> FakeRegs {
    let out = r.call(0, main, "sched_yield", &[]);
    assert!(out.deschedule);
    r.switch_out(0, main);
    let (child, _) = r.switch_in(0, 0).unwrap();
    assert_eq!(r.k.running_on(0), Some(101));
    child
}

#[test]
fn a_held_lock_gets_owner_died_and_its_waiter_is_woken() {
    let (mut r, mut main, area) = two_threads();
    let (head, lock) = (area, area + 0x100);
    write_head(&r, head, lock, 0);
    write_entry(&r, lock, head, 101 | WAITERS);
    let mut child = main_waits_on(&mut r, &mut main, lock);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, lock), OWNER_DIED | WAITERS, "waiters bit kept");
    let (main, _) = r.switch_in(0, 0).expect("the waiter was woken");
    assert_eq!(r.k.running_on(0), Some(100));
    assert_eq!(main.int(A0), 0, "its wait returns 0");
}

#[test]
fn locks_of_other_threads_are_untouched_and_no_waiter_means_no_wake() {
    let (mut r, mut main, area) = two_threads();
    let head = area;
    let (mine, main_s, free) = (area + 0x100, area + 0x200, area + 0x300);
    write_head(&r, head, mine, 0);
    write_entry(&r, mine, main_s, 101);
    write_entry(&r, main_s, free, 100 | WAITERS);
    write_entry(&r, free, head, 0);
    let mut child = let_child_run(&mut r, &mut main);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, mine), OWNER_DIED, "held, no waiters");
    assert_eq!(word(&r, main_s), 100 | WAITERS, "another thread's lock");
    assert_eq!(word(&r, free), 0, "a free lock");
    assert_eq!(r.k.run_queue(), vec![100], "nobody else woken");
}

#[test]
fn a_cyclic_list_ends_at_the_walk_limit() {
    let (mut r, mut main, area) = two_threads();
    let (head, a, b) = (area, area + 0x100, area + 0x200);
    write_head(&r, head, a, 0);
    write_entry(&r, a, b, 101);
    write_entry(&r, b, a, 101); // never back to the head
    let mut child = let_child_run(&mut r, &mut main);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!((word(&r, a), word(&r, b)), (OWNER_DIED, OWNER_DIED));
    assert_eq!(r.k.thread_ids(100), vec![100]);
}

#[test]
fn a_long_list_is_walked_for_the_first_2048_entries_only() {
    let (mut r, mut main, area) = two_threads();
    let head = area;
    let entry = |i: u64| area + 16 + 16 * i;
    let n = LIMIT + 2;
    write_head(&r, head, entry(0), 0);
    for i in 0..n {
        let next = if i + 1 == n { head } else { entry(i + 1) };
        write_entry(&r, entry(i), next, 101);
    }
    let mut child = let_child_run(&mut r, &mut main);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, entry(0)), OWNER_DIED);
    assert_eq!(word(&r, entry(LIMIT - 1)), OWNER_DIED, "the 2048th");
    assert_eq!(word(&r, entry(LIMIT)), 101, "past the limit: left held");
}

#[test]
fn a_bad_pointer_ends_the_walk_quietly() {
    let (mut r, mut main, area) = two_threads();
    let (head, a, pending) = (area, area + 0x100, area + 0x200);
    // a -> unmapped: a is handled, the walk stops before list_op_pending.
    write_head(&r, head, a, pending);
    write_entry(&r, a, 0xdead_0000, 101);
    write_entry(&r, pending, 0, 101);
    let mut child = let_child_run(&mut r, &mut main);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, a), OWNER_DIED);
    assert_eq!(
        word(&r, pending),
        101,
        "a fault skips the pending op (as Linux)"
    );
    assert_eq!(r.k.exit_status(100), None, "the process lives on");
}

#[test]
fn an_unmapped_head_or_a_misaligned_futex_changes_nothing() {
    for bad_head in [true, false] {
        let (mut r, mut main, area) = two_threads();
        let (head, a) = (area, area + 0x100);
        write_head(&r, head, a, 0);
        write_u64(&r, head + 8, 10); // futex words at entry + 10: misaligned
        write_u64(&r, a, head);
        r.write_u32(100, a + 10, 101);
        let mut child = let_child_run(&mut r, &mut main);
        let registered = if bad_head { 0xdead_0000 } else { head };
        register_and_exit(&mut r, &mut child, registered);
        assert_eq!(r.read_u32(100, a + 10), 101, "bad head: {bad_head}");
        assert_eq!(r.k.thread_ids(100), vec![100]);
    }
}

#[test]
fn list_op_pending_is_handled_once_and_a_pi_bit_is_masked() {
    let (mut r, mut main, area) = two_threads();
    let (head, a, b) = (area, area + 0x100, area + 0x200);
    // `a` is both on the list and pending: handled once, so of two waiters on it
    // only one is woken (a second pass would see owner 0 and wake the other).
    write_head(&r, head, a | 1, a | 1);
    write_entry(&r, a, b | 1, 101 | WAITERS);
    write_entry(&r, b, head, 101);
    // A second waiter: thread 102, which then lets 101 run.
    let stacks = r.scratch(100);
    let (_, third) = r.clone_thread(0, &mut main, stacks + 0x800);
    let mut child = main_waits_on(&mut r, &mut main, a);
    let out = r.call(0, &mut child, "sched_yield", &[]);
    assert!(out.deschedule);
    r.switch_out(0, &child);
    let (mut t3, _) = r.switch_in(0, 0).unwrap();
    assert_eq!(r.k.running_on(0), Some(third));
    let expected = word(&r, a) as u64;
    r.call(
        0,
        &mut t3,
        "futex",
        &[a + FUTEX_OFFSET, 128, expected, 0, 0, 0],
    );
    r.switch_out(0, &t3);
    let (mut child, _) = r.switch_in(0, 0).unwrap();
    assert_eq!(r.k.running_on(0), Some(101));
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, a), OWNER_DIED | WAITERS);
    assert_eq!(word(&r, b), OWNER_DIED, "reached through a PI-flagged link");
    assert_eq!(r.k.run_queue(), vec![100], "one waiter woken, the first");
}

#[test]
fn a_free_pending_futex_passes_a_wake_up_on() {
    let (mut r, mut main, area) = two_threads();
    let (head, p) = (area, area + 0x100);
    // Died after releasing the word (owner 0) but before waking: the kernel wakes.
    write_head(&r, head, head, p);
    write_entry(&r, p, 0, WAITERS);
    let mut child = main_waits_on(&mut r, &mut main, p);
    register_and_exit(&mut r, &mut child, head);
    assert_eq!(word(&r, p), WAITERS, "a free word is left as it is");
    assert_eq!(r.k.run_queue(), vec![100]);
}

#[test]
fn threads_killed_by_exit_group_release_their_robust_futexes() {
    let (mut r, mut main, area) = two_threads();
    let (head, a) = (area, area + 0x100);
    write_head(&r, head, a, 0);
    write_entry(&r, a, head, 101);
    let mut child = let_child_run(&mut r, &mut main);
    r.call(0, &mut child, "set_robust_list", &[head, HEAD_LEN]);
    r.switch_out(0, &child); // preempted, still alive
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    assert_eq!(r.k.running_on(0), Some(100));
    let out = r.call(0, &mut main, "exit_group", &[0]);
    assert!(out.exit.is_some());
    assert_eq!(word(&r, a), OWNER_DIED, "thread 101 died holding it");
}
