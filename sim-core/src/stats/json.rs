//! `stats.json`: every dump as one object, nested by the dotted name path.
//!
//! Groups are objects with `"type": "Group"` (as gem5's JSON stats mark them);
//! each stat is a leaf object with `type`, `value`, `unit` and `description`
//! (vectors add `subnames` and `total`; distributions add their summary fields and
//! `buckets`). NaN and infinite values become `null`, since JSON has no such numbers.

use super::{StatValue, StatsSnapshot};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

/// One dump as a nested JSON object.
pub fn snapshot_to_json(snap: &StatsSnapshot) -> Value {
    let mut root = Map::new();
    root.insert("type".into(), json!("Group"));
    for e in snap.entries() {
        let mut leaf = match &e.value {
            StatValue::Scalar(v) => json!({ "type": "Scalar", "value": v }),
            StatValue::Formula { value, precision } => {
                json!({ "type": "Formula", "value": value, "precision": precision })
            }
            StatValue::Vector {
                values,
                subnames,
                total,
                ..
            } => {
                let mut o = json!({
                    "type": "Vector",
                    "value": values,
                    "total": total,
                });
                if let Some(s) = subnames {
                    o["subnames"] = json!(s);
                }
                o
            }
            StatValue::Distribution(d) => json!({
                "type": "Distribution",
                "samples": d.samples(),
                "mean": d.mean(),
                "stdev": d.stdev(),
                "min": d.min(),
                "max": d.max(),
                "bucket_size": d.bucket_size(),
                "underflows": d.underflows(),
                "buckets": d.buckets(),
                "overflows": d.overflows(),
                "min_value": d.min_value(),
                "max_value": d.max_value(),
                "total": d.total(),
            }),
        };
        leaf["unit"] = json!(e.unit.to_string());
        leaf["description"] = json!(e.desc);

        let mut node = &mut root;
        let mut parts = e.name.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                node.insert(part.to_string(), leaf);
                break;
            }
            let child = node
                .entry(part.to_string())
                .or_insert_with(|| json!({ "type": "Group" }));
            node = child
                .as_object_mut()
                .expect("groups and stats are JSON objects");
        }
    }
    Value::Object(root)
}

/// Write all dumps so far as the stats.json array (one object per dump).
pub fn write_json(dumps: &[StatsSnapshot], out: &mut impl Write) -> io::Result<()> {
    let arr = Value::Array(dumps.iter().map(snapshot_to_json).collect());
    serde_json::to_writer_pretty(&mut *out, &arr)?;
    writeln!(out)?;
    out.flush()
}
