//! gem5's `stats.txt` format.
//!
//! Each dump appends one block: a blank line, the Begin banner, one line per stat,
//! a blank line and the End banner. A stat line is the name left-aligned in 40
//! columns, a space, the value right-aligned in 12, then two 10-column fields
//! (the pdf and cdf, filled only for distribution buckets), then ` # description`
//! and ` (Unit)`. Values that are integral print without decimals, others with six,
//! unless the stat fixes its precision; NaN prints `nan` and infinities `inf`.
//! A stat's [`StatFlags`] decide which of its lines print, as in gem5's `text.cc`.

use super::{Distribution, StatFlags, StatValue, StatsSnapshot, Unit};
use std::io::{self, Write};

/// The line opening each stats block.
pub const BEGIN_BANNER: &str = "---------- Begin Simulation Statistics ----------";
/// The line closing each stats block (note the three spaces, as gem5 prints it).
pub const END_BANNER: &str = "---------- End Simulation Statistics   ----------";

/// Format a stat value as gem5 does: fixed-point with `precision` decimals, or, when
/// `precision` is `None`, no decimals for integral values and six otherwise.
pub fn format_value(value: f64, precision: Option<u8>) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    match precision {
        Some(p) => format!("{:.*}", p as usize, value),
        None if value == value.round() => format!("{value:.0}"),
        None => format!("{value:.6}"),
    }
}

/// Format a bucket bound as C++ `ostream << double` does (`%g`, six significant
/// digits), so large bucket labels read `1e+06` as in gem5.
fn format_g(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{x:.5e}");
    let (mant, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("integer exponent");
    if !(-4..6).contains(&exp) {
        let mant = trim_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        trim_zeros(&format!("{:.*}", (5 - exp) as usize, x)).to_string()
    }
}

/// The suffix naming bucket `i` of `d` after `name::`: `low-high`, or just `low`
/// for a one-value bucket (shared with the HDF5 writer's column names).
pub(super) fn bucket_label(d: &Distribution, i: usize) -> String {
    let (low, high) = d.bucket_range(i);
    if low < high {
        format!("{}-{}", format_g(low), format_g(high))
    } else {
        format_g(low)
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

struct LineWriter<'a, W: Write> {
    out: &'a mut W,
    desc: &'a str,
    unit: Unit,
    flags: StatFlags,
}

impl<W: Write> LineWriter<'_, W> {
    /// One line, unless the flags leave `value` out (gem5's `ScalarPrint`).
    fn line(
        &mut self,
        name: &str,
        value: f64,
        precision: Option<u8>,
        pdf: f64,
        cdf: f64,
    ) -> io::Result<()> {
        if !self.flags.shows(value) {
            return Ok(());
        }
        let pct = |x: f64| {
            if x.is_nan() {
                String::new()
            } else {
                format!("{:.2}%", x * 100.0)
            }
        };
        write!(
            self.out,
            "{name:<40} {:>12} {:>10} {:>10}",
            format_value(value, precision),
            pct(pdf),
            pct(cdf)
        )?;
        if !self.desc.is_empty() {
            write!(self.out, " # {}", self.desc)?;
        }
        writeln!(self.out, " ({})", self.unit)
    }

    fn plain(&mut self, name: &str, value: f64, precision: Option<u8>) -> io::Result<()> {
        self.line(name, value, precision, f64::NAN, f64::NAN)
    }

    /// gem5's `VectorPrint`: a one-element vector prints as a scalar; the elements
    /// print unless `nozero` and the total is zero; pdf/cdf columns with `pdf`/`cdf`;
    /// the `::total` line with `total`.
    fn vector(
        &mut self,
        name: &str,
        values: &[f64],
        subnames: Option<&[String]>,
        total: f64,
        precision: Option<u8>,
    ) -> io::Result<()> {
        if values.len() == 1 {
            return self.plain(name, values[0], precision);
        }
        let share_total: f64 = if self.flags.any(StatFlags::PDF.with(StatFlags::CDF)) {
            values.iter().sum()
        } else {
            0.0
        };
        if !self.flags.any(StatFlags::NOZERO) || total != 0.0 {
            let mut cdf = 0.0;
            for (i, &v) in values.iter().enumerate() {
                let sub = match subnames {
                    Some(s) => match s.get(i) {
                        Some(n) if !n.is_empty() => n.clone(),
                        _ => continue,
                    },
                    None => i.to_string(),
                };
                let (pdf, c) = if share_total != 0.0 {
                    cdf += v / share_total;
                    (v / share_total, cdf)
                } else {
                    (f64::NAN, f64::NAN)
                };
                self.line(&format!("{name}::{sub}"), v, precision, pdf, c)?;
            }
        }
        if self.flags.any(StatFlags::TOTAL) {
            self.plain(&format!("{name}::total"), total, precision)?;
        }
        Ok(())
    }

    fn distribution(&mut self, name: &str, d: &Distribution) -> io::Result<()> {
        if self.flags.any(StatFlags::NOZERO) && d.samples() == 0 {
            return Ok(());
        }
        self.plain(&format!("{name}::samples"), d.samples() as f64, None)?;
        self.plain(&format!("{name}::mean"), d.mean(), None)?;
        self.plain(&format!("{name}::stdev"), d.stdev(), None)?;
        let total = d.total() as f64;
        let mut cdf = if total != 0.0 { 0.0 } else { f64::NAN };
        let mut counted = |w: &mut Self, label: String, count: u64| {
            let (pdf, c) = if total != 0.0 {
                let p = count as f64 / total;
                cdf += p;
                (p, cdf)
            } else {
                (f64::NAN, f64::NAN)
            };
            w.line(&label, count as f64, None, pdf, c)
        };
        counted(self, format!("{name}::underflows"), d.underflows())?;
        for (i, &count) in d.buckets().iter().enumerate() {
            counted(self, format!("{name}::{}", bucket_label(d, i)), count)?;
        }
        counted(self, format!("{name}::overflows"), d.overflows())?;
        self.plain(&format!("{name}::min_value"), d.min_value(), None)?;
        self.plain(&format!("{name}::max_value"), d.max_value(), None)?;
        self.plain(&format!("{name}::total"), total, None)
    }
}

/// Write `snap` as one gem5 stats.txt block (append it to the file for each dump).
/// Flags apply as in gem5's text output: `nozero`/`nonan` lines are left out.
pub fn write_text(snap: &StatsSnapshot, out: &mut impl Write) -> io::Result<()> {
    write!(out, "\n{BEGIN_BANNER}\n")?;
    for e in snap.entries() {
        let mut w = LineWriter {
            out: &mut *out,
            desc: &e.desc,
            unit: e.unit,
            flags: e.flags,
        };
        match &e.value {
            StatValue::Scalar(v) => w.plain(&e.name, *v, None)?,
            StatValue::Formula { value, precision } => w.plain(&e.name, *value, *precision)?,
            StatValue::Vector {
                values,
                subnames,
                total,
                precision,
            } => w.vector(&e.name, values, subnames.as_deref(), *total, *precision)?,
            StatValue::Distribution(d) => w.distribution(&e.name, d)?,
        }
    }
    write!(out, "\n{END_BANNER}\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_gem5_precision_rules() {
        let cases: &[(f64, Option<u8>, &str)] = &[
            (0.0, None, "0"),
            (42.0, None, "42"),
            (1e12, None, "1000000000000"),
            (0.000033, None, "0.000033"),
            (1.5, None, "1.500000"),
            (2.0 / 3.0, None, "0.666667"),
            (f64::NAN, None, "nan"),
            (f64::NAN, Some(2), "nan"),
            (f64::INFINITY, None, "inf"),
            (f64::INFINITY, Some(0), "inf"),
            (f64::NEG_INFINITY, None, "-inf"),
            (12.345, Some(2), "12.35"),
            (1234567.8, Some(0), "1234568"),
            (3.0, Some(2), "3.00"),
        ];
        for &(v, p, want) in cases {
            assert_eq!(format_value(v, p), want, "{v} with {p:?}");
        }
    }

    #[test]
    fn bucket_labels_use_g_format() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (9.0, "9"),
            (-10.0, "-10"),
            (999999.0, "999999"),
            (1e6, "1e+06"),
            (1.5e6, "1.5e+06"),
            (2.5, "2.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_g(v), want, "{v}");
        }
    }
}
