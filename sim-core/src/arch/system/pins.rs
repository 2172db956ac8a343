//! Interrupt lines and the platform timer, as the devices side drives them.
//!
//! Both are shared between the devices that drive them and the harts that read
//! them, like wires on a board. They are atomics behind an `Arc` rather than
//! components talking through the event queue because the ISA reads them at every
//! instruction boundary (a plain load), while devices change them rarely; a device
//! that changes a line wakes the hart's CPU with [`Ctx::wake`] so a CPU sleeping in a
//! wait-for-interrupt resumes. The simulation is deterministic: lines change only
//! inside device events, and CPUs read them inside their own events.

use crate::component::{ComponentId, Ctx};
use crate::Tick;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

const NO_CPU: u32 = u32::MAX;

#[derive(Debug)]
struct PinsInner {
    lines: AtomicU64,
    cpu: AtomicU32,
}

/// The interrupt lines into one hart: one bit per line, numbered as the ISA
/// numbers its interrupt causes (RISC-V: the `mip` bit positions, so the CLINT
/// drives MSIP = 3 and MTIP = 7, the PLIC drives MEIP = 11 and SEIP = 9).
///
/// Clones share the same lines: the board creates one per hart, gives clones to
/// the devices wired to it and to the hart's [`ArchSystem`](super::ArchSystem),
/// and tells it the CPU component to wake with [`IrqPins::attach_cpu`].
#[derive(Clone, Debug)]
pub struct IrqPins(Arc<PinsInner>);

impl Default for IrqPins {
    fn default() -> Self {
        IrqPins::new()
    }
}

impl IrqPins {
    /// All lines low, no CPU attached.
    pub fn new() -> Self {
        IrqPins(Arc::new(PinsInner {
            lines: AtomicU64::new(0),
            cpu: AtomicU32::new(NO_CPU),
        }))
    }

    /// The CPU component that runs this hart (woken when a line changes).
    pub fn attach_cpu(&self, cpu: ComponentId) {
        self.0.cpu.store(cpu.0, Ordering::Relaxed);
    }

    /// The attached CPU component, if any.
    pub fn cpu(&self) -> Option<ComponentId> {
        match self.0.cpu.load(Ordering::Relaxed) {
            NO_CPU => None,
            id => Some(ComponentId(id)),
        }
    }

    /// All lines, one bit each.
    #[inline]
    pub fn lines(&self) -> u64 {
        self.0.lines.load(Ordering::Relaxed)
    }

    /// True if line `line` is high.
    pub fn is_high(&self, line: u32) -> bool {
        self.lines() >> line & 1 != 0
    }

    /// Set line `line` (0..64) to `level`; true if it changed. Use
    /// [`IrqPins::drive`] from a device so the CPU wakes.
    pub fn set(&self, line: u32, level: bool) -> bool {
        let bit = 1u64 << line;
        let old = if level {
            self.0.lines.fetch_or(bit, Ordering::Relaxed)
        } else {
            self.0.lines.fetch_and(!bit, Ordering::Relaxed)
        };
        (old & bit != 0) != level
    }

    /// Set line `line` to `level` from a device's event or port call, waking the
    /// attached CPU when the line changed.
    pub fn drive(&self, line: u32, level: bool, ctx: &mut Ctx) {
        if self.set(line, level) {
            if let Some(cpu) = self.cpu() {
                ctx.wake(cpu);
            }
        }
    }
}

/// The platform's real-time counter (RISC-V `mtime` and the `time` CSR, AArch64's
/// system counter, x86's TSC rate): a count advancing at a fixed frequency, derived
/// from simulated time so it needs no events. Clones share the offset a write
/// (RISC-V CLINT `mtime`) sets.
#[derive(Clone, Debug)]
pub struct Timebase {
    ticks_per_count: u64,
    offset: Arc<AtomicU64>,
}

impl Timebase {
    /// A counter advancing once every `ticks_per_count` ticks (QEMU `virt`'s
    /// 10 MHz timebase is 100 000 ticks per count). Zero is treated as one.
    pub fn new(ticks_per_count: u64) -> Self {
        Timebase {
            ticks_per_count: ticks_per_count.max(1),
            offset: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Ticks per count.
    pub fn ticks_per_count(&self) -> u64 {
        self.ticks_per_count
    }

    /// The count at tick `now`.
    #[inline]
    pub fn count_at(&self, now: Tick) -> u64 {
        (now.0 / self.ticks_per_count).wrapping_add(self.offset.load(Ordering::Relaxed))
    }

    /// Make the count read `value` at tick `now` (a software write of the counter).
    pub fn set_count(&self, now: Tick, value: u64) {
        let off = value.wrapping_sub(now.0 / self.ticks_per_count);
        self.offset.store(off, Ordering::Relaxed);
    }

    /// The first tick at or after `now` at which the count is at least `count`
    /// (`now` if it already is; [`Tick::MAX`] if never within `u64` ticks).
    pub fn tick_of(&self, now: Tick, count: u64) -> Tick {
        let cur = self.count_at(now);
        if count <= cur {
            return now;
        }
        let base = now.0 / self.ticks_per_count;
        (count - cur)
            .checked_add(base)
            .and_then(|c| c.checked_mul(self.ticks_per_count))
            .map_or(Tick::MAX, Tick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_shared_by_clones_and_report_changes() {
        let a = IrqPins::new();
        let b = a.clone();
        assert!(a.set(7, true));
        assert!(!a.set(7, true), "no change the second time");
        assert_eq!(b.lines(), 1 << 7);
        assert!(b.is_high(7));
        assert!(b.set(7, false));
        assert_eq!(a.lines(), 0);
        assert_eq!(a.cpu(), None);
        b.attach_cpu(ComponentId(4));
        assert_eq!(a.cpu(), Some(ComponentId(4)));
    }

    use crate::component::Component;
    use crate::SystemBuilder;
    use std::any::Any;

    /// A device that drives line 7 at ticks 100 (high), 200 (high again) and 300 (low).
    struct Timer(IrqPins);
    impl Component for Timer {
        fn type_name(&self) -> &'static str {
            "Timer"
        }
        fn startup(&mut self, ctx: &mut Ctx) {
            for (t, level) in [(100, 1), (200, 1), (300, 0)] {
                ctx.schedule(Tick(t), 0, level);
            }
        }
        fn handle_event(&mut self, level: u64, ctx: &mut Ctx) {
            self.0.drive(7, level != 0, ctx);
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
    }

    /// A sleeping hart: records when it is woken and what the lines were.
    struct Hart(IrqPins, Vec<(u64, u64)>);
    impl Component for Hart {
        fn type_name(&self) -> &'static str {
            "Hart"
        }
        fn wakeup(&mut self, ctx: &mut Ctx) {
            self.1.push((ctx.now().0, self.0.lines()));
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
    }

    #[test]
    fn a_device_wakes_the_hart_only_when_a_line_changes() {
        let pins = IrqPins::new();
        let mut b = SystemBuilder::new();
        b.add("timer", Box::new(Timer(pins.clone()))).unwrap();
        let hart = b
            .add("hart", Box::new(Hart(pins.clone(), Vec::new())))
            .unwrap();
        pins.attach_cpu(hart);
        let mut sys = b.build().unwrap();
        sys.simulate(None);
        let h = sys.component(hart).as_any().downcast_ref::<Hart>().unwrap();
        assert_eq!(h.1, [(100, 1 << 7), (300, 0)]);
    }

    #[test]
    fn timebase_counts_and_finds_deadlines() {
        let t = Timebase::new(100_000); // 10 MHz
        assert_eq!(t.count_at(Tick(250_000)), 2);
        assert_eq!(t.tick_of(Tick(250_000), 5), Tick(500_000));
        assert_eq!(t.tick_of(Tick(250_000), 1), Tick(250_000));
        let c = t.clone();
        c.set_count(Tick(250_000), 1000);
        assert_eq!(t.count_at(Tick(250_000)), 1000);
        assert_eq!(t.count_at(Tick(350_000)), 1001);
        assert_eq!(t.tick_of(Tick(250_000), 1003), Tick(500_000));
        assert_eq!(t.tick_of(Tick(0), u64::MAX), Tick::MAX);
    }
}
