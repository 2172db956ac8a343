//! The clock of a clocked object: its `clk_domain` (a `SrcClockDomain` with a list
//! of periods and a performance level, or a `DerivedClockDomain` dividing another).

use crate::boards::limits;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};
use sim_core::{Frequency, SIM_FREQ};

/// Parameters a `SrcClockDomain` constructor reads.
pub const SRC_CLOCK_DOMAIN_PARAMS: &[&str] = &["clock", "init_perf_level", "voltage_domain"];
/// Parameters a `DerivedClockDomain` constructor reads.
pub const DERIVED_CLOCK_DOMAIN_PARAMS: &[&str] = &["clk_domain", "clk_divider"];

/// The period in ticks of the clock domain at `path`.
fn domain_period(ctx: &BuildCtx, path: &str, depth: usize) -> Result<u64, BuildError> {
    let dom = ctx.node(path)?;
    let invalid = |what: String| super::invalid_at(&dom.path, what);
    match dom.type_name.as_str() {
        "SrcClockDomain" => {
            let clocks = dom.ticks_vec("clock")?;
            let level = dom.u64("init_perf_level").unwrap_or(0) as usize;
            let period = clocks.get(level).ok_or_else(|| {
                invalid(format!(
                    "init_perf_level: is {level}; allowed values: 0 to {} (one per clock)",
                    clocks.len().saturating_sub(1)
                ))
            })?;
            Ok(period.0)
        }
        "DerivedClockDomain" if depth < 16 => {
            let parent = dom.object_ref("clk_domain")?.ok_or_else(|| {
                invalid("clk_domain: is NULL; allowed values: a clock domain".into())
            })?;
            let divider = dom.u64("clk_divider")?.max(1);
            Ok(domain_period(ctx, &parent, depth + 1)?.saturating_mul(divider))
        }
        other => Err(invalid(format!(
            "is a {other}; allowed values: a SrcClockDomain or a DerivedClockDomain"
        ))),
    }
}

/// The frequency of `node`'s `clk_domain`, checked against the clock limits.
pub fn clock_of(node: &ObjectNode, ctx: &BuildCtx) -> Result<Frequency, BuildError> {
    let path = node.object_ref("clk_domain")?.ok_or_else(|| {
        super::invalid_at(
            &node.path,
            "clk_domain: is NULL; allowed values: a clock domain".into(),
        )
    })?;
    let period = domain_period(ctx, &path, 0)?;
    let hz = (SIM_FREQ + period / 2).checked_div(period).unwrap_or(0);
    let shown = format!("{hz}Hz (a period of {period} ticks)");
    limits::check_clock(&format!("{path}.clock"), Frequency(hz), &shown)
        .map_err(|e| super::invalid_at(&node.path, e.to_string()))
}
