//! A [`System`] plus its output directory: the driver front ends (the `sim` binary,
//! Python) use to run, dump and reset statistics, and write config files.
//!
//! Output, as gem5 writes it into `m5out/`:
//! * `stats.txt`: one block per dump, appended (gem5's text layout);
//! * `stats.json`: every dump so far, rewritten after each dump;
//! * `stats.h5` (with the `hdf5` feature): each dump appended as one more row of
//!   every stat's dataset (gem5's HDF5 layout, see `stats::append_hdf5`);
//! * `config.ini`, `config.json`, `config.dot`: the built system, written at start.

use crate::component::PortRole;
use crate::config::{self, ConfigNode, ConfigTree};
use crate::exit::ExitCause;
use crate::stats::SimStats;
use crate::stats::{write_json, write_text, StatGroup, StatVisitor, StatsSnapshot};
use crate::system::{StatsRequest, System};
use crate::Tick;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A system being simulated, with its output directory.
pub struct Simulation {
    system: System,
    outdir: PathBuf,
    reset_tick: Tick,
    reset_host: Instant,
    dumps: Vec<StatsSnapshot>,
    containers: Vec<ConfigNode>,
}

impl Simulation {
    /// Create (or reuse) `outdir`, start a fresh stats.txt and wrap `system`.
    pub fn new(system: System, outdir: impl Into<PathBuf>) -> io::Result<Self> {
        let outdir = outdir.into();
        std::fs::create_dir_all(&outdir).map_err(|e| with_path(e, &outdir))?;
        let stats = outdir.join("stats.txt");
        File::create(&stats).map_err(|e| with_path(e, &stats))?;
        Ok(Simulation {
            system,
            outdir,
            reset_tick: Tick(0),
            reset_host: Instant::now(),
            dumps: Vec::new(),
            containers: Vec::new(),
        })
    }

    /// The output directory.
    pub fn outdir(&self) -> &Path {
        &self.outdir
    }

    /// The simulated system.
    pub fn system(&self) -> &System {
        &self.system
    }

    /// The simulated system, mutably.
    pub fn system_mut(&mut self) -> &mut System {
        &mut self.system
    }

    /// Current simulated tick.
    pub fn now(&self) -> Tick {
        self.system.now()
    }

    /// Simulate until something the caller must decide about. Stats dumps and resets
    /// requested by the guest are performed here, at the tick they were asked for,
    /// and the run continues.
    pub fn run(&mut self, limit: Option<Tick>) -> io::Result<ExitCause> {
        loop {
            let cause = self.system.simulate(limit);
            let requests = self.system.take_stats_requests();
            for r in &requests {
                match r {
                    StatsRequest::Dump => self.dump_stats()?,
                    StatsRequest::Reset => self.reset_stats(),
                    StatsRequest::DumpAndReset => {
                        self.dump_stats()?;
                        self.reset_stats();
                    }
                }
            }
            match cause {
                ExitCause::DumpStats | ExitCause::ResetStats if !requests.is_empty() => continue,
                other => return Ok(other),
            }
        }
    }

    /// Instructions and ops committed since the last reset, over all CPUs.
    pub fn committed(&self) -> (u64, u64) {
        self.system
            .ids()
            .filter_map(|id| self.system.component(id).committed())
            .fold((0, 0), |(i, o), (a, b)| (i + a, o + b))
    }

    /// Collect every statistic now: the root stats, then each component's.
    pub fn snapshot(&self) -> StatsSnapshot {
        let mut snap = StatsSnapshot::at(self.now());
        let (insts, ops) = self.committed();
        let root = SimStats::new(
            self.now(),
            self.reset_tick,
            insts,
            ops,
            self.reset_host.elapsed().as_secs_f64(),
        );
        root.visit_stats(&mut snap);
        for id in self.system.ids() {
            snap.begin_group(self.system.name(id));
            self.system.component(id).visit_stats(&mut snap);
            snap.end_group();
        }
        snap
    }

    /// Append a dump to stats.txt (and stats.h5 with the `hdf5` feature) and rewrite
    /// stats.json.
    pub fn dump_stats(&mut self) -> io::Result<()> {
        let snap = self.snapshot();
        let path = self.outdir.join("stats.txt");
        let f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|e| with_path(e, &path))?;
        let mut w = BufWriter::new(f);
        write_text(&snap, &mut w)?;
        w.flush()?;
        #[cfg(feature = "hdf5")]
        crate::stats::append_hdf5(&self.outdir.join("stats.h5"), &snap, self.dumps.len())?;
        self.dumps.push(snap);
        let path = self.outdir.join("stats.json");
        let mut w = BufWriter::new(File::create(&path).map_err(|e| with_path(e, &path))?);
        write_json(&self.dumps, &mut w)?;
        w.flush()
    }

    /// Zero every component's statistics and restart the root counters.
    pub fn reset_stats(&mut self) {
        let ids: Vec<_> = self.system.ids().collect();
        let now = self.now();
        for id in ids {
            self.system.component_mut(id).reset_stats_at(now);
        }
        self.reset_tick = self.now();
        self.reset_host = Instant::now();
    }

    /// Describe a grouping object that is not a component (`system`, with its own
    /// parameters) so config output shows it as gem5 does.
    pub fn add_container(&mut self, node: ConfigNode) {
        self.containers.push(node);
    }

    /// The configuration of the built system.
    pub fn config_tree(&self) -> ConfigTree {
        let mut tree = ConfigTree::new();
        tree.root_params = vec![
            ("eventq_index".into(), 0.into()),
            ("full_system".into(), false.into()),
            ("sim_quantum".into(), 0.into()),
            ("time_sync_enable".into(), false.into()),
        ];
        for n in &self.containers {
            tree.add(n.clone());
        }
        for id in self.system.ids() {
            let c = self.system.component(id);
            let mut node = ConfigNode::new(self.system.name(id), c.type_name());
            node.params = c.params();
            for (decl, peer) in self.system.port_bindings(id) {
                let base = decl
                    .name
                    .split('[')
                    .next()
                    .unwrap_or(&decl.name)
                    .to_string();
                let role = match decl.role {
                    PortRole::Request => config::PortRole::Request,
                    PortRole::Response => config::PortRole::Response,
                };
                node = node.port(base, role, Some(&peer));
            }
            tree.add(node);
        }
        tree
    }

    /// Write config.ini, config.json and config.dot.
    pub fn write_config(&self) -> io::Result<()> {
        let tree = self.config_tree();
        let mut ini = Vec::new();
        tree.write_ini(&mut ini)?;
        self.write_output("config.ini", &ini)?;
        let mut json = Vec::new();
        tree.write_json(&mut json)?;
        self.write_output("config.json", &json)?;
        let mut dot = Vec::new();
        tree.write_dot(&mut dot)?;
        self.write_output("config.dot", &dot)
    }

    /// Write a file into the output directory.
    pub fn write_output(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        let path = self.outdir.join(name);
        std::fs::write(&path, contents).map_err(|e| with_path(e, &path))
    }
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
