//! Full system on the atomic CPU: OpenSBI (`fw_jump.bin`) and Debian's Linux
//! (`Image`, initramfs, virtio disk) from `guest/fs/build.sh` boot on 1 and 2
//! harts through the disk image's gem5-style init to the readfile script and
//! back (three `m5 exit`s): the firmware banner, the secondary hart brought up
//! through SBI HSM, the script's `uname -a`, `/proc/cpuinfo`, a file written to
//! the disk and read back after dropping the page cache, `m5 resetstats` and
//! `m5 dumpstats` from the guest, and the disk image unchanged (copy-on-write).
//! The timing CPU with L1 and L2 caches boots one hart the same way (its
//! page-table walks through the L1 data cache). The detailed CPUs' boots (minor,
//! o3, with caches) are opt-in (`SIM_SLOW_TESTS=1`, or `bash tests/fs_detailed.sh`):
//! minutes each. Skipped, with a note, when the guest is not built.

mod common;

use common::{run_sim_raw_within, tempdir, Termination};
use std::ffi::OsStr;
use std::time::Duration;

/// What the readfile script does (run by the image's /etc/after-boot.sh).
const SCRIPT: &str = "#!/bin/sh
uname -a
cat /proc/cpuinfo
echo \"written on the disk $(cat /proc/sys/kernel/random/boot_id | cut -c1-4)\" > /root/file.txt
sync
echo 3 > /proc/sys/vm/drop_caches
echo \"read back: $(cat /root/file.txt)\"
m5 resetstats
m5 dumpstats
";

/// How long a boot may take on a loaded 2-core host: an atomic boot takes
/// 20-40 s of CPU, timing with caches 2 minutes, the detailed CPUs 5-15.
const ATOMIC_LIMIT: Duration = Duration::from_secs(300);
const TIMING_LIMIT: Duration = Duration::from_secs(1200);
const DETAILED_LIMIT: Duration = Duration::from_secs(3600);

/// Boot `harts` harts to the end of the readfile script (with `extra` options,
/// killed after `limit`); the console output, stats.txt and the `-v` log.
fn boot(harts: &str, extra: &[&str], limit: Duration) -> (String, String, String) {
    let fs = common::guest_dir().join("build").join("fs");
    let dir = tempdir("fs-boot");
    let out_dir = dir.path().join("m5out");
    let script = dir.path().join("script.sh");
    std::fs::write(&script, SCRIPT).unwrap();
    let disk = fs.join("disk.img");
    let disk_before = std::fs::read(&disk).unwrap();
    let args: Vec<&OsStr> = [
        OsStr::new("fs"),
        OsStr::new("-v"),
        OsStr::new("-d"),
        out_dir.as_os_str(),
        OsStr::new("--num-cores"),
        OsStr::new(harts),
        // A safety net: the boot takes 1.5-3.5 G instructions.
        OsStr::new("-I"),
        OsStr::new("8000000000"),
        OsStr::new("--m5-exits"),
        OsStr::new("3"),
        OsStr::new("--readfile"),
        script.as_os_str(),
        OsStr::new("--bootloader"),
        fs.join("fw_jump.bin").as_os_str(),
        OsStr::new("--kernel"),
        fs.join("Image").as_os_str(),
        OsStr::new("--initrd"),
        fs.join("initramfs.cpio").as_os_str(),
        OsStr::new("--disk"),
        disk.as_os_str(),
    ]
    .into_iter()
    .map(|s| Box::leak(s.to_os_string().into_boxed_os_str()) as &OsStr)
    .chain(extra.iter().map(OsStr::new))
    .collect();
    let out = run_sim_raw_within(&args, dir.path(), limit);
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    assert!(
        std::fs::read(&disk).unwrap() == disk_before,
        "the run changed the disk image {}",
        disk.display()
    );
    (
        std::fs::read_to_string(out_dir.join("system.platform.terminal")).unwrap(),
        std::fs::read_to_string(out_dir.join("stats.txt")).unwrap(),
        out.stderr_text(),
    )
}

/// Checks shared by every boot of `harts` harts.
fn check_boot(harts: usize, term: &str, stats: &str, log: &str) {
    assert!(term.contains("OpenSBI v1.6"), "{term}");
    let count = format!("Platform HART Count         : {harts}");
    assert!(term.contains(&count), "{term}");
    assert!(term.contains("Kernel booted, starting init..."), "{term}");
    assert!(term.contains("Running the readfile script..."), "{term}");
    assert!(
        term.lines()
            .any(|l| l.starts_with("Linux sim 6.12") && l.ends_with("riscv64 GNU/Linux")),
        "uname -a: {term}"
    );
    let processors = term
        .lines()
        .filter(|l| l.starts_with("processor\t: "))
        .count();
    assert_eq!(processors, harts, "/proc/cpuinfo: {term}");
    assert!(term.contains("mmu\t\t: sv57"), "{term}");
    let written = term
        .lines()
        .find_map(|l| l.strip_prefix("read back: written on the disk "))
        .unwrap_or_else(|| panic!("the file read back: {term}"));
    assert_eq!(written.len(), 4, "{term}");
    assert!(term.contains("After-boot script done."), "{term}");
    // Three m5 exits: init, after-boot, the end of the script (the run's end).
    assert_eq!(
        log.matches("because m5_exit instruction encountered")
            .count(),
        3,
        "{log}"
    );
    // `m5 dumpstats` from the guest, then the block written at the end: the
    // second covers only what ran after `m5 resetstats`.
    let blocks: Vec<&str> = stats
        .split("---------- Begin Simulation Statistics")
        .collect();
    assert_eq!(blocks.len(), 3, "two stats blocks: {stats}");
    let insts = |b: &str| -> u64 {
        b.lines()
            .find_map(|l| l.strip_prefix("simInsts "))
            .map(|v| v.split_whitespace().next().unwrap().parse().unwrap())
            .unwrap()
    };
    assert!(
        insts(blocks[1]) < 100_000_000,
        "after resetstats: {}",
        insts(blocks[1])
    );
    assert!(insts(blocks[2]) > insts(blocks[1]), "{stats}");
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
fn one_hart_boots_to_the_readfile_script_and_back() {
    if !built() {
        return;
    }
    let (term, stats, log) = boot("1", &[], ATOMIC_LIMIT);
    check_boot(1, &term, &stats, &log);
}

#[test]
fn two_harts_boot_to_the_readfile_script_and_back() {
    if !built() {
        return;
    }
    let (term, stats, log) = boot("2", &[], ATOMIC_LIMIT);
    assert!(term.contains("smp: Brought up 1 node, 2 CPUs"), "{term}");
    check_boot(2, &term, &stats, &log);
}

#[test]
fn timing_cpu_with_caches_boots_to_the_readfile_script_and_back() {
    if !built() {
        return;
    }
    let (term, stats, log) = boot(
        "1",
        &["--cpu-type", "timing", "--caches", "--l2cache"],
        TIMING_LIMIT,
    );
    check_boot(1, &term, &stats, &log);
    check_walks_through_the_l1(&stats);
}

/// Linux runs with translation on: its walks went through the L1 data cache.
fn check_walks_through_the_l1(stats: &str) {
    let reads = stat(stats, "system.cpu.walker.reads");
    assert!(reads > 1000.0, "walker reads {reads}");
    assert!(stat(stats, "system.cpu.dcache.ReadReq.accesses::total") > reads);
}

/// True when the slow boots are asked for (`SIM_SLOW_TESTS=1`).
fn slow() -> bool {
    let on = std::env::var("SIM_SLOW_TESTS").is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipped: a detailed-CPU boot takes minutes (SIM_SLOW_TESTS=1 runs it)");
    }
    on
}

#[test]
fn detailed_minor_with_caches_boots_two_harts_to_the_readfile_script_and_back() {
    if !slow() || !built() {
        return;
    }
    let opts = ["--cpu-type", "minor", "--caches", "--l2cache"];
    let (term, stats, log) = boot("2", &opts, DETAILED_LIMIT);
    check_boot(2, &term, &stats, &log);
    // The pipeline's own stats since the guest's `m5 resetstats` (the last
    // block: the script's end, a few million instructions): it decoded in
    // Fetch2 and walked through its data port for the new processes.
    let last = stats.rsplit("Begin Simulation Statistics").next().unwrap();
    let both = |name: &str| {
        stat(last, &format!("system.cpu0.{name}")) + stat(last, &format!("system.cpu1.{name}"))
    };
    assert!(both("fetch2.intInstructions") > 1e5);
    assert!(both("walker.reads") > 0.0);
}

#[test]
fn detailed_o3_with_caches_boots_two_harts_to_the_readfile_script_and_back() {
    if !slow() || !built() {
        return;
    }
    let opts = ["--cpu-type", "o3", "--caches", "--l2cache"];
    let (term, stats, log) = boot("2", &opts, DETAILED_LIMIT);
    check_boot(2, &term, &stats, &log);
    // The out-of-order pipeline's own stats since the guest's `m5 resetstats`
    // (the last block): the readfile script's instructions went through rename,
    // and its processes' page-table walks through the data ports.
    let last = stats.rsplit("Begin Simulation Statistics").next().unwrap();
    for cpu in ["cpu0", "cpu1"] {
        let committed = stat(last, &format!("system.{cpu}.commitStats0.numInsts"));
        let renamed = stat(last, &format!("system.{cpu}.rename.renamedInsts"));
        assert!(
            committed > 0.0 && renamed >= committed,
            "{cpu}: {renamed} {committed}"
        );
    }
    let reads = stat(last, "system.cpu0.walker.reads") + stat(last, "system.cpu1.walker.reads");
    assert!(reads > 100.0, "walker reads {reads}");
}
