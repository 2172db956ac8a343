//! A snoop filter (gem5's `SnoopFilter`): per cache line, which CPU-side ports of a
//! coherent crossbar may hold it, so snoops go only where a copy may be.
//!
//! Each tracked line keeps two port bit masks, as gem5 does: `holder` (the port has
//! received the line) and `requested` (a fill for it is on its way up that port).
//! Snoops go to both. The filter may over-approximate (a snoop to a port without the
//! line is answered "no copy" and clears its bit) but never misses a holder:
//!
//! * a request from port `p` for a line (ReadReq, ReadExReq, UpgradeReq, ...) sets
//!   `requested[p]`; its response passing back up moves `p` to `holder`;
//! * a snooped port whose answer says it kept no copy loses its `holder` bit (an
//!   invalidating snoop, or a false positive);
//! * `WritebackDirty`, `WritebackClean` and `CleanEvict` from `p` clear `holder[p]`.
//!
//! Lines whose masks become empty are forgotten.

use sim_core::stats::{StatVisitor, Unit};
use sim_core::{Addr, Cycles};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Parameters of a snoop filter.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SnoopFilterParams {
    /// Bytes of cache lines the filter can track (gem5 `max_capacity`, default 8 MiB):
    /// at least the total capacity of the caches above the crossbar.
    pub max_capacity: u64,
    /// Cycles a lookup adds to every request and snoop (gem5 `lookup_latency`,
    /// default 1; the `SystemXBar` and `L2XBar` presets use 0).
    pub lookup_latency: Cycles,
}

impl SnoopFilterParams {
    /// Cache line size the filter tracks (gem5's `cache_line_size` default).
    pub const LINE_BYTES: u64 = 64;
}

impl Default for SnoopFilterParams {
    fn default() -> Self {
        SnoopFilterParams {
            max_capacity: 8 << 20,
            lookup_latency: Cycles(1),
        }
    }
}

/// Where copies of one line may be.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
struct LineEntry {
    holder: u64,
    requested: u64,
}

impl LineEntry {
    fn interested(self) -> u64 {
        self.holder | self.requested
    }
}

/// A multiplicative hash for line numbers (the default SipHash is needlessly slow here).
#[derive(Default)]
struct LineHasher(u64);

impl Hasher for LineHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// gem5's snoop filter statistics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FilterStats {
    pub tot_requests: u64,
    pub hit_single_requests: u64,
    pub hit_multi_requests: u64,
    pub tot_snoops: u64,
    pub hit_single_snoops: u64,
    pub hit_multi_snoops: u64,
}

/// Report the filter's statistics with gem5's names and descriptions.
pub(crate) fn visit_filter_stats(s: &FilterStats, v: &mut dyn StatVisitor) {
    let rows = [
        ("totRequests", s.tot_requests, "Total number of requests made to the snoop filter."),
        (
            "hitSingleRequests",
            s.hit_single_requests,
            "Number of requests hitting in the snoop filter with a single holder of the requested data.",
        ),
        (
            "hitMultiRequests",
            s.hit_multi_requests,
            "Number of requests hitting in the snoop filter with multiple (>1) holders of the requested data.",
        ),
        ("totSnoops", s.tot_snoops, "Total number of snoops made to the snoop filter."),
        (
            "hitSingleSnoops",
            s.hit_single_snoops,
            "Number of snoops hitting in the snoop filter with a single holder of the requested data.",
        ),
        (
            "hitMultiSnoops",
            s.hit_multi_snoops,
            "Number of snoops hitting in the snoop filter with multiple (>1) holders of the requested data.",
        ),
    ];
    for (name, value, desc) in rows {
        v.scalar(name, value as f64, desc, Unit::Count);
    }
}

/// The filter of one coherent crossbar.
pub(crate) struct SnoopFilter {
    lines: HashMap<u64, LineEntry, BuildHasherDefault<LineHasher>>,
    max_lines: usize,
    lookup_latency: Cycles,
    warned_full: bool,
    pub(crate) stats: FilterStats,
}

/// The line number of `addr`.
#[inline]
pub(crate) fn line_of(addr: Addr) -> u64 {
    addr.0 / SnoopFilterParams::LINE_BYTES
}

/// Count a lookup that found `interested` ports (0: a miss) into (single, multi) hits.
#[inline]
fn count_hit(interested: u64, single: &mut u64, multi: &mut u64) {
    match interested.count_ones() {
        0 => {}
        1 => *single += 1,
        _ => *multi += 1,
    }
}

impl SnoopFilter {
    /// An empty filter.
    pub(crate) fn new(params: SnoopFilterParams) -> Self {
        let max_lines = (params.max_capacity / SnoopFilterParams::LINE_BYTES).max(1) as usize;
        let mut lines = HashMap::default();
        lines.reserve(max_lines.min(1 << 14));
        SnoopFilter {
            lines,
            max_lines,
            lookup_latency: params.lookup_latency,
            warned_full: false,
            stats: FilterStats::default(),
        }
    }

    /// Cycles each lookup costs.
    pub(crate) fn lookup_latency(&self) -> Cycles {
        self.lookup_latency
    }

    /// Number of lines tracked.
    #[cfg(test)]
    pub(crate) fn tracked_lines(&self) -> usize {
        self.lines.len()
    }

    fn interested(&self, line: u64) -> u64 {
        self.lines.get(&line).map_or(0, |e| e.interested())
    }

    /// Ports other than `from` to snoop for a request from `from` (counted as a request).
    pub(crate) fn request_targets(&mut self, line: u64, from: u16) -> u64 {
        let interested = self.interested(line);
        let s = &mut self.stats;
        s.tot_requests += 1;
        count_hit(
            interested,
            &mut s.hit_single_requests,
            &mut s.hit_multi_requests,
        );
        interested & !(1u64 << from)
    }

    /// Ports to snoop for a snoop arriving from below (counted as a snoop).
    pub(crate) fn snoop_targets(&mut self, line: u64) -> u64 {
        let interested = self.interested(line);
        let s = &mut self.stats;
        s.tot_snoops += 1;
        count_hit(
            interested,
            &mut s.hit_single_snoops,
            &mut s.hit_multi_snoops,
        );
        interested
    }

    /// After snooping: the ports in `lost` kept no copy; if `fill_for` names a port,
    /// a fill of the line is now on its way to it.
    pub(crate) fn update(&mut self, line: u64, lost: u64, fill_for: Option<u16>) {
        let Some(port) = fill_for else {
            if lost != 0 {
                self.modify(line, |e| e.holder &= !lost);
            }
            return;
        };
        if !self.lines.contains_key(&line) && self.lines.len() >= self.max_lines {
            self.warn_full();
        }
        let e = self.lines.entry(line).or_default();
        e.holder &= !lost;
        e.requested |= 1u64 << port;
    }

    /// A response passes up port `to`: its fill is no longer pending, and if `gains`
    /// the port now holds the line.
    pub(crate) fn response(&mut self, line: u64, to: u16, gains: bool) {
        let bit = 1u64 << to;
        if gains {
            let e = self.lines.entry(line).or_default();
            e.requested &= !bit;
            e.holder |= bit;
        } else {
            self.modify(line, |e| e.requested &= !bit);
        }
    }

    /// `WritebackDirty`, `WritebackClean` or `CleanEvict` from port `from`: it no
    /// longer holds the line. Counted as a request, as gem5 counts it. Returns the
    /// other ports that hold or are fetching the line (gem5 then marks the eviction
    /// "block cached").
    pub(crate) fn evict(&mut self, line: u64, from: u16) -> u64 {
        let others = self.request_targets(line, from);
        self.modify(line, |e| e.holder &= !(1u64 << from));
        others
    }

    /// Apply `f` to a tracked line and forget the line if nobody is left.
    fn modify(&mut self, line: u64, f: impl FnOnce(&mut LineEntry)) {
        if let Some(e) = self.lines.get_mut(&line) {
            f(e);
            if e.interested() == 0 {
                self.lines.remove(&line);
            }
        }
    }

    fn warn_full(&mut self) {
        if !self.warned_full {
            self.warned_full = true;
            tracing::warn!(
                "snoop filter exceeded its capacity of {} lines; the caches above are \
                 larger than max_capacity or evict lines without CleanEvict",
                self.max_lines
            );
        }
    }

    /// Zero the statistics (the tracked lines stay).
    pub(crate) fn reset_stats(&mut self) {
        self.stats = FilterStats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_snoop_other_holders_and_evictions_clear_them() {
        let mut f = SnoopFilter::new(SnoopFilterParams::default());
        assert_eq!(
            f.request_targets(7, 0),
            0,
            "an untracked line snoops nobody"
        );
        f.update(7, 0, Some(0));
        assert_eq!(f.request_targets(7, 1), 0b01, "a pending fill is snooped");
        f.response(7, 0, true);
        f.update(7, 0, Some(1));
        f.response(7, 1, true);
        assert_eq!(f.request_targets(7, 2), 0b11);
        assert_eq!(f.request_targets(7, 0), 0b10, "never the requester itself");
        f.update(7, 0b10, None);
        assert_eq!(f.snoop_targets(7), 0b01);
        f.evict(7, 0);
        assert_eq!(f.snoop_targets(7), 0);
        assert_eq!(f.tracked_lines(), 0, "empty lines are forgotten");
        let s = &f.stats;
        assert_eq!(
            (s.tot_requests, s.hit_single_requests, s.hit_multi_requests),
            (5, 2, 2)
        );
        assert_eq!(
            (s.tot_snoops, s.hit_single_snoops, s.hit_multi_snoops),
            (2, 1, 0)
        );
    }

    #[test]
    fn non_fill_responses_do_not_make_holders() {
        let mut f = SnoopFilter::new(SnoopFilterParams::default());
        f.update(3, 0, Some(2));
        f.response(3, 2, false);
        assert_eq!(f.tracked_lines(), 0);
    }
}
