//! Rust errors as Python exceptions. Errors about the object tree start with the
//! object path and parameter (`board.cache_hierarchy.l1dcaches.assoc: ...`), so
//! `sim.m5` can raise them as `sim.errors.ParamError` naming what the user wrote.

use models::boards::se::SeError;
use models::se::ProcessError;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::PyErr;
use std::error::Error;

/// An error and its causes, outermost first, joined with ": ".
pub fn chain(e: &dyn Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    text
}

/// The Python exception for an SE build or run error: `FileNotFoundError` for a
/// guest program that does not exist, `OSError` for output that cannot be written,
/// `ValueError` for everything the configuration asked for.
pub fn se_error(e: &SeError) -> PyErr {
    let text = chain(e);
    match e {
        SeError::Process {
            source: ProcessError::Io { source, .. },
            ..
        }
        | SeError::Load(ProcessError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            PyFileNotFoundError::new_err(text)
        }
        SeError::Io(_) => PyOSError::new_err(text),
        _ => PyValueError::new_err(text),
    }
}

/// The Python exception for running a session that has ended.
pub fn run_error(e: &SeError) -> PyErr {
    match e {
        SeError::Config(msg) => PyRuntimeError::new_err(msg.clone()),
        other => se_error(other),
    }
}
