//! Simulator-only guest programs (m5ops): exit codes, stdout and the stats
//! dumps they cause, as declared in `guest/tests.txt` (MODE `sim`).

mod common;

use common::{Mode, Program};

/// Checks one program; returns a report of what went wrong (empty if fine).
fn check(p: Program) -> String {
    let outdir = common::tempdir("sim-m5-out-");
    let cwd = common::tempdir("sim-m5-cwd-");
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        &p.opts(),
        &common::guest_bin(&p.name),
        &p.args_in(cwd.path()),
        &p.stdin_bytes(),
    );
    let mut problems: Vec<String> = Vec::new();
    let want = p.expected_termination();
    if out.status != want {
        problems.push(format!("expected {want}, got {}", out.status));
    }
    if common::has_panic(&out.stderr_text()) {
        problems.push("stderr contains a panic".to_string());
    }
    if let Some(file) = &p.stdout {
        let path = common::guest_dir().join(file);
        let expected =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let d = common::describe_diff("stdout", "expected", &expected, "sim", &out.stdout);
        if !d.is_empty() {
            problems.push(d.trim().to_string());
        }
    }

    let stats_path = outdir.path().join("stats.txt");
    match std::fs::read_to_string(&stats_path) {
        Err(e) => problems.push(format!("no stats.txt in the output dir: {e}")),
        Ok(stats) => {
            let count = common::count_blocks(&stats);
            if let Some(want) = p.dumps {
                if count != want {
                    problems.push(format!(
                        "expected {want} stats blocks (m5 dumps + final dump), found {count}"
                    ));
                }
            }
            let blocks = common::parse_stats(&stats);
            for (i, block) in blocks.iter().enumerate() {
                for name in common::REQUIRED_STATS {
                    if !block.iter().any(|s| s.name == *name) {
                        problems.push(format!("stats block {} lacks {name}", i + 1));
                    }
                }
                if let Some(freq) = common::stat_value(block, "simFreq") {
                    if freq != 1e12 {
                        problems.push(format!(
                            "stats block {}: simFreq is {freq}, not 1e12",
                            i + 1
                        ));
                    }
                }
            }
            match blocks
                .last()
                .and_then(|b| common::stat_value(b, "simInsts"))
            {
                Some(n) if n > 0.0 => {}
                other => problems.push(format!("final simInsts should be > 0, got {other:?}")),
            }
            let ticks: Vec<f64> = blocks
                .iter()
                .filter_map(|b| common::stat_value(b, "finalTick"))
                .collect();
            if ticks.windows(2).any(|w| w[0] > w[1]) {
                problems.push(format!("finalTick decreases across dumps: {ticks:?}"));
            }
        }
    }
    if !outdir.path().join("config.ini").is_file() {
        problems.push("no config.ini in the output dir".to_string());
    }
    if let Some(want) = p.cpt {
        let found = std::fs::read_dir(outdir.path())
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| {
                        e.file_name().to_string_lossy().starts_with("cpt.") && e.path().is_dir()
                    })
                    .count()
            })
            .unwrap_or(0);
        if found != want {
            problems.push(format!("expected {want} cpt.* directories, found {found}"));
        }
    }

    if problems.is_empty() {
        eprintln!("ok   {}", p.name);
        return String::new();
    }
    let stderr = out.stderr_text();
    let mut tail: Vec<&str> = stderr.lines().rev().take(10).collect();
    tail.reverse();
    let tail = if tail.is_empty() {
        "(empty)".to_string()
    } else {
        tail.join("\n    ")
    };
    format!(
        "{}:\n  {}\n  stderr (last lines):\n    {tail}\n",
        p.name,
        problems.join("\n  ")
    )
}

#[test]
fn m5op_programs_behave_as_declared() {
    common::build_guests();
    let programs = common::programs(Mode::Sim);
    assert!(
        !programs.is_empty() || std::env::var("SIM_TEST_ONLY").is_ok(),
        "no sim programs in guest/tests.txt"
    );
    let total = programs.len();
    let failures: Vec<String> = common::parallel_map(programs, check)
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    if !failures.is_empty() {
        panic!(
            "{} of {} m5op programs failed:\n\n{}",
            failures.len(),
            total,
            failures.join("\n")
        );
    }
}
