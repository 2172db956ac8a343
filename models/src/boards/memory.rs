//! The memory behind the memory bus: a `SimpleMemory` or a DRAM controller preset,
//! named `system.mem_ctrls` as gem5's `MemConfig` names it.

use super::spec::MemoryKind;
use crate::mem::dram::{DramCtrl, DramParams};
use crate::mem::{SimpleMemory, SimpleMemoryParams};
use sim_core::component::{Component, PortRef};
use sim_core::mem::BackingStore;
use sim_core::system::BuildError;
use sim_core::{AddrRange, SystemBuilder};
use std::sync::Arc;

/// Component path of the memory.
pub const MEM_CTRL_PATH: &str = "system.mem_ctrls";

/// Add the memory of `kind` serving `range` from `store` and connect it to `bus_port`.
pub fn build_memory(
    b: &mut SystemBuilder,
    kind: MemoryKind,
    range: AddrRange,
    store: Arc<BackingStore>,
    bus_port: PortRef,
) -> Result<(), BuildError> {
    let mem: Box<dyn Component> = match kind {
        MemoryKind::Simple => Box::new(SimpleMemory::new(SimpleMemoryParams::new(range), store)),
        MemoryKind::Ddr3_1600 => Box::new(DramCtrl::new(DramParams::ddr3_1600_8x8(range), store)),
        MemoryKind::Ddr4_2400 => Box::new(DramCtrl::new(DramParams::ddr4_2400_8x8(range), store)),
    };
    let mem = b.add(MEM_CTRL_PATH, mem)?;
    let port = b.port(mem, "port")?;
    b.connect(bus_port, port)
}
