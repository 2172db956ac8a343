//! `SimpleMemory`: a memory with a fixed latency (gem5's `SimpleMemory`).
//!
//! Bytes live in a shared [`BackingStore`]; this component adds timing and stats,
//! and offers the store as a backdoor to requesters with no caches in between.

use sim_core::component::{Backdoor, Component, Ctx, PortDecl};
use sim_core::mem::{BackingStore, MemCmd, Packet};
use sim_core::stats::{StatVisitor, Unit};
use sim_core::{AddrRange, Tick};
use std::any::Any;
use std::sync::Arc;

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
}

impl SimpleMemory {
    /// A memory serving `params.range` from `store` (which must cover the range).
    pub fn new(params: SimpleMemoryParams, store: Arc<BackingStore>) -> Self {
        SimpleMemory {
            params,
            store,
            stats: MemStats::default(),
        }
    }

    fn access(&mut self, pkt: &mut Packet) {
        let s = &mut self.stats;
        match pkt.cmd {
            MemCmd::ReadReq | MemCmd::ReadExReq | MemCmd::LoadLockedReq | MemCmd::FetchReq => {
                // Out-of-range accesses are routed here only by a wiring bug; they read zeros.
                let _ = self.store.read(pkt.addr, &mut pkt.data[..pkt.size]);
                s.num_reads += 1;
                s.bytes_read += pkt.size as u64;
                if pkt.cmd == MemCmd::FetchReq {
                    s.bytes_inst_read += pkt.size as u64;
                }
            }
            MemCmd::WriteReq | MemCmd::WritebackDirty | MemCmd::StoreCondReq => {
                let _ = self.store.write(pkt.addr, &pkt.data[..pkt.size]);
                pkt.sc_success = true;
                s.num_writes += 1;
                s.bytes_written += pkt.size as u64;
            }
            MemCmd::SwapReq => {
                let old = self.store.read_le(pkt.addr, pkt.size).unwrap_or(0);
                if let Some((op, operand)) = pkt.amo {
                    let _ =
                        self.store
                            .write_le(pkt.addr, pkt.size, op.apply(old, operand, pkt.size));
                }
                pkt.data.clear();
                pkt.data.extend_from_slice(&old.to_le_bytes()[..pkt.size]);
                s.num_reads += 1;
                s.num_writes += 1;
                s.bytes_read += pkt.size as u64;
                s.bytes_written += pkt.size as u64;
            }
            _ => s.num_other += 1,
        }
        pkt.make_response();
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
        let s = &self.stats;
        v.scalar(
            "bytesRead::total",
            s.bytes_read as f64,
            "Number of bytes read from this memory",
            Unit::Byte,
        );
        v.scalar(
            "bytesInstRead::total",
            s.bytes_inst_read as f64,
            "Number of instructions bytes read from this memory",
            Unit::Byte,
        );
        v.scalar(
            "bytesWritten::total",
            s.bytes_written as f64,
            "Number of bytes written to this memory",
            Unit::Byte,
        );
        v.scalar(
            "numReads::total",
            s.num_reads as f64,
            "Number of read requests responded to by this memory",
            Unit::Count,
        );
        v.scalar(
            "numWrites::total",
            s.num_writes as f64,
            "Number of write requests responded to by this memory",
            Unit::Count,
        );
        v.scalar(
            "numOther::total",
            s.num_other as f64,
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
