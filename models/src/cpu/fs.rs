//! Full-system support shared by the simple CPUs: the ISA's [`ArchSystem`] of the
//! hart a CPU runs, and what the CPU does with it (see the seam's documentation in
//! `sim_core::arch::system`).
//!
//! A CPU in syscall emulation has no [`FsHart`] and pays nothing: translation
//! misses of the software TLB ask the OS instead, misc accesses go to the
//! register file, and the per-instruction interrupt check lives in a separate
//! batch loop that only full-system CPUs run.
//!
//! The software TLB and the decoded-instruction cache keep working in full system:
//! the TLB caches each 4 KiB piece of a translation the ISA granted (with its host
//! pointer), the decode cache holds instructions by virtual PC. Both are dropped
//! when the ISA's translation epoch moves; the TLB also when the permission epoch
//! does (privilege, `SUM`/`MXR`), since a cached entry carries its verdict.
//! Page-table walks read and update descriptors functionally through the backdoor
//! the data port offers (descriptors outside it are access faults), unless the CPU
//! asks for [`FsHart::timing_walks`]: then a miss hands the walk back to the CPU,
//! which sends each descriptor access through its data port.

use super::core::Core;
use super::tlb::{Hit, PAGE_SIZE};
use sim_core::arch::{
    run_walk, ArchRegs, ArchSystem, Fault, HartCounters, Isa, MemAccess, SystemEffect, SystemOp,
    Translation, Trap, WalkState, WalkStep,
};
use sim_core::component::Ctx;
use sim_core::{Addr, Tick};

/// The full-system state of the hart a CPU runs.
pub struct FsHart<R: ArchRegs> {
    /// The ISA's privileged state (privilege, control registers, MMU).
    pub sys: Box<dyn ArchSystem<R>>,
    /// The platform timer the `time` counter and the ISA's own timer compare read.
    pub timebase: sim_core::arch::Timebase,
    /// Sleeping in a wait-for-interrupt until a line changes or the timer deadline.
    pub waiting: bool,
    /// What `m5 readfile` returns (the front end's `--readfile`).
    pub readfile: Option<std::sync::Arc<Vec<u8>>>,
    /// Walks are the CPU's to run (timing CPUs): a translation that needs one
    /// parks it in `deferred_walk` and fails; the CPU takes it with
    /// [`Core::take_deferred_walk`], runs it through its port, fills the software
    /// TLB with [`Core::fs_fill_tlb`] and then repeats what needed it.
    pub timing_walks: bool,
    /// The walk a translation left for the CPU (with `timing_walks`).
    deferred_walk: Option<WalkState>,
    /// Translation epoch the software TLB and decode cache were filled under.
    seen_translation: u64,
    /// Permission epoch the software TLB was filled under.
    seen_permission: u64,
}

impl<R: ArchRegs> FsHart<R> {
    /// A hart whose privileged state is `sys`, timed by `timebase`.
    pub fn new(sys: Box<dyn ArchSystem<R>>, timebase: sim_core::arch::Timebase) -> Self {
        FsHart {
            seen_translation: sys.translation_epoch(),
            seen_permission: sys.permission_epoch(),
            sys,
            timebase,
            waiting: false,
            readfile: None,
            timing_walks: false,
            deferred_walk: None,
        }
    }
}

impl<R: ArchRegs> FsHart<R> {
    /// Where a hart asleep in a wait-for-interrupt at `now` must be woken by an
    /// event: the tick of the ISA's timer deadline if it is still ahead (a
    /// deadline already passed whose interrupt is disabled wakes nothing).
    pub fn wake_event_at(&self, now: Tick) -> Option<Tick> {
        let deadline = self.sys.timer_deadline()?;
        let at = self.timebase.tick_of(now, deadline);
        (at != Tick::MAX && at > now).then_some(at)
    }

    /// A sleeping hart is nudged at `now` (a line changed, or its timer event
    /// came): true if it waits and the ISA says an interrupt is pending and
    /// enabled, ending the wait.
    pub fn try_wake(&mut self, now: Tick) -> bool {
        if self.waiting && self.sys.wake_from_wait(self.timebase.count_at(now)) {
            self.waiting = false;
            return true;
        }
        false
    }
}

impl<I: Isa> Core<I> {
    /// The tick of the instruction `cycle_base` cycles into the current batch.
    #[inline]
    pub fn inst_tick(&self, ctx: &Ctx) -> Tick {
        Tick(ctx.now().0 + self.cycle_base * self.domain.period().0)
    }

    /// The counters a misc access may read, at the current instruction.
    #[inline(never)]
    pub fn fs_counters(&self, ctx: &Ctx) -> HartCounters {
        let now = self.inst_tick(ctx);
        HartCounters {
            cycles: now.0 / self.domain.period().0,
            instret: self.insts_total,
            time: self
                .fs
                .as_ref()
                .map_or(now.0 / 1000, |fs| fs.timebase.count_at(now)),
        }
    }

    /// The platform timer's count at the current instruction.
    #[inline(never)]
    pub fn fs_time(&self, ctx: &Ctx) -> u64 {
        let now = self.inst_tick(ctx);
        self.fs.as_ref().map_or(0, |fs| fs.timebase.count_at(now))
    }

    /// Drop the software TLB (and the decoded instructions) if the ISA's epochs
    /// moved since they were filled. Called at every instruction boundary.
    /// True if the translation epoch moved (what was fetched ahead is stale).
    #[inline]
    pub fn fs_sync_epochs(&mut self) -> bool {
        let Some(fs) = self.fs.as_mut() else {
            return false;
        };
        let t = fs.sys.translation_epoch();
        let p = fs.sys.permission_epoch();
        if t != fs.seen_translation {
            fs.seen_translation = t;
            fs.seen_permission = p;
            self.tlb.flush();
            self.decoded.flush();
            return true;
        } else if p != fs.seen_permission {
            fs.seen_permission = p;
            self.tlb.flush();
        }
        false
    }

    /// Enter the trap for `trap` raised at `pc`; returns where execution continues.
    pub fn fs_take_trap(&mut self, trap: Trap, pc: u64) -> u64 {
        let fs = self.fs.as_mut().expect("a full-system CPU");
        let to = fs.sys.take_trap(&mut self.regs, trap, Addr(pc)).0;
        self.fs_sync_epochs();
        to
    }

    /// Translate `vaddr` through the ISA (TLBs, walks through the backdoor) and
    /// fill the software TLB with its 4 KiB piece.
    #[inline(never)]
    pub(super) fn translate_fs(&mut self, vaddr: u64, access: MemAccess) -> Result<Hit, Fault> {
        let fs = self.fs.as_mut().expect("a full-system CPU");
        let paddr = match fs.sys.translate(Addr(vaddr), access, 1) {
            Translation::Done(r) => r?.0,
            Translation::Walk(walk) if fs.timing_walks => {
                fs.deferred_walk = Some(walk);
                // Never taken: the CPU finds the walk first (see `timing_walks`).
                return Err(Fault::PageFault {
                    addr: Addr(vaddr),
                    access,
                });
            }
            Translation::Walk(walk) => {
                let backdoor = self.backdoor.as_ref();
                let monitor = &self.monitor;
                let sys = &mut fs.sys;
                let mut bad = None;
                let r = run_walk(
                    walk,
                    |w, reply| sys.walk_step(w, reply),
                    |step| {
                        let (pa, size) = match *step {
                            WalkStep::Read { paddr, size } => (paddr, size as usize),
                            WalkStep::CompareSwap { paddr, size, .. } => (paddr, size as usize),
                            WalkStep::Done(_) => unreachable!("run_walk ends at Done"),
                        };
                        let Some(p) = backdoor.and_then(|b| {
                            b.range
                                .contains(pa)
                                .then(|| b.store.host_ptr(pa, size).ok())
                                .flatten()
                        }) else {
                            bad.get_or_insert(pa);
                            return 0;
                        };
                        let mut b = [0u8; 8];
                        // SAFETY: the backdoor covers `size` (at most 8) bytes at `p`.
                        unsafe { std::ptr::copy_nonoverlapping(p, b.as_mut_ptr(), size) };
                        let old = u64::from_le_bytes(b);
                        if let WalkStep::CompareSwap { expected, new, .. } = *step {
                            if old == expected {
                                let nb = new.to_le_bytes();
                                // SAFETY: as above; harts run one at a time.
                                unsafe { std::ptr::copy_nonoverlapping(nb.as_ptr(), p, size) };
                                monitor.observe_store(pa.0, size);
                            }
                        }
                        old
                    },
                );
                if bad.is_some() {
                    // A descriptor outside memory: the access faults (4.3.2 step 2).
                    return Err(Fault::AccessFault {
                        addr: Addr(vaddr),
                        access,
                    });
                }
                r?.0
            }
        };
        Ok(self.fs_fill_tlb(vaddr, access, paddr))
    }

    /// The walk the last failed translation left for the CPU to run, if any
    /// (only with [`FsHart::timing_walks`]).
    pub fn take_deferred_walk(&mut self) -> Option<WalkState> {
        self.fs.as_mut().and_then(|fs| fs.deferred_walk.take())
    }

    /// Cache the ISA's translation of `vaddr` to `paddr` for `access` in the
    /// software TLB, as its 4 KiB piece.
    pub fn fs_fill_tlb(&mut self, vaddr: u64, access: MemAccess, paddr: u64) -> Hit {
        let page = paddr & !(PAGE_SIZE - 1);
        let host = if self.host_in_tlb {
            self.backdoor_host(page, PAGE_SIZE as usize)
        } else {
            0
        };
        let hit = Hit { paddr: page, host };
        self.tlb.insert(vaddr, access, hit);
        hit
    }
}

impl<I: Isa, const FS: bool> super::exec_context::Xc<'_, '_, I, FS> {
    /// A misc (control/status) register read in full system: the ISA's checks.
    #[inline(never)]
    pub(super) fn fs_read_misc(&mut self, idx: u16) -> Result<u64, Fault> {
        let counters = self.core.fs_counters(self.ctx);
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        fs.sys.read_misc(&mut self.core.regs, idx, &counters)
    }

    /// A misc register write in full system (new translation settings and
    /// pending interrupts take effect at the next instruction boundary).
    #[inline(never)]
    pub(super) fn fs_set_misc(&mut self, idx: u16, v: u64) -> Result<(), Fault> {
        let counters = self.core.fs_counters(self.ctx);
        let fs = self.core.fs.as_mut().expect("a full-system CPU");
        fs.sys.set_misc(&mut self.core.regs, idx, v, &counters)
    }

    /// A privileged operation: apply the ISA's [`SystemEffect`].
    #[inline(never)]
    pub(super) fn fs_system_op(&mut self, op: SystemOp) -> Result<(), Fault> {
        let time = self.core.fs_time(self.ctx);
        let Some(fs) = self.core.fs.as_mut() else {
            return Err(Fault::IllegalInst {
                pc: Addr(self.pc),
                raw: 0,
                reason: "privileged operation outside full-system mode",
            });
        };
        match fs.sys.system_op(&mut self.core.regs, op, Addr(self.pc))? {
            SystemEffect::Continue => {}
            SystemEffect::Jump(to) => self.next_pc = to.0,
            SystemEffect::WaitForInterrupt => {
                if !fs.sys.wake_from_wait(time) {
                    fs.waiting = true;
                    self.stop = true;
                }
            }
        }
        Ok(())
    }
}

impl<I: Isa, const FS: bool> super::exec_context::Xc<'_, '_, I, FS> {
    /// `m5 readfile` in full system (gem5's `readfile` pseudo-op): copy up to
    /// `args[1]` bytes of the host file from offset `args[2]` to the guest's
    /// virtual address `args[0]`; returns the bytes copied. A page fault on the
    /// buffer is the guest's (the instruction runs again once it is mapped).
    #[inline(never)]
    pub(super) fn fs_readfile(&mut self, args: [u64; 6]) -> Result<u64, Fault> {
        use sim_core::arch::{ExecContext, MemFlags};
        let Some(file) = self.core.fs.as_ref().and_then(|fs| fs.readfile.clone()) else {
            return Ok(0);
        };
        let (va, len, off) = (args[0], args[1], args[2]);
        let start = (off as usize).min(file.len());
        let end = start.saturating_add(len as usize).min(file.len());
        let bytes = &file[start..end];
        for (i, chunk) in bytes.chunks(8).enumerate() {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            let at = Addr(va.wrapping_add(8 * i as u64));
            if chunk.len() == 8 {
                self.write_mem(at, 8, u64::from_le_bytes(b), MemFlags::NONE)?;
            } else {
                for (k, &byte) in chunk.iter().enumerate() {
                    self.write_mem(at.offset(k as u64), 1, byte as u64, MemFlags::NONE)?;
                }
            }
        }
        Ok(bytes.len() as u64)
    }
}
