//! `stats.h5` (the `hdf5` feature): the gem5 layout, and every value equal to what
//! `stats.txt` prints for the same dump.

use super::{sample_system, snapshot_of, text_of};
use crate::stats::{append_hdf5, StatVisitor, Unit, BEGIN_BANNER};
use crate::system::StatsRequest;
use crate::{Component, Ctx, ExitCause, Simulation, SystemBuilder, Tick};
use hdf5::types::VarLenUnicode;
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, empty directory under the system temp dir.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sim-core-h5-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn str_attr(ds: &hdf5::Dataset, name: &str) -> String {
    let v: VarLenUnicode = ds.attr(name).unwrap().read_scalar().unwrap();
    v.as_str().to_string()
}

fn subnames(ds: &hdf5::Dataset) -> Option<Vec<String>> {
    if !ds.attr_names().unwrap().iter().any(|n| n == "subnames") {
        return None;
    }
    let a = ds.attr("subnames").unwrap();
    let v: Vec<VarLenUnicode> = a.read_raw().unwrap();
    Some(v.iter().map(|s| s.as_str().to_string()).collect())
}

/// Row `dump` of a dataset (one value for a 1-D dataset).
fn row(ds: &hdf5::Dataset, dump: usize) -> Vec<f64> {
    let shape = ds.shape();
    let width = shape.get(1).copied().unwrap_or(1);
    let all: Vec<f64> = ds.read_raw().unwrap();
    all[dump * width..(dump + 1) * width].to_vec()
}

/// Check every line of every stats.txt block against row `block` of the matching
/// dataset (`a.b.c::sub` is column `sub` of `/a/b/c`), to the printed precision.
/// Returns the number of lines checked.
fn assert_h5_matches_text(h5: &Path, text: &str) -> usize {
    let file = hdf5::File::open(h5).unwrap();
    let mut checked = 0;
    for (dump, block) in text.split(BEGIN_BANNER).skip(1).enumerate() {
        for line in block.lines() {
            let mut tok = line.split_whitespace();
            let (Some(name), Some(printed)) = (tok.next(), tok.next()) else {
                continue;
            };
            if name.starts_with("---") {
                continue;
            }
            let (base, sub) = match name.split_once("::") {
                Some((b, s)) => (b, Some(s)),
                None => (name, None),
            };
            let ds = file
                .dataset(&base.replace('.', "/"))
                .unwrap_or_else(|e| panic!("{name}: no dataset: {e}"));
            let values = row(&ds, dump);
            let cols = subnames(&ds);
            let got = match sub {
                None => values[0],
                Some(s) => match cols.as_ref().and_then(|c| c.iter().position(|x| x == s)) {
                    Some(i) => values[i],
                    None if s == "total" => values.iter().sum(),
                    None => values[s.parse::<usize>().unwrap()],
                },
            };
            if printed == "nan" {
                assert!(
                    got.is_nan(),
                    "{name} (dump {dump}): {got} in h5, nan in text"
                );
            } else {
                let want: f64 = printed.parse().unwrap();
                let decimals = printed.split_once('.').map_or(0, |(_, d)| d.len());
                let tol = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-12 * want.abs();
                assert!(
                    (got - want).abs() <= tol,
                    "{name} (dump {dump}): {got} in h5, {printed} in text"
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn dumps_are_rows_of_one_dataset_per_stat_in_nested_groups() {
    let dir = temp_dir("layout");
    let path = dir.join("stats.h5");
    let first = snapshot_of(&sample_system());
    let mut sys = sample_system();
    sys.cpu.num_insts = 2000;
    sys.cpu.op_class = [5, 6, 7];
    sys.mem.latency.sample(3.0, 4);
    let second = snapshot_of(&sys);
    append_hdf5(&path, &first, 0).unwrap();
    append_hdf5(&path, &second, 1).unwrap();
    check_layout(&path);

    let text = text_of(&first) + &text_of(&second);
    assert_eq!(assert_h5_matches_text(&path, &text), 2 * 18);

    // A new first dump starts the file afresh.
    append_hdf5(&path, &second, 0).unwrap();
    let file = hdf5::File::open(&path).unwrap();
    assert_eq!(file.dataset("system/cpu/numInsts").unwrap().shape(), [1]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The groups, datasets and attributes of the two dumps written above (the file is
/// closed on return, as HDF5 will not truncate an open file).
fn check_layout(path: &Path) {
    let file = hdf5::File::open(path).unwrap();
    assert_eq!(file.member_names().unwrap(), ["system"]);
    assert_eq!(
        file.group("system").unwrap().member_names().unwrap(),
        ["cpu", "mem"]
    );

    let insts = file.dataset("system/cpu/numInsts").unwrap();
    assert_eq!(insts.shape(), [2]);
    assert_eq!(insts.read_raw::<f64>().unwrap(), [1234.0, 2000.0]);
    assert!(insts.is_resizable());
    assert_eq!(insts.chunk(), Some(vec![10]));
    assert_eq!(
        str_attr(&insts, "description"),
        "Number of instructions committed"
    );
    assert_eq!(str_attr(&insts, "unit"), "Count");

    let ipc = file.dataset("system/cpu/ipc").unwrap();
    assert_eq!(ipc.shape(), [2], "formulas are scalars");
    assert_eq!(str_attr(&ipc, "unit"), Unit::COUNT_PER_CYCLE.to_string());

    let op = file.dataset("system/cpu/opClass").unwrap();
    assert_eq!(op.shape(), [2, 3]);
    assert_eq!(op.chunk(), Some(vec![10, 3]));
    assert_eq!(
        op.read_raw::<f64>().unwrap(),
        [3.0, 0.0, 1.0, 5.0, 6.0, 7.0]
    );
    assert_eq!(subnames(&op).unwrap(), ["IntAlu", "", "MemRead"]);

    let lat = file.dataset("system/mem/latency").unwrap();
    let cols = [
        "samples",
        "mean",
        "stdev",
        "underflows",
        "0-9",
        "10-19",
        "overflows",
        "min_value",
        "max_value",
        "total",
    ];
    assert_eq!(subnames(&lat).unwrap(), cols);
    assert_eq!(lat.shape(), [2, cols.len()]);
    assert_eq!(row(&lat, 1)[0], 10.0, "samples after the second dump");
    assert_eq!(row(&lat, 1)[4], 6.0, "0-9 bucket after the second dump");
}

#[test]
fn a_stat_first_seen_later_has_nan_rows_and_a_changed_width_is_an_error() {
    let dir = temp_dir("late");
    let path = dir.join("stats.h5");
    let mut early = crate::StatsSnapshot::new();
    early.scalar("a", 1.0, "", Unit::Count);
    let mut late = early.clone();
    late.scalar("b", 2.0, "", Unit::Count);
    late.vector("v", &[1.0, 2.0], None, "", Unit::Count);
    late.vector("none", &[], None, "An empty vector", Unit::Count);
    append_hdf5(&path, &early, 0).unwrap();
    append_hdf5(&path, &late, 1).unwrap();
    append_hdf5(&path, &late, 2).unwrap();
    {
        let file = hdf5::File::open(&path).unwrap();
        let b: Vec<f64> = file.dataset("b").unwrap().read_raw().unwrap();
        assert!(b[0].is_nan() && b[1..] == [2.0, 2.0], "{b:?}");
        let v = file.dataset("v").unwrap();
        assert_eq!(v.shape(), [3, 2]);
        assert!(subnames(&v).is_none(), "no names, no attribute");
        assert!(row(&v, 0).iter().all(|x| x.is_nan()));
        assert_eq!(file.dataset("none").unwrap().shape(), [3, 0]);
    }
    let mut wider = late.clone();
    wider.vector("v", &[1.0, 2.0, 3.0], None, "", Unit::Count);
    let err = append_hdf5(&path, &wider, 3).unwrap_err().to_string();
    assert!(
        err.contains("stats.h5") && err.contains("changed shape"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Counts its events, requests a stats dump at the first two and exits at the third.
#[derive(Default)]
struct Dumper {
    events: u64,
    seen: [u64; 2],
}

impl Component for Dumper {
    fn type_name(&self) -> &'static str {
        "Dumper"
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        for (t, code) in [(100, 0), (200, 1), (300, 2)] {
            ctx.schedule(Tick(t), 0, code);
        }
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.events += 1;
        self.seen[(code % 2) as usize] += code;
        match code {
            0 | 1 => ctx.request_stats(StatsRequest::Dump),
            _ => ctx.exit(ExitCause::m5_exit(0)),
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.scalar(
            "numEvents",
            self.events as f64,
            "Events handled",
            Unit::Count,
        );
        v.vector_u64(
            "seen",
            &self.seen,
            Some(&["even", "odd"]),
            "Codes",
            Unit::Count,
        );
    }
    fn reset_stats(&mut self) {
        *self = Dumper::default();
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[test]
fn simulation_appends_each_dump_to_stats_h5() {
    let mut b = SystemBuilder::new();
    b.add("system.cpu", Box::new(Dumper::default())).unwrap();
    let dir = temp_dir("sim");
    let mut sim = Simulation::new(b.build().unwrap(), &dir).unwrap();
    assert_eq!(sim.run(None).unwrap(), ExitCause::m5_exit(0));

    let text = std::fs::read_to_string(dir.join("stats.txt")).unwrap();
    let checked = assert_h5_matches_text(&dir.join("stats.h5"), &text);
    assert!(checked > 20, "only {checked} stats.txt lines checked");

    let file = hdf5::File::open(dir.join("stats.h5")).unwrap();
    let events: Vec<f64> = file
        .dataset("system/cpu/numEvents")
        .unwrap()
        .read_raw()
        .unwrap();
    assert_eq!(events, [1.0, 2.0]);
    let ticks: Vec<f64> = file.dataset("finalTick").unwrap().read_raw().unwrap();
    assert_eq!(ticks, [100.0, 200.0]);
    let seen = file.dataset("system/cpu/seen").unwrap();
    assert_eq!(seen.shape(), [2, 2]);
    assert_eq!(row(&seen, 1), [0.0, 1.0]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_removed_output_directory_gets_stats_h5_back_with_every_dump() {
    let mut b = SystemBuilder::new();
    b.add("system.cpu", Box::new(Dumper::default())).unwrap();
    let dir = temp_dir("removed");
    let mut sim = Simulation::new(b.build().unwrap(), &dir).unwrap();
    assert_eq!(sim.run(None).unwrap(), ExitCause::m5_exit(0));
    std::fs::remove_dir_all(&dir).unwrap();
    sim.dump_stats().unwrap();

    let text = std::fs::read_to_string(dir.join("stats.txt")).unwrap();
    assert_eq!(text.matches(BEGIN_BANNER).count(), 3);
    assert_h5_matches_text(&dir.join("stats.h5"), &text);
    let file = hdf5::File::open(dir.join("stats.h5")).unwrap();
    let ticks: Vec<f64> = file.dataset("finalTick").unwrap().read_raw().unwrap();
    assert_eq!(ticks.len(), 3);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporaries left: {names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
