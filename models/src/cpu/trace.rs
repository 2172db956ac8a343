//! The `Exec` debug flag: one line per instruction, in the spirit of gem5's ExecAll.
//!
//! ```text
//!    1000: system.cpu: T0 : 0x10144 : addi a0, zero, 1        : IntAlu : D=0x0000000000000001
//! ```
//! Lines go through `tracing` (target `Exec`) so the front end decides where they go.

use sim_core::arch::{DecodeError, Fault, Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::Tick;

/// Emit the trace line for one executed instruction.
pub fn exec_line<I: Isa>(
    ctx: &Ctx,
    tick: Tick,
    pc: u64,
    inst: &I::Inst,
    result: Option<u64>,
    outcome: &Result<(), Fault>,
) {
    let text = I::disassemble(inst.raw(), inst.size(), pc);
    let data = match (outcome, result) {
        (Err(Fault::Stop) | Ok(()), Some(v)) => format!(" : D=0x{v:016x}"),
        (Err(Fault::Stop) | Ok(()), None) => String::new(),
        (Err(f), _) => format!(" : fault: {f}"),
    };
    tracing::info!(target: "Exec", "{:>8}: {}: T0 : {:#x} : {:<32} : {}{}", tick.0, ctx.name(), pc, text, inst.op_class().name(), data);
}

/// Disassembly of raw bits that failed to decode, for error messages (may be empty).
pub fn disassemble_raw<I: Isa>(pc: u64, err: DecodeError) -> String {
    match err {
        DecodeError::Illegal { raw, len } | DecodeError::Unimplemented { raw, len, .. } => {
            let text = I::disassemble(raw, len, pc);
            if text.is_empty() {
                String::new()
            } else {
                format!("; disassembles as `{text}`")
            }
        }
        DecodeError::Truncated { .. } => String::new(),
    }
}
