//! The object tree of a `sim se` run, with gem5 se.py's names and what se.py
//! builds (`configs/deprecated/example/se.py` with `configs/common/Caches.py`):
//! `system.cpu` (or `cpu0`, `cpu1`, ...), `system.cpu.icache`/`dcache`, `system.l2`
//! behind `system.tol2bus` or `system.cpu.l2cache` behind `system.cpu.toL2Bus`,
//! `system.membus` and `system.mem_ctrls`. [`super::build_session`] builds it as it
//! builds any tree.

use crate::boards::se::SeOptions;
use crate::boards::spec::{CacheSpec, CpuKind, HierarchyKind, MemoryKind, Replacement};
use crate::mem::cache::StridePrefetcherParams;
use crate::mem::coherent_xbar::CoherentXBarParams;
use crate::mem::dram::DramParams;
use crate::mem::{SimpleMemoryParams, XBarParams};
use serde_json::{json, Map, Value};
use sim_core::{AddrRange, Frequency, SIM_FREQ};
use std::collections::BTreeMap;

/// Objects by path while the tree is assembled; nested at the end.
#[derive(Default)]
pub(crate) struct Flat {
    nodes: BTreeMap<String, Map<String, Value>>,
}

impl Flat {
    pub(crate) fn add(&mut self, path: &str, ty: &str, params: Value) {
        let mut m = match params {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let name = path.rsplit('.').next().unwrap_or(path);
        m.insert("type".into(), ty.into());
        m.insert("name".into(), name.into());
        m.insert("path".into(), path.into());
        self.nodes.insert(path.to_string(), m);
    }

    /// Add `params` to the node at `path`.
    fn extend(&mut self, path: &str, params: &Value) {
        let node = self.nodes.get_mut(path).expect("extended nodes exist");
        if let Value::Object(m) = params {
            node.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }

    /// Connect request port `req` (`path.port` or `path.port[i]` for a vector) to
    /// response port `resp`.
    pub(crate) fn connect(&mut self, req: &str, resp: &str) {
        self.port_entry(req, "GEM5 REQUESTOR", resp);
        self.port_entry(resp, "GEM5 RESPONDER", req);
    }

    fn port_entry(&mut self, end: &str, role: &str, peer: &str) {
        let (base, vector) = match end.strip_suffix(']') {
            Some(rest) => (rest.split_once('[').map_or(rest, |(b, _)| b), true),
            None => (end, false),
        };
        let (owner, port) = base.rsplit_once('.').expect("port names have an owner");
        let node = self
            .nodes
            .get_mut(owner)
            .expect("ports are added to existing nodes");
        let entry = node.entry(port.to_string()).or_insert_with(|| {
            json!({"role": role, "is_source": if role == "GEM5 REQUESTOR" {"True"} else {"False"},
                   "peer": if vector { json!([]) } else { Value::Null }})
        });
        if vector {
            if let Some(list) = entry["peer"].as_array_mut() {
                list.push(peer.into());
            }
        } else {
            entry["peer"] = peer.into();
        }
    }

    /// The tree under `path`, children nested under their attribute names.
    fn nest(&self, path: &str) -> Value {
        let mut node = self.nodes[path].clone();
        let prefix = format!("{path}.");
        let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for child in self.nodes.keys() {
            let Some(rest) = child.strip_prefix(&prefix) else {
                continue;
            };
            if rest.contains('.') {
                continue;
            }
            let nested = self.nest(child);
            // `workload` is a list of one process, as gem5 writes it; vector
            // children `redirect_paths0`, `redirect_paths1`... form one list.
            if rest == "workload" {
                lists.entry(rest.to_string()).or_default().push(nested);
            } else if let Some(i) = rest.strip_prefix(REDIRECTS) {
                if i.chars().all(|c| c.is_ascii_digit()) {
                    lists.entry(REDIRECTS.into()).or_default().push(nested);
                }
            } else {
                node.insert(rest.to_string(), nested);
            }
        }
        for (name, items) in lists {
            node.insert(name, Value::Array(items));
        }
        Value::Object(node)
    }
}

/// The `System` parameter holding se.py's `--redirects`.
const REDIRECTS: &str = "redirect_paths";

/// `system.redirect_paths`: one `RedirectPath` per `--redirects /from=/to`, named
/// as gem5 names the children of a vector parameter.
fn redirect_paths(f: &mut Flat, opts: &SeOptions) {
    let n = opts.paths.redirects.len();
    for (i, r) in opts.paths.redirects.iter().enumerate() {
        let name = if n == 1 {
            format!("system.{REDIRECTS}")
        } else {
            format!("system.{REDIRECTS}{i}")
        };
        let hosts: Vec<String> = r
            .host_paths
            .iter()
            .map(|h| h.to_string_lossy().into_owned())
            .collect();
        f.add(
            &name,
            "RedirectPath",
            json!({"app_path": r.app_path, "host_paths": hosts}),
        );
    }
}

fn period(f: Frequency) -> u64 {
    f.period().0
}

fn range_text(r: AddrRange) -> String {
    format!("{}:{}", r.start.0, r.end.0)
}

fn clock_domain(flat: &mut Flat, path: &str, f: Frequency) {
    flat.add(
        path,
        "SrcClockDomain",
        json!({"clock": [period(f)], "init_perf_level": 0, "domain_id": -1,
               "voltage_domain": "system.voltage_domain"}),
    );
}

fn xbar_timing(x: &XBarParams) -> Map<String, Value> {
    let v = json!({
        "clk_domain": "",
        "width": x.width,
        "header_latency": x.header_latency.0,
        "frontend_latency": x.frontend_latency.0,
        "forward_latency": x.forward_latency.0,
        "response_latency": x.response_latency.0,
    });
    v.as_object().cloned().unwrap_or_default()
}

fn coherent_xbar(flat: &mut Flat, path: &str, p: &CoherentXBarParams, clk: &str) {
    let mut m = xbar_timing(&XBarParams {
        cpu_side_ports: 0,
        mem_side_ranges: Vec::new(),
        clock: p.clock,
        width: p.width,
        header_latency: p.header_latency,
        frontend_latency: p.frontend_latency,
        forward_latency: p.forward_latency,
        response_latency: p.response_latency,
    });
    m.insert("clk_domain".into(), clk.into());
    m.insert(
        "snoop_response_latency".into(),
        p.snoop_response_latency.0.into(),
    );
    m.insert("point_of_coherency".into(), p.point_of_coherency.into());
    let sf = p.snoop_filter.unwrap_or_default();
    m.insert("snoop_filter".into(), format!("{path}.snoop_filter").into());
    flat.add(path, "CoherentXBar", Value::Object(m));
    flat.add(
        &format!("{path}.snoop_filter"),
        "SnoopFilter",
        json!({"max_capacity": sf.max_capacity, "lookup_latency": sf.lookup_latency.0,
               "system": "system"}),
    );
}

fn replacement_type(r: Replacement) -> &'static str {
    match r {
        Replacement::Lru => "LRURP",
        Replacement::Random => "RandomRP",
        Replacement::TreePlru => "TreePLRURP",
        Replacement::Brrip => "BRRIPRP",
    }
}

fn cache(flat: &mut Flat, path: &str, c: &CacheSpec, read_only: bool, rp: Replacement) {
    let prefetcher = if c.stride_prefetcher {
        let d = StridePrefetcherParams::default();
        flat.add(
            &format!("{path}.prefetcher"),
            "StridePrefetcher",
            json!({"degree": d.degree, "table_entries": d.table_entries,
                   "table_assoc": d.table_assoc,
                   "confidence_counter_bits": d.confidence_counter_bits,
                   "initial_confidence": d.initial_confidence,
                   "confidence_threshold": d.confidence_threshold,
                   "queue_size": d.queue_size}),
        );
        Value::from(format!("{path}.prefetcher"))
    } else {
        Value::Null
    };
    flat.add(
        &format!("{path}.replacement_policy"),
        replacement_type(rp),
        json!({}),
    );
    flat.add(
        path,
        "Cache",
        json!({"size": c.size, "assoc": c.assoc, "tag_latency": c.tag_latency,
               "data_latency": c.data_latency, "response_latency": c.response_latency,
               "mshrs": c.mshrs, "tgts_per_mshr": c.tgts_per_mshr, "write_buffers": 8,
               "is_read_only": read_only, "writeback_clean": c.writeback_clean,
               "sequential_access": false, "clusivity": "mostly_incl",
               "clk_domain": "system.cpu_clk_domain", "system": "system",
               "replacement_policy": format!("{path}.replacement_policy"),
               "prefetcher": prefetcher}),
    );
}

fn memory(flat: &mut Flat, kind: MemoryKind, range: AddrRange) {
    let path = "system.mem_ctrls";
    let dram = match kind {
        MemoryKind::Simple => {
            let p = SimpleMemoryParams::new(range);
            let tpb = SIM_FREQ as f64 / p.bandwidth;
            flat.add(
                path,
                "SimpleMemory",
                json!({"range": range_text(range), "latency": p.latency.0,
                       "bandwidth": format!("{tpb}"), "clk_domain": "system.clk_domain"}),
            );
            return;
        }
        MemoryKind::Ddr3_1600 => DramParams::ddr3_1600_8x8(range),
        MemoryKind::Ddr4_2400 => DramParams::ddr4_2400_8x8(range),
    };
    flat.add(
        path,
        "MemCtrl",
        json!({"dram": format!("{path}.dram"), "mem_sched_policy": "frfcfs",
               "write_high_thresh_perc": dram.write_high_thresh_perc,
               "write_low_thresh_perc": dram.write_low_thresh_perc,
               "min_writes_per_switch": dram.min_writes_per_switch,
               "static_frontend_latency": dram.static_frontend_latency.0,
               "static_backend_latency": dram.static_backend_latency.0,
               "clk_domain": "system.clk_domain"}),
    );
    let d = &dram;
    let mut iface = json!({"range": range_text(range), "device_size": d.device_size,
               "device_bus_width": d.device_bus_width, "burst_length": d.burst_length,
               "device_rowbuffer_size": d.device_rowbuffer_size,
               "devices_per_rank": d.devices_per_rank, "ranks_per_channel": d.ranks_per_channel,
               "banks_per_rank": d.banks_per_rank, "bank_groups_per_rank": d.bank_groups_per_rank,
               "tCK": d.t_ck.0, "tBURST": d.t_burst.0, "tRCD": d.t_rcd.0, "tCL": d.t_cl.0,
               "tRP": d.t_rp.0, "tRAS": d.t_ras.0, "tWR": d.t_wr.0, "tRTP": d.t_rtp.0,
               "tWTR": d.t_wtr.0, "tRTW": d.t_rtw.0, "tCS": d.t_cs.0, "tRRD": d.t_rrd.0,
               "tRRD_L": d.t_rrd_l.0, "tCCD_L": d.t_ccd_l.0, "tXAW": d.t_xaw.0,
               "activation_limit": d.activation_limit, "tRFC": d.t_rfc.0, "tREFI": d.t_refi.0,
               "read_buffer_size": d.read_buffer_size, "write_buffer_size": d.write_buffer_size,
               "page_policy": d.page_policy.name(), "max_accesses_per_row": d.max_accesses_per_row,
               "addr_mapping": d.addr_mapping.name()});
    for (name, value) in d.power_tree_params() {
        iface[name] = value;
    }
    flat.add(&format!("{path}.dram"), "DRAMInterface", iface);
}

/// The tree of `opts` (already checked: clocks, sizes, core counts).
pub fn se_tree(
    opts: &SeOptions,
    cpu: CpuKind,
    mem: MemoryKind,
    clocks: (Frequency, Frequency),
    mem_size: u64,
) -> Value {
    se_tree_at(opts, cpu, mem, clocks, AddrRange::new(0, mem_size), &|_| {})
}

/// [`se_tree`] with the memory at `range` (a full-system board's RAM at
/// 0x8000_0000, say); `platform` adds more objects once the memory is on
/// `system.membus.mem_side_ports[0]` (devices take the next ports).
pub(crate) fn se_tree_at(
    opts: &SeOptions,
    cpu: CpuKind,
    mem: MemoryKind,
    clocks: (Frequency, Frequency),
    range: AddrRange,
    platform: &dyn Fn(&mut Flat),
) -> Value {
    let (cpu_clock, sys_clock) = clocks;
    let mut f = Flat::default();
    f.add("root", "Root", json!({"full_system": false}));
    f.add(
        "system",
        "System",
        json!({"mem_mode": cpu.mem_mode(), "mem_ranges": [range_text(range)],
               "cache_line_size": 64, "readfile": "", REDIRECTS: []}),
    );
    f.add(
        "system.voltage_domain",
        "VoltageDomain",
        json!({"voltage": [1.0]}),
    );
    redirect_paths(&mut f, opts);
    clock_domain(&mut f, "system.clk_domain", sys_clock);
    clock_domain(&mut f, "system.cpu_clk_domain", cpu_clock);
    let n = opts.num_cores;
    let h = &opts.hierarchy;
    let cpu_type = match cpu {
        CpuKind::Atomic => "BaseAtomicSimpleCPU",
        CpuKind::Timing => "BaseTimingSimpleCPU",
        CpuKind::Minor => "BaseMinorCPU",
        CpuKind::O3 => "BaseO3CPU",
    };
    let membus_coherent = h.kind != HierarchyKind::NoCache;
    if membus_coherent {
        let p = CoherentXBarParams::system_xbar(0, Vec::new(), sys_clock);
        coherent_xbar(&mut f, "system.membus", &p, "system.clk_domain");
    } else {
        let mut m = xbar_timing(&XBarParams::system(0, Vec::new(), sys_clock));
        m.insert("clk_domain".into(), "system.clk_domain".into());
        f.add("system.membus", "NoncoherentXBar", Value::Object(m));
    }
    let mut membus_port = 0;
    let mut to_membus = |f: &mut Flat, req: &str| {
        f.connect(req, &format!("system.membus.cpu_side_ports[{membus_port}]"));
        membus_port += 1;
    };
    let mut l2bus_port = 0;
    if h.kind == HierarchyKind::PrivateL1SharedL2 {
        let p = CoherentXBarParams::l2_xbar(0, Vec::new(), cpu_clock);
        coherent_xbar(&mut f, "system.tol2bus", &p, "system.cpu_clk_domain");
        cache(&mut f, "system.l2", &h.l2, false, h.replacement);
        f.connect("system.tol2bus.mem_side_ports[0]", "system.l2.cpu_side");
        to_membus(&mut f, "system.l2.mem_side");
    }
    for i in 0..n {
        let path = if n == 1 {
            "system.cpu".to_string()
        } else {
            format!("system.cpu{i}")
        };
        f.add(
            &path,
            cpu_type,
            json!({"clk_domain": "system.cpu_clk_domain", "cpu_id": i,
                   "max_insts_any_thread": opts.max_insts.unwrap_or(0), "numThreads": 1,
                   "switched_out": false, "system": "system"}),
        );
        if cpu == CpuKind::Minor {
            minor_defaults(&mut f, &path, opts.bp_type.as_deref());
        }
        if cpu == CpuKind::O3 {
            o3_defaults(&mut f, &path, opts.bp_type.as_deref());
        }
        if let Some(w) = opts.workloads.get(i) {
            let exe = w.binary.to_string_lossy().into_owned();
            let mut cmd = vec![exe.clone()];
            cmd.extend(w.args.iter().cloned());
            f.add(
                &format!("{path}.workload"),
                "Process",
                json!({"cmd": cmd, "executable": exe, "env": opts.env,
                       "input": "cin", "output": "cout", "errout": "cerr"}),
            );
        }
        let ports = [
            ("icache_port", "icache", &h.l1i),
            ("dcache_port", "dcache", &h.l1d),
        ];
        match h.kind {
            HierarchyKind::NoCache => {
                for (port, _, _) in ports {
                    to_membus(&mut f, &format!("{path}.{port}"));
                }
            }
            HierarchyKind::PrivateL1 | HierarchyKind::PrivateL1SharedL2 => {
                for (port, name, spec) in ports {
                    let c = format!("{path}.{name}");
                    cache(&mut f, &c, spec, name == "icache", h.replacement);
                    f.connect(&format!("{path}.{port}"), &format!("{c}.cpu_side"));
                    if h.kind == HierarchyKind::PrivateL1 {
                        to_membus(&mut f, &format!("{c}.mem_side"));
                    } else {
                        f.connect(
                            &format!("{c}.mem_side"),
                            &format!("system.tol2bus.cpu_side_ports[{l2bus_port}]"),
                        );
                        l2bus_port += 1;
                    }
                }
            }
            HierarchyKind::PrivateL1PrivateL2 => {
                let bus = format!("{path}.toL2Bus");
                let p = CoherentXBarParams::l2_xbar(0, Vec::new(), cpu_clock);
                coherent_xbar(&mut f, &bus, &p, "system.cpu_clk_domain");
                for (k, (port, name, spec)) in ports.into_iter().enumerate() {
                    let c = format!("{path}.{name}");
                    cache(&mut f, &c, spec, name == "icache", h.replacement);
                    f.connect(&format!("{path}.{port}"), &format!("{c}.cpu_side"));
                    f.connect(
                        &format!("{c}.mem_side"),
                        &format!("{bus}.cpu_side_ports[{k}]"),
                    );
                }
                let l2 = format!("{path}.l2cache");
                cache(&mut f, &l2, &h.l2, false, h.replacement);
                f.connect(
                    &format!("{bus}.mem_side_ports[0]"),
                    &format!("{l2}.cpu_side"),
                );
                to_membus(&mut f, &format!("{l2}.mem_side"));
            }
        }
    }
    memory(&mut f, mem, range);
    f.connect("system.membus.mem_side_ports[0]", "system.mem_ctrls.port");
    platform(&mut f);
    let mut root = f.nest("root");
    let system = f.nest("system");
    root["system"] = system;
    root
}

/// gem5's `BaseO3CPU` defaults on the CPU node at `path`, and its
/// `branchPred` child (`TournamentBP`, gem5's default, unless `--bp-type`
/// chose another).
fn o3_defaults(f: &mut Flat, path: &str, bp_type: Option<&str>) {
    let bp = format!("{path}.branchPred");
    branch_pred_defaults(f, &bp, bp_type.unwrap_or("TournamentBP"));
    let mut defaults = super::o3_objects::o3_defaults_json();
    defaults["branchPred"] = bp.into();
    f.extend(path, &defaults);
}

/// A branch predictor of type `ty` (`TournamentBP`, gem5's default, unless
/// se.py's `--bp-type` chose another) at `bp`, with its `SimpleBTB`,
/// `ReturnAddrStack`, `SimpleIndirectPredictor` and (TAGE) `tage` /
/// (LTAGE) `loop_predictor` children.
fn branch_pred_defaults(f: &mut Flat, bp: &str, ty: &str) {
    for (path, ty, params) in super::bpred_nodes::predictor_nodes(bp, ty) {
        f.add(&path, ty, params);
    }
}

/// gem5's `BaseMinorCPU` defaults on the CPU node at `path`, and its default
/// `TournamentBP` branch predictor child.
fn minor_defaults(f: &mut Flat, path: &str, bp_type: Option<&str>) {
    let bp = format!("{path}.branchPred");
    branch_pred_defaults(f, &bp, bp_type.unwrap_or("TournamentBP"));
    let defaults = json!({
        "fetch1FetchLimit": 1, "fetch1LineSnapWidth": 0, "fetch1LineWidth": 0,
        "fetch1ToFetch2ForwardDelay": 1, "fetch1ToFetch2BackwardDelay": 1,
        "fetch2InputBufferSize": 2, "fetch2ToDecodeForwardDelay": 1,
        "decodeInputBufferSize": 3, "decodeToExecuteForwardDelay": 1, "decodeInputWidth": 2,
        "executeInputWidth": 2, "executeIssueLimit": 2, "executeMemoryIssueLimit": 1,
        "executeCommitLimit": 2, "executeMemoryCommitLimit": 1, "executeInputBufferSize": 7,
        "executeMaxAccessesInMemory": 2, "executeLSQRequestsQueueSize": 1,
        "executeLSQTransfersQueueSize": 2, "executeLSQStoreBufferSize": 5,
        "executeLSQMaxStoreBufferStoresPerCycle": 2, "executeBranchDelay": 1, "branchPred": bp,
    });
    f.extend(path, &defaults);
}
