//! The guest-path resolver: sysroot (qemu-user's `-L`), gem5's redirect paths and
//! interpreter directory.

use crate::se::sysroot::{PathMap, RedirectPath};
use std::path::{Path, PathBuf};

fn s(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn the_sysroot_holds_what_exists_under_it_and_the_host_the_rest() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("etc")).unwrap();
    std::fs::write(root.path().join("etc/only-in-root"), "x").unwrap();
    let map = PathMap::with_sysroot(root.path());
    let canon = std::fs::canonicalize(root.path()).unwrap();
    let under = format!("{}/etc/only-in-root", canon.display());
    assert_eq!(s(&map.host_path(b"/etc/only-in-root")), under);
    assert_eq!(
        s(&map.host_path(b"/etc")),
        format!("{}/etc", canon.display())
    );
    // Absent under the root: the host's own path (so files are created on the host).
    assert_eq!(s(&map.host_path(b"/no/such/file")), "/no/such/file");
    // Relative paths are the working directory's business.
    assert_eq!(s(&map.host_path(b"etc/only-in-root")), "etc/only-in-root");
    // The interpreter comes through the same lookup.
    assert_eq!(map.interpreter(b"/etc/only-in-root"), PathBuf::from(&under));
    // The guest names a file of the root by its path below the root.
    assert_eq!(
        map.guest_path(Path::new(&under)),
        Path::new("/etc/only-in-root")
    );
    assert_eq!(
        map.guest_path(Path::new("/usr/bin/x")),
        Path::new("/usr/bin/x")
    );
    assert!(PathMap::default().is_identity() && !map.is_identity());
    assert_eq!(s(&PathMap::default().host_path(b"/etc/x")), "/etc/x");
}

#[test]
fn redirects_take_the_first_readable_host_path_else_the_first_and_win_over_the_sysroot() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::write(b.path().join("lib.so"), "x").unwrap();
    let map = PathMap {
        sysroot: Some(b.path().to_path_buf()),
        redirects: vec![RedirectPath {
            app_path: "/lib".into(),
            host_paths: vec![a.path().to_path_buf(), b.path().to_path_buf()],
        }],
        interp_dir: None,
    };
    let (a, b) = (a.path().display(), b.path().display());
    assert_eq!(s(&map.host_path(b"/lib/lib.so")), format!("{b}/lib.so"));
    assert_eq!(s(&map.host_path(b"/lib/missing")), format!("{a}/missing"));
    // gem5 compares the prefix as a string.
    assert_eq!(s(&map.host_path(b"/lib64/x")), format!("{a}64/x"));
    assert_eq!(s(&map.host_path(b"/usr/x")), "/usr/x");
}

#[test]
fn interp_dir_is_prefixed_to_the_interpreter_path_and_redirects_parse_as_se_py_does() {
    let map = PathMap {
        interp_dir: Some("/opt/riscv".into()),
        ..PathMap::default()
    };
    assert_eq!(
        map.interpreter(b"/lib/ld-linux-riscv64-lp64d.so.1"),
        Path::new("/opt/riscv/lib/ld-linux-riscv64-lp64d.so.1")
    );
    let r = RedirectPath::parse("/lib=/opt/riscv/lib").unwrap();
    assert_eq!(r.app_path, "/lib");
    assert_eq!(r.host_paths, [PathBuf::from("/opt/riscv/lib")]);
    assert!(RedirectPath::parse("/lib").is_none());
    assert!(RedirectPath::parse("=/x").is_none());
}

/// The path calls of a process with a sysroot: `openat`, `newfstatat` and
/// `faccessat` see the root's files under their guest names, files absent from the
/// root are the host's, and `/proc/self/exe` reads as the program's guest path.
#[test]
fn a_process_with_a_sysroot_opens_stats_and_names_itself_by_guest_paths() {
    use super::{frames, sys, tiny_elf, INFO};
    use crate::se::abi::AT_FDCWD;
    use crate::se::{Process, ProcessParams};
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("usr/bin")).unwrap();
    std::fs::create_dir_all(root.path().join("etc")).unwrap();
    std::fs::write(root.path().join("etc/guest.conf"), "in the root\n").unwrap();
    let exe = root.path().join("usr/bin/tiny");
    std::fs::write(&exe, tiny_elf()).unwrap();
    let mut params = ProcessParams::new(&exe);
    params.paths = PathMap::with_sysroot(root.path());
    let mut p = Process::from_params(&params, &INFO, frames()).unwrap();
    let buf = super::scratch(&mut p, 0x4000);
    let at = AT_FDCWD as i64 as u64;
    let put = |p: &mut Process, off: u64, s: &str| {
        let mut b = s.as_bytes().to_vec();
        b.push(0);
        p.space().write_bytes(buf + off, &b).unwrap();
        buf + off
    };
    let conf = put(&mut p, 0, "/etc/guest.conf");
    let fd = sys(&mut p, "openat", &[at, conf, 0, 0]);
    assert!(fd >= 0, "openat through the sysroot: {fd}");
    assert_eq!(sys(&mut p, "read", &[fd as u64, buf + 0x1000, 64]), 12);
    assert_eq!(
        p.space().read_vec(buf + 0x1000, 12).unwrap(),
        b"in the root\n"
    );
    assert_eq!(sys(&mut p, "newfstatat", &[at, conf, buf + 0x2000, 0]), 0);
    // Absent from the root: the host's file (this test's own source tree).
    let host = put(&mut p, 0x100, env!("CARGO_MANIFEST_DIR"));
    assert_eq!(sys(&mut p, "faccessat", &[at, host, 0]), 0);
    let gone = put(&mut p, 0x200, "/etc/not-in-root-or-host.conf");
    assert_eq!(sys(&mut p, "openat", &[at, gone, 0, 0]), -2);
    let link = put(&mut p, 0x300, "/proc/self/exe");
    let n = sys(&mut p, "readlinkat", &[at, link, buf + 0x3000, 256]);
    assert_eq!(
        p.space().read_vec(buf + 0x3000, n as usize).unwrap(),
        b"/usr/bin/tiny"
    );
    // ... and opening it reaches the program's file in the root.
    let fd = sys(&mut p, "openat", &[at, link, 0, 0]);
    assert!(fd >= 0, "{fd}");
    assert_eq!(sys(&mut p, "read", &[fd as u64, buf + 0x1000, 4]), 4);
    assert_eq!(p.space().read_vec(buf + 0x1000, 4).unwrap(), b"\x7fELF");
}
