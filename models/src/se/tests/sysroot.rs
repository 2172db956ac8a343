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
