//! A crossbar layer (gem5's `BaseXBar::Layer`): one shared resource, such as the
//! request path to one memory-side port, that carries one packet at a time.
//!
//! A packet occupies its layer for the header and payload cycles. While the layer is
//! busy, or blocked because its peer refused a packet, senders are refused and queued;
//! when it frees they are told to retry one at a time, in the order they were refused.
//!
//! ```text
//!   try_acquire(p) ── free ─────────────▶ true, caller calls occupy(until)
//!        │ busy / blocked / others first
//!        ▼
//!   waiting: [p0, p1, ..]   next_release() ─▶ caller schedules a release event
//!   release() at busy_until ─▶ Some(p0): caller sends p0 a retry; p0 alone may
//!                              acquire until it does, or until one clock period passes
//! ```
//!
//! The layer schedules nothing itself: it tells its crossbar when a release event is
//! needed, so a packet passing through an uncontended layer costs no event at all.

use sim_core::Tick;
use std::collections::VecDeque;

/// One layer's state and its occupancy statistic.
#[derive(Clone, Debug)]
pub(crate) struct Layer {
    /// The layer carries a packet until this tick.
    busy_until: Tick,
    /// Ports refused while the layer was busy, oldest first; each at most once.
    waiting: VecDeque<u16>,
    /// The port last told to retry: until it comes back (or its turn lapses), only it may
    /// acquire the layer.
    retrying: Option<u16>,
    /// The peer refused a packet: nothing passes until the peer's retry drains it.
    blocked: bool,
    /// A release event is scheduled.
    release_pending: bool,
    /// How long a retried port keeps its turn (one clock period of the crossbar).
    retry_window: Tick,
    /// Ticks the layer was occupied since the last stats reset (gem5 `occupancy`).
    occupancy: Tick,
}

impl Layer {
    /// An idle layer shared by `ports` senders, on a clock of period `period`.
    pub(crate) fn new(ports: usize, period: Tick) -> Self {
        Layer {
            busy_until: Tick(0),
            waiting: VecDeque::with_capacity(ports),
            retrying: None,
            blocked: false,
            release_pending: false,
            retry_window: period,
            occupancy: Tick(0),
        }
    }

    /// Try to take the layer for a packet from `port` at `now`. On refusal the port is
    /// queued and will get a retry; the caller must then ask [`Layer::next_release`].
    #[inline]
    pub(crate) fn try_acquire(&mut self, port: u16, now: Tick) -> bool {
        let my_turn = match self.retrying {
            Some(r) => r == port,
            None => self.waiting.is_empty(),
        };
        if !self.blocked && now >= self.busy_until && my_turn {
            self.retrying = None;
            return true;
        }
        self.queue_refused(port);
        false
    }

    /// Queue `port`, refused the layer, for a retry (the slow path of
    /// [`Layer::try_acquire`], kept out of line so the fast path inlines).
    #[cold]
    #[inline(never)]
    fn queue_refused(&mut self, port: u16) {
        if self.retrying == Some(port) {
            // Its turn came but the layer blocked meanwhile: it stays first in line.
            self.retrying = None;
            self.waiting.push_front(port);
        } else if !self.waiting.contains(&port) {
            self.waiting.push_back(port);
        }
    }

    /// Occupy the layer from `now` until `until` (after a successful acquire).
    pub(crate) fn occupy(&mut self, now: Tick, until: Tick) {
        debug_assert!(until >= now);
        self.busy_until = until;
        self.occupancy = self.occupancy + (until - now);
    }

    /// The peer refused a packet sent through this layer.
    pub(crate) fn block(&mut self) {
        self.blocked = true;
    }

    /// The peer took every packet it had refused.
    pub(crate) fn unblock(&mut self) {
        self.blocked = false;
    }

    /// True while the layer waits for its peer's retry.
    pub(crate) fn is_blocked(&self) -> bool {
        self.blocked
    }

    /// If a release event is needed and none is pending, the tick to schedule it at
    /// (marked pending: the caller must schedule it).
    pub(crate) fn next_release(&mut self, now: Tick) -> Option<Tick> {
        if self.release_pending || self.blocked {
            return None;
        }
        let when = if self.retrying.is_some() {
            self.busy_until.max(now + self.retry_window)
        } else if !self.waiting.is_empty() {
            self.busy_until.max(now)
        } else {
            return None;
        };
        self.release_pending = true;
        Some(when)
    }

    /// The release event fired: the port to send a retry to, if one waits and the
    /// layer is free. A retried port that did not come back loses its turn here.
    pub(crate) fn release(&mut self, now: Tick) -> Option<u16> {
        self.release_pending = false;
        if self.blocked || now < self.busy_until {
            return None;
        }
        self.retrying = None;
        let next = self.waiting.pop_front()?;
        self.retrying = Some(next);
        Some(next)
    }

    /// Ticks occupied since the last stats reset.
    pub(crate) fn occupancy(&self) -> Tick {
        self.occupancy
    }

    /// Zero the occupancy statistic.
    pub(crate) fn reset_stats(&mut self) {
        self.occupancy = Tick(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_layer_refuses_and_retries_waiters_in_order() {
        let mut l = Layer::new(3, Tick(10));
        assert!(l.try_acquire(0, Tick(0)));
        l.occupy(Tick(0), Tick(20));
        assert!(!l.try_acquire(2, Tick(5)));
        assert!(!l.try_acquire(1, Tick(6)));
        assert!(
            !l.try_acquire(2, Tick(7)),
            "a waiting port is not queued twice"
        );
        assert_eq!(l.next_release(Tick(7)), Some(Tick(20)));
        assert_eq!(l.next_release(Tick(7)), None, "one release event at a time");
        assert_eq!(l.release(Tick(20)), Some(2));
        // Port 1 may not jump the queue while port 2 has its turn.
        assert!(!l.try_acquire(1, Tick(20)));
        assert!(l.try_acquire(2, Tick(20)));
        l.occupy(Tick(20), Tick(30));
        assert_eq!(l.next_release(Tick(20)), Some(Tick(30)));
        assert_eq!(l.release(Tick(30)), Some(1));
        assert!(l.try_acquire(1, Tick(30)));
        assert_eq!(l.occupancy(), Tick(30));
    }

    #[test]
    fn retried_port_that_does_not_return_loses_its_turn() {
        let mut l = Layer::new(2, Tick(10));
        assert!(l.try_acquire(0, Tick(0)));
        l.occupy(Tick(0), Tick(20));
        assert!(!l.try_acquire(1, Tick(1)));
        assert!(!l.try_acquire(0, Tick(2)));
        assert_eq!(l.next_release(Tick(2)), Some(Tick(20)));
        assert_eq!(l.release(Tick(20)), Some(1));
        assert_eq!(l.next_release(Tick(20)), Some(Tick(30)));
        assert_eq!(l.release(Tick(30)), Some(0));
        assert!(l.try_acquire(0, Tick(30)));
    }

    #[test]
    fn blocked_layer_refuses_until_unblocked() {
        let mut l = Layer::new(2, Tick(10));
        l.block();
        assert!(!l.try_acquire(0, Tick(0)));
        assert_eq!(l.next_release(Tick(0)), None, "no release while blocked");
        l.unblock();
        assert_eq!(l.next_release(Tick(5)), Some(Tick(5)));
        assert_eq!(l.release(Tick(5)), Some(0));
        assert!(l.try_acquire(0, Tick(5)));
    }
}
