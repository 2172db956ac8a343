//! Links, permissions and times on paths; `MAP_SHARED` file mappings written
//! back with `msync`, `munmap` and at exit.

use super::*;
use crate::se::ExitStatus;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

const AT_FDCWD: u64 = -100i64 as u64;
const EEXIST: i64 = -17;
const EINVAL: i64 = -22;
const ENOMEM: i64 = -12;
const EACCES: i64 = -13;
/// `O_RDWR` and `O_RDONLY` in the generic encoding.
const O_RDWR: u64 = 2;
const O_RDONLY: u64 = 0;
const PROT_RW: u64 = 3;
const MAP_SHARED: u64 = 1;
const MAP_PRIVATE: u64 = 2;
const MS_SYNC: u64 = 4;
const MS_ASYNC: u64 = 1;

/// Put a NUL-terminated string in guest memory.
fn cstr(p: &mut Process, at: u64, s: &str) -> u64 {
    let mut b = s.as_bytes().to_vec();
    b.push(0);
    p.space().write_bytes(at, &b).unwrap();
    at
}

fn proc_in(dir: &std::path::Path) -> (Process, u64) {
    let mut p = tiny_process([0, 1, 2]);
    let buf = scratch(&mut p, 0x8000);
    let d = cstr(&mut p, buf, dir.to_str().unwrap());
    assert_eq!(sys(&mut p, "chdir", &[d]), 0);
    (p, buf)
}

fn open(p: &mut Process, buf: u64, path: &str, flags: u64) -> u64 {
    let path = cstr(p, buf + 0x7000, path);
    let fd = sys(p, "openat", &[AT_FDCWD, path, flags, 0]);
    assert!(fd >= 0, "open {fd}");
    fd as u64
}

#[test]
fn symlinkat_creates_a_link_readlinkat_returns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alpha"), b"alpha\n").unwrap();
    let (mut p, buf) = proc_in(dir.path());
    let target = cstr(&mut p, buf, "alpha");
    let link = cstr(&mut p, buf + 0x100, "link-to-alpha");
    assert_eq!(sys(&mut p, "symlinkat", &[target, AT_FDCWD, link]), 0);
    assert_eq!(
        std::fs::read_link(dir.path().join("link-to-alpha")).unwrap(),
        std::path::Path::new("alpha"),
        "the target is stored verbatim, relative to the link"
    );
    let n = sys(&mut p, "readlinkat", &[AT_FDCWD, link, buf + 0x1000, 64]);
    assert_eq!(n, 5);
    assert_eq!(p.space().read_vec(buf + 0x1000, 5).unwrap(), b"alpha");
    assert_eq!(sys(&mut p, "symlinkat", &[target, AT_FDCWD, link]), EEXIST);
    // Relative to a directory fd.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let dfd = open(&mut p, buf, "sub", O_RDONLY);
    let rel = cstr(&mut p, buf + 0x200, "in-sub");
    let t2 = cstr(&mut p, buf + 0x300, "../alpha");
    assert_eq!(sys(&mut p, "symlinkat", &[t2, dfd, rel]), 0);
    assert_eq!(
        std::fs::read(dir.path().join("sub/in-sub")).unwrap(),
        b"alpha\n"
    );
    let n = sys(&mut p, "readlinkat", &[dfd, rel, buf + 0x1000, 64]);
    assert_eq!(
        p.space().read_vec(buf + 0x1000, n as usize).unwrap(),
        b"../alpha"
    );
}

#[test]
fn linkat_chmod_chown_and_utimensat() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f");
    std::fs::write(&f, b"data").unwrap();
    let (mut p, buf) = proc_in(dir.path());
    let (old, new) = (cstr(&mut p, buf, "f"), cstr(&mut p, buf + 0x100, "g"));
    assert_eq!(sys(&mut p, "linkat", &[AT_FDCWD, old, AT_FDCWD, new, 0]), 0);
    assert_eq!(std::fs::metadata(&f).unwrap().nlink(), 2);
    assert_eq!(
        sys(&mut p, "linkat", &[AT_FDCWD, old, AT_FDCWD, new, 0x8000]),
        EINVAL
    );
    assert_eq!(sys(&mut p, "fchmodat", &[AT_FDCWD, old, 0o600]), 0);
    let mode = |f: &std::path::Path| std::fs::metadata(f).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&f), 0o600);
    let fd = open(&mut p, buf, "g", O_RDWR);
    assert_eq!(sys(&mut p, "fchmod", &[fd, 0o640]), 0);
    assert_eq!(mode(&f), 0o640);
    let none = u32::MAX as u64;
    assert_eq!(sys(&mut p, "fchownat", &[AT_FDCWD, old, none, none, 0]), 0);
    // SAFETY: no preconditions.
    let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
    assert_eq!(sys(&mut p, "fchown", &[fd, uid as u64, gid as u64]), 0);
    // utimensat with explicit times: atime 1000 s, mtime 2000.5 s.
    let times = buf + 0x2000;
    for (i, v) in [1000u64, 0, 2000, 500_000_000].iter().enumerate() {
        p.space().write_u64(times + 8 * i as u64, *v).unwrap();
    }
    assert_eq!(sys(&mut p, "utimensat", &[AT_FDCWD, old, times, 0]), 0);
    let md = std::fs::metadata(&f).unwrap();
    assert_eq!(
        (md.atime(), md.mtime(), md.mtime_nsec()),
        (1000, 2000, 500_000_000)
    );
    // A null path names the fd itself; null times means now.
    assert_eq!(sys(&mut p, "utimensat", &[fd, 0, 0, 0]), 0);
    assert!(std::fs::metadata(&f).unwrap().mtime() > 2000);
}

#[test]
fn shared_mapping_writes_reach_the_file_on_msync_and_munmap() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.bin");
    std::fs::write(&file, vec![b'a'; 5000]).unwrap();
    let (mut p, buf) = proc_in(dir.path());
    let fd = open(&mut p, buf, "m.bin", O_RDWR);
    let m = sys(&mut p, "mmap", &[0, 8192, PROT_RW, MAP_SHARED, fd, 0]) as u64;
    p.space().write_bytes(m + 10, b"hello").unwrap();
    assert_eq!(
        std::fs::read(&file).unwrap()[10..15],
        *b"aaaaa",
        "not yet written back"
    );
    assert_eq!(sys(&mut p, "msync", &[m, 8192, MS_SYNC]), 0);
    assert_eq!(sys(&mut p, "pread64", &[fd, buf + 0x1000, 16, 4]), 16);
    assert_eq!(
        p.space().read_vec(buf + 0x1000, 16).unwrap(),
        b"aaaaaahelloaaaaa"
    );
    // A write through the fd after the mmap survives the writeback of other bytes.
    p.space().write_bytes(buf + 0x1000, b"QQ").unwrap();
    assert_eq!(sys(&mut p, "pwrite64", &[fd, buf + 0x1000, 2, 100]), 2);
    p.space().write_bytes(m + 4096, b"xyz").unwrap();
    p.space().write_bytes(m + 6000, b"past eof").unwrap();
    assert_eq!(sys(&mut p, "munmap", &[m, 8192]), 0);
    let data = std::fs::read(&file).unwrap();
    assert_eq!(data.len(), 5000, "the file does not grow");
    assert_eq!(&data[100..102], b"QQ");
    assert_eq!(&data[4096..4099], b"xyz");
    assert_eq!(&data[10..15], b"hello");
    // After the munmap the range is gone.
    assert_eq!(sys(&mut p, "msync", &[m, 4096, MS_SYNC]), ENOMEM);
}

#[test]
fn msync_on_parts_private_and_anonymous_mappings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.bin");
    std::fs::write(&file, vec![0u8; 3 * 4096]).unwrap();
    let (mut p, buf) = proc_in(dir.path());
    let fd = open(&mut p, buf, "m.bin", O_RDWR);
    // Map file pages 1 and 2; drop the first mapped page, then sync the second.
    let m = sys(&mut p, "mmap", &[0, 8192, PROT_RW, MAP_SHARED, fd, 4096]) as u64;
    p.space().write_bytes(m + 1, b"A").unwrap();
    assert_eq!(sys(&mut p, "munmap", &[m, 4096]), 0);
    p.space().write_bytes(m + 4096 + 7, b"Z").unwrap();
    assert_eq!(sys(&mut p, "msync", &[m + 4096, 100, MS_ASYNC]), 0);
    let data = std::fs::read(&file).unwrap();
    assert_eq!((data[4097], data[8192 + 7]), (b'A', b'Z'));
    // Partly unmapped range: ENOMEM; bad flags or alignment: EINVAL.
    assert_eq!(sys(&mut p, "msync", &[m, 8192, MS_SYNC]), ENOMEM);
    assert_eq!(sys(&mut p, "msync", &[m + 4097, 10, MS_SYNC]), EINVAL);
    assert_eq!(
        sys(&mut p, "msync", &[m + 4096, 10, MS_SYNC | MS_ASYNC]),
        EINVAL
    );
    // Private file and anonymous mappings: nothing to write, success.
    let q = sys(&mut p, "mmap", &[0, 4096, PROT_RW, MAP_PRIVATE, fd, 0]) as u64;
    p.space().write_bytes(q, b"private").unwrap();
    assert_eq!(sys(&mut p, "msync", &[q, 4096, MS_SYNC]), 0);
    assert_eq!(sys(&mut p, "munmap", &[q, 4096]), 0);
    assert_eq!(sys(&mut p, "msync", &[buf, 4096, MS_SYNC]), 0);
    assert_eq!(&std::fs::read(&file).unwrap()[..7], &[0; 7]);
    // A writable shared mapping needs an fd open for reading and writing.
    let ro = open(&mut p, buf, "m.bin", O_RDONLY);
    assert_eq!(
        sys(&mut p, "mmap", &[0, 4096, PROT_RW, MAP_SHARED, ro, 0]),
        EACCES
    );
}

#[test]
fn shared_mapping_is_written_back_at_exit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.bin");
    std::fs::write(&file, vec![b'.'; 64]).unwrap();
    let (mut p, buf) = proc_in(dir.path());
    let fd = open(&mut p, buf, "m.bin", O_RDWR);
    let m = sys(&mut p, "mmap", &[0, 4096, PROT_RW, MAP_SHARED, fd, 0]) as u64;
    p.space().write_bytes(m, b"bye").unwrap();
    let (out, _) = call_at(&mut p, "exit_group", &[0], 0);
    assert_eq!(out, SyscallOutcome::Exited(ExitStatus::Exited(0)));
    assert_eq!(&std::fs::read(&file).unwrap()[..4], b"bye.");
}
