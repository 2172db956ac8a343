//! Robust futex lists: what the kernel does with the locks a thread still holds
//! when it dies, following Linux's `exit_robust_list` and `handle_futex_death`
//! (kernel/futex/core.c).
//!
//! A thread registers `struct robust_list_head` with `set_robust_list`:
//!
//! ```text
//! struct robust_list_head {            // 24 bytes on 64-bit guests
//!     struct robust_list *list;        //  0: first entry; the head itself ends the list
//!     long futex_offset;               //  8: from an entry to its 32-bit futex word
//!     struct robust_list *list_op_pending; // 16: a lock being taken or released
//! };
//! ```
//!
//! glibc links every robust mutex a thread holds into that list. At death the
//! kernel visits each entry: a futex word whose TID bits name the dead thread
//! gets `FUTEX_OWNER_DIED` (keeping `FUTEX_WAITERS`), and one waiter is woken,
//! so the next `pthread_mutex_lock` returns `EOWNERDEAD` instead of hanging.
//!
//! The list lives in guest memory and may be garbage: the walk stops after
//! [`ROBUST_LIST_LIMIT`] entries (a cyclic list cannot hang the host) and at the
//! first address that cannot be read (a guest fault never stops the simulator).

use super::futex::MATCH_ANY;
use super::Kernel;

/// Most entries walked (Linux `ROBUST_LIST_LIMIT`).
pub(crate) const ROBUST_LIST_LIMIT: usize = 2048;
/// The owner's tid in a futex word (Linux `FUTEX_TID_MASK`).
pub(crate) const FUTEX_TID_MASK: u32 = 0x3fff_ffff;
/// Someone waits in the kernel for this futex (Linux `FUTEX_WAITERS`).
pub(crate) const FUTEX_WAITERS: u32 = 0x8000_0000;
/// The owner died holding the lock (Linux `FUTEX_OWNER_DIED`).
pub(crate) const FUTEX_OWNER_DIED: u32 = 0x4000_0000;
/// Bit 0 of a list pointer marks a priority-inheritance futex.
const PI_FLAG: u64 = 1;
/// Offsets in `struct robust_list_head`.
const HEAD_FUTEX_OFFSET: u64 = 8;
const HEAD_LIST_OP_PENDING: u64 = 16;

/// Why [`Kernel::futex_death`] looks at a futex.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Death {
    /// An entry of the list: a lock the thread holds.
    Listed,
    /// `list_op_pending`: a lock the thread was taking or releasing.
    Pending,
}

impl Kernel {
    /// Release the robust futexes of thread `tid` of process `pid`, whose list
    /// head is at `head` (0: none registered). Linux `exit_robust_list`; called
    /// before the `clear_child_tid` write, as `futex_exit_release` runs before
    /// `mm_release`.
    ///
    /// PI futexes (bit 0 of a pointer) are treated as plain ones: this kernel has
    /// no PI futex operations, so marking them owner-died and waking a waiter is
    /// all that can be done.
    pub(crate) fn exit_robust_list(&mut self, pid: u64, tid: u64, head: u64) {
        if head == 0 {
            return;
        }
        let Some(mut entry) = self.read_user_u64(pid, head) else {
            return;
        };
        let Some(futex_offset) = self.read_user_u64(pid, head + HEAD_FUTEX_OFFSET) else {
            return;
        };
        let Some(pending) = self.read_user_u64(pid, head + HEAD_LIST_OP_PENDING) else {
            return;
        };
        let pending = pending & !PI_FLAG;
        entry &= !PI_FLAG;
        let mut limit = ROBUST_LIST_LIMIT;
        while entry != head {
            // Read the link before the futex is touched: a woken waiter may reuse it.
            let next = self.read_user_u64(pid, entry);
            if entry != pending {
                let word = entry.wrapping_add(futex_offset);
                if !self.futex_death(pid, tid, word, Death::Listed) {
                    return;
                }
            }
            let Some(next) = next else {
                return;
            };
            entry = next & !PI_FLAG;
            limit -= 1;
            if limit == 0 {
                break;
            }
        }
        if pending != 0 {
            self.futex_death(pid, tid, pending.wrapping_add(futex_offset), Death::Pending);
        }
    }

    /// The futex word at `uaddr` as its owner `tid` dies (Linux
    /// `handle_futex_death`). False if the word cannot be read or written
    /// (misaligned, unmapped, read-only), which ends the list walk.
    fn futex_death(&mut self, pid: u64, tid: u64, uaddr: u64, why: Death) -> bool {
        if !uaddr.is_multiple_of(4) {
            return false;
        }
        let space = &mut self.procs.get_mut(&pid).expect("live process").proc.space;
        let Ok(old) = space.read_u32(uaddr) else {
            return false;
        };
        let owner = old & FUTEX_TID_MASK;
        if why == Death::Pending && owner == 0 {
            // The thread died between releasing the word and waking a waiter (or a
            // woken waiter died before taking it): pass the wake-up on, and leave
            // the free word as it is.
            self.wake_shared(pid, uaddr);
            return true;
        }
        if owner != tid as u32 & FUTEX_TID_MASK {
            return true;
        }
        // No CPU runs guest code while the kernel works: this read and write are
        // one atomic step for the guest, like Linux's cmpxchg.
        let new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        if space.write_u32(uaddr, new).is_err() {
            // Readable but not writable: Linux leaves it locked and stops the walk.
            return false;
        }
        if old & FUTEX_WAITERS != 0 {
            self.wake_shared(pid, uaddr);
        }
        true
    }

    /// Wake one waiter of the futex at `uaddr` of process `pid`, keyed as a
    /// futex without `FUTEX_PRIVATE_FLAG` (Linux's robust-list and
    /// `clear_child_tid` wake-ups are shared ones): a process-shared lock's
    /// waiters in other processes are woken too.
    pub(crate) fn wake_shared(&mut self, pid: u64, uaddr: u64) {
        if let Ok(key) = self.futex_key(pid, uaddr, false) {
            self.wake(key, 1, MATCH_ANY);
        }
    }

    /// A 64-bit word of process `pid`'s memory, `None` where unmapped.
    fn read_user_u64(&mut self, pid: u64, va: u64) -> Option<u64> {
        let p = &mut self.procs.get_mut(&pid)?.proc;
        p.space.read_u64(va).ok()
    }
}
