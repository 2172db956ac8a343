//! Parsing of gem5-style parameter strings: sizes, latencies, frequencies, cycles.
//!
//! The accepted forms follow gem5's `m5.util.convert`, so values copied from gem5
//! configs mean the same thing here:
//! - memory sizes ([`parse_mem_size`]): an integer (decimal, or `0x`/`0o`/`0b`) with an
//!   optional `B` unit and a binary prefix `Ki`/`Mi`/`Gi`/`Ti`/`Pi`/`Ei`. As in gem5,
//!   the decimal-looking `k`/`M`/`G`/`T`/`P`/`E` also mean powers of 1024 ("32kB" is
//!   32768 bytes). Fractions and a capital `K` are rejected, as gem5 rejects them.
//! - latencies ([`parse_latency`]): a decimal number with an SI-prefixed `s`
//!   (`30ns`, `1.5us`, `100ps`, `2ms`, `1s`), or a tick count with `t` (`500t`).
//!   Unlike gem5, a bare number is rejected rather than read as seconds.
//! - frequencies ([`parse_frequency`]): a decimal number with an SI-prefixed `Hz`
//!   (`3GHz`, `1.6GHz`, `800MHz`); a period (`1ns`) is also accepted, as gem5's
//!   clock parameters accept one.
//! - latency or cycles ([`LatencyOrCycles`]): a bare integer or `4cycles` means
//!   cycles of the component's clock; anything else is a latency.
//!
//! Decimal values are converted exactly (no binary floating point), rounding half up
//! to whole ticks or hertz as gem5's `ticks.fromSeconds` does.

use crate::time::{ClockDomain, Cycles, Frequency, Tick, SIM_FREQ};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A parameter string that could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// The string is not in any accepted form.
    #[error("invalid {kind} {input:?}: expected {expected}")]
    Invalid {
        /// What was being parsed ("memory size", "latency", ...).
        kind: &'static str,
        /// The offending input.
        input: String,
        /// The accepted forms.
        expected: &'static str,
    },
    /// The value is well formed but does not fit (too large, or a zero frequency).
    #[error("{kind} {input:?} is out of range")]
    OutOfRange {
        /// What was being parsed.
        kind: &'static str,
        /// The offending input.
        input: String,
    },
}

const SIZE_FORMS: &str = "an integer byte count with an optional binary prefix and B, \
     e.g. \"4096\", \"32KiB\", \"32kB\", \"512MiB\", \"4GiB\"";
const LATENCY_FORMS: &str = "a number with a time unit (s, ms, us, ns, ps, fs), \
     e.g. \"30ns\", \"1.5us\", \"100ps\", or ticks as \"500t\"";
const FREQ_FORMS: &str = "a number with a frequency unit (Hz, kHz, MHz, GHz, THz), \
     e.g. \"3GHz\", \"1.6GHz\", \"800MHz\", or a clock period such as \"1ns\"";
const LAT_CYC_FORMS: &str = "a cycle count (\"4\" or \"4cycles\") or a latency \
     with a time unit (\"30ns\")";

/// SI prefixes and their powers of ten.
#[rustfmt::skip]
const METRIC: &[(&str, i32)] = &[
    ("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3),
    ("m", -3), ("u", -6), ("n", -9), ("p", -12), ("f", -15), ("a", -18),
];

/// Size prefixes and their powers of two (gem5 reads decimal-looking ones as binary).
#[rustfmt::skip]
const BINARY: &[(&str, u32)] = &[
    ("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60),
    ("k", 10), ("M", 20), ("G", 30), ("T", 40), ("P", 50), ("E", 60),
];

/// An exact non-negative decimal: `mantissa * 10^exp`.
fn parse_decimal(s: &str) -> Option<(u128, i32)> {
    let (num, exp_part) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut mant: u128 = 0;
    for c in int.chars().chain(frac.chars()) {
        let d = c.to_digit(10)?;
        mant = mant.checked_mul(10)?.checked_add(d as u128)?;
    }
    let mut exp = -(frac.len() as i32);
    if let Some(e) = exp_part {
        let e: i32 = e.strip_prefix('+').unwrap_or(e).parse().ok()?;
        exp = exp.checked_add(e)?;
    }
    Some((mant, exp))
}

/// `mantissa * 10^exp`, rounded half up to an integer; `None` on overflow.
fn scale(mant: u128, exp: i32) -> Option<u128> {
    if exp >= 0 {
        mant.checked_mul(10u128.checked_pow(exp as u32)?)
    } else if -exp > 38 {
        Some(0)
    } else {
        let div = 10u128.pow((-exp) as u32);
        Some(mant / div + u128::from(mant % div * 2 >= div))
    }
}

fn invalid(kind: &'static str, input: &str, expected: &'static str) -> UnitError {
    UnitError::Invalid {
        kind,
        input: input.to_string(),
        expected,
    }
}

fn out_of_range(kind: &'static str, input: &str) -> UnitError {
    UnitError::OutOfRange {
        kind,
        input: input.to_string(),
    }
}

/// Split `body` (unit already removed) into a decimal and a metric prefix exponent.
fn metric_value(body: &str) -> Option<(u128, i32)> {
    let (num, p) = METRIC
        .iter()
        .find_map(|&(pre, e)| body.strip_suffix(pre).map(|n| (n, e)))
        .unwrap_or((body, 0));
    let (m, e) = parse_decimal(num)?;
    Some((m, e.checked_add(p)?))
}

fn parse_int_radix(s: &str) -> Option<u128> {
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or(s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(o) = s.strip_prefix("0o") {
        (o, 8)
    } else if let Some(b) = s.strip_prefix("0b") {
        (b, 2)
    } else {
        (s, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix) || c == '_') {
        return None;
    }
    u128::from_str_radix(&digits.replace('_', ""), radix).ok()
}

/// Parse a memory size in bytes ("32KiB", "32kB", "512MB", "4GiB", "4096").
pub fn parse_mem_size(input: &str) -> Result<MemSize, UnitError> {
    const KIND: &str = "memory size";
    let s = input.trim();
    let (num, shift) = match s.strip_suffix('B') {
        Some(body) => BINARY
            .iter()
            .find_map(|&(pre, sh)| body.strip_suffix(pre).map(|n| (n, sh)))
            .unwrap_or((body, 0)),
        None => (s, 0),
    };
    let n = parse_int_radix(num).ok_or_else(|| invalid(KIND, input, SIZE_FORMS))?;
    let bytes = n
        .checked_shl(shift)
        .filter(|v| *v <= u64::MAX as u128 && (v >> shift) == n);
    bytes
        .map(|b| MemSize(b as u64))
        .ok_or_else(|| out_of_range(KIND, input))
}

/// Parse a latency or time ("30ns", "1.5us", "100ps", "2ms", "1s", "500t") to ticks.
pub fn parse_latency(input: &str) -> Result<Tick, UnitError> {
    const KIND: &str = "latency";
    let s = input.trim();
    if let Some(t) = s.strip_suffix('t') {
        let n = parse_int_radix(t).ok_or_else(|| invalid(KIND, input, LATENCY_FORMS))?;
        return u64::try_from(n)
            .map(Tick)
            .map_err(|_| out_of_range(KIND, input));
    }
    let body = s
        .strip_suffix('s')
        .ok_or_else(|| invalid(KIND, input, LATENCY_FORMS))?;
    let (m, e) = metric_value(body).ok_or_else(|| invalid(KIND, input, LATENCY_FORMS))?;
    // seconds -> ticks: multiply by SIM_FREQ = 10^12.
    let ticks = scale(m, e + 12).ok_or_else(|| out_of_range(KIND, input))?;
    u64::try_from(ticks)
        .map(Tick)
        .map_err(|_| out_of_range(KIND, input))
}

/// Parse a frequency ("3GHz", "1.6GHz", "800MHz", "100kHz", "1Hz"), or a clock
/// period ("1ns" means 1 GHz), to hertz.
pub fn parse_frequency(input: &str) -> Result<Frequency, UnitError> {
    const KIND: &str = "frequency";
    let s = input.trim();
    let hz = if let Some(body) = s.strip_suffix("Hz") {
        let (m, e) = metric_value(body).ok_or_else(|| invalid(KIND, input, FREQ_FORMS))?;
        scale(m, e).ok_or_else(|| out_of_range(KIND, input))?
    } else if let Some(body) = s.strip_suffix('s') {
        // The exact reciprocal of the period, rounded half up: "0.5ps" is 2 THz and
        // "1.4ps" about 714 GHz, not the frequency of a period already rounded to
        // whole ticks (the clock domain rounds the period once, and says so).
        let (m, e) = metric_value(body).ok_or_else(|| invalid(KIND, input, FREQ_FORMS))?;
        if m == 0 || e > 0 {
            return Err(out_of_range(KIND, input));
        }
        let num = 10u128
            .checked_pow(e.unsigned_abs())
            .ok_or_else(|| out_of_range(KIND, input))?;
        (num + m / 2) / m
    } else {
        return Err(invalid(KIND, input, FREQ_FORMS));
    };
    match u64::try_from(hz) {
        Ok(0) | Err(_) => Err(out_of_range(KIND, input)),
        Ok(hz) => Ok(Frequency(hz)),
    }
}

/// Format a frequency with the largest SI prefix that keeps it an integer ("3GHz").
pub fn format_frequency(f: Frequency) -> String {
    const U: &[(u64, &str)] = &[
        (1_000_000_000_000, "THz"),
        (1_000_000_000, "GHz"),
        (1_000_000, "MHz"),
        (1000, "kHz"),
    ];
    let (v, unit) = largest_exact(f.0, U, "Hz");
    format!("{v}{unit}")
}

fn largest_exact(v: u64, units: &[(u64, &'static str)], base: &'static str) -> (u64, &'static str) {
    if v != 0 {
        for &(div, name) in units {
            if v.is_multiple_of(div) {
                return (v / div, name);
            }
        }
    }
    (v, base)
}

/// A size in bytes. Displays with the largest exact binary unit ("32KiB"), serializes
/// as a plain byte count (as gem5's config.ini shows sizes), and deserializes from a
/// byte count or any string [`parse_mem_size`] accepts.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemSize(pub u64);

impl MemSize {
    /// The size in bytes.
    pub const fn bytes(self) -> u64 {
        self.0
    }
}

impl fmt::Display for MemSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const U: &[(u64, &str)] = &[
            (1 << 60, "EiB"),
            (1 << 50, "PiB"),
            (1 << 40, "TiB"),
            (1 << 30, "GiB"),
            (1 << 20, "MiB"),
            (1 << 10, "KiB"),
        ];
        let (v, unit) = largest_exact(self.0, U, "B");
        write!(f, "{v}{unit}")
    }
}

impl FromStr for MemSize {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, UnitError> {
        parse_mem_size(s)
    }
}

/// A time span in ticks that parses from and displays as a gem5 latency string.
/// Serializes as a tick count (as gem5's config.ini does); deserializes from a tick
/// count or any string [`parse_latency`] accepts.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Latency(pub Tick);

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const U: &[(u64, &str)] = &[
            (SIM_FREQ, "s"),
            (1_000_000_000, "ms"),
            (1_000_000, "us"),
            (1000, "ns"),
        ];
        let (v, unit) = largest_exact(self.0 .0, U, "ps");
        write!(f, "{v}{unit}")
    }
}

impl FromStr for Latency {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, UnitError> {
        parse_latency(s).map(Latency)
    }
}

/// A delay given either in cycles of the owning component's clock or as an absolute
/// time, as gem5 parameters may be written either way ("4" / "4cycles" vs "30ns").
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum LatencyOrCycles {
    /// A number of clock cycles.
    Cycles(Cycles),
    /// An absolute time in ticks.
    Time(Tick),
}

impl LatencyOrCycles {
    /// The delay in ticks, using `domain` for cycle counts.
    pub fn to_ticks(self, domain: &ClockDomain) -> Tick {
        match self {
            LatencyOrCycles::Cycles(c) => domain.cycles_to_ticks(c),
            LatencyOrCycles::Time(t) => t,
        }
    }
}

impl FromStr for LatencyOrCycles {
    type Err = UnitError;
    fn from_str(input: &str) -> Result<Self, UnitError> {
        let s = input.trim();
        let cyc = s
            .strip_suffix("cycles")
            .or(s.strip_suffix("cycle"))
            .unwrap_or(s);
        if !cyc.is_empty() && cyc.bytes().all(|b| b.is_ascii_digit()) {
            return cyc
                .parse()
                .map(|c| LatencyOrCycles::Cycles(Cycles(c)))
                .map_err(|_| out_of_range("latency or cycle count", input));
        }
        parse_latency(s)
            .map(LatencyOrCycles::Time)
            .map_err(|_| invalid("latency or cycle count", input, LAT_CYC_FORMS))
    }
}

impl fmt::Display for LatencyOrCycles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LatencyOrCycles::Cycles(c) => write!(f, "{}cycles", c.0),
            LatencyOrCycles::Time(t) => Latency(*t).fmt(f),
        }
    }
}

/// Serde support shared by the newtypes: a number passes through, a string is parsed.
struct NumOrStr<T>(std::marker::PhantomData<T>);

impl<T: FromStr<Err = UnitError>> de::Visitor<'_> for NumOrStr<T>
where
    T: From<u64>,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an unsigned integer or a string with a unit")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        u64::try_from(v)
            .map(T::from)
            .map_err(|_| E::custom("negative value"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

impl From<u64> for MemSize {
    fn from(v: u64) -> Self {
        MemSize(v)
    }
}

impl From<u64> for Latency {
    fn from(v: u64) -> Self {
        Latency(Tick(v))
    }
}

impl From<u64> for LatencyOrCycles {
    fn from(v: u64) -> Self {
        LatencyOrCycles::Cycles(Cycles(v))
    }
}

macro_rules! serde_num_or_str {
    ($t:ty, $to_num:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64($to_num(self))
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(NumOrStr::<$t>(std::marker::PhantomData))
            }
        }
    };
}

serde_num_or_str!(MemSize, |m: &MemSize| m.0);
serde_num_or_str!(Latency, |l: &Latency| l.0 .0);

impl Serialize for LatencyOrCycles {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LatencyOrCycles::Cycles(c) => s.serialize_u64(c.0),
            LatencyOrCycles::Time(_) => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for LatencyOrCycles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumOrStr::<LatencyOrCycles>(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors, one per line: `input expected`; `expected` is a number for
    /// accepted inputs, `invalid` or `range` for rejected ones. `_` stands for a space.
    const SIZES: &str = "
        4096 4096 | 0x1000 4096 | 64B 64 | 32KiB 32768 | 32kB 32768 | 512MiB 536870912
        512MB 536870912 | 4GiB 4294967296 | 4GB 4294967296 | 1TiB 1099511627776
        _8MiB_ 8388608 | 15EiB 17293822569102704640 | 16EiB range
        _ invalid | B invalid | 32K invalid | 32KB invalid | 1.5MiB invalid | -1 invalid
        32_KiB invalid | abc invalid | 32KiBB invalid | 0x invalid";
    const LATENCIES: &str = "
        30ns 30000 | 1.5us 1500000 | 100ps 100 | 2ms 2000000000 | 1s 1000000000000
        0.5ps 1 | 0.4ps 0 | 1e-9s 1000 | 500t 500 | 0ns 0 | .25ns 250 | 1e9s range
        30 invalid | ns invalid | 30_ns invalid | 30NS invalid | -1ns invalid
        1.2.3ns invalid | 3GHz invalid | t invalid | 1xs invalid | 1.5t invalid";
    const FREQUENCIES: &str = "
        3GHz 3000000000 | 1.6GHz 1600000000 | 800MHz 800000000 | 100kHz 100000 | 1Hz 1
        1ns 1000000000 | 333ps 3003003003 | 0Hz range | 0ns range | 0.5ps 2000000000000
        1.4ps 714285714286 | 1s 1 | 2s 1 | 3s range | 1e1s range | 1e-40s range | 1e-20s range
        3 invalid | 3G invalid | GHz invalid | 3_GHz invalid | 3ghz invalid
        -1GHz invalid | 3GHzz invalid";

    fn run<T: PartialEq + fmt::Debug>(
        table: &str,
        parse: impl Fn(&str) -> Result<T, UnitError>,
        make: impl Fn(u64) -> T,
    ) {
        for case in table
            .split(['|', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let (input, want) = case.split_once(' ').unwrap();
            let input = input.replace('_', " ");
            let input = if input == " " { String::new() } else { input };
            let got = parse(&input);
            match want {
                "invalid" => assert!(
                    matches!(got, Err(UnitError::Invalid { .. })),
                    "{input:?}: {got:?}"
                ),
                "range" => assert!(
                    matches!(got, Err(UnitError::OutOfRange { .. })),
                    "{input:?}: {got:?}"
                ),
                n => assert_eq!(got, Ok(make(n.parse().unwrap())), "{input:?}"),
            }
        }
    }

    #[test]
    fn sizes() {
        run(SIZES, parse_mem_size, MemSize);
        let e = parse_mem_size("32KB").unwrap_err().to_string();
        assert!(e.contains("\"32KB\"") && e.contains("32KiB"), "{e}");
    }

    #[test]
    fn latencies() {
        run(LATENCIES, parse_latency, Tick);
        let e = parse_latency("30").unwrap_err().to_string();
        assert!(e.starts_with("invalid latency \"30\": expected"), "{e}");
    }

    #[test]
    fn frequencies() {
        run(FREQUENCIES, parse_frequency, Frequency);
        assert_eq!(parse_frequency("1.6GHz").unwrap().period(), Tick(625));
    }

    #[test]
    fn display_and_serde() {
        let sizes = [
            (0, "0B"),
            (100, "100B"),
            (32 << 10, "32KiB"),
            (1536, "1536B"),
        ];
        for (v, s) in sizes
            .into_iter()
            .chain([(3 << 30, "3GiB"), (1025 << 10, "1025KiB")])
        {
            assert_eq!(MemSize(v).to_string(), s);
        }
        for (t, s) in [
            (30_000, "30ns"),
            (1_500_000, "1500ns"),
            (2_000_000_000, "2ms"),
            (7, "7ps"),
        ] {
            assert_eq!(Latency(Tick(t)).to_string(), s);
            assert_eq!(s.parse::<Latency>(), Ok(Latency(Tick(t))));
        }
        for (f, s) in [
            (3_000_000_000, "3GHz"),
            (1_600_000_000, "1600MHz"),
            (7, "7Hz"),
        ] {
            assert_eq!(format_frequency(Frequency(f)), s);
        }
        assert_eq!(serde_json::to_string(&MemSize(32768)).unwrap(), "32768");
        assert_eq!(
            serde_json::from_str::<MemSize>("\"32KiB\"").unwrap(),
            MemSize(32768)
        );
        assert_eq!(serde_json::from_str::<MemSize>("64").unwrap(), MemSize(64));
        assert!(serde_json::from_str::<MemSize>("\"32KB\"").is_err());
        let lat: Latency = serde_json::from_str("\"1us\"").unwrap();
        assert_eq!(lat, Latency(Tick(1_000_000)));
    }

    #[test]
    fn latency_or_cycles() {
        use LatencyOrCycles::{Cycles as C, Time as T};
        let d = ClockDomain::new(Frequency(1_000_000_000));
        let ok = [
            ("4", C(Cycles(4)), 4000),
            ("4cycles", C(Cycles(4)), 4000),
            ("1cycle", C(Cycles(1)), 1000),
            ("30ns", T(Tick(30_000)), 30_000),
        ];
        for (s, want, ticks) in ok {
            let v: LatencyOrCycles = s.parse().unwrap();
            assert_eq!(v, want, "{s}");
            assert_eq!(v.to_ticks(&d), Tick(ticks));
        }
        for s in ["", "cycles", "4.5", "4 cycles", "x", "-4"] {
            let r = s.parse::<LatencyOrCycles>();
            assert!(
                matches!(r, Err(UnitError::Invalid { .. })),
                "{s:?} should be rejected"
            );
        }
        assert_eq!(C(Cycles(4)).to_string(), "4cycles");
        assert_eq!(T(Tick(30_000)).to_string(), "30ns");
        let j = serde_json::to_string(&T(Tick(30_000))).unwrap();
        assert_eq!(j, "\"30ns\"");
        assert_eq!(
            serde_json::from_str::<LatencyOrCycles>(&j).unwrap(),
            T(Tick(30_000))
        );
        assert_eq!(
            serde_json::from_str::<LatencyOrCycles>("3").unwrap(),
            C(Cycles(3))
        );
    }
}
