//! Full system, bare metal: the project's machine-mode test program
//! (`guest/bare/mtest.c`: CSRs, traps, PMP, an Sv39 walk with hardware A/D
//! updates, a page fault, S-mode, an Sstc timer waking a WFI) runs on the board
//! and reports through HTIF `tohost`; `sim fs` exits with its status. It runs
//! on the atomic CPU, and on the timing and in-order (minor) CPUs, whose
//! page-table walks go through the data port as timing requests.

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

fn run(options: &[&str]) -> String {
    let elf = mtest();
    let dir = tempdir("fs-bare");
    let out_dir = dir.path().join("m5out");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("fs"),
        OsStr::new("-d"),
        out_dir.as_os_str(),
        OsStr::new("--kernel"),
        elf.as_os_str(),
    ];
    args.extend(options.iter().map(OsStr::new));
    let out = run_sim_raw(&args, dir.path());
    assert_eq!(
        out.status,
        Termination::Exit(0),
        "mtest (exit status = the failed check) with {options:?}: {}",
        out.stderr_text()
    );
    std::fs::read_to_string(out_dir.join("stats.txt")).unwrap()
}

#[test]
fn machine_mode_program_passes_every_check_and_sleeps_in_wfi() {
    let stats = run(&[]);
    // The timer is 100 us away when the hart waits: simulated time passes
    // while the hart executes a few thousand cycles only (no spinning).
    assert!(stat(&stats, "simSeconds") >= 0.0001);
    assert!(stat(&stats, "system.cpu.numCycles") < 10_000.0);
    // The S-mode accesses missed in the TLBs and walked the page table.
    assert!(stat(&stats, "system.cpu.mmu.dtb.writeMisses") >= 1.0);
    assert!(stat(&stats, "system.cpu.mmu.itb.readMisses") >= 1.0);
}

#[test]
fn machine_mode_program_passes_behind_caches_with_a_sleeping_second_hart() {
    let stats = run(&["--caches", "--l2cache", "--num-cores", "2"]);
    assert!(stat(&stats, "system.cpu1.numCycles") < 100.0);
    assert!(stat(&stats, "system.cpu0.dcache.overallAccesses::total") > 100.0);
}

#[test]
fn machine_mode_program_passes_on_the_timing_cpu_walking_through_its_port() {
    let stats = run(&["--cpu-type", "timing"]);
    // The hart sleeps through the 100 us timer wait (200 000 cycles at 2 GHz)
    // without counting it.
    assert!(stat(&stats, "simSeconds") >= 0.0001);
    assert!(stat(&stats, "system.cpu.numCycles") < 150_000.0);
    let dtb = stat(&stats, "system.cpu.mmu.dtb.misses");
    let itb = stat(&stats, "system.cpu.mmu.itb.misses");
    assert!(dtb >= 1.0 && itb >= 1.0, "dtb {dtb}, itb {itb}");
    // Every ISA TLB miss is one walk of the timing walker; an Sv39 walk to a
    // 4 KiB page reads three descriptors, and the first store sets A and D.
    assert_eq!(stat(&stats, "system.cpu.walker.walks"), dtb + itb);
    assert!(stat(&stats, "system.cpu.walker.reads") >= 3.0);
    assert!(stat(&stats, "system.cpu.walker.updates") >= 1.0);
}

#[test]
fn timing_walks_reach_the_l1_data_cache() {
    let stats = run(&["--cpu-type", "timing", "--caches", "--l2cache"]);
    let walks = stat(&stats, "system.cpu.walker.reads");
    assert!(walks >= 3.0);
    // The dcache sees the loads and, besides them, every descriptor read; the
    // accessed/dirty-bit updates come as conditional swaps.
    let loads = stat(&stats, "system.cpu.commitStats0.numLoadInsts");
    assert_eq!(
        stat(&stats, "system.cpu.dcache.ReadReq.accesses::total"),
        loads + walks
    );
    assert_eq!(
        stat(&stats, "system.cpu.dcache.SwapReq.accesses::total"),
        stat(&stats, "system.cpu.walker.updates")
    );
    assert!(stat(&stats, "system.cpu.walker.updates") >= 1.0);
}

#[test]
fn machine_mode_program_passes_on_the_in_order_cpu_walking_through_its_port() {
    let stats = run(&["--cpu-type", "minor"]);
    assert!(stat(&stats, "simSeconds") >= 0.0001);
    // The pipeline really ran (and slept through the timer wait uncounted).
    assert!(stat(&stats, "system.cpu.ipc") > 0.0);
    assert!(stat(&stats, "system.cpu.numCycles") < 150_000.0);
    let dtb = stat(&stats, "system.cpu.mmu.dtb.misses");
    let itb = stat(&stats, "system.cpu.mmu.itb.misses");
    assert!(dtb >= 1.0 && itb >= 1.0, "dtb {dtb}, itb {itb}");
    // Only Execute walks (the committed path): a miss of Fetch1's lookahead
    // counts in the ITLB but walks only once Execute reaches the line.
    let walks = stat(&stats, "system.cpu.walker.walks");
    assert!(walks >= 2.0 && walks <= dtb + itb, "{walks} walks");
    assert!(stat(&stats, "system.cpu.walker.reads") >= 3.0);
    assert!(stat(&stats, "system.cpu.walker.updates") >= 1.0);
}

#[test]
fn in_order_walks_reach_the_l1_data_cache() {
    let stats = run(&["--cpu-type", "minor", "--caches", "--l2cache"]);
    let reads = stat(&stats, "system.cpu.walker.reads");
    assert!(reads >= 3.0);
    assert!(stat(&stats, "system.cpu.dcache.ReadReq.accesses::total") >= reads);
    assert_eq!(
        stat(&stats, "system.cpu.dcache.SwapReq.accesses::total"),
        stat(&stats, "system.cpu.walker.updates")
    );
}
