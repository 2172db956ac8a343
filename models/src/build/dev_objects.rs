//! The full-system platform devices as tree nodes (gem5's `Clint`, `Plic`,
//! `Uart8250` with its `Terminal`, `RiscvMmioVirtIO` with a `VirtIOBlock` on a
//! `CowDiskImage`/`RawDiskImage`, and this project's `GoldfishRTC` and
//! `RiscvTestFinisher`, which gem5's HiFive board lacks).
//!
//! The devices of one system share their interrupt lines and timebase through
//! [`FsWiring`], made once per registry.

use super::Built;
use crate::dev::disk::{open_image, DiskMode};
use crate::dev::terminal::{self, SharedTerminal, Terminal, POLL_INTERVAL};
use crate::dev::virtio::mmio::NoDevice;
use crate::dev::virtio::{GuestRam, MmioTransport, VirtioBlock};
use crate::dev::{
    Clint, GoldfishRtc, HartIrqLines, Pio, PioDevice, Plic, PlicInputs, TestFinisher, Uart8250,
};
use sim_core::arch::Timebase;
use sim_core::config::object_tree::{BuildCtx, BuildError, ObjectNode};
use sim_core::mem::BackingStore;
use sim_core::AddrRange;
use std::path::PathBuf;
use std::sync::Arc;

/// Parameters every programmed-I/O device reads.
pub const PIO_PARAMS: &[&str] = &["pio_addr", "pio_latency"];
/// `Clint` parameters.
pub const CLINT_PARAMS: &[&str] = &["num_threads", "pio_addr", "pio_latency", "pio_size"];
/// `Plic` parameters.
pub const PLIC_PARAMS: &[&str] = &[
    "hart_config",
    "n_contexts",
    "n_src",
    "pio_addr",
    "pio_latency",
    "pio_size",
];
/// `Uart8250` parameters.
pub const UART_PARAMS: &[&str] = &[
    "device",
    "interrupt_id",
    "pio_addr",
    "pio_latency",
    "pio_size",
];
/// `GoldfishRTC` parameters.
pub const RTC_PARAMS: &[&str] = &["interrupt_id", "pio_addr", "pio_latency", "time"];
/// `RiscvMmioVirtIO` parameters.
pub const VIRTIO_MMIO_PARAMS: &[&str] =
    &["interrupt_id", "pio_addr", "pio_latency", "pio_size", "vio"];
/// `VirtIOBlock` parameters (read through its transport's `vio`).
pub const VIRTIO_BLOCK_PARAMS: &[&str] = &["image", "queueSize"];
/// `CowDiskImage` parameters.
pub const COW_DISK_PARAMS: &[&str] = &["child", "table_size"];
/// `RawDiskImage` parameters.
pub const RAW_DISK_PARAMS: &[&str] = &["image_file", "read_only"];
/// `Terminal` parameters (read through its UART's `device`).
pub const TERMINAL_PARAMS: &[&str] = &["exit_on_kernel_panic", "number", "outfile", "port"];

/// Harts the shared lines have room for (QEMU `virt`'s maximum).
const MAX_HARTS: usize = 512;

/// What the devices of one system share.
pub struct FsWiring {
    /// Hart interrupt inputs (MSIP, MTIP, MEIP, SEIP, ...).
    pub lines: Arc<HartIrqLines>,
    /// PLIC source levels.
    pub inputs: Arc<PlicInputs>,
    /// The CLINT's `mtime`, for the CPUs' `time` CSR too.
    pub timebase: Timebase,
    /// Where terminal files go.
    pub outdir: PathBuf,
    /// Guest memory for DMA (`None` when the registry only lists types).
    pub store: Option<Arc<BackingStore>>,
}

impl FsWiring {
    /// Wiring for a system whose memory is `store`, writing into `outdir`.
    pub fn new(store: Option<Arc<BackingStore>>, outdir: PathBuf) -> Self {
        FsWiring {
            lines: HartIrqLines::new(MAX_HARTS),
            inputs: PlicInputs::new(),
            timebase: crate::dev::virt_timebase(),
            outdir,
            store,
        }
    }
}

fn invalid(node: &ObjectNode, what: String) -> BuildError {
    super::invalid_at(&node.path, what)
}

/// `dev` as a component at the node's `pio_addr` (window `size`).
fn pio<D: PioDevice>(node: &ObjectNode, dev: D, size: u64) -> Result<Built, BuildError> {
    let base = node.u64("pio_addr")?;
    let latency = node.ticks("pio_latency")?;
    Ok(Built::Component(Box::new(Pio::new(
        dev,
        AddrRange::new(base, size),
        latency,
    ))))
}

/// `Clint`.
pub fn clint(node: &ObjectNode, w: &FsWiring) -> Result<Built, BuildError> {
    let harts = node.u64("num_threads")? as usize;
    if harts == 0 || harts > MAX_HARTS {
        return Err(invalid(
            node,
            format!("num_threads: is {harts}; allowed values: 1..={MAX_HARTS}"),
        ));
    }
    let size = node.u64("pio_size")?;
    let dev = Clint::new(harts, w.timebase.clone(), w.lines.clone());
    pio(node, dev, size)
}

/// `Plic`.
pub fn plic(node: &ObjectNode, w: &FsWiring) -> Result<Built, BuildError> {
    let n_src = node.u64("n_src")?;
    if !(1..=1024).contains(&n_src) {
        return Err(invalid(
            node,
            format!("n_src: is {n_src}; allowed values: 1..=1024"),
        ));
    }
    // gem5's deprecated `n_contexts`: M and S contexts for n_contexts / 2 harts.
    let mut config = node.string("hart_config")?;
    let n_contexts = node.u64("n_contexts")?;
    if config.is_empty() && n_contexts > 0 {
        config = crate::dev::plic::virt_hart_config(n_contexts.div_ceil(2) as usize);
    }
    let dev = Plic::new(
        n_src as u32,
        crate::dev::plic::VIRT_NUM_PRIORITIES,
        &config,
        w.inputs.clone(),
        w.lines.clone(),
    )
    .map_err(|e| invalid(node, e.to_string()))?;
    let size = node.u64("pio_size")?;
    pio(node, dev, size)
}

/// `Uart8250` with the `Terminal` its `device` names (see [`terminal_of`]).
pub fn uart(node: &ObjectNode, ctx: &mut BuildCtx, w: &FsWiring) -> Result<Built, BuildError> {
    let irq = node.u64("interrupt_id")? as u32;
    let line = (irq != 0).then(|| w.inputs.line(irq));
    let size = node.u64("pio_size")?;
    let dev = match node.object_ref("device")? {
        Some(path) => {
            let term = ctx.node(&path)?;
            let (shared, panic_exit) = terminal_of(term, w)?;
            let listening = shared.0.lock().map(|t| t.is_listening()).unwrap_or(false);
            let mut dev = Uart8250::new(Box::new(shared.clone()), line);
            if listening {
                dev = dev.with_source(Box::new(shared), POLL_INTERVAL);
            }
            if panic_exit {
                dev = dev.with_panic_exit();
            }
            dev
        }
        None => Uart8250::new(Box::new(std::io::sink()), line),
    };
    pio(node, dev, size)
}

/// A `Terminal`: output to `outfile` (`file`: `<outdir>/<terminal path>`, gem5's
/// `system.platform.terminal`), to standard output as well when the front end
/// echoes, to a client on `port` when listeners are on; and whether a kernel
/// panic on it ends the run (`exit_on_kernel_panic`).
fn terminal_of(node: &ObjectNode, w: &FsWiring) -> Result<(SharedTerminal, bool), BuildError> {
    let outfile = node.enumeration("outfile", &["none", "stdoutput", "stderror", "file"])?;
    let dump: Option<Box<dyn std::io::Write + Send>> = match outfile.as_str() {
        "file" => {
            let file = w.outdir.join(&node.path);
            let f = std::fs::create_dir_all(&w.outdir)
                .and_then(|_| std::fs::File::create(&file))
                .map_err(|e| {
                    invalid(
                        node,
                        format!("outfile: cannot create {}: {e}", file.display()),
                    )
                })?;
            Some(Box::new(f))
        }
        "stdoutput" => Some(Box::new(std::io::stdout())),
        "stderror" => Some(Box::new(std::io::stderr())),
        _ => None,
    };
    let number = node.i64("number")?;
    let panic_exit = node.bool("exit_on_kernel_panic")?;
    let mut term = Terminal::new(&node.path, number, dump, terminal::echo_stdout());
    if terminal::listeners_enabled() {
        let value = node.param("port")?;
        let port = match value {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.strip_prefix('#').and_then(|p| p.parse().ok()),
            _ => None,
        }
        .and_then(|p| u16::try_from(p).ok())
        .ok_or_else(|| {
            invalid(
                node,
                format!("port: is {value}; allowed values: a TCP port number (0 to 65535)"),
            )
        })?;
        term.listen(port).map_err(|e| BuildError::Invalid {
            path: format!("{}.port", node.path),
            what: e.to_string(),
        })?;
    }
    Ok((SharedTerminal::new(term), panic_exit))
}

/// `GoldfishRTC`.
pub fn rtc(node: &ObjectNode, w: &FsWiring) -> Result<Built, BuildError> {
    let irq = node.u64("interrupt_id")? as u32;
    let epoch = node.u64("time")?;
    let line = (irq != 0).then(|| w.inputs.line(irq));
    pio(node, GoldfishRtc::new(epoch, line), 0x1000)
}

/// `RiscvTestFinisher`.
pub fn test_finisher(node: &ObjectNode) -> Result<Built, BuildError> {
    pio(node, TestFinisher, 0x1000)
}

/// The disk a `DiskImage` node describes: a `CowDiskImage` over its child's file,
/// or a `RawDiskImage` used directly (writable unless `read_only`).
fn disk(
    node: &ObjectNode,
    ctx: &mut BuildCtx,
) -> Result<Box<dyn crate::dev::disk::DiskImage>, BuildError> {
    let (file_node, mode) = match node.type_name.as_str() {
        "CowDiskImage" => {
            let Some(child) = node.object_ref("child")? else {
                return Err(invalid(
                    node,
                    "child: is NULL; allowed: a RawDiskImage".into(),
                ));
            };
            (ctx.node(&child)?, DiskMode::CopyOnWrite)
        }
        "RawDiskImage" => {
            let ro = node.bool("read_only")?;
            (
                node,
                if ro {
                    DiskMode::ReadOnly
                } else {
                    DiskMode::Writable
                },
            )
        }
        other => {
            return Err(invalid(
                node,
                format!("type: is {other}; allowed values: CowDiskImage, RawDiskImage"),
            ))
        }
    };
    let file = file_node.string("image_file")?;
    open_image(std::path::Path::new(&file), mode).map_err(|e| BuildError::Invalid {
        path: format!("{}.image_file", file_node.path),
        what: e.to_string(),
    })
}

/// `RiscvMmioVirtIO` with its `vio` device (a `VirtIOBlock`).
pub fn virtio_mmio(
    node: &ObjectNode,
    ctx: &mut BuildCtx,
    w: &FsWiring,
) -> Result<Built, BuildError> {
    let Some(store) = &w.store else {
        return Ok(Built::Part);
    };
    let Some(vio) = node.object_ref("vio")? else {
        return Err(invalid(node, "vio: is NULL; allowed: a VirtIOBlock".into()));
    };
    let vio = ctx.node(&vio)?;
    let irq = node.u64("interrupt_id")? as u32;
    let size = node.u64("pio_size")?;
    match vio.type_name.as_str() {
        "VirtIOBlock" => {}
        "VirtIODummyDevice" => {
            let dev = MmioTransport::new(NoDevice, GuestRam::new(store.clone()), None);
            return pio(node, dev, size);
        }
        other => {
            return Err(invalid(
                node,
                format!("vio: is a {other}; allowed values: VirtIOBlock, VirtIODummyDevice"),
            ))
        }
    }
    let queue = vio.u64("queueSize")?;
    if !queue.is_power_of_two() || !(4..=32768).contains(&queue) {
        return Err(invalid(
            vio,
            format!("queueSize: is {queue}; allowed values: powers of two from 4 to 32768"),
        ));
    }
    let Some(image) = vio.object_ref("image")? else {
        return Err(invalid(vio, "image: is NULL; allowed: a DiskImage".into()));
    };
    let image = ctx.node(&image)?;
    let disk = disk(image, ctx)?;
    let blk = VirtioBlock::new(disk, queue as u16);
    let dev = MmioTransport::new(blk, GuestRam::new(store.clone()), Some(w.inputs.line(irq)));
    pio(node, dev, size)
}
