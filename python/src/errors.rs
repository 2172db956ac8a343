//! Rust errors as Python exceptions. A parameter error becomes a `ValueError` whose
//! message starts with the config key path (`memory.size: ...`), so the Python layer
//! can name the board parameter the user wrote (`board.memory.size`).

use models::boards::se::SeError;
use models::se::ProcessError;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::PyErr;
use std::error::Error;

/// The config key errors about a guest program start with (Python names it
/// `board.workload.binary`).
const BINARY_KEY: &str = "workloads.binary";

/// The config key path of an option named as in `SeOptions` or `boards::limits`
/// (`mem_size` is `memory.size`, `l1d_mshrs` is `hierarchy.l1d.mshrs`).
pub fn key_path(option: &str) -> String {
    match option {
        "mem_size" => "memory.size".into(),
        "mem_type" => "memory.type".into(),
        other => match other.split_once('_') {
            Some((level @ ("l1d" | "l1i" | "l2"), param)) => format!("hierarchy.{level}.{param}"),
            _ => other.into(),
        },
    }
}

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

/// The Python exception for an SE build or run error.
pub fn se_error(e: &SeError) -> PyErr {
    match e {
        SeError::Param { name, source } => {
            PyValueError::new_err(format!("{}: {source}", key_path(name)))
        }
        SeError::Unsupported {
            name,
            value,
            allowed,
        } => PyValueError::new_err(format!(
            "{}: '{value}' is not supported; allowed values: {allowed}",
            key_path(name)
        )),
        SeError::Range(r) => PyValueError::new_err(format!(
            "{}: is {}; allowed values: {}",
            key_path(&r.path),
            r.value,
            r.allowed
        )),
        SeError::Memory(m) => PyValueError::new_err(format!("memory.size: {m}")),
        SeError::Spec(u) => PyValueError::new_err(format!(
            "{}: '{}' is not supported; allowed values: {}",
            key_path(&u.name),
            u.value,
            u.allowed
        )),
        SeError::Load(ProcessError::Io { path, source }) => {
            let msg = format!(
                "{BINARY_KEY}: cannot read guest binary {}: {source}",
                path.display()
            );
            if source.kind() == std::io::ErrorKind::NotFound {
                PyFileNotFoundError::new_err(msg)
            } else {
                PyOSError::new_err(msg)
            }
        }
        SeError::Load(ProcessError::OutOfMemory { .. }) => {
            PyValueError::new_err(format!("memory.size: too small: {}", chain(e)))
        }
        SeError::Load(load) => {
            let key = match load {
                ProcessError::ArgsTooLong { .. } => "workloads.args",
                _ => BINARY_KEY,
            };
            PyValueError::new_err(format!("{key}: {}", chain(e)))
        }
        SeError::Io(_) => PyOSError::new_err(chain(e)),
        SeError::Config(_) | SeError::Build(_) => PyValueError::new_err(chain(e)),
    }
}

/// The Python exception for a front-end error (ISA choice, unreadable ELF header,
/// a guest binary that is not a regular file): all are about a guest program.
pub fn front_end_error(e: anyhow::Error) -> PyErr {
    if let Some(se) = e.downcast_ref::<SeError>() {
        return se_error(se);
    }
    let text = format!("{BINARY_KEY}: {e:#}");
    match e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()) {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(text),
        Some(_) => PyOSError::new_err(text),
        None => PyValueError::new_err(text),
    }
}

/// The Python exception for running a session that has ended.
pub fn run_error(e: &SeError) -> PyErr {
    match e {
        SeError::Config(msg) => PyRuntimeError::new_err(msg.clone()),
        other => se_error(other),
    }
}
