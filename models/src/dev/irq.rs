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
//! **CPU side.** Hart lines are sim-core's [`IrqPins`] (`sim_core::arch`), one
//! word of `mip` bit positions ([`HartIrq`]) per hart: the board gives hart `h`'s
//! `ArchSystem` the clone [`HartIrqLines::pins`] returns and attaches the hart's
//! CPU, which a changed line wakes (from WFI, say).

use sim_core::arch::IrqPins;
use sim_core::component::{ComponentId, Ctx};
use std::sync::atomic::{AtomicU32, Ordering};
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

/// "No component attached" in the PLIC's waker slot.
const NO_WAKER: u32 = u32::MAX;

/// The interrupt inputs of every hart: sim-core's [`IrqPins`] per hart (one bit
/// per `mip` line; the board hands a clone of hart `h`'s pins to its
/// `ArchSystem`), indexed by hart id for the CLINT and the PLIC.
pub struct HartIrqLines {
    pins: Vec<IrqPins>,
}

impl HartIrqLines {
    /// Lines for `harts` harts, all low.
    pub fn new(harts: usize) -> Arc<Self> {
        Self::from_pins((0..harts).map(|_| IrqPins::new()).collect())
    }

    /// Lines over pins the board made (one per hart, by hart id).
    pub fn from_pins(pins: Vec<IrqPins>) -> Arc<Self> {
        Arc::new(HartIrqLines { pins })
    }

    /// Number of harts.
    pub fn harts(&self) -> usize {
        self.pins.len()
    }

    /// Hart `hart`'s pins (a clone sharing the lines), for its `ArchSystem`.
    pub fn pins(&self, hart: usize) -> Option<IrqPins> {
        self.pins.get(hart).cloned()
    }

    /// Wake `cpu` whenever one of `hart`'s lines changes (the CPU calls this at startup).
    pub fn attach(&self, hart: usize, cpu: ComponentId) {
        if let Some(p) = self.pins.get(hart) {
            p.attach_cpu(cpu);
        }
    }

    /// The `mip` bits currently raised for `hart` (0 for a hart that does not exist).
    #[inline]
    pub fn pending(&self, hart: usize) -> u64 {
        self.pins.get(hart).map_or(0, IrqPins::lines)
    }

    /// Drive `line` of `hart` to `level`, waking the hart's CPU when it changed.
    /// Returns whether the level changed. A hart beyond the configured count is
    /// ignored (a guest writing another hart's CLINT slot of a smaller system).
    pub fn set(&self, ctx: &mut Ctx, hart: usize, line: HartIrq, level: bool) -> bool {
        let Some(pins) = self.pins.get(hart) else {
            return false;
        };
        let changed = pins.set(line as u32, level);
        if changed {
            if let Some(cpu) = pins.cpu() {
                ctx.wake(cpu);
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
