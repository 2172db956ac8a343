//! `stats.h5`: every dump appended to an HDF5 file, laid out as gem5's HDF5 stats
//! output (`src/base/stats/hdf5.cc`) so the same analysis scripts can read it.
//!
//! Only built with the `hdf5` cargo feature, which needs the HDF5 C library
//! (Debian: `libhdf5-dev`).
//!
//! Layout:
//! * one group per component of the dotted name: `system.cpu.numCycles` is the
//!   dataset `numCycles` in group `/system/cpu`;
//! * one `float64` dataset per stat whose first dimension is the dump index,
//!   unlimited, chunked ten dumps at a time and deflated at level 1, as gem5 does;
//! * scalars and formulas (always single values here, unlike gem5's vector
//!   formulas) are 1-D (`dumps`); vectors are 2-D (`dumps × elements`,
//!   without the total, as gem5 writes them); distributions, which gem5 skips, are
//!   2-D with one column per `stats.txt` line of the distribution (samples, mean,
//!   stdev, underflows, each bucket, overflows, min_value, max_value, total);
//! * attributes, set when the dataset is created: `description` (if any), `unit`,
//!   and for vectors and distributions `subnames`, the column names (`stats.txt`'s
//!   `name::SUB` suffixes).
//!
//! A stat first seen at a later dump gets NaN in the rows before it; a stat whose
//! element count changes between dumps is an error.

use super::text::bucket_label;
use super::{StatEntry, StatValue, StatsSnapshot};
use hdf5::types::VarLenUnicode;
use hdf5::{Dataset, Extent, File, Group, SimpleExtents};
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// Dumps per chunk along the first dimension (gem5's default `chunking`).
const DUMPS_PER_CHUNK: usize = 10;

/// Append `snap` as dump number `dump` (0 for the first) to the file at `path`.
/// Dump 0 creates the file, replacing any earlier one; later dumps reopen it, so the
/// file is complete and closed between dumps. (An HDF5 file being written is not
/// readable if the process dies; `Simulation` therefore appends to a copy and
/// renames it, see [`crate::outdir`].)
pub fn append_hdf5(path: &Path, snap: &StatsSnapshot, dump: usize) -> io::Result<()> {
    write_hdf5_dump(path, snap, dump)
        .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))
}

/// [`append_hdf5`] with an error message that does not name the file (the caller
/// names the file the user knows, not the temporary one written).
pub(crate) fn write_hdf5_dump(path: &Path, snap: &StatsSnapshot, dump: usize) -> io::Result<()> {
    write_dump(path, snap, dump).map_err(|e| io::Error::other(e.to_string()))
}

fn write_dump(path: &Path, snap: &StatsSnapshot, dump: usize) -> hdf5::Result<()> {
    let file = if dump == 0 {
        File::create(path)?
    } else {
        File::open_rw(path)?
    };
    let mut groups: HashMap<String, Group> = HashMap::new();
    for e in snap.entries() {
        let (parent, leaf) = match e.name.rsplit_once('.') {
            Some((p, l)) => (p, l),
            None => ("", e.name.as_str()),
        };
        let group = match groups.get(parent) {
            Some(g) => g.clone(),
            None => {
                let g = open_groups(&file, parent)?;
                groups.insert(parent.to_string(), g.clone());
                g
            }
        };
        append_row(&group, &link_name(leaf), e, dump)?;
    }
    file.flush()
}

/// The group for a dotted path (`""` is the root), creating missing levels.
fn open_groups(file: &File, dotted: &str) -> hdf5::Result<Group> {
    let mut g = file.group("/")?;
    for part in dotted.split('.').filter(|p| !p.is_empty()) {
        let name = link_name(part);
        g = if g.link_exists(&name) {
            g.group(&name)?
        } else {
            g.create_group(&name)?
        };
    }
    Ok(g)
}

/// An HDF5 link name for one name component: `/` separates paths in HDF5, so it
/// becomes `_` (no stat name in the tree has one today).
fn link_name(part: &str) -> String {
    part.replace('/', "_")
}

/// One dump's row of a stat: its values and, for 2-D datasets, the column names.
struct Row {
    values: Vec<f64>,
    /// `None`: a scalar (1-D dataset). `Some`: one name per column (empty: unnamed).
    columns: Option<Vec<String>>,
}

fn row_of(value: &StatValue) -> Row {
    match value {
        StatValue::Scalar(v) | StatValue::Formula { value: v, .. } => Row {
            values: vec![*v],
            columns: None,
        },
        StatValue::Vector {
            values, subnames, ..
        } => Row {
            values: values.clone(),
            columns: Some(
                subnames
                    .clone()
                    .unwrap_or_else(|| vec![String::new(); values.len()]),
            ),
        },
        StatValue::Distribution(d) => {
            let mut values = vec![
                d.samples() as f64,
                d.mean(),
                d.stdev(),
                d.underflows() as f64,
            ];
            let mut columns: Vec<String> = ["samples", "mean", "stdev", "underflows"]
                .map(String::from)
                .into();
            for (i, &count) in d.buckets().iter().enumerate() {
                values.push(count as f64);
                columns.push(bucket_label(d, i));
            }
            let tail = [
                ("overflows", d.overflows() as f64),
                ("min_value", d.min_value()),
                ("max_value", d.max_value()),
                ("total", d.total() as f64),
            ];
            for (name, v) in tail {
                values.push(v);
                columns.push(name.to_string());
            }
            Row {
                values,
                columns: Some(columns),
            }
        }
    }
}

/// Write `e`'s row at index `dump` of dataset `name` in `group`, creating the dataset
/// (with its attributes) the first time and growing it by one row otherwise.
fn append_row(group: &Group, name: &str, e: &StatEntry, dump: usize) -> hdf5::Result<()> {
    let row = row_of(&e.value);
    let rows = dump + 1;
    let width = row.values.len();
    let ds = if group.link_exists(name) {
        let ds = group.dataset(name)?;
        let shape = ds.shape();
        let want_ndim = if row.columns.is_some() { 2 } else { 1 };
        if shape.len() != want_ndim || (want_ndim == 2 && shape[1] != width) {
            return Err(hdf5::Error::from(format!(
                "stat {} changed shape: dataset is {shape:?}, this dump has {width} values",
                e.name
            )));
        }
        let mut dims = shape;
        dims[0] = dims[0].max(rows);
        ds.resize(dims)?;
        ds
    } else {
        create_dataset(group, name, e, &row, rows)?
    };
    if row.columns.is_some() {
        ds.write_slice(row.values.as_slice(), (dump, ..))
    } else {
        ds.write_slice(row.values.as_slice(), dump..rows)
    }
}

fn create_dataset(
    group: &Group,
    name: &str,
    e: &StatEntry,
    row: &Row,
    rows: usize,
) -> hdf5::Result<Dataset> {
    let (extents, chunk) = match &row.columns {
        None => (vec![Extent::resizable(rows)], vec![DUMPS_PER_CHUNK]),
        Some(_) => {
            // A chunk must be at least 1 wide and no wider than a fixed dimension,
            // so an empty vector's (always empty) second dimension is left unlimited.
            let w = row.values.len();
            let cols = if w == 0 {
                Extent::resizable(0)
            } else {
                Extent::fixed(w)
            };
            (
                vec![Extent::resizable(rows), cols],
                vec![DUMPS_PER_CHUNK, w.max(1)],
            )
        }
    };
    let ds = group
        .new_dataset::<f64>()
        .chunk(chunk)
        .deflate(1)
        .fill_value(f64::NAN)
        .shape(SimpleExtents::from_vec(extents))
        .create(name)?;
    if !e.desc.is_empty() {
        str_attr(&ds, "description", &e.desc)?;
    }
    str_attr(&ds, "unit", &e.unit.to_string())?;
    if let Some(cols) = &row.columns {
        if cols.iter().any(|c| !c.is_empty()) {
            str_array_attr(&ds, "subnames", cols)?;
        }
    }
    Ok(ds)
}

/// A scalar UTF-8 string attribute.
fn str_attr(ds: &Dataset, name: &str, value: &str) -> hdf5::Result<()> {
    let attr = ds.new_attr::<VarLenUnicode>().shape(()).create(name)?;
    attr.write_scalar(&unicode(value)?)
}

/// A 1-D UTF-8 string array attribute.
fn str_array_attr(ds: &Dataset, name: &str, values: &[String]) -> hdf5::Result<()> {
    let values = values
        .iter()
        .map(|s| unicode(s))
        .collect::<hdf5::Result<Vec<_>>>()?;
    let attr = ds
        .new_attr::<VarLenUnicode>()
        .shape(values.len())
        .create(name)?;
    attr.write(values.as_slice())
}

fn unicode(s: &str) -> hdf5::Result<VarLenUnicode> {
    s.parse()
        .map_err(|e| hdf5::Error::from(format!("{s:?}: {e}")))
}
