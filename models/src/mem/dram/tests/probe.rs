//! The atomic and functional protocols, driven from a probe component's startup.

use super::super::{DramCtrl, DramParams};
use super::requester::range;
use sim_core::arch::AmoOp;
use sim_core::component::{Component, Ctx, PortDecl};
use sim_core::mem::{BackingStore, MemCmd, Packet, ReqFlags, Requestor};
use sim_core::{Addr, SystemBuilder, Tick};
use std::any::Any;
use std::sync::Arc;

/// Performs a fixed sequence of functional and atomic accesses at startup.
#[derive(Default)]
struct Probe {
    log: Vec<(MemCmd, u64, Tick)>,
    backdoor_data_only: Option<bool>,
}

impl Component for Probe {
    fn type_name(&self) -> &'static str {
        "Probe"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("port")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        let who = Requestor::default();
        let mut w = Packet::write(Addr(0x100), &7u64.to_le_bytes(), ReqFlags::NONE, who);
        ctx.send_functional(0, &mut w);
        let mut r = Packet::read(Addr(0x100), 8, ReqFlags::NONE, who);
        let lat = ctx.send_atomic(0, &mut r);
        self.log.push((r.cmd, r.data_le(), lat));
        let mut amo = Packet::amo(Addr(0x100), 8, AmoOp::Add, 5, ReqFlags::NONE, who);
        let lat = ctx.send_atomic(0, &mut amo);
        self.log.push((amo.cmd, amo.data_le(), lat));
        let mut r = Packet::read(Addr(0x100), 8, ReqFlags::NONE, who);
        ctx.send_functional(0, &mut r);
        self.log.push((r.cmd, r.data_le(), Tick(0)));
        let mut sc = Packet::write(Addr(0x108), &[9], ReqFlags::LLSC, who);
        let lat = ctx.send_atomic(0, &mut sc);
        self.log.push((sc.cmd, sc.sc_success as u64, lat));
        self.backdoor_data_only = ctx.request_backdoor(0).map(|b| b.data_only);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[test]
fn atomic_and_functional_accesses_move_data_and_report_the_access_latency() {
    let p = DramParams::ddr4_2400_8x8(range());
    let store = Arc::new(BackingStore::new(p.range).expect("map a test memory"));
    let mut b = SystemBuilder::new();
    let probe = b.add("probe", Box::<Probe>::default()).unwrap();
    let m = b
        .add(
            "mem_ctrl",
            Box::new(DramCtrl::new(p.clone(), store.clone())),
        )
        .unwrap();
    b.connect_named(probe, "port", m, "port").unwrap();
    let mut sys = b.build().unwrap();
    sys.simulate(None);
    let probe: &Probe = sys.component(probe).as_any().downcast_ref().unwrap();
    let lat = p.t_rp + p.t_rcd + p.t_cl;
    assert_eq!(
        probe.log,
        [
            (MemCmd::ReadResp, 7, lat),
            (MemCmd::SwapResp, 7, lat),
            (MemCmd::ReadResp, 12, Tick(0)),
            (MemCmd::StoreCondResp, 1, lat),
        ]
    );
    assert_eq!(store.read_le(Addr(0x108), 1).unwrap(), 9);
    assert_eq!(probe.backdoor_data_only, Some(false));
}
