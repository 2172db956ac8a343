//! Parameters of a DRAM controller and its interface (gem5's `MemCtrl` +
//! `DRAMInterface` parameters), with presets for gem5's `DDR3_1600_8x8`,
//! `DDR4_2400_8x8` and `HBM_2000_4H_1x64`, and the address decoding they imply.

use super::power::DramPowerParams;
use sim_core::{Addr, AddrRange, Tick};

/// When the controller closes a row (gem5's `PageManage`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PagePolicy {
    /// Keep the row open until a conflict (or `max_accesses_per_row`) closes it.
    Open,
    /// Open, but close the row after an access when the queue holds no more hits to
    /// it and does hold a conflict for its bank (gem5's default).
    OpenAdaptive,
    /// Close the row after every access (auto-precharge).
    Close,
    /// Close the row after an access unless the queue holds more hits to it.
    CloseAdaptive,
}

impl PagePolicy {
    /// gem5's spelling (`open_adaptive`), for config.ini.
    pub fn name(self) -> &'static str {
        match self {
            PagePolicy::Open => "open",
            PagePolicy::OpenAdaptive => "open_adaptive",
            PagePolicy::Close => "close",
            PagePolicy::CloseAdaptive => "close_adaptive",
        }
    }
}

/// How a physical address splits into row, rank, bank and column (gem5's `AddrMap`,
/// most significant field first). With one channel `RoRaBaCoCh` and `RoRaBaChCo`
/// decode identically: consecutive bursts fill a row before moving to the next bank.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AddrMapping {
    /// Row, rank, bank, channel, column.
    RoRaBaChCo,
    /// Row, rank, bank, column, channel (gem5's default).
    RoRaBaCoCh,
    /// Row, column, rank, bank, channel: consecutive bursts go to different banks.
    RoCoRaBaCh,
}

impl AddrMapping {
    /// gem5's spelling, for config.ini.
    pub fn name(self) -> &'static str {
        match self {
            AddrMapping::RoRaBaChCo => "RoRaBaChCo",
            AddrMapping::RoRaBaCoCh => "RoRaBaCoCh",
            AddrMapping::RoCoRaBaCh => "RoCoRaBaCh",
        }
    }
}

/// Everything that shapes a DRAM controller's timing. Times are in ticks (1 ps).
#[derive(Clone, Debug)]
pub struct DramParams {
    /// Physical range served.
    pub range: AddrRange,
    /// Size of one device (chip) in bytes (config.ini only).
    pub device_size: u64,
    /// Data bus width of one device, in bits.
    pub device_bus_width: u32,
    /// Burst length in beats (BL8 for DDR3/DDR4).
    pub burst_length: u32,
    /// Data beats per clock (2 for double data rate).
    pub beats_per_clock: u32,
    /// Row buffer (page) size of one device, in bytes.
    pub device_rowbuffer_size: u64,
    /// Devices (chips) per rank.
    pub devices_per_rank: u32,
    /// Ranks per channel.
    pub ranks_per_channel: u32,
    /// Banks per rank.
    pub banks_per_rank: u32,
    /// Bank groups per rank; 0 disables bank-group timing (tCCD_L, tRRD_L).
    pub bank_groups_per_rank: u32,
    /// Clock period (tCK).
    pub t_ck: Tick,
    /// Time one burst occupies the data bus (tBURST; tCCD_S with bank groups).
    pub t_burst: Tick,
    /// Activate to column command (tRCD; also used for writes, as gem5's tRCD_WR default).
    pub t_rcd: Tick,
    /// Read column command to data (tCL; also the write latency, as gem5's tCWL default).
    pub t_cl: Tick,
    /// Precharge to activate (tRP).
    pub t_rp: Tick,
    /// Activate to precharge (tRAS).
    pub t_ras: Tick,
    /// End of write data to precharge (tWR).
    pub t_wr: Tick,
    /// Read to precharge (tRTP).
    pub t_rtp: Tick,
    /// Write to read turnaround, same rank (tWTR).
    pub t_wtr: Tick,
    /// Read to write turnaround, same rank (tRTW).
    pub t_rtw: Tick,
    /// Rank to rank switching time (tCS).
    pub t_cs: Tick,
    /// Activate to activate, different banks (tRRD; tRRD_S with bank groups).
    pub t_rrd: Tick,
    /// Activate to activate within a bank group (tRRD_L; 0 without bank groups).
    pub t_rrd_l: Tick,
    /// Column to column within a bank group (tCCD_L; 0 without bank groups).
    pub t_ccd_l: Tick,
    /// Window in which at most `activation_limit` activates may happen (tXAW/tFAW).
    pub t_xaw: Tick,
    /// Activates allowed per `t_xaw` window; 0 disables the check.
    pub activation_limit: u32,
    /// Duration of one refresh (tRFC).
    pub t_rfc: Tick,
    /// Interval between refreshes (tREFI).
    pub t_refi: Tick,
    /// Read queue entries (bursts), counting reads waiting for their response.
    pub read_buffer_size: usize,
    /// Write queue entries (bursts).
    pub write_buffer_size: usize,
    /// Write queue fill (percent) at which writes are forced.
    pub write_high_thresh_perc: u32,
    /// Write queue fill (percent) at which writes start when no reads wait.
    pub write_low_thresh_perc: u32,
    /// Writes to issue before turning the bus back to reads.
    pub min_writes_per_switch: usize,
    /// Row management.
    pub page_policy: PagePolicy,
    /// Accesses to one activated row before it is closed anyway (0: no limit).
    pub max_accesses_per_row: u32,
    /// Address decoding.
    pub addr_mapping: AddrMapping,
    /// Controller pipeline latency seen by every response (gem5 default 10 ns).
    pub static_frontend_latency: Tick,
    /// PHY latency added to responses the DRAM serves (gem5 default 10 ns).
    pub static_backend_latency: Tick,
    /// IDD currents and voltages of one device, for the energy model.
    pub power: DramPowerParams,
}

fn ns(v: f64) -> Tick {
    Tick((v * 1000.0 + 0.5) as u64)
}

/// Milliamperes as gem5's `Current` (amperes).
fn ma(v: f64) -> f64 {
    v / 1000.0
}

impl DramParams {
    /// gem5's `DDR3_1600_8x8`: one x64 channel of 8 x8 devices (Micron MT41J512M8),
    /// 2 ranks of 8 banks, 8 KiB rows, 64-byte bursts, DDR3-1600 11-11-11.
    pub fn ddr3_1600_8x8(range: AddrRange) -> Self {
        DramParams {
            range,
            device_size: 512 << 20,
            device_bus_width: 8,
            burst_length: 8,
            beats_per_clock: 2,
            device_rowbuffer_size: 1024,
            devices_per_rank: 8,
            ranks_per_channel: 2,
            banks_per_rank: 8,
            bank_groups_per_rank: 0,
            t_ck: ns(1.25),
            t_burst: ns(5.0),
            t_rcd: ns(13.75),
            t_cl: ns(13.75),
            t_rp: ns(13.75),
            t_ras: ns(35.0),
            t_wr: ns(15.0),
            t_rtp: ns(7.5),
            t_wtr: ns(7.5),
            t_rtw: ns(2.5),
            t_cs: ns(2.5),
            t_rrd: ns(6.0),
            t_rrd_l: Tick(0),
            t_ccd_l: Tick(0),
            t_xaw: ns(30.0),
            activation_limit: 4,
            t_rfc: ns(260.0),
            t_refi: ns(7800.0),
            read_buffer_size: 32,
            write_buffer_size: 64,
            write_high_thresh_perc: 85,
            write_low_thresh_perc: 50,
            min_writes_per_switch: 16,
            page_policy: PagePolicy::OpenAdaptive,
            max_accesses_per_row: 16,
            addr_mapping: AddrMapping::RoRaBaCoCh,
            static_frontend_latency: ns(10.0),
            static_backend_latency: ns(10.0),
            power: DramPowerParams {
                idd0: ma(55.0),
                idd2n: ma(32.0),
                idd3n: ma(38.0),
                idd4w: ma(125.0),
                idd4r: ma(157.0),
                idd5: ma(235.0),
                idd3p1: ma(38.0),
                idd2p1: ma(32.0),
                idd6: ma(20.0),
                vdd: 1.5,
                ..DramPowerParams::default()
            },
        }
    }

    /// gem5's `DDR4_2400_8x8`: one x64 channel of 8 x8 devices (Micron MT40A1G8),
    /// 2 ranks of 16 banks in 4 bank groups, 8 KiB rows, 64-byte bursts,
    /// DDR4-2400 17-17-17; gem5's DDR4 buffers are 64 read and 128 write entries.
    pub fn ddr4_2400_8x8(range: AddrRange) -> Self {
        DramParams {
            range,
            device_size: 1 << 30,
            device_bus_width: 8,
            burst_length: 8,
            device_rowbuffer_size: 1024,
            devices_per_rank: 8,
            ranks_per_channel: 2,
            banks_per_rank: 16,
            bank_groups_per_rank: 4,
            t_ck: ns(0.833),
            t_burst: ns(3.332),
            t_rcd: ns(14.16),
            t_cl: ns(14.16),
            t_rp: ns(14.16),
            t_ras: ns(32.0),
            t_wr: ns(15.0),
            t_rtp: ns(7.5),
            t_wtr: ns(5.0),
            t_rtw: ns(1.666),
            t_cs: ns(1.666),
            t_rrd: ns(3.332),
            t_rrd_l: ns(4.9),
            t_ccd_l: ns(5.0),
            t_xaw: ns(21.0),
            activation_limit: 4,
            t_rfc: ns(350.0),
            t_refi: ns(7800.0),
            read_buffer_size: 64,
            write_buffer_size: 128,
            power: DramPowerParams {
                idd0: ma(48.0),
                idd02: ma(3.0),
                idd2n: ma(34.0),
                idd3n: ma(43.0),
                idd3n2: ma(3.0),
                idd4w: ma(123.0),
                idd4r: ma(135.0),
                idd5: ma(250.0),
                idd3p1: ma(37.0),
                idd2p1: ma(25.0),
                idd6: ma(30.0),
                vdd: 1.2,
                vdd2: 2.5,
                ..DramPowerParams::default()
            },
            ..Self::ddr3_1600_8x8(range)
        }
    }

    /// gem5's `HBM_2000_4H_1x64`: one 64-bit HBM2 pseudo channel (a 4-high stack of
    /// 8 Gb dies has 16 of 256 MiB), 16 banks in 4 bank groups, 1 KiB rows, BL4
    /// (32-byte bursts) at 2 Gb/s, `close_adaptive` pages, 64-entry queues. gem5's
    /// separate write timings (tRCD_WR 6 ns, tCWL 7 ns, tWTR_L 9 ns) are not modelled:
    /// writes use tRCD and tCL, as the DDR presets' defaults do.
    pub fn hbm_2000_4h_1x64(range: AddrRange) -> Self {
        DramParams {
            range,
            device_size: 256 << 20,
            device_bus_width: 64,
            burst_length: 4,
            device_rowbuffer_size: 1024,
            devices_per_rank: 1,
            ranks_per_channel: 1,
            banks_per_rank: 16,
            bank_groups_per_rank: 4,
            t_ck: ns(1.0),
            t_burst: ns(2.0),
            t_rcd: ns(12.0),
            t_cl: ns(18.0),
            t_rp: ns(14.0),
            t_ras: ns(28.0),
            t_wr: ns(14.0),
            t_rtp: ns(5.0),
            t_wtr: ns(4.0),
            t_rtw: ns(18.0),
            t_cs: ns(0.0),
            t_rrd: ns(4.0),
            t_rrd_l: ns(6.0),
            t_ccd_l: ns(3.0),
            t_xaw: ns(16.0),
            activation_limit: 4,
            t_rfc: ns(220.0),
            t_refi: ns(3900.0),
            read_buffer_size: 64,
            write_buffer_size: 64,
            page_policy: PagePolicy::CloseAdaptive,
            // gem5's HBM preset sets no IDD currents: its energies are 0.
            power: DramPowerParams::default(),
            ..Self::ddr3_1600_8x8(range)
        }
    }

    /// Bytes moved by one burst (64 for an x64 BL8 channel).
    pub fn burst_size(&self) -> u64 {
        (self.devices_per_rank * self.device_bus_width * self.burst_length / 8) as u64
    }

    /// Bytes in one row across the rank's devices.
    pub fn row_buffer_size(&self) -> u64 {
        self.devices_per_rank as u64 * self.device_rowbuffer_size
    }

    /// Bursts that fit in one row.
    pub fn bursts_per_row(&self) -> u64 {
        (self.row_buffer_size() / self.burst_size()).max(1)
    }

    /// Rows in each bank for the served range (at least one).
    pub fn rows_per_bank(&self) -> u64 {
        let per_row_set =
            self.row_buffer_size() * self.banks_per_rank as u64 * self.ranks_per_channel as u64;
        (self.range.size() / per_row_set).max(1)
    }

    /// Number of banks over all ranks.
    pub fn total_banks(&self) -> usize {
        (self.banks_per_rank * self.ranks_per_channel) as usize
    }

    /// Write queue fill at which writes are forced.
    pub fn write_high_threshold(&self) -> usize {
        self.write_buffer_size * self.write_high_thresh_perc as usize / 100
    }

    /// Write queue fill at which writes start when no reads wait.
    pub fn write_low_threshold(&self) -> usize {
        self.write_buffer_size * self.write_low_thresh_perc as usize / 100
    }

    /// Where the burst holding `addr` lives.
    pub fn decode(&self, addr: Addr) -> BurstLocation {
        let banks = self.banks_per_rank as u64;
        let ranks = self.ranks_per_channel as u64;
        let mut a = addr.0 / self.burst_size();
        match self.addr_mapping {
            AddrMapping::RoRaBaChCo | AddrMapping::RoRaBaCoCh => a /= self.bursts_per_row(),
            AddrMapping::RoCoRaBaCh => {}
        }
        let bank = a % banks;
        a /= banks;
        let rank = a % ranks;
        a /= ranks;
        if self.addr_mapping == AddrMapping::RoCoRaBaCh {
            a /= self.bursts_per_row();
        }
        BurstLocation {
            rank: rank as u8,
            bank: bank as u8,
            row: (a % self.rows_per_bank()) as u32,
        }
    }
}

/// The rank, bank and row one burst maps to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BurstLocation {
    /// Rank within the channel.
    pub rank: u8,
    /// Bank within the rank.
    pub bank: u8,
    /// Row within the bank.
    pub row: u32,
}
