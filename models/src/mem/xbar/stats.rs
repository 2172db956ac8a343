//! Crossbar statistics shared by both crossbars (gem5's `BaseXBar` stats):
//! `transDist::<cmd>`, `pktCount_<cpu port>::<mem port>`, `pktSize_<cpu port>::<mem port>`.
//!
//! As gem5, the rows and columns of `pktCount` are named after the peers' ports
//! (`pktCount_system.cpu.icache.mem_side::system.l2.cpu_side`), learnt at startup.
//! A packet is counted on the (CPU-side, memory-side) pair it travels between,
//! whichever direction it goes.

use sim_core::mem::{MemCmd, Packet};
use sim_core::stats::{StatFlags, StatVisitor, Unit, VectorStat};

/// Commands in `transDist`, in gem5's `MemCmd` order (instruction fetches count as
/// `ReadReq`/`ReadResp`, as in gem5).
const COMMANDS: [&str; 21] = [
    "ReadReq",
    "ReadResp",
    "ReadRespWithInvalidate",
    "WriteReq",
    "WriteResp",
    "WritebackDirty",
    "WritebackClean",
    "CleanEvict",
    "UpgradeReq",
    "UpgradeResp",
    "ReadExReq",
    "ReadExResp",
    "ReadCleanReq",
    "ReadSharedReq",
    "LoadLockedReq",
    "StoreCondReq",
    "StoreCondResp",
    "SwapReq",
    "SwapResp",
    "InvalidateReq",
    "InvalidateResp",
];

/// Index of `cmd` in [`COMMANDS`].
fn command_index(cmd: MemCmd) -> usize {
    match cmd {
        MemCmd::ReadReq | MemCmd::FetchReq => 0,
        MemCmd::ReadResp | MemCmd::FetchResp => 1,
        MemCmd::ReadRespWithInvalidate => 2,
        MemCmd::WriteReq => 3,
        MemCmd::WriteResp => 4,
        MemCmd::WritebackDirty => 5,
        MemCmd::WritebackClean => 6,
        MemCmd::CleanEvict => 7,
        MemCmd::UpgradeReq => 8,
        MemCmd::UpgradeResp => 9,
        MemCmd::ReadExReq => 10,
        MemCmd::ReadExResp => 11,
        MemCmd::ReadCleanReq => 12,
        MemCmd::ReadSharedReq => 13,
        MemCmd::LoadLockedReq => 14,
        MemCmd::StoreCondReq => 15,
        MemCmd::StoreCondResp => 16,
        MemCmd::SwapReq => 17,
        MemCmd::SwapResp => 18,
        MemCmd::InvalidateReq => 19,
        MemCmd::InvalidateResp => 20,
    }
}

/// Bytes of payload a packet carries on the wire (gem5's `hasData() ? size : 0`):
/// write data on requests, read data on responses. Timing-only packets carry no bytes
/// in the simulator but model the same wire traffic.
pub(crate) fn payload_bytes(pkt: &Packet) -> u64 {
    let has_data = matches!(
        pkt.cmd,
        MemCmd::WriteReq
            | MemCmd::WritebackDirty
            | MemCmd::WritebackClean
            | MemCmd::StoreCondReq
            | MemCmd::SwapReq
            | MemCmd::ReadResp
            | MemCmd::ReadRespWithInvalidate
            | MemCmd::ReadExResp
            | MemCmd::FetchResp
            | MemCmd::SwapResp
    );
    if has_data {
        pkt.size as u64
    } else {
        0
    }
}

/// Packet counters of one crossbar.
#[derive(Clone, Debug)]
pub(crate) struct XBarStats {
    mem_ports: usize,
    /// The full names of the ports each CPU-side and each memory-side port is
    /// connected to, learnt at startup: gem5 names the matrices' rows and columns
    /// after them (`pktCount_system.cpu.icache.mem_side::system.l2.cpu_side`).
    /// Until then, the crossbar's own port names.
    cpu_peers: Vec<String>,
    mem_peers: Vec<String>,
    trans_dist: [u64; COMMANDS.len()],
    /// Row-major `[cpu port][mem port]`.
    pkt_count: Vec<u64>,
    pkt_size: Vec<u64>,
}

impl XBarStats {
    /// Zeroed counters for `cpu_ports` x `mem_ports`.
    pub(crate) fn new(cpu_ports: usize, mem_ports: usize) -> Self {
        XBarStats {
            mem_ports,
            cpu_peers: (0..cpu_ports)
                .map(|i| format!("cpu_side_ports[{i}]"))
                .collect(),
            mem_peers: (0..mem_ports)
                .map(|j| format!("mem_side_ports[{j}]"))
                .collect(),
            trans_dist: [0; COMMANDS.len()],
            pkt_count: vec![0; cpu_ports * mem_ports],
            pkt_size: vec![0; cpu_ports * mem_ports],
        }
    }

    /// Name the rows and columns after the peers' ports.
    pub(crate) fn set_peer_names(&mut self, cpu: Vec<String>, mem: Vec<String>) {
        self.cpu_peers = cpu;
        self.mem_peers = mem;
    }

    /// Count one packet of `cmd` with `bytes` of payload between CPU-side port `cpu`
    /// and memory-side port `mem` (local indices within each side).
    #[inline]
    pub(crate) fn record(&mut self, cpu: usize, mem: usize, cmd: MemCmd, bytes: u64) {
        self.trans_dist[command_index(cmd)] += 1;
        let k = cpu * self.mem_ports + mem;
        self.pkt_count[k] += 1;
        self.pkt_size[k] += bytes;
    }

    /// Count a transaction the crossbar handled without a memory-side port involved
    /// (a packet it sank or answered itself is still counted on `mem`, the port it
    /// was routed to, as gem5 does).
    #[inline]
    pub(crate) fn record_command(&mut self, cmd: MemCmd) {
        self.trans_dist[command_index(cmd)] += 1;
    }

    /// Number of packets of `cmd` seen.
    #[cfg(test)]
    pub(crate) fn trans(&self, cmd: MemCmd) -> u64 {
        self.trans_dist[command_index(cmd)]
    }

    /// Packets between CPU-side port `cpu` and memory-side port `mem`.
    #[cfg(test)]
    pub(crate) fn count(&self, cpu: usize, mem: usize) -> u64 {
        self.pkt_count[cpu * self.mem_ports + mem]
    }

    /// Report `transDist`, `pktCount_*` and `pktSize_*` with gem5's flags:
    /// `transDist` is `nozero` without a total; the matrices are
    /// `total | nozero | nonan`, one row per CPU-side port (a one-column row prints
    /// as its single `row::column` line, without a row total) and an overall
    /// `::total` when there is more than one row.
    pub(crate) fn visit(&self, v: &mut dyn StatVisitor) {
        let values: Vec<f64> = self.trans_dist.iter().map(|&c| c as f64).collect();
        v.vector_stat(
            "transDist",
            VectorStat::new(&values)
                .subnames(&COMMANDS)
                .flags(StatFlags::NOZERO),
            "Transaction distribution",
            Unit::Count,
        );
        self.visit_matrix(
            v,
            "pktCount",
            &self.pkt_count,
            "Packet count per connected requestor and responder",
            Unit::Count,
        );
        self.visit_matrix(
            v,
            "pktSize",
            &self.pkt_size,
            "Cumulative packet size per connected requestor and responder",
            Unit::Byte,
        );
    }

    fn visit_matrix(&self, v: &mut dyn StatVisitor, name: &str, m: &[u64], desc: &str, u: Unit) {
        let flags = StatFlags::TOTAL | StatFlags::NOZERO | StatFlags::NONAN;
        let mem_names = &self.mem_peers;
        let rows = m.len() / self.mem_ports.max(1);
        for (i, row) in m.chunks(self.mem_ports.max(1)).enumerate() {
            let values: Vec<f64> = row.iter().map(|&c| c as f64).collect();
            let row_name = format!("{name}_{}", self.cpu_peers[i]);
            if values.len() == 1 {
                // gem5 forces the subname on a one-column row.
                let full = format!("{row_name}::{}", mem_names[0]);
                v.scalar_flagged(&full, values[0], flags, desc, u);
                continue;
            }
            let subnames: Vec<&str> = mem_names.iter().map(String::as_str).collect();
            v.vector_stat(
                &row_name,
                VectorStat::new(&values).subnames(&subnames).flags(flags),
                desc,
                u,
            );
        }
        if rows > 1 {
            v.scalar_flagged(
                &format!("{name}::total"),
                m.iter().sum::<u64>() as f64,
                flags.without(StatFlags::TOTAL),
                desc,
                u,
            );
        }
    }

    /// Zero every counter.
    pub(crate) fn reset(&mut self) {
        self.trans_dist = [0; COMMANDS.len()];
        self.pkt_count.iter_mut().for_each(|c| *c = 0);
        self.pkt_size.iter_mut().for_each(|c| *c = 0);
    }
}
