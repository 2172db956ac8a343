//! Messages for guest faults that stop a CPU (shared by every CPU model).

use super::trace;
use sim_core::arch::{DecodeError, Fault, Isa};

/// The message of the simulation exit a guest fault at `pc` causes.
pub(crate) fn guest_fault_message<I: Isa>(fault: Fault, pc: u64) -> String {
    match fault {
        Fault::Decode { pc, err } => {
            let text = trace::disassemble_raw::<I>(pc.0, err);
            format!(
                "{} at pc {:#x}: {}{}",
                describe_decode(&err),
                pc.0,
                raw_bytes(&err),
                text
            )
        }
        other => format!("{other} (pc {pc:#x})"),
    }
}

fn describe_decode(e: &DecodeError) -> &'static str {
    match e {
        DecodeError::Illegal { .. } => "illegal instruction",
        DecodeError::Unimplemented { .. } => "unimplemented instruction",
        DecodeError::Truncated { .. } => "truncated instruction",
    }
}

fn raw_bytes(e: &DecodeError) -> String {
    match *e {
        DecodeError::Illegal { raw, len } | DecodeError::Unimplemented { raw, len, .. } => {
            let bytes: Vec<String> = raw.to_le_bytes()[..len as usize]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let what = if let DecodeError::Unimplemented { what, .. } = e {
                format!(" ({what})")
            } else {
                String::new()
            };
            format!(
                "raw bits 0x{:0w$x} (bytes {}){what}",
                raw,
                bytes.join(" "),
                w = len as usize * 2
            )
        }
        DecodeError::Truncated { need } => format!("needs {need} bytes"),
    }
}
