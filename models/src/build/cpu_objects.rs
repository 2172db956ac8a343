//! The CPU models as tree nodes: `AtomicSimpleCPU` and `TimingSimpleCPU` (config
//! types `BaseAtomicSimpleCPU`, `BaseTimingSimpleCPU`), with their operating-system
//! side from the SE kernel.

use super::clock::clock_of;
use super::env::SeEnv;
use super::Built;
use crate::cpu::{AtomicCpu, SimpleCpuParams, ThreadOs, TimingCpu};
use sim_core::arch::Isa;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};

/// Config types of the CPU models.
pub const CPU_TYPES: &[&str] = &[
    "BaseAtomicSimpleCPU",
    "BaseTimingSimpleCPU",
    "BaseMinorCPU",
    "BaseO3CPU",
];

/// Parameters the CPU constructors read.
pub const CPU_PARAMS: &[&str] = &[
    "clk_domain",
    "system",
    "cpu_id",
    "max_insts_any_thread",
    "numThreads",
    "switched_out",
    "workload",
];

/// The simple-CPU parameters of `node`; registers the CPU with the kernel.
pub(super) fn simple_params<I: Isa>(
    node: &ObjectNode,
    ctx: &BuildCtx,
    env: &SeEnv<I>,
) -> Result<(SimpleCpuParams, usize), BuildError> {
    let invalid = |what: String| super::invalid_at(&node.path, what);
    let threads = node.u64("numThreads")?;
    if threads != 1 {
        return Err(invalid(format!(
            "numThreads: is {threads}; allowed values: 1 (a simple CPU runs one hardware \
             thread; the SE kernel schedules software threads over the CPUs)"
        )));
    }
    if node.bool("switched_out")? {
        return Err(invalid(
            "switched_out: is True; allowed values: False (CPU switching is not supported yet)"
                .into(),
        ));
    }
    let index = {
        let mut cpus = env.cpus.borrow_mut();
        cpus.push(node.path.clone());
        cpus.len() - 1
    };
    let cpu_id = match node.i64("cpu_id")? {
        -1 => index as u32,
        id => u32::try_from(id).map_err(|_| {
            invalid(format!(
                "cpu_id: is {id}; allowed values: -1 (numbered in order) or 0 to {}",
                u32::MAX
            ))
        })?,
    };
    let max = node.u64("max_insts_any_thread")?;
    Ok((
        SimpleCpuParams {
            clock: clock_of(node, ctx)?,
            cpu_id,
            max_insts: (max > 0).then_some(max),
            trace_exec: env.opts.trace_exec,
            monitor: Some(env.monitor.clone()),
            start_idle: true,
        },
        index,
    ))
}

/// gem5's check at CPU init: the system's `mem_mode` must be the one the CPU model
/// needs (`atomic` for the atomic CPU, `timing` for the timing CPU).
pub(super) fn check_mem_mode(
    node: &ObjectNode,
    ctx: &BuildCtx,
    needed: &str,
) -> Result<(), BuildError> {
    let Some(system) = node.object_ref("system")? else {
        return Ok(());
    };
    let system = ctx.node(&system)?;
    let mode = system.string("mem_mode")?;
    let ok = match needed {
        "atomic" => mode == "atomic" || mode == "atomic_noncaching",
        _ => mode == needed,
    };
    if ok {
        return Ok(());
    }
    Err(BuildError::Invalid {
        path: format!("{}.mem_mode", system.path),
        what: format!(
            "is {mode}; allowed values: {needed} (the memory mode {} ({}) needs)",
            node.path, node.type_name
        ),
    })
}

/// The OS side of CPU `index` (none when only listing types).
pub(super) fn os_of<I: Isa>(env: &SeEnv<I>, index: usize) -> Option<Box<dyn ThreadOs<I::Regs>>> {
    let kernel = env.kernel.as_ref()?;
    Some(Box::new(kernel.cpu_os(index)))
}

/// An `AtomicSimpleCPU`.
pub fn atomic_cpu<I: Isa>(
    node: &ObjectNode,
    ctx: &BuildCtx,
    env: &SeEnv<I>,
) -> Result<Built, BuildError> {
    check_mem_mode(node, ctx, "atomic")?;
    let (params, index) = simple_params(node, ctx, env)?;
    Ok(Built::Component(Box::new(AtomicCpu::<I>::new(
        params,
        I::Regs::default(),
        0,
        os_of(env, index),
    ))))
}

/// A `TimingSimpleCPU`.
pub fn timing_cpu<I: Isa>(
    node: &ObjectNode,
    ctx: &BuildCtx,
    env: &SeEnv<I>,
) -> Result<Built, BuildError> {
    check_mem_mode(node, ctx, "timing")?;
    let (params, index) = simple_params(node, ctx, env)?;
    Ok(Built::Component(Box::new(TimingCpu::<I>::new(
        params,
        I::Regs::default(),
        0,
        os_of(env, index),
    ))))
}
