//! The full-system guest of `guest/fs/build.sh` booted under QEMU's `virt` board
//! (`guest/fs/qemu-boot.sh`, Debian's qemu-system-riscv64 7.2 unpacked, not
//! installed): the reference the simulator's boot is compared with. OpenSBI and
//! Linux come up on 2 harts, the initramfs mounts the disk, the disk's init reaches
//! the readfile script (from a second disk under QEMU, where the m5 instructions
//! are illegal), the script writes and reads back a file on the disk, and the
//! machine powers off, leaving the image file unchanged.
//! Skipped, with a note, when the guest is not built.

mod common;

use common::Termination;
use std::time::Duration;

#[test]
fn qemu_boots_the_guest_to_the_readfile_script_and_powers_off() {
    let fs = common::guest_dir().join("build").join("fs");
    if !fs.join("disk.img").is_file() || !fs.join("Image").is_file() {
        eprintln!("skipped: the full-system guest is not built (bash guest/fs/build.sh)");
        return;
    }
    let disk_before = std::fs::read(fs.join("disk.img")).expect("read disk.img");
    let dir = common::tempdir("sim-fs-qemu-");
    let script = dir.path().join("script.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho script-start\nuname -sm\ngrep -c ^processor /proc/cpuinfo\n\
         echo on-disk > /root/f.txt && sync && cat /root/f.txt\necho script-end\n",
    )
    .unwrap();
    let mut cmd = std::process::Command::new("bash");
    cmd.arg(common::guest_dir().join("fs").join("qemu-boot.sh"))
        .arg("--smp")
        .arg("2")
        .arg("--readfile")
        .arg(&script);
    let out = common::run_with_timeout(&mut cmd, &[], Duration::from_secs(300));
    // The guest's tty turns each newline into CR LF.
    let text = out.stdout_text().replace("\r\n", "\n");
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "{}\n{}",
        out.stderr_text(),
        text
    );
    let want = [
        "OpenSBI v1.6",
        "Linux version 6.12",
        "smp: Brought up 1 node, 2 CPUs",
        "initramfs: mounted /dev/vda (ext4, rw)",
        "Kernel booted, starting init...",
        "m5: not running under a simulator",
        "Running after-boot script...",
        "Running the readfile script...",
        "script-start\nLinux riscv64\n2\non-disk\nscript-end\n",
        "Readfile script done (status 0)",
        "reboot: Power down",
    ];
    let mut at = 0;
    for w in want {
        match text[at..].find(w) {
            Some(i) => at += i + w.len(),
            None => panic!("'{w}' missing (or out of order) in the console output:\n{text}"),
        }
    }
    let disk_after = std::fs::read(fs.join("disk.img")).expect("read disk.img");
    assert!(disk_before == disk_after, "the boot changed disk.img");
}
