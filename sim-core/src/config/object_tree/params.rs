//! Typed reads of a node's parameters, in the units `sim.objects` writes them.

use super::ObjectNode;
use crate::{Addr, AddrRange, Tick, SIM_FREQ};
use serde_json::Value;

/// A parameter that is missing or does not hold what its reader expects.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParamError {
    /// The object has no such parameter (nor a child of that name, for references).
    #[error("{path}.{param}: no such parameter (expected {expected})")]
    Missing {
        /// The object's path.
        path: String,
        /// The parameter (`mem_ranges[1]` for a vector element).
        param: String,
        /// What the reader wanted.
        expected: String,
    },
    /// The value is not of the expected kind or outside the allowed values.
    #[error("{path}.{param}: {value} is not {expected}")]
    Invalid {
        /// The object's path.
        path: String,
        /// The parameter (`mem_ranges[1]` for a vector element).
        param: String,
        /// The value as written in the tree.
        value: String,
        /// What was expected.
        expected: String,
    },
}

const U64: &str = "an unsigned integer";
const I64: &str = "an integer";
const BOOL: &str = "true or false";
const F64: &str = "a number";
const STRING: &str = "a string";
const TICKS: &str = "a whole number of ticks";
const BYTES: &str = "a whole number of bytes";
const RANGE: &str = "an address range \"start:end\" (decimal, end exclusive, start <= end)";
const BANDWIDTH: &str = "a bandwidth in ticks per byte such as \"73.000000\"";
const OBJECT: &str = "an object path or null";

fn range_of(v: &Value) -> Option<AddrRange> {
    let (start, end) = v.as_str()?.split_once(':')?;
    let (start, end): (u64, u64) = (start.parse().ok()?, end.parse().ok()?);
    (start <= end).then_some(AddrRange {
        start: Addr(start),
        end: Addr(end),
    })
}

/// gem5 writes a bandwidth as whole ticks per byte; bytes per second is then
/// `SIM_FREQ / ticks_per_byte` (73 ticks per byte is 1e12 / 73 ≈ 13.7e9 B/s, the
/// rounded form of "12.8GiB/s"). Zero ticks per byte means no limit: infinity.
fn bandwidth_of(v: &Value) -> Option<f64> {
    let ticks: f64 = v.as_str()?.trim().parse().ok()?;
    if !ticks.is_finite() || ticks < 0.0 {
        return None;
    }
    Some(if ticks == 0.0 {
        f64::INFINITY
    } else {
        SIM_FREQ as f64 / ticks
    })
}

fn ref_of(v: &Value) -> Option<Option<String>> {
    match v {
        Value::Null => Some(None),
        Value::String(s) if !s.is_empty() => Some(Some(s.clone())),
        _ => None,
    }
}

impl ObjectNode {
    /// The raw value of parameter `name`.
    pub fn param(&self, name: &str) -> Result<&Value, ParamError> {
        self.params.get(name).ok_or_else(|| ParamError::Missing {
            path: self.path.clone(),
            param: name.to_string(),
            expected: "a value".to_string(),
        })
    }

    fn invalid(&self, param: String, value: &Value, expected: &str) -> ParamError {
        ParamError::Invalid {
            path: self.path.clone(),
            param,
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }

    fn read<T>(
        &self,
        name: &str,
        expected: &str,
        convert: impl Fn(&Value) -> Option<T>,
    ) -> Result<T, ParamError> {
        let value = self.params.get(name).ok_or_else(|| ParamError::Missing {
            path: self.path.clone(),
            param: name.to_string(),
            expected: expected.to_string(),
        })?;
        convert(value).ok_or_else(|| self.invalid(name.to_string(), value, expected))
    }

    fn read_vec<T>(
        &self,
        name: &str,
        expected: &str,
        convert: impl Fn(&Value) -> Option<T>,
    ) -> Result<Vec<T>, ParamError> {
        let list = format!("a list of {expected}");
        let value = self.params.get(name).ok_or_else(|| ParamError::Missing {
            path: self.path.clone(),
            param: name.to_string(),
            expected: list.clone(),
        })?;
        let items = value
            .as_array()
            .ok_or_else(|| self.invalid(name.to_string(), value, &list))?;
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                convert(v).ok_or_else(|| self.invalid(format!("{name}[{i}]"), v, expected))
            })
            .collect()
    }

    /// An unsigned integer (`Unsigned`, `UInt*`, `Cycles`, `Addr`, `Counter`).
    pub fn u64(&self, name: &str) -> Result<u64, ParamError> {
        self.read(name, U64, Value::as_u64)
    }

    /// A signed integer (`Int`).
    pub fn i64(&self, name: &str) -> Result<i64, ParamError> {
        self.read(name, I64, Value::as_i64)
    }

    /// A boolean (`Bool`).
    pub fn bool(&self, name: &str) -> Result<bool, ParamError> {
        self.read(name, BOOL, Value::as_bool)
    }

    /// A number (`Float`, `Percent`, `Voltage`); integers are accepted.
    pub fn f64(&self, name: &str) -> Result<f64, ParamError> {
        self.read(name, F64, Value::as_f64)
    }

    /// A string (`String`).
    pub fn string(&self, name: &str) -> Result<String, ParamError> {
        self.read(name, STRING, |v| v.as_str().map(String::from))
    }

    /// A time in ticks (`Latency`, `Clock`, `Frequency` are all written as ticks).
    pub fn ticks(&self, name: &str) -> Result<Tick, ParamError> {
        self.read(name, TICKS, |v| v.as_u64().map(Tick))
    }

    /// A memory size in bytes (`MemorySize`).
    pub fn bytes(&self, name: &str) -> Result<u64, ParamError> {
        self.read(name, BYTES, Value::as_u64)
    }

    /// An address range from `"start:end"` (end exclusive).
    pub fn addr_range(&self, name: &str) -> Result<AddrRange, ParamError> {
        self.read(name, RANGE, range_of)
    }

    /// A bandwidth in bytes per second, from gem5's ticks-per-byte string:
    /// `SIM_FREQ / ticks_per_byte`, infinite for zero (gem5's "no limit"). The
    /// value is the rounded one gem5 also simulates with ("12.8GiB/s" is written as 73
    /// ticks per byte, which reads back as about 13.7e9 bytes per second).
    pub fn bandwidth(&self, name: &str) -> Result<f64, ParamError> {
        self.read(name, BANDWIDTH, bandwidth_of)
    }

    /// The path of the object a parameter refers to (`None` for gem5's `NULL`), or of
    /// the child of that name when the parameter is written as a child (gem5 writes a
    /// parameter whose object is also a child, such as `clk_domain`, once, as a child).
    pub fn object_ref(&self, name: &str) -> Result<Option<String>, ParamError> {
        if !self.params.contains_key(name) {
            if let Some([child]) = self.child_attrs.get(name).map(Vec::as_slice) {
                return Ok(Some(self.child_path(child)));
            }
        }
        self.read(name, OBJECT, ref_of)
    }

    /// One of `allowed` (an enum parameter, written as the value's name).
    pub fn enumeration(&self, name: &str, allowed: &[&str]) -> Result<String, ParamError> {
        let expected = format!("one of {}", allowed.join(", "));
        self.read(name, &expected, |v| {
            v.as_str().filter(|s| allowed.contains(s)).map(String::from)
        })
    }

    /// A vector of unsigned integers.
    pub fn u64_vec(&self, name: &str) -> Result<Vec<u64>, ParamError> {
        self.read_vec(name, U64, Value::as_u64)
    }

    /// A vector of times in ticks (a `SrcClockDomain`'s `clock` is one).
    pub fn ticks_vec(&self, name: &str) -> Result<Vec<Tick>, ParamError> {
        self.read_vec(name, TICKS, |v| v.as_u64().map(Tick))
    }

    /// A vector of strings (`Process.cmd`).
    pub fn string_vec(&self, name: &str) -> Result<Vec<String>, ParamError> {
        self.read_vec(name, STRING, |v| v.as_str().map(String::from))
    }

    /// A vector of address ranges (`System.mem_ranges`).
    pub fn addr_ranges(&self, name: &str) -> Result<Vec<AddrRange>, ParamError> {
        self.read_vec(name, RANGE, range_of)
    }

    /// The paths of a vector of object references, or of the children under that
    /// attribute when it is written as children (`cpu.workload`).
    pub fn object_refs(&self, name: &str) -> Result<Vec<String>, ParamError> {
        if !self.params.contains_key(name) {
            if let Some(children) = self.child_attrs.get(name) {
                return Ok(children.iter().map(|c| self.child_path(c)).collect());
            }
        }
        self.read_vec(name, "an object path", |v| v.as_str().map(String::from))
    }
}
