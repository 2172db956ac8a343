//! The device tree describes the devices where the object tree put them: a
//! script that moves a device (`pio_addr`) or its interrupt (`interrupt_id`)
//! gets a device tree that says so, rather than QEMU `virt`'s defaults.

use super::FsError;
use crate::dev::fdt::PlatformDesc;
use sim_core::config::object_tree::{ObjectTree, ParamError};

/// Base address and interrupt of each node of `type_name`, in tree order.
fn placed(tree: &ObjectTree, type_name: &str, irq: bool) -> Result<Vec<(u64, u32)>, FsError> {
    let bad = |e: ParamError| FsError::Unsupported(e.to_string());
    tree.nodes()
        .iter()
        .filter(|n| n.type_name == type_name)
        .map(|n| {
            let base = n.u64("pio_addr").map_err(bad)?;
            let line = if irq {
                n.u64("interrupt_id").map_err(bad)? as u32
            } else {
                0
            };
            Ok((base, line))
        })
        .collect()
}

/// Take the bases (and interrupts) of the CLINT, PLIC, UART, RTC, test device
/// and virtio-mmio transports from `tree` into `p`; a device the tree lacks is
/// left out of the device tree (the CLINT and PLIC keep `virt`'s places).
pub fn devices_where_the_tree_puts_them(
    tree: &ObjectTree,
    p: &mut PlatformDesc,
) -> Result<(), FsError> {
    if let Some(&(base, _)) = placed(tree, "Clint", false)?.first() {
        p.clint = base;
    }
    if let Some(&(base, _)) = placed(tree, "Plic", false)?.first() {
        p.plic = base;
    }
    p.uart = placed(tree, "Uart8250", true)?.first().copied();
    p.rtc = placed(tree, "GoldfishRTC", true)?.first().copied();
    p.test = placed(tree, "RiscvTestFinisher", false)?
        .first()
        .map(|&(base, _)| base);
    p.virtio = placed(tree, "RiscvMmioVirtIO", true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dev::fdt::HartDesc;
    use serde_json::json;

    fn dev(name: &str, ty: &str, params: serde_json::Value) -> serde_json::Value {
        let mut v = json!({"type": ty, "cxx_class": format!("gem5::{ty}"), "name": name,
                           "path": format!("board.platform.{name}")});
        for (k, val) in params.as_object().unwrap() {
            v[k] = val.clone();
        }
        v
    }

    fn desc() -> PlatformDesc {
        let hart = HartDesc {
            isa: "rv64imafdc".into(),
            mmu_type: "riscv,sv57".into(),
        };
        PlatformDesc::virt(1, hart, 1 << 28, 1)
    }

    #[test]
    fn moved_devices_and_interrupts_reach_the_device_tree() {
        let tree = json!({
            "type": "Root", "cxx_class": "gem5::Root", "name": "root", "path": "root",
            "board": {
                "type": "System", "cxx_class": "gem5::System", "name": "board", "path": "board",
                "platform": {
                    "type": "SubSystem", "cxx_class": "gem5::SubSystem", "name": "platform",
                    "path": "board.platform",
                    "clint": dev("clint", "Clint", json!({"pio_addr": 0x0210_0000u64})),
                    "plic": dev("plic", "Plic", json!({"pio_addr": 0x0d00_0000u64})),
                    "uart": dev("uart", "Uart8250",
                                json!({"pio_addr": 0x1000_0100u64, "interrupt_id": 12})),
                    "disk": dev("disk", "RiscvMmioVirtIO",
                                json!({"pio_addr": 0x1000_8000u64, "interrupt_id": 9}))
                }
            }
        });
        let tree = ObjectTree::from_value(&tree).unwrap();
        let mut p = desc();
        devices_where_the_tree_puts_them(&tree, &mut p).unwrap();
        assert_eq!((p.clint, p.plic), (0x0210_0000, 0x0d00_0000));
        assert_eq!(p.uart, Some((0x1000_0100, 12)));
        assert_eq!(p.virtio, vec![(0x1000_8000, 9)]);
        // Devices the tree lacks are left out.
        assert_eq!((p.rtc, p.test), (None, None));
        let blob = crate::dev::fdt::generate(&p).unwrap();
        let fdt = fdt::Fdt::new(&blob).unwrap();
        for path in [
            "/soc/serial@10000100",
            "/soc/plic@d000000",
            "/soc/clint@2100000",
        ] {
            assert!(fdt.find_node(path).is_some(), "{path}");
        }
        assert!(fdt.find_node("/soc/virtio_mmio@10008000").is_some());
    }

    #[test]
    fn a_bad_address_names_the_parameter() {
        let tree = json!({
            "type": "Root", "cxx_class": "gem5::Root", "name": "root", "path": "root",
            "board": {
                "type": "System", "cxx_class": "gem5::System", "name": "board", "path": "board",
                "uart": {"type": "Uart8250", "cxx_class": "gem5::Uart8250", "name": "uart",
                         "path": "board.uart", "pio_addr": "far", "interrupt_id": 10}
            }
        });
        let tree = ObjectTree::from_value(&tree).unwrap();
        let err = devices_where_the_tree_puts_them(&tree, &mut desc()).unwrap_err();
        assert!(err.to_string().contains("board.uart"), "{err}");
        assert!(err.to_string().contains("pio_addr"), "{err}");
    }
}
