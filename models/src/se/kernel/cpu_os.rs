//! [`SeCpuOs`]: one CPU's view of the [`SeKernel`], the [`ThreadOs`] a CPU model
//! drives.

use super::SeKernel;
use crate::cpu::os::{MappingEpoch, OsOutcome, ThreadOs};
use sim_core::arch::{ArchRegs, Fault, MemAccess};
use sim_core::{Addr, Tick};

/// The operating-system side of one CPU of an [`SeKernel`] (works for any
/// ISA's register file).
pub struct SeCpuOs {
    kernel: SeKernel,
    cpu: usize,
}

impl SeCpuOs {
    pub(super) fn new(kernel: SeKernel, cpu: usize) -> SeCpuOs {
        SeCpuOs { kernel, cpu }
    }

    /// The CPU index this serves.
    pub fn cpu_index(&self) -> usize {
        self.cpu
    }

    /// The kernel behind it.
    pub fn kernel(&self) -> &SeKernel {
        &self.kernel
    }
}

impl<R: ArchRegs> ThreadOs<R> for SeCpuOs {
    fn translate(&mut self, vaddr: Addr, access: MemAccess) -> Result<Addr, Fault> {
        let mut k = self.kernel.lock();
        let fault = Fault::PageFault {
            addr: vaddr,
            access,
        };
        let Some(tid) = k.cpus.get(self.cpu).and_then(|c| c.current) else {
            return Err(fault);
        };
        let Some(pid) = k.threads.get(&tid).map(|t| t.pid) else {
            return Err(fault);
        };
        let Some(entry) = k.procs.get_mut(&pid) else {
            return Err(fault);
        };
        let r = entry.proc.translate(vaddr, access);
        if entry.proc.space.take_cow_copied() && entry.live_threads > 1 {
            // Other CPUs running this process's threads may read the old frame.
            k.epoch.bump();
        }
        r
    }

    fn syscall(&mut self, regs: &mut R, next_pc: u64, now: Tick) -> OsOutcome {
        self.kernel.lock().syscall(self.cpu, regs, next_pc, now)
    }

    fn switch_out(&mut self, regs: &R, pc: u64) {
        self.kernel.lock().switch_out(self.cpu, regs, pc);
    }

    fn switch_in(&mut self, now: Tick) -> Option<(R, u64)> {
        self.kernel.lock().switch_in(self.cpu, now)
    }

    /// The earliest deadline of a waiting thread (a sleep, a time-out, a timer).
    fn wake_at(&mut self, now: Tick) -> Option<Tick> {
        let next = self.kernel.lock().next_deadline()?;
        Some(next.max(Tick(now.0 + 1)))
    }

    /// The pid of the running thread: threads of one process share its space.
    fn space_id(&mut self) -> u64 {
        let k = self.kernel.lock();
        k.cpus
            .get(self.cpu)
            .and_then(|c| c.current)
            .and_then(|tid| k.threads.get(&tid))
            .map_or(0, |t| t.pid)
    }

    fn mapping_epoch(&self) -> Option<MappingEpoch> {
        Some(self.kernel.lock().epoch.clone())
    }

    fn should_yield(&mut self, now: Tick) -> bool {
        self.kernel.lock().should_yield(self.cpu, now)
    }
}
