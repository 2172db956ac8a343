//! Reading a controller and its DRAM interface from config.json nodes (gem5's
//! `MemCtrl` and `DRAMInterface` parameters) into [`DramParams`].

use super::params::{AddrMapping, DramParams, PagePolicy};
use super::power::DramPowerParams;
use sim_core::config::object_tree::{BuildError, ObjectNode, ParamError};
use sim_core::AddrRange;

/// The `MemCtrl` (and `HBMCtrl`) parameters [`DramParams::from_nodes`] reads, sorted.
pub const MEM_CTRL_PARAMS: &[&str] = &[
    "mem_sched_policy",
    "min_writes_per_switch",
    "static_backend_latency",
    "static_frontend_latency",
    "write_high_thresh_perc",
    "write_low_thresh_perc",
];

/// The `DRAMInterface` parameters [`DramParams::from_nodes`] reads, sorted.
pub const DRAM_INTERFACE_PARAMS: &[&str] = &[
    "IDD0",
    "IDD02",
    "IDD2N",
    "IDD2N2",
    "IDD2P0",
    "IDD2P02",
    "IDD2P1",
    "IDD2P12",
    "IDD3N",
    "IDD3N2",
    "IDD3P0",
    "IDD3P02",
    "IDD3P1",
    "IDD3P12",
    "IDD4R",
    "IDD4R2",
    "IDD4W",
    "IDD4W2",
    "IDD5",
    "IDD52",
    "IDD6",
    "IDD62",
    "VDD",
    "VDD2",
    "activation_limit",
    "addr_mapping",
    "bank_groups_per_rank",
    "banks_per_rank",
    "beats_per_clock",
    "burst_length",
    "device_bus_width",
    "device_rowbuffer_size",
    "device_size",
    "devices_per_rank",
    "enable_dram_powerdown",
    "max_accesses_per_row",
    "page_policy",
    "range",
    "ranks_per_channel",
    "read_buffer_size",
    "tBURST",
    "tCCD_L",
    "tCK",
    "tCL",
    "tCS",
    "tRAS",
    "tRCD",
    "tREFI",
    "tRFC",
    "tRP",
    "tRRD",
    "tRRD_L",
    "tRTP",
    "tRTW",
    "tWR",
    "tWTR",
    "tXAW",
    "write_buffer_size",
];

/// An address range as gem5 writes it: `start:end` (end exclusive), or with
/// interleaving `start:end:match:mask0:mask1...` (`sim.objects` writes gem5's
/// masks form). Returns the span, the masks and the match value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterleavedRange {
    /// The addresses the range spans (every slice together).
    pub span: AddrRange,
    /// One address mask per interleaving bit (empty: not interleaved).
    pub masks: Vec<u64>,
    /// Which slice this range holds.
    pub intlv_match: u64,
}

/// Read parameter `name` of `node` as an [`InterleavedRange`].
pub fn interleaved_range(node: &ObjectNode, name: &str) -> Result<InterleavedRange, BuildError> {
    let value = node.param(name)?;
    let bad = || {
        BuildError::Param(ParamError::Invalid {
            path: node.path.clone(),
            param: name.to_string(),
            value: value.to_string(),
            expected: "an address range \"start:end\" or \"start:end:match:mask...\"".into(),
        })
    };
    let text = value.as_str().ok_or_else(bad)?;
    let fields: Vec<u64> = text
        .split(':')
        .map(|f| f.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match fields.as_slice() {
        [start, end] if start <= end => Ok(InterleavedRange {
            span: AddrRange::new(*start, end - start),
            masks: Vec::new(),
            intlv_match: 0,
        }),
        [start, end, intlv_match, masks @ ..] if start <= end && !masks.is_empty() => {
            Ok(InterleavedRange {
                span: AddrRange::new(*start, end - start),
                masks: masks.to_vec(),
                intlv_match: *intlv_match,
            })
        }
        _ => Err(bad()),
    }
}

fn u32_of(node: &ObjectNode, name: &str) -> Result<u32, BuildError> {
    let v = node.u64(name)?;
    u32::try_from(v).map_err(|_| BuildError::Invalid {
        path: node.path.clone(),
        what: format!("{name} {v} is too large (at most {})", u32::MAX),
    })
}

impl DramParams {
    /// The parameters of controller `ctrl` (a `MemCtrl` or `HBMCtrl`) driving
    /// interface `iface` (a `DRAMInterface` such as `DDR3_1600_8x8`). An
    /// interleaved interface range gives its whole span as the range.
    pub fn from_nodes(ctrl: &ObjectNode, iface: &ObjectNode) -> Result<DramParams, BuildError> {
        let policy = ctrl.enumeration("mem_sched_policy", &["frfcfs", "fcfs"])?;
        if policy != "frfcfs" {
            return Err(BuildError::Invalid {
                path: ctrl.path.clone(),
                what: format!("mem_sched_policy {policy} is not modelled (allowed: frfcfs)"),
            });
        }
        let page_policy = match iface
            .enumeration(
                "page_policy",
                &["open", "open_adaptive", "close", "close_adaptive"],
            )?
            .as_str()
        {
            "open" => PagePolicy::Open,
            "open_adaptive" => PagePolicy::OpenAdaptive,
            "close" => PagePolicy::Close,
            _ => PagePolicy::CloseAdaptive,
        };
        let addr_mapping = match iface
            .enumeration("addr_mapping", &["RoRaBaChCo", "RoRaBaCoCh", "RoCoRaBaCh"])?
            .as_str()
        {
            "RoRaBaChCo" => AddrMapping::RoRaBaChCo,
            "RoRaBaCoCh" => AddrMapping::RoRaBaCoCh,
            _ => AddrMapping::RoCoRaBaCh,
        };
        if iface.bool("enable_dram_powerdown")? {
            return Err(BuildError::Invalid {
                path: iface.path.clone(),
                what: "enable_dram_powerdown True is not modelled (allowed: False)".into(),
            });
        }
        let t = |name: &str| iface.ticks(name);
        let p = DramParams {
            range: interleaved_range(iface, "range")?.span,
            device_size: iface.bytes("device_size")?,
            device_bus_width: u32_of(iface, "device_bus_width")?,
            burst_length: u32_of(iface, "burst_length")?,
            beats_per_clock: u32_of(iface, "beats_per_clock")?,
            device_rowbuffer_size: iface.bytes("device_rowbuffer_size")?,
            devices_per_rank: u32_of(iface, "devices_per_rank")?,
            ranks_per_channel: u32_of(iface, "ranks_per_channel")?,
            banks_per_rank: u32_of(iface, "banks_per_rank")?,
            bank_groups_per_rank: u32_of(iface, "bank_groups_per_rank")?,
            t_ck: t("tCK")?,
            t_burst: t("tBURST")?,
            t_rcd: t("tRCD")?,
            t_cl: t("tCL")?,
            t_rp: t("tRP")?,
            t_ras: t("tRAS")?,
            t_wr: t("tWR")?,
            t_rtp: t("tRTP")?,
            t_wtr: t("tWTR")?,
            t_rtw: t("tRTW")?,
            t_cs: t("tCS")?,
            t_rrd: t("tRRD")?,
            t_rrd_l: t("tRRD_L")?,
            t_ccd_l: t("tCCD_L")?,
            t_xaw: t("tXAW")?,
            activation_limit: u32_of(iface, "activation_limit")?,
            t_rfc: t("tRFC")?,
            t_refi: t("tREFI")?,
            read_buffer_size: iface.u64("read_buffer_size")? as usize,
            write_buffer_size: iface.u64("write_buffer_size")? as usize,
            write_high_thresh_perc: u32_of(ctrl, "write_high_thresh_perc")?,
            write_low_thresh_perc: u32_of(ctrl, "write_low_thresh_perc")?,
            min_writes_per_switch: ctrl.u64("min_writes_per_switch")? as usize,
            page_policy,
            max_accesses_per_row: u32_of(iface, "max_accesses_per_row")?,
            addr_mapping,
            static_frontend_latency: ctrl.ticks("static_frontend_latency")?,
            static_backend_latency: ctrl.ticks("static_backend_latency")?,
            power: power_params(iface)?,
        };
        check(&p).map_err(|what| BuildError::Invalid {
            path: iface.path.clone(),
            what,
        })?;
        Ok(p)
    }
}

/// The IDD currents (amperes) and voltages (volts) of `iface`, each at least 0.
fn power_params(iface: &ObjectNode) -> Result<DramPowerParams, BuildError> {
    let f = |name: &str| -> Result<f64, BuildError> {
        let v = iface.f64(name)?;
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(BuildError::Invalid {
                path: iface.path.clone(),
                what: format!("{name}: is {v}; allowed values: 0 or more"),
            })
        }
    };
    Ok(DramPowerParams {
        idd0: f("IDD0")?,
        idd2n: f("IDD2N")?,
        idd3n: f("IDD3N")?,
        idd4r: f("IDD4R")?,
        idd4w: f("IDD4W")?,
        idd5: f("IDD5")?,
        idd6: f("IDD6")?,
        idd2p0: f("IDD2P0")?,
        idd2p1: f("IDD2P1")?,
        idd3p0: f("IDD3P0")?,
        idd3p1: f("IDD3P1")?,
        idd02: f("IDD02")?,
        idd2n2: f("IDD2N2")?,
        idd3n2: f("IDD3N2")?,
        idd4r2: f("IDD4R2")?,
        idd4w2: f("IDD4W2")?,
        idd52: f("IDD52")?,
        idd62: f("IDD62")?,
        idd2p02: f("IDD2P02")?,
        idd2p12: f("IDD2P12")?,
        idd3p02: f("IDD3P02")?,
        idd3p12: f("IDD3P12")?,
        vdd: f("VDD")?,
        vdd2: f("VDD2")?,
    })
}

/// Refuse DRAM geometry and timing the controller cannot model (zero sizes or
/// periods, more banks or ranks than a burst location holds), naming the parameter.
fn check(p: &DramParams) -> Result<(), String> {
    let range = |name: &str, v: u64, low: u64, high: u64| {
        if (low..=high).contains(&v) {
            Ok(())
        } else {
            Err(format!("{name}: is {v}; allowed values: {low} to {high}"))
        }
    };
    range("devices_per_rank", p.devices_per_rank.into(), 1, 1024)?;
    range("device_bus_width", p.device_bus_width.into(), 1, 1024)?;
    range("burst_length", p.burst_length.into(), 1, 1024)?;
    range(
        "beats_per_clock",
        p.beats_per_clock.into(),
        1,
        p.burst_length.into(),
    )?;
    if p.burst_size() == 0 {
        return Err(format!(
            "device_bus_width: is {}; allowed values: enough bits for a burst of at least a byte",
            p.device_bus_width
        ));
    }
    range("device_rowbuffer_size", p.device_rowbuffer_size, 1, 1 << 30)?;
    range("banks_per_rank", p.banks_per_rank.into(), 1, 256)?;
    range("ranks_per_channel", p.ranks_per_channel.into(), 1, 256)?;
    range(
        "bank_groups_per_rank",
        p.bank_groups_per_rank.into(),
        0,
        p.banks_per_rank.into(),
    )?;
    range("tCK", p.t_ck.0, 1, u64::MAX)?;
    range("tBURST", p.t_burst.0, 1, u64::MAX)?;
    range("read_buffer_size", p.read_buffer_size as u64, 1, 1 << 16)?;
    range("write_buffer_size", p.write_buffer_size as u64, 1, 1 << 16)?;
    range(
        "write_high_thresh_perc",
        p.write_high_thresh_perc.into(),
        1,
        100,
    )?;
    range(
        "write_low_thresh_perc",
        p.write_low_thresh_perc.into(),
        0,
        100,
    )?;
    Ok(())
}
