//! The out-of-order CPU's `O3PipeView` trace: one record per committed
//! instruction in gem5's format (fetch, decode, rename, dispatch, issue,
//! complete, retire lines, ticks in stage order), readable by gem5's
//! `util/o3-pipeview.py` when a gem5 checkout and python3 are at hand
//! (`SIM_GEM5_REPO`, default `/work/.mirror/gem5+gem5/repo`, a bare repository).

mod common;

use common::Termination;
use std::path::Path;
use std::process::Command;

const STAGES: [&str; 7] = [
    "fetch", "decode", "rename", "dispatch", "issue", "complete", "retire",
];

/// Store mnemonics (compressed ones without their `c.`).
const STORES: [&str; 9] = [
    "sb", "sh", "sw", "sd", "fsw", "fsd", "swsp", "sdsp", "fsdsp",
];

/// gem5's `util/o3-pipeview.py` written to `dir`, if a gem5 repository is at hand.
fn gem5_pipeview_script(dir: &Path) -> Option<std::path::PathBuf> {
    let repo = std::env::var("SIM_GEM5_REPO")
        .unwrap_or_else(|_| "/work/.mirror/gem5+gem5/repo".to_string());
    let out = Command::new("git")
        .args(["-C", &repo, "show", "HEAD:util/o3-pipeview.py"])
        .output()
        .ok()?;
    if !out.status.success() || out.stdout.is_empty() {
        return None;
    }
    let path = dir.join("o3-pipeview.py");
    std::fs::write(&path, &out.stdout).ok()?;
    // The script takes its (colourless) terminal codes from gem5's m5 package.
    let util = dir.join("m5/util");
    std::fs::create_dir_all(&util).ok()?;
    std::fs::write(dir.join("m5/__init__.py"), "").ok()?;
    std::fs::write(util.join("__init__.py"), "").ok()?;
    let terminal = "class _NoTermcap:\n    def __getattr__(self, name):\n        return ''\n\nno_termcap = _NoTermcap()\n";
    std::fs::write(util.join("terminal.py"), terminal).ok()?;
    Some(path)
}

#[test]
fn pipeview_records_every_committed_instruction_in_gem5_format() {
    common::build_guests();
    let cwd = common::tempdir("sim-pv-cwd-");
    let out = common::tempdir("sim-pv-out-");
    let trace = out.path().join("pipeview.out");
    let trace_arg = trace.to_string_lossy().into_owned();
    let opts = [
        "--cpu-type",
        "o3",
        "--caches",
        "--cpu-clock",
        "1GHz",
        "--debug-flags=O3PipeView",
        "--debug-file",
        &trace_arg,
    ];
    let bin = common::guest_bin("hello");
    let r = common::run_sim_with(out.path(), cwd.path(), &opts, &bin, &[], &[]);
    assert_eq!(r.status, Termination::Exit(0), "{}", r.stderr_text());
    let text = std::fs::read_to_string(&trace).expect("the trace file");
    let stats = common::read_output(out.path(), "stats.txt");
    let block = common::parse_stats(&stats).pop().expect("a stats block");
    let insts = common::stat_value(&block, "simInsts").expect("simInsts");

    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() % 7, 0, "records of seven lines");
    assert_eq!(
        (lines.len() / 7) as f64,
        insts,
        "one record per committed instruction"
    );
    // Records come at commit, a store's when its write has completed (as
    // gem5's), so only the others are in program order.
    let (mut last_seq, mut stores) = (0u64, 0);
    let mut seqs = std::collections::BTreeSet::new();
    for rec in lines.chunks(7) {
        let mut prev = 0u64;
        let mut seq = 0;
        for (line, stage) in rec.iter().zip(STAGES) {
            let f: Vec<&str> = line.split(':').collect();
            assert_eq!((f[0], f[1]), ("O3PipeView", stage), "{line}");
            let tick: u64 = f[2].parse().unwrap_or_else(|_| panic!("tick in {line}"));
            assert!(tick >= prev, "stages in order: {rec:?}");
            prev = tick;
            if stage == "fetch" {
                assert!(f[3].starts_with("0x") && f[4] == "0", "{line}");
                seq = f[5].parse().expect("sequence number");
                assert!(seqs.insert(seq), "one record per instruction: {line}");
            }
            if stage == "retire" {
                assert_eq!(f[3], "store", "{line}");
                let store: u64 = f[4].parse().unwrap_or_else(|_| panic!("{line}"));
                let text = rec[0].splitn(7, ':').nth(6).unwrap_or("");
                let op = text.split_whitespace().next().unwrap_or("");
                let is_store = STORES.contains(&op.trim_start_matches("c."));
                if store == 0 {
                    assert!(seq > last_seq, "committed in program order: {line}");
                    last_seq = seq;
                } else {
                    // The write completes after commit, through the L1.
                    assert!(store > tick, "store completion after retire: {rec:?}");
                    assert!(is_store, "a store tick on a non-store: {rec:?}");
                    stores += 1;
                }
            }
        }
    }
    assert!(
        stores > 100,
        "{stores} store records with a completion tick"
    );

    let Some(script) = gem5_pipeview_script(out.path()) else {
        eprintln!("no gem5 repository: util/o3-pipeview.py not run");
        return;
    };
    let view = out.path().join("o3-pipeview.txt");
    let run = Command::new("python3")
        .current_dir(out.path())
        .env("PYTHONPATH", out.path())
        .arg(&script)
        .arg(&trace)
        .arg("-o")
        .arg(&view)
        .arg("--cycle-time")
        .arg("1000")
        .output();
    let Ok(run) = run else {
        eprintln!("no python3: util/o3-pipeview.py not run");
        return;
    };
    assert!(
        run.status.success(),
        "o3-pipeview.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shown = std::fs::read_to_string(&view).expect("o3-pipeview.py output");
    let rows = shown.lines().filter(|l| l.contains('[')).count() as f64;
    assert!(rows >= insts, "{rows} rows for {insts} instructions");
}
