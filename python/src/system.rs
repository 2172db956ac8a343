//! `SeSystem`: a built SE system that Python steps one exit event at a time.

use crate::errors::{run_error, se_error};
use models::boards::se::SeOutcome;
use models::boards::session::SeSession;
use models::build::{build_session, TreeRunOptions};
use pyo3::exceptions::{PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;
use sim_core::config::object_tree::ObjectTree;
use sim_core::exit::ExitCause;
use sim_core::Tick;

/// An exit cause as Python sees it: `(event name, code, message)`.
fn as_tuple(cause: &ExitCause) -> (String, i64, String) {
    (
        cause.event_name().to_string(),
        cause.code(),
        cause.to_string(),
    )
}

/// A built syscall-emulation system (see `python/sim/_native.pyi`).
#[pyclass(unsendable, module = "sim._native")]
pub struct SeSystem {
    session: SeSession,
}

#[pymethods]
impl SeSystem {
    /// Build the system an object tree describes (gem5's config.json layout, as
    /// `sim.objects.instantiate_tree` returns it, serialized) and write the config
    /// files the Python side made from the same tree into `outdir`.
    ///
    /// `interp_dir` is gem5's `m5.core.setInterpDir` (the ELF interpreter is loaded
    /// from it followed by its path); the tree's `System.redirect_paths` map the
    /// guest's other paths.
    #[staticmethod]
    #[pyo3(signature = (tree_json, outdir, config_ini, config_json, config_dot, trace_exec=false, interp_dir=None))]
    fn from_tree(
        tree_json: &str,
        outdir: &str,
        config_ini: &str,
        config_json: &str,
        config_dot: &str,
        trace_exec: bool,
        interp_dir: Option<String>,
    ) -> PyResult<SeSystem> {
        sim::install_warning_output();
        let tree =
            ObjectTree::from_json(tree_json).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let opts = TreeRunOptions {
            outdir: outdir.into(),
            trace_exec,
            paths: models::se::PathMap {
                interp_dir: interp_dir.map(Into::into),
                ..Default::default()
            },
        };
        let mut session = build_session(&tree, &opts).map_err(|e| se_error(&e))?;
        session
            .write_config_files(config_ini, config_json, config_dot)
            .map_err(|e| se_error(&e))?;
        Ok(SeSystem { session })
    }

    /// Simulate to the next exit event or absolute tick `max_tick`:
    /// `(event name, code, message)`.
    ///
    /// The run goes in slices of `POLL_SLICE` simulated ticks (1 ms) so that Ctrl-C is noticed
    /// between them: it ends the run with `USER_INTERRUPT`, as in gem5. Stopping at a
    /// slice boundary and going on changes nothing in the simulation.
    #[pyo3(signature = (max_tick=None))]
    fn run(&mut self, py: Python<'_>, max_tick: Option<u64>) -> PyResult<(String, i64, String)> {
        let mut pending: Option<PyErr> = None;
        let cause = self
            .session
            .run_polling(max_tick.map(Tick), |_| match py.check_signals() {
                Ok(()) => false,
                Err(e) => {
                    pending = Some(e);
                    true
                }
            })
            .map_err(|e| run_error(&e))?;
        if cause.is_terminal() {
            // The guest is done: say how often each repeated warning came back.
            sim_core::warnings::report_repeats();
        }
        match pending {
            Some(e) if !e.is_instance_of::<PyKeyboardInterrupt>(py) => Err(e),
            _ => Ok(as_tuple(&cause)),
        }
    }

    /// Start the traffic generator at `path` on `phases_json` (gem5's
    /// `PyTrafficGen.start`).
    fn start_traffic(&mut self, path: &str, phases_json: &str) -> PyResult<()> {
        self.session
            .start_traffic(path, phases_json)
            .map_err(|e| se_error(&e))
    }

    /// Current tick (1 tick = 1 ps).
    fn now(&self) -> u64 {
        self.session.now().0
    }

    /// Append a stats block to stats.txt (and rewrite stats.json).
    fn dump_stats(&mut self) -> PyResult<()> {
        self.session.dump_stats().map_err(|e| se_error(&e))
    }

    /// Reset every statistic.
    fn reset_stats(&mut self) {
        self.session.reset_stats();
    }

    /// (instructions, ops) committed since the last stats reset, over all cores.
    fn committed(&self) -> (u64, u64) {
        self.session.committed()
    }

    /// The guest's exit status once it has ended (a signal kill gives 128 + signal).
    fn exit_status(&self) -> Option<i32> {
        self.session.outcome().and_then(|o| match o {
            SeOutcome::Exited(code) => Some(code),
            SeOutcome::Signaled(sig) => Some(128 + sig),
            SeOutcome::Interrupted => None,
        })
    }

    /// The output directory.
    #[getter]
    fn outdir(&self) -> String {
        self.session.outdir().to_string_lossy().into_owned()
    }
}
