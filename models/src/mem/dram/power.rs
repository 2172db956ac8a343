//! DRAM energy and power per rank, as gem5 computes them with DRAMPower
//! (`ext/drampower`, `DRAMInterface::Rank::updatePowerStats`): command energies
//! from the IDD currents over the command's duration, plus background energy over
//! the cycles the rank spends with a bank open (IDD3N) or all banks closed (IDD2N);
//! and the time each rank spends in gem5's power states (`pwrStateTime`).
//!
//! The timing model schedules commands ahead of time and out of order across banks
//! (an auto-precharge may be due after a later activate to another bank), so the
//! activates, precharges and refreshes wait in a small time-ordered queue per rank
//! and are accounted once simulated time reaches them, as gem5 flushes its command
//! list to DRAMPower. The queue is a plain vector sorted when it is flushed (at
//! refreshes, stats dumps and resets): commands arrive almost in order, so that
//! costs a few instructions per command. The controller has no power-down or self-refresh (gem5's
//! default, `enable_dram_powerdown = False`), so those states and energies are 0.

use super::bank::DramState;
use super::params::DramParams;
use sim_core::Tick;

/// IDD currents (amperes) and supply voltages (volts) of one device: gem5's
/// `DRAMInterface` power parameters. The `*2` fields are the second supply
/// (`VDD2`, 0 when the device has one supply).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DramPowerParams {
    /// Activate-precharge current (IDD0).
    pub idd0: f64,
    /// Precharge standby current (IDD2N).
    pub idd2n: f64,
    /// Active standby current (IDD3N).
    pub idd3n: f64,
    /// Burst read current (IDD4R).
    pub idd4r: f64,
    /// Burst write current (IDD4W).
    pub idd4w: f64,
    /// Refresh current (IDD5).
    pub idd5: f64,
    /// Self-refresh current (IDD6; self-refresh is not modelled).
    pub idd6: f64,
    /// Precharge power-down current, slow exit (IDD2P0; power-down is not modelled).
    pub idd2p0: f64,
    /// Precharge power-down current, fast exit (IDD2P1; power-down is not modelled).
    pub idd2p1: f64,
    /// Active power-down current, slow exit (IDD3P0; power-down is not modelled).
    pub idd3p0: f64,
    /// Active power-down current, fast exit (IDD3P1; power-down is not modelled).
    pub idd3p1: f64,
    /// IDD0 on the second supply.
    pub idd02: f64,
    /// IDD2N on the second supply.
    pub idd2n2: f64,
    /// IDD3N on the second supply.
    pub idd3n2: f64,
    /// IDD4R on the second supply.
    pub idd4r2: f64,
    /// IDD4W on the second supply.
    pub idd4w2: f64,
    /// IDD5 on the second supply.
    pub idd52: f64,
    /// IDD6 on the second supply.
    pub idd62: f64,
    /// IDD2P0 on the second supply.
    pub idd2p02: f64,
    /// IDD2P1 on the second supply.
    pub idd2p12: f64,
    /// IDD3P0 on the second supply.
    pub idd3p02: f64,
    /// IDD3P1 on the second supply.
    pub idd3p12: f64,
    /// Main supply voltage (VDD).
    pub vdd: f64,
    /// Second supply voltage (VDD2; 0: none).
    pub vdd2: f64,
}

impl DramParams {
    /// The `DRAMInterface` parameters of the energy model as a config tree writes
    /// them (`IDD0` in amperes, `VDD` in volts, `beats_per_clock`,
    /// `enable_dram_powerdown`), for trees built without the Python presets.
    pub fn power_tree_params(&self) -> Vec<(&'static str, serde_json::Value)> {
        let w = &self.power;
        let currents = [
            ("IDD0", w.idd0),
            ("IDD02", w.idd02),
            ("IDD2N", w.idd2n),
            ("IDD2N2", w.idd2n2),
            ("IDD2P0", w.idd2p0),
            ("IDD2P02", w.idd2p02),
            ("IDD2P1", w.idd2p1),
            ("IDD2P12", w.idd2p12),
            ("IDD3N", w.idd3n),
            ("IDD3N2", w.idd3n2),
            ("IDD3P0", w.idd3p0),
            ("IDD3P02", w.idd3p02),
            ("IDD3P1", w.idd3p1),
            ("IDD3P12", w.idd3p12),
            ("IDD4R", w.idd4r),
            ("IDD4R2", w.idd4r2),
            ("IDD4W", w.idd4w),
            ("IDD4W2", w.idd4w2),
            ("IDD5", w.idd5),
            ("IDD52", w.idd52),
            ("IDD6", w.idd6),
            ("IDD62", w.idd62),
            ("VDD", w.vdd),
            ("VDD2", w.vdd2),
        ];
        let mut out: Vec<(&'static str, serde_json::Value)> =
            currents.iter().map(|&(n, v)| (n, v.into())).collect();
        out.push(("beats_per_clock", self.beats_per_clock.into()));
        out.push(("enable_dram_powerdown", false.into()));
        out
    }
}

/// gem5's rank power states, in `pwrStateTime`'s order.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum PwrState {
    Idle = 0,
    Ref = 1,
    Act = 4,
}

/// `pwrStateTime`'s subnames.
pub(super) const PWR_STATE_NAMES: [&str; 6] = ["IDLE", "REF", "SREF", "PRE_PDN", "ACT", "ACT_PDN"];

/// A command waiting for simulated time to reach it. Sorted by time; at one tick
/// precharges come before activates (either order gives the same cycles).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Cmd {
    at: Tick,
    kind: CmdKind,
    bank: u16,
    /// Refreshes: how many, `spacing` apart.
    count: u64,
    spacing: u64,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum CmdKind {
    Pre,
    PreAll,
    Act,
    Ref,
}

/// DRAMPower's command counters and background cycle counts for one window.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Counters {
    pub acts: u64,
    pub pres: u64,
    pub reads: u64,
    pub writes: u64,
    pub refs: u64,
    /// Cycles with at least one bank open (refreshes count tRFC - tRP here).
    pub act_cycles: u64,
    /// Cycles with every bank closed.
    pub pre_cycles: u64,
}

/// Power bookkeeping of one rank.
#[derive(Clone, Debug)]
pub(super) struct RankPower {
    pending: Vec<Cmd>,
    cy: Cycles,
    open: Vec<bool>,
    n_open: u32,
    first_act_cycle: u64,
    last_pre_cycle: u64,
    /// The counters since the last window end (stats reset).
    pub counters: Counters,
    state: PwrState,
    since: Tick,
    /// When the current state falls back to IDLE (tRP after the last precharge,
    /// tRFC after a refresh), unless an activate comes first.
    idle_at: Option<Tick>,
    /// Ticks spent in each power state since the last reset.
    pub state_time: [u64; 6],
}

/// Timing in clock cycles, as gem5 hands them to DRAMPower (`divCeil(t, tCK)`).
#[derive(Copy, Clone, Debug)]
struct Cycles {
    ras: u64,
    rc: u64,
    rp: u64,
    rfc: u64,
    burst: u64,
}

fn cycles(t: Tick, p: &DramParams) -> u64 {
    t.0.div_ceil(p.t_ck.0.max(1))
}

impl Cycles {
    fn of(p: &DramParams) -> Self {
        Cycles {
            ras: cycles(p.t_ras, p),
            rc: cycles(p.t_ras + p.t_rp, p),
            rp: cycles(p.t_rp, p),
            rfc: cycles(p.t_rfc, p),
            burst: (p.burst_length / p.beats_per_clock.max(1)) as u64,
        }
    }
}

impl RankPower {
    /// Every bank closed, IDLE since tick 0.
    pub fn new(p: &DramParams) -> Self {
        RankPower {
            pending: Vec::new(),
            cy: Cycles::of(p),
            open: vec![false; p.banks_per_rank as usize],
            n_open: 0,
            first_act_cycle: 0,
            last_pre_cycle: 0,
            counters: Counters::default(),
            state: PwrState::Idle,
            since: Tick(0),
            idle_at: None,
            state_time: [0; 6],
        }
    }

    fn push(&mut self, at: Tick, kind: CmdKind, bank: u16, count: u64, spacing: u64) {
        self.pending.push(Cmd {
            at,
            kind,
            bank,
            count,
            spacing,
        });
    }

    /// An activate of `bank` at `at`.
    pub fn activate(&mut self, bank: u8, at: Tick) {
        self.push(at, CmdKind::Act, bank.into(), 1, 0);
    }

    /// A precharge of `bank` at `at`.
    pub fn precharge(&mut self, bank: u8, at: Tick) {
        self.push(at, CmdKind::Pre, bank.into(), 1, 0);
    }

    /// A precharge of every open bank at `at` (before a refresh).
    pub fn precharge_all(&mut self, at: Tick) {
        self.push(at, CmdKind::PreAll, 0, 1, 0);
    }

    /// `count` refreshes, the first at `at` and the others `spacing` ticks apart.
    pub fn refresh(&mut self, at: Tick, count: u64, spacing: Tick) {
        if count > 0 {
            self.push(at, CmdKind::Ref, 0, count, spacing.0);
        }
    }

    /// Commands waiting for their time.
    pub fn backlog(&self) -> usize {
        self.pending.len()
    }

    /// Account every queued command issued by `now`, in time order. Commands
    /// queued later must not be earlier than `now`.
    pub fn advance(&mut self, p: &DramParams, now: Tick) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|c| (c.at, c.kind));
        let due = pending.partition_point(|c| c.at <= now);
        for &cmd in &pending[..due] {
            self.apply(p, cmd);
        }
        pending.drain(..due);
        self.pending = pending;
    }

    /// Leave the state the rank is in at `t` for `next` (whose time starts at `t`).
    fn enter(&mut self, t: Tick, next: PwrState) {
        if let Some(idle) = self.idle_at.filter(|&i| i <= t) {
            self.state_time[self.state as usize] += idle.0.saturating_sub(self.since.0);
            self.state = PwrState::Idle;
            self.since = idle.max(self.since);
            self.idle_at = None;
        }
        if next != self.state {
            self.state_time[self.state as usize] += t.0.saturating_sub(self.since.0);
            self.state = next;
            self.since = t.max(self.since);
        }
    }

    fn close_all(&mut self, ts: u64) {
        if self.n_open > 0 {
            self.counters.act_cycles += ts.saturating_sub(self.first_act_cycle);
            self.last_pre_cycle = ts;
            self.counters.pres += self.n_open as u64;
            self.open.iter_mut().for_each(|o| *o = false);
            self.n_open = 0;
        }
    }

    fn apply(&mut self, p: &DramParams, cmd: Cmd) {
        let ts = cycles(cmd.at, p);
        let c = self.cy;
        let bank = cmd.bank as usize;
        match cmd.kind {
            CmdKind::Act => {
                if self.open[bank] {
                    return;
                }
                self.counters.acts += 1;
                if self.n_open == 0 {
                    self.first_act_cycle = ts;
                    self.counters.pre_cycles += ts.saturating_sub(self.last_pre_cycle);
                }
                self.open[bank] = true;
                self.n_open += 1;
                self.enter(cmd.at, PwrState::Act);
                self.idle_at = None;
            }
            CmdKind::Pre => {
                if !self.open[bank] {
                    return;
                }
                self.counters.pres += 1;
                if self.n_open == 1 {
                    self.counters.act_cycles += ts.saturating_sub(self.first_act_cycle);
                    self.last_pre_cycle = ts;
                    self.idle_at = Some(cmd.at + p.t_rp);
                }
                self.open[bank] = false;
                self.n_open -= 1;
            }
            CmdKind::PreAll => {
                if self.n_open > 0 {
                    self.close_all(ts);
                    self.idle_at = Some(cmd.at + p.t_rp);
                }
            }
            CmdKind::Ref => {
                // DRAMPower's handleRef, `count` times: the rank is busy (counted
                // active) for tRFC - tRP, precharged for the last tRP.
                self.close_all(ts);
                let n = cmd.count;
                let last_at = cmd.at + Tick((n - 1) * cmd.spacing);
                let ts_last = cycles(last_at, p);
                let busy = c.rfc.saturating_sub(c.rp);
                self.counters.refs += n;
                self.counters.act_cycles += n * busy;
                self.counters.pre_cycles += ts.saturating_sub(self.last_pre_cycle)
                    + (ts_last - ts).saturating_sub((n - 1) * busy);
                self.last_pre_cycle = ts_last + busy;
                self.first_act_cycle = ts_last;
                self.enter(cmd.at, PwrState::Ref);
                let gap = cmd.spacing.saturating_sub(p.t_rfc.0);
                self.state_time[PwrState::Ref as usize] += (n - 1) * p.t_rfc.0;
                self.state_time[PwrState::Idle as usize] += (n - 1) * gap;
                self.since = last_at;
                self.idle_at = Some(last_at + p.t_rfc);
            }
        }
    }

    /// Close the accounting window at `now` (gem5's `calcWindowEnergy`): the
    /// background cycles and state time up to `now` are counted.
    pub fn close_window(&mut self, p: &DramParams, now: Tick) {
        self.advance(p, now);
        let ts = cycles(now, p);
        if self.n_open > 0 {
            self.counters.act_cycles += ts.saturating_sub(self.first_act_cycle);
        } else {
            self.counters.pre_cycles += ts.saturating_sub(self.last_pre_cycle);
        }
        self.first_act_cycle = ts;
        self.last_pre_cycle = self.last_pre_cycle.max(ts);
        let state = self.state;
        self.enter(now, state);
        self.state_time[self.state as usize] += now.0.saturating_sub(self.since.0);
        self.since = now.max(self.since);
    }

    /// Start new counters at `now` (stats reset).
    pub fn reset(&mut self, p: &DramParams, now: Tick) {
        self.close_window(p, now);
        self.counters = Counters::default();
        self.state_time = [0; 6];
    }
}

/// Energies of one rank in pJ, gem5's `RankStats`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct RankEnergy {
    pub act: f64,
    pub pre: f64,
    pub read: f64,
    pub write: f64,
    pub refresh: f64,
    pub act_back: f64,
    pub pre_back: f64,
    pub total: f64,
}

/// DRAMPower's `power_calc` (one rank, no I/O termination, no bank-wise mode) for
/// counters `c`, times the devices of a rank, in pJ.
pub(super) fn energy(p: &DramParams, c: &Counters) -> RankEnergy {
    let cy = Cycles::of(p);
    let w = &p.power;
    let tck_ns = p.t_ck.0 as f64 / 1000.0;
    // cycles * ns * mA * V = pJ; gem5's currents are in A.
    let e = |n: u64, amps: f64, volts: f64| n as f64 * tck_ns * amps * 1000.0 * volts;
    let reads_cc = c.reads * cy.burst;
    let writes_cc = c.writes * cy.burst;
    let mut r = RankEnergy {
        act: e(c.acts * cy.ras, w.idd0 - w.idd3n, w.vdd),
        pre: e(c.pres * (cy.rc - cy.ras), w.idd0 - w.idd2n, w.vdd),
        read: e(reads_cc, w.idd4r - w.idd3n, w.vdd),
        write: e(writes_cc, w.idd4w - w.idd3n, w.vdd),
        refresh: e(c.refs * cy.rfc, w.idd5 - w.idd3n, w.vdd),
        act_back: e(c.act_cycles, w.idd3n, w.vdd),
        pre_back: e(c.pre_cycles, w.idd2n, w.vdd),
        total: 0.0,
    };
    if w.vdd2 != 0.0 {
        r.act += e(c.acts * cy.ras, w.idd02 - w.idd3n2, w.vdd2);
        r.pre += e(c.pres * (cy.rc - cy.ras), w.idd02 - w.idd2n2, w.vdd2);
        r.read += e(reads_cc, w.idd4r2 - w.idd3n2, w.vdd2);
        r.write += e(writes_cc, w.idd4w2 - w.idd3n2, w.vdd2);
        r.refresh += e(c.refs * cy.rfc, w.idd52 - w.idd3n2, w.vdd2);
        r.act_back += e(c.act_cycles, w.idd3n2, w.vdd2);
        r.pre_back += e(c.pre_cycles, w.idd2n2, w.vdd2);
    }
    let d = p.devices_per_rank as f64;
    for x in [
        &mut r.act,
        &mut r.pre,
        &mut r.read,
        &mut r.write,
        &mut r.refresh,
        &mut r.act_back,
        &mut r.pre_back,
    ] {
        *x *= d;
    }
    r.total = r.act + r.pre + r.read + r.write + r.refresh + r.act_back + r.pre_back;
    r
}

/// gem5's `Stats::Histogram`: `buckets` buckets from 0, starting one wide and
/// doubling (merging pairs) whenever a sample falls beyond the last.
#[derive(Clone, Debug)]
pub(super) struct Histogram {
    counts: Vec<u64>,
    bucket_size: u64,
    pub samples: u64,
    pub sum: f64,
    pub squares: f64,
    pub logs: f64,
}

impl Histogram {
    pub fn new(buckets: usize) -> Self {
        Histogram {
            counts: vec![0; buckets.max(2)],
            bucket_size: 1,
            samples: 0,
            sum: 0.0,
            squares: 0.0,
            logs: 0.0,
        }
    }

    pub fn sample(&mut self, value: u64) {
        let n = self.counts.len() as u64;
        while value >= n * self.bucket_size {
            let half = self.counts.len().div_ceil(2);
            for i in 0..half {
                self.counts[i] =
                    self.counts[2 * i] + self.counts.get(2 * i + 1).copied().unwrap_or(0);
            }
            self.counts[half..].iter_mut().for_each(|c| *c = 0);
            self.bucket_size *= 2;
        }
        self.counts[(value / self.bucket_size) as usize] += 1;
        let v = value as f64;
        self.sum += v;
        self.squares += v * v;
        self.logs += v.ln();
        self.samples += 1;
    }

    /// Bucket counts with gem5's labels (`0-127`, or `5` for a one-wide bucket).
    pub fn buckets(&self) -> impl Iterator<Item = (String, u64)> + '_ {
        self.counts.iter().enumerate().map(|(i, &c)| {
            let low = i as u64 * self.bucket_size;
            let high = low + self.bucket_size - 1;
            let label = if low < high {
                format!("{low}-{high}")
            } else {
                low.to_string()
            };
            (label, c)
        })
    }

    pub fn reset(&mut self) {
        *self = Histogram::new(self.counts.len());
    }
}

/// Power bookkeeping of every rank, and the bytes accessed per activation.
#[derive(Clone, Debug)]
pub(super) struct PowerState {
    pub ranks: Vec<RankPower>,
    pub bytes_per_activate: Histogram,
}

impl PowerState {
    pub fn new(p: &DramParams) -> Self {
        let buckets = if p.max_accesses_per_row != 0 {
            p.max_accesses_per_row as usize
        } else {
            p.row_buffer_size() as usize
        };
        PowerState {
            ranks: vec![RankPower::new(p); p.ranks_per_channel as usize],
            bytes_per_activate: Histogram::new(buckets),
        }
    }
}

/// The power bookkeeping as a stats dump at `now` sees it: refreshes due by then
/// performed (on a copy: the timing model applies them lazily) and every rank's
/// window closed at `now`.
pub(super) fn power_at(state: &DramState, p: &DramParams, now: Tick) -> PowerState {
    let mut state = state.clone();
    state.catch_up_refresh(p, now);
    for rank in &mut state.power.ranks {
        rank.close_window(p, now);
    }
    state.power
}

/// Start new energy counters, state times and `bytesPerActivate` at `now`.
/// Performing the refreshes due by `now` first leaves the timing as it would be:
/// catching up in two steps closes and blocks the banks exactly as in one.
pub(super) fn reset_power(state: &mut DramState, p: &DramParams, now: Tick) {
    state.catch_up_refresh(p, now);
    for rank in &mut state.power.ranks {
        rank.reset(p, now);
    }
    state.power.bytes_per_activate.reset();
}
