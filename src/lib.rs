//! The `sim` front end's library part: the command line ([`cli`]), choosing the ISA
//! for a binary and leaving the host process the way the guest left it. Everything
//! else lives in the crates.

mod child;
pub mod cli;
mod debug_output;
mod input;
mod interrupt;

use anyhow::{bail, Context, Result};
use models::boards::se::{run_se, SeError, SeOptions, SeOutcome};
use models::boards::session::SeSession;

/// ELF `e_machine` values the front end recognises.
const EM_X86_64: u16 = 62;
const EM_AARCH64: u16 = 183;
const EM_RISCV: u16 = 243;

/// Read the ELF header of the first program, pick the ISA and run it in SE mode
/// (every process of one run must be for the same ISA); `stop` is asked every
/// simulated millisecond whether to end the run early (Ctrl-C).
pub fn run_se_for_elf(opts: &SeOptions, stop: impl FnMut() -> bool) -> Result<SeOutcome> {
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

/// Check that every program is for one supported ISA, then call the RISC-V entry
/// (the only SE ISA so far; AArch64 and x86-64 get their own arms).
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
    let path = &first.binary;
    match machine {
        EM_RISCV => Ok(riscv(opts)?),
        EM_AARCH64 => bail!(
            "{} is an AArch64 binary; AArch64 is not supported yet (RISC-V is)",
            path.display()
        ),
        EM_X86_64 => bail!(
            "{} is an x86-64 binary; x86-64 is not supported yet (RISC-V is)",
            path.display()
        ),
        other => bail!(
            "{} is for ELF machine {other}, which this simulator does not support",
            path.display()
        ),
    }
}

/// The ELF machine of a binary, or an error saying why it is not a usable ELF.
fn elf_machine(path: &std::path::Path) -> Result<u16> {
    let head = read_head(path)?;
    if head.len() < 20 || &head[..4] != b"\x7fELF" {
        bail!(
            "{} is not an ELF file (it does not start with the ELF magic bytes)",
            path.display()
        );
    }
    if head[4] != 2 {
        bail!(
            "{} is a 32-bit ELF file; only 64-bit binaries are supported",
            path.display()
        );
    }
    Ok(u16::from_le_bytes([head[18], head[19]]))
}

fn read_head(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    input::require_regular_file(path, "guest binary")?;
    let mut f = std::fs::File::open(path)
        .with_context(|| format!("cannot open guest binary {}", path.display()))?;
    let mut head = vec![0u8; 64];
    let n = f
        .read(&mut head)
        .with_context(|| format!("cannot read guest binary {}", path.display()))?;
    head.truncate(n);
    Ok(head)
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
