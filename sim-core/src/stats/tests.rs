use super::*;
use crate::time::Tick;

struct CpuStats {
    num_insts: u64,
    op_class: [u64; 3],
}

impl StatGroup for CpuStats {
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.scalar(
            "numInsts",
            self.num_insts as f64,
            "Number of instructions committed",
            Unit::Count,
        );
        v.scalar("avgWidth", 1.5, "Average issue width", Unit::Ratio);
        v.vector_u64(
            "opClass",
            &self.op_class,
            Some(&["IntAlu", "", "MemRead"]),
            "Class of committed instruction",
            Unit::Count,
        );
        v.formula("ipc", 0.75, None, "IPC", Unit::COUNT_PER_CYCLE);
        v.formula("missRate", 1.0 / 3.0, Some(2), "Miss rate", Unit::Ratio);
    }
    fn reset_stats(&mut self) {
        self.num_insts = 0;
        self.op_class = [0; 3];
    }
}

struct MemStats {
    latency: Distribution,
    empty: Distribution,
}

impl StatGroup for MemStats {
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        v.distribution("latency", &self.latency, "Access latency", Unit::Tick);
        v.scalar("empty", self.empty.mean(), "", Unit::Tick);
    }
    fn reset_stats(&mut self) {
        self.latency.reset();
    }
}

struct System {
    cpu: CpuStats,
    mem: MemStats,
}

impl StatGroup for System {
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        visit_group(v, "cpu", &self.cpu);
        visit_group(v, "mem", &self.mem);
    }
    fn reset_stats(&mut self) {
        self.cpu.reset_stats();
        self.mem.reset_stats();
    }
}

fn sample_system() -> System {
    let mut latency = Distribution::new(0, 19, 10);
    latency.sample(1.0, 2);
    latency.sample(12.0, 2);
    latency.sample(25.0, 1);
    latency.sample(-3.0, 1);
    System {
        cpu: CpuStats {
            num_insts: 1234,
            op_class: [3, 0, 1],
        },
        mem: MemStats {
            latency,
            empty: Distribution::new(0, 9, 1),
        },
    }
}

fn snapshot_of(g: &dyn StatGroup) -> StatsSnapshot {
    let mut snap = StatsSnapshot::new();
    visit_group(&mut snap, "system", g);
    snap
}

fn text_of(snap: &StatsSnapshot) -> String {
    let mut out = Vec::new();
    write_text(snap, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

const GOLDEN: &str = "
---------- Begin Simulation Statistics ----------
system.cpu.numInsts                              1234                       # Number of instructions committed (Count)
system.cpu.avgWidth                          1.500000                       # Average issue width (Ratio)
system.cpu.opClass::IntAlu                          3                       # Class of committed instruction (Count)
system.cpu.opClass::MemRead                         1                       # Class of committed instruction (Count)
system.cpu.opClass::total                           4                       # Class of committed instruction (Count)
system.cpu.ipc                               0.750000                       # IPC ((Count/Cycle))
system.cpu.missRate                              0.33                       # Miss rate (Ratio)
system.mem.latency::samples                         6                       # Access latency (Tick)
system.mem.latency::mean                            8                       # Access latency (Tick)
system.mem.latency::stdev                   10.392305                       # Access latency (Tick)
system.mem.latency::underflows                      1     16.67%     16.67% # Access latency (Tick)
system.mem.latency::0-9                             2     33.33%     50.00% # Access latency (Tick)
system.mem.latency::10-19                           2     33.33%     83.33% # Access latency (Tick)
system.mem.latency::overflows                       1     16.67%    100.00% # Access latency (Tick)
system.mem.latency::min_value                      -3                       # Access latency (Tick)
system.mem.latency::max_value                      25                       # Access latency (Tick)
system.mem.latency::total                           6                       # Access latency (Tick)
system.mem.empty                                  nan                       (Tick)

---------- End Simulation Statistics   ----------
";

#[test]
fn golden_stats_txt_block() {
    let text = text_of(&snapshot_of(&sample_system()));
    assert_eq!(text, GOLDEN, "got:\n{text}");
}

#[test]
fn snapshot_records_qualified_names_in_visit_order() {
    let snap = snapshot_of(&sample_system());
    let names: Vec<&str> = snap.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "system.cpu.numInsts",
            "system.cpu.avgWidth",
            "system.cpu.opClass",
            "system.cpu.ipc",
            "system.cpu.missRate",
            "system.mem.latency",
            "system.mem.empty"
        ]
    );
    assert_eq!(snap.scalar_value("system.cpu.numInsts"), Some(1234.0));
    assert_eq!(snap.scalar_value("system.cpu.ipc"), Some(0.75));
    assert_eq!(snap.scalar_value("system.cpu.opClass"), None);
}

#[test]
fn reset_clears_counters() {
    let mut sys = sample_system();
    sys.reset_stats();
    let snap = snapshot_of(&sys);
    assert_eq!(snap.scalar_value("system.cpu.numInsts"), Some(0.0));
    let text = text_of(&snap);
    // An empty distribution: no samples, nan mean/stdev, blank pdf/cdf columns.
    let want = format!(
        "{:<40} {:>12} {:>10} {:>10} # Access latency (Tick)\n",
        "system.mem.latency::0-9", "0", "", ""
    );
    assert!(text.contains(&want), "{text}");
    assert!(text.contains("system.mem.latency::mean                          nan "));
    assert!(text.contains("system.mem.latency::min_value                       0 "));
}

#[test]
fn vectors_without_subnames_and_of_size_one() {
    let mut snap = StatsSnapshot::new();
    snap.vector("v", &[1.0, 2.5], None, "d", Unit::Byte);
    snap.vector("one", &[7.0], Some(&["only"]), "d", Unit::Count);
    let text = text_of(&snap);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('-'))
        .collect();
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["v::0", "v::1", "v::total", "one"]);
    assert!(lines[1].contains("    2.500000 "));
    assert!(lines[2].contains("    3.500000 "));
}

#[test]
fn distribution_bucketing_matches_gem5() {
    let mut d = Distribution::new(0, 99, 10);
    assert_eq!(d.buckets().len(), 10);
    for v in [0.0, 9.0, 9.9, 10.0, 99.0, 100.0, -0.5] {
        d.sample(v, 1);
    }
    assert_eq!(d.buckets()[0], 3);
    assert_eq!(d.buckets()[1], 1);
    assert_eq!(d.buckets()[9], 1);
    assert_eq!((d.underflows(), d.overflows()), (1, 1));
    assert_eq!(d.total(), 7);
    assert_eq!(d.bucket_range(9), (90.0, 99.0));
    // Last bucket is clipped at max: [0, 14] in buckets of 10 -> 0-9, 10-14.
    let e = Distribution::new(0, 14, 10);
    assert_eq!(e.bucket_range(1), (10.0, 14.0));
    // Single-value buckets print as one number.
    let mut f = Distribution::new(0, 1, 1);
    f.sample(1.0, 1);
    let mut snap = StatsSnapshot::new();
    snap.distribution("f", &f, "d", Unit::Count);
    let text = text_of(&snap);
    assert!(
        text.contains("\nf::0 ") && text.contains("\nf::1 "),
        "{text}"
    );
    // One sample: stdev is 0/0, printed as nan like gem5.
    assert!(f.stdev().is_nan());
}

#[test]
fn units_print_as_gem5() {
    assert_eq!(Unit::Count.to_string(), "Count");
    assert_eq!(Unit::Celsius.to_string(), "Celsius");
    assert_eq!(Unit::TICK_PER_SECOND.to_string(), "(Tick/Second)");
    assert_eq!(Unit::BYTE_PER_SECOND.to_string(), "(Byte/Second)");
    assert_eq!(Unit::CYCLE_PER_COUNT.to_string(), "(Cycle/Count)");
    let nested = Unit::Rate(&Unit::Joule, &Unit::TICK_PER_SECOND);
    assert_eq!(nested.to_string(), "(Joule/(Tick/Second))");
}

#[test]
fn sim_stats_order_values_and_precisions() {
    let mut s = SimStats {
        cur_tick: Tick(1_000_033_131_000),
        reset_tick: Tick(1_000_000_000_000),
        sim_insts: 12_345,
        sim_ops: 23_456,
        host_seconds: 0.5,
        host_memory: 123_456_789,
    };
    let mut snap = StatsSnapshot::new();
    s.visit_stats(&mut snap);
    let text = text_of(&snap);
    let expected = "
---------- Begin Simulation Statistics ----------
simSeconds                                   0.000033                       # Number of seconds simulated (Second)
simTicks                                     33131000                       # Number of ticks simulated (Tick)
finalTick                                1000033131000                       # Number of ticks from beginning of simulation (restored from checkpoints and never reset) (Tick)
simFreq                                  1000000000000                       # The number of ticks per simulated second ((Tick/Second))
hostSeconds                                      0.50                       # Real time elapsed on the host (Second)
hostTickRate                                 66262000                       # The number of ticks simulated per host second (ticks/s) ((Tick/Second))
hostMemory                                  123456789                       # Number of bytes of host memory used (Byte)
simInsts                                        12345                       # Number of instructions simulated (Count)
simOps                                          23456                       # Number of ops (including micro ops) simulated (Count)
hostInstRate                                    24690                       # Simulator instruction rate (inst/s) ((Count/Second))
hostOpRate                                      46912                       # Simulator op (including micro ops) rate (op/s) ((Count/Second))

---------- End Simulation Statistics   ----------
";
    assert_eq!(text, expected, "got:\n{text}");

    s.reset_stats();
    assert_eq!(s.sim_ticks(), 0);
    let mut snap = StatsSnapshot::new();
    s.visit_stats(&mut snap);
    // 0 ticks over 0 host seconds: gem5 prints nan for 0/0.
    assert!(text_of(&snap).contains("hostTickRate                                      nan "));
}

#[test]
fn host_memory_is_measured_on_linux() {
    if std::path::Path::new("/proc/self/status").exists() {
        assert!(host_memory_bytes() > 1 << 20);
    }
}

#[test]
fn json_nests_by_path_with_one_object_per_dump() {
    let snap = snapshot_of(&sample_system());
    let mut out = Vec::new();
    write_json(&[snap.clone(), snap], &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let dumps = v.as_array().unwrap();
    assert_eq!(dumps.len(), 2);
    let d = &dumps[0];
    assert_eq!(d["system"]["type"], "Group");
    let insts = &d["system"]["cpu"]["numInsts"];
    assert_eq!(insts["value"], 1234.0);
    assert_eq!(insts["unit"], "Count");
    assert_eq!(insts["description"], "Number of instructions committed");
    assert_eq!(d["system"]["cpu"]["ipc"]["unit"], "(Count/Cycle)");
    let op = &d["system"]["cpu"]["opClass"];
    assert_eq!(op["type"], "Vector");
    assert_eq!(op["total"], 4.0);
    assert_eq!(op["subnames"][2], "MemRead");
    let lat = &d["system"]["mem"]["latency"];
    assert_eq!(lat["samples"], 6);
    assert_eq!(lat["buckets"], serde_json::json!([2, 2]));
    assert_eq!(lat["underflows"], 1);
    assert!(
        d["system"]["mem"]["empty"]["value"].is_null(),
        "NaN becomes null"
    );
}

mod flags;
#[cfg(feature = "hdf5")]
mod h5;
