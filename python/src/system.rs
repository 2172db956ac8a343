//! `SeSystem`: a built SE system that Python steps one exit event at a time.

use crate::config::se_options;
use crate::errors::{front_end_error, run_error, se_error};
use models::boards::se::SeOutcome;
use models::boards::session::SeSession;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use sim_core::Tick;

/// A built syscall-emulation system (see `python/sim/_native.pyi`).
#[pyclass(unsendable, module = "sim._native")]
pub struct SeSystem {
    session: SeSession,
}

#[pymethods]
impl SeSystem {
    /// Validate `config`, load the binaries, build the system and write its config files.
    #[new]
    fn new(config: &Bound<'_, PyDict>) -> PyResult<SeSystem> {
        let opts = se_options(config)?;
        let session = sim::build_se_for_elf(&opts).map_err(front_end_error)?;
        Ok(SeSystem { session })
    }

    /// Simulate to the next exit event or absolute tick `max_tick`:
    /// `(event name, code, message)`.
    #[pyo3(signature = (max_tick=None))]
    fn run(&mut self, max_tick: Option<u64>) -> PyResult<(String, i64, String)> {
        if let Some(t) = max_tick {
            if t <= self.session.now().0 {
                return Ok(("MAX_TICK".into(), 0, "simulate() limit reached".into()));
            }
        }
        let cause = self
            .session
            .run(max_tick.map(Tick))
            .map_err(|e| run_error(&e))?;
        Ok((
            cause.event_name().to_string(),
            cause.code(),
            cause.to_string(),
        ))
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
        self.session.outcome().map(|o| match o {
            SeOutcome::Exited(code) => code,
            SeOutcome::Signaled(sig) => 128 + sig,
        })
    }

    /// The output directory.
    #[getter]
    fn outdir(&self) -> String {
        self.session.outdir().to_string_lossy().into_owned()
    }
}
