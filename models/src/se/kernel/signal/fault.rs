//! Synchronous faults as signals: what Linux sends for each [`Fault`], and
//! delivering it to the faulting thread (`force_sig_fault`).

use super::sig::{SIGBUS, SIGILL, SIGSEGV, SIGTRAP};
use super::{bit, SigAction, SigInfo, SIG_DFL};
use crate::cpu::os::OsOutcome;
use crate::se::kernel::Kernel;
use sim_core::arch::{ArchRegs, Fault};

const SEGV_MAPERR: i32 = 1;
const SEGV_ACCERR: i32 = 2;
const BUS_ADRALN: i32 = 1;
const BUS_ADRERR: i32 = 2;
const ILL_ILLOPC: i32 = 1;
const TRAP_BRKPT: i32 = 1;

impl Kernel {
    /// The signal Linux raises for `fault` at `pc` in process `pid`; `None` for
    /// faults that are not the guest's (memory exhausted, full-system traps).
    fn fault_signal(&self, pid: u64, fault: Fault, pc: u64) -> Option<SigInfo> {
        Some(match fault {
            Fault::PageFault { addr, .. } => {
                let mapped = self.procs.get(&pid)?.proc.space.vma_at(addr.0).is_some();
                let code = if mapped { SEGV_ACCERR } else { SEGV_MAPERR };
                SigInfo::fault(SIGSEGV, code, addr.0)
            }
            Fault::AccessFault { addr, .. } => SigInfo::fault(SIGBUS, BUS_ADRERR, addr.0),
            Fault::Misaligned { addr, .. } => SigInfo::fault(SIGBUS, BUS_ADRALN, addr.0),
            Fault::Decode { .. } | Fault::IllegalInst { .. } => {
                SigInfo::fault(SIGILL, ILL_ILLOPC, pc)
            }
            Fault::Breakpoint { .. } => SigInfo::fault(SIGTRAP, TRAP_BRKPT, pc),
            _ => return None,
        })
    }

    /// The instruction at `pc` of CPU `cpu`'s thread raised `fault`: send the
    /// signal as Linux's `force_sig_fault` (a blocked or ignored one is unblocked
    /// and reset to the default action, so it kills) and return to user mode:
    /// into the handler, or the process dies.
    pub(crate) fn fault<R: ArchRegs>(
        &mut self,
        cpu: usize,
        regs: &mut R,
        pc: u64,
        fault: Fault,
    ) -> Option<OsOutcome> {
        let slot = self.cpus.get(cpu)?;
        // A thread killed while switched in (or taken off the CPU by an exec in
        // another thread) may still fault on its way out: it just leaves.
        let gone = OsOutcome {
            deschedule: true,
            ..OsOutcome::default()
        };
        let Some(tid) = slot.current else {
            return slot.evicted.then_some(gone);
        };
        let Some(pid) = self.threads.get(&tid).filter(|t| t.alive()).map(|t| t.pid) else {
            return Some(gone);
        };
        let info = self.fault_signal(pid, fault, pc)?;
        self.wakes.clear();
        let s = info.signo();
        let t = self.threads.get_mut(&tid).expect("running thread exists");
        let blocked = t.state.sigmask & bit(s) != 0;
        t.state.sigmask &= !bit(s);
        let p = &mut self.procs.get_mut(&pid).expect("live process").proc;
        let act = p.sigactions.get(s);
        if blocked || act.ignores(s) {
            p.sigactions.set(
                s,
                SigAction {
                    handler: SIG_DFL,
                    ..act
                },
            );
        }
        let kills = p.sigactions.get(s).handler == SIG_DFL;
        self.send_to_thread(tid, info);
        let mut out = OsOutcome::default();
        let mut next = pc;
        if self.threads.get(&tid).is_some_and(|t| t.alive())
            && self.return_to_user(tid, regs, &mut next, None)
        {
            out.resume_at = Some(next);
        } else {
            if kills {
                // What the guest did, as the run's end without a handler said before
                // signals were delivered (not eprintln!: stderr may be a closed pipe).
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "sim: guest fault: {fault} (pc {pc:#x}): process {pid} killed by signal {s}"
                );
            }
            out.deschedule = true;
            out.exit = self.stall_exit();
        }
        out.wake = std::mem::take(&mut self.wakes);
        let own = self.cpus.get(cpu).and_then(|c| c.component);
        out.wake.retain(|&id| Some(id) != own);
        Some(out)
    }
}
