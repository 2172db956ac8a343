//! Multi-core SE: a multi-threaded guest (a mutex-protected counter and a
//! lock-free one over atomics) gives the exact counts on 1, 2 and 4 cores, on
//! both CPU models and with coherent caches; several processes run on several
//! cores from one command line.

mod common;

use common::Termination;

fn run(options: &[&str], binary: &str, args: &[&str]) -> (common::Output, Vec<Vec<common::Stat>>) {
    common::build_guests();
    let outdir = common::tempdir("sim-mc-out-");
    let cwd = common::tempdir("sim-mc-cwd-");
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = common::run_sim_with(
        outdir.path(),
        cwd.path(),
        options,
        &common::guest_bin(binary),
        &args,
        &[],
    );
    let stats = std::fs::read_to_string(outdir.path().join("stats.txt")).unwrap_or_default();
    (out, common::parse_stats(&stats))
}

#[test]
fn threads_count_exactly_on_one_two_and_four_cores() {
    let (threads, iters) = (4, 3000);
    let expected = format!("{}", threads * iters);
    for cores in ["1", "2", "4"] {
        for config in [
            &["--cpu-type", "atomic"][..],
            &["--cpu-type", "timing", "--caches"][..],
            &["--cpu-type", "timing", "--caches", "--l2cache"][..],
        ] {
            let mut opts = vec!["-n", cores];
            opts.extend_from_slice(config);
            let (out, blocks) = run(&opts, "threads", &["4", "3000"]);
            let text = out.stdout_text();
            assert_eq!(
                out.status,
                Termination::Exit(0),
                "{opts:?}: {text}\n{}",
                out.stderr_text()
            );
            assert!(
                text.matches(&expected).count() >= 2,
                "{opts:?}: both counters should be {expected}: {text}"
            );
            if cores != "1" {
                // The threads really ran in parallel: at least two cores did a good
                // share of the work (which cores is the scheduler's business: a
                // contended mutex convoys the threads onto fewer cores, as on Linux).
                let last = blocks.last().expect("a stats block");
                let busy = (0..cores.parse::<usize>().unwrap())
                    .filter(|c| {
                        let name = format!("system.cpu{c}.commitStats0.numInsts");
                        common::stat_value(last, &name).unwrap_or(0.0) > 10_000.0
                    })
                    .count();
                assert!(
                    busy >= 2,
                    "{opts:?}: only {busy} cores ran more than 10000 instructions"
                );
            }
        }
    }
}

#[test]
fn two_processes_run_on_two_cores_from_one_command_line() {
    common::build_guests();
    let outdir = common::tempdir("sim-mp-out-");
    let cwd = common::tempdir("sim-mp-cwd-");
    let hello = common::guest_bin("hello");
    let argv_env = common::guest_bin("argv_env");
    let cmd = format!("{};{}", hello.display(), argv_env.display());
    let out = common::run_sim_raw(
        &[
            "se".as_ref(),
            "-d".as_ref(),
            outdir.path().as_os_str(),
            "-n".as_ref(),
            "2".as_ref(),
            "--cmd".as_ref(),
            cmd.as_ref(),
            "--options".as_ref(),
            ";alpha beta".as_ref(),
        ],
        cwd.path(),
    );
    assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
    let text = out.stdout_text();
    assert!(text.contains("Hello"), "hello's output is missing: {text}");
    assert!(
        text.contains("alpha") && text.contains("beta"),
        "the second process's arguments are missing: {text}"
    );
    let stats = common::read_output(outdir.path(), "stats.txt");
    let blocks = common::parse_stats(&stats);
    let last = blocks.last().unwrap();
    for c in 0..2 {
        let n = common::stat_value(last, &format!("system.cpu{c}.commitStats0.numInsts"))
            .unwrap_or(0.0);
        assert!(n > 1000.0, "cpu{c} ran {n} instructions");
    }
}

#[test]
fn private_caches_invalidate_each_other_on_shared_writes() {
    // Two threads take a shared mutex and fetch-add a shared counter 2000 times
    // each. On one core the lines stay in its L1; on two cores an AMO must often take
    // the line from the other core's cache (invalidated by a snoop), so it misses.
    let swap_misses = |cores: &str| {
        let opts = ["-n", cores, "--cpu-type", "timing", "--caches"];
        let (out, blocks) = run(&opts, "threads", &["2", "2000"]);
        assert_eq!(out.status, Termination::Exit(0), "{}", out.stderr_text());
        let last = blocks.last().expect("a stats block").clone();
        let n: usize = cores.parse().unwrap();
        let names: Vec<String> = if n == 1 {
            vec!["system.cpu.dcache.SwapReq.misses::total".into()]
        } else {
            (0..n)
                .map(|c| format!("system.cpu{c}.dcache.SwapReq.misses::total"))
                .collect()
        };
        let misses: Vec<f64> = names
            .iter()
            .map(|s| common::stat_value(&last, s).unwrap_or_else(|| panic!("no {s}")))
            .collect();
        let snoops = common::stat_value(&last, "system.membus.snoops").unwrap_or(0.0);
        (misses, snoops)
    };
    let (one, one_snoops) = swap_misses("1");
    assert!(one[0] <= 10.0, "one core: {one:?} AMO misses");
    assert_eq!(one_snoops, 0.0, "one core has nobody to snoop");
    let (two, two_snoops) = swap_misses("2");
    for (c, m) in two.iter().enumerate() {
        assert!(
            *m >= 1000.0,
            "core {c}: only {m} AMO misses on a contended line"
        );
    }
    assert!(two_snoops >= 2000.0, "{two_snoops} snoops");
}
