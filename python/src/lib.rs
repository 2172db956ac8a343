//! `sim._native`: the Rust side of the Python package `sim`.
//!
//! The pure-Python layer (`sim.objects`, `sim.m5`, the stdlib built on them) resolves
//! an object tree and hands it, as gem5's config.json, to [`SeSystem::from_tree`],
//! which builds it with the library's builder (`models::build`, the same one `sim se`
//! uses) and steps it one exit event at a time.
//! Unit parsing and the parameter limits are exported too, so Python validates
//! parameters with the same rules.

mod errors;
mod system;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sim_core::units;

/// Bytes in a memory size such as "32KiB".
#[pyfunction]
fn parse_size(value: &str) -> PyResult<u64> {
    units::parse_mem_size(value)
        .map(|s| s.0)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Hertz in a frequency such as "3GHz" (or a clock period such as "1ns").
#[pyfunction]
fn parse_frequency(value: &str) -> PyResult<f64> {
    units::parse_frequency(value)
        .map(|f| f.0 as f64)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Ticks (picoseconds) in a latency such as "30ns".
#[pyfunction]
fn parse_latency(value: &str) -> PyResult<u64> {
    units::parse_latency(value)
        .map(|t| t.0)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The allowed range of each limited parameter, `{name: (low, high)}`, from the
/// simulator's one table (`models::boards::limits::TABLE`): the Python layer checks
/// its integers against these instead of keeping its own bounds.
#[pyfunction]
fn limits() -> std::collections::HashMap<&'static str, (u64, u64)> {
    models::boards::limits::TABLE
        .iter()
        .map(|(name, l)| (*name, (l.low, l.high)))
        .collect()
}

/// `{type name: parameters its builder reads}` for every object type the Rust
/// registry knows, so a test can compare them with the Python declarations.
#[pyfunction]
fn registered_params() -> std::collections::HashMap<String, Vec<String>> {
    models::build::registered_params().into_iter().collect()
}

/// Run the `sim` command line (`argv[0]` is the program name); returns its status.
#[pyfunction]
fn cli_main(argv: Vec<String>) -> i32 {
    sim::cli::main_with_args(argv.into_iter().map(Into::into))
}

/// Let terminals built from now on listen for connections (gem5's listener
/// mode; `m5.disableAllListeners()` turns them off).
#[pyfunction]
fn set_listeners_enabled(on: bool) {
    models::dev::terminal::set_listeners_enabled(on);
}

/// True if terminals built from now on will listen for connections.
#[pyfunction]
fn listeners_enabled() -> bool {
    models::dev::terminal::listeners_enabled()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_size, m)?)?;
    m.add_function(wrap_pyfunction!(parse_frequency, m)?)?;
    m.add_function(wrap_pyfunction!(parse_latency, m)?)?;
    m.add_function(wrap_pyfunction!(limits, m)?)?;
    m.add_function(wrap_pyfunction!(cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(registered_params, m)?)?;
    m.add_function(wrap_pyfunction!(set_listeners_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(listeners_enabled, m)?)?;
    m.add_class::<system::SeSystem>()?;
    Ok(())
}
