//! Request ports of objects that send nothing in syscall emulation: the system's
//! own port (gem5's `system.system_port`, for functional accesses by loaders and
//! debuggers; the SE loader writes memory directly) and the page-table walkers'
//! ports (SE has no page tables to walk; full system will). gem5's scripts connect
//! them to a crossbar, and the crossbar port they take exists, as in gem5.

use sim_core::component::{Component, PortDecl};
use std::any::Any;

/// An object whose one request port is connected but stays idle.
pub struct IdlePort {
    /// The object's config type (`System`, `RiscvPagetableWalker`).
    pub type_name: &'static str,
    /// The port (`system_port`, `port`).
    pub port: &'static str,
}

impl Component for IdlePort {
    fn type_name(&self) -> &'static str {
        self.type_name
    }
    fn ports(&self) -> Vec<PortDecl> {
        vec![PortDecl::request(self.port)]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
