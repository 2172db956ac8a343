//! The description of a built system, written out as config.ini, config.json and
//! config.dot the way gem5 writes them.
//!
//! The system builder records one [`ConfigNode`] per component (path, type name,
//! parameters in declaration order, child names, port bindings) in a [`ConfigTree`].
//! The writers then produce gem5's layouts, so existing tools that read gem5's
//! `m5out/config.*` (diffing configs, plotting the system) keep working:
//! - [`ConfigTree::write_ini`]: `[root]` first, then one section per component in
//!   tree order (children sorted by name), parameters then ports sorted by name.
//! - [`ConfigTree::write_json`]: one nested object per component, children nested
//!   under their names, ports as `{"role", "peer"}`.
//! - [`ConfigTree::write_dot`]: Graphviz with one cluster per component, one node per
//!   port, and an edge per binding from the request side to the response side.
//!
//! [`object_tree`] reads the other direction: the resolved tree that `sim.objects`
//! writes, which the system builder walks.

mod dot;
mod ini;
mod json;
pub mod object_tree;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Which side of a binding a port is on.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortRole {
    /// Sends requests (gem5 "requestor", e.g. a CPU's `dcache_port`).
    Request,
    /// Receives requests (gem5 "responder", e.g. a crossbar's `cpu_side_ports`).
    Response,
}

impl PortRole {
    /// The role string gem5 writes in config.json.
    pub fn gem5_name(self) -> &'static str {
        match self {
            PortRole::Request => "GEM5 REQUESTOR",
            PortRole::Response => "GEM5 RESPONDER",
        }
    }
}

/// One binding of a component's port. A vector port bound several times appears as
/// several entries with the same `name`, in binding order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigPort {
    /// The port's name on its owner (`icache_port`, `cpu_side_ports`).
    pub name: String,
    /// The peer port's full name (`system.membus.cpu_side_ports[0]`), if bound.
    pub peer: Option<String>,
    /// Request or response side.
    pub role: PortRole,
}

/// The configuration of one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigNode {
    /// Dotted path from the root, without `root.` (`system.cpu`).
    pub path: String,
    /// The component's type, as gem5 names it where one exists (`AtomicSimpleCPU`).
    pub type_name: String,
    /// Parameters in declaration order. Writers sort them by name as gem5 does.
    pub params: Vec<(String, Value)>,
    /// Names (not paths) of the child components.
    pub children: Vec<String>,
    /// Port bindings.
    pub ports: Vec<ConfigPort>,
}

impl ConfigNode {
    /// A node with no parameters, children or ports yet.
    pub fn new(path: impl Into<String>, type_name: impl Into<String>) -> Self {
        ConfigNode {
            path: path.into(),
            type_name: type_name.into(),
            params: Vec::new(),
            children: Vec::new(),
            ports: Vec::new(),
        }
    }

    /// Add a parameter (builder style).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// Add a port binding (builder style).
    pub fn port(mut self, name: impl Into<String>, role: PortRole, peer: Option<&str>) -> Self {
        self.ports.push(ConfigPort {
            name: name.into(),
            peer: peer.map(str::to_string),
            role,
        });
        self
    }

    /// The last component of the path (`cpu` for `system.cpu`).
    pub fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }

    /// The parent's path, or `None` for a top-level node.
    pub fn parent_path(&self) -> Option<&str> {
        self.path.rsplit_once('.').map(|(p, _)| p)
    }

    /// Ports grouped by name (first-binding order), each with its peers in order.
    pub fn grouped_ports(&self) -> Vec<(&str, PortRole, Vec<&str>)> {
        let mut out: Vec<(&str, PortRole, Vec<&str>)> = Vec::new();
        for p in &self.ports {
            let i = match out.iter().position(|(n, _, _)| *n == p.name) {
                Some(i) => i,
                None => {
                    out.push((&p.name, p.role, Vec::new()));
                    out.len() - 1
                }
            };
            if let Some(peer) = &p.peer {
                out[i].2.push(peer);
            }
        }
        out
    }
}

/// A port as a node of [`ConfigTree::port_graph`]: owner path and port name (without
/// any `[index]`, so all bindings of a vector port share one node).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRef {
    /// Path of the component owning the port.
    pub owner: String,
    /// Port name.
    pub port: String,
}

impl PortRef {
    /// Parse a full port name such as `system.membus.cpu_side_ports[0]`.
    pub fn parse(full: &str) -> Option<PortRef> {
        let base = full.split_once('[').map_or(full, |(b, _)| b);
        let (owner, port) = base.rsplit_once('.')?;
        Some(PortRef {
            owner: owner.to_string(),
            port: port.to_string(),
        })
    }
}

/// All components of a built system, plus the root object's own parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigTree {
    /// Parameters of the `[root]` section (`full_system`, `sim_quantum`, ...).
    pub root_params: Vec<(String, Value)>,
    /// Components in the order they were added.
    pub nodes: Vec<ConfigNode>,
}

impl ConfigTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a node, and record it among its parent's children if the parent is known.
    pub fn add(&mut self, node: ConfigNode) {
        if let Some(parent) = node.parent_path() {
            let name = node.name().to_string();
            if let Some(p) = self.nodes.iter_mut().find(|n| n.path == parent) {
                if !p.children.contains(&name) {
                    p.children.push(name);
                }
            }
        }
        self.nodes.push(node);
    }

    /// The node at `path`.
    pub fn get(&self, path: &str) -> Option<&ConfigNode> {
        self.nodes.iter().find(|n| n.path == path)
    }

    /// Sorted names of the children of `path` (`None`: of the root), from both the
    /// nodes' `children` lists and the paths present in the tree.
    pub fn children_of(&self, path: Option<&str>) -> Vec<String> {
        let mut set: BTreeSet<String> = BTreeSet::new();
        if let Some(n) = path.and_then(|p| self.get(p)) {
            set.extend(n.children.iter().cloned());
        }
        for n in &self.nodes {
            if n.parent_path() == path {
                set.insert(n.name().to_string());
            }
        }
        set.into_iter().collect()
    }

    /// Nodes in tree order: depth first from the root, children sorted by name (as
    /// gem5 orders config.ini). Nodes whose parent is missing follow, by path.
    pub fn walk(&self) -> Vec<&ConfigNode> {
        let by_path: HashMap<&str, &ConfigNode> =
            self.nodes.iter().map(|n| (n.path.as_str(), n)).collect();
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = self.children_of(None).into_iter().rev().collect();
        while let Some(path) = stack.pop() {
            if let Some(n) = by_path.get(path.as_str()) {
                if seen.insert(path.clone()) {
                    out.push(*n);
                    for c in self.children_of(Some(&path)).into_iter().rev() {
                        stack.push(format!("{path}.{c}"));
                    }
                }
            }
        }
        let mut rest: Vec<&ConfigNode> = self
            .nodes
            .iter()
            .filter(|n| !seen.contains(&n.path))
            .collect();
        rest.sort_by(|a, b| a.path.cmp(&b.path));
        out.extend(rest);
        out
    }

    /// The port bindings as a directed graph: one node per port, one edge per
    /// binding from the request side to the response side (duplicates merged when
    /// both ends record the binding). Useful for checks and for drawing.
    pub fn port_graph(&self) -> DiGraph<PortRef, ()> {
        let mut g = DiGraph::new();
        let mut index: HashMap<PortRef, NodeIndex> = HashMap::new();
        let mut node = |g: &mut DiGraph<PortRef, ()>, r: PortRef| {
            *index.entry(r.clone()).or_insert_with(|| g.add_node(r))
        };
        for n in self.walk() {
            for p in &n.ports {
                let me = PortRef {
                    owner: n.path.clone(),
                    port: p.name.clone(),
                };
                let a = node(&mut g, me);
                let Some(peer) = p.peer.as_deref().and_then(PortRef::parse) else {
                    continue;
                };
                let b = node(&mut g, peer);
                let (from, to) = match p.role {
                    PortRole::Request => (a, b),
                    PortRole::Response => (b, a),
                };
                if g.find_edge(from, to).is_none() {
                    g.add_edge(from, to, ());
                }
            }
        }
        g
    }
}

/// Format a parameter value as gem5's config.ini does: booleans `true`/`false`,
/// lists space separated, strings bare; `None` for null (the line is omitted).
pub fn ini_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => Some(a.iter().filter_map(ini_value).collect::<Vec<_>>().join(" ")),
        Value::Object(_) => Some(v.to_string()),
    }
}

#[cfg(test)]
mod tests;
