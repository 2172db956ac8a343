//! The `Exec` debug flag: one line per instruction, in the spirit of gem5's ExecAll.
//!
//! ```text
//!    1000: system.cpu: T0 : 0x10144 : addi a0, zero, 1        : IntAlu : D=0x0000000000000001
//! ```
//! Lines go through `tracing` (target `Exec`) so the front end decides where they go.

use sim_core::arch::{DecodeError, Fault, Isa, StaticInst};
use sim_core::component::Ctx;
use sim_core::Tick;
use std::sync::atomic::{AtomicU64, Ordering};

/// First tick traced (gem5's `--debug-start`).
static WINDOW_START: AtomicU64 = AtomicU64::new(0);
/// First tick no longer traced (gem5's `--debug-end`).
static WINDOW_END: AtomicU64 = AtomicU64::new(u64::MAX);

/// Trace only instructions at ticks in `[start, end)` (process-wide, as the
/// trace output itself is): a window into a long run, such as one phase of a
/// full-system boot.
pub fn set_window(start: u64, end: u64) {
    WINDOW_START.store(start, Ordering::Relaxed);
    WINDOW_END.store(end, Ordering::Relaxed);
}

#[inline]
fn in_window(tick: Tick) -> bool {
    tick.0 >= WINDOW_START.load(Ordering::Relaxed) && tick.0 < WINDOW_END.load(Ordering::Relaxed)
}

/// Emit the trace line for one executed instruction.
pub fn exec_line<I: Isa>(
    ctx: &Ctx,
    tick: Tick,
    pc: u64,
    inst: &I::Inst,
    result: Option<u64>,
    outcome: &Result<(), Fault>,
) {
    if !in_window(tick) {
        return;
    }
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
