//! The platform devices of the board as tree nodes, at QEMU `virt`'s addresses
//! and with gem5's names (`system.platform.clint`, `.plic`, `.uart` with its
//! `.terminal`, `.rtc`, `.syscon`, `.disk`), each on its own memory-side port of
//! `system.membus` after the memory.

use crate::build::se_tree::Flat;
use crate::dev::{plic, virt_map};
use serde_json::json;
use std::path::Path;

/// gem5's default `pio_latency` (100 ns), in ticks.
const PIO_LATENCY: u64 = 100_000;

/// Add the devices for `harts` harts (and a virtio block disk over `disk`,
/// copy-on-write, when given) to `f`.
pub fn add_platform(f: &mut Flat, harts: usize, disk: Option<&Path>) {
    f.add("system.platform", "SubSystem", json!({}));
    f.add(
        "system.platform.clint",
        "Clint",
        json!({"num_threads": harts, "pio_addr": virt_map::CLINT, "pio_size": 0x1_0000,
               "pio_latency": PIO_LATENCY}),
    );
    f.add(
        "system.platform.plic",
        "Plic",
        json!({"hart_config": "", "n_contexts": 2 * harts, "n_src": plic::VIRT_NUM_SOURCES,
               "pio_addr": virt_map::PLIC, "pio_size": 0x60_0000, "pio_latency": PIO_LATENCY}),
    );
    f.add(
        "system.platform.terminal",
        "Terminal",
        json!({"outfile": "file", "port": 3456, "number": 0, "exit_on_kernel_panic": true}),
    );
    f.add(
        "system.platform.uart",
        "Uart8250",
        json!({"device": "system.platform.terminal", "interrupt_id": virt_map::UART0_IRQ,
               "pio_addr": virt_map::UART0, "pio_size": 0x100, "pio_latency": PIO_LATENCY}),
    );
    f.add(
        "system.platform.rtc",
        "GoldfishRTC",
        json!({"interrupt_id": virt_map::RTC_IRQ, "pio_addr": virt_map::RTC,
               "pio_latency": PIO_LATENCY, "time": 0}),
    );
    f.add(
        "system.platform.syscon",
        "RiscvTestFinisher",
        json!({"pio_addr": virt_map::TEST, "pio_latency": PIO_LATENCY}),
    );
    let mut devices = vec!["clint", "plic", "uart", "rtc", "syscon"];
    if let Some(image) = disk {
        f.add(
            "system.platform.disk",
            "RiscvMmioVirtIO",
            json!({"interrupt_id": virt_map::VIRTIO_IRQ, "pio_addr": virt_map::VIRTIO,
                   "pio_size": virt_map::VIRTIO_STRIDE, "pio_latency": PIO_LATENCY,
                   "vio": "system.platform.disk.vio"}),
        );
        f.add(
            "system.platform.disk.vio",
            "VirtIOBlock",
            json!({"queueSize": 128, "image": "system.platform.disk.vio.image"}),
        );
        f.add(
            "system.platform.disk.vio.image",
            "CowDiskImage",
            json!({"table_size": 65536, "image_file": "", "read_only": false,
                   "child": "system.platform.disk.vio.image.child"}),
        );
        f.add(
            "system.platform.disk.vio.image.child",
            "RawDiskImage",
            json!({"image_file": image.to_string_lossy(), "read_only": true}),
        );
        devices.push("disk");
    }
    for (k, dev) in devices.iter().enumerate() {
        f.connect(
            &format!("system.membus.mem_side_ports[{}]", k + 1),
            &format!("system.platform.{dev}.pio"),
        );
    }
}
