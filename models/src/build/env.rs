//! What the constructors share while one tree is built for SE mode: the SE kernel
//! (which the CPUs' operating-system side talks to), the LR/SC monitor, and the CPUs
//! made so far. [`build`] walks the tree with them.

use super::registry::registry;
use super::wiring::connect_all;
use super::Built;
use crate::boards::limits;
use crate::boards::se::SeError;
use crate::boards::session::SeSession;
use crate::cpu::ReservationMonitor;
use crate::se::process::ProcessParams;
use crate::se::{PathMap, ProcessError, RedirectPath, SeKernel};
use sim_core::arch::Isa;
use sim_core::component::ComponentId;
use sim_core::config::object_tree::{BuildCtx, ObjectTree};
use sim_core::mem::BackingStore;
use sim_core::{AddrRange, Simulation, SystemBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::Arc;

/// How a tree is run, beyond what the tree says.
#[derive(Clone, Debug)]
pub struct TreeRunOptions {
    /// Output directory.
    pub outdir: PathBuf,
    /// Print an `Exec` trace line per instruction (`--debug-flags=Exec`).
    pub trace_exec: bool,
    /// The guest's sysroot (`-L`) and interpreter directory (gem5's
    /// `m5.core.setInterpDir`); the tree's `System.redirect_paths` are added to it.
    pub paths: PathMap,
}

/// One process of the tree: a `Process` node on some CPU's `workload`.
#[derive(Clone, Debug)]
pub struct ProcessSpec {
    /// Path of the `Process` node.
    pub path: String,
    /// Host path of the binary (`executable`, or `cmd[0]` when that is empty).
    pub executable: PathBuf,
    /// `argv`, `cmd` as given.
    pub argv: Vec<String>,
    /// Environment strings.
    pub env: Vec<String>,
    /// gem5's `input`, `output`, `errout` ("cin", "cout", "cerr" or file names).
    pub stdio: [String; 3],
}

/// The processes of every CPU's `workload`, in tree order, each once.
pub fn processes_of(tree: &ObjectTree) -> Result<Vec<ProcessSpec>, SeError> {
    let mut out: Vec<ProcessSpec> = Vec::new();
    for node in tree.nodes() {
        if !super::cpu_objects::CPU_TYPES.contains(&node.type_name.as_str()) {
            continue;
        }
        for path in node.object_refs("workload").unwrap_or_default() {
            if out.iter().any(|p| p.path == path) {
                continue;
            }
            let p = tree
                .node(&path)
                .map_err(|e| SeError::Config(e.to_string()))?;
            let argv = p.string_vec("cmd")?;
            let exe = p.string("executable").unwrap_or_default();
            let executable = if exe.is_empty() {
                argv.first().cloned().ok_or_else(|| {
                    SeError::Config(format!(
                        "{}.cmd: is empty; allowed values: the program and its arguments",
                        p.path
                    ))
                })?
            } else {
                exe
            };
            let stdio =
                |name: &str, default: &str| p.string(name).unwrap_or_else(|_| default.to_string());
            out.push(ProcessSpec {
                path: p.path.clone(),
                executable: executable.into(),
                argv,
                env: p.string_vec("env").unwrap_or_default(),
                stdio: [
                    stdio("input", "cin"),
                    stdio("output", "cout"),
                    stdio("errout", "cerr"),
                ],
            });
        }
    }
    Ok(out)
}

/// `base` with the `redirect_paths` of every `System` of the tree (gem5's
/// `RedirectPath(app_path=..., host_paths=[...])`) appended, in tree order.
pub fn paths_of(tree: &ObjectTree, base: &PathMap) -> Result<PathMap, SeError> {
    let mut map = base.clone();
    for node in tree.nodes().iter().filter(|n| n.type_name == "System") {
        for path in node.object_refs("redirect_paths").unwrap_or_default() {
            let r = tree
                .node(&path)
                .map_err(|e| SeError::Config(e.to_string()))?;
            let host_paths = r.string_vec("host_paths")?;
            if host_paths.is_empty() {
                return Err(SeError::Config(format!(
                    "{path}.host_paths: is empty; allowed values: one or more host directories"
                )));
            }
            map.redirects.push(RedirectPath {
                app_path: r.string("app_path")?,
                host_paths: host_paths.into_iter().map(PathBuf::from).collect(),
            });
        }
    }
    Ok(map)
}

impl From<sim_core::config::object_tree::ParamError> for SeError {
    fn from(e: sim_core::config::object_tree::ParamError) -> Self {
        SeError::Config(e.to_string())
    }
}

/// The shared state of one SE build.
pub struct SeEnv<I: Isa> {
    /// The SE kernel; `None` for a registry made only to list its types.
    pub kernel: Option<SeKernel>,
    /// The memory every memory component serves from (`None` with no kernel).
    pub store: Option<Arc<BackingStore>>,
    /// The LR/SC monitor every CPU shares.
    pub monitor: Arc<ReservationMonitor>,
    /// Paths of the CPUs made so far; a CPU's index in this list is its index in
    /// the kernel.
    pub cpus: RefCell<Vec<String>>,
    /// The run's options.
    pub opts: TreeRunOptions,
    /// What the platform devices share (interrupt lines, timebase), once the
    /// registry made it; a full-system board hands it to the harts.
    pub wiring: RefCell<Option<std::rc::Rc<super::dev_objects::FsWiring>>>,
    _isa: std::marker::PhantomData<I>,
}

impl<I: Isa> SeEnv<I> {
    /// A full-system environment: memories serve from `store`, CPUs get no OS
    /// side (the guest runs its own).
    pub fn full_system(store: Arc<BackingStore>, opts: TreeRunOptions) -> std::rc::Rc<Self> {
        std::rc::Rc::new(SeEnv {
            kernel: None,
            store: Some(store),
            monitor: ReservationMonitor::new(),
            cpus: RefCell::new(Vec::new()),
            opts,
            wiring: RefCell::new(None),
            _isa: std::marker::PhantomData,
        })
    }

    /// An environment without a kernel, for listing the registry's types.
    pub fn detached() -> std::rc::Rc<Self> {
        std::rc::Rc::new(SeEnv {
            kernel: None,
            store: None,
            monitor: ReservationMonitor::new(),
            cpus: RefCell::new(Vec::new()),
            opts: TreeRunOptions {
                outdir: PathBuf::from("m5out"),
                trace_exec: false,
                paths: PathMap::default(),
            },
            wiring: RefCell::new(None),
            _isa: std::marker::PhantomData,
        })
    }
}

/// The host file behind a gem5 stdio name: the simulator's own for `cin`/`cout`/
/// `cerr` (and `stdin`/`stdout`/`stderr`), else a file (output files in the output
/// directory, as gem5 creates them).
fn open_stdio(which: usize, name: &str, outdir: &std::path::Path) -> Result<Option<File>, SeError> {
    match name {
        "cin" | "stdin" | "cout" | "stdout" | "cerr" | "stderr" => Ok(None),
        file => {
            let opened = if which == 0 {
                File::open(file)
            } else {
                File::create(outdir.join(file))
            };
            opened.map(Some).map_err(|e| {
                SeError::Config(format!(
                    "cannot open {} for the guest's {}: {e}",
                    file,
                    ["input", "output", "errout"][which]
                ))
            })
        }
    }
}

/// The address range the backing store must cover: every memory's range.
fn store_range(tree: &ObjectTree) -> Result<AddrRange, SeError> {
    let mut end = 0u64;
    for node in tree.nodes() {
        if let Some(r) = super::memory_objects::memory_range(node)? {
            limits::MEM_SIZE.check(&format!("{}.range", node.path), r.end.0)?;
            end = end.max(r.end.0);
        }
    }
    for node in tree.nodes().iter().filter(|n| n.type_name == "System") {
        for r in node.addr_ranges("mem_ranges").unwrap_or_default() {
            limits::MEM_SIZE.check(&format!("{}.mem_ranges", node.path), r.end.0)?;
            end = end.max(r.end.0);
        }
    }
    if end == 0 {
        return Err(SeError::Config(
            "the system has no memory: add a SimpleMemory or a MemCtrl and set system.mem_ranges"
                .into(),
        ));
    }
    Ok(AddrRange::new(0, end))
}

/// Build `tree` for ISA `I`: load its processes into an SE kernel, make every
/// component through the registry, connect the ports, and start the simulation.
pub fn build<I: Isa>(tree: &ObjectTree, opts: &TreeRunOptions) -> Result<SeSession, SeError> {
    let procs = processes_of(tree)?;
    let range = store_range(tree)?;
    let store = Arc::new(BackingStore::new(range)?);
    let kernel = SeKernel::new(I::linux(), store.clone());
    let paths = paths_of(tree, &opts.paths)?;
    let mut files = Vec::new();
    for p in &procs {
        let elf = std::fs::read(&p.executable).map_err(|e| SeError::Process {
            path: p.path.clone(),
            source: ProcessError::Io {
                path: p.executable.clone(),
                source: e,
            },
        })?;
        let mut params = ProcessParams::new(&p.executable);
        params.argv = p.argv.clone();
        params.envp = p.env.clone();
        params.paths = paths.clone();
        for (i, name) in p.stdio.iter().enumerate() {
            if let Some(f) = open_stdio(i, name, &opts.outdir)? {
                params.stdio[i] = f.as_raw_fd();
                files.push(f);
            }
        }
        kernel
            .spawn_with(&elf, &params)
            .map_err(|source| SeError::Process {
                path: p.path.clone(),
                source,
            })?;
    }
    let env = std::rc::Rc::new(SeEnv::<I> {
        kernel: Some(kernel.clone()),
        store: Some(store.clone()),
        monitor: ReservationMonitor::new(),
        cpus: RefCell::new(Vec::new()),
        opts: opts.clone(),
        wiring: RefCell::new(None),
        _isa: std::marker::PhantomData,
    });
    kernel.set_reservation_monitor(env.monitor.clone());
    let reg = registry::<I>(env.clone());
    let mut b = SystemBuilder::new();
    let mut ids: HashMap<String, ComponentId> = HashMap::new();
    let mut cpus = Vec::new();
    let mut ctx = BuildCtx::new(tree);
    for node in tree.nodes() {
        if let Built::Component(c) = reg.build(node, &mut ctx)? {
            let id = b.add(&node.path, c)?;
            ids.insert(node.path.clone(), id);
            if let Some(i) = env.cpus.borrow().iter().position(|p| *p == node.path) {
                kernel.set_cpu_component(i, id);
                cpus.push(id);
            }
        }
    }
    connect_all(tree, &ids, &mut b)?;
    let system = b.build()?;
    let sim = Simulation::new(system, &opts.outdir)?;
    Ok(SeSession::from_parts(
        sim,
        cpus,
        crate::boards::session::cpu_fault::<I>,
        files,
    ))
}
