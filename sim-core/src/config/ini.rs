//! config.ini in gem5's layout.

use super::{ini_value, ConfigNode, ConfigTree};
use serde_json::Value;
use std::io::{self, Write};

fn write_params(out: &mut impl Write, params: &[(String, Value)]) -> io::Result<()> {
    let mut sorted: Vec<&(String, Value)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in sorted {
        if let Some(s) = ini_value(v) {
            writeln!(out, "{k}={s}")?;
        }
    }
    Ok(())
}

fn write_node(tree: &ConfigTree, n: &ConfigNode, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "[{}]", n.path)?;
    writeln!(out, "type={}", n.type_name)?;
    let children = tree.children_of(Some(&n.path));
    if !children.is_empty() {
        writeln!(out, "children={}", children.join(" "))?;
    }
    write_params(out, &n.params)?;
    let mut ports = n.grouped_ports();
    ports.sort_by(|a, b| a.0.cmp(b.0));
    for (name, _, peers) in ports {
        if !peers.is_empty() {
            writeln!(out, "{name}={}", peers.join(" "))?;
        }
    }
    writeln!(out)
}

impl ConfigTree {
    /// Write config.ini: a `[root]` section (`type=Root`, `children=`, the root
    /// parameters), then a section per component in tree order with `type=`,
    /// `children=` (when it has any), parameters and bound ports sorted by name, and a
    /// blank line after each section. Unbound ports and null parameters are omitted.
    pub fn write_ini(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "[root]")?;
        writeln!(out, "type=Root")?;
        let top = self.children_of(None);
        if !top.is_empty() {
            writeln!(out, "children={}", top.join(" "))?;
        }
        write_params(out, &self.root_params)?;
        writeln!(out)?;
        for n in self.walk() {
            write_node(self, n, out)?;
        }
        out.flush()
    }
}
