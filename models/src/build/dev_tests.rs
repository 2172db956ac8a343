//! The device constructors on tree nodes: a UART writing its terminal file, a
//! virtio transport on a copy-on-write disk, and errors naming the parameter.

use super::dev_objects::{self as dev, FsWiring};
use super::Built;
use crate::dev::test_support::{rd, run_device, values, wr, Mode};
use serde_json::{json, Value};
use sim_core::config::object_tree::{BuildCtx, ObjectTree};
use sim_core::mem::BackingStore;
use sim_core::AddrRange;
use std::sync::Arc;

fn platform(image: &str) -> Value {
    json!({
        "type": "Root", "path": "root", "name": "root",
        "system": {
            "type": "SubSystem", "path": "system", "name": "system",
            "platform": {
                "type": "SubSystem", "path": "system.platform", "name": "platform",
                "terminal": {
                    "type": "Terminal", "path": "system.platform.terminal", "name": "terminal",
                    "outfile": "file", "port": 3456, "number": 0, "exit_on_kernel_panic": true
                },
                "uart": {
                    "type": "Uart8250", "path": "system.platform.uart", "name": "uart",
                    "pio_addr": 0x1000_0000u64, "pio_latency": 100_000, "pio_size": 256,
                    "interrupt_id": 10, "device": "system.platform.terminal"
                },
                "disk": {
                    "type": "RiscvMmioVirtIO", "path": "system.platform.disk", "name": "disk",
                    "pio_addr": 0x1000_1000u64, "pio_latency": 100_000, "pio_size": 4096,
                    "interrupt_id": 1,
                    "vio": {
                        "type": "VirtIOBlock", "path": "system.platform.disk.vio", "name": "vio",
                        "queueSize": 128,
                        "image": {
                            "type": "CowDiskImage", "path": "system.platform.disk.vio.image",
                            "name": "image", "table_size": 65536, "image_file": "",
                            "read_only": false,
                            "child": {
                                "type": "RawDiskImage",
                                "path": "system.platform.disk.vio.image.child", "name": "child",
                                "image_file": image, "read_only": true
                            }
                        }
                    }
                }
            }
        }
    })
}

fn component(b: Built) -> Box<dyn sim_core::Component> {
    match b {
        Built::Component(c) => c,
        Built::Part => panic!("a device was built as a part"),
    }
}

#[test]
fn a_uart_writes_its_terminal_file_and_a_virtio_disk_answers() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("disk.img");
    std::fs::write(&image, vec![7u8; 8192]).unwrap();
    let tree = ObjectTree::from_value(&platform(image.to_str().unwrap())).unwrap();
    let store = Arc::new(BackingStore::new(AddrRange::new(0x8000_0000, 1 << 20)).unwrap());
    // The output directory does not exist yet: the UART makes it.
    let w = FsWiring::new(Some(store), dir.path().join("m5out"));
    let mut ctx = BuildCtx::new(&tree);

    let uart = dev::uart(tree.node("system.platform.uart").unwrap(), &mut ctx, &w).unwrap();
    let script = vec![
        wr(0, 0x1000_0000, 1, b'o' as u64),
        wr(0, 0x1000_0000, 1, b'k' as u64),
    ];
    run_device(component(uart), Mode::Timing, script, vec![], 1 << 20);
    let out = std::fs::read(dir.path().join("m5out/system.platform.terminal")).unwrap();
    assert_eq!(out, b"ok");

    let disk = dev::virtio_mmio(tree.node("system.platform.disk").unwrap(), &mut ctx, &w);
    let script = vec![rd(0, 0x1000_1008, 4), rd(0, 0x1000_1100, 4)];
    let (sys, p, _, _) = run_device(
        component(disk.unwrap()),
        Mode::Atomic,
        script,
        vec![],
        1 << 20,
    );
    assert_eq!(values(&sys, p), [2, 16], "a block device of 16 sectors");
}

#[test]
fn a_missing_image_names_the_parameter_and_the_file() {
    let tree = ObjectTree::from_value(&platform("/nonexistent/disk.img")).unwrap();
    let store = Arc::new(BackingStore::new(AddrRange::new(0x8000_0000, 1 << 20)).unwrap());
    let w = FsWiring::new(Some(store), std::env::temp_dir());
    let mut ctx = BuildCtx::new(&tree);
    let e = match dev::virtio_mmio(tree.node("system.platform.disk").unwrap(), &mut ctx, &w) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a missing image was accepted"),
    };
    assert!(
        e.contains("system.platform.disk.vio.image.child.image_file")
            && e.contains("/nonexistent/disk.img"),
        "{e}"
    );
}
