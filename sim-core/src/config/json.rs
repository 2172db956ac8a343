//! config.json in gem5's layout.

use super::{ConfigNode, ConfigTree};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

impl ConfigTree {
    fn node_json(&self, n: &ConfigNode) -> Value {
        let mut o = Map::new();
        for (k, v) in &n.params {
            o.insert(k.clone(), v.clone());
        }
        for (name, role, peers) in n.grouped_ports() {
            let peer = match peers.as_slice() {
                [] => Value::Null,
                [one] => json!(one),
                many => json!(many),
            };
            o.insert(
                name.to_string(),
                json!({ "role": role.gem5_name(), "peer": peer }),
            );
        }
        for c in self.children_of(Some(&n.path)) {
            if let Some(child) = self.get(&format!("{}.{c}", n.path)) {
                o.insert(c, self.node_json(child));
            }
        }
        o.insert("type".into(), json!(n.type_name));
        o.insert("name".into(), json!(n.name()));
        o.insert("path".into(), json!(n.path));
        Value::Object(o)
    }

    /// The whole tree as gem5's config.json object: the root (`"type": "Root"`,
    /// `"path": "root"`, root parameters) with each component nested under its name,
    /// carrying `type`, `name`, `path`, its parameters, its children and its ports
    /// as `{"role": "GEM5 REQUESTOR" | "GEM5 RESPONDER", "peer": ...}` (a list of
    /// peers for a vector port).
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        for (k, v) in &self.root_params {
            o.insert(k.clone(), v.clone());
        }
        for c in self.children_of(None) {
            if let Some(child) = self.get(&c) {
                o.insert(c, self.node_json(child));
            }
        }
        o.insert("type".into(), json!("Root"));
        o.insert("name".into(), json!("root"));
        o.insert("path".into(), json!("root"));
        Value::Object(o)
    }

    /// Write config.json (pretty-printed [`to_json`](Self::to_json)).
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
        writeln!(out)?;
        out.flush()
    }
}
