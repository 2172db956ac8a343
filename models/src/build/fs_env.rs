//! Building a full-system tree: as [`super::env::build`] for SE, but with no
//! processes and no SE kernel (the CPUs get no OS side; the guest brings its own),
//! and a hook that adds the board's extra components before the system is built.

use super::env::{SeEnv, TreeRunOptions};
use super::registry::registry;
use super::wiring::connect_all;
use super::Built;
use crate::boards::se::SeError;
use sim_core::arch::Isa;
use sim_core::component::ComponentId;
use sim_core::config::object_tree::{BuildCtx, ObjectTree};
use sim_core::mem::BackingStore;
use sim_core::{Simulation, SystemBuilder};
use std::collections::HashMap;
use std::sync::Arc;

/// A built full-system simulation, not started yet (CPUs can still be set up).
pub struct FsBuilt {
    /// The simulation.
    pub sim: Simulation,
    /// The CPU components, in tree order (hart 0 first).
    pub cpus: Vec<ComponentId>,
    /// The memory every memory component serves from.
    pub store: Arc<BackingStore>,
    /// What the platform devices share (hart interrupt lines, the timebase).
    pub wiring: Option<std::rc::Rc<super::dev_objects::FsWiring>>,
}

/// Build `tree` for ISA `I` with its memories serving from `store` (covering
/// every memory's range); `extra` adds components that are not tree nodes (it sees
/// the ids of the tree's components by path) before the ports are connected.
pub fn build_fs<I: Isa>(
    tree: &ObjectTree,
    opts: &TreeRunOptions,
    store: Arc<BackingStore>,
    extra: impl FnOnce(&mut SystemBuilder, &HashMap<String, ComponentId>) -> Result<(), SeError>,
) -> Result<FsBuilt, SeError> {
    let env = SeEnv::<I>::full_system(store.clone(), opts.clone());
    let reg = registry::<I>(env.clone());
    let mut b = SystemBuilder::new();
    let mut ids: HashMap<String, ComponentId> = HashMap::new();
    let mut cpus = Vec::new();
    let mut ctx = BuildCtx::new(tree);
    for node in tree.nodes() {
        if let Built::Component(c) = reg.build(node, &mut ctx)? {
            let id = b.add(&node.path, c)?;
            ids.insert(node.path.clone(), id);
            if env.cpus.borrow().contains(&node.path) {
                cpus.push(id);
            }
        }
    }
    extra(&mut b, &ids)?;
    connect_all(tree, &ids, &mut b)?;
    let system = b.build()?;
    let sim = Simulation::new(system, &opts.outdir)?;
    let wiring = env.wiring.borrow().clone();
    Ok(FsBuilt {
        sim,
        cpus,
        store,
        wiring,
    })
}
