//! Programmed-I/O plumbing shared by the platform devices (gem5's `BasicPioDevice`).
//!
//! A device is a plain struct with register reads and writes at offsets
//! ([`PioDevice`]); [`Pio`] makes it a component with one response port, `pio`,
//! that serves the three protocols: functional and atomic requests are performed
//! at once (atomic ones report the device's `pio_latency`), timing requests are
//! performed when accepted and answered `pio_latency` later. A device never
//! refuses a request; a response the requester refuses waits for its retry.
//! A functional access performs the register access with its side effects (a
//! PLIC claim, a UART receive-buffer read), as gem5's PIO devices do.

use sim_core::component::{Component, Ctx, PortDecl};
use sim_core::mem::{MemCmd, Packet, PacketPtr};
use sim_core::stats::StatVisitor;
use sim_core::{AddrRange, Tick};
use std::any::Any;
use std::collections::VecDeque;

/// gem5's `BasicPioDevice.pio_latency` default: 100 ns.
pub const DEFAULT_PIO_LATENCY: Tick = Tick(100_000);

/// A memory-mapped device: registers read and written at offsets from its base.
pub trait PioDevice: Send + 'static {
    /// gem5 type name for config.ini.
    fn type_name(&self) -> &'static str;
    /// Device parameters for config.ini (after `pio_addr` and `pio_latency`).
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        Vec::new()
    }
    /// Read `size` bytes (1, 2, 4 or 8) at `offset`; unmapped registers read 0.
    fn read(&mut self, offset: u64, size: usize, ctx: &mut Ctx) -> u64;
    /// Write the low `size` bytes of `value` at `offset`; unmapped registers ignore it.
    fn write(&mut self, offset: u64, size: usize, value: u64, ctx: &mut Ctx);
    /// Called once before simulation starts.
    fn startup(&mut self, _ctx: &mut Ctx) {}
    /// An event the device scheduled fired.
    fn handle_event(&mut self, _code: u64, _ctx: &mut Ctx) {}
    /// Another component changed something this device watches (an input line).
    fn wakeup(&mut self, _ctx: &mut Ctx) {}
    /// Report statistics.
    fn visit_stats(&self, _v: &mut dyn StatVisitor) {}
    /// Zero statistics.
    fn reset_stats(&mut self) {}
}

/// A [`PioDevice`] as a component at `range`, answering after `latency`.
pub struct Pio<D> {
    /// The device.
    pub dev: D,
    range: AddrRange,
    latency: Tick,
    /// Timing responses the requester refused, oldest first.
    stalled: VecDeque<PacketPtr>,
}

impl<D: PioDevice> Pio<D> {
    /// `dev` mapped at `range`, answering after `latency`.
    pub fn new(dev: D, range: AddrRange, latency: Tick) -> Self {
        Pio {
            dev,
            range,
            latency,
            stalled: VecDeque::new(),
        }
    }

    /// The address range the device decodes.
    pub fn range(&self) -> AddrRange {
        self.range
    }

    /// Perform `pkt` on the device and turn it into its response.
    fn access(&mut self, pkt: &mut Packet, ctx: &mut Ctx) {
        let offset = pkt.addr.0.wrapping_sub(self.range.start.0);
        let size = pkt.size.min(8);
        let value_of = |data: &[u8]| {
            let mut b = [0u8; 8];
            let n = data.len().min(size);
            b[..n].copy_from_slice(&data[..n]);
            u64::from_le_bytes(b)
        };
        match pkt.cmd {
            MemCmd::SwapReq => {
                let old = self.dev.read(offset, size, ctx);
                if let Some((op, operand)) = pkt.amo {
                    let new = op.apply(old, operand, size);
                    self.dev.write(offset, size, new, ctx);
                }
                pkt.data.clear();
                pkt.data.extend_from_slice(&old.to_le_bytes()[..size]);
            }
            cmd if cmd.is_write() => {
                let v = value_of(&pkt.data);
                self.dev.write(offset, size, v, ctx);
                pkt.sc_success = true;
            }
            cmd if cmd.is_read() => {
                let v = self.dev.read(offset, size, ctx);
                pkt.data.clear();
                pkt.data.extend_from_slice(&v.to_le_bytes()[..size]);
                pkt.data.resize(pkt.size, 0);
            }
            _ => {}
        }
        pkt.make_response();
    }
}

impl<D: PioDevice> Component for Pio<D> {
    fn type_name(&self) -> &'static str {
        self.dev.type_name()
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        let mut p = vec![
            ("pio_addr".to_string(), self.range.start.0.into()),
            ("pio_latency".to_string(), self.latency.0.into()),
        ];
        p.extend(self.dev.params());
        p
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::response("pio")]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.dev.startup(ctx);
    }
    fn handle_event(&mut self, code: u64, ctx: &mut Ctx) {
        self.dev.handle_event(code, ctx);
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        self.dev.wakeup(ctx);
    }
    fn recv_atomic(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) -> Tick {
        self.access(pkt, ctx);
        self.latency
    }
    fn recv_functional(&mut self, _port: u16, pkt: &mut Packet, ctx: &mut Ctx) {
        self.access(pkt, ctx);
    }
    fn recv_timing_req(
        &mut self,
        _port: u16,
        mut pkt: PacketPtr,
        ctx: &mut Ctx,
    ) -> Result<(), PacketPtr> {
        let needs_response = pkt.cmd.needs_response();
        self.access(&mut pkt, ctx);
        if needs_response {
            let when = ctx.now() + self.latency;
            ctx.send_timing_at(0, pkt, when);
        }
        Ok(())
    }
    fn recv_refused(&mut self, _port: u16, pkt: PacketPtr, _ctx: &mut Ctx) {
        self.stalled.push_back(pkt);
    }
    fn recv_resp_retry(&mut self, _port: u16, ctx: &mut Ctx) {
        while let Some(pkt) = self.stalled.pop_front() {
            if let Err(pkt) = ctx.send_timing_resp(0, pkt) {
                self.stalled.push_front(pkt);
                return;
            }
        }
    }
    fn visit_stats(&self, v: &mut dyn StatVisitor) {
        self.dev.visit_stats(v);
    }
    fn reset_stats(&mut self) {
        self.dev.reset_stats();
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
