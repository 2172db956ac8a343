//! Processes through the kernel: copy-on-write fork, wait4 blocking and waking,
//! zombies, orphans, process groups.

use super::kernel::{Rig, NEXT_PC};
use super::*;
use crate::cpu::os::ThreadOs;
use crate::se::addr_space::AddrSpace;
use sim_core::arch::MemAccess;
use sim_core::Addr;

const A0: u16 = 10;
const SIGCHLD: u64 = 17;
const WNOHANG: u64 = 1;
const ECHILD: i64 = -10;

fn ret(regs: &FakeRegs) -> i64 {
    regs.int(A0) as i64
}

#[test]
fn a_forked_space_shares_frames_until_either_side_writes() {
    let frames = frames();
    let mut parent = AddrSpace::new(frames.clone());
    parent.map(
        0x10000,
        0x14000,
        crate::se::Perms::RW,
        crate::se::addr_space::VmaKind::Anon,
    );
    parent.write_bytes(0x10000, &[1; 0x4000]).unwrap();
    let used = frames.total_frames() - frames.free_frames();
    let mut child = parent.fork_cow();
    assert_eq!(
        frames.total_frames() - frames.free_frames(),
        used,
        "fork copies no frame"
    );
    assert_eq!(child.cow_pages(), 4);
    let before = parent.translate(Addr(0x11000), MemAccess::Load).unwrap();
    assert_eq!(
        child.translate(Addr(0x11000), MemAccess::Load).unwrap(),
        before
    );

    child.write_bytes(0x11008, &[9]).unwrap();
    assert!(child.take_cow_copied(), "the write copied the shared frame");
    assert_ne!(
        child.translate(Addr(0x11000), MemAccess::Load).unwrap(),
        before
    );
    assert_eq!(child.read_vec(0x11007, 3).unwrap(), vec![1, 9, 1]);
    assert_eq!(
        parent.read_vec(0x11007, 3).unwrap(),
        vec![1, 1, 1],
        "parent unchanged"
    );

    // The parent, now the frame's only owner, writes in place.
    let w = parent.translate(Addr(0x11000), MemAccess::Store).unwrap();
    assert_eq!(w, before, "no copy for the last owner");
    assert!(!parent.take_cow_copied());

    drop(child);
    assert_eq!(
        frames.total_frames() - frames.free_frames(),
        used,
        "the child's copy is freed, the shared frames stay the parent's"
    );
    drop(parent);
    assert_eq!(frames.free_frames(), frames.total_frames());
}

#[test]
fn a_shared_anonymous_mapping_keeps_its_frames_across_fork() {
    let frames = frames();
    let free_at_start = frames.free_frames();
    let mut parent = AddrSpace::new(frames.clone());
    parent.map(
        0x10000,
        0x12000,
        crate::se::Perms::RW,
        crate::se::addr_space::VmaKind::SharedAnon,
    );
    // Only the first page is touched before the fork.
    parent.write_bytes(0x10000, &[1]).unwrap();
    let mut child = parent.fork_cow();
    assert_eq!(child.cow_pages(), 0, "shared pages are never copy-on-write");
    child.write_bytes(0x10000, &[5]).unwrap();
    child.write_bytes(0x11000, &[6]).unwrap();
    assert!(!child.take_cow_copied());
    assert_eq!(parent.read_vec(0x10000, 1).unwrap(), vec![5]);
    assert_eq!(parent.read_vec(0x11000, 1).unwrap(), vec![6]);
    let used = frames.total_frames() - frames.free_frames();
    drop(child);
    assert_eq!(
        frames.total_frames() - frames.free_frames(),
        used,
        "the parent still owns both frames"
    );
    drop(parent);
    assert_eq!(
        frames.free_frames(),
        free_at_start,
        "the last owner frees them"
    );
}

#[test]
fn a_store_through_the_cpu_never_reaches_a_frame_the_parent_still_maps() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.write_u32(100, buf, 0xaaaa);
    let out = r.call(0, &mut regs, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    assert!(
        out.flush_tlb,
        "the parent's CPU drops its writable translations"
    );
    let child = ret(&regs) as u64;
    assert_eq!(child, 101);
    let os = &mut r.cpus[0];
    let parent_frame = ThreadOs::<FakeRegs>::translate(os, Addr(buf), MemAccess::Load).unwrap();
    // The child runs on the CPU and stores.
    ThreadOs::<FakeRegs>::switch_out(os, &regs, NEXT_PC);
    let (mut cregs, _) = r.switch_in(0, 1).expect("the child is queued");
    assert_eq!(ret(&cregs), 0, "fork returns 0 in the child");
    let os = &mut r.cpus[0];
    let child_load = ThreadOs::<FakeRegs>::translate(os, Addr(buf), MemAccess::Load).unwrap();
    assert_eq!(child_load, parent_frame, "reads share the frame");
    let child_store = ThreadOs::<FakeRegs>::translate(os, Addr(buf), MemAccess::Store).unwrap();
    assert_ne!(child_store, parent_frame, "the store gets a private copy");
    r.write_u32(101, buf, 0xbbbb);
    assert_eq!(r.read_u32(100, buf), 0xaaaa);
    r.call(0, &mut cregs, "getppid", &[]);
    assert_eq!(ret(&cregs), 100);
}

#[test]
fn wait4_blocks_until_the_child_exits_then_reaps_it() {
    let mut r = Rig::new(1, 1);
    let (mut parent, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.call(0, &mut parent, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    let child = ret(&parent) as u64;
    r.call(0, &mut parent, "wait4", &[child, buf, WNOHANG, 0]);
    assert_eq!(ret(&parent), 0, "WNOHANG: the child still runs");
    let out = r.call(0, &mut parent, "wait4", &[u64::MAX, buf, 0, buf + 64]);
    assert!(out.deschedule && out.exit.is_none(), "the parent sleeps");
    r.switch_out(0, &parent);
    let (mut c, _) = r.switch_in(0, 1).expect("the child runs");
    let out = r.call(0, &mut c, "exit_group", &[3]);
    assert!(out.deschedule && out.exit.is_none());
    r.switch_out(0, &c);
    let (p, _) = r.switch_in(0, 2).expect("the parent was woken");
    assert_eq!(ret(&p) as u64, child, "wait4 returns the child's pid");
    assert_eq!(r.read_u32(100, buf), 3 << 8, "exit status 3");
    assert!(
        r.k.exit_status(child).is_none(),
        "reaped: gone from the table"
    );
    let mut p = p;
    r.call(0, &mut p, "wait4", &[u64::MAX, 0, 0, 0]);
    assert_eq!(ret(&p), ECHILD);
}

#[test]
fn a_zombie_waits_for_its_parent_and_an_orphan_is_reaped_by_init() {
    let mut r = Rig::new(1, 1);
    let (mut main, _) = r.switch_in(0, 0).unwrap();
    r.call(0, &mut main, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    let child = ret(&main) as u64;
    r.switch_out(0, &main);
    // Parent goes back to the queue; the child forks a grandchild and exits.
    let (mut c, _) = r.switch_in(0, 1).unwrap();
    r.call(0, &mut c, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    let grandchild = ret(&c) as u64;
    r.call(0, &mut c, "setpgid", &[0, 0]);
    assert_eq!(ret(&c), 0);
    r.call(0, &mut c, "getpgid", &[0]);
    assert_eq!(ret(&c) as u64, child, "leads its own group");
    r.call(0, &mut c, "exit_group", &[0]);
    r.switch_out(0, &c);
    assert!(
        r.k.exit_status(child).is_some(),
        "a zombie until its parent waits"
    );
    // The grandchild is an orphan now.
    loop {
        let (mut t, _) = r.switch_in(0, 2).unwrap();
        let me = r.k.running_on(0).unwrap();
        if me == grandchild {
            r.call(0, &mut t, "getppid", &[]);
            assert_eq!(ret(&t), 1, "reparented to init");
            r.call(0, &mut t, "exit_group", &[0]);
            r.switch_out(0, &t);
            break;
        }
        r.switch_out(0, &t);
    }
    let (mut m, _) = r.switch_in(0, 3).unwrap();
    r.call(0, &mut m, "wait4", &[child, 0, 0, 0]);
    assert_eq!(ret(&m) as u64, child);
    r.call(0, &mut m, "wait4", &[u64::MAX, 0, 1, 0]);
    assert_eq!(
        ret(&m),
        ECHILD,
        "the orphan is not the first process's child"
    );
    assert!(
        r.k.exit_status(grandchild).is_some(),
        "init's zombie, until..."
    );
    r.call(0, &mut m, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    assert!(
        r.k.exit_status(grandchild).is_none(),
        "...the next fork reaps it"
    );
}

#[test]
fn the_terminal_foreground_group_is_read_and_moved_through_ioctl() {
    const TIOCGPGRP: u64 = 0x540f;
    const TIOCSPGRP: u64 = 0x5410;
    const EPERM: i64 = -1;
    const ENOTTY: i64 = -25;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills the two fds; the other arguments may be null.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "the host gives a pseudo-terminal");
    // SAFETY: fresh fds owned by nobody else.
    let (_master, slave) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    };
    let mut r = Rig::new(1, 1);
    let tty =
        r.k.with_process(100, |p| {
            p.fds()
                .insert(crate::se::fd::HostFd::Owned(slave), false, 0)
                .unwrap()
        })
        .unwrap();
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    r.call(0, &mut regs, "ioctl", &[tty, TIOCGPGRP, buf]);
    assert_eq!(ret(&regs), 0);
    assert_eq!(r.read_u32(100, buf), 100, "the first process's group");
    r.write_u32(100, buf, 4321);
    r.call(0, &mut regs, "ioctl", &[tty, TIOCSPGRP, buf]);
    assert_eq!(ret(&regs), EPERM, "no such group");
    r.call(0, &mut regs, "clone", &[SIGCHLD, 0, 0, 0, 0]);
    let child = ret(&regs) as u64;
    r.call(0, &mut regs, "setpgid", &[child, child]);
    assert_eq!(ret(&regs), 0);
    r.write_u32(100, buf, child as u32);
    r.call(0, &mut regs, "ioctl", &[tty, TIOCSPGRP, buf]);
    assert_eq!(ret(&regs), 0);
    r.write_u32(100, buf, 0);
    r.call(0, &mut regs, "ioctl", &[tty, TIOCGPGRP, buf]);
    assert_eq!(
        r.read_u32(100, buf),
        child as u32,
        "the child's group is in front"
    );
    r.call(0, &mut regs, "ioctl", &[1000, TIOCGPGRP, buf]);
    assert_eq!(ret(&regs), -9, "EBADF");
    let file =
        r.k.with_process(100, |p| {
            let f = std::fs::File::open("/dev/null").unwrap();
            p.fds()
                .insert(crate::se::fd::HostFd::Owned(f.into()), false, 0)
                .unwrap()
        })
        .unwrap();
    r.call(0, &mut regs, "ioctl", &[file, TIOCGPGRP, buf]);
    assert_eq!(ret(&regs), ENOTTY);
}
