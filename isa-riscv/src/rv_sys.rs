//! Privileged instructions: `mret`, `sret`, `wfi`, `sfence.vma` (RISC-V Privileged
//! Architecture 3.3.2, 3.3.3, 4.2.1). In full system they are
//! `ExecContext::system_op`s the hart's privileged state carries out; in syscall
//! emulation, which runs user mode only, they are illegal instructions (SIGILL).

use crate::decode::{e, Enc, Fmt};
use crate::inst::RvInst;
use crate::op::Op;
use crate::privileged::op;
use crate::rv_i::illegal;
use sim_core::arch::{ExecContext, Fault, SystemOp};

/// Privileged encodings.
#[rustfmt::skip]
pub(crate) const ENCODINGS: &[Enc] = &[
    e("sret", 0x10200073, 0xffffffff, Op::Sret, Fmt::Zero),
    e("mret", 0x30200073, 0xffffffff, Op::Mret, Fmt::Zero),
    e("wfi", 0x10500073, 0xffffffff, Op::Wfi, Fmt::Zero),
    e("sfence.vma", 0x12000073, 0xfe007fff, Op::SfenceVma, Fmt::R),
];

/// An illegal-instruction fault from the privileged side, given this
/// instruction's PC and bits (the privileged state does not know them).
pub(crate) fn at_inst<X: ExecContext>(i: &RvInst, xc: &X, f: Fault) -> Fault {
    match f {
        Fault::IllegalInst { reason, .. } => illegal(i, xc, reason),
        f => f,
    }
}

/// Hand a system operation to the CPU (full system) or refuse it (SE).
#[inline]
pub(crate) fn system<X: ExecContext>(
    i: &RvInst,
    xc: &mut X,
    code: u16,
    args: [Option<u64>; 2],
) -> Result<(), Fault> {
    if !xc.full_system() {
        return Err(illegal(
            i,
            xc,
            "privileged instruction (syscall emulation runs user mode only)",
        ));
    }
    xc.system_op(SystemOp { code, args })
        .map_err(|f| at_inst(i, xc, f))
}

/// `mret`.
pub(crate) fn mret<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    system(i, xc, op::MRET, [None, None])
}

/// `sret`.
pub(crate) fn sret<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    system(i, xc, op::SRET, [None, None])
}

/// `wfi`.
pub(crate) fn wfi<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    system(i, xc, op::WFI, [None, None])
}

/// `sfence.vma rs1, rs2`: `x0` operands mean "all addresses" / "all ASIDs".
pub(crate) fn sfence_vma<X: ExecContext>(i: &RvInst, xc: &mut X) -> Result<(), Fault> {
    let va = (i.rs1 != 0).then(|| xc.int(i.rs1 as u16));
    let asid = (i.rs2 != 0).then(|| xc.int(i.rs2 as u16));
    system(i, xc, op::SFENCE_VMA, [va, asid])
}
