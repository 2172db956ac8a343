//! Collecting one stats walk into a flat, ordered list.

use super::{Distribution, StatFlags, StatVisitor, Unit, VectorStat};

/// The recorded value of one statistic.
#[derive(Clone, Debug, PartialEq)]
pub enum StatValue {
    /// A plain scalar.
    Scalar(f64),
    /// A value computed at dump time, with its own precision (`None`: default rule).
    Formula {
        /// The computed value.
        value: f64,
        /// Fixed number of decimals, if any.
        precision: Option<u8>,
    },
    /// A vector; `subnames`, when present, has one name per element.
    Vector {
        /// Element values.
        values: Vec<f64>,
        /// Element names (empty name: element hidden).
        subnames: Option<Vec<String>>,
        /// The `::total` value (the sum, or a formula over the operands' totals).
        total: f64,
        /// Fixed number of decimals, if any.
        precision: Option<u8>,
    },
    /// A histogram.
    Distribution(Box<Distribution>),
}

/// One statistic with its fully qualified name.
#[derive(Clone, Debug, PartialEq)]
pub struct StatEntry {
    /// Dotted name, e.g. `system.cpu.numInsts`.
    pub name: String,
    /// Description printed after `#`.
    pub desc: String,
    /// Unit printed in parentheses.
    pub unit: Unit,
    /// gem5's display flags (which lines the text output leaves out).
    pub flags: StatFlags,
    /// The value.
    pub value: StatValue,
}

/// A [`StatVisitor`] that records every stat in visit order with qualified names;
/// the input to [`write_text`](super::write_text) and [`write_json`](super::write_json).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsSnapshot {
    entries: Vec<StatEntry>,
    path: Vec<String>,
    now: Option<crate::Tick>,
    requestors: Vec<String>,
}

impl StatsSnapshot {
    /// An empty snapshot at the root (no name prefix).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty snapshot taken at simulated time `now` (see [`StatVisitor::now`]).
    pub fn at(now: crate::Tick) -> Self {
        StatsSnapshot {
            now: Some(now),
            ..Self::default()
        }
    }

    /// Name the requestor ids for the components' per-requestor stats (see
    /// [`requestors`](super::requestors)).
    pub fn set_requestor_names(&mut self, names: Vec<String>) {
        self.requestors = names;
    }

    /// The recorded stats, in visit order.
    pub fn entries(&self) -> &[StatEntry] {
        &self.entries
    }

    /// The stat with this fully qualified name, if recorded.
    pub fn get(&self, name: &str) -> Option<&StatEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The value of a scalar or formula stat, if recorded under `name`.
    pub fn scalar_value(&self, name: &str) -> Option<f64> {
        match self.get(name)?.value {
            StatValue::Scalar(v) | StatValue::Formula { value: v, .. } => Some(v),
            _ => None,
        }
    }

    /// The value printed as `name` in stats.txt, flags aside: a scalar or formula,
    /// or one element (`hits::cpu.data`) or the total (`hits::total`) of a vector.
    pub fn value(&self, name: &str) -> Option<f64> {
        if let Some(v) = self.scalar_value(name) {
            return Some(v);
        }
        let (stat, sub) = name.rsplit_once("::")?;
        match &self.get(stat)?.value {
            StatValue::Vector {
                values,
                subnames,
                total,
                ..
            } => {
                if sub == "total" {
                    return Some(*total);
                }
                let i = match subnames {
                    Some(names) => names.iter().position(|n| n == sub)?,
                    None => sub.parse().ok()?,
                };
                values.get(i).copied()
            }
            _ => None,
        }
    }

    fn qualify(&self, name: &str) -> String {
        match self.path.last() {
            Some(p) => format!("{p}.{name}"),
            None => name.to_string(),
        }
    }

    fn push(&mut self, name: &str, desc: &str, unit: Unit, flags: StatFlags, value: StatValue) {
        let name = self.qualify(name);
        self.entries.push(StatEntry {
            name,
            desc: desc.to_string(),
            unit,
            flags,
            value,
        });
    }
}

impl StatVisitor for StatsSnapshot {
    fn now(&self) -> Option<crate::Tick> {
        self.now
    }
    fn requestor_names(&self) -> &[String] {
        &self.requestors
    }
    fn begin_group(&mut self, name: &str) {
        let full = self.qualify(name);
        self.path.push(full);
    }

    fn end_group(&mut self) {
        let left = self.path.pop();
        debug_assert!(left.is_some(), "end_group without begin_group");
    }

    fn scalar_flagged(&mut self, name: &str, value: f64, flags: StatFlags, desc: &str, unit: Unit) {
        self.push(name, desc, unit, flags, StatValue::Scalar(value));
    }

    fn vector_stat(&mut self, name: &str, stat: VectorStat<'_>, desc: &str, unit: Unit) {
        let subnames = stat
            .subnames
            .map(|s| s.iter().map(|x| x.to_string()).collect());
        self.push(
            name,
            desc,
            unit,
            stat.flags,
            StatValue::Vector {
                values: stat.values.to_vec(),
                subnames,
                total: stat.total,
                precision: stat.precision,
            },
        );
    }

    fn distribution_flagged(
        &mut self,
        name: &str,
        dist: &Distribution,
        flags: StatFlags,
        desc: &str,
        unit: Unit,
    ) {
        self.push(
            name,
            desc,
            unit,
            flags,
            StatValue::Distribution(Box::new(dist.clone())),
        );
    }

    fn formula_flagged(
        &mut self,
        name: &str,
        value: f64,
        precision: Option<u8>,
        flags: StatFlags,
        desc: &str,
        unit: Unit,
    ) {
        self.push(
            name,
            desc,
            unit,
            flags,
            StatValue::Formula { value, precision },
        );
    }
}
