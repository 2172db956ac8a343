//! Full system on the out-of-order CPU: the project's machine-mode test program
//! (`guest/bare/mtest.c`: CSRs, traps, PMP, an Sv39 walk with hardware A/D
//! updates, a page fault, S-mode, an Sstc timer waking a WFI) passes with and
//! without caches, its faults and interrupts taken precisely at commit and the
//! committed path's page-table walks sent through the data port; and Debian's
//! Linux boots on it to the kernel's banner (skipped, with a note, when the
//! guest is not built).

mod common;

use common::{repo_root, run_sim_raw, tempdir, Termination};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

fn mtest() -> PathBuf {
    let out = Command::new("bash")
        .arg(repo_root().join("guest/bare/build.sh"))
        .output()
        .expect("run guest/bare/build.sh");
    assert!(
        out.status.success(),
        "guest/bare/build.sh failed (needs gcc-riscv64-linux-gnu): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo_root().join("guest/build/bare/mtest.elf")
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

/// Run `sim fs` with `args` after `-d OUTDIR`; its terminal file and stats.txt.
fn run_fs(args: &[&OsStr]) -> (String, String) {
    let dir = tempdir("fs-o3");
    let out_dir = dir.path().join("m5out");
    let mut all: Vec<&OsStr> = vec![OsStr::new("fs"), OsStr::new("-d"), out_dir.as_os_str()];
    all.extend_from_slice(args);
    let out = run_sim_raw(&all, dir.path());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "sim fs {args:?} (mtest: exit status = the failed check): {}",
        out.stderr_text()
    );
    let term =
        std::fs::read_to_string(out_dir.join("system.platform.terminal")).unwrap_or_default();
    let stats = std::fs::read_to_string(out_dir.join("stats.txt")).unwrap();
    (term, stats)
}

fn run_mtest(options: &[&str]) -> String {
    let elf = mtest();
    let mut args = vec![
        OsStr::new("--kernel"),
        elf.as_os_str(),
        OsStr::new("--cpu-type"),
        OsStr::new("o3"),
    ];
    args.extend(options.iter().map(OsStr::new));
    run_fs(&args).1
}

/// What shows the out-of-order pipeline ran the program.
fn assert_o3_ran(stats: &str) {
    let insts = stat(stats, "system.cpu.commitStats0.numInsts");
    assert!(insts > 100.0, "committed {insts}");
    // CSR accesses, xRETs, WFI and fences executed at the ROB head.
    assert!(stat(stats, "system.cpu.rename.serializing") >= 10.0);
    assert!(stat(stats, "system.cpu.iew.dispatchedInsts") >= insts);
}

#[test]
fn machine_mode_program_passes_on_the_o3_cpu() {
    let stats = run_mtest(&[]);
    assert_o3_ran(&stats);
    // The hart sleeps through the 100 us timer wait (200 000 cycles at 2 GHz)
    // without counting it.
    assert!(stat(&stats, "simSeconds") >= 0.0001);
    assert!(stat(&stats, "system.cpu.numCycles") < 150_000.0);
    // The S-mode accesses missed in the TLBs and walked the page table.
    assert!(stat(&stats, "system.cpu.mmu.dtb.writeMisses") >= 1.0);
    assert!(stat(&stats, "system.cpu.mmu.itb.readMisses") >= 1.0);
}

#[test]
fn machine_mode_program_passes_on_the_o3_cpu_behind_caches() {
    let stats = run_mtest(&["--caches", "--l2cache"]);
    assert_o3_ran(&stats);
    assert!(stat(&stats, "simSeconds") >= 0.0001);
    assert!(stat(&stats, "system.cpu.numCycles") < 150_000.0);
    assert!(stat(&stats, "system.cpu.dcache.overallAccesses::total") > 100.0);
    assert!(stat(&stats, "system.cpu.icache.overallAccesses::total") > 10.0);
    // The committed path's walks went through the data port: an Sv39 walk to a
    // 4 KiB page reads three descriptors, and the first store sets A and D with
    // a conditional swap the L1D sees.
    let walks = stat(&stats, "system.cpu.walker.walks");
    let dtb = stat(&stats, "system.cpu.mmu.dtb.misses");
    let itb = stat(&stats, "system.cpu.mmu.itb.misses");
    assert!(
        walks >= 2.0 && walks <= dtb + itb,
        "walks {walks}, dtb {dtb}, itb {itb}"
    );
    assert!(stat(&stats, "system.cpu.walker.reads") >= 3.0);
    let updates = stat(&stats, "system.cpu.walker.updates");
    assert!(updates >= 1.0);
    assert_eq!(
        stat(&stats, "system.cpu.dcache.SwapReq.accesses::total"),
        updates
    );
}

#[test]
fn linux_boots_on_the_o3_cpu_with_caches_to_the_kernel_banner() {
    let fs = common::guest_dir().join("build").join("fs");
    let files = ["fw_jump.bin", "Image", "initramfs.cpio", "disk.img"];
    if !files.iter().all(|f| fs.join(f).is_file()) {
        eprintln!("skipped: the full-system guest is not built (bash guest/fs/build.sh)");
        return;
    }
    let path = |f: &str| fs.join(f).into_os_string();
    let (bootloader, kernel, initrd, disk) = (
        path("fw_jump.bin"),
        path("Image"),
        path("initramfs.cpio"),
        path("disk.img"),
    );
    let args: Vec<&OsStr> = vec![
        OsStr::new("--cpu-type"),
        OsStr::new("o3"),
        OsStr::new("--caches"),
        OsStr::new("--l2cache"),
        OsStr::new("-I"),
        OsStr::new("40000000"),
        OsStr::new("--bootloader"),
        &bootloader,
        OsStr::new("--kernel"),
        &kernel,
        OsStr::new("--initrd"),
        &initrd,
        OsStr::new("--disk"),
        &disk,
    ];
    let (term, stats) = run_fs(&args);
    assert!(term.contains("OpenSBI v1.6"), "{term}");
    assert!(term.contains("Linux version 6.12"), "{term}");
    assert_eq!(
        stat(&stats, "system.cpu.commitStats0.numInsts"),
        40_000_000.0
    );
    // OpenSBI and Linux trap and take interrupts through the ROB head; Linux
    // runs translated, missing in both TLBs.
    assert!(stat(&stats, "system.cpu.rename.serializing") > 10_000.0);
    assert!(stat(&stats, "system.cpu.mmu.itb.misses") > 10.0);
    assert!(stat(&stats, "system.cpu.mmu.dtb.misses") > 100.0);
    // Linux runs with translation on: its walks went through the L1 data cache.
    let reads = stat(&stats, "system.cpu.walker.reads");
    assert!(reads > 1000.0, "walker reads {reads}");
    assert!(stat(&stats, "system.cpu.dcache.ReadReq.accesses::total") > reads);
}
