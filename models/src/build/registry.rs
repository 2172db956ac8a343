//! The registry: every gem5 type name a tree may hold, with the parameters its
//! constructor reads and the constructor. Adding a component type is one
//! `register` call here plus its Python class in `python/sim/objects/`.

use super::bpred_objects::{branch_predictors, PREDICTOR_PARTS};
use super::clock::{DERIVED_CLOCK_DOMAIN_PARAMS, SRC_CLOCK_DOMAIN_PARAMS};
use super::cpu_objects::{atomic_cpu, timing_cpu, CPU_PARAMS};
use super::dev_objects as dev;
use super::env::SeEnv;
use super::memory_objects::{
    cache, coherent_xbar, mem_ctrl, mem_ctrl_params, noncoherent_xbar, simple_memory, CACHE_PARAMS,
    COHERENT_XBAR_PARAMS, SIMPLE_MEMORY_PARAMS, SNOOP_FILTER_PARAMS, STRIDE_PREFETCHER_PARAMS,
    XBAR_PARAMS,
};
use super::minor_fu_objects::FU_TYPES;
use super::minor_objects::{minor_cpu, minor_params};
use super::o3_objects::{o3_cpu, o3_params};
use super::system_port::IdlePort;
use super::Built;
use crate::boards::fs::workload as fs_workload;
use crate::mem::dram::{HbmCtrl, DRAM_INTERFACE_PARAMS, HBM_CTRL_PARAMS};
use crate::mem::traffic_gen::{PortTerminator, TrafficGen, TrafficGenParams, TRAFFIC_GEN_PARAMS};
use sim_core::arch::Isa;
use sim_core::config::object_tree::{BuildCtx, BuildError, Constructor, ObjectNode, Registry};
use sim_core::mem::BackingStore;
use std::rc::Rc;
use std::sync::Arc;

/// Parameters of a `Process` the SE loader reads.
pub const PROCESS_PARAMS: &[&str] = &["cmd", "env", "errout", "executable", "input", "output"];

/// Parameters of a `System` the builder reads.
pub const SYSTEM_PARAMS: &[&str] = &[
    "cache_line_size",
    "mem_ranges",
    "redirect_paths",
    "readfile",
];

/// Parameters of a `RedirectPath` (read through its system's `redirect_paths`).
pub const REDIRECT_PATH_PARAMS: &[&str] = &["app_path", "host_paths"];

/// Types that group objects or configure another object's constructor, and model
/// nothing of their own in SE mode (the CPU's ISA, MMU and interrupt objects are
/// full-system parts: they carry gem5's parameters so scripts and config files
/// match gem5).
pub const PART_TYPES: &[&str] = &[
    "Root",
    "SubSystem",
    "VoltageDomain",
    "RiscvEmuLinux",
    "StubWorkload",
    "BaseSetAssoc",
    "SetAssociative",
    "StridePrefetcherHashedSetAssociative",
    "WriteAllocator",
    "RiscvInterrupts",
    "RiscvISA",
    "RiscvMMU",
    "RiscvTLB",
    "PMAChecker",
    "PMP",
    "ExeTracer",
    "InstDisassembler",
    "RiscvDecoder",
    "PowerState",
    "DVFSHandler",
];

/// The replacement policies (read by their cache).
const REPLACEMENT_POLICIES: &[&str] = &["LRURP", "RandomRP", "TreePLRURP", "BRRIPRP"];

/// What a device constructor returns.
type DevResult = Result<Built, BuildError>;

fn joined(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    a.iter().chain(b).copied().collect()
}

/// The registry for SE systems of ISA `I`, sharing `env` (the kernel, the CPUs).
pub fn registry<I: Isa>(env: Rc<SeEnv<I>>) -> Registry<Built> {
    let mut r = Registry::new();
    let mut add = |name: &str, params: &[&str], f: Constructor<Built>| {
        r.register(name, params, f)
            .expect("each type is registered once in this function");
    };
    let store: Option<Arc<BackingStore>> = env.store.clone();

    let e = env.clone();
    add(
        "BaseAtomicSimpleCPU",
        CPU_PARAMS,
        Box::new(move |n, c| atomic_cpu(n, c, &e)),
    );
    let e = env.clone();
    add(
        "BaseTimingSimpleCPU",
        CPU_PARAMS,
        Box::new(move |n, c| timing_cpu(n, c, &e)),
    );
    let e = env.clone();
    add(
        "BaseMinorCPU",
        &minor_params(),
        Box::new(move |n, c| minor_cpu(n, c, &e)),
    );
    let e = env.clone();
    add(
        "BaseO3CPU",
        &o3_params(),
        Box::new(move |n, c| o3_cpu(n, c, &e)),
    );
    for (name, params) in branch_predictors() {
        add(name, &params, Box::new(|_, _| Ok(Built::Part)));
    }
    for (name, params) in PREDICTOR_PARTS.iter().chain(FU_TYPES) {
        add(name, params, Box::new(|_, _| Ok(Built::Part)));
    }
    add("Cache", CACHE_PARAMS, Box::new(|n, c| cache(n, c)));
    add(
        "CoherentXBar",
        &joined(XBAR_PARAMS, COHERENT_XBAR_PARAMS),
        Box::new(|n, c| coherent_xbar(n, c)),
    );
    add(
        "NoncoherentXBar",
        XBAR_PARAMS,
        Box::new(|n, c| noncoherent_xbar(n, c)),
    );
    let s = store.clone();
    add(
        "SimpleMemory",
        SIMPLE_MEMORY_PARAMS,
        Box::new(move |n, _| simple_memory(n, s.as_ref())),
    );
    let s = store.clone();
    add(
        "MemCtrl",
        &mem_ctrl_params(),
        Box::new(move |n, c| mem_ctrl(n, c, s.as_ref())),
    );
    let s = store.clone();
    add(
        "HBMCtrl",
        HBM_CTRL_PARAMS,
        Box::new(move |n, c| {
            Ok(match &s {
                Some(store) => Built::Component(Box::new(HbmCtrl::from_node(n, c, store.clone())?)),
                None => Built::Part,
            })
        }),
    );
    add(
        "PyTrafficGen",
        TRAFFIC_GEN_PARAMS,
        Box::new(|n, c| {
            Ok(Built::Component(Box::new(TrafficGen::new(
                TrafficGenParams::from_tree(n, c)?,
            ))))
        }),
    );
    add(
        "PortTerminator",
        &[],
        Box::new(|n, _| Ok(Built::Component(Box::new(PortTerminator::from_node(n))))),
    );
    let live = store.is_some();
    let idle = move |type_name: &'static str, port: &'static str| -> Constructor<Built> {
        Box::new(move |n, _| {
            Ok(if live && n.port(port).is_some() {
                Built::Component(Box::new(IdlePort { type_name, port }))
            } else {
                Built::Part
            })
        })
    };
    add("System", SYSTEM_PARAMS, idle("System", "system_port"));
    add(
        "RiscvPagetableWalker",
        &[],
        idle("RiscvPagetableWalker", "port"),
    );
    add(
        "SrcClockDomain",
        SRC_CLOCK_DOMAIN_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    add(
        "DerivedClockDomain",
        DERIVED_CLOCK_DOMAIN_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    add("Process", PROCESS_PARAMS, Box::new(|_, _| Ok(Built::Part)));
    add(
        "RedirectPath",
        REDIRECT_PATH_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    add(
        "SnoopFilter",
        SNOOP_FILTER_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    add(
        "DRAMInterface",
        DRAM_INTERFACE_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    add(
        "StridePrefetcher",
        STRIDE_PREFETCHER_PARAMS,
        Box::new(|_, _| Ok(Built::Part)),
    );
    // Full-system platform devices, sharing one set of interrupt lines.
    let w = Rc::new(dev::FsWiring::new(store.clone(), env.opts.outdir.clone()));
    env.wiring.replace(Some(w.clone()));
    let live = store.is_some();
    let device = move |f: fn(&ObjectNode, &mut BuildCtx, &dev::FsWiring) -> DevResult| -> Constructor<Built> {
        let w = w.clone();
        Box::new(move |n, c| if live { f(n, c, &w) } else { Ok(Built::Part) })
    };
    add(
        "Clint",
        dev::CLINT_PARAMS,
        device(|n, _, w| dev::clint(n, w)),
    );
    add("Plic", dev::PLIC_PARAMS, device(|n, _, w| dev::plic(n, w)));
    add("Uart8250", dev::UART_PARAMS, device(dev::uart));
    add(
        "GoldfishRTC",
        dev::RTC_PARAMS,
        device(|n, _, w| dev::rtc(n, w)),
    );
    add(
        "RiscvTestFinisher",
        dev::PIO_PARAMS,
        device(|n, _, _| dev::test_finisher(n)),
    );
    add(
        "RiscvMmioVirtIO",
        dev::VIRTIO_MMIO_PARAMS,
        device(dev::virtio_mmio),
    );
    for (name, params) in [
        ("VirtIOBlock", dev::VIRTIO_BLOCK_PARAMS),
        ("VirtIODummyDevice", &[]),
        ("CowDiskImage", dev::COW_DISK_PARAMS),
        ("RawDiskImage", dev::RAW_DISK_PARAMS),
        ("Terminal", dev::TERMINAL_PARAMS),
        (
            fs_workload::BOOTLOADER_KERNEL_TYPE,
            fs_workload::BOOTLOADER_KERNEL_PARAMS,
        ),
        (fs_workload::BARE_METAL_TYPE, fs_workload::BARE_METAL_PARAMS),
    ] {
        add(name, params, Box::new(|_, _| Ok(Built::Part)));
    }
    for name in REPLACEMENT_POLICIES.iter().chain(PART_TYPES) {
        add(name, &[], Box::new(|_, _| Ok(Built::Part)));
    }
    r
}
