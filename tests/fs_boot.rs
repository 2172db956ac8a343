//! Full system on the atomic CPU: OpenSBI (`fw_jump.bin`) and Debian's Linux
//! (`Image`, initramfs, virtio disk) from `guest/fs/build.sh` boot on 1 and 2
//! harts, each as far as a CI budget allows (an instruction limit): the firmware
//! banner, the kernel's banner and the secondary hart brought up through SBI HSM.
//! The timing CPU with L1 and L2 caches boots one hart to the kernel's banner.
//! Skipped, with a note, when the guest is not built.

mod common;

use common::{run_sim_raw, tempdir, Termination};
use std::ffi::OsStr;

fn boot(harts: &str, max_insts: &str) -> String {
    boot_on(harts, max_insts, &[]).0
}

/// Boot with extra options; the terminal's text and stats.txt.
fn boot_on(harts: &str, max_insts: &str, extra: &[&str]) -> (String, String) {
    let fs = common::guest_dir().join("build").join("fs");
    let dir = tempdir("fs-boot");
    let out_dir = dir.path().join("m5out");
    let mut args: Vec<&OsStr> = [
        OsStr::new("fs"),
        OsStr::new("-d"),
        out_dir.as_os_str(),
        OsStr::new("--num-cores"),
        OsStr::new(harts),
        OsStr::new("-I"),
        OsStr::new(max_insts),
        OsStr::new("--bootloader"),
        fs.join("fw_jump.bin").as_os_str(),
        OsStr::new("--kernel"),
        fs.join("Image").as_os_str(),
        OsStr::new("--initrd"),
        fs.join("initramfs.cpio").as_os_str(),
        OsStr::new("--disk"),
        fs.join("disk.img").as_os_str(),
    ]
    .into_iter()
    .map(|s| Box::leak(s.to_os_string().into_boxed_os_str()) as &OsStr)
    .collect();
    args.extend(extra.iter().map(OsStr::new));
    let out = run_sim_raw(&args, dir.path());
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    let term = std::fs::read_to_string(out_dir.join("system.platform.terminal")).unwrap();
    let stats = std::fs::read_to_string(out_dir.join("stats.txt")).unwrap();
    (term, stats)
}

fn stat(stats: &str, name: &str) -> f64 {
    stats
        .lines()
        .find_map(|l| {
            let mut w = l.split_whitespace();
            (w.next() == Some(name)).then(|| w.next().unwrap().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("{name} missing from stats.txt"))
}

fn built() -> bool {
    let fs = common::guest_dir().join("build").join("fs");
    let ok = ["fw_jump.bin", "Image", "initramfs.cpio", "disk.img"]
        .iter()
        .all(|f| fs.join(f).is_file());
    if !ok {
        eprintln!("skipped: the full-system guest is not built (bash guest/fs/build.sh)");
    }
    ok
}

#[test]
fn one_hart_boots_opensbi_and_linux() {
    if !built() {
        return;
    }
    let term = boot("1", "300000000");
    assert!(term.contains("OpenSBI v1.6"), "{term}");
    assert!(term.contains("Platform HART Count         : 1"), "{term}");
    assert!(term.contains("Linux version 6.12"), "{term}");
    assert!(term.contains("smp: Brought up 1 node, 1 CPU"), "{term}");
}

#[test]
fn two_harts_boot_and_linux_brings_up_the_second() {
    if !built() {
        return;
    }
    let term = boot("2", "300000000");
    assert!(term.contains("Platform HART Count         : 2"), "{term}");
    assert!(term.contains("smp: Brought up 1 node, 2 CPUs"), "{term}");
}

#[test]
fn timing_cpu_with_caches_boots_to_the_kernel_banner() {
    if !built() {
        return;
    }
    let caches = ["--cpu-type", "timing", "--caches", "--l2cache"];
    let (term, stats) = boot_on("1", "40000000", &caches);
    assert!(term.contains("OpenSBI v1.6"), "{term}");
    assert!(term.contains("Linux version 6.12"), "{term}");
    // Linux runs with translation on: its walks went through the L1 data cache.
    let reads = stat(&stats, "system.cpu.walker.reads");
    assert!(reads > 1000.0, "walker reads {reads}");
    assert!(stat(&stats, "system.cpu.dcache.ReadReq.accesses::total") > reads);
}
