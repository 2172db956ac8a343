//! Queued bursts and the FR-FCFS choice among them (gem5's `MemPacket` and
//! `DRAMInterface::chooseNextFRFCFS`).

use super::bank::{DramState, QueuedPeers};
use super::params::{BurstLocation, DramParams};
use sim_core::Tick;
use std::collections::VecDeque;

/// One burst waiting in a read or write queue.
#[derive(Copy, Clone, Debug)]
pub(super) struct Burst {
    /// First byte of the burst (the packet's address for its first burst).
    pub addr: u64,
    /// Bytes of the packet inside this burst.
    pub size: u32,
    /// Where it lives.
    pub loc: BurstLocation,
    /// Tick it entered the queue (latency stats).
    pub entry_time: Tick,
    /// For reads: the slot of the packet it belongs to (answered when all its
    /// bursts are done). Unused for writes, which are answered on arrival.
    pub parent: u32,
    /// Requestor id of the packet (per-requestor stats).
    pub requestor: u32,
}

/// Pick the next burst from `queue` (oldest first), as FR-FCFS does:
/// 1. the oldest row hit whose column command can issue by `min_col_at` (seamless);
/// 2. else the oldest miss whose precharge/activate finishes by then (hidden);
/// 3. else the oldest row hit;
/// 4. else the oldest miss to the bank that can activate earliest.
pub(super) fn choose_frfcfs(
    queue: &VecDeque<Burst>,
    state: &DramState,
    p: &DramParams,
    is_read: bool,
    now: Tick,
    min_col_at: Tick,
) -> Option<usize> {
    let mut first_hit = None;
    let mut earliest_miss: Option<(Tick, usize)> = None;
    for (i, b) in queue.iter().enumerate() {
        let bank = state.bank(b.loc);
        if bank.open_row == Some(b.loc.row) {
            let col_at = if is_read {
                bank.rd_allowed_at
            } else {
                bank.wr_allowed_at
            };
            if col_at <= min_col_at {
                return Some(i);
            }
            first_hit.get_or_insert(i);
        } else {
            let act_at = state.earliest_activate(p, b.loc, now);
            if earliest_miss.is_none_or(|(t, _)| act_at < t) {
                earliest_miss = Some((act_at, i));
            }
        }
    }
    if let Some((act_at, i)) = earliest_miss {
        if act_at + p.t_rcd <= min_col_at {
            return Some(i);
        }
    }
    first_hit.or(earliest_miss.map(|(_, i)| i))
}

/// Whether other bursts in `queue` (besides the one at `skip`) hit or conflict with
/// the row `loc` names.
pub(super) fn queued_peers(
    queue: &VecDeque<Burst>,
    skip: usize,
    loc: BurstLocation,
) -> QueuedPeers {
    let mut peers = QueuedPeers::default();
    for (i, b) in queue.iter().enumerate() {
        if i == skip || b.loc.rank != loc.rank || b.loc.bank != loc.bank {
            continue;
        }
        if b.loc.row == loc.row {
            peers.more_hits = true;
            break;
        }
        peers.conflicts = true;
    }
    peers
}
