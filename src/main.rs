//! `sim`: the command-line front end. Everything is in the library ([`sim::cli`]).

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = sim::cli::main_with_args(std::env::args_os());
    ExitCode::from(code.clamp(0, 255) as u8)
}
