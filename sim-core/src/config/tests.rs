use super::*;
use serde_json::json;

/// A small SE system: CPU with two ports to a crossbar, a memory controller.
fn sample_tree() -> ConfigTree {
    let mut t = ConfigTree::new();
    t.root_params = vec![
        ("full_system".into(), json!(false)),
        ("eventq_index".into(), json!(0)),
        ("sim_quantum".into(), json!(0)),
    ];
    t.add(
        ConfigNode::new("system", "System")
            .param("mem_ranges", json!(["0:536870912"]))
            .param("cache_line_size", 64)
            .param("mem_mode", "atomic")
            .param("readfile", json!(null))
            .port(
                "system_port",
                PortRole::Request,
                Some("system.membus.cpu_side_ports[2]"),
            ),
    );
    t.add(
        ConfigNode::new("system.membus", "CoherentXBar")
            .param("width", 16)
            .param("point_of_coherency", true)
            .port(
                "cpu_side_ports",
                PortRole::Response,
                Some("system.cpu.icache_port"),
            )
            .port(
                "cpu_side_ports",
                PortRole::Response,
                Some("system.cpu.dcache_port"),
            )
            .port(
                "cpu_side_ports",
                PortRole::Response,
                Some("system.system_port"),
            )
            .port(
                "mem_side_ports",
                PortRole::Request,
                Some("system.mem_ctrl.port"),
            ),
    );
    t.add(
        ConfigNode::new("system.cpu", "AtomicSimpleCPU")
            .param("cpu_id", 0)
            .param("clock", json!([500]))
            .param("width", 1)
            .port(
                "icache_port",
                PortRole::Request,
                Some("system.membus.cpu_side_ports[0]"),
            )
            .port(
                "dcache_port",
                PortRole::Request,
                Some("system.membus.cpu_side_ports[1]"),
            ),
    );
    t.add(
        ConfigNode::new("system.mem_ctrl", "MemCtrl")
            .param("range", "0:536870912")
            .port(
                "port",
                PortRole::Response,
                Some("system.membus.mem_side_ports[0]"),
            )
            .port("unused", PortRole::Response, None),
    );
    t.add(ConfigNode::new("system.cpu.isa", "RiscvISA").param("riscv_type", "RV64"));
    t
}

#[test]
fn ini_matches_gem5_layout() {
    let mut out = Vec::new();
    sample_tree().write_ini(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let expected = "\
[root]
type=Root
children=system
eventq_index=0
full_system=false
sim_quantum=0

[system]
type=System
children=cpu mem_ctrl membus
cache_line_size=64
mem_mode=atomic
mem_ranges=0:536870912
system_port=system.membus.cpu_side_ports[2]

[system.cpu]
type=AtomicSimpleCPU
children=isa
clock=500
cpu_id=0
width=1
dcache_port=system.membus.cpu_side_ports[1]
icache_port=system.membus.cpu_side_ports[0]

[system.cpu.isa]
type=RiscvISA
riscv_type=RV64

[system.mem_ctrl]
type=MemCtrl
range=0:536870912
port=system.membus.mem_side_ports[0]

[system.membus]
type=CoherentXBar
point_of_coherency=true
width=16
cpu_side_ports=system.cpu.icache_port system.cpu.dcache_port system.system_port
mem_side_ports=system.mem_ctrl.port

";
    assert_eq!(text, expected, "got:\n{text}");
}

#[test]
fn tree_order_and_children() {
    let t = sample_tree();
    let order: Vec<&str> = t.walk().iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        order,
        [
            "system",
            "system.cpu",
            "system.cpu.isa",
            "system.mem_ctrl",
            "system.membus"
        ]
    );
    // `add` recorded children in the parent's list.
    assert_eq!(
        t.get("system").unwrap().children,
        ["membus", "cpu", "mem_ctrl"]
    );
    assert_eq!(t.children_of(None), ["system"]);
    // A node whose parent is missing is still written, after the tree.
    let mut t2 = t.clone();
    t2.nodes.push(ConfigNode::new("orphan.child", "Thing"));
    assert_eq!(t2.walk().last().unwrap().path, "orphan.child");
}

#[test]
fn ini_values() {
    assert_eq!(ini_value(&json!(true)).as_deref(), Some("true"));
    assert_eq!(ini_value(&json!(1.5)).as_deref(), Some("1.5"));
    assert_eq!(ini_value(&json!([1, 2, 3])).as_deref(), Some("1 2 3"));
    assert_eq!(ini_value(&json!([])).as_deref(), Some(""));
    assert_eq!(ini_value(&json!("")).as_deref(), Some(""));
    assert_eq!(ini_value(&json!(null)), None);
}

#[test]
fn json_nests_components_like_gem5() {
    let v = sample_tree().to_json();
    assert_eq!(v["type"], "Root");
    assert_eq!(v["path"], "root");
    assert_eq!(v["full_system"], false);
    let sys = &v["system"];
    assert_eq!(sys["type"], "System");
    assert_eq!(sys["name"], "system");
    assert_eq!(sys["path"], "system");
    assert_eq!(sys["cache_line_size"], 64);
    let cpu = &sys["cpu"];
    assert_eq!(cpu["path"], "system.cpu");
    assert_eq!(cpu["isa"]["riscv_type"], "RV64");
    assert_eq!(
        cpu["icache_port"],
        json!({"role": "GEM5 REQUESTOR", "peer": "system.membus.cpu_side_ports[0]"})
    );
    let xbar = &sys["membus"]["cpu_side_ports"];
    assert_eq!(xbar["role"], "GEM5 RESPONDER");
    assert_eq!(xbar["peer"].as_array().unwrap().len(), 3);
    assert!(sys["mem_ctrl"]["unused"]["peer"].is_null());
    let mut out = Vec::new();
    sample_tree().write_json(&mut out).unwrap();
    let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, v);
}

#[test]
fn port_graph_merges_both_ends_of_a_binding() {
    let g = sample_tree().port_graph();
    // cpu.icache, cpu.dcache, system_port -> membus.cpu_side_ports; membus.mem_side
    // -> mem_ctrl.port. Each recorded on both ends but drawn once.
    assert_eq!(g.edge_count(), 4);
    // icache, dcache, system_port, cpu_side_ports, mem_side_ports, port, unused.
    assert_eq!(g.node_count(), 7);
    let src: Vec<String> = g
        .raw_edges()
        .iter()
        .map(|e| format!("{}.{}", g[e.source()].owner, g[e.source()].port))
        .collect();
    assert!(src.contains(&"system.membus.mem_side_ports".to_string()));
    assert!(
        !src.iter().any(|s| s.ends_with("cpu_side_ports")),
        "edges go request -> response"
    );
    assert_eq!(
        PortRef::parse("system.membus.cpu_side_ports[10]"),
        Some(PortRef {
            owner: "system.membus".into(),
            port: "cpu_side_ports".into()
        })
    );
    assert_eq!(PortRef::parse("noowner"), None);
}

/// Minimal structural check of DOT text: balanced braces outside quoted strings,
/// terminated quotes, and every edge endpoint declared as a node.
fn check_dot(text: &str) {
    let (mut depth, mut in_q, mut esc) = (0i32, false, false);
    for c in text.chars() {
        if in_q {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_q = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_q = true,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "unbalanced braces");
    }
    assert!(!in_q && depth == 0, "unterminated quote or brace");
    for line in text.lines().map(str::trim) {
        if let Some((a, rest)) = line.split_once(" -> ") {
            let b = rest.split(" [").next().unwrap();
            for id in [a, b] {
                assert!(text.contains(&format!("{id} [label=")), "{id} not declared");
            }
        }
    }
}

#[test]
fn dot_is_valid_graphviz_with_clusters_and_labelled_edges() {
    let mut out = Vec::new();
    sample_tree().write_dot(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    check_dot(&text);
    assert!(text.starts_with("digraph G {\n"));
    assert!(text.contains("subgraph \"cluster_system.cpu\" {"));
    assert!(text.contains("label=\"cpu \\n: AtomicSimpleCPU\";"));
    assert!(text.contains(
        "\"system.cpu:icache_port\" -> \"system.membus:cpu_side_ports\" \
         [label=\"icache_port -> cpu_side_ports\"];"
    ));
    assert_eq!(text.matches(" -> \"").count(), 4);
    // The cpu cluster is nested inside the system cluster.
    let sys = text.find("cluster_system\"").unwrap();
    let cpu = text.find("cluster_system.cpu\"").unwrap();
    assert!(sys < cpu);
}

#[test]
fn dot_escapes_quotes() {
    let mut t = ConfigTree::new();
    t.add(ConfigNode::new("a", "Weird\"Type").port("p\"x", PortRole::Request, Some("b.q")));
    let mut out = Vec::new();
    t.write_dot(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    check_dot(&text);
    assert!(text.contains("Weird\\\"Type"));
}
