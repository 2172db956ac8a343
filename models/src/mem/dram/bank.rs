//! Bank and rank state of the DRAM timing model (gem5's `DRAMInterface::Bank` and
//! `Rank`): which row each bank holds open and the earliest tick each command may
//! issue, updated by activates, precharges, column bursts and refreshes.

use super::params::{BurstLocation, DramParams, PagePolicy};
use super::power::PowerState;
use sim_core::Tick;
use std::collections::VecDeque;

/// One bank: its open row and the earliest time each command may be issued to it.
#[derive(Clone, Debug, Default)]
pub(super) struct Bank {
    /// The row held in the row buffer, if any.
    pub open_row: Option<u32>,
    /// Earliest activate (tRP after a precharge, tRRD/tXAW after other activates).
    pub act_allowed_at: Tick,
    /// Earliest precharge (tRAS after the activate, tRTP/tWR after bursts).
    pub pre_allowed_at: Tick,
    /// Earliest read column command (tRCD, tCCD, bus turnaround).
    pub rd_allowed_at: Tick,
    /// Earliest write column command.
    pub wr_allowed_at: Tick,
    /// Bursts served from the open row since it was activated.
    pub row_accesses: u32,
    /// Bank group (bank index modulo the group count).
    pub group: u32,
}

/// One rank: its banks and the recent activates that the tXAW window counts.
#[derive(Clone, Debug)]
pub(super) struct Rank {
    /// Banks, by index within the rank.
    pub banks: Vec<Bank>,
    /// Ticks of the last `activation_limit` activates, newest first.
    act_ticks: VecDeque<Option<Tick>>,
}

/// How one column burst was scheduled.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) struct BurstTiming {
    /// Tick the column (RD/WR) command issues.
    pub cmd_at: Tick,
    /// Tick the last data beat has crossed the bus.
    pub ready_at: Tick,
    /// The row was already open.
    pub row_hit: bool,
}

/// Every rank of the channel, plus the data bus and refresh bookkeeping.
#[derive(Clone, Debug)]
pub(super) struct DramState {
    pub ranks: Vec<Rank>,
    /// Earliest tick the next column burst may issue (the data bus is free).
    pub next_burst_at: Tick,
    /// Tick of the next due refresh (all ranks refresh together).
    next_refresh: Tick,
    /// Refreshes performed per rank.
    pub refreshes: u64,
    /// The commands and bank states the energy model and `bytesPerActivate` count.
    pub power: PowerState,
}

impl DramState {
    /// All banks closed, nothing issued yet; the first refresh is due at tREFI.
    pub fn new(p: &DramParams) -> Self {
        let groups = p.bank_groups_per_rank.max(1);
        let rank = Rank {
            banks: (0..p.banks_per_rank)
                .map(|b| Bank {
                    group: b % groups,
                    ..Bank::default()
                })
                .collect(),
            act_ticks: VecDeque::from(vec![None; p.activation_limit as usize]),
        };
        DramState {
            ranks: vec![rank; p.ranks_per_channel as usize],
            next_burst_at: Tick(0),
            next_refresh: p.t_refi,
            refreshes: 0,
            power: PowerState::new(p),
        }
    }

    /// The bank a burst goes to.
    pub fn bank(&self, loc: BurstLocation) -> &Bank {
        &self.ranks[loc.rank as usize].banks[loc.bank as usize]
    }

    /// Perform every refresh due by `now`: each closes all banks (waiting for their
    /// precharge constraints) and blocks activates for tRFC. Refreshes are applied
    /// lazily, when the controller next makes a decision, so an idle controller
    /// needs no periodic events; bursts scheduled meanwhile were already accounted
    /// for in the banks' precharge constraints.
    #[inline]
    pub fn catch_up_refresh(&mut self, p: &DramParams, now: Tick) {
        if p.t_refi.0 == 0 {
            // Without refresh, the energy model's queued commands are accounted
            // when many wait (otherwise at each refresh).
            for power in &mut self.power.ranks {
                if power.backlog() >= 4096 {
                    power.advance(p, now);
                }
            }
        } else if now >= self.next_refresh {
            self.refresh_until(p, now);
        }
    }

    /// Perform the refreshes due by `now` (at least one is).
    #[cold]
    fn refresh_until(&mut self, p: &DramParams, now: Tick) {
        let due = (now.0 - self.next_refresh.0) / p.t_refi.0 + 1;
        // Only the last of several missed refreshes can still constrain the banks.
        let last = self.next_refresh + Tick((due - 1) * p.t_refi.0);
        let burst = p.burst_size();
        for (rank, power) in self.ranks.iter_mut().zip(&mut self.power.ranks) {
            let first = self.next_refresh;
            let mut pre_done = first;
            let mut any_open = false;
            for bank in rank.banks.iter_mut().filter(|b| b.open_row.is_some()) {
                pre_done = pre_done.max(bank.pre_allowed_at.max(first) + p.t_rp);
                self.power
                    .bytes_per_activate
                    .sample(bank.row_accesses as u64 * burst);
                any_open = true;
            }
            let ref_done = (pre_done + p.t_rfc).max(last + p.t_rfc);
            for bank in &mut rank.banks {
                bank.open_row = None;
                bank.row_accesses = 0;
                bank.act_allowed_at = bank.act_allowed_at.max(ref_done);
            }
            // The energy model's view: precharge all, refresh once the banks are
            // closed, then the missed refreshes at their due times.
            if any_open {
                power.precharge_all(pre_done - p.t_rp);
            }
            power.refresh(pre_done, 1, p.t_refi);
            let next = (first + p.t_refi).max(pre_done + p.t_rfc);
            power.refresh(next, due - 1, p.t_refi);
            power.advance(p, now);
        }
        self.refreshes += due;
        self.next_refresh = last + p.t_refi;
    }

    /// Earliest tick an activate to `loc`'s bank could issue if the row is not open
    /// (after a precharge when another row is open).
    pub fn earliest_activate(&self, p: &DramParams, loc: BurstLocation, now: Tick) -> Tick {
        let bank = self.bank(loc);
        match bank.open_row {
            Some(_) => (bank.pre_allowed_at.max(now) + p.t_rp).max(bank.act_allowed_at),
            None => bank.act_allowed_at.max(now),
        }
    }

    fn precharge(
        p: &DramParams,
        bank: &mut Bank,
        pre_at: Tick,
        power: &mut PowerState,
        rank: u8,
        index: u8,
    ) {
        power
            .bytes_per_activate
            .sample(bank.row_accesses as u64 * p.burst_size());
        power.ranks[rank as usize].precharge(index, pre_at);
        bank.open_row = None;
        bank.pre_allowed_at = pre_at;
        bank.act_allowed_at = bank.act_allowed_at.max(pre_at + p.t_rp);
    }

    fn activate(&mut self, p: &DramParams, loc: BurstLocation, act_at: Tick) {
        self.power.ranks[loc.rank as usize].activate(loc.bank, act_at);
        let rank = &mut self.ranks[loc.rank as usize];
        let bank = &mut rank.banks[loc.bank as usize];
        bank.open_row = Some(loc.row);
        bank.row_accesses = 0;
        bank.pre_allowed_at = act_at + p.t_ras;
        bank.rd_allowed_at = bank.rd_allowed_at.max(act_at + p.t_rcd);
        bank.wr_allowed_at = bank.wr_allowed_at.max(act_at + p.t_rcd);
        let group = bank.group;
        let grouped = p.bank_groups_per_rank > 0;
        for b in &mut rank.banks {
            let rrd = if grouped && b.group == group {
                p.t_rrd_l
            } else {
                p.t_rrd
            };
            b.act_allowed_at = b.act_allowed_at.max(act_at + rrd);
        }
        // tXAW: the (limit + 1)th activate must wait until the oldest of the last
        // `limit` has left the window.
        if rank.act_ticks.pop_back().is_some() {
            rank.act_ticks.push_front(Some(act_at));
            let oldest = rank.act_ticks.back().copied().flatten();
            if let Some(oldest) = oldest.filter(|o| act_at.0 - o.0 < p.t_xaw.0) {
                for b in &mut rank.banks {
                    b.act_allowed_at = b.act_allowed_at.max(oldest + p.t_xaw);
                }
            }
        }
    }

    /// Schedule one column burst to `loc` no earlier than `now`: precharge and
    /// activate if the row is not open, then the column command once the bank and
    /// the data bus allow. `more_hits`/`conflicts` say whether other queued bursts of
    /// the same kind go to this row / another row of this bank (adaptive policies).
    pub fn burst(
        &mut self,
        p: &DramParams,
        loc: BurstLocation,
        is_read: bool,
        now: Tick,
        queued: QueuedPeers,
    ) -> BurstTiming {
        let row_hit = self.bank(loc).open_row == Some(loc.row);
        if !row_hit {
            let bank = &mut self.ranks[loc.rank as usize].banks[loc.bank as usize];
            if bank.open_row.is_some() {
                let pre_at = bank.pre_allowed_at.max(now);
                Self::precharge(p, bank, pre_at, &mut self.power, loc.rank, loc.bank);
            }
            let act_at = bank.act_allowed_at.max(now);
            self.activate(p, loc, act_at);
        }
        let bank = self.bank(loc);
        let col_allowed = if is_read {
            bank.rd_allowed_at
        } else {
            bank.wr_allowed_at
        };
        let cmd_at = col_allowed.max(self.next_burst_at).max(now);
        let ready_at = cmd_at + p.t_cl + p.t_burst;
        self.update_column_constraints(p, loc, is_read, cmd_at);

        let bank = &mut self.ranks[loc.rank as usize].banks[loc.bank as usize];
        bank.pre_allowed_at = bank.pre_allowed_at.max(if is_read {
            cmd_at + p.t_rtp
        } else {
            ready_at + p.t_wr
        });
        bank.row_accesses += 1;
        let auto_precharge = p.page_policy == PagePolicy::Close
            || bank.row_accesses == p.max_accesses_per_row
            || match p.page_policy {
                PagePolicy::OpenAdaptive => !queued.more_hits && queued.conflicts,
                PagePolicy::CloseAdaptive => !queued.more_hits,
                _ => false,
            };
        if auto_precharge {
            let pre_at = bank.pre_allowed_at.max(now);
            Self::precharge(p, bank, pre_at, &mut self.power, loc.rank, loc.bank);
        }
        let counters = &mut self.power.ranks[loc.rank as usize].counters;
        if is_read {
            counters.reads += 1;
        } else {
            counters.writes += 1;
        }
        self.next_burst_at = cmd_at + p.t_burst;
        BurstTiming {
            cmd_at,
            ready_at,
            row_hit,
        }
    }

    /// After a column command at `cmd_at`: the next one needs tBURST (tCCD_L within
    /// a bank group), a read/write turnaround, or a rank switch (tCS).
    fn update_column_constraints(
        &mut self,
        p: &DramParams,
        loc: BurstLocation,
        is_read: bool,
        cmd_at: Tick,
    ) {
        let write_to_read = p.t_cl + p.t_burst + p.t_wtr;
        let read_to_write = p.t_rtw + p.t_burst;
        let rank_switch = p.t_burst + p.t_cs;
        let group = self.bank(loc).group;
        let grouped = p.bank_groups_per_rank > 0;
        for (r, rank) in self.ranks.iter_mut().enumerate() {
            for b in &mut rank.banks {
                let (to_rd, to_wr) = if r != loc.rank as usize {
                    (rank_switch, rank_switch)
                } else if grouped && b.group == group {
                    if is_read {
                        (p.t_ccd_l, p.t_ccd_l.max(read_to_write))
                    } else {
                        (p.t_ccd_l.max(write_to_read), p.t_ccd_l)
                    }
                } else if is_read {
                    (p.t_burst, read_to_write)
                } else {
                    (write_to_read, p.t_burst)
                };
                b.rd_allowed_at = b.rd_allowed_at.max(cmd_at + to_rd);
                b.wr_allowed_at = b.wr_allowed_at.max(cmd_at + to_wr);
            }
        }
    }
}

/// What the other queued bursts of the same kind want from a burst's bank (for the
/// adaptive page policies).
#[derive(Copy, Clone, Debug, Default)]
pub(super) struct QueuedPeers {
    /// Another queued burst hits the same row.
    pub more_hits: bool,
    /// Another queued burst needs a different row of the same bank.
    pub conflicts: bool,
}
