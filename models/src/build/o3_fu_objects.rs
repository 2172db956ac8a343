//! The out-of-order CPU's functional-unit pool as tree nodes (gem5's `FUPool`
//! of `FUDesc`s, each a `count` of units serving the `OpDesc`s of its
//! `opList`), read as parts of the CPU's `fuPool`.

use crate::cpu::o3::fu_pool::{FuUnit, OpDesc};
use sim_core::arch::OpClass;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// The functional-unit types and the parameters read from them.
pub const O3_FU_TYPES: &[(&str, &[&str])] = &[
    ("FUPool", &["FUList"]),
    ("FUDesc", &["count", "opList"]),
    ("OpDesc", &["opClass", "opLat", "pipelined"]),
];

/// The `OpDesc`s of an `FUDesc`. gem5's classes no decoded instruction here
/// has are left out.
fn op_list(fu: &ObjectNode, ctx: &BuildCtx) -> Result<Vec<OpDesc>, BuildError> {
    let mut ops = Vec::new();
    for p in fu.object_refs("opList")? {
        let desc = ctx.node(&p)?;
        let name = desc.string("opClass")?;
        if let Some(class) = OpClass::ALL.iter().find(|c| c.name() == name) {
            ops.push(OpDesc {
                class: *class,
                op_lat: desc.u64("opLat")?,
                pipelined: desc.bool("pipelined")?,
            });
        }
    }
    Ok(ops)
}

/// The unit types of the CPU's `fuPool`; gem5's `DefaultFUPool` when the node
/// has none (a `sim se` tree).
pub fn fu_pool(cpu: &ObjectNode, ctx: &BuildCtx) -> Result<Vec<FuUnit>, BuildError> {
    let absent = !cpu.params.contains_key("fuPool") && !cpu.child_attrs.contains_key("fuPool");
    if absent {
        return Ok(FuUnit::default_pool());
    }
    let Some(pool) = cpu.object_ref("fuPool")? else {
        return Err(super::invalid_at(
            &cpu.path,
            "fuPool: is NULL; allowed values: an FUPool".into(),
        ));
    };
    let pool = ctx.node(&pool)?;
    let mut units = Vec::new();
    for p in pool.object_refs("FUList")? {
        let fu = ctx.node(&p)?;
        let count = fu.i64("count")?;
        let count = u32::try_from(count).map_err(|_| {
            super::invalid_at(
                &fu.path,
                format!("count: {count}; allowed values: 0 to {}", u32::MAX),
            )
        })?;
        units.push(FuUnit {
            name: fu.type_name.clone(),
            count,
            ops: op_list(fu, ctx)?,
        });
    }
    Ok(units)
}
