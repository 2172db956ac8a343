//! A [`System`] plus its output directory: the driver front ends (the `sim` binary,
//! Python) use to run, dump and reset statistics, and write config files.
//!
//! Output, as gem5 writes it into `m5out/`:
//! * `stats.txt`: one block per dump, appended (gem5's text layout);
//! * `stats.json`: every dump so far, rewritten after each dump;
//! * `stats.h5` (with the `hdf5` feature): each dump appended as one more row of
//!   every stat's dataset (gem5's HDF5 layout, see `stats::append_hdf5`);
//! * `config.ini`, `config.json`, `config.dot`: the built system, written at start.
//!
//! How they are written so that they never contradict each other (the previous
//! run's files removed at start, whole blocks, temporary file and rename) is
//! [`crate::outdir`]'s part. Within one dump the files are written in the order
//! above, so a run killed during a dump can leave `stats.txt` one block ahead of
//! `stats.json` and `stats.h5`, never a partial block or document.

use crate::component::PortRole;
use crate::config::{self, ConfigNode, ConfigTree};
use crate::exit::ExitCause;
use crate::outdir::{DirState, OutDir};
use crate::stats::SimStats;
use crate::stats::{write_json, write_text, StatGroup, StatVisitor, StatsSnapshot};
use crate::system::{StatsRequest, System};
use crate::Tick;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A system being simulated, with its output directory.
pub struct Simulation {
    system: System,
    out: OutDir,
    reset_tick: Tick,
    reset_host: Instant,
    dumps: Vec<StatsSnapshot>,
    containers: Vec<ConfigNode>,
    /// The files written with [`write_output`](Self::write_output), kept to write
    /// them again if the output directory is removed during the run.
    written: Vec<(String, Vec<u8>)>,
}

impl Simulation {
    /// Create (or reuse) `outdir`, remove the files a previous run left there, start
    /// an empty stats.txt and wrap `system`.
    pub fn new(system: System, outdir: impl Into<PathBuf>) -> io::Result<Self> {
        let out = OutDir::start(outdir)?;
        out.append("stats.txt", b"")?;
        Ok(Simulation {
            system,
            out,
            reset_tick: Tick(0),
            reset_host: Instant::now(),
            dumps: Vec::new(),
            containers: Vec::new(),
            written: Vec::new(),
        })
    }

    /// The output directory.
    pub fn outdir(&self) -> &Path {
        self.out.path()
    }

    /// Make sure the output directory can still take this run's files; cheap
    /// (two system calls), asked at every dump and by the drivers' polling loops.
    ///
    /// * If the directory was removed, it is created again with every file written
    ///   so far (config files, all stats dumps), and a warning says so: the run
    ///   loses nothing, where stopping would lose all the simulation done.
    /// * If it cannot be recreated, or exists but is no longer writable, the error
    ///   says so and the run should stop now: its stats could not be written.
    pub fn check_outdir(&mut self) -> io::Result<()> {
        let path = self.out.path().display().to_string();
        match self.out.state() {
            DirState::Ready => Ok(()),
            DirState::Unwritable(e) => Err(io::Error::new(
                e.kind(),
                format!("output directory {path} is no longer writable: {e}"),
            )),
            DirState::Gone => {
                self.restore_outputs().map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!(
                            "output directory {path} was removed during the run \
                             and cannot be created again: {e}"
                        ),
                    )
                })?;
                tracing::warn!(
                    "output directory {path} was removed during the run; created it \
                     again with the {} stats dumps and the config files written so far",
                    self.dumps.len()
                );
                Ok(())
            }
        }
    }

    /// Create the output directory again and write everything written so far.
    fn restore_outputs(&mut self) -> io::Result<()> {
        self.out.recreate()?;
        for (name, contents) in &self.written {
            self.out.write_whole(name, contents)?;
        }
        let mut text = Vec::new();
        for snap in &self.dumps {
            write_text(snap, &mut text)?;
        }
        self.out.write_whole("stats.txt", &text)?;
        if self.dumps.is_empty() {
            return Ok(());
        }
        #[cfg(feature = "hdf5")]
        self.out.rewrite_with("stats.h5", false, |temp| {
            for (i, snap) in self.dumps.iter().enumerate() {
                crate::stats::write_hdf5_dump(temp, snap, i)?;
            }
            Ok(())
        })?;
        self.write_stats_json()
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
        snap.set_requestor_names(crate::stats::requestors::requestor_names(
            self.system.ids().map(|id| self.system.name(id)),
        ));
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
    /// stats.json, each as a whole (see the module doc).
    pub fn dump_stats(&mut self) -> io::Result<()> {
        self.check_outdir()?;
        let snap = self.snapshot();
        let written = self.write_dump(&snap);
        if written.is_err() && !self.outdir_gone() {
            return written;
        }
        self.dumps.push(snap);
        match written.and_then(|()| self.write_stats_json()) {
            // Removed while this dump was being written: write it all again.
            Err(_) if self.outdir_gone() => self.check_outdir(),
            result => result,
        }
    }

    fn outdir_gone(&self) -> bool {
        matches!(self.out.state(), DirState::Gone)
    }

    /// Append `snap` to stats.txt (and stats.h5).
    fn write_dump(&self, snap: &StatsSnapshot) -> io::Result<()> {
        let mut block = Vec::new();
        write_text(snap, &mut block)?;
        self.out.append("stats.txt", &block)?;
        #[cfg(feature = "hdf5")]
        {
            let dump = self.dumps.len();
            self.out.rewrite_with("stats.h5", dump > 0, |temp| {
                crate::stats::write_hdf5_dump(temp, snap, dump)
            })?;
        }
        Ok(())
    }

    /// Replace stats.json with every dump so far.
    fn write_stats_json(&self) -> io::Result<()> {
        let mut json = Vec::new();
        write_json(&self.dumps, &mut json)?;
        self.out.write_whole("stats.json", &json)
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
    pub fn write_config(&mut self) -> io::Result<()> {
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

    /// Write (or replace) a whole file in the output directory, atomically. Its
    /// name should be one of [`crate::outdir::RUN_FILES`], so that the next run
    /// removes it.
    pub fn write_output(&mut self, name: &str, contents: &[u8]) -> io::Result<()> {
        self.out.write_whole(name, contents)?;
        match self.written.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = contents.to_vec(),
            None => self.written.push((name.to_string(), contents.to_vec())),
        }
        Ok(())
    }
}
