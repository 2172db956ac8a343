//! A test memory with several identical response ports, a fixed latency for the
//! timing protocol, optional refusals (to exercise retries), a choice of backdoor,
//! and counters of what it saw.

use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::{BackingStore, MemCmd, Packet, PacketPtr};
use sim_core::{AddrRange, Tick};
use std::any::Any;
use std::sync::Arc;

/// What backdoor the memory offers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Door {
    /// None: every access must carry data.
    Closed,
    /// A plain backdoor (no caches on the path).
    Direct,
    /// A `data_only` backdoor (as behind caches).
    DataOnly,
}

/// The test memory.
pub struct TestMem {
    pub store: Arc<BackingStore>,
    pub ports: usize,
    pub latency: Tick,
    pub door: Door,
    /// Refuse every n-th timing request (0: never).
    pub refuse_every: u64,
    /// Timing requests offered (including refused and resent ones).
    pub offered: u64,
    /// Requests refused.
    pub refused: u64,
    /// Requests accepted or performed, by command: fetches, reads, writes, others.
    pub fetches: u64,
    pub reads: u64,
    pub writes: u64,
    pub others: u64,
    /// Accepted requests flagged `TIMING_ONLY`.
    pub timing_only: u64,
}

impl TestMem {
    pub fn new(store: Arc<BackingStore>, ports: usize, latency: Tick, door: Door) -> Self {
        TestMem {
            store,
            ports,
            latency,
            door,
            refuse_every: 0,
            offered: 0,
            refused: 0,
            fetches: 0,
            reads: 0,
            writes: 0,
            others: 0,
            timing_only: 0,
        }
    }

    fn perform(&mut self, pkt: &mut Packet) {
        match pkt.cmd {
            MemCmd::FetchReq => self.fetches += 1,
            MemCmd::ReadReq | MemCmd::LoadLockedReq => self.reads += 1,
            MemCmd::WriteReq | MemCmd::StoreCondReq => self.writes += 1,
            _ => self.others += 1,
        }
        if pkt.timing_only() {
            self.timing_only += 1;
        } else {
            match pkt.cmd {
                MemCmd::FetchReq | MemCmd::ReadReq | MemCmd::LoadLockedReq => {
                    self.store
                        .read(pkt.addr, &mut pkt.data[..pkt.size])
                        .unwrap();
                }
                MemCmd::WriteReq | MemCmd::StoreCondReq => {
                    self.store.write(pkt.addr, &pkt.data[..pkt.size]).unwrap();
                }
                MemCmd::SwapReq => {
                    let old = self.store.read_le(pkt.addr, pkt.size).unwrap();
                    let (op, x) = pkt.amo.unwrap();
                    let new = op.apply(old, x, pkt.size);
                    self.store.write_le(pkt.addr, pkt.size, new).unwrap();
                    pkt.data.clear();
                    pkt.data.extend_from_slice(&old.to_le_bytes()[..pkt.size]);
                }
                _ => {}
            }
        }
        pkt.make_response();
    }
}

impl Component for TestMem {
    fn type_name(&self) -> &'static str {
        "TestMem"
    }
    fn ports(&self) -> Vec<PortDecl> {
        (0..self.ports)
            .map(|i| PortDecl::response(format!("port[{i}]")))
            .collect()
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) -> Tick {
        self.perform(pkt);
        self.latency
    }
    fn recv_timing_req(
        &mut self,
        port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        self.offered += 1;
        if self.refuse_every != 0 && self.offered.is_multiple_of(self.refuse_every) {
            self.refused += 1;
            ctx.schedule(ctx.now() + self.latency, 0, port as u64);
            return Err(pkt);
        }
        self.perform(&mut pkt);
        ctx.send_timing_at(port, pkt, ctx.now() + self.latency);
        Ok(())
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        ctx.send_retry_req(code as u16);
    }
    fn recv_resp_retry(&mut self, _port: u16, _ctx: &mut Ctx) {}
    fn recv_refused(&mut self, _port: u16, _pkt: PacketPtr, _ctx: &mut Ctx) {
        panic!("CPUs always take responses");
    }
    fn backdoor(&mut self, _port: u16, _ctx: &mut Ctx) -> Option<Backdoor> {
        (self.door != Door::Closed).then(|| Backdoor {
            range: self.store.range(),
            store: self.store.clone(),
            data_only: self.door == Door::DataOnly,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A memory of `size` bytes at 0.
pub fn store(size: u64) -> Arc<BackingStore> {
    Arc::new(BackingStore::new(AddrRange::new(0, size)).expect("map a test memory"))
}
