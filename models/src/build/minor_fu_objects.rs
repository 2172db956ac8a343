//! The in-order CPU's functional-unit pool as tree nodes (gem5's
//! `MinorFUPool` of `MinorFU`s, each with a `MinorOpClassSet` of
//! `MinorOpClass`es and `MinorFUTiming` rules), read as parts of the CPU's
//! `executeFuncUnits`.

use crate::cpu::minor::fu_pool::FuDesc;
use crate::cpu::minor::fu_timing::FuTiming;
use sim_core::arch::OpClass;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// The functional-unit types and the parameters read from them.
pub const FU_TYPES: &[(&str, &[&str])] = &[
    ("MinorFUPool", &["funcUnits"]),
    ("MinorFU", &["opClasses", "opLat", "issueLat", "timings"]),
    ("MinorOpClassSet", &["opClasses"]),
    ("MinorOpClass", &["opClass"]),
    (
        "MinorFUTiming",
        &[
            "mask",
            "opClasses",
            "srcRegsRelativeLats",
            "extraAssumedLat",
            "extraCommitLat",
        ],
    ),
];

/// The op classes of the `MinorOpClassSet` at `path` (None: no set). gem5's
/// classes no decoded instruction here has are left out.
fn op_class_set(path: Option<String>, ctx: &BuildCtx) -> Result<Vec<OpClass>, BuildError> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let set = ctx.node(&path)?;
    let mut classes = Vec::new();
    for p in set.object_refs("opClasses")? {
        let name = ctx.node(&p)?.string("opClass")?;
        if let Some(c) = OpClass::ALL.iter().find(|c| c.name() == name) {
            classes.push(*c);
        }
    }
    Ok(classes)
}

/// The timing rules of a `MinorFU` that match every instruction (`mask` 0).
fn timings(fu: &ObjectNode, ctx: &BuildCtx) -> Result<Vec<FuTiming>, BuildError> {
    let mut rules = Vec::new();
    for p in fu.object_refs("timings")? {
        let t = ctx.node(&p)?;
        if t.u64("mask")? != 0 {
            continue;
        }
        rules.push(FuTiming {
            op_classes: op_class_set(t.object_ref("opClasses")?, ctx)?,
            src_regs_relative_lats: t.u64_vec("srcRegsRelativeLats")?,
            extra_assumed_lat: t.u64("extraAssumedLat")?,
            extra_commit_lat: t.u64("extraCommitLat")?,
        });
    }
    Ok(rules)
}

/// The units and their timing rules of the CPU's `executeFuncUnits`; gem5's
/// `MinorDefaultFUPool` when the node has none (a `sim se` tree).
pub fn func_units(
    cpu: &ObjectNode,
    ctx: &BuildCtx,
) -> Result<(Vec<FuDesc>, Vec<Vec<FuTiming>>), BuildError> {
    let absent = !cpu.params.contains_key("executeFuncUnits")
        && !cpu.child_attrs.contains_key("executeFuncUnits");
    if absent {
        return Ok((
            FuDesc::minor_default_pool(),
            FuTiming::minor_default_timings(),
        ));
    }
    let Some(pool) = cpu.object_ref("executeFuncUnits")? else {
        return Err(super::invalid_at(
            &cpu.path,
            "executeFuncUnits: is NULL; allowed values: a MinorFUPool".into(),
        ));
    };
    let pool = ctx.node(&pool)?;
    let (mut units, mut rules) = (Vec::new(), Vec::new());
    for p in pool.object_refs("funcUnits")? {
        let fu = ctx.node(&p)?;
        units.push(FuDesc {
            op_classes: op_class_set(fu.object_ref("opClasses")?, ctx)?,
            op_lat: fu.u64("opLat")?,
            issue_lat: fu.u64("issueLat")?,
        });
        rules.push(timings(fu, ctx)?);
    }
    Ok((units, rules))
}
