//! `SimpleMemory`: a memory with a fixed latency (gem5's `SimpleMemory`).
//!
//! Bytes live in a shared [`BackingStore`]; this component adds timing and stats,
//! and offers the store as a backdoor to requesters with no caches in between.
//!
//! In timing mode, as in gem5, a read or write keeps the memory busy for
//! `size / bandwidth`; a request arriving while it is busy is refused and retried
//! when it frees. Responses leave `latency` after the request was accepted; one the
//! requester refuses waits (with any behind it) for the requester's retry.
//! Packets flagged `TIMING_ONLY` are timed and counted but move no bytes.

use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::{BackingStore, MemCmd, Packet, PacketPtr, ReqFlags};
use sim_core::stats::{requestors, StatFlags, StatVisitor, Unit};
use sim_core::{AddrRange, Priority, Tick};
use std::any::Any;
use std::collections::VecDeque;
use std::sync::Arc;

/// Event code: the memory is no longer busy; retry the refused requester.
const RELEASE: u64 = 1;

/// Parameters of a simple memory.
#[derive(Clone, Debug)]
pub struct SimpleMemoryParams {
    /// Physical range served.
    pub range: AddrRange,
    /// Access latency (gem5 default 30 ns).
    pub latency: Tick,
    /// Bandwidth in bytes per second (gem5 default 12.8 GiB/s); used by the timing path.
    pub bandwidth: f64,
}

impl SimpleMemoryParams {
    /// gem5's defaults for a range.
    pub fn new(range: AddrRange) -> Self {
        SimpleMemoryParams {
            range,
            latency: Tick(30_000),
            bandwidth: 12.8 * (1u64 << 30) as f64,
        }
    }
}

#[derive(Default, Clone)]
struct MemStats {
    num_reads: u64,
    num_writes: u64,
    bytes_read: u64,
    bytes_written: u64,
    bytes_inst_read: u64,
    num_other: u64,
}

/// A fixed-latency memory.
pub struct SimpleMemory {
    params: SimpleMemoryParams,
    store: Arc<BackingStore>,
    stats: MemStats,
    /// Ticks one byte occupies the memory (gem5 stores bandwidth this way).
    ticks_per_byte: f64,
    /// Timing: busy with a read or write until this tick.
    busy_until: Tick,
    /// Timing: a request was refused; the requester gets a retry when we free up.
    retry_req: bool,
    /// Timing: responses the requester refused, oldest first, waiting for its retry.
    stalled: VecDeque<PacketPtr>,
}

impl SimpleMemory {
    /// A memory serving `params.range` from `store` (which must cover the range).
    pub fn new(params: SimpleMemoryParams, store: Arc<BackingStore>) -> Self {
        let ticks_per_byte = if params.bandwidth > 0.0 {
            sim_core::SIM_FREQ as f64 / params.bandwidth
        } else {
            0.0
        };
        SimpleMemory {
            params,
            store,
            stats: MemStats::default(),
            ticks_per_byte,
            busy_until: Tick(0),
            retry_req: false,
            stalled: VecDeque::new(),
        }
    }

    /// Ticks `pkt` keeps the memory busy: reads and writes move `size` bytes at the
    /// configured bandwidth (truncated to whole ticks, as gem5 does); other
    /// commands (eviction notices) move nothing.
    fn busy_time(&self, pkt: &Packet) -> Tick {
        if pkt.cmd.is_read() || pkt.cmd.is_write() {
            Tick((pkt.size as f64 * self.ticks_per_byte) as u64)
        } else {
            Tick(0)
        }
    }

    /// Perform `pkt` (counting it) and turn it into its response. A `TIMING_ONLY`
    /// packet is counted but its bytes stay where they are (the requester moves them).
    fn access(&mut self, pkt: &mut Packet) {
        let moves_data = !pkt.timing_only();
        let s = &mut self.stats;
        match pkt.cmd {
            MemCmd::ReadReq
            | MemCmd::ReadExReq
            | MemCmd::ReadCleanReq
            | MemCmd::ReadSharedReq
            | MemCmd::LoadLockedReq
            | MemCmd::FetchReq => {
                if moves_data {
                    pkt.data.resize(pkt.size, 0);
                    // Out-of-range accesses are routed here only by a wiring bug; they read zeros.
                    let _ = self.store.read(pkt.addr, &mut pkt.data[..pkt.size]);
                }
                s.num_reads += 1;
                s.bytes_read += pkt.size as u64;
                // gem5 counts by the request: a cache's line fetch for an
                // instruction cache is an instruction read too.
                if pkt.flags.has(ReqFlags::INST_FETCH)
                    || requestors::is_inst_fetch(pkt.requestor.id)
                {
                    s.bytes_inst_read += pkt.size as u64;
                }
            }
            MemCmd::WriteReq | MemCmd::WritebackDirty | MemCmd::StoreCondReq => {
                if moves_data && pkt.data.len() >= pkt.size {
                    let _ = self.store.write(pkt.addr, &pkt.data[..pkt.size]);
                }
                pkt.sc_success = true;
                s.num_writes += 1;
                s.bytes_written += pkt.size as u64;
            }
            MemCmd::SwapReq => {
                if moves_data {
                    let old = self.store.read_le(pkt.addr, pkt.size).unwrap_or(0);
                    if let Some((op, operand)) = pkt.amo {
                        let new = op.apply(old, operand, pkt.size);
                        let _ = self.store.write_le(pkt.addr, pkt.size, new);
                    }
                    pkt.data.clear();
                    pkt.data.extend_from_slice(&old.to_le_bytes()[..pkt.size]);
                }
                s.num_reads += 1;
                s.num_writes += 1;
                s.bytes_read += pkt.size as u64;
                s.bytes_written += pkt.size as u64;
            }
            // A clean line leaving a cache: nothing to store, not counted (gem5's
            // `AbstractMemory::access` returns early for both). A `WritebackClean`
            // still occupies the memory for its bytes (see `busy_time`).
            MemCmd::CleanEvict | MemCmd::WritebackClean => {}
            _ => s.num_other += 1,
        }
        pkt.make_response();
    }

    /// Timing: send the refused responses again, in order, until one is refused.
    fn resend_stalled(&mut self, ctx: &mut Ctx) {
        while let Some(pkt) = self.stalled.pop_front() {
            if let Err(pkt) = ctx.send_timing_resp(0, pkt) {
                self.stalled.push_front(pkt);
                return;
            }
        }
    }
}

impl Component for SimpleMemory {
    fn type_name(&self) -> &'static str {
        "SimpleMemory"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        use serde_json::json;
        let r = self.params.range;
        vec![
            (
                "range".into(),
                json!(format!("{}:{}", r.start.0, r.end.0 - 1)),
            ),
            ("latency".into(), json!(self.params.latency.0)),
            ("latency_var".into(), json!(0)),
            ("bandwidth".into(), json!(self.params.bandwidth)),
        ]
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("port")]
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) -> Tick {
        self.access(pkt);
        self.params.latency
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let now = ctx.now();
        if self.retry_req || now < self.busy_until {
            if !self.retry_req {
                self.retry_req = true;
                ctx.schedule(self.busy_until, Priority::DEFAULT, RELEASE);
            }
            return Err(pkt);
        }
        self.busy_until = now + self.busy_time(&pkt);
        let needs_response = pkt.cmd.needs_response();
        self.access(&mut pkt);
        if needs_response {
            ctx.send_timing_at(0, pkt, now + self.params.latency);
        }
        Ok(())
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        debug_assert_eq!(code, RELEASE);
        if std::mem::take(&mut self.retry_req) {
            ctx.send_retry_req(0);
        }
    }
    fn recv_refused(&mut self, _port: u16, pkt: PacketPtr, _ctx: &mut Ctx) {
        self.stalled.push_back(pkt);
    }
    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        self.resend_stalled(ctx);
    }
    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, _ctx: &mut Ctx) {
        let stats = self.stats.clone();
        self.access(pkt);
        self.stats = stats;
    }
    fn backdoor(&mut self, _port: u16, _ctx: &mut Ctx) -> Option<Backdoor> {
        Some(Backdoor {
            data_only: false,
            range: self.params.range,
            store: self.store.clone(),
        })
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        // gem5's per-requestor memory stats are `total | nozero | nonan`; here only
        // their `::total` lines.
        const PER_REQUESTOR: StatFlags = StatFlags::NOZERO.with(StatFlags::NONAN);
        let s = &self.stats;
        v.scalar_flagged(
            "bytesRead::total",
            s.bytes_read as f64,
            PER_REQUESTOR,
            "Number of bytes read from this memory",
            Unit::Byte,
        );
        v.scalar_flagged(
            "bytesInstRead::total",
            s.bytes_inst_read as f64,
            PER_REQUESTOR,
            "Number of instructions bytes read from this memory",
            Unit::Byte,
        );
        v.scalar_flagged(
            "bytesWritten::total",
            s.bytes_written as f64,
            PER_REQUESTOR,
            "Number of bytes written to this memory",
            Unit::Byte,
        );
        v.scalar_flagged(
            "numReads::total",
            s.num_reads as f64,
            PER_REQUESTOR,
            "Number of read requests responded to by this memory",
            Unit::Count,
        );
        v.scalar_flagged(
            "numWrites::total",
            s.num_writes as f64,
            PER_REQUESTOR,
            "Number of write requests responded to by this memory",
            Unit::Count,
        );
        v.scalar_flagged(
            "numOther::total",
            s.num_other as f64,
            PER_REQUESTOR,
            "Number of other requests responded to by this memory",
            Unit::Count,
        );
    }
    fn reset_stats(&mut self) {
        self.stats = MemStats::default();
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::xbar::test_support::{get, request, Requester};
    use sim_core::mem::{ReqFlags, Requestor};
    use sim_core::{Addr, SystemBuilder};

    /// A requester playing `script` straight into a memory of 30 ns and 6.4 GB/s
    /// (a 64-byte access keeps it busy 10 ns). Returns the requester and the memory.
    fn run(script: Vec<(u64, Packet)>) -> (Requester, MemStats, Arc<BackingStore>) {
        let range = AddrRange::new(0, 1 << 16);
        let store = Arc::new(BackingStore::new(range).expect("map a test memory"));
        let mut params = SimpleMemoryParams::new(range);
        params.bandwidth = 6.4e9;
        let mut b = SystemBuilder::new();
        let r = b.add("req", Box::new(Requester::new(script))).unwrap();
        let m = SimpleMemory::new(params, store.clone());
        let m = b.add("mem", Box::new(m)).unwrap();
        b.connect_named(r, "mem_side", m, "port").unwrap();
        let mut sys = b.build().unwrap();
        sys.simulate(None);
        let stats = get::<SimpleMemory>(&sys, m).stats.clone();
        let req = sys
            .component_mut(r)
            .as_any_mut()
            .downcast_mut::<Requester>();
        let req = std::mem::replace(req.unwrap(), Requester::new(Vec::new()));
        (req, stats, store)
    }

    #[test]
    fn timing_reads_answer_after_the_latency_at_the_bandwidth_limit() {
        let reads = (0..3)
            .map(|i| (0, request(MemCmd::ReadReq, 0x40 * i, 64)))
            .collect();
        let (req, stats, _) = run(reads);
        let ticks: Vec<u64> = req.responses.iter().map(|r| r.tick).collect();
        // One 64-byte access per 10 ns; each answered 30 ns after it was accepted.
        assert_eq!(ticks, [30_000, 40_000, 50_000]);
        assert_eq!(req.refusals, 2);
        assert_eq!((stats.num_reads, stats.bytes_read), (3, 192));
    }

    #[test]
    fn timing_only_packets_move_no_data_and_evictions_get_no_response() {
        let write =
            |addr, flags| Packet::write(Addr(addr), &[1, 2, 3, 4], flags, Requestor::default());
        let script = vec![
            (0, write(0xc0, ReqFlags::TIMING_ONLY)),
            (100_000, write(0x80, ReqFlags::NONE)),
            (200_000, request(MemCmd::WritebackDirty, 0x100, 64)),
            (300_000, request(MemCmd::CleanEvict, 0x100, 64)),
        ];
        let (req, stats, store) = run(script);
        let cmds: Vec<MemCmd> = req.responses.iter().map(|r| r.cmd).collect();
        assert_eq!(cmds, [MemCmd::WriteResp, MemCmd::WriteResp]);
        assert_eq!(req.responses[1].tick, 130_000);
        // Only the untagged write reached the bytes.
        assert_eq!(store.read_le(Addr(0xc0), 4).unwrap(), 0);
        assert_eq!(store.read_le(Addr(0x80), 4).unwrap(), 0x0403_0201);
        assert_eq!((stats.num_writes, stats.num_other), (3, 0));
    }

    #[test]
    fn busy_memory_refuses_then_retries() {
        // A write arrives while a read still occupies the memory.
        let script = vec![
            (0, request(MemCmd::ReadReq, 0, 64)),
            (5_000, request(MemCmd::WriteReq, 0x40, 64)),
        ];
        let (req, _, _) = run(script);
        assert_eq!(req.refusals, 1);
        let ticks: Vec<u64> = req.responses.iter().map(|r| r.tick).collect();
        assert_eq!(ticks, [30_000, 40_000]);
    }
}
