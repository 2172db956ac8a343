//! The guest's view of its system: synthesized `/proc` and `/sys` files, limits.

use super::*;

/// The riscv64 numbers of the calls these tests make.
const VIEW_NAMES: &[(u64, &str)] = &[
    (23, "dup"),
    (25, "fcntl"),
    (56, "openat"),
    (57, "close"),
    (63, "read"),
    (78, "readlinkat"),
    (167, "prctl"),
    (222, "mmap"),
    (261, "prlimit64"),
];

static VIEW_INFO: LinuxProcessInfo = LinuxProcessInfo {
    syscall_names: VIEW_NAMES,
    ..INFO
};

const AT_FDCWD: u64 = -100i64 as u64;

fn view_process() -> Process {
    let mut params = ProcessParams::new("/bin/tiny");
    params.argv = vec!["tiny".into(), "arg 1".into()];
    Process::from_elf_bytes(&tiny_elf(), &params, &VIEW_INFO, frames()).expect("tiny ELF loads")
}

fn call(p: &mut Process, name: &str, args: &[u64]) -> i64 {
    let nr = VIEW_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .expect("known")
        .0;
    let mut r = FakeRegs::default();
    r.set_int(17, nr);
    for (i, &a) in args.iter().enumerate() {
        r.set_int(10 + i as u16, a);
    }
    let _ = p.syscall(&mut r, Tick(5_000_000_000));
    r.int(10) as i64
}

fn scratch(p: &mut Process) -> u64 {
    let a = call(p, "mmap", &[0, 0x10000, 3, 0x22, u64::MAX, 0]);
    assert!(a > 0, "mmap failed: {a}");
    a as u64
}

/// The whole guest file `path`, read through openat/read.
fn read_guest_file(p: &mut Process, path: &str) -> Result<String, i64> {
    let buf = scratch(p);
    let mut b = path.as_bytes().to_vec();
    b.push(0);
    p.space().write_bytes(buf, &b).unwrap();
    let fd = call(p, "openat", &[AT_FDCWD, buf, 0, 0]);
    if fd < 0 {
        return Err(fd);
    }
    let n = call(p, "read", &[fd as u64, buf, 0x10000]);
    assert!(n >= 0, "read {path}: {n}");
    let mut out = vec![0u8; n as usize];
    p.space().read_bytes(buf, &mut out).unwrap();
    call(p, "close", &[fd as u64]);
    Ok(String::from_utf8(out).expect("text"))
}

#[test]
fn maps_lists_the_image_heap_and_stack_as_linux_prints_them() {
    let mut p = view_process();
    let maps = read_guest_file(&mut p, "/proc/self/maps").unwrap();
    let text = maps
        .lines()
        .find(|l| l.starts_with("00010000-00011000 r-xp 00000000 "))
        .unwrap_or_else(|| panic!("no text line in\n{maps}"));
    assert!(text.ends_with(" /bin/tiny"), "{text}");
    assert_eq!(
        text.find("/bin/tiny"),
        Some(73),
        "names start at column 73: {text}"
    );
    assert!(maps.lines().any(|l| l.ends_with("[stack]")), "{maps}");
    let cmdline = read_guest_file(&mut p, "/proc/self/cmdline").unwrap();
    assert_eq!(cmdline, "tiny\0arg 1\0");
    let status = read_guest_file(&mut p, "/proc/self/status").unwrap();
    assert!(status.starts_with("Name:\ttiny\nUmask:\t0022\nState:\tR (running)\nTgid:\t100\n"));
}

#[test]
fn another_pid_is_absent_and_self_links_to_the_pid() {
    let mut p = view_process();
    assert_eq!(read_guest_file(&mut p, "/proc/4242/status"), Err(-2));
    let buf = scratch(&mut p);
    p.space().write_bytes(buf, b"/proc/self\0").unwrap();
    let n = call(&mut p, "readlinkat", &[AT_FDCWD, buf, buf + 64, 32]);
    let mut link = vec![0u8; n.max(0) as usize];
    p.space().read_bytes(buf + 64, &mut link).unwrap();
    assert_eq!(link, b"100");
}

#[test]
fn cpus_and_memory_are_the_simulated_ones() {
    let mut p = view_process();
    p.sys.set_num_cpus(3);
    assert_eq!(
        read_guest_file(&mut p, "/sys/devices/system/cpu/online").unwrap(),
        "0-2\n"
    );
    let cpuinfo = read_guest_file(&mut p, "/proc/cpuinfo").unwrap();
    assert_eq!(cpuinfo.matches("processor\t: ").count(), 3);
    let meminfo = read_guest_file(&mut p, "/proc/meminfo").unwrap();
    assert!(
        meminfo.starts_with("MemTotal:          65536 kB\n"),
        "{meminfo}"
    );
    let uptime = read_guest_file(&mut p, "/proc/uptime").unwrap();
    assert!(
        uptime.starts_with("0.00 "),
        "5 ms of simulated time: {uptime}"
    );
}

#[test]
fn rlimit_nofile_bounds_the_fd_table() {
    let mut p = view_process();
    let buf = scratch(&mut p);
    p.space()
        .write_bytes(buf, &[8u64.to_le_bytes(), 8u64.to_le_bytes()].concat())
        .unwrap();
    assert_eq!(call(&mut p, "prlimit64", &[0, 7, buf, 0]), 0);
    let mut last = 0;
    loop {
        let fd = call(&mut p, "dup", &[0]);
        if fd < 0 {
            assert_eq!(fd, -24, "EMFILE");
            break;
        }
        last = fd;
    }
    assert_eq!(last, 7);
    // Raising the hard limit again needs root.
    p.space()
        .write_bytes(buf, &[9u64.to_le_bytes(), 9u64.to_le_bytes()].concat())
        .unwrap();
    let want = if p.ids.1 == 0 { 0 } else { -1 };
    assert_eq!(call(&mut p, "prlimit64", &[0, 7, buf, 0]), want);
}

#[test]
fn rlimit_as_refuses_mappings_past_it() {
    let mut p = view_process();
    let buf = scratch(&mut p);
    let mapped: u64 = p.space().vmas().map(|(s, v)| v.end - s).sum();
    let lim = mapped + 0x20000;
    p.space()
        .write_bytes(buf, &[lim.to_le_bytes(), u64::MAX.to_le_bytes()].concat())
        .unwrap();
    assert_eq!(call(&mut p, "prlimit64", &[0, 9, buf, 0]), 0);
    assert_eq!(
        call(&mut p, "mmap", &[0, 0x30000, 3, 0x22, u64::MAX, 0]),
        -12
    );
    assert!(call(&mut p, "mmap", &[0, 0x10000, 3, 0x22, u64::MAX, 0]) > 0);
}

#[test]
fn prctl_names_the_thread_and_comm_follows() {
    let mut p = view_process();
    let buf = scratch(&mut p);
    p.space()
        .write_bytes(buf, b"a-very-long-thread-name\0")
        .unwrap();
    assert_eq!(call(&mut p, "prctl", &[15, buf]), 0);
    assert_eq!(
        read_guest_file(&mut p, "/proc/self/comm").unwrap(),
        "a-very-long-thr\n"
    );
    assert_eq!(call(&mut p, "prctl", &[0x7fff_0000, 0]), -22);
}

#[test]
fn record_locks_conflict_between_processes_of_one_machine() {
    let dir = tempfile::tempdir().unwrap();
    let path = format!("{}/locked\0", dir.path().display());
    let mut a = view_process();
    let mut b = view_process();
    b.pid = 101;
    b.sys = a.sys.clone();
    let open = |p: &mut Process| {
        let buf = scratch(p);
        p.space().write_bytes(buf, path.as_bytes()).unwrap();
        let fd = call(p, "openat", &[AT_FDCWD, buf, 0o102, 0o644]); // O_RDWR|O_CREAT
        assert!(fd >= 0, "open: {fd}");
        (fd as u64, buf + 0x1000)
    };
    let (fa, la) = open(&mut a);
    let (fb, lb) = open(&mut b);
    // struct flock: type, whence, start, len, pid.
    let flock = |p: &mut Process, at: u64, kind: u16, start: u64, len: u64| {
        let mut raw = [0u8; 32];
        raw[..2].copy_from_slice(&kind.to_le_bytes());
        raw[8..16].copy_from_slice(&start.to_le_bytes());
        raw[16..24].copy_from_slice(&len.to_le_bytes());
        p.space().write_bytes(at, &raw).unwrap();
    };
    flock(&mut a, la, 1, 10, 5);
    assert_eq!(call(&mut a, "fcntl", &[fa, 6, la]), 0, "F_SETLK by a");
    flock(&mut b, lb, 0, 0, 0);
    assert_eq!(call(&mut b, "fcntl", &[fb, 5, lb]), 0, "F_GETLK by b");
    let mut got = [0u8; 32];
    b.space().read_bytes(lb, &mut got).unwrap();
    assert_eq!(u16::from_le_bytes([got[0], got[1]]), 1, "a write lock");
    assert_eq!(u64::from_le_bytes(got[8..16].try_into().unwrap()), 10);
    assert_eq!(u64::from_le_bytes(got[16..24].try_into().unwrap()), 5);
    assert_eq!(
        u32::from_le_bytes(got[24..28].try_into().unwrap()),
        100,
        "held by a"
    );
    flock(&mut b, lb, 0, 12, 1);
    assert_eq!(call(&mut b, "fcntl", &[fb, 6, lb]), -11, "EAGAIN");
    assert_eq!(
        call(&mut b, "fcntl", &[fb, 7, lb]),
        -35,
        "no kernel to wait in"
    );
    flock(&mut b, lb, 0, 15, 1);
    assert_eq!(call(&mut b, "fcntl", &[fb, 6, lb]), 0, "past a's range");
    // Closing any fd of the file drops a's locks.
    assert_eq!(call(&mut a, "close", &[fa]), 0);
    flock(&mut b, lb, 1, 0, 0);
    assert_eq!(
        call(&mut b, "fcntl", &[fb, 6, lb]),
        0,
        "whole file once a closed"
    );
}
