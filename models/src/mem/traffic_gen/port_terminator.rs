//! gem5's `PortTerminator`: the end of ports nothing uses (a generator core's
//! instruction and walker ports). It never sends; nothing is sent to it.

use sim_core::component::{Component, PortDecl};
use sim_core::config::object_tree::ObjectNode;
use std::any::Any;

/// Holds `req_ports[0..n]` and `resp_ports[0..m]`, all silent.
pub struct PortTerminator {
    req_ports: usize,
    resp_ports: usize,
}

impl PortTerminator {
    /// A terminator for `req_ports` request and `resp_ports` response ports (as
    /// many as the tree connects).
    pub fn new(req_ports: usize, resp_ports: usize) -> Self {
        PortTerminator {
            req_ports,
            resp_ports,
        }
    }

    /// A terminator with as many ports as the tree connects to `node`'s
    /// `req_ports` and `resp_ports`.
    pub fn from_node(node: &ObjectNode) -> Self {
        let count = |name: &str| node.port(name).map_or(0, |p| p.peers.len());
        PortTerminator::new(count("req_ports"), count("resp_ports"))
    }
}

impl Component for PortTerminator {
    fn type_name(&self) -> &'static str {
        "PortTerminator"
    }

    fn ports(&self) -> Vec<PortDecl> {
        let req = (0..self.req_ports).map(|i| PortDecl::request(format!("req_ports[{i}]")));
        let resp = (0..self.resp_ports).map(|i| PortDecl::response(format!("resp_ports[{i}]")));
        req.chain(resp).collect()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
