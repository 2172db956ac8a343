//! Tests of reading a resolved tree. The fixture `sim-core/tests/data/simple_tree.json`
//! is `sim.objects.instantiate_tree` of learning_gem5's simple.py as
//! `python/tests/test_objects.py::simple_system` builds it (with the process's `cwd`
//! set to `/tmp`), written with `json.dumps(tree, indent=4)`.

use super::*;
use crate::{Addr, AddrRange, Tick};
use serde_json::json;

const SIMPLE: &str = include_str!("../../../tests/data/simple_tree.json");

fn simple() -> ObjectTree {
    ObjectTree::from_json(SIMPLE).expect("the fixture parses")
}

fn simple_value() -> Value {
    serde_json::from_str(SIMPLE).unwrap()
}

fn end(full: &str) -> PortEnd {
    PortEnd::parse(full).unwrap()
}

#[test]
fn fixture_nodes_are_in_tree_order_with_parents_and_children() {
    let tree = simple();
    let paths: Vec<&str> = tree.nodes().iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "root",
            "system",
            "system.clk_domain",
            "system.clk_domain.voltage_domain",
            "system.cpu",
            "system.cpu.decoder",
            "system.cpu.interrupts",
            "system.cpu.isa",
            "system.cpu.mmu",
            "system.cpu.mmu.dtb",
            "system.cpu.mmu.dtb.walker",
            "system.cpu.mmu.dtb.walker.power_state",
            "system.cpu.mmu.itb",
            "system.cpu.mmu.itb.walker",
            "system.cpu.mmu.itb.walker.power_state",
            "system.cpu.mmu.pma_checker",
            "system.cpu.mmu.pmp",
            "system.cpu.power_state",
            "system.cpu.tracer",
            "system.cpu.tracer.disassembler",
            "system.cpu.workload",
            "system.dvfs_handler",
            "system.mem_ctrl",
            "system.mem_ctrl.power_state",
            "system.membus",
            "system.membus.power_state",
            "system.membus.snoop_filter",
            "system.workload",
        ]
    );
    let root = tree.root();
    assert_eq!(
        (root.type_name.as_str(), root.parent.as_deref()),
        ("Root", None)
    );
    assert_eq!(root.children, ["system"]);
    let system = tree.node("system").unwrap();
    assert_eq!(system.parent.as_deref(), Some("root"));
    assert_eq!(
        system.children,
        [
            "clk_domain",
            "cpu",
            "dvfs_handler",
            "mem_ctrl",
            "membus",
            "workload"
        ]
    );
    let kids: Vec<&str> = tree.children(system).map(|n| n.path.as_str()).collect();
    assert_eq!(
        kids,
        [
            "system.clk_domain",
            "system.cpu",
            "system.dvfs_handler",
            "system.mem_ctrl",
            "system.membus",
            "system.workload"
        ]
    );
    let cpu = tree.node("system.cpu").unwrap();
    assert_eq!(cpu.type_name, "BaseTimingSimpleCPU");
    assert_eq!(cpu.cxx_class.as_deref(), Some("gem5::TimingSimpleCPU"));
    assert_eq!(cpu.parent.as_deref(), Some("system"));
    assert_eq!(cpu.child_attrs["workload"], ["workload"]);
    // Children and ports are not parameters; meta keys are not either.
    for key in [
        "workload",
        "icache_port",
        "type",
        "path",
        "name",
        "cxx_class",
    ] {
        assert!(!cpu.params.contains_key(key), "{key} is not a parameter");
    }
    let icache = cpu.port("icache_port").unwrap();
    assert_eq!(icache.role, PortRole::Request);
    assert!(icache.is_source && !icache.vector);
    assert_eq!(icache.peers, [end("system.membus.cpu_side_ports[0]")]);
    let bus_side = tree
        .node("system.membus")
        .unwrap()
        .port("cpu_side_ports")
        .unwrap();
    assert_eq!(bus_side.role, PortRole::Response);
    assert!(bus_side.vector && !bus_side.is_source);
    assert_eq!(bus_side.peers.len(), 3);
    assert!(tree.get("system.nothing").is_none());
    assert_eq!(
        tree.node("system.nothing").unwrap_err().to_string(),
        "object tree: no object has the path system.nothing"
    );
}

#[test]
fn fixture_parameters_read_in_simulator_units() {
    let tree = simple();
    let system = tree.node("system").unwrap();
    assert_eq!(
        system.addr_ranges("mem_ranges").unwrap(),
        [AddrRange::new(0, 512 << 20)]
    );
    assert_eq!(
        system.enumeration(
            "mem_mode",
            &["invalid", "atomic", "timing", "atomic_noncaching"]
        ),
        Ok("timing".to_string())
    );
    assert_eq!(system.u64("cache_line_size"), Ok(64));
    assert_eq!(system.i64("work_item_id"), Ok(-1));
    // clk_domain is written once, as a child; the reference reads it as one.
    assert_eq!(
        system.object_ref("clk_domain"),
        Ok(Some("system.clk_domain".into()))
    );
    let clock = tree.node("system.clk_domain").unwrap();
    assert_eq!(clock.ticks_vec("clock"), Ok(vec![Tick(1000)]));
    let cpu = tree.node("system.cpu").unwrap();
    assert_eq!(
        cpu.object_ref("clk_domain"),
        Ok(Some("system.clk_domain".into()))
    );
    assert_eq!(cpu.object_ref("checker"), Ok(None));
    assert_eq!(
        cpu.object_refs("workload"),
        Ok(vec!["system.cpu.workload".into()])
    );
    assert_eq!(cpu.ticks("syscallRetryLatency"), Ok(Tick(10_000)));
    assert_eq!(cpu.bool("switched_out"), Ok(false));
    let process = tree.node("system.cpu.workload").unwrap();
    assert_eq!(process.string_vec("cmd"), Ok(vec!["tests/hello".into()]));
    assert_eq!(process.string("cwd"), Ok("/tmp".into()));
    let mem = tree.node("system.mem_ctrl").unwrap();
    assert_eq!(mem.ticks("latency"), Ok(Tick(30_000)));
    assert_eq!(mem.addr_range("range"), Ok(AddrRange::new(0, 512 << 20)));
    let bw = mem.bandwidth("bandwidth").unwrap();
    assert!((bw - 1e12 / 73.0).abs() < 1.0, "{bw}");
    let sf = tree.node("system.membus.snoop_filter").unwrap();
    assert_eq!(sf.bytes("max_capacity"), Ok(8 << 20));
    let voltage = tree.node("system.clk_domain.voltage_domain").unwrap();
    assert_eq!(voltage.param("voltage"), Ok(&json!([1.0])));
}

/// A one-object tree holding `params`, for the accessor tables.
fn gadget(params: Value) -> ObjectNode {
    let mut obj = json!({"type": "Gadget", "name": "gadget", "path": "root"});
    obj.as_object_mut()
        .unwrap()
        .extend(params.as_object().unwrap().clone());
    ObjectTree::from_value(&obj).unwrap().root().clone()
}

type Read = fn(&ObjectNode, &str) -> Result<String, ParamError>;

fn readers() -> Vec<(&'static str, Read)> {
    vec![
        ("u64", |n, p| n.u64(p).map(|v| v.to_string())),
        ("i64", |n, p| n.i64(p).map(|v| v.to_string())),
        ("bool", |n, p| n.bool(p).map(|v| v.to_string())),
        ("f64", |n, p| n.f64(p).map(|v| v.to_string())),
        ("string", |n, p| n.string(p)),
        ("ticks", |n, p| n.ticks(p).map(|v| v.0.to_string())),
        ("bytes", |n, p| n.bytes(p).map(|v| v.to_string())),
        ("addr_range", |n, p| {
            n.addr_range(p)
                .map(|r| format!("{}..{}", r.start.0, r.end.0))
        }),
        ("bandwidth", |n, p| n.bandwidth(p).map(|v| v.to_string())),
        ("object_ref", |n, p| {
            n.object_ref(p).map(|v| format!("{v:?}"))
        }),
        ("enum", |n, p| n.enumeration(p, &["atomic", "timing"])),
        ("u64_vec", |n, p| n.u64_vec(p).map(|v| format!("{v:?}"))),
        ("ticks_vec", |n, p| {
            n.ticks_vec(p)
                .map(|v| format!("{:?}", v.iter().map(|t| t.0).collect::<Vec<_>>()))
        }),
        ("string_vec", |n, p| n.string_vec(p).map(|v| v.join(" "))),
        ("addr_ranges", |n, p| {
            n.addr_ranges(p).map(|v| {
                v.iter()
                    .map(|r| format!("{}..{}", r.start.0, r.end.0))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }),
        ("object_refs", |n, p| n.object_refs(p).map(|v| v.join(" "))),
    ]
}

fn reader(kind: &str) -> Read {
    readers().into_iter().find(|(k, _)| *k == kind).unwrap().1
}

#[test]
fn accessors_read_good_values() {
    let cases: &[(&str, Value, &str)] = &[
        (
            "u64",
            json!(18446744073709551615u64),
            "18446744073709551615",
        ),
        ("i64", json!(-3), "-3"),
        ("bool", json!(true), "true"),
        ("f64", json!(0.5), "0.5"),
        ("f64", json!(2), "2"),
        ("string", json!("cerr"), "cerr"),
        ("ticks", json!(30000), "30000"),
        ("bytes", json!(65536), "65536"),
        ("addr_range", json!("4096:8192"), "4096..8192"),
        (
            "addr_range",
            json!("0:18446744073709551615"),
            "0..18446744073709551615",
        ),
        ("addr_range", json!("5:5"), "5..5"),
        ("bandwidth", json!("1000.000000"), "1000000000"),
        ("bandwidth", json!("0.000000"), "inf"),
        (
            "object_ref",
            json!("system.membus"),
            "Some(\"system.membus\")",
        ),
        ("object_ref", json!(null), "None"),
        ("enum", json!("timing"), "timing"),
        ("u64_vec", json!([1, 2]), "[1, 2]"),
        ("u64_vec", json!([]), "[]"),
        ("ticks_vec", json!([1000, 500]), "[1000, 500]"),
        ("string_vec", json!(["a", "b"]), "a b"),
        ("addr_ranges", json!(["0:16", "32:64"]), "0..16 32..64"),
        (
            "object_refs",
            json!(["system.a", "system.b"]),
            "system.a system.b",
        ),
    ];
    for (kind, value, want) in cases {
        let node = gadget(json!({ "p": value }));
        assert_eq!(
            reader(kind)(&node, "p").as_deref(),
            Ok(*want),
            "{kind} of {value}"
        );
    }
}

#[test]
fn accessors_name_path_param_value_and_expectation_on_bad_values() {
    let cases: &[(&str, Value, &str)] = &[
        ("u64", json!(-1), "an unsigned integer"),
        ("u64", json!(1.5), "an unsigned integer"),
        ("u64", json!("7"), "an unsigned integer"),
        ("i64", json!(true), "an integer"),
        ("bool", json!("true"), "true or false"),
        ("bool", json!(1), "true or false"),
        ("f64", json!("0.5"), "a number"),
        ("string", json!(3), "a string"),
        ("string", json!(null), "a string"),
        ("ticks", json!(-5), "ticks"),
        ("ticks", json!("30ns"), "ticks"),
        ("bytes", json!("32KiB"), "bytes"),
        ("addr_range", json!("8192:4096"), "start <= end"),
        ("addr_range", json!("0x0:0x10"), "start:end"),
        ("addr_range", json!("16"), "start:end"),
        ("addr_range", json!(16), "start:end"),
        ("bandwidth", json!("fast"), "ticks per byte"),
        ("bandwidth", json!("-1.0"), "ticks per byte"),
        ("bandwidth", json!(73), "ticks per byte"),
        ("object_ref", json!(5), "an object path or null"),
        ("object_ref", json!(""), "an object path or null"),
        ("enum", json!("detailed"), "one of atomic, timing"),
        ("enum", json!(1), "one of atomic, timing"),
        ("u64_vec", json!(3), "a list of an unsigned integer"),
        ("ticks_vec", json!("1000"), "a list of"),
        ("string_vec", json!({"a": 1}), "a list of a string"),
        ("addr_ranges", json!("0:16"), "a list of an address range"),
        ("object_refs", json!("system.a"), "a list of an object path"),
    ];
    for (kind, value, expected) in cases {
        let node = gadget(json!({ "p": value }));
        let err = reader(kind)(&node, "p").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("root.p: "), "{kind}: {msg}");
        assert!(msg.contains(&value.to_string()), "{kind}: {msg}");
        assert!(msg.contains(expected), "{kind}: {msg}");
        assert!(matches!(err, ParamError::Invalid { .. }), "{kind}: {err:?}");
    }
}

#[test]
fn vector_element_errors_name_the_element() {
    let node = gadget(json!({"ranges": ["0:16", "32:8"], "cmd": ["ok", 4]}));
    assert_eq!(
        node.addr_ranges("ranges"),
        Err(ParamError::Invalid {
            path: "root".into(),
            param: "ranges[1]".into(),
            value: "\"32:8\"".into(),
            expected: "an address range \"start:end\" (decimal, end exclusive, start <= end)"
                .into(),
        })
    );
    let msg = node.string_vec("cmd").unwrap_err().to_string();
    assert_eq!(msg, "root.cmd[1]: 4 is not a string");
}

#[test]
fn missing_parameters_name_path_and_parameter() {
    let tree = simple();
    let cpu = tree.node("system.cpu").unwrap();
    for (kind, read) in readers() {
        let err = read(cpu, "no_such").unwrap_err();
        assert!(matches!(err, ParamError::Missing { .. }), "{kind}: {err:?}");
        let msg = err.to_string();
        assert!(
            msg.starts_with("system.cpu.no_such: no such parameter"),
            "{kind}: {msg}"
        );
    }
    assert_eq!(
        cpu.param("no_such").unwrap_err().to_string(),
        "system.cpu.no_such: no such parameter (expected a value)"
    );
}

#[test]
fn fixture_bindings_resolve_request_to_response_in_tree_order() {
    let tree = simple();
    let got: Vec<(String, String)> = tree
        .bindings()
        .unwrap()
        .iter()
        .map(|b| (b.requestor.to_string(), b.responder.to_string()))
        .collect();
    let want = [
        ("system.system_port", "system.membus.cpu_side_ports[2]"),
        ("system.cpu.dcache_port", "system.membus.cpu_side_ports[1]"),
        ("system.cpu.icache_port", "system.membus.cpu_side_ports[0]"),
        ("system.membus.mem_side_ports[0]", "system.mem_ctrl.port"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    let one = tree
        .binding("system.membus", "mem_side_ports", Some(0))
        .unwrap();
    assert_eq!(one.responder.port.owner, "system.mem_ctrl");
    assert_eq!(one.responder.port.port, "port");
    assert_eq!(one.responder.index, None);
    assert_eq!(one.requestor.index, Some(0));
}

#[test]
fn single_binding_lookups_report_unbound_and_response_ports() {
    let tree = simple();
    let cases = [
        (
            ("system.cpu", "no_port", None),
            "port system.cpu.no_port: is not bound to any peer",
        ),
        (
            ("system.membus", "mem_side_ports", Some(1)),
            "port system.membus.mem_side_ports[1]: is not bound to any peer",
        ),
        (
            ("system.cpu", "icache_port", Some(0)),
            "port system.cpu.icache_port[0]: is not bound to any peer",
        ),
        (
            ("system.mem_ctrl", "port", None),
            "port system.mem_ctrl.port: is a response port (bound to \
             system.membus.mem_side_ports[0]); ask for the request side",
        ),
        (
            ("system.gone", "port", None),
            "object tree: no object has the path system.gone",
        ),
    ];
    for ((path, port, index), want) in cases {
        let err = tree.binding(path, port, index).unwrap_err();
        assert_eq!(err.to_string(), want);
    }
}

/// The fixture with `value` put at the JSON pointer `at`.
fn edited(at: &str, value: Value) -> Value {
    let mut tree = simple_value();
    *tree
        .pointer_mut(at)
        .unwrap_or_else(|| panic!("{at} is in the fixture")) = value;
    tree
}

#[test]
fn bad_peers_name_both_ends() {
    let icache = "/system/cpu/icache_port/peer";
    let cases = [
        (
            edited(icache, json!("system.nobus.cpu_side_ports[0]")),
            "port system.cpu.icache_port: its peer system.nobus.cpu_side_ports[0] does not \
             exist (no object has the path system.nobus)",
        ),
        (
            edited(icache, json!("system.membus.nope[0]")),
            "port system.cpu.icache_port: its peer system.membus.nope[0] does not exist \
             (system.membus (CoherentXBar) has no connected port nope)",
        ),
        (
            edited(icache, json!("system.membus.cpu_side_ports[7]")),
            "port system.cpu.icache_port names system.membus.cpu_side_ports[7] as its peer, \
             but system.membus.cpu_side_ports[7] names nothing",
        ),
        (
            edited(
                "/system/membus/cpu_side_ports/peer",
                json!([
                    "system.cpu.dcache_port",
                    "system.cpu.icache_port",
                    "system.system_port"
                ]),
            ),
            // The system's port is first in tree order and still matches; the CPU's
            // dcache_port is the first whose peer names another port back.
            "port system.cpu.dcache_port names system.membus.cpu_side_ports[1] as its peer, \
             but system.membus.cpu_side_ports[1] names system.cpu.icache_port",
        ),
        (
            edited(
                "/system/mem_ctrl/port/peer",
                json!("system.membus.mem_side_ports"),
            ),
            "port system.mem_ctrl.port names system.membus.mem_side_ports as its peer, \
             but system.membus.mem_side_ports names nothing",
        ),
        (
            edited("/system/mem_ctrl/port/role", json!("GEM5 REQUESTOR")),
            "port system.mem_ctrl.port: is bound to system.membus.mem_side_ports[0], but \
             both are request ports",
        ),
    ];
    for (value, want) in cases {
        let tree = ObjectTree::from_value(&value).unwrap();
        assert_eq!(tree.bindings().unwrap_err().to_string(), want);
    }
}

#[test]
fn malformed_trees_are_reported_with_the_object_path() {
    let cases = [
        (
            edited("/system/cpu/icache_port/peer", json!(null)),
            "port system.cpu.icache_port: is not bound to any peer",
        ),
        (
            edited("/system/membus/mem_side_ports/peer", json!([])),
            "port system.membus.mem_side_ports: is not bound to any peer",
        ),
        (
            edited("/system/cpu/icache_port/peer", json!("membus")),
            "port system.cpu.icache_port: peer \"membus\" is not a port name such as \
             system.membus.cpu_side_ports[0]",
        ),
        (
            edited("/system/cpu/icache_port/peer", json!("system.membus.x[a]")),
            "port system.cpu.icache_port: peer \"system.membus.x[a]\" is not a port name \
             such as system.membus.cpu_side_ports[0]",
        ),
        (
            edited("/system/cpu/icache_port/role", json!("GEM5 MASTER")),
            "port system.cpu.icache_port: role Some(\"GEM5 MASTER\") is neither \
             \"GEM5 REQUESTOR\" nor \"GEM5 RESPONDER\"",
        ),
        (
            edited("/system/cpu/icache_port/is_source", json!("yes")),
            "port system.cpu.icache_port: is_source \"yes\" is not \"True\" or \"False\"",
        ),
        (
            edited("/system/cpu/path", json!("system.cpu0")),
            "object tree: system.cpu: its `path` says system.cpu0",
        ),
        (
            edited("/system/cpu/name", json!(7)),
            "object tree: system: child `cpu` has no `name`",
        ),
        (
            edited("/system/cpu/workload/0/name", json!(7)),
            "object tree: system.cpu: child `workload` has no `name`",
        ),
        (
            json!([1]),
            "object tree: root: expected an object, found [1]",
        ),
        (
            json!({"type": "Root", "name": "root"}),
            "object tree: root: has no `path`",
        ),
        (
            json!({"type": 3, "name": "root", "path": "root"}),
            "object tree: root: `type` must be a string, not 3",
        ),
    ];
    for (value, want) in cases {
        let err = ObjectTree::from_value(&value).unwrap_err();
        assert_eq!(err.to_string(), want);
    }
    assert!(matches!(
        ObjectTree::from_json("{\"type\": "),
        Err(TreeError::Json(_))
    ));
}

#[test]
fn port_names_parse_and_print_back() {
    for full in [
        "system.cpu.icache_port",
        "system.membus.cpu_side_ports[12]",
        "a.b",
    ] {
        assert_eq!(end(full).to_string(), full);
    }
    let e = end("system.membus.cpu_side_ports[3]");
    assert_eq!(
        (e.port.owner.as_str(), e.port.port.as_str(), e.index),
        ("system.membus", "cpu_side_ports", Some(3))
    );
    for bad in [
        "port",
        ".port",
        "a.",
        "a.b[",
        "a.b[-1]",
        "a.b[1][2]",
        "a[1].b",
    ] {
        assert_eq!(PortEnd::parse(bad), None, "{bad}");
    }
}

/// A tiny component for the registry tests: what its constructor read.
#[derive(Debug, PartialEq)]
struct Memory {
    range: AddrRange,
    latency: Tick,
    bus: Option<String>,
}

fn memory_registry() -> Registry<Memory> {
    let mut registry = Registry::new();
    registry
        .register("SimpleMemory", &["range", "latency"], |node, ctx| {
            let binding =
                ctx.tree()
                    .binding(&ctx.node("system.membus")?.path, "mem_side_ports", Some(0))?;
            let bus = (binding.responder.port.owner == node.path)
                .then(|| binding.requestor.port.owner.clone());
            Ok(Memory {
                range: node.addr_range("range")?,
                latency: node.ticks("latency")?,
                bus,
            })
        })
        .unwrap();
    registry
        .register(
            "CoherentXBar",
            &["width", "clk_domain", "width"],
            |node, _| {
                Err(BuildError::Invalid {
                    path: node.path.clone(),
                    what: "not built in this test".into(),
                })
            },
        )
        .unwrap();
    registry
}

#[test]
fn registry_builds_a_registered_type_from_its_node() {
    let tree = simple();
    let registry = memory_registry();
    let mut ctx = BuildCtx::new(&tree);
    let built = registry
        .build(tree.node("system.mem_ctrl").unwrap(), &mut ctx)
        .unwrap();
    assert_eq!(
        built,
        Memory {
            range: AddrRange {
                start: Addr(0),
                end: Addr(512 << 20)
            },
            latency: Tick(30_000),
            bus: Some("system.membus".into()),
        }
    );
    assert_eq!(
        registry.types().collect::<Vec<_>>(),
        ["CoherentXBar", "SimpleMemory"]
    );
    assert_eq!(
        registry.params_of("CoherentXBar").unwrap(),
        ["clk_domain".to_string(), "width".to_string()]
    );
    assert!(registry.params_of("Cache").is_none());
}

#[test]
fn registry_errors_name_the_object_and_type() {
    let tree = simple();
    let mut registry = memory_registry();
    let err = registry
        .register("SimpleMemory", &[], |_, _| {
            Ok(Memory {
                range: AddrRange::new(0, 0),
                latency: Tick(0),
                bus: None,
            })
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "component type SimpleMemory is registered twice"
    );
    let err = registry.build_all(&tree).unwrap_err();
    assert_eq!(
        err.to_string(),
        "root: no component type Root is known (known types: CoherentXBar, SimpleMemory)"
    );
    let cpu = tree.node("system.cpu").unwrap();
    let err = registry.entry_for(cpu).err().unwrap();
    assert!(matches!(
        &err,
        BuildError::UnknownType { path, type_name, .. }
            if path == "system.cpu" && type_name == "BaseTimingSimpleCPU"
    ));
    // A constructor's parameter error reaches the caller unchanged.
    let broken =
        ObjectTree::from_value(&edited("/system/mem_ctrl/latency", json!("30ns"))).unwrap();
    let mut ctx = BuildCtx::new(&broken);
    let err = registry
        .build(broken.node("system.mem_ctrl").unwrap(), &mut ctx)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "system.mem_ctrl.latency: \"30ns\" is not a whole number of ticks"
    );
    let bus = broken.node("system.membus").unwrap();
    assert_eq!(
        registry.build(bus, &mut ctx).unwrap_err().to_string(),
        "system.membus: not built in this test"
    );
}

#[test]
fn registry_build_all_builds_every_node_in_tree_order() {
    let tree = simple();
    let mut registry: Registry<String> = Registry::new();
    for node in tree.nodes() {
        if registry.params_of(&node.type_name).is_none() {
            registry
                .register(&node.type_name, &[], |node, _| Ok(node.type_name.clone()))
                .unwrap();
        }
    }
    let built = registry.build_all(&tree).unwrap();
    assert_eq!(built.len(), tree.nodes().len());
    assert_eq!(built[0], ("root".to_string(), "Root".to_string()));
    assert_eq!(
        built[4],
        ("system.cpu".to_string(), "BaseTimingSimpleCPU".to_string())
    );
}
