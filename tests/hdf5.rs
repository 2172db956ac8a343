//! `sim se` built with the `hdf5` feature writes `stats.h5` beside `stats.txt`, with
//! the same values (run with `cargo test --release --features hdf5 --test hdf5`).

#![cfg(feature = "hdf5")]

mod common;

use common::Termination;
use hdf5::types::VarLenUnicode;

#[test]
fn hello_writes_stats_h5_matching_stats_txt() {
    common::build_guests();
    let dir = common::tempdir("sim-hdf5-");
    let out = dir.path().join("m5out");
    let run = common::run_sim(&out, dir.path(), &common::guest_bin("hello"), &[], &[]);
    assert_eq!(run.status, Termination::Exit(0), "{}", run.stderr_text());

    let blocks = common::parse_stats(&common::read_output(&out, "stats.txt"));
    assert_eq!(blocks.len(), 1, "hello dumps stats once, at exit");
    let text = |name: &str| {
        common::stat_value(&blocks[0], name).unwrap_or_else(|| panic!("{name} not in stats.txt"))
    };

    let file = hdf5::File::open(out.join("stats.h5")).expect("stats.h5 written");
    let read = |path: &str| -> (Vec<usize>, Vec<f64>) {
        let ds = file.dataset(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        (ds.shape(), ds.read_raw().unwrap())
    };

    let (shape, insts) = read("simInsts");
    assert_eq!(shape, [1], "one row per dump");
    assert_eq!(insts[0], text("simInsts"));
    assert!(insts[0] > 1000.0, "hello runs thousands of instructions");
    assert_eq!(read("simTicks").1[0], text("simTicks"));
    assert_eq!(
        read("system/cpu/numCycles").1[0],
        text("system.cpu.numCycles")
    );

    // A vector: one column per element, named by the `subnames` attribute.
    let ds = file
        .dataset("system/cpu/commitStats0/committedInstType")
        .unwrap();
    let names: Vec<VarLenUnicode> = ds.attr("subnames").unwrap().read_raw().unwrap();
    let values: Vec<f64> = ds.read_raw().unwrap();
    assert_eq!(ds.shape(), [1, names.len()]);
    let total: f64 = values.iter().sum();
    assert_eq!(
        total,
        text("system.cpu.commitStats0.committedInstType::total")
    );
    let int_alu = names.iter().position(|n| n.as_str() == "IntAlu").unwrap();
    assert_eq!(
        values[int_alu],
        text("system.cpu.commitStats0.committedInstType::IntAlu")
    );
}

/// SIGKILL in the middle of a run that dumps all the time: stats.h5 is always a
/// readable file, with the dumps of stats.txt or one fewer (it is written after).
#[test]
fn a_killed_run_leaves_a_readable_stats_h5() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};
    common::build_guests();
    for delay_ms in [200, 500, 800] {
        let dir = common::tempdir("sim-hdf5-kill-");
        let out = dir.path().join("m5out");
        let mut child = std::process::Command::new(common::sim_bin())
            .args(["se", "-e", "/dev/null", "-d"])
            .arg(&out)
            .arg(common::guest_bin("m5_dump_loop"))
            .arg("1000000")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("cannot start sim");
        let start = Instant::now();
        while !out.join("stats.h5").exists() && start.elapsed() < common::timeout() {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(libc::SIGKILL));

        let blocks = common::count_blocks(&common::read_output(&out, "stats.txt"));
        let file = hdf5::File::open(out.join("stats.h5")).expect("stats.h5 readable");
        let rows = file.dataset("finalTick").unwrap().shape()[0];
        assert!(
            rows == blocks || rows + 1 == blocks,
            "stats.h5 has {rows} dumps, stats.txt {blocks}"
        );
    }
}
