//! The generated tree decoded, and compared with QEMU 7.2's own for 2 harts.

use super::*;
use std::collections::BTreeMap;

fn two_harts() -> PlatformDesc {
    let hart = HartDesc {
        isa: "rv64imafdc_zicsr_zifencei".into(),
        mmu_type: "riscv,sv39".into(),
    };
    let mut p = PlatformDesc::virt(2, hart, 512 << 20, 1);
    p.bootargs = Some("console=ttyS0 root=/dev/vda".into());
    p.initrd = Some((0x8800_0000, 0x8820_0000));
    p
}

#[test]
fn the_tree_decodes_with_qemu_virt_names_wiring_and_chosen() {
    let blob = generate(&two_harts()).unwrap();
    let t = fdt::Fdt::new(&blob).expect("a valid blob");
    let root = t.find_node("/").unwrap();
    assert_eq!(root.compatible().unwrap().first(), "riscv-virtio");
    assert_eq!(t.chosen().bootargs(), Some("console=ttyS0 root=/dev/vda"));
    assert_eq!(t.chosen().stdout().unwrap().name, "serial@10000000");
    let initrd = t.find_node("/chosen").unwrap();
    let start = initrd.property("linux,initrd-start").unwrap().as_usize();
    assert_eq!(start, Some(0x8800_0000));
    let mem: Vec<_> = t.memory().regions().collect();
    assert_eq!(mem[0].starting_address as usize, 0x8000_0000);
    assert_eq!(mem[0].size, Some(512 << 20));

    let cpus: Vec<_> = t.cpus().collect();
    assert_eq!(cpus.len(), 2);
    assert_eq!(cpus[1].ids().first(), 1);
    assert_eq!(cpus[0].timebase_frequency(), 10_000_000);
    let cpu1 = t.find_node("/cpus/cpu@1").unwrap();
    let isa = cpu1.property("riscv,isa").unwrap().as_str();
    assert_eq!(isa, Some("rv64imafdc_zicsr_zifencei"));
    assert_eq!(
        cpu1.property("mmu-type").unwrap().as_str(),
        Some("riscv,sv39")
    );
    let intc = t.find_node("/cpus/cpu@1/interrupt-controller").unwrap();
    assert_eq!(intc.compatible().unwrap().first(), "riscv,cpu-intc");
    assert_eq!(intc.property("phandle").unwrap().as_usize(), Some(2));

    let cells = |path: &str, prop: &str| -> Vec<u32> {
        t.find_node(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .property(prop)
            .unwrap_or_else(|| panic!("{path} has no {prop}"))
            .value
            .chunks(4)
            .map(|c| u32::from_be_bytes(c.try_into().unwrap()))
            .collect()
    };
    assert_eq!(
        cells("/soc/clint@2000000", "interrupts-extended"),
        [4, 3, 4, 7, 2, 3, 2, 7]
    );
    assert_eq!(
        cells("/soc/plic@c000000", "interrupts-extended"),
        [4, 11, 4, 9, 2, 11, 2, 9]
    );
    assert_eq!(
        cells("/soc/plic@c000000", "reg"),
        [0, 0xc00_0000, 0, 0x60_0000]
    );
    assert_eq!(cells("/soc/plic@c000000", "riscv,ndev"), [96]);
    assert_eq!(cells("/soc/plic@c000000", "phandle"), [5]);
    assert_eq!(cells("/soc/serial@10000000", "interrupts"), [10]);
    assert_eq!(cells("/soc/serial@10000000", "interrupt-parent"), [5]);
    assert_eq!(cells("/soc/rtc@101000", "interrupts"), [11]);
    assert_eq!(cells("/soc/virtio_mmio@10001000", "interrupts"), [1]);
    assert_eq!(
        cells("/soc/virtio_mmio@10001000", "reg"),
        [0, 0x1000_1000, 0, 0x1000]
    );
    assert_eq!(cells("/soc/test@100000", "phandle"), [6]);
    assert_eq!(cells("/poweroff", "regmap"), [6]);
    assert_eq!(cells("/poweroff", "value"), [0x5555]);
    assert_eq!(cells("/reboot", "value"), [0x7777]);
    for (path, compat) in [
        ("/soc/serial@10000000", "ns16550a"),
        ("/soc/rtc@101000", "google,goldfish-rtc"),
        ("/soc/clint@2000000", "sifive,clint0"),
        ("/soc/plic@c000000", "sifive,plic-1.0.0"),
        ("/soc/test@100000", "sifive,test1"),
        ("/soc/virtio_mmio@10001000", "virtio,mmio"),
    ] {
        let c = t.find_node(path).unwrap().compatible().unwrap();
        assert_eq!(c.first(), compat, "{path}");
    }
}

/// Properties of a device tree source, by node path (`/soc/serial@10000000`) and
/// name, as the bytes a blob holds. Reads what `dtc -O dts` writes: cells
/// `<0x.. ..>`, strings `"a\0b"`, and empty properties.
fn parse_dts(text: &str) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
    let mut out: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut path: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") || line.starts_with("/dts-v1/") {
            continue;
        }
        if let Some(name) = line.strip_suffix(" {") {
            path.push(if name == "/" {
                String::new()
            } else {
                name.to_string()
            });
            out.entry(format!("/{}", path[1..].join("/"))).or_default();
            continue;
        }
        if line == "};" {
            path.pop();
            continue;
        }
        let line = line.strip_suffix(';').expect("a property ends with ';'");
        let (name, value) = match line.split_once(" = ") {
            Some((n, v)) => (n, v),
            None => (line, ""),
        };
        let bytes = if let Some(cells) = value.strip_prefix('<') {
            cells
                .trim_end_matches('>')
                .split_whitespace()
                .flat_map(|c| {
                    let v = u32::from_str_radix(c.trim_start_matches("0x"), 16).unwrap();
                    v.to_be_bytes()
                })
                .collect()
        } else if let Some(s) = value.strip_prefix('"') {
            let mut b = s.trim_end_matches('"').replace("\\0", "\0").into_bytes();
            b.push(0);
            b
        } else {
            Vec::new()
        };
        let node = format!("/{}", path[1..].join("/"));
        out.entry(node).or_default().insert(name.to_string(), bytes);
    }
    out
}

/// Every property of every node of the blob, by path, as [`parse_dts`] gives them.
fn blob_props(blob: &[u8]) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
    fn walk(
        node: fdt::node::FdtNode<'_, '_>,
        path: String,
        out: &mut BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    ) {
        let props = node
            .properties()
            .map(|p| (p.name.to_string(), p.value.to_vec()))
            .collect();
        out.insert(
            if path.is_empty() {
                "/".into()
            } else {
                path.clone()
            },
            props,
        );
        for child in node.children() {
            walk(child, format!("{path}/{}", child.name), out);
        }
    }
    let t = fdt::Fdt::new(blob).unwrap();
    let mut out = BTreeMap::new();
    walk(t.find_node("/").unwrap(), String::new(), &mut out);
    out
}

#[test]
fn the_tree_matches_qemu_7_2_virt_for_the_devices_it_models() {
    let reference = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../guest/fs/qemu-virt-2hart.dts"
    );
    let text = std::fs::read_to_string(reference).expect("guest/fs/qemu-virt-2hart.dts");
    let qemu = parse_dts(&text);
    // The platform QEMU was given: 2 harts, 512 MiB, the kernel line and initrd of
    // guest/fs/qemu-boot.sh.
    let hart = HartDesc {
        isa: "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc".into(),
        mmu_type: "riscv,sv48".into(),
    };
    let mut p = PlatformDesc::virt(2, hart, 512 << 20, 8);
    p.bootargs = Some("console=ttyS0 earlycon=sbi root=/dev/vda rw".into());
    p.initrd = Some((0x8820_0000, 0x88c5_da00));
    let ours = blob_props(&generate(&p).unwrap());
    let mut compared = 0;
    for (path, props) in &ours {
        let theirs = qemu
            .get(path)
            .unwrap_or_else(|| panic!("QEMU's tree has no node {path}"));
        for (name, value) in props {
            let want = theirs
                .get(name)
                .unwrap_or_else(|| panic!("QEMU's {path} has no property {name}"));
            if name == "rng-seed" {
                // Random bytes in QEMU's tree, a fixed seed in ours: same length.
                assert_eq!(value.len(), want.len(), "{path} {name}");
            } else {
                assert_eq!(value, want, "{path} {name}");
            }
            compared += 1;
        }
        // Whatever QEMU's node has, ours has too.
        for name in theirs.keys() {
            assert!(props.contains_key(name), "{path} lacks QEMU's {name}");
        }
    }
    // Nodes QEMU has that the board does not model, and nothing else, are absent.
    let missing: Vec<&str> = qemu
        .keys()
        .filter(|k| !ours.contains_key(*k))
        .map(String::as_str)
        .collect();
    let unmodelled = [
        "/flash@20000000",
        "/fw-cfg@10100000",
        "/platform-bus@4000000",
        "/pmu",
        "/soc/pci@30000000",
    ];
    assert_eq!(missing, unmodelled);
    assert!(compared > 60, "{compared} properties compared");
}
