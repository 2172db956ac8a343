//! The `sim` front end's library part: the command line ([`cli`]), choosing the ISA
//! for a binary and leaving the host process the way the guest left it. Everything
//! else lives in the crates.

mod child;
pub mod cli;
mod debug_output;
mod input;
mod interrupt;
mod progress;

use anyhow::{bail, Result};
use models::boards::se::{run_se, SeError, SeOptions, SeOutcome};
use models::boards::session::{RunProgress, SeSession};
use models::build::{isa_for_machine, IsaChoice};

/// Read the ELF header of the first program, pick the ISA and run it in SE mode
/// (every process of one run must be for the same ISA); `stop` is asked every
/// simulated millisecond, with where the run stands, whether to end the run early
/// (Ctrl-C).
pub fn run_se_for_elf(
    opts: &SeOptions,
    stop: impl FnMut(RunProgress) -> bool,
) -> Result<SeOutcome> {
    se_for_elf(opts, |o| run_se::<isa_riscv::Riscv64>(o, stop))
}

/// Print the library's warnings (`warn: ...`) on standard error, as `sim se` does;
/// for front ends other than the command line (the Python extension).
pub fn install_warning_output() {
    debug_output::install_warnings();
}

/// Read the ELF header of the first program, pick the ISA and build its SE system,
/// ready to be stepped (the Python `Simulator` drives it).
pub fn build_se_for_elf(opts: &SeOptions) -> Result<SeSession> {
    se_for_elf(opts, SeSession::build::<isa_riscv::Riscv64>)
}

/// Check that every program is for one supported ISA (the library's choice,
/// `models::build`), then call the entry for it.
fn se_for_elf<T>(
    opts: &SeOptions,
    riscv: impl FnOnce(&SeOptions) -> Result<T, SeError>,
) -> Result<T> {
    let Some(first) = opts.workloads.first() else {
        bail!("no guest program to run");
    };
    let machine = elf_machine(&first.binary)?;
    for w in &opts.workloads[1..] {
        if elf_machine(&w.binary)? != machine {
            bail!(
                "{} and {} are for different ISAs; one run simulates one ISA",
                first.binary.display(),
                w.binary.display()
            );
        }
    }
    match isa_for_machine(&first.binary, machine)? {
        IsaChoice::Riscv => Ok(riscv(opts)?),
    }
}

/// The ELF machine of a binary: refused at once unless it is a regular file (a FIFO
/// would block), then read by the library.
fn elf_machine(path: &std::path::Path) -> Result<u16> {
    input::require_regular_file(path, "guest binary")?;
    Ok(models::build::elf_machine(path)?)
}

/// End the host process with signal `sig`, as the guest ended (no core dump).
pub fn die_by_signal(sig: i32) {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: plain libc calls on our own process; no Rust state is shared with them.
    unsafe {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}
