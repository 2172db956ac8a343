//! Interrupt lines between platform devices, the PLIC and the harts.
//!
//! ```text
//!   UART, RTC, virtio ──IrqLine::set──▶ PlicInputs ──wake──▶ Plic ──┐
//!                                                                    ├─▶ HartIrqLines ──wake──▶ CPU
//!                                       Clint (MSIP, MTIP) ──────────┘
//! ```
//!
//! Components never call each other outside their ports, so a line is a shared
//! word of level bits plus a wake-up: a device sets its level in an atomic word and,
//! when the level changed, wakes the component that must react (the PLIC for a
//! device line, the hart's CPU for a hart line) through [`Ctx::wake`], which runs
//! the target's [`wakeup`](sim_core::component::Component::wakeup) at the current
//! tick. Readers see levels at once (a claim read, an instruction boundary), so
//! the wake is only needed to get a sleeping component going again.
//!
//! **CPU side (to adapt when the privileged ISA lands).** A hart's pending word
//! holds `mip` bit positions ([`HartIrq`]): the CPU ORs
//! [`HartIrqLines::pending`] into its view of `mip` (MSIP, MTIP, MEIP and SEIP are
//! read-only to software there, SEIP ORed with the writable software bit as the
//! privileged spec says) at each instruction boundary, and registers itself with
//! [`HartIrqLines::attach`] at startup so a rising line wakes it from WFI.

use sim_core::component::{ComponentId, Ctx};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

/// A hart's interrupt inputs, by their bit in `mip` (privileged spec, table 3.6).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum HartIrq {
    /// SSIP: supervisor software interrupt (ACLINT SSWI; not on QEMU virt by default).
    SupervisorSoftware = 1,
    /// MSIP: machine software interrupt (CLINT `msip`).
    MachineSoftware = 3,
    /// STIP: supervisor timer interrupt (driven by Sstc's `stimecmp`, in the ISA).
    SupervisorTimer = 5,
    /// MTIP: machine timer interrupt (CLINT `mtimecmp`).
    MachineTimer = 7,
    /// SEIP: supervisor external interrupt (PLIC S-mode context).
    SupervisorExternal = 9,
    /// MEIP: machine external interrupt (PLIC M-mode context).
    MachineExternal = 11,
}

impl HartIrq {
    /// The line's bit in `mip`.
    pub const fn mask(self) -> u64 {
        1 << self as u8
    }
}

/// "No component attached" in the waker slots.
const NO_WAKER: u32 = u32::MAX;

/// The interrupt inputs of every hart: one word of `mip` bits per hart, plus the
/// component to wake when a line rises.
pub struct HartIrqLines {
    pending: Box<[AtomicU64]>,
    wakers: Box<[AtomicU32]>,
}

impl HartIrqLines {
    /// Lines for `harts` harts, all low.
    pub fn new(harts: usize) -> Arc<Self> {
        Arc::new(HartIrqLines {
            pending: (0..harts).map(|_| AtomicU64::new(0)).collect(),
            wakers: (0..harts).map(|_| AtomicU32::new(NO_WAKER)).collect(),
        })
    }

    /// Number of harts.
    pub fn harts(&self) -> usize {
        self.pending.len()
    }

    /// Wake `cpu` whenever one of `hart`'s lines rises (the CPU calls this at startup).
    pub fn attach(&self, hart: usize, cpu: ComponentId) {
        if let Some(w) = self.wakers.get(hart) {
            w.store(cpu.0, Ordering::Relaxed);
        }
    }

    /// The `mip` bits currently raised for `hart` (0 for a hart that does not exist).
    #[inline]
    pub fn pending(&self, hart: usize) -> u64 {
        self.pending
            .get(hart)
            .map_or(0, |p| p.load(Ordering::Relaxed))
    }

    /// Drive `line` of `hart` to `level`; a rising line wakes the hart's CPU.
    /// Returns whether the level changed. A hart beyond the configured count is
    /// ignored (a guest writing another hart's CLINT slot of a smaller system).
    pub fn set(&self, ctx: &mut Ctx, hart: usize, line: HartIrq, level: bool) -> bool {
        let Some(word) = self.pending.get(hart) else {
            return false;
        };
        let old = if level {
            word.fetch_or(line.mask(), Ordering::Relaxed)
        } else {
            word.fetch_and(!line.mask(), Ordering::Relaxed)
        };
        let changed = (old & line.mask() != 0) != level;
        if changed && level {
            let w = self.wakers[hart].load(Ordering::Relaxed);
            if w != NO_WAKER {
                ctx.wake(ComponentId(w));
            }
        }
        changed
    }
}

/// Most PLIC sources the platform supports (the PLIC specification's limit).
pub const MAX_PLIC_SOURCES: usize = 1024;

/// The levels of the PLIC's interrupt sources, as devices drive them.
pub struct PlicInputs {
    levels: Box<[AtomicU32]>,
    plic: AtomicU32,
}

impl PlicInputs {
    /// All [`MAX_PLIC_SOURCES`] sources low, no PLIC attached yet.
    pub fn new() -> Arc<Self> {
        Arc::new(PlicInputs {
            levels: (0..MAX_PLIC_SOURCES / 32)
                .map(|_| AtomicU32::new(0))
                .collect(),
            plic: AtomicU32::new(NO_WAKER),
        })
    }

    /// The PLIC that reacts to level changes (it attaches itself at startup).
    pub fn attach(&self, plic: ComponentId) {
        self.plic.store(plic.0, Ordering::Relaxed);
    }

    /// The level of source `id`.
    pub fn level(&self, id: u32) -> bool {
        let id = id as usize;
        id < MAX_PLIC_SOURCES
            && self.levels[id / 32].load(Ordering::Relaxed) & (1 << (id % 32)) != 0
    }

    /// Word `w` of the level bits (sources `32w..32w+31`).
    pub fn word(&self, w: usize) -> u32 {
        self.levels.get(w).map_or(0, |l| l.load(Ordering::Relaxed))
    }

    /// A handle driving source `id` (1..=1023; 0 is "no interrupt" and never driven).
    pub fn line(self: &Arc<Self>, id: u32) -> IrqLine {
        IrqLine {
            inputs: self.clone(),
            id,
        }
    }

    fn set(&self, ctx: &mut Ctx, id: u32, level: bool) {
        let id = id as usize;
        if id == 0 || id >= MAX_PLIC_SOURCES {
            return;
        }
        let bit = 1u32 << (id % 32);
        let word = &self.levels[id / 32];
        let old = if level {
            word.fetch_or(bit, Ordering::Relaxed)
        } else {
            word.fetch_and(!bit, Ordering::Relaxed)
        };
        if (old & bit != 0) != level {
            let p = self.plic.load(Ordering::Relaxed);
            if p != NO_WAKER {
                ctx.wake(ComponentId(p));
            }
        }
    }
}

/// One device's interrupt output, wired to a PLIC source.
#[derive(Clone)]
pub struct IrqLine {
    inputs: Arc<PlicInputs>,
    id: u32,
}

impl IrqLine {
    /// The PLIC source this line drives.
    pub fn source(&self) -> u32 {
        self.id
    }
    /// Drive the line (level-triggered, as QEMU's devices drive the PLIC).
    pub fn set(&self, ctx: &mut Ctx, level: bool) {
        self.inputs.set(ctx, self.id, level);
    }
}
