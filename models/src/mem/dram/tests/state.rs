//! The bank state machine and address decoding on their own.

use super::super::bank::{DramState, QueuedPeers};
use super::super::{AddrMapping, BurstLocation, DramParams};
use super::requester::range;
use sim_core::{Addr, Tick};

fn loc(rank: u8, bank: u8, row: u32) -> BurstLocation {
    BurstLocation { rank, bank, row }
}

#[test]
fn addresses_decode_as_gem5_maps_them() {
    let mut p = DramParams::ddr3_1600_8x8(range());
    // RoRaBaCoCh: 8 KiB of columns, then 8 banks, then 2 ranks, then rows.
    let table = [
        (0x0, loc(0, 0, 0)),
        (0x1fc0, loc(0, 0, 0)),
        (0x2000, loc(0, 1, 0)),
        (0x1_0000, loc(1, 0, 0)),
        (0x2_0000, loc(0, 0, 1)),
        (0x2_2040, loc(0, 1, 1)),
    ];
    for (addr, want) in table {
        assert_eq!(p.decode(Addr(addr)), want, "address {addr:#x}");
    }
    // RoCoRaBaCh: consecutive bursts go to consecutive banks, then ranks.
    p.addr_mapping = AddrMapping::RoCoRaBaCh;
    assert_eq!(p.decode(Addr(0x40)), loc(0, 1, 0));
    assert_eq!(p.decode(Addr(0x200)), loc(1, 0, 0));
    assert_eq!(p.decode(Addr(128 * 1024)), loc(0, 0, 1));
}

#[test]
fn the_activation_window_limits_activates_to_four_per_txaw() {
    let p = DramParams::ddr3_1600_8x8(range());
    let mut s = DramState::new(&p);
    let cmds: Vec<Tick> = (0..5)
        .map(|b| {
            s.burst(&p, loc(0, b, 0), true, Tick(0), QueuedPeers::default())
                .cmd_at
        })
        .collect();
    // Four activates tRRD apart, the fifth waits for the tXAW window.
    assert_eq!(cmds[3], Tick(3 * p.t_rrd.0) + p.t_rcd);
    assert_eq!(cmds[4], p.t_xaw + p.t_rcd);
}

#[test]
fn bus_turnaround_separates_reads_and_writes() {
    let p = DramParams::ddr4_2400_8x8(range());
    let mut s = DramState::new(&p);
    let none = QueuedPeers::default();
    let rd = s.burst(&p, loc(0, 0, 0), true, Tick(0), none);
    let wr = s.burst(&p, loc(0, 4, 0), false, Tick(0), none);
    assert!(wr.cmd_at >= rd.cmd_at + p.t_rtw + p.t_burst);
    let rd2 = s.burst(&p, loc(0, 4, 0), true, Tick(0), none);
    assert!(rd2.row_hit);
    assert_eq!(rd2.cmd_at, wr.cmd_at + p.t_cl + p.t_burst + p.t_wtr);
    // Same bank group back to back needs tCCD_L (banks 0 and 4 share group 0).
    let rd3 = s.burst(&p, loc(0, 0, 0), true, Tick(0), none);
    assert_eq!(rd3.cmd_at, rd2.cmd_at + p.t_ccd_l);
}

#[test]
fn a_conflict_waits_for_tras_before_precharging() {
    let p = DramParams::ddr3_1600_8x8(range());
    let mut s = DramState::new(&p);
    let none = QueuedPeers::default();
    s.burst(&p, loc(0, 0, 0), true, Tick(0), none);
    let conflict = s.burst(&p, loc(0, 0, 1), true, Tick(0), none);
    assert!(!conflict.row_hit);
    assert_eq!(conflict.cmd_at, p.t_ras + p.t_rp + p.t_rcd);
}
