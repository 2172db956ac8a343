//! gem5's display flags in stats.txt (`src/base/stats/text.cc`).

use super::super::*;

/// The stats.txt lines of one snapshot filled by `fill`, as (name, value, pdf, cdf)
/// with empty strings for absent columns.
fn lines(fill: impl Fn(&mut StatsSnapshot)) -> Vec<(String, String, String, String)> {
    let mut snap = StatsSnapshot::new();
    fill(&mut snap);
    let mut out = Vec::new();
    write_text(&snap, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("----------"))
        .map(|l| {
            let cols = |a: usize, b: usize| l[a..b].trim().to_string();
            (cols(0, 40), cols(41, 53), cols(54, 64), cols(65, 75))
        })
        .collect()
}

fn names(fill: impl Fn(&mut StatsSnapshot)) -> Vec<String> {
    lines(fill).into_iter().map(|l| l.0).collect()
}

#[test]
fn nozero_and_nonan_scalars_are_left_out() {
    let got = names(|v| {
        v.scalar_flagged("zero", 0.0, StatFlags::NOZERO, "", Unit::Count);
        v.scalar_flagged("one", 1.0, StatFlags::NOZERO, "", Unit::Count);
        v.formula_flagged("nan", f64::NAN, None, StatFlags::NONAN, "", Unit::Ratio);
        v.formula_flagged(
            "nanShown",
            f64::NAN,
            None,
            StatFlags::NOZERO,
            "",
            Unit::Ratio,
        );
        v.scalar("plainZero", 0.0, "", Unit::Count);
    });
    assert_eq!(got, ["one", "nanShown", "plainZero"]);
}

#[test]
fn vectors_follow_their_flags() {
    let nz = StatFlags::NOZERO | StatFlags::NONAN | StatFlags::TOTAL;
    let got = names(|v| {
        v.vector_stat(
            "hits",
            VectorStat::new(&[0.0, 5.0, 0.0])
                .subnames(&["writebacks", "cpu.data", "cpu.inst"])
                .flags(nz),
            "",
            Unit::Count,
        );
        v.vector_stat(
            "none",
            VectorStat::new(&[0.0, 0.0]).flags(nz),
            "",
            Unit::Count,
        );
        v.vector_stat("noTotal", VectorStat::new(&[1.0, 0.0]), "", Unit::Count);
        v.vector_stat("single", VectorStat::new(&[3.0]).flags(nz), "", Unit::Count);
    });
    assert_eq!(
        got,
        [
            "hits::cpu.data",
            "hits::total",
            "noTotal::0",
            "noTotal::1",
            "single"
        ]
    );
}

#[test]
fn formula_vectors_print_their_own_total_and_precision() {
    let got = lines(|v| {
        v.vector_stat(
            "missRate",
            VectorStat::new(&[0.5, 0.25])
                .total(0.3)
                .precision(2)
                .flags(StatFlags::TOTAL),
            "",
            Unit::Ratio,
        );
    });
    let values: Vec<&str> = got.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(values, ["0.50", "0.25", "0.30"]);
}

#[test]
fn pdf_vectors_carry_pdf_and_cdf_columns() {
    let got = lines(|v| {
        v.vector_stat(
            "committedInstType",
            VectorStat::new(&[1.0, 3.0])
                .subnames(&["No_OpClass", "IntAlu"])
                .flags(StatFlags::TOTAL | StatFlags::PDF | StatFlags::DIST),
            "",
            Unit::Count,
        );
        v.vector_stat("plain", VectorStat::new(&[1.0, 3.0]), "", Unit::Count);
    });
    let cols: Vec<(&str, &str)> = got.iter().map(|l| (l.2.as_str(), l.3.as_str())).collect();
    assert_eq!(
        cols,
        [
            ("25.00%", "25.00%"),
            ("75.00%", "100.00%"),
            ("", ""),
            ("", ""),
            ("", "")
        ]
    );
}

#[test]
fn nozero_distributions_drop_empty_histograms_and_zero_lines() {
    let mut d = Distribution::new(0, 3, 1);
    let empty = d.clone();
    d.sample(1.0, 2);
    let got = names(|v| {
        v.distribution_flagged("empty", &empty, StatFlags::NOZERO, "", Unit::Count);
        v.distribution_flagged("d", &d, StatFlags::NOZERO, "", Unit::Count);
    });
    assert_eq!(
        got,
        [
            "d::samples",
            "d::mean",
            "d::1",
            "d::min_value",
            "d::max_value",
            "d::total"
        ]
    );
}
