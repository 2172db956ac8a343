//! config.dot: the system drawn for Graphviz.

use super::{ConfigNode, ConfigTree, PortRef};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// Quote a Graphviz ID, escaping what the DOT grammar requires.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn port_id(p: &PortRef) -> String {
    q(&format!("{}:{}", p.owner, p.port))
}

struct DotWriter<'a> {
    tree: &'a ConfigTree,
    /// Ports (as graph nodes) grouped by owner path.
    ports: BTreeMap<String, BTreeSet<String>>,
}

impl DotWriter<'_> {
    fn cluster(&self, n: &ConfigNode, depth: usize, out: &mut impl Write) -> io::Result<()> {
        let ind = "  ".repeat(depth);
        writeln!(
            out,
            "{ind}subgraph {} {{",
            q(&format!("cluster_{}", n.path))
        )?;
        writeln!(
            out,
            "{ind}  label={};",
            q(&format!("{} \n: {}", n.name(), n.type_name))
        )?;
        writeln!(
            out,
            "{ind}  style=\"rounded, filled\"; fillcolor=\"#e4e7eb\";"
        )?;
        // An anchor node keeps the cluster drawn even with no ports or children.
        writeln!(out, "{ind}  {} [shape=point, style=invis];", q(&n.path))?;
        for port in self.ports.get(&n.path).into_iter().flatten() {
            let r = PortRef {
                owner: n.path.clone(),
                port: port.clone(),
            };
            writeln!(out, "{ind}  {} [label={}, shape=box, style=\"rounded, filled\", fillcolor=\"#b8c0c8\"];", port_id(&r), q(port))?;
        }
        for c in self.tree.children_of(Some(&n.path)) {
            if let Some(child) = self.tree.get(&format!("{}.{c}", n.path)) {
                self.cluster(child, depth + 1, out)?;
            }
        }
        writeln!(out, "{ind}}}")
    }
}

impl ConfigTree {
    /// Write config.dot: a Graphviz digraph with one nested cluster per component
    /// (labelled `name : Type`), one node per port inside its owner's cluster, and one
    /// edge per binding from the request port to the response port, labelled with both
    /// port names. Ports whose owner is not in the tree are drawn outside any cluster.
    pub fn write_dot(&self, out: &mut impl Write) -> io::Result<()> {
        let g = self.port_graph();
        let mut ports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in g.node_weights() {
            ports
                .entry(r.owner.clone())
                .or_default()
                .insert(r.port.clone());
        }
        writeln!(out, "digraph G {{")?;
        writeln!(out, "  ranksep=\"1.3\";")?;
        writeln!(out, "  node [fontname=\"Arial\"];")?;
        writeln!(out, "  edge [fontname=\"Arial\", fontsize=10];")?;
        writeln!(out, "  subgraph \"cluster_root\" {{")?;
        writeln!(out, "    label=\"root \\n: Root\";")?;
        writeln!(out, "    style=\"rounded\";")?;
        writeln!(out, "    \"root\" [shape=point, style=invis];")?;
        let w = DotWriter { tree: self, ports };
        for c in self.children_of(None) {
            if let Some(n) = self.get(&c) {
                w.cluster(n, 2, out)?;
            }
        }
        for n in &self.nodes {
            let orphan = n.parent_path().is_some_and(|p| self.get(p).is_none());
            if orphan {
                w.cluster(n, 2, out)?;
            }
        }
        writeln!(out, "  }}")?;
        for (owner, names) in &w.ports {
            if self.get(owner).is_none() {
                for p in names {
                    let r = PortRef {
                        owner: owner.clone(),
                        port: p.clone(),
                    };
                    writeln!(
                        out,
                        "  {} [label={}, shape=box];",
                        port_id(&r),
                        q(&format!("{owner}.{p}"))
                    )?;
                }
            }
        }
        for e in g.edge_references() {
            let (a, b) = (&g[e.source()], &g[e.target()]);
            let label = format!("{} -> {}", a.port, b.port);
            writeln!(
                out,
                "  {} -> {} [label={}];",
                port_id(a),
                port_id(b),
                q(&label)
            )?;
        }
        writeln!(out, "}}")?;
        out.flush()
    }
}
