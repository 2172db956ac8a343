//! The device tree handed to OpenSBI and Linux, generated from the configured
//! platform with rust-vmm's `vm-fdt`, laid out as QEMU's `virt` lays out its own
//! (`hw/riscv/virt.c`): the same node names, compatibles, `reg` and interrupt
//! wiring, so QEMU's tree is the reference.
//!
//! Phandles are numbered as QEMU 7.2 numbers them: per hart, from the last hart
//! down, its `cpu` node then its interrupt controller (hart 1: 1, 2; hart 0: 3, 4),
//! then the PLIC, then the test device. Devices QEMU has and this board does not
//! model (fw-cfg, flash, the platform bus, PCIe, the PMU node) are left out.
//! `guest/fs/qemu-virt-2hart.dts` is QEMU's tree for 2 harts; a test compares.

use super::virt_map;
use vm_fdt::{Error as FdtError, FdtWriter};

/// One hart as the device tree describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HartDesc {
    /// `riscv,isa`: what the hart implements and nothing more (`rv64imafdc_zicsr_...`).
    pub isa: String,
    /// `mmu-type`: `riscv,sv39`, `riscv,sv48` or `riscv,sv57`.
    pub mmu_type: String,
}

/// The platform a device tree describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformDesc {
    /// The harts, by hart id.
    pub harts: Vec<HartDesc>,
    /// RAM: base and size in bytes.
    pub memory: (u64, u64),
    /// `timebase-frequency` (the CLINT's `mtime` rate).
    pub timebase_hz: u64,
    /// PLIC sources, counting source 0 (`riscv,ndev` is one less).
    pub plic_sources: u32,
    /// The PLIC's base.
    pub plic: u64,
    /// The CLINT's base.
    pub clint: u64,
    /// The UART: base and PLIC source.
    pub uart: Option<(u64, u32)>,
    /// The RTC: base and PLIC source.
    pub rtc: Option<(u64, u32)>,
    /// The test/syscon device's base.
    pub test: Option<u64>,
    /// The virtio-mmio transports: base and PLIC source.
    pub virtio: Vec<(u64, u32)>,
    /// `/chosen/bootargs`.
    pub bootargs: Option<String>,
    /// Initrd start and end (physical).
    pub initrd: Option<(u64, u64)>,
    /// `/chosen/rng-seed`: bytes Linux mixes into its random pool at boot and,
    /// with `random.trust_bootloader` (on in Debian's kernel), credits as
    /// entropy. QEMU writes 32 random bytes; the board writes a fixed seed so
    /// runs stay deterministic. Without one, a kernel that wants random bytes
    /// early spins (`try_to_generate_entropy`) until timer jitter has credited
    /// 256 bits: about a second of simulated time on a simulator, whose timing
    /// has no jitter.
    pub rng_seed: Option<[u8; 32]>,
}

/// The board's `rng-seed` (see [`PlatformDesc::rng_seed`]).
pub const DEFAULT_RNG_SEED: [u8; 32] = *b"sim virt board boot entropy seed";

impl PlatformDesc {
    /// QEMU `virt` with `harts` identical harts, `mem_size` bytes of RAM and every
    /// device at its usual place, with `virtio_count` virtio-mmio transports.
    pub fn virt(harts: usize, hart: HartDesc, mem_size: u64, virtio_count: u32) -> Self {
        PlatformDesc {
            harts: vec![hart; harts],
            memory: (virt_map::DRAM, mem_size),
            timebase_hz: super::clint::VIRT_TIMEBASE_HZ,
            plic_sources: super::plic::VIRT_NUM_SOURCES,
            plic: virt_map::PLIC,
            clint: virt_map::CLINT,
            uart: Some((virt_map::UART0, virt_map::UART0_IRQ)),
            rtc: Some((virt_map::RTC, virt_map::RTC_IRQ)),
            test: Some(virt_map::TEST),
            virtio: (0..virtio_count.min(virt_map::VIRTIO_COUNT))
                .map(|i| {
                    (
                        virt_map::VIRTIO + virt_map::VIRTIO_STRIDE * i as u64,
                        virt_map::VIRTIO_IRQ + i,
                    )
                })
                .collect(),
            bootargs: None,
            initrd: None,
            rng_seed: Some(DEFAULT_RNG_SEED),
        }
    }
}

/// The extensions a `riscv,isa` string names (`rv64imafdc_zicsr` gives
/// `i m a f d c zicsr`).
fn isa_extensions(isa: &str) -> Vec<String> {
    let isa = isa.to_ascii_lowercase();
    let mut parts = isa.split('_');
    let first = parts.next().unwrap_or("");
    let letters = first.get(4..).unwrap_or("");
    let mut exts: Vec<String> = letters.chars().map(|c| c.to_string()).collect();
    exts.extend(parts.filter(|p| !p.is_empty()).map(str::to_string));
    exts
}

fn reg(base: u64, size: u64) -> [u32; 4] {
    [
        (base >> 32) as u32,
        base as u32,
        (size >> 32) as u32,
        size as u32,
    ]
}

/// The flattened device tree blob of `p`.
pub fn generate(p: &PlatformDesc) -> Result<Vec<u8>, FdtError> {
    let n = p.harts.len() as u32;
    let cpu_phandle = |h: u32| 1 + 2 * (n - 1 - h);
    let intc_phandle = |h: u32| 2 + 2 * (n - 1 - h);
    let plic_phandle = 1 + 2 * n;
    let test_phandle = plic_phandle + 1;

    let mut w = FdtWriter::new()?;
    let root = w.begin_node("")?;
    w.property_u32("#address-cells", 2)?;
    w.property_u32("#size-cells", 2)?;
    w.property_string("compatible", "riscv-virtio")?;
    w.property_string("model", "riscv-virtio,qemu")?;

    let chosen = w.begin_node("chosen")?;
    if let Some(args) = &p.bootargs {
        w.property_string("bootargs", args)?;
    }
    if let Some(seed) = &p.rng_seed {
        w.property("rng-seed", seed)?;
    }
    if let Some((base, _)) = p.uart {
        w.property_string("stdout-path", &format!("/soc/serial@{base:x}"))?;
    }
    if let Some((start, end)) = p.initrd {
        // One cell where the address fits, as QEMU writes it; two otherwise.
        for (prop, v) in [("linux,initrd-end", end), ("linux,initrd-start", start)] {
            match u32::try_from(v) {
                Ok(v) => w.property_u32(prop, v)?,
                Err(_) => w.property_u64(prop, v)?,
            }
        }
    }
    w.end_node(chosen)?;

    if p.test.is_some() {
        for (name, value) in [("poweroff", 0x5555), ("reboot", 0x7777)] {
            let node = w.begin_node(name)?;
            w.property_u32("value", value)?;
            w.property_u32("offset", 0)?;
            w.property_u32("regmap", test_phandle)?;
            w.property_string("compatible", &format!("syscon-{name}"))?;
            w.end_node(node)?;
        }
    }

    let (mem_base, mem_size) = p.memory;
    let mem = w.begin_node(&format!("memory@{mem_base:x}"))?;
    w.property_string("device_type", "memory")?;
    w.property_array_u32("reg", &reg(mem_base, mem_size))?;
    w.end_node(mem)?;

    let cpus = w.begin_node("cpus")?;
    w.property_u32("#address-cells", 1)?;
    w.property_u32("#size-cells", 0)?;
    w.property_u32("timebase-frequency", p.timebase_hz as u32)?;
    for (h, hart) in p.harts.iter().enumerate() {
        let h = h as u32;
        let cpu = w.begin_node(&format!("cpu@{h:x}"))?;
        w.property_u32("phandle", cpu_phandle(h))?;
        w.property_string("device_type", "cpu")?;
        w.property_u32("reg", h)?;
        w.property_string("status", "okay")?;
        w.property_string("compatible", "riscv")?;
        let exts = isa_extensions(&hart.isa);
        for (ext, prop) in [
            ("zicbom", "riscv,cbom-block-size"),
            ("zicboz", "riscv,cboz-block-size"),
        ] {
            if exts.iter().any(|e| e == ext) {
                w.property_u32(prop, 64)?;
            }
        }
        w.property_string("riscv,isa", &hart.isa)?;
        w.property_string("mmu-type", &hart.mmu_type)?;
        let intc = w.begin_node("interrupt-controller")?;
        w.property_u32("#interrupt-cells", 1)?;
        w.property_null("interrupt-controller")?;
        w.property_string("compatible", "riscv,cpu-intc")?;
        w.property_u32("phandle", intc_phandle(h))?;
        w.end_node(intc)?;
        w.end_node(cpu)?;
    }
    let map = w.begin_node("cpu-map")?;
    let cluster = w.begin_node("cluster0")?;
    for h in 0..n {
        let core = w.begin_node(&format!("core{h}"))?;
        w.property_u32("cpu", cpu_phandle(h))?;
        w.end_node(core)?;
    }
    w.end_node(cluster)?;
    w.end_node(map)?;
    w.end_node(cpus)?;

    let soc = w.begin_node("soc")?;
    w.property_u32("#address-cells", 2)?;
    w.property_u32("#size-cells", 2)?;
    w.property_string("compatible", "simple-bus")?;
    w.property_null("ranges")?;

    let device =
        |w: &mut FdtWriter, name: &str, base: u64, size: u64, irq: u32, compat: &[&str]| {
            let node = w.begin_node(&format!("{name}@{base:x}"))?;
            w.property_u32("interrupts", irq)?;
            w.property_u32("interrupt-parent", plic_phandle)?;
            w.property_array_u32("reg", &reg(base, size))?;
            w.property_string_list("compatible", compat.iter().map(|s| s.to_string()).collect())?;
            Ok::<_, FdtError>(node)
        };
    if let Some((base, irq)) = p.rtc {
        let node = device(&mut w, "rtc", base, 0x1000, irq, &["google,goldfish-rtc"])?;
        w.end_node(node)?;
    }
    if let Some((base, irq)) = p.uart {
        let node = device(&mut w, "serial", base, 0x100, irq, &["ns16550a"])?;
        w.property_u32("clock-frequency", 0x38_4000)?;
        w.end_node(node)?;
    }
    if let Some(base) = p.test {
        let node = w.begin_node(&format!("test@{base:x}"))?;
        w.property_u32("phandle", test_phandle)?;
        w.property_array_u32("reg", &reg(base, 0x1000))?;
        w.property_string_list(
            "compatible",
            vec![
                "sifive,test1".into(),
                "sifive,test0".into(),
                "syscon".into(),
            ],
        )?;
        w.end_node(node)?;
    }
    // QEMU's tree lists the transports from the highest address down.
    for &(base, irq) in p.virtio.iter().rev() {
        let node = device(&mut w, "virtio_mmio", base, 0x1000, irq, &["virtio,mmio"])?;
        w.end_node(node)?;
    }

    let plic = w.begin_node(&format!("plic@{:x}", p.plic))?;
    w.property_u32("phandle", plic_phandle)?;
    w.property_u32("riscv,ndev", p.plic_sources - 1)?;
    w.property_array_u32("reg", &reg(p.plic, super::plic::VIRT_PLIC_SIZE))?;
    let ext: Vec<u32> = (0..n)
        .flat_map(|h| [intc_phandle(h), 11, intc_phandle(h), 9])
        .collect();
    w.property_array_u32("interrupts-extended", &ext)?;
    w.property_null("interrupt-controller")?;
    w.property_string_list(
        "compatible",
        vec!["sifive,plic-1.0.0".into(), "riscv,plic0".into()],
    )?;
    w.property_u32("#address-cells", 0)?;
    w.property_u32("#interrupt-cells", 1)?;
    w.end_node(plic)?;

    let clint = w.begin_node(&format!("clint@{:x}", p.clint))?;
    let ext: Vec<u32> = (0..n)
        .flat_map(|h| [intc_phandle(h), 3, intc_phandle(h), 7])
        .collect();
    w.property_array_u32("interrupts-extended", &ext)?;
    w.property_array_u32("reg", &reg(p.clint, super::clint::CLINT_SIZE))?;
    w.property_string_list(
        "compatible",
        vec!["sifive,clint0".into(), "riscv,clint0".into()],
    )?;
    w.end_node(clint)?;
    w.end_node(soc)?;

    w.end_node(root)?;
    w.finish()
}

#[cfg(test)]
mod tests;
