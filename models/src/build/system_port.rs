//! The system's own port (gem5's `system.system_port`): the request port through
//! which a system reaches memory for functional accesses (loaders, debuggers).
//! Scripts connect it to the memory bus, as gem5 requires; the SE loader writes
//! memory directly, so nothing is sent through it yet, but the crossbar port it
//! takes exists, as in gem5, and is named in the stats.

use sim_core::component::{Component, PortDecl};
use std::any::Any;

/// A `System` whose `system_port` is connected.
pub struct SystemPort;

impl Component for SystemPort {
    fn type_name(&self) -> &'static str {
        "System"
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request("system_port")]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
