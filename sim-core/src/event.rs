//! The deterministic event queue that drives simulated time.
//!
//! Events are small `Copy` payloads (typically a component id plus a message tag)
//! scheduled at a [`Tick`] with a priority. They come out strictly ordered by
//! `(tick, priority, insertion sequence)`: lower priority values first, as in gem5,
//! and first-scheduled first among exact ties, so every run with the same inputs
//! processes events in the same order.
//!
//! Note one deliberate difference from gem5: gem5 services events of the same tick
//! and priority in LIFO order; this queue uses FIFO (insertion order), which is what
//! the project's design requires and what most models expect.
//!
//! # Cost model
//! The queue is a binary heap over a reused `Vec` of small entries plus a slot table
//! holding payloads. Once the vectors have grown to the peak number of pending events,
//! scheduling and popping allocate nothing. Descheduling is O(1): the slot is freed and
//! its generation bumped, and the stale heap entry is skipped when it reaches the top
//! (or dropped by an occasional compaction when stale entries pile up).
//!
//! # Scheduling in the past
//! [`EventQueue::schedule`] returns [`ScheduleError::InPast`] when `when` is earlier
//! than [`EventQueue::cur_tick`]; nothing is clamped silently. Scheduling at the
//! current tick is allowed.

use crate::time::Tick;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// gem5's named event priorities (`EventBase::*_Pri` in gem5's `sim/eventq.hh`).
///
/// Lower values run first within a tick. Models should use these names rather than
/// bare numbers so same-tick ordering reads as intent.
pub struct Priority;

impl Priority {
    /// The lowest priority value (runs before everything else in a tick).
    pub const MINIMUM: i16 = i8::MIN as i16;
    /// Enabling debug output before anything else in the tick.
    pub const DEBUG_ENABLE: i16 = -101;
    /// Breakpoints fire before the events of their tick.
    pub const DEBUG_BREAK: i16 = -100;
    /// CPU switching deschedules the old CPU's tick before it runs.
    pub const CPU_SWITCH: i16 = -31;
    /// Delayed writebacks go before regular (default-priority) ones.
    pub const DELAYED_WRITEBACK: i16 = -1;
    /// The default priority.
    pub const DEFAULT: i16 = 0;
    /// DVFS updates happen after ordinary events.
    pub const DVFS_UPDATE: i16 = 31;
    /// Serialization (checkpointing) comes before CPU ticks.
    pub const SERIALIZE: i16 = 32;
    /// CPU ticks come after other associated CPU events (such as writebacks).
    pub const CPU_TICK: i16 = 50;
    /// Exiting a thread in a CPU comes after the CPU's tick.
    pub const CPU_EXIT: i16 = 64;
    /// Statistics events (dump, reset) come after everything else but before exit.
    pub const STAT_EVENT: i16 = 90;
    /// Progress events come at the end.
    pub const PROGRESS_EVENT: i16 = 95;
    /// Exiting the simulation loop is the last thing done in a tick.
    pub const SIM_EXIT: i16 = 100;
    /// The highest priority value.
    pub const MAXIMUM: i16 = i8::MAX as i16;
}

/// Identifies one scheduled event, to deschedule or reschedule it.
///
/// A handle goes stale once its event is popped or descheduled; stale handles are
/// recognised (generation check) and never affect a later event that reuses the slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventHandle {
    slot: u32,
    gen: u32,
}

/// Errors from scheduling calls.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The requested tick is earlier than the queue's current tick.
    #[error("cannot schedule an event at tick {when}: current tick is already {now}")]
    InPast {
        /// The tick that was asked for.
        when: Tick,
        /// The queue's current tick.
        now: Tick,
    },
    /// The handle does not name a pending event (already popped or descheduled).
    #[error("event handle does not name a scheduled event")]
    NotScheduled,
}

/// Most entries `EventQueue::near` holds.
const NEAR_CAP: usize = 8;

/// Slot index of events scheduled without a handle ([`EventQueue::schedule_untracked`]).
const UNTRACKED: u32 = u32::MAX;

/// A heap entry: ordering key, the slot it belongs to (or [`UNTRACKED`]) and the payload.
#[derive(Copy, Clone, Debug)]
struct Entry<E> {
    tick: u64,
    priority: i16,
    seq: u64,
    slot: u32,
    payload: E,
}

impl<E> Entry<E> {
    #[inline]
    fn key(&self) -> (u64, i16, u64) {
        (self.tick, self.priority, self.seq)
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// Per-event storage; `seq` ties the slot to its one live heap entry.
#[derive(Clone, Debug)]
struct Slot<E> {
    gen: u32,
    seq: u64,
    tick: Tick,
    priority: i16,
    payload: Option<E>,
}

/// A deterministic priority queue of timed events carrying payloads of type `E`.
///
/// The earliest few events are kept outside the heap, in `near`, a small sorted
/// buffer: a chain of events where each schedules the next earliest one (a CPU
/// and its L1 trading requests and responses), or a few CPUs taking turns cycle
/// by cycle, then costs no heap operations at all.
#[derive(Clone, Debug)]
pub struct EventQueue<E: Copy> {
    /// The earliest pending entries, latest first (so the earliest is last).
    /// Invariants: every one orders before every heap entry, and every one is
    /// live (descheduling or rescheduling takes an entry out of `near`).
    near: Vec<Entry<E>>,
    heap: BinaryHeap<Reverse<Entry<E>>>,
    slots: Vec<Slot<E>>,
    free: Vec<u32>,
    next_seq: u64,
    cur_tick: Tick,
    live: usize,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue at tick 0.
    pub fn new() -> Self {
        Self::starting_at(Tick(0))
    }

    /// An empty queue whose current tick is `start` (e.g. after restoring a checkpoint).
    pub fn starting_at(start: Tick) -> Self {
        EventQueue {
            near: Vec::with_capacity(NEAR_CAP),
            heap: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
            cur_tick: start,
            live: 0,
        }
    }

    /// An empty queue with room for `n` pending events before it allocates.
    pub fn with_capacity(n: usize) -> Self {
        let mut q = Self::new();
        q.heap.reserve(n);
        q.slots.reserve(n);
        q.free.reserve(n);
        q
    }

    /// The tick of the most recently popped event (or the start tick).
    #[inline]
    pub fn cur_tick(&self) -> Tick {
        self.cur_tick
    }

    /// Number of pending (scheduled, not yet popped or descheduled) events.
    #[inline]
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when no event is pending.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Schedule `ev` at `when` with `priority` (lower runs first within a tick).
    pub fn schedule(
        &mut self,
        when: Tick,
        priority: i16,
        ev: E,
    ) -> Result<EventHandle, ScheduleError> {
        if when < self.cur_tick {
            return Err(ScheduleError::InPast {
                when,
                now: self.cur_tick,
            });
        }
        let seq = self.bump_seq();
        let slot = match self.free.pop() {
            Some(i) => {
                let s = &mut self.slots[i as usize];
                s.seq = seq;
                s.tick = when;
                s.priority = priority;
                s.payload = Some(ev);
                i
            }
            None => {
                let i = u32::try_from(self.slots.len()).expect("more than 2^32 pending events");
                self.slots.push(Slot {
                    gen: 0,
                    seq,
                    tick: when,
                    priority,
                    payload: Some(ev),
                });
                i
            }
        };
        self.insert(Entry {
            tick: when.0,
            priority,
            seq,
            slot,
            payload: ev,
        });
        self.live += 1;
        Ok(EventHandle {
            slot,
            gen: self.slots[slot as usize].gen,
        })
    }

    /// Schedule `ev` like [`EventQueue::schedule`], without a handle: it cannot be
    /// descheduled, and costs less (no slot bookkeeping). For deliveries and retries.
    #[inline]
    pub fn schedule_untracked(
        &mut self,
        when: Tick,
        priority: i16,
        ev: E,
    ) -> Result<(), ScheduleError> {
        if when < self.cur_tick {
            return Err(ScheduleError::InPast {
                when,
                now: self.cur_tick,
            });
        }
        let seq = self.bump_seq();
        self.insert(Entry {
            tick: when.0,
            priority,
            seq,
            slot: UNTRACKED,
            payload: ev,
        });
        self.live += 1;
        Ok(())
    }

    /// Put a live entry in `near` if it orders before the heap top (making room
    /// by moving `near`'s latest entry to the heap when full), else in the heap.
    #[inline(always)]
    fn insert(&mut self, e: Entry<E>) {
        // The usual case: the new entry is the earliest of all (`near`'s last
        // orders before the heap), or the first with nothing earlier in the heap.
        let earliest = match self.near.last() {
            Some(last) => e < *last,
            None => self.heap.peek().is_none_or(|Reverse(top)| e < *top),
        };
        if earliest && self.near.len() < NEAR_CAP {
            self.near.push(e);
            return;
        }
        self.insert_in_order(e);
    }

    /// [`EventQueue::insert`] for an entry that is not the earliest, or when
    /// `near` is full.
    #[inline(never)]
    fn insert_in_order(&mut self, e: Entry<E>) {
        if self.heap.peek().is_some_and(|Reverse(top)| *top < e) {
            self.heap.push(Reverse(e));
            return;
        }
        if self.near.len() == NEAR_CAP {
            if self.near[0] < e {
                self.heap.push(Reverse(e));
                return;
            }
            let latest = self.near.remove(0);
            self.heap.push(Reverse(latest));
        }
        let mut at = self.near.len();
        while at > 0 && self.near[at - 1] < e {
            at -= 1;
        }
        self.near.insert(at, e);
    }

    /// True if `handle` names an event that is still pending.
    #[inline]
    pub fn is_scheduled(&self, handle: EventHandle) -> bool {
        self.slot_of(handle).is_some()
    }

    /// The tick a pending event is scheduled for.
    pub fn when(&self, handle: EventHandle) -> Option<Tick> {
        self.slot_of(handle).map(|s| s.tick)
    }

    /// The payload of a pending event.
    pub fn payload(&self, handle: EventHandle) -> Option<E> {
        self.slot_of(handle).and_then(|s| s.payload)
    }

    /// Cancel a pending event. Returns false if it was not pending (already popped,
    /// already descheduled, or a stale handle).
    pub fn deschedule(&mut self, handle: EventHandle) -> bool {
        if self.slot_of(handle).is_none() {
            return false;
        }
        self.forget_near(handle.slot);
        self.release(handle.slot);
        self.drop_stale_top();
        self.maybe_compact();
        true
    }

    /// Move a pending event to `when`/`priority`. The handle stays valid, and the
    /// event takes a fresh insertion sequence (it orders after events already
    /// scheduled for the same tick and priority), as a deschedule plus schedule would.
    pub fn reschedule(
        &mut self,
        handle: EventHandle,
        when: Tick,
        priority: i16,
    ) -> Result<(), ScheduleError> {
        if self.slot_of(handle).is_none() {
            return Err(ScheduleError::NotScheduled);
        }
        if when < self.cur_tick {
            return Err(ScheduleError::InPast {
                when,
                now: self.cur_tick,
            });
        }
        self.forget_near(handle.slot);
        let seq = self.bump_seq();
        let s = &mut self.slots[handle.slot as usize];
        s.seq = seq;
        s.tick = when;
        s.priority = priority;
        let payload = s.payload.expect("a scheduled slot has a payload");
        self.insert(Entry {
            tick: when.0,
            priority,
            seq,
            slot: handle.slot,
            payload,
        });
        self.drop_stale_top();
        self.maybe_compact();
        Ok(())
    }

    /// The next pending event (the one [`EventQueue::pop`] would return) and its
    /// tick, without removing it.
    #[inline(always)]
    pub fn peek(&self) -> Option<(Tick, &E)> {
        // Invariant: `near`'s last and the heap top, if any, are live; `near` is earlier.
        match self.near.last() {
            Some(f) => Some((Tick(f.tick), &f.payload)),
            None => self
                .heap
                .peek()
                .map(|Reverse(e)| (Tick(e.tick), &e.payload)),
        }
    }

    /// The tick of the next pending event, if any.
    #[inline]
    pub fn next_tick(&self) -> Option<Tick> {
        // Invariant: `near`'s last and the heap top, if any, are live; `near` is earlier.
        match self.near.last() {
            Some(f) => Some(Tick(f.tick)),
            None => self.heap.peek().map(|Reverse(e)| Tick(e.tick)),
        }
    }

    /// Remove the next event and advance the current tick to its time.
    ///
    /// Inlined into the simulate loop: popping from `near` is its usual case, a
    /// few loads and stores; the heap is touched only out of line.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(Tick, E)> {
        match self.near.pop() {
            Some(e) => Some(self.take_near(e)),
            None => self.pop_heap(),
        }
    }

    /// Account for `e`, just popped off `near` (which, like the heap and its live
    /// top, is left as it was: every `near` entry is live).
    #[inline(always)]
    fn take_near(&mut self, e: Entry<E>) -> (Tick, E) {
        self.take_entry(e)
    }

    /// Take the pending entry of tracked `slot` out of `near`, if it is there
    /// (before it is descheduled or rescheduled: `near` holds only live entries).
    fn forget_near(&mut self, slot: u32) {
        let seq = self.slots[slot as usize].seq;
        if let Some(i) = self
            .near
            .iter()
            .position(|n| n.slot == slot && n.seq == seq)
        {
            self.near.remove(i);
        }
    }

    /// Pop the next event only if `accept` (given its tick and payload) says so;
    /// otherwise leave the queue as it is.
    #[inline(always)]
    pub fn pop_if(&mut self, accept: impl FnOnce(Tick, &E) -> bool) -> Option<(Tick, E)> {
        match self.near.last() {
            Some(f) => {
                if !accept(Tick(f.tick), &f.payload) {
                    return None;
                }
                let e = self.near.pop()?;
                Some(self.take_near(e))
            }
            None => {
                let Reverse(top) = self.heap.peek()?;
                if !accept(Tick(top.tick), &top.payload) {
                    return None;
                }
                self.pop_heap()
            }
        }
    }

    /// [`EventQueue::pop`] when `near` is empty.
    #[inline(never)]
    fn pop_heap(&mut self) -> Option<(Tick, E)> {
        let e = self.heap.pop()?.0;
        let r = self.take_entry(e);
        self.drop_stale_top();
        Some(r)
    }

    /// Account for popping the live entry `e` and advance time to it.
    #[inline(always)]
    fn take_entry(&mut self, e: Entry<E>) -> (Tick, E) {
        debug_assert!(self.is_live(&e));
        if e.slot == UNTRACKED {
            self.live -= 1;
        } else {
            self.release(e.slot);
        }
        debug_assert!(e.tick >= self.cur_tick.0);
        self.cur_tick = Tick(e.tick);
        (Tick(e.tick), e.payload)
    }

    /// Pop the next event only if it is due at or before `limit`.
    #[inline(always)]
    pub fn pop_until(&mut self, limit: Tick) -> Option<(Tick, E)> {
        match self.next_tick() {
            Some(t) if t <= limit => self.pop(),
            _ => None,
        }
    }

    /// Advance the current tick to `t` without servicing events (for a simulate loop
    /// stopping at a tick limit). Fails if an event is pending before `t` or if `t` is
    /// in the past, so time never skips an event nor goes backwards.
    pub fn advance_to(&mut self, t: Tick) -> Result<(), ScheduleError> {
        if t < self.cur_tick {
            return Err(ScheduleError::InPast {
                when: t,
                now: self.cur_tick,
            });
        }
        if let Some(next) = self.next_tick() {
            if next < t {
                return Err(ScheduleError::InPast { when: next, now: t });
            }
        }
        self.cur_tick = t;
        Ok(())
    }

    fn bump_seq(&mut self) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        s
    }

    fn slot_of(&self, h: EventHandle) -> Option<&Slot<E>> {
        self.slots
            .get(h.slot as usize)
            .filter(|s| s.gen == h.gen && s.payload.is_some())
    }

    fn is_live(&self, e: &Entry<E>) -> bool {
        if e.slot == UNTRACKED {
            return true;
        }
        let s = &self.slots[e.slot as usize];
        s.payload.is_some() && s.seq == e.seq
    }

    fn release(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.payload = None;
        s.gen = s.gen.wrapping_add(1);
        self.free.push(slot);
        self.live -= 1;
    }

    /// Restore the invariant that the heap top is live (`near` holds only live
    /// entries).
    #[inline]
    fn drop_stale_top(&mut self) {
        while let Some(Reverse(e)) = self.heap.peek() {
            if self.is_live(e) {
                break;
            }
            self.heap.pop();
        }
    }

    /// Rebuild the heap without stale entries once they outnumber live ones, so
    /// repeated deschedule/reschedule cannot grow the heap without bound.
    fn maybe_compact(&mut self) {
        if self.heap.len() > 64 && self.heap.len() > 2 * self.live {
            let mut v = std::mem::take(&mut self.heap).into_vec();
            v.retain(|Reverse(e)| {
                e.slot == UNTRACKED || {
                    let s = &self.slots[e.slot as usize];
                    s.payload.is_some() && s.seq == e.seq
                }
            });
            self.heap = BinaryHeap::from(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic generator so tests need no extra crates.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn drain(q: &mut EventQueue<u32>) -> Vec<(u64, u32)> {
        std::iter::from_fn(|| q.pop())
            .map(|(t, e)| (t.0, e))
            .collect()
    }

    #[test]
    fn orders_by_tick_then_priority_then_insertion() {
        let mut q = EventQueue::new();
        q.schedule(Tick(10), Priority::DEFAULT, 1).unwrap();
        q.schedule(Tick(5), Priority::SIM_EXIT, 2).unwrap();
        q.schedule(Tick(10), Priority::CPU_TICK, 3).unwrap();
        q.schedule(Tick(10), Priority::DEFAULT, 4).unwrap();
        q.schedule(Tick(10), Priority::DEBUG_BREAK, 5).unwrap();
        q.schedule(Tick(5), Priority::MINIMUM, 6).unwrap();
        assert_eq!(q.len(), 6);
        assert_eq!(
            drain(&mut q),
            vec![(5, 6), (5, 2), (10, 5), (10, 1), (10, 4), (10, 3)]
        );
        assert!(q.is_empty());
        assert_eq!(q.cur_tick(), Tick(10));
    }

    #[test]
    fn peek_and_pop_if_see_the_next_event_only() {
        let mut q = EventQueue::new();
        q.schedule(Tick(20), 0, 2).unwrap();
        q.schedule(Tick(10), 0, 1).unwrap();
        q.schedule(Tick(10), -1, 0).unwrap();
        assert_eq!(q.peek(), Some((Tick(10), &0)));
        assert_eq!(q.pop_if(|_, e| *e == 1), None, "1 is not next");
        assert_eq!(q.len(), 3);
        assert_eq!(
            q.pop_if(|t, e| t == Tick(10) && *e == 0),
            Some((Tick(10), 0))
        );
        assert_eq!(q.pop_if(|_, _| true), Some((Tick(10), 1)));
        assert_eq!(q.cur_tick(), Tick(10));
        assert_eq!(q.pop_if(|t, _| t <= Tick(15)), None);
        assert_eq!(q.peek(), Some((Tick(20), &2)));
        assert_eq!(q.pop(), Some((Tick(20), 2)));
        assert_eq!(q.peek(), None);
        assert_eq!(q.pop_if(|_, _| true), None);
    }

    #[test]
    fn gem5_priority_values() {
        assert_eq!(Priority::MINIMUM, -128);
        assert_eq!(Priority::CPU_SWITCH, -31);
        assert_eq!(Priority::DEFAULT, 0);
        assert_eq!(Priority::SERIALIZE, 32);
        assert_eq!(Priority::CPU_TICK, 50);
        assert_eq!(Priority::CPU_EXIT, 64);
        assert_eq!(Priority::STAT_EVENT, 90);
        assert_eq!(Priority::PROGRESS_EVENT, 95);
        assert_eq!(Priority::SIM_EXIT, 100);
        assert_eq!(Priority::MAXIMUM, 127);
    }

    #[test]
    fn deschedule_removes_event_and_stale_handles_are_inert() {
        let mut q = EventQueue::new();
        let a = q.schedule(Tick(1), 0, 10).unwrap();
        let b = q.schedule(Tick(2), 0, 20).unwrap();
        assert!(q.is_scheduled(a));
        assert!(q.deschedule(a));
        assert!(!q.is_scheduled(a));
        assert!(!q.deschedule(a), "second deschedule must fail");
        assert_eq!(q.len(), 1);
        assert_eq!(q.next_tick(), Some(Tick(2)));
        // The freed slot is reused; the old handle must not reach the new event.
        let c = q.schedule(Tick(3), 0, 30).unwrap();
        assert!(!q.deschedule(a));
        assert!(q.is_scheduled(c));
        assert_eq!(q.pop(), Some((Tick(2), 20)));
        assert!(!q.is_scheduled(b), "popped events are no longer scheduled");
        assert_eq!(q.pop(), Some((Tick(3), 30)));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn reschedule_moves_event_and_keeps_handle() {
        let mut q = EventQueue::new();
        let a = q.schedule(Tick(1), 0, 1).unwrap();
        q.schedule(Tick(5), 0, 2).unwrap();
        q.reschedule(a, Tick(5), 0).unwrap();
        assert_eq!(q.when(a), Some(Tick(5)));
        assert_eq!(q.len(), 2);
        // Rescheduled event takes a fresh sequence: it now follows event 2.
        assert_eq!(drain(&mut q), vec![(5, 2), (5, 1)]);
        assert_eq!(
            q.reschedule(a, Tick(9), 0),
            Err(ScheduleError::NotScheduled)
        );
    }

    #[test]
    fn reschedule_earlier_and_priority_change() {
        let mut q = EventQueue::new();
        let a = q.schedule(Tick(100), 0, 1).unwrap();
        q.schedule(Tick(50), 0, 2).unwrap();
        q.reschedule(a, Tick(50), -1).unwrap();
        assert_eq!(drain(&mut q), vec![(50, 1), (50, 2)]);
    }

    #[test]
    fn scheduling_in_the_past_is_an_error_and_time_never_goes_back() {
        let mut q = EventQueue::new();
        q.schedule(Tick(100), 0, 1).unwrap();
        assert_eq!(q.pop(), Some((Tick(100), 1)));
        assert_eq!(
            q.schedule(Tick(99), 0, 2),
            Err(ScheduleError::InPast {
                when: Tick(99),
                now: Tick(100)
            })
        );
        assert!(q.schedule(Tick(100), 0, 3).is_ok(), "now is not the past");
        assert_eq!(q.pop(), Some((Tick(100), 3)));
        assert!(q.advance_to(Tick(50)).is_err());
        q.schedule(Tick(200), 0, 4).unwrap();
        assert!(
            q.advance_to(Tick(300)).is_err(),
            "cannot skip a pending event"
        );
        q.advance_to(Tick(150)).unwrap();
        assert_eq!(q.cur_tick(), Tick(150));
        assert_eq!(q.pop_until(Tick(199)), None);
        assert_eq!(q.pop_until(Tick(200)), Some((Tick(200), 4)));
    }

    #[test]
    fn random_events_match_a_sort() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut q = EventQueue::with_capacity(16);
        let mut expected = Vec::new();
        let mut handles = Vec::new();
        for i in 0..5000u32 {
            let t = rng.next() % 200;
            let p = (rng.next() % 7) as i16 - 3;
            handles.push((q.schedule(Tick(t), p, i).unwrap(), (t, p, i)));
        }
        // Cancel every third event.
        for (n, (h, key)) in handles.into_iter().enumerate() {
            if n % 3 == 0 {
                assert!(q.deschedule(h));
            } else {
                expected.push(key);
            }
        }
        // Stable sort by (tick, priority) keeps insertion order among ties.
        expected.sort_by_key(|&(t, p, _)| (t, p));
        assert_eq!(q.len(), expected.len());
        let got = drain(&mut q);
        let want: Vec<(u64, u32)> = expected.iter().map(|&(t, _, i)| (t, i)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn interleaved_pop_and_schedule_never_goes_backwards() {
        let mut rng = XorShift(12345);
        let mut q = EventQueue::new();
        for i in 0..64u32 {
            q.schedule(Tick(rng.next() % 1000), 0, i).unwrap();
        }
        let mut last = Tick(0);
        let mut popped = 0;
        while let Some((t, e)) = q.pop() {
            assert!(t >= last);
            assert_eq!(q.cur_tick(), t);
            last = t;
            popped += 1;
            if popped < 10_000 {
                q.schedule(t + Tick(rng.next() % 50), (e % 3) as i16, e)
                    .unwrap();
            }
        }
        assert_eq!(popped, 10_000 + 63);
    }

    #[test]
    fn cpus_taking_turns_each_cycle_keep_their_order() {
        // Fewer and more participants than `near` holds: each pops its event and
        // schedules the next cycle's; the order must be cycle by cycle, then by
        // first insertion.
        for n in [2u32, 3, NEAR_CAP as u32, NEAR_CAP as u32 + 5] {
            let mut q = EventQueue::new();
            for id in 0..n {
                q.schedule(Tick(0), 0, id).unwrap();
            }
            for cycle in 0..100u64 {
                for id in 0..n {
                    assert_eq!(q.pop(), Some((Tick(cycle), id)), "{n} taking turns");
                    q.schedule(Tick(cycle + 1), 0, id).unwrap();
                }
            }
            if n as usize <= NEAR_CAP {
                assert!(q.heap.is_empty(), "{n} taking turns need no heap");
            }
        }
    }

    #[test]
    fn heap_is_compacted_under_churn() {
        let mut q = EventQueue::new();
        let h = q.schedule(Tick(1_000_000), 0, 0u32).unwrap();
        for i in 0..10_000u64 {
            q.reschedule(h, Tick(1_000_000 + i), 0).unwrap();
        }
        assert!(q.heap.len() <= 130, "heap holds {} entries", q.heap.len());
        assert_eq!(q.pop(), Some((Tick(1_009_999), 0)));
    }

    #[test]
    fn untracked_and_tracked_events_interleave_in_order_under_churn() {
        let mut rng = XorShift(0x1234_5678);
        let mut q: EventQueue<u32> = EventQueue::new();
        let mut expect: Vec<(u64, i16, u64, u32)> = Vec::new();
        let mut handles = Vec::new();
        let mut seq = 0u64;
        let mut got = Vec::new();
        for n in 0..20_000u32 {
            let now = q.cur_tick().0;
            let when = now + rng.next() % 50;
            let prio = (rng.next() % 3) as i16;
            match rng.next() % 5 {
                0 | 1 => {
                    q.schedule_untracked(Tick(when), prio, n).unwrap();
                    expect.push((when, prio, seq, n));
                }
                2 => {
                    handles.push((
                        q.schedule(Tick(when), prio, n).unwrap(),
                        (when, prio, seq, n),
                    ));
                    expect.push((when, prio, seq, n));
                }
                3 if !handles.is_empty() => {
                    let (h, key) = handles.swap_remove((rng.next() as usize) % handles.len());
                    if q.deschedule(h) {
                        expect.retain(|e| *e != key);
                    }
                    continue;
                }
                _ => {
                    if let Some((t, ev)) = q.pop() {
                        got.push((t.0, ev));
                    }
                    continue;
                }
            }
            seq += 1;
        }
        got.extend(drain(&mut q));
        // Every pop is at or after the previous one, and every event that was not
        // descheduled is delivered exactly once.
        let ticks: Vec<u64> = got.iter().map(|g| g.0).collect();
        let sorted = {
            let mut t = ticks.clone();
            t.sort();
            t
        };
        assert_eq!(ticks, sorted, "time never goes backwards");
        let mut all: Vec<u32> = got.iter().map(|g| g.1).collect();
        all.sort();
        let mut want: Vec<u32> = expect.iter().map(|e| e.3).collect();
        want.sort();
        assert_eq!(all, want, "every live event is delivered exactly once");
        assert!(q.is_empty());
    }
}
