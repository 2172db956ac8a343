//! gem5 pseudo-instructions (m5ops): `.long 0x0000007b | (func << 25)` in the
//! custom-3 opcode space with all other fields zero. Arguments come from a0..a5;
//! the result goes to a0.

use crate::decode::{e, Enc, Fmt};
use crate::inst::RvInst;
use crate::op::Op;
use sim_core::arch::{ExecContext, Fault};

/// m5op encoding: bits 31:25 are the function code.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("m5op", 0x0000007b, 0x01ffffff, Op::M5op, Fmt::M5),
];

/// Call into the simulator with a0..a5 and put the result in a0.
#[inline]
pub(crate) fn m5op<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let args = [
        xc.int(10),
        xc.int(11),
        xc.int(12),
        xc.int(13),
        xc.int(14),
        xc.int(15),
    ];
    let r = xc.m5op(i.imm as u16, args)?;
    xc.set_int(10, r);
    Ok(())
}
