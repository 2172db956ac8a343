//! The Python config dict (`SeConfig` in `python/sim/_native.pyi`) as `SeOptions`.
//!
//! Every key is checked: an unknown key, a wrong type or a bad value raises a
//! `ValueError`/`TypeError` whose message starts with the key path.

use models::boards::limits::{self, Limit};
use models::boards::se::{SeOptions, SeWorkload};
use models::boards::spec::{
    parse_stride_prefetcher, CacheSpec, HierarchyKind, HierarchySpec, Replacement, SpecError,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::PathBuf;

const TOP_KEYS: &[&str] = &[
    "outdir",
    "isa",
    "cpu_type",
    "num_cores",
    "cpu_clock",
    "sys_clock",
    "hierarchy",
    "memory",
    "workloads",
    "env",
    "max_insts",
];
const HIERARCHY_KEYS: &[&str] = &["kind", "l1d", "l1i", "l2", "replacement"];
const CACHE_KEYS: &[&str] = &[
    "size",
    "assoc",
    "tag_latency",
    "data_latency",
    "response_latency",
    "mshrs",
    "tgts_per_mshr",
    "writeback_clean",
    "prefetcher",
];
const MEMORY_KEYS: &[&str] = &["type", "size"];
const HIERARCHY_KINDS: &str = "none, private_l1, private_l1_private_l2, private_l1_shared_l2";

/// A dict being read, with the key path of where it sits.
struct Section<'py> {
    dict: Bound<'py, PyDict>,
    prefix: String,
}

impl<'py> Section<'py> {
    fn new(dict: Bound<'py, PyDict>, prefix: String, allowed: &[&str]) -> PyResult<Section<'py>> {
        for key in dict.keys() {
            let key: String = key.extract().map_err(|_| {
                PyTypeError::new_err(format!("{prefix}: config keys must be strings"))
            })?;
            if !allowed.contains(&key.as_str()) {
                return Err(PyValueError::new_err(format!(
                    "{}: unknown key; allowed keys: {}",
                    join(&prefix, &key),
                    allowed.join(", ")
                )));
            }
        }
        Ok(Section { dict, prefix })
    }

    /// The value of `key` converted to `T`, or `None` when absent or `None`.
    fn get<T: FromPyObjectOwned<'py>>(&self, key: &str, what: &str) -> PyResult<Option<T>> {
        let Some(v) = self.dict.get_item(key)? else {
            return Ok(None);
        };
        if v.is_none() {
            return Ok(None);
        }
        v.extract::<T>().map(Some).map_err(|_| {
            let ty = v
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into());
            PyTypeError::new_err(format!(
                "{}: expected {what}, got {ty} {}",
                join(&self.prefix, key),
                v.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })
    }

    fn path(&self, key: &str) -> String {
        join(&self.prefix, key)
    }

    /// An integer `key` within `limit`, or `None` when absent.
    fn int_in(&self, key: &str, limit: Limit) -> PyResult<Option<u64>> {
        match self.get::<i64>(key, "an integer")? {
            Some(v) => limit
                .check_signed(&self.path(key), v)
                .map(Some)
                .map_err(|e| PyValueError::new_err(e.to_string())),
            None => Ok(None),
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A nested section (`hierarchy`, `hierarchy.l1d`, `memory`), or an empty one.
fn section<'py>(parent: &Section<'py>, key: &str, allowed: &[&str]) -> PyResult<Section<'py>> {
    let py = parent.dict.py();
    let dict = parent
        .get::<Bound<'py, PyDict>>(key, "a dict")?
        .unwrap_or_else(|| PyDict::new(py));
    Section::new(dict, parent.path(key), allowed)
}

/// Read the whole config.
pub fn se_options(config: &Bound<'_, PyDict>) -> PyResult<SeOptions> {
    let top = Section::new(config.clone(), String::new(), TOP_KEYS)?;
    if let Some(isa) = top.get::<String>("isa", "a string")? {
        if !isa.eq_ignore_ascii_case("riscv") {
            return Err(PyValueError::new_err(format!(
                "isa: '{isa}' is not supported in SE mode yet; allowed values: riscv"
            )));
        }
    }
    let workloads = workloads(&top)?;
    let mut opts = SeOptions::new(PathBuf::new(), vec![]);
    opts.workloads = workloads;
    if let Some(d) = top.get::<PathBuf>("outdir", "a path string")? {
        opts.outdir = d;
    }
    if let Some(v) = top.get::<String>("cpu_type", "a string")? {
        opts.cpu_type = v;
    }
    if let Some(v) = top.int_in("num_cores", limits::NUM_CORES)? {
        opts.num_cores = v as usize;
    }
    if let Some(v) = top.get::<String>("cpu_clock", "a frequency string")? {
        opts.cpu_clock = v;
    }
    if let Some(v) = top.get::<String>("sys_clock", "a frequency string")? {
        opts.sys_clock = v;
    }
    if let Some(v) = top.get::<Vec<String>>("env", "a list of 'VAR=value' strings")? {
        opts.env = v;
    }
    if let Some(v) = top.get::<u64>("max_insts", "a non-negative integer")? {
        opts.max_insts = Some(v);
    }
    let memory = section(&top, "memory", MEMORY_KEYS)?;
    if let Some(v) = memory.get::<String>("type", "a string")? {
        opts.mem_type = v;
    }
    if let Some(v) = memory.get::<String>("size", "a memory size string")? {
        opts.mem_size = v;
    }
    opts.hierarchy = hierarchy(&section(&top, "hierarchy", HIERARCHY_KEYS)?)?;
    Ok(opts)
}

fn workloads(top: &Section<'_>) -> PyResult<Vec<SeWorkload>> {
    let Some(list) = top.get::<Bound<'_, PyList>>("workloads", "a list of dicts")? else {
        return Err(PyValueError::new_err(
            "workloads: no guest program; set a binary workload on the board",
        ));
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let dict = item
            .cast_into::<PyDict>()
            .map_err(|_| PyTypeError::new_err(format!("workloads[{i}]: expected a dict")))?;
        let w = Section::new(dict, format!("workloads[{i}]"), &["binary", "args"])?;
        let binary = w
            .get::<PathBuf>("binary", "a path string")?
            .ok_or_else(|| PyValueError::new_err(format!("workloads[{i}].binary: missing")))?;
        let args = w
            .get::<Vec<String>>("args", "a list of strings")?
            .unwrap_or_default();
        out.push(SeWorkload { binary, args });
    }
    if out.is_empty() {
        return Err(PyValueError::new_err(
            "workloads: empty; give at least one binary",
        ));
    }
    Ok(out)
}

fn hierarchy(h: &Section<'_>) -> PyResult<HierarchySpec> {
    let mut spec = HierarchySpec::stdlib();
    let kind = h.get::<String>("kind", "a string")?;
    spec.kind = match kind.as_deref().unwrap_or("none") {
        "none" => HierarchyKind::NoCache,
        "private_l1" => HierarchyKind::PrivateL1,
        "private_l1_private_l2" => HierarchyKind::PrivateL1PrivateL2,
        "private_l1_shared_l2" => HierarchyKind::PrivateL1SharedL2,
        other => {
            return Err(PyValueError::new_err(format!(
                "{}: '{other}' is not supported; allowed values: {HIERARCHY_KINDS}",
                h.path("kind")
            )))
        }
    };
    spec.l1d = cache(&section(h, "l1d", CACHE_KEYS)?, spec.l1d)?;
    spec.l1i = cache(&section(h, "l1i", CACHE_KEYS)?, spec.l1i)?;
    spec.l2 = cache(&section(h, "l2", CACHE_KEYS)?, spec.l2)?;
    if let Some(r) = h.get::<String>("replacement", "a string")? {
        spec.replacement = Replacement::parse(&h.path("replacement"), &r)
            .map_err(|e| PyValueError::new_err(spec_text(SpecError::from(e))))?;
    }
    Ok(spec)
}

/// One cache's section (`hierarchy.l1d`); absent keys keep `default`'s values.
fn cache(c: &Section<'_>, default: CacheSpec) -> PyResult<CacheSpec> {
    let mut spec = default;
    if let Some(size) = c.get::<String>("size", "a memory size string")? {
        spec.size = CacheSpec::parse_size(&c.path("size"), &size)
            .map_err(|e| PyValueError::new_err(spec_text(e)))?;
    }
    if let Some(v) = c.int_in("assoc", limits::ASSOC)? {
        spec.assoc = v as usize;
    }
    if let Some(v) = c.int_in("tag_latency", limits::CACHE_LATENCY)? {
        spec.tag_latency = v;
    }
    if let Some(v) = c.int_in("data_latency", limits::CACHE_LATENCY)? {
        spec.data_latency = v;
    }
    if let Some(v) = c.int_in("response_latency", limits::CACHE_LATENCY)? {
        spec.response_latency = v;
    }
    if let Some(v) = c.int_in("mshrs", limits::MSHRS)? {
        spec.mshrs = v as usize;
    }
    if let Some(v) = c.int_in("tgts_per_mshr", limits::TGTS_PER_MSHR)? {
        spec.tgts_per_mshr = v as usize;
    }
    if let Some(v) = c.get::<bool>("writeback_clean", "a bool")? {
        spec.writeback_clean = v;
    }
    if let Some(p) = c.get::<String>("prefetcher", "a string")? {
        spec.stride_prefetcher = parse_stride_prefetcher(&c.path("prefetcher"), &p)
            .map_err(|u| PyValueError::new_err(spec_text(SpecError::Unsupported(u))))?;
    }
    Ok(spec)
}

/// "path: what is wrong" for a spec error.
fn spec_text(e: SpecError) -> String {
    match e {
        SpecError::Param { name, source } => format!("{name}: {source}"),
        SpecError::Unsupported(u) => format!(
            "{}: '{}' is not supported; allowed values: {}",
            u.name, u.value, u.allowed
        ),
    }
}
