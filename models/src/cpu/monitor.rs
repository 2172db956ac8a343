//! The load-reserved / store-conditional monitor shared by the CPUs of a board.
//!
//! Each CPU holds at most one reservation: the cache line (64 B granule, keyed by
//! physical address) of its last LR. A store, AMO or successful SC by any *other*
//! CPU to that granule clears it; an SC succeeds only while its CPU's reservation
//! still holds, and clears the reservation either way. A thread switch clears the
//! switching CPU's reservation.
//!
//! Stores are frequent and reservations rare, so [`ReservationMonitor::observe_store`]
//! first reads a count of live reservations and returns at once when no other CPU
//! holds one: a single-core run pays one load per store.
//!
//! A simulated system runs on one host thread; the atomics only make the shared
//! monitor `Send + Sync` (relaxed ordering suffices).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

/// Reservation granule: one cache line.
pub const GRANULE_BYTES: u64 = 64;
/// Most CPUs one monitor serves.
pub const MAX_CPUS: usize = 256;
const NONE: u64 = u64::MAX;

/// Reservations of every CPU attached to it (see the module docs).
pub struct ReservationMonitor {
    /// Reserved granule per attached CPU, or `NONE`.
    slots: Box<[AtomicU64]>,
    /// Number of CPUs attached so far.
    attached: AtomicUsize,
    /// Number of slots holding a reservation.
    live: AtomicUsize,
}

impl Default for ReservationMonitor {
    fn default() -> Self {
        ReservationMonitor {
            slots: (0..MAX_CPUS).map(|_| AtomicU64::new(NONE)).collect(),
            attached: AtomicUsize::new(0),
            live: AtomicUsize::new(0),
        }
    }
}

impl std::fmt::Debug for ReservationMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReservationMonitor")
            .field("attached", &self.attached.load(Relaxed))
            .field("live", &self.live.load(Relaxed))
            .finish()
    }
}

#[inline]
fn granule(paddr: u64) -> u64 {
    paddr & !(GRANULE_BYTES - 1)
}

impl ReservationMonitor {
    /// A monitor with no CPU attached, ready to share (`Arc`) among a board's CPUs.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Attach a CPU; the returned link is how it uses the monitor.
    ///
    /// Panics if more than [`MAX_CPUS`] CPUs attach (a board bug, not guest behaviour).
    pub fn attach(self: &Arc<Self>) -> MonitorLink {
        let slot = self.attached.fetch_add(1, Relaxed);
        assert!(
            slot < MAX_CPUS,
            "more than {MAX_CPUS} CPUs attached to one reservation monitor"
        );
        MonitorLink {
            monitor: self.clone(),
            slot,
        }
    }

    fn set(&self, slot: usize, value: u64) {
        let old = self.slots[slot].swap(value, Relaxed);
        match (old == NONE, value == NONE) {
            (true, false) => {
                self.live.fetch_add(1, Relaxed);
            }
            (false, true) => {
                self.live.fetch_sub(1, Relaxed);
            }
            _ => {}
        }
    }

    /// Clear every reservation but `me`'s on the granules `[paddr, paddr + size)` touches.
    #[inline(never)]
    fn clear_others(&self, me: usize, paddr: u64, size: usize) {
        let mine = (self.slots[me].load(Relaxed) != NONE) as usize;
        if self.live.load(Relaxed) <= mine {
            return;
        }
        let first = granule(paddr);
        let last = granule(paddr + size.max(1) as u64 - 1);
        for slot in 0..self.attached.load(Relaxed).min(MAX_CPUS) {
            let g = self.slots[slot].load(Relaxed);
            if slot != me && g != NONE && g >= first && g <= last {
                self.set(slot, NONE);
            }
        }
    }
}

impl ReservationMonitor {
    /// Something other than an attached CPU stored to `[paddr, paddr + size)`: the
    /// emulated kernel's `copy_to_user` (a `read` buffer, a futex word it rewrites,
    /// `clear_child_tid`), later a DMA device. Every CPU loses its reservation
    /// there, as a store from another hart would clear it. One load when nobody
    /// holds a reservation.
    pub fn observe_foreign_store(&self, paddr: u64, size: usize) {
        if self.live.load(Relaxed) == 0 {
            return;
        }
        let first = granule(paddr);
        let last = granule(paddr + size.max(1) as u64 - 1);
        for slot in 0..self.attached.load(Relaxed).min(MAX_CPUS) {
            let g = self.slots[slot].load(Relaxed);
            if g != NONE && g >= first && g <= last {
                self.set(slot, NONE);
            }
        }
    }
}

/// One CPU's handle on a [`ReservationMonitor`].
#[derive(Clone, Debug)]
pub struct MonitorLink {
    monitor: Arc<ReservationMonitor>,
    slot: usize,
}

impl MonitorLink {
    /// A link to a fresh monitor of its own (a CPU that shares memory with no other).
    pub fn private() -> Self {
        ReservationMonitor::new().attach()
    }

    /// A link to `shared` if given, else to a private monitor.
    pub fn attach_or_private(shared: Option<&Arc<ReservationMonitor>>) -> Self {
        shared.map_or_else(Self::private, |m| m.attach())
    }

    /// LR: reserve the granule of `paddr` (replacing any earlier reservation).
    pub fn reserve(&self, paddr: u64) {
        self.monitor.set(self.slot, granule(paddr));
    }

    /// True if this CPU's reservation covers `paddr`.
    pub fn holds(&self, paddr: u64) -> bool {
        self.monitor.slots[self.slot].load(Relaxed) == granule(paddr)
    }

    /// SC: true (and the store is the caller's to do) if the reservation covers
    /// `paddr`; the reservation is cleared either way, and on success so are other
    /// CPUs' reservations of the granule.
    pub fn store_conditional(&self, paddr: u64, size: usize) -> bool {
        let ok = self.holds(paddr);
        self.clear();
        if ok {
            self.monitor.clear_others(self.slot, paddr, size);
        }
        ok
    }

    /// This CPU stored (or performed an AMO) at `[paddr, paddr + size)`: other
    /// CPUs lose reservations there. One load when nobody holds a reservation.
    #[inline(always)]
    pub fn observe_store(&self, paddr: u64, size: usize) {
        if self.monitor.live.load(Relaxed) != 0 {
            self.monitor.clear_others(self.slot, paddr, size);
        }
    }

    /// Drop this CPU's reservation (thread switch, SC).
    pub fn clear(&self) {
        if self.monitor.slots[self.slot].load(Relaxed) != NONE {
            self.monitor.set(self.slot, NONE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sc_fails_after_another_cpus_store_to_the_line_and_succeeds_otherwise() {
        let m = ReservationMonitor::new();
        let (a, b) = (m.attach(), m.attach());
        a.reserve(0x1000);
        b.observe_store(0x1040, 8); // next line: no effect
        assert!(a.store_conditional(0x1008, 8), "same granule, untouched");
        assert!(
            !a.store_conditional(0x1008, 8),
            "SC consumed the reservation"
        );

        a.reserve(0x1000);
        b.observe_store(0x103c, 8); // straddles into 0x1040, touches 0x1000's line
        assert!(!a.store_conditional(0x1000, 8));

        a.reserve(0x2000);
        a.observe_store(0x2000, 8); // own stores keep the reservation
        assert!(a.store_conditional(0x2000, 4));
    }

    #[test]
    fn successful_sc_breaks_other_reservations_and_clear_drops_own() {
        let m = ReservationMonitor::new();
        let (a, b) = (m.attach(), m.attach());
        a.reserve(0x3000);
        b.reserve(0x3000);
        assert!(b.store_conditional(0x3000, 8));
        assert!(!a.holds(0x3000));
        a.reserve(0x3000);
        a.clear();
        assert!(!a.store_conditional(0x3000, 8));
        assert_eq!(m.live.load(Relaxed), 0);
    }

    #[test]
    fn a_foreign_store_clears_every_reservation_on_its_lines_only() {
        let m = ReservationMonitor::new();
        let (a, b, c) = (m.attach(), m.attach(), m.attach());
        a.reserve(0x1000);
        b.reserve(0x1010);
        c.reserve(0x2000);
        m.observe_foreign_store(0x1038, 4);
        assert!(!a.holds(0x1000));
        assert!(!b.holds(0x1010));
        assert!(c.holds(0x2000), "another line keeps its reservation");
        assert!(!a.store_conditional(0x1000, 8));
        assert!(c.store_conditional(0x2000, 8));
    }
}
