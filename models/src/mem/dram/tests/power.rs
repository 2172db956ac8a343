//! The energy model (DRAMPower's formulas with gem5's preset currents), the rank
//! power-state times and the `bytesPerActivate` histogram.

use super::super::bank::{DramState, QueuedPeers};
use super::super::power::{energy, power_at, Counters, Histogram, RankPower};
use super::super::{BurstLocation, DramParams};
use super::requester::range;
use sim_core::Tick;

const NS: u64 = 1000;

fn ddr3() -> DramParams {
    DramParams::ddr3_1600_8x8(range())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// One activate at 10 ns, four reads, a precharge at 60 ns, window closed at
/// 100 ns, by hand: tCK 1.25 ns; tRAS 28 cycles, tRC - tRAS 11, a BL8 burst 4
/// cycles; the bank is open from cycle 8 to 48 (40 active cycles) and closed
/// for 8 + 32 = 40 cycles; 8 devices at 1.5 V:
///   act  = 28 x 1.25 ns x (55 - 38) mA x 1.5 V x 8      =  7140 pJ
///   pre  = 11 x 1.25 x (55 - 32) x 1.5 x 8              =  3795 pJ
///   read = 4 x 4 x 1.25 x (157 - 38) x 1.5 x 8          = 28560 pJ
///   actBack = 40 x 1.25 x 38 x 1.5 x 8                  = 22800 pJ
///   preBack = 40 x 1.25 x 32 x 1.5 x 8                  = 19200 pJ
#[test]
fn one_activate_four_reads_and_a_precharge_cost_what_drampower_computes() {
    let p = ddr3();
    let mut r = RankPower::new(&p);
    r.activate(0, Tick(10 * NS));
    r.counters.reads += 4;
    r.precharge(0, Tick(60 * NS));
    r.close_window(&p, Tick(100 * NS));
    let c = &r.counters;
    assert_eq!((c.acts, c.pres, c.reads), (1, 1, 4));
    assert_eq!((c.act_cycles, c.pre_cycles), (40, 40));
    let e = energy(&p, c);
    for (name, got, want) in [
        ("act", e.act, 7140.0),
        ("pre", e.pre, 3795.0),
        ("read", e.read, 28560.0),
        ("write", e.write, 0.0),
        ("refresh", e.refresh, 0.0),
        ("actBack", e.act_back, 22800.0),
        ("preBack", e.pre_back, 19200.0),
        ("total", e.total, 81495.0),
    ] {
        assert!(close(got, want), "{name}: {got} != {want}");
    }
    // ACT from the activate until tRP after the precharge (73.75 ns), IDLE around.
    assert_eq!(r.state_time[4], 63_750, "ACT");
    assert_eq!(r.state_time[0], 10_000 + 26_250, "IDLE");
    assert_eq!(r.state_time.iter().sum::<u64>(), 100 * NS);
}

/// A refresh counts tRFC x (IDD5 - IDD3N), and DRAMPower books tRFC - tRP of it
/// as active background; missed refreshes queued together count one each.
#[test]
fn refreshes_count_their_energy_and_ref_time() {
    let p = ddr3();
    let mut r = RankPower::new(&p);
    r.refresh(Tick(1000 * NS), 3, p.t_refi);
    let end = Tick(1000 * NS) + Tick(2 * p.t_refi.0) + p.t_rfc;
    r.close_window(&p, end);
    let c = r.counters.clone();
    // tRFC 208 cycles, tRP 11.
    assert_eq!(c.refs, 3);
    assert_eq!(c.act_cycles, 3 * (208 - 11));
    assert_eq!(c.act_cycles + c.pre_cycles, end.0.div_ceil(1250));
    let e = energy(&p, &c);
    assert!(close(
        e.refresh,
        3.0 * 208.0 * 1.25 * (235.0 - 38.0) * 1.5 * 8.0
    ));
    assert_eq!(r.state_time[1], 3 * p.t_rfc.0, "REF");
    assert_eq!(r.state_time[0], end.0 - 3 * p.t_rfc.0, "IDLE");
}

/// DDR4_2400_8x8 has a second supply: VDD2 2.5 V with IDD02 = IDD3N2 = 3 mA, so
/// activates add 0 on it, precharges add IDD02 and reads subtract IDD3N2, as
/// DRAMPower's two-domain equations do.
#[test]
fn the_second_supply_adds_drampowers_vdd2_terms() {
    let p = DramParams::ddr4_2400_8x8(range());
    let c = Counters {
        acts: 1,
        pres: 1,
        reads: 1,
        ..Counters::default()
    };
    let e = energy(&p, &c);
    let tck = 0.833;
    // tRAS 32 ns = 39 cycles, tRC 46.16 ns = 56 cycles, tRP 17 cycles.
    let act = 39.0 * tck * (48.0 - 43.0) * 1.2 * 8.0;
    let pre = 17.0 * tck * ((48.0 - 34.0) * 1.2 + 3.0 * 2.5) * 8.0;
    let read = 4.0 * tck * ((135.0 - 43.0) * 1.2 - 3.0 * 2.5) * 8.0;
    assert!(close(e.act, act), "{} != {act}", e.act);
    assert!(close(e.pre, pre), "{} != {pre}", e.pre);
    assert!(close(e.read, read), "{} != {read}", e.read);
}

/// gem5's Histogram: 16 buckets, one wide, doubling until the sample fits.
#[test]
fn bytes_per_activate_buckets_grow_as_gem5s_histogram() {
    let mut h = Histogram::new(16);
    h.sample(64);
    let labels: Vec<(String, u64)> = h.buckets().filter(|b| b.1 > 0).collect();
    assert_eq!(labels, vec![("64-71".to_string(), 1)]);
    h.sample(1024);
    let labels: Vec<(String, u64)> = h.buckets().filter(|b| b.1 > 0).collect();
    assert_eq!(
        labels,
        vec![("0-127".to_string(), 1), ("1024-1151".to_string(), 1)]
    );
    assert_eq!(h.buckets().count(), 16);
}

/// Through the bank model: three reads to one row, then a conflict in the same
/// bank: one activation of 192 bytes closed, two activates, and the ACT time.
#[test]
fn the_bank_model_reports_its_commands_to_the_energy_model() {
    let p = ddr3();
    let mut s = DramState::new(&p);
    let row = |row| BurstLocation {
        rank: 0,
        bank: 0,
        row,
    };
    let mut t = Tick(0);
    for _ in 0..3 {
        t = s.burst(&p, row(0), true, t, QueuedPeers::default()).cmd_at;
    }
    s.burst(&p, row(1), true, t, QueuedPeers::default());
    let power = power_at(&s, &p, Tick(1000 * NS));
    let r = &power.ranks[0];
    assert_eq!(
        (r.counters.acts, r.counters.pres, r.counters.reads),
        (2, 1, 4)
    );
    assert_eq!(power.bytes_per_activate.samples, 1);
    assert_eq!(power.bytes_per_activate.sum, 192.0);
    assert!(r.state_time[4] > 0);
    assert_eq!(r.state_time.iter().sum::<u64>(), 1000 * NS);
    assert_eq!(power.ranks[1].state_time[0], 1000 * NS, "rank 1 stays IDLE");
}

/// A stats reset starts the counters, state times and histogram afresh: what a
/// dump reports covers only the time since.
#[test]
fn a_reset_starts_a_new_window() {
    use super::super::power::reset_power;
    let p = ddr3();
    let mut s = DramState::new(&p);
    let at = |row| BurstLocation {
        rank: 0,
        bank: 0,
        row,
    };
    let t = s
        .burst(&p, at(0), true, Tick(0), QueuedPeers::default())
        .cmd_at;
    s.burst(&p, at(1), true, t, QueuedPeers::default());
    reset_power(&mut s, &p, Tick(500 * NS));
    let power = power_at(&s, &p, Tick(20_000 * NS));
    let r = &power.ranks[0];
    assert_eq!((r.counters.acts, r.counters.reads), (0, 0));
    assert_eq!(
        power.bytes_per_activate.samples, 1,
        "row 1, closed by the refresh"
    );
    assert_eq!(r.counters.refs, 2, "refreshes at 7.8 and 15.6 us");
    assert_eq!(r.state_time.iter().sum::<u64>(), 19_500 * NS);
    assert_eq!(r.state_time[1], 2 * p.t_rfc.0, "REF");
}
