//! Port entries of the tree and their resolution into request → response bindings.

use super::{NodePort, ObjectTree, TreeError};
use crate::config::{PortRef, PortRole};
use serde_json::{Map, Value};
use std::fmt;

/// One end of a binding: an object's port and, for a vector port, the element.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortEnd {
    /// Owner path and port name.
    pub port: PortRef,
    /// The element of a vector port (`[0]`), `None` for a scalar port.
    pub index: Option<usize>,
}

impl PortEnd {
    /// Parse a full port name: `system.membus.cpu_side_ports[0]` or `system.cpu.icache_port`.
    pub fn parse(full: &str) -> Option<PortEnd> {
        let (base, index) = match full.strip_suffix(']') {
            Some(rest) => {
                let (base, index) = rest.split_once('[')?;
                (base, Some(index.parse().ok()?))
            }
            None => (full, None),
        };
        if base.contains(['[', ']']) {
            return None;
        }
        let (owner, port) = base.rsplit_once('.')?;
        if owner.is_empty() || port.is_empty() {
            return None;
        }
        Some(PortEnd {
            port: PortRef {
                owner: owner.to_string(),
                port: port.to_string(),
            },
            index,
        })
    }
}

impl fmt::Display for PortEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.port.owner, self.port.port)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

/// A resolved binding: a request port and the response port it sends to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The request side (`system.cpu.icache_port`).
    pub requestor: PortEnd,
    /// The response side (`system.membus.cpu_side_ports[0]`).
    pub responder: PortEnd,
}

/// Read the port entry `name` of the object at `owner`.
pub(super) fn parse_port(
    owner: &str,
    name: &str,
    entry: &Map<String, Value>,
) -> Result<NodePort, TreeError> {
    let full = format!("{owner}.{name}");
    let bad = |what: String| TreeError::BadBinding {
        port: full.clone(),
        what,
    };
    let role = match entry.get("role").and_then(Value::as_str) {
        Some("GEM5 REQUESTOR") => PortRole::Request,
        Some("GEM5 RESPONDER") => PortRole::Response,
        other => {
            return Err(bad(format!(
                "role {other:?} is neither \"GEM5 REQUESTOR\" nor \"GEM5 RESPONDER\""
            )))
        }
    };
    let is_source = match entry.get("is_source").and_then(Value::as_str) {
        Some("True") | None => role == PortRole::Request,
        Some("False") => false,
        Some(other) => {
            return Err(bad(format!(
                "is_source {other:?} is not \"True\" or \"False\""
            )))
        }
    };
    let (vector, texts): (bool, Vec<&Value>) = match entry.get("peer").unwrap_or(&Value::Null) {
        Value::Array(items) => (true, items.iter().collect()),
        v => (false, vec![v]),
    };
    let mut peers = Vec::new();
    for text in texts {
        match text {
            Value::Null => return Err(bad("is not bound to any peer".into())),
            Value::String(s) => peers.push(PortEnd::parse(s).ok_or_else(|| {
                bad(format!(
                    "peer {s:?} is not a port name such as system.membus.cpu_side_ports[0]"
                ))
            })?),
            other => return Err(bad(format!("peer {other} is not a port name"))),
        }
    }
    if peers.is_empty() {
        return Err(bad("is not bound to any peer".into()));
    }
    Ok(NodePort {
        name: name.to_string(),
        role,
        is_source,
        vector,
        peers,
    })
}

impl ObjectTree {
    /// Every binding, request side first, in tree order; checks that each peer exists,
    /// has the other role, and names this port back.
    pub fn bindings(&self) -> Result<Vec<Binding>, TreeError> {
        let mut out = Vec::new();
        for node in &self.nodes {
            for port in &node.ports {
                for (i, peer) in port.peers.iter().enumerate() {
                    let this = PortEnd {
                        port: PortRef {
                            owner: node.path.clone(),
                            port: port.name.clone(),
                        },
                        index: port.vector.then_some(i),
                    };
                    self.check_peer(&this, port.role, peer)?;
                    if port.role == PortRole::Request {
                        out.push(Binding {
                            requestor: this,
                            responder: peer.clone(),
                        });
                    }
                }
            }
        }
        Ok(out)
    }

    /// The binding of the request port `port` of the object at `path` (element `index`
    /// of a vector port): an error when the object has no such bound port.
    pub fn binding(
        &self,
        path: &str,
        port: &str,
        index: Option<usize>,
    ) -> Result<Binding, TreeError> {
        let node = self.node(path)?;
        let this = PortEnd {
            port: PortRef {
                owner: path.to_string(),
                port: port.to_string(),
            },
            index,
        };
        let unbound = || TreeError::BadBinding {
            port: this.to_string(),
            what: "is not bound to any peer".into(),
        };
        let entry = node.port(port).ok_or_else(unbound)?;
        let peer = match (entry.vector, index) {
            (true, Some(i)) => entry.peers.get(i),
            (false, None) => entry.peers.first(),
            _ => None,
        }
        .ok_or_else(unbound)?;
        self.check_peer(&this, entry.role, peer)?;
        if entry.role != PortRole::Request {
            return Err(TreeError::BadBinding {
                port: this.to_string(),
                what: format!("is a response port (bound to {peer}); ask for the request side"),
            });
        }
        Ok(Binding {
            requestor: this,
            responder: peer.clone(),
        })
    }

    /// Check that `peer` exists, has the role opposite to `role` and lists `this` back.
    fn check_peer(&self, this: &PortEnd, role: PortRole, peer: &PortEnd) -> Result<(), TreeError> {
        let unknown = |why: String| TreeError::UnknownPeer {
            from: this.to_string(),
            peer: peer.to_string(),
            why,
        };
        let owner = self
            .get(&peer.port.owner)
            .ok_or_else(|| unknown(format!("no object has the path {}", peer.port.owner)))?;
        let back = owner.port(&peer.port.port).ok_or_else(|| {
            unknown(format!(
                "{} ({}) has no connected port {}",
                owner.path, owner.type_name, peer.port.port
            ))
        })?;
        if back.role == role {
            return Err(TreeError::BadBinding {
                port: this.to_string(),
                what: format!(
                    "is bound to {peer}, but both are {} ports",
                    if role == PortRole::Request {
                        "request"
                    } else {
                        "response"
                    }
                ),
            });
        }
        let named = match (back.vector, peer.index) {
            (true, Some(i)) => back.peers.get(i),
            (false, None) => back.peers.first(),
            _ => None,
        };
        match named {
            Some(end) if end == this => Ok(()),
            other => Err(TreeError::Asymmetric {
                from: this.to_string(),
                peer: peer.to_string(),
                back: other.map_or_else(|| "nothing".to_string(), ToString::to_string),
            }),
        }
    }
}
