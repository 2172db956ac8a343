//! Disk images: copy-on-write leaves the file alone, writable raw images stay
//! sparse, qcow2 images made by `qemu-img` read back byte for byte.

use super::*;
use std::os::unix::fs::MetadataExt;
use std::process::Command;

/// A file of `len` bytes whose byte `i` is a function of `i`.
fn patterned(dir: &Path, name: &str, len: usize) -> (PathBuf, Vec<u8>) {
    let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4096) as u8).collect();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn copy_on_write_shows_writes_and_never_touches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, orig) = patterned(dir.path(), "disk.raw", 64 << 10);
    let mtime = std::fs::metadata(&path).unwrap().mtime_nsec();
    let mut d = open_image(&path, DiskMode::CopyOnWrite).unwrap();
    assert_eq!(d.size(), 64 << 10);
    // A write straddling two overlay blocks, not aligned to either.
    let data = vec![0xab; 5000];
    d.write_at(3000, &data).unwrap();
    let mut back = vec![0; 10_000];
    d.read_at(0, &mut back).unwrap();
    let mut want = orig[..10_000].to_vec();
    want[3000..8000].fill(0xab);
    assert_eq!(back, want);
    let mut tail = vec![0; 4096];
    d.read_at(60 << 10, &mut tail).unwrap();
    assert_eq!(tail, orig[60 << 10..64 << 10]);
    d.flush().unwrap();
    drop(d);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        orig,
        "the image file is unchanged"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().mtime_nsec(), mtime);
}

#[test]
fn writable_raw_images_keep_holes_and_read_only_ones_refuse_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.raw");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 20)
        .unwrap();
    let mut d = open_image(&path, DiskMode::Writable).unwrap();
    d.write_at(0, &[0x11; 4096]).unwrap();
    d.write_at(512 << 10, &[0u8; 64 << 10]).unwrap();
    d.flush().unwrap();
    drop(d);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes[..4096].iter().all(|&b| b == 0x11));
    assert!(bytes[4096..].iter().all(|&b| b == 0));
    let allocated = std::fs::metadata(&path).unwrap().blocks() * 512;
    assert!(
        allocated <= 16 << 10,
        "zero writes left holes: {allocated} bytes allocated"
    );

    let mut ro = open_image(&path, DiskMode::ReadOnly).unwrap();
    let e = ro.write_at(0, &[1]).unwrap_err().to_string();
    assert!(e.contains("sparse.raw") && e.contains("read-only"), "{e}");
    let e = ro
        .read_at((1 << 20) - 4, &mut [0; 8])
        .unwrap_err()
        .to_string();
    assert!(e.contains("past its end"), "{e}");
}

#[test]
fn missing_and_corrupt_images_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.img");
    let e = open_image(&missing, DiskMode::CopyOnWrite)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("nope.img") && e.contains("no such file"), "{e}");
    let bad = dir.path().join("bad.qcow2");
    std::fs::write(&bad, b"QFI\xfb\0\0\0\x03").unwrap();
    let e = open_image(&bad, DiskMode::CopyOnWrite)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("bad.qcow2") && e.contains("corrupt"), "{e}");
}

fn qemu_img(args: &[&str]) {
    let out = Command::new("qemu-img")
        .args(args)
        .output()
        .expect("qemu-img (qemu-utils) is installed");
    assert!(
        out.status.success(),
        "qemu-img {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn qcow2_images_made_by_qemu_img_read_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    // Half data, half zeros (left unallocated by the conversion).
    let (raw, mut bytes) = patterned(dir.path(), "src.raw", 3 << 20);
    bytes[1 << 20..2 << 20].fill(0);
    std::fs::write(&raw, &bytes).unwrap();
    let q = dir.path().join("disk.qcow2");
    let (raw_s, q_s) = (raw.to_str().unwrap(), q.to_str().unwrap());
    qemu_img(&["create", "-f", "qcow2", q_s, "3M"]);
    qemu_img(&[
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        "-o",
        "cluster_size=4096",
        raw_s,
        q_s,
    ]);
    let mut d = open_image(&q, DiskMode::CopyOnWrite).unwrap();
    assert_eq!(d.size(), 3 << 20);
    let mut back = vec![0; 3 << 20];
    d.read_at(0, &mut back).unwrap();
    assert!(back == bytes, "qcow2 contents differ from the raw source");
    // Copy-on-write on top works for qcow2 too; writing the file directly does not.
    d.write_at(100, b"new").unwrap();
    let mut three = [0; 3];
    d.read_at(100, &mut three).unwrap();
    assert_eq!(&three, b"new");
    assert!(open_image(&q, DiskMode::Writable).is_err());

    // An overlay with a raw backing file reads the backing file where it has no data.
    let over = dir.path().join("over.qcow2");
    qemu_img(&[
        "create",
        "-f",
        "qcow2",
        "-b",
        raw_s,
        "-F",
        "raw",
        over.to_str().unwrap(),
    ]);
    let mut d = open_image(&over, DiskMode::ReadOnly).unwrap();
    let mut back = vec![0; 3 << 20];
    d.read_at(0, &mut back).unwrap();
    assert!(back == bytes, "backing file contents differ");
    // Data written into the overlay (by QEMU) shadows the backing file there only.
    let out = Command::new("qemu-io")
        .args(["-f", "qcow2", "-c", "write -P 0x5a 1052672 8192"])
        .arg(&over)
        .output()
        .expect("qemu-io (qemu-utils) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut d = open_image(&over, DiskMode::ReadOnly).unwrap();
    d.read_at(0, &mut back).unwrap();
    let mut want = bytes.clone();
    want[1052672..1052672 + 8192].fill(0x5a);
    assert!(
        back == want,
        "overlay clusters over the backing file differ"
    );

    // Version 2 images (compat=0.10) read the same.
    let v2 = dir.path().join("v2.qcow2");
    let v2_s = v2.to_str().unwrap();
    qemu_img(&[
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        "-o",
        "compat=0.10",
        raw_s,
        v2_s,
    ]);
    let mut d = open_image(&v2, DiskMode::ReadOnly).unwrap();
    d.read_at(0, &mut back).unwrap();
    assert!(back == bytes, "qcow2 v2 contents differ");

    // Compressed clusters are refused when the image is opened.
    let c = dir.path().join("packed.qcow2");
    qemu_img(&[
        "convert",
        "-c",
        "-f",
        "raw",
        "-O",
        "qcow2",
        raw_s,
        c.to_str().unwrap(),
    ]);
    let e = open_image(&c, DiskMode::CopyOnWrite)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("packed.qcow2") && e.contains("compressed"),
        "{e}"
    );
}
