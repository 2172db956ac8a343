//! Building a system from gem5's object tree: the one way systems are built.
//!
//! `sim.objects.instantiate_tree(root)` (Python scripts, the stdlib) and
//! [`se_tree::se_tree`] (`sim se`, with se.py's names) both describe a system as a
//! resolved tree in gem5's config.json layout ([`ObjectTree`]). [`build_session`]
//! picks the ISA from the workload's binaries, then walks the tree parents first:
//! [`registry::registry`] maps each node's gem5 type name to the constructor that
//! reads the node's parameters and makes its component (a CPU, a cache, a crossbar,
//! a memory), or accepts it as a part that another constructor reads (a clock domain,
//! a snoop filter, a DRAM interface, a process). Components are added under the node's
//! path, so stats and traces are named by the tree; then every port binding of the tree
//! becomes a connection.
//!
//! A new component type is one registration in [`registry`] plus its Python class; a
//! test compares the parameters each constructor reads with the Python declarations.

pub(crate) mod bpred_nodes;
pub(crate) mod bpred_objects;
mod clock;
mod cpu_objects;
pub mod dev_objects;
#[cfg(test)]
mod dev_tests;
pub(crate) mod env;
pub mod fs_env;
mod isa_select;
mod memory_objects;
mod minor_fu_objects;
mod minor_objects;
mod o3_objects;
pub mod registry;
pub mod se_tree;
mod system_port;
#[cfg(test)]
mod tests;
mod wiring;

pub use env::TreeRunOptions;
pub use isa_select::{elf_machine, isa_for_machine, IsaChoice};

use crate::boards::se::SeError;
use crate::boards::session::SeSession;
use sim_core::component::Component;
use sim_core::config::object_tree::{BuildError, ObjectTree};

/// What a constructor makes of a node.
pub enum Built {
    /// A simulated component, added to the system under the node's path.
    Component(Box<dyn Component>),
    /// A part read by the constructor of another node (a clock domain, a snoop
    /// filter, a DRAM interface, a process), or a grouping object (`Root`,
    /// `SubSystem`); nothing is added for it.
    Part,
}

/// Build the system `tree` describes for the ISA of its workload's binaries, ready
/// to simulate (config files are the caller's: see [`SeSession::write_config`]).
///
/// A tree whose `Root.full_system` is true is a full-system board (see
/// [`crate::boards::fs::session`]); HTIF console output then goes to stdout.
pub fn build_session(tree: &ObjectTree, opts: &TreeRunOptions) -> Result<SeSession, SeError> {
    if tree.root().bool("full_system").unwrap_or(false) {
        use crate::boards::fs::{session::build_fs_session, FsError};
        return build_fs_session(tree, opts, Box::new(std::io::stdout())).map_err(|e| match e {
            FsError::System(e) => e,
            other => SeError::Config(other.to_string()),
        });
    }
    match isa_select::isa_of_tree(tree)? {
        IsaChoice::Riscv => env::build::<isa_riscv::Riscv64>(tree, opts),
    }
}

/// `{type name: parameters its constructor reads}` for every registered type, for
/// the test that keeps the Python declarations and the Rust readers in step.
pub fn registered_params() -> Vec<(String, Vec<String>)> {
    let reg =
        registry::registry::<isa_riscv::Riscv64>(env::SeEnv::<isa_riscv::Riscv64>::detached());
    reg.types()
        .map(|t| (t.to_string(), reg.params_of(t).unwrap_or(&[]).to_vec()))
        .collect()
}

/// An invalid-parameter error of the object at `path`. A `what` starting with
/// `param: ` names the parameter: the error's path becomes `path.param`, so the
/// message reads `board.cache_hierarchy.l1dcaches.size: is 100; allowed values: ...`
/// (a `what` starting with a dotted path keeps that path).
pub(crate) fn invalid_at(path: &str, what: String) -> BuildError {
    if let Some((head, rest)) = what.split_once(": ") {
        if !head.is_empty() && !head.contains(' ') {
            let full = if head.contains('.') {
                head.to_string()
            } else {
                format!("{path}.{head}")
            };
            return BuildError::Invalid {
                path: full,
                what: rest.to_string(),
            };
        }
    }
    BuildError::Invalid {
        path: path.to_string(),
        what,
    }
}

impl From<BuildError> for SeError {
    fn from(e: BuildError) -> Self {
        SeError::Config(e.to_string())
    }
}
