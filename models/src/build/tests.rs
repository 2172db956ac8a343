//! The builder on trees: se.py-shaped trees from [`se_tree`], and broken trees whose
//! errors must name the object, the parameter, the value and what is allowed.

use super::registry::{registry, PART_TYPES};
use super::se_tree::se_tree;
use super::*;
use crate::boards::se::SeOptions;
use crate::boards::spec::{CpuKind, HierarchyKind, HierarchySpec, MemoryKind};
use serde_json::Value;
use sim_core::Frequency;

fn options(kind: HierarchyKind, cores: usize) -> SeOptions {
    let mut o = SeOptions::new("/nonexistent/prog", vec!["a".into()]);
    o.num_cores = cores;
    o.hierarchy = HierarchySpec {
        kind,
        ..HierarchySpec::se()
    };
    o
}

fn tree_of(kind: HierarchyKind, cores: usize, mem: MemoryKind) -> Value {
    se_tree(
        &options(kind, cores),
        CpuKind::Timing,
        mem,
        (Frequency(2_000_000_000), Frequency(1_000_000_000)),
        512 << 20,
    )
}

fn paths(tree: &ObjectTree) -> Vec<String> {
    tree.nodes().iter().map(|n| n.path.clone()).collect()
}

#[test]
fn se_trees_have_se_py_names_and_consistent_ports() {
    let t = ObjectTree::from_value(&tree_of(
        HierarchyKind::PrivateL1SharedL2,
        2,
        MemoryKind::Ddr3_1600,
    ))
    .unwrap();
    let p = paths(&t);
    for want in [
        "system.cpu0",
        "system.cpu1.dcache",
        "system.cpu1.icache.replacement_policy",
        "system.l2",
        "system.tol2bus",
        "system.membus.snoop_filter",
        "system.mem_ctrls.dram",
        "system.cpu0.workload",
    ] {
        assert!(p.iter().any(|x| x == want), "{want} missing from {p:?}");
    }
    // Both ends of every binding name each other (bindings() checks), and the
    // shared L2's bus has one port per L1.
    let bindings = t.bindings().unwrap();
    assert_eq!(bindings.len(), 4 + 4 + 1 + 1 + 1);
    let bus = t.node("system.tol2bus").unwrap();
    assert_eq!(wiring::port_count(bus, "cpu_side_ports"), 4);
    // Only the first core has a process (one --cmd program).
    assert!(t.get("system.cpu1.workload").is_none());
}

#[test]
fn caches_show_snoops_up_only_when_a_cache_is_above() {
    let t = ObjectTree::from_value(&tree_of(
        HierarchyKind::PrivateL1PrivateL2,
        1,
        MemoryKind::Simple,
    ))
    .unwrap();
    let l1 = t.node("system.cpu.dcache").unwrap();
    let l2 = t.node("system.cpu.l2cache").unwrap();
    assert!(!wiring::has_cache_above(&t, l1));
    assert!(wiring::has_cache_above(&t, l2));
    let ranges = wiring::mem_side_ranges(&t, t.node("system.membus").unwrap()).unwrap();
    assert_eq!(ranges.len(), 1);
    assert_eq!(ranges[0].end.0, 512 << 20);
}

#[test]
fn the_registry_knows_every_type_a_tree_uses_and_lists_parameters() {
    let reg = registry::<isa_riscv::Riscv64>(env::SeEnv::detached());
    for kind in [
        HierarchyKind::NoCache,
        HierarchyKind::PrivateL1,
        HierarchyKind::PrivateL1PrivateL2,
        HierarchyKind::PrivateL1SharedL2,
    ] {
        for mem in [MemoryKind::Simple, MemoryKind::Ddr4_2400] {
            let t = ObjectTree::from_value(&tree_of(kind, 2, mem)).unwrap();
            for n in t.nodes() {
                let params = reg.params_of(&n.type_name);
                let params = params.unwrap_or_else(|| panic!("{} unregistered", n.type_name));
                for p in params {
                    // A parameter the constructor reads is in the node (or is a child).
                    assert!(
                        n.params.contains_key(p)
                            || n.child_attrs.contains_key(p)
                            || [
                                "clk_domain",
                                "system",
                                "voltage_domain",
                                "domain_id",
                                "init_perf_level",
                                "env",
                                "input",
                                "output",
                                "errout",
                                "executable",
                                "numThreads",
                                "switched_out",
                                "workload"
                            ]
                            .contains(&p.as_str()),
                        "{}: {} has no {p}",
                        n.path,
                        n.type_name
                    );
                }
            }
        }
    }
    assert!(PART_TYPES.iter().all(|t| reg.params_of(t).is_some()));
    let all = registered_params();
    assert!(all
        .iter()
        .any(|(t, p)| t == "Cache" && p.contains(&"writeback_clean".to_string())));
}

#[test]
fn bad_trees_name_the_object_parameter_value_and_allowed_values() {
    let mut v = tree_of(HierarchyKind::PrivateL1, 1, MemoryKind::Simple);
    v["system"]["cpu"]["dcache"]["assoc"] = 0.into();
    v["system"]["cpu_clk_domain"]["clock"] = serde_json::json!([0]);
    let t = ObjectTree::from_value(&v).unwrap();
    let reg = registry::<isa_riscv::Riscv64>(env::SeEnv::detached());
    let mut ctx = sim_core::config::object_tree::BuildCtx::new(&t);
    let e = match reg.build(t.node("system.cpu.dcache").unwrap(), &mut ctx) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a zero associativity was accepted"),
    };
    assert!(
        e.contains("system.cpu.dcache") && e.contains("assoc"),
        "{e}"
    );
    let e = match reg.build(t.node("system.cpu.icache").unwrap(), &mut ctx) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a zero clock period was accepted"),
    };
    assert!(
        e.contains("system.cpu_clk_domain.clock") && e.contains("allowed"),
        "{e}"
    );

    let mut v = tree_of(HierarchyKind::NoCache, 1, MemoryKind::Simple);
    v["system"]["membus"]["type"] = "FancyXBar".into();
    let t = ObjectTree::from_value(&v).unwrap();
    let e = match reg.build(t.node("system.membus").unwrap(), &mut ctx) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("an unknown type was accepted"),
    };
    assert!(e.contains("FancyXBar") && e.contains("CoherentXBar"), "{e}");
}

#[test]
fn a_tree_without_workload_or_with_a_non_elf_binary_is_refused() {
    let mut v = tree_of(HierarchyKind::NoCache, 1, MemoryKind::Simple);
    v["system"]["cpu"]
        .as_object_mut()
        .unwrap()
        .remove("workload");
    let t = ObjectTree::from_value(&v).unwrap();
    let opts = TreeRunOptions {
        outdir: std::env::temp_dir(),
        trace_exec: false,
        paths: Default::default(),
    };
    let e = build_session(&t, &opts)
        .err()
        .expect("no workload")
        .to_string();
    assert!(e.contains("workload"), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a program").unwrap();
    let mut v = tree_of(HierarchyKind::NoCache, 1, MemoryKind::Simple);
    v["system"]["cpu"]["workload"][0]["executable"] = text.to_string_lossy().as_ref().into();
    let t = ObjectTree::from_value(&v).unwrap();
    let e = build_session(&t, &opts)
        .err()
        .expect("not an ELF")
        .to_string();
    assert!(e.contains("not an ELF"), "{e}");
}

#[test]
fn interleaved_slices_split_addresses_as_gem5_masks_do() {
    use crate::mem::Interleave;
    // Two channels on bit 6 (64-byte lines), one XORed with bit 20 as gem5's
    // xorHighBit does.
    let plain = [0, 1].map(|select| Interleave {
        masks: vec![1 << 6],
        select,
    });
    let xored = [0, 1].map(|select| Interleave {
        masks: vec![(1 << 6) | (1 << 20)],
        select,
    });
    for addr in (0..1u64 << 22).step_by(64 * 7 + 8) {
        for slices in [&plain, &xored] {
            let holders: Vec<bool> = slices.iter().map(|s| s.holds(addr)).collect();
            assert_eq!(holders.iter().filter(|h| **h).count(), 1, "{addr:#x}");
        }
        assert_eq!(plain[1].holds(addr), addr & 64 != 0);
        assert_eq!(xored[1].holds(addr), ((addr >> 6) ^ (addr >> 20)) & 1 == 1);
    }
}

#[test]
fn se_py_redirects_become_system_redirect_paths_and_reach_the_path_map() {
    use crate::se::{PathMap, RedirectPath};
    for n in [1, 2] {
        let mut opts = options(HierarchyKind::NoCache, 1);
        opts.paths.redirects = (0..n)
            .map(|i| RedirectPath::parse(&format!("/lib{i}=/host/lib{i}")).unwrap())
            .collect();
        let v = se_tree(
            &opts,
            CpuKind::Atomic,
            MemoryKind::Simple,
            (Frequency(2_000_000_000), Frequency(1_000_000_000)),
            512 << 20,
        );
        let t = ObjectTree::from_value(&v).unwrap();
        let base = PathMap {
            interp_dir: Some("/opt".into()),
            ..PathMap::default()
        };
        let map = env::paths_of(&t, &base).unwrap();
        assert_eq!(map.redirects, opts.paths.redirects, "{n} redirects");
        assert_eq!(map.interp_dir, base.interp_dir);
        let names: Vec<String> = paths(&t)
            .into_iter()
            .filter(|p| p.starts_with("system.redirect_paths"))
            .collect();
        let expect: Vec<String> = if n == 1 {
            vec!["system.redirect_paths".into()]
        } else {
            vec![
                "system.redirect_paths0".into(),
                "system.redirect_paths1".into(),
            ]
        };
        assert_eq!(names, expect);
    }
}
