//! Reading a resolved object tree: the seam between the Python `sim.objects` model and
//! the Rust system builder.
//!
//! `sim.objects.instantiate_tree(root)` resolves proxies, checks every parameter and
//! returns the tree in gem5's `config.json` layout. [`ObjectTree::from_json`] reads that
//! text back into one [`ObjectNode`] per object, in tree order (a parent before its
//! children), so a builder can walk it and construct each component from its node.
//!
//! The format, per object (a JSON object):
//! - `type` (gem5's type name, also for a script's subclass such as `L1Cache(Cache)`),
//!   `cxx_class` (optional), `name` (the attribute name under its parent) and `path`
//!   (dotted, `root` for the root, and without `root.` for everything below it);
//! - every parameter, by name: sizes as integer bytes, latencies, clocks and frequencies
//!   as integer ticks, address ranges as `"start:end"` with the end exclusive,
//!   bandwidths as gem5's string of ticks per byte (`"73.000000"`), booleans, floats,
//!   enum names as strings, vectors as lists, references to other objects as their
//!   paths and an unset reference as `null`;
//! - children under their attribute names (a JSON object with `type` and `path`, or a
//!   list of them for a list of children);
//! - connected ports as `{"role": "GEM5 REQUESTOR" | "GEM5 RESPONDER", "peer": ...,
//!   "is_source": "True" | "False"}` where `peer` is the peer's full port name
//!   (`system.membus.cpu_side_ports[0]`) for a scalar port and a list of them for a
//!   vector port. Unconnected ports are absent.
//!
//! How the builder uses it: [`ObjectTree::nodes`] gives the objects parents first; for
//! each, a [`Registry`] maps the node's type name to the constructor that reads the
//! node's parameters through the typed accessors of [`ObjectNode`] (each failure a
//! [`ParamError`] naming the object path, parameter, value and what was expected), and
//! [`ObjectTree::bindings`] lists every request port with the responder it is bound to,
//! after checking that both ends name each other.
//!
//! JSON objects are read without keeping key order, so a node's children are listed
//! in name order, which is also the order gem5 and `sim.objects` write them in.

mod params;
mod ports;
mod registry;
#[cfg(test)]
mod tests;

pub use params::ParamError;
pub use ports::{Binding, PortEnd};
pub use registry::{BuildCtx, BuildError, Constructor, Registry, RegistryEntry};

use super::PortRole;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Why a tree could not be read or its ports could not be resolved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TreeError {
    /// The text is not JSON.
    #[error("object tree: not valid JSON: {0}")]
    Json(String),
    /// An object (or the root) is not shaped as `sim.objects` writes it.
    #[error("object tree: {path}: {what}")]
    Malformed {
        /// Path of the object (or the parent holding it).
        path: String,
        /// What is wrong.
        what: String,
    },
    /// Two objects have the same path.
    #[error("object tree: two objects have the path {0}")]
    DuplicatePath(String),
    /// No object has this path.
    #[error("object tree: no object has the path {0}")]
    UnknownObject(String),
    /// A port's peer names an object or port that does not exist.
    #[error("port {from}: its peer {peer} does not exist ({why})")]
    UnknownPeer {
        /// The port naming the peer (`system.cpu.icache_port`).
        from: String,
        /// The peer as written.
        peer: String,
        /// Which part is missing.
        why: String,
    },
    /// A port's peer does not name it back.
    #[error("port {from} names {peer} as its peer, but {peer} names {back}")]
    Asymmetric {
        /// The port naming the peer.
        from: String,
        /// The peer as written.
        peer: String,
        /// What the peer names instead (`nothing` if it has no such entry).
        back: String,
    },
    /// A port that must be bound is not, or is bound to a port of the same role.
    #[error("port {port}: {what}")]
    BadBinding {
        /// The port.
        port: String,
        /// What is wrong (names the other end where there is one).
        what: String,
    },
}

/// One connected port of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePort {
    /// The port's name on its owner (`icache_port`, `cpu_side_ports`).
    pub name: String,
    /// Request (`GEM5 REQUESTOR`) or response (`GEM5 RESPONDER`) side.
    pub role: PortRole,
    /// gem5's `is_source`.
    pub is_source: bool,
    /// Whether `peer` was a list (a vector port), so element `i` is `name[i]`.
    pub vector: bool,
    /// The peers, one per element of a vector port.
    pub peers: Vec<PortEnd>,
}

/// One object of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectNode {
    /// Dotted path (`system.cpu`; `root` for the root).
    pub path: String,
    /// The attribute name under the parent (`cpu`; `root` for the root).
    pub name: String,
    /// gem5's type name (`BaseTimingSimpleCPU`, `Cache`).
    pub type_name: String,
    /// gem5's C++ class (`gem5::TimingSimpleCPU`), if written.
    pub cxx_class: Option<String>,
    /// Path of the parent object; `None` for the root.
    pub parent: Option<String>,
    /// Names of the child objects, in tree order.
    pub children: Vec<String>,
    /// The child names under each attribute: one for a single child (`cpu` → `cpu`),
    /// the list's names for a list of children (`cpu` → `cpu0`, `cpu1`).
    pub child_attrs: BTreeMap<String, Vec<String>>,
    /// Parameters as written in the tree, by name.
    pub params: BTreeMap<String, Value>,
    /// Connected ports, in name order.
    pub ports: Vec<NodePort>,
}

impl ObjectNode {
    /// The connected port called `name`, if any.
    pub fn port(&self, name: &str) -> Option<&NodePort> {
        self.ports.iter().find(|p| p.name == name)
    }

    /// The path of child `name` (children of the root have no `root.` prefix).
    pub fn child_path(&self, name: &str) -> String {
        child_path(&self.path, name)
    }
}

/// A whole resolved tree: its objects in tree order, and an index by path.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectTree {
    nodes: Vec<ObjectNode>,
    by_path: HashMap<String, usize>,
}

impl ObjectTree {
    /// Read the config.json text that `sim.objects.instantiate_tree` produces.
    pub fn from_json(text: &str) -> Result<ObjectTree, TreeError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| TreeError::Json(e.to_string()))?;
        ObjectTree::from_value(&value)
    }

    /// Read a tree already parsed as JSON.
    pub fn from_value(value: &Value) -> Result<ObjectTree, TreeError> {
        let mut tree = ObjectTree {
            nodes: Vec::new(),
            by_path: HashMap::new(),
        };
        tree.add(value, None, "root")?;
        Ok(tree)
    }

    /// Every object, parents before children (children in name order).
    pub fn nodes(&self) -> &[ObjectNode] {
        &self.nodes
    }

    /// The root object.
    pub fn root(&self) -> &ObjectNode {
        &self.nodes[0]
    }

    /// The object at `path`, if any.
    pub fn get(&self, path: &str) -> Option<&ObjectNode> {
        self.by_path.get(path).map(|&i| &self.nodes[i])
    }

    /// The object at `path`, or an error naming the path.
    pub fn node(&self, path: &str) -> Result<&ObjectNode, TreeError> {
        self.get(path)
            .ok_or_else(|| TreeError::UnknownObject(path.to_string()))
    }

    /// The child objects of `node`, in tree order.
    pub fn children<'a>(&'a self, node: &'a ObjectNode) -> impl Iterator<Item = &'a ObjectNode> {
        node.children
            .iter()
            .filter_map(move |name| self.get(&node.child_path(name)))
    }

    /// Add the object `value` (and, recursively, its children). `expected_path` is
    /// where the parent says it is, checked against the object's own `path`.
    fn add(
        &mut self,
        value: &Value,
        parent: Option<&str>,
        expected_path: &str,
    ) -> Result<(), TreeError> {
        let malformed = |what: String| TreeError::Malformed {
            path: expected_path.to_string(),
            what,
        };
        let obj = value
            .as_object()
            .ok_or_else(|| malformed(format!("expected an object, found {value}")))?;
        let text = |key: &str| -> Result<String, TreeError> {
            match obj.get(key) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Err(malformed(format!("`{key}` must be a string, not {other}"))),
                None => Err(malformed(format!("has no `{key}`"))),
            }
        };
        let path = text("path")?;
        if path != expected_path {
            return Err(malformed(format!("its `path` says {path}")));
        }
        let mut node = ObjectNode {
            name: text("name")?,
            type_name: text("type")?,
            cxx_class: obj
                .get("cxx_class")
                .and_then(Value::as_str)
                .map(String::from),
            parent: parent.map(String::from),
            children: Vec::new(),
            child_attrs: BTreeMap::new(),
            params: BTreeMap::new(),
            ports: Vec::new(),
            path,
        };
        let mut child_values = Vec::new();
        for (key, v) in obj {
            if matches!(key.as_str(), "type" | "cxx_class" | "name" | "path") {
                continue;
            }
            if let Some(items) = objects_in(v) {
                for item in items {
                    let name = item
                        .get("name")
                        .and_then(Value::as_str)
                        .ok_or_else(|| malformed(format!("child `{key}` has no `name`")))?;
                    node.children.push(name.to_string());
                    node.child_attrs
                        .entry(key.clone())
                        .or_default()
                        .push(name.to_string());
                    child_values.push((child_path(&node.path, name), Value::Object(item.clone())));
                }
            } else if let Some(port) = port_in(v) {
                node.ports.push(ports::parse_port(&node.path, key, port)?);
            } else {
                node.params.insert(key.clone(), v.clone());
            }
        }
        if self.by_path.contains_key(&node.path) {
            return Err(TreeError::DuplicatePath(node.path));
        }
        let path = node.path.clone();
        self.by_path.insert(path.clone(), self.nodes.len());
        self.nodes.push(node);
        for (child, v) in child_values {
            self.add(&v, Some(&path), &child)?;
        }
        Ok(())
    }
}

/// The path of child `name` under `parent` (the root's children have no prefix).
fn child_path(parent: &str, name: &str) -> String {
    if parent == "root" {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// `value` as child objects: one object with `type` and `path`, or a non-empty list
/// of them.
fn objects_in(value: &Value) -> Option<Vec<&Map<String, Value>>> {
    fn is_object(v: &Value) -> Option<&Map<String, Value>> {
        v.as_object()
            .filter(|o| o.contains_key("type") && o.contains_key("path"))
    }
    match value {
        Value::Array(items) if !items.is_empty() => items.iter().map(is_object).collect(),
        v => is_object(v).map(|o| vec![o]),
    }
}

/// `value` as a port entry (an object with `role` and `peer`).
fn port_in(value: &Value) -> Option<&Map<String, Value>> {
    value
        .as_object()
        .filter(|o| o.contains_key("role") && o.contains_key("peer"))
}
